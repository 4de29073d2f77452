//! Briefing packs kept in the data file. A pack is what the delegation's position looks like on paper,
//! marked RESTRICTED: it is stored with the data (in the `packs` table, encrypted with the data file)
//! rather than as a plain PDF left for ever beside it. Only what the person asks for leaves the store: a
//! temporary copy to open ([`super::private`]) or a copy saved where they chose.
//!
//! Earlier versions wrote every pack into a `packs` folder beside the data file. [`move_in_old_folder`]
//! moves those files into the store when the data file is opened, one transaction per file, each file
//! removed only once its row is committed.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::{time, Error, Result, Store};

/// The largest file moved in from an old `packs` folder; anything bigger is not one of our packs.
pub const MAX_MOVED_IN_BYTES: u64 = 512 * 1024 * 1024;

/// A stored pack, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPack {
    pub id: i64,
    /// `None`: moved in from an old `packs` folder (the conference was not recorded then).
    pub conference_id: Option<i64>,
    /// When it was generated (or, moved in, when its file was last written): UTC, RFC 3339.
    pub created_at: String,
    /// The name it is opened and saved under, unique among the stored packs.
    pub file_name: String,
    pub title: String,
    /// The version printed on its cover; `None` when not known.
    pub edition: Option<i64>,
    /// `None` when not known.
    pub pages: Option<i64>,
    pub size_bytes: i64,
}

/// A pack to store.
#[derive(Debug, Clone)]
pub struct NewPack<'a> {
    pub conference_id: Option<i64>,
    /// UTC, in the stored form (`time::to_stored`).
    pub created_at: String,
    /// The wished-for file name; made unique by [`insert`].
    pub file_name: &'a str,
    pub title: &'a str,
    pub edition: Option<i64>,
    pub pages: Option<i64>,
    pub bytes: &'a [u8],
}

/// Whether `name` is a plain PDF file name (no folder, not hidden) that can be stored.
fn plain_pdf_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains(['/', '\\', '\0'])
        && !name.starts_with('.')
        && name.to_ascii_lowercase().ends_with(".pdf")
        && name.chars().count() <= 190
}

/// `wanted`, or `stem-2.pdf`, `stem-3.pdf`, ... the first not already stored.
fn unique_name(tx: &Transaction<'_>, wanted: &str) -> Result<String> {
    let taken = |name: &str| -> Result<bool> {
        Ok(tx
            .query_row("SELECT 1 FROM packs WHERE file_name = ?1", [name], |_| {
                Ok(())
            })
            .optional()?
            .is_some())
    };
    if !taken(wanted)? {
        return Ok(wanted.to_string());
    }
    let stem = &wanted[..wanted.len() - ".pdf".len()];
    for n in 2..10_000 {
        let name = format!("{stem}-{n}.pdf");
        if !taken(&name)? {
            return Ok(name);
        }
    }
    Err(Error::Internal(format!(
        "no free file name for the pack \"{wanted}\""
    )))
}

/// Stores a pack; returns its id and the (unique) file name it got.
pub fn insert(tx: &Transaction<'_>, new: &NewPack<'_>) -> Result<(i64, String)> {
    if !plain_pdf_name(new.file_name) {
        return Err(Error::invalid(
            "file_name",
            format!("\"{}\" is not a plain PDF file name", new.file_name),
        ));
    }
    if new.bytes.is_empty() {
        return Err(Error::invalid("bytes", "the pack is empty"));
    }
    let file_name = unique_name(tx, new.file_name)?;
    tx.execute(
        "INSERT INTO packs (conference_id, created_at, file_name, title, edition, pages, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            new.conference_id,
            new.created_at,
            file_name,
            new.title,
            new.edition,
            new.pages,
            new.bytes
        ],
    )?;
    Ok((tx.last_insert_rowid(), file_name))
}

const COLUMNS: &str =
    "id, conference_id, created_at, file_name, title, edition, pages, length(bytes)";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(StoredPack, String)> {
    let created: String = r.get(2)?;
    Ok((
        StoredPack {
            id: r.get(0)?,
            conference_id: r.get(1)?,
            created_at: String::new(),
            file_name: r.get(3)?,
            title: r.get(4)?,
            edition: r.get(5)?,
            pages: r.get(6)?,
            size_bytes: r.get(7)?,
        },
        created,
    ))
}

fn finish((mut pack, created): (StoredPack, String)) -> Result<StoredPack> {
    pack.created_at =
        time::from_stored(&created)?.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Ok(pack)
}

/// The packs of `conference` and those moved in from an old folder, newest first.
pub fn list(conn: &Connection, conference: i64) -> Result<Vec<StoredPack>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM packs WHERE conference_id = ?1 OR conference_id IS NULL
         ORDER BY created_at DESC, id DESC"
    ))?;
    let rows = stmt
        .query_map([conference], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(finish).collect()
}

/// One pack of `conference` (or moved in), with its bytes; any other id is `not_found`.
pub fn get(conn: &Connection, conference: i64, id: i64) -> Result<(StoredPack, Vec<u8>)> {
    let found = conn
        .query_row(
            &format!(
                "SELECT {COLUMNS}, bytes FROM packs
                 WHERE id = ?1 AND (conference_id = ?2 OR conference_id IS NULL)"
            ),
            params![id, conference],
            |r| Ok((row(r)?, r.get::<_, Vec<u8>>(8)?)),
        )
        .optional()?;
    match found {
        Some((pack, bytes)) => Ok((finish(pack)?, bytes)),
        None => Err(Error::NotFound(format!(
            "No stored pack {id}: generate the pack again."
        ))),
    }
}

/// The folder where earlier versions wrote packs: `packs` beside the data file.
pub fn old_folder(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
        .join("packs")
}

/// What [`move_in_old_folder`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MovedIn {
    /// The files stored and removed, by name.
    pub moved: Vec<String>,
    /// The files left where they are, each with why (not a PDF, unreadable, ...): tried again next time.
    pub left: Vec<(String, String)>,
}

/// "briefing-pack-łukasz-brandt-v3.pdf" → ("Briefing pack łukasz-brandt, version 3", Some(3)).
fn title_of_old_file(name: &str) -> (String, Option<i64>) {
    let stem = &name[..name.len() - ".pdf".len()];
    let (rest, edition) = match stem.rsplit_once("-v") {
        Some((rest, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
            (rest, n.parse::<i64>().ok().filter(|&e| e >= 1))
        }
        _ => (stem, None),
    };
    let Some(whose) = rest.strip_prefix("briefing-pack") else {
        return (stem.to_string(), None);
    };
    let whose = whose.trim_start_matches('-');
    let mut title = String::from("Briefing pack");
    if !whose.is_empty() {
        title.push_str(&format!(" ({whose})"));
    }
    if let Some(e) = edition {
        title.push_str(&format!(", version {e}"));
    }
    (title, edition)
}

/// Moves the PDF files of the old `packs` folder beside `db_path` into the store: each in its own
/// transaction, the file removed only after its row is committed (a file already stored, byte for
/// byte, is only removed). Anything else in the folder (not a PDF, a link, a sub-folder) is left alone;
/// the folder itself is removed once empty. A missing folder is nothing to do; a folder that cannot be
/// read is reported in [`MovedIn::left`], never an error: the data file opens all the same.
pub fn move_in_old_folder(store: &mut Store, db_path: &Path) -> MovedIn {
    let dir = old_folder(db_path);
    let mut done = MovedIn::default();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return done,
        Err(e) => {
            done.left.push((dir.display().to_string(), e.to_string()));
            return done;
        }
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().to_str()?.to_string(), e.path())))
        .filter(|(name, _)| plain_pdf_name(name))
        .collect();
    files.sort();
    for (name, path) in files {
        match move_one(store, &name, &path) {
            Ok(()) => done.moved.push(name),
            Err(why) => done.left.push((name, why)),
        }
    }
    // Only succeeds when nothing is left in it.
    let _ = std::fs::remove_dir(&dir);
    done
}

fn move_one(store: &mut Store, name: &str, path: &Path) -> std::result::Result<(), String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_MOVED_IN_BYTES {
        return Err(format!("larger than {MAX_MOVED_IN_BYTES} bytes"));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    if !bytes.starts_with(b"%PDF-") {
        return Err("not a PDF file".into());
    }
    let written = meta
        .modified()
        .ok()
        .map(chrono::DateTime::<chrono::Utc>::from)
        .map_or_else(time::now_stored, time::to_stored);
    let (title, edition) = title_of_old_file(name);
    store
        .write(|tx| {
            let already: Option<i64> = tx
                .query_row(
                    "SELECT id FROM packs WHERE conference_id IS NULL AND bytes = ?1",
                    [&bytes],
                    |r| r.get(0),
                )
                .optional()?;
            if already.is_none() {
                insert(
                    tx,
                    &NewPack {
                        conference_id: None,
                        created_at: written,
                        file_name: name,
                        title: &title,
                        edition,
                        pages: None,
                        bytes: &bytes,
                    },
                )?;
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    // The row is committed: only now does the plain file go.
    std::fs::remove_file(path).map_err(|e| format!("stored, but not removed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf(text: &str) -> Vec<u8> {
        format!("%PDF-1.7\n{text}\n%%EOF\n").into_bytes()
    }

    fn store_pack(store: &mut Store, conference: Option<i64>, name: &str, bytes: &[u8]) -> i64 {
        store
            .write(|tx| {
                insert(
                    tx,
                    &NewPack {
                        conference_id: conference,
                        created_at: time::now_stored(),
                        file_name: name,
                        title: "A pack",
                        edition: Some(1),
                        pages: Some(3),
                        bytes,
                    },
                )
            })
            .unwrap()
            .0
    }

    #[test]
    fn a_stored_pack_is_listed_for_its_conference_and_read_back_whole() {
        let (mut store, c) = crate::fixtures::testutil::sample();
        let id = store_pack(&mut store, Some(c.id), "briefing-pack-v1.pdf", &pdf("one"));
        let listed = list(store.conn(), c.id).unwrap();
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert_eq!(listed[0].file_name, "briefing-pack-v1.pdf");
        assert_eq!(listed[0].size_bytes, pdf("one").len() as i64);
        assert!(listed[0].created_at.ends_with('Z'), "UTC: {listed:?}");
        let (pack, bytes) = get(store.conn(), c.id, id).unwrap();
        assert_eq!(bytes, pdf("one"), "the bytes, whole");
        assert_eq!(pack, listed[0]);
        assert!(
            list(store.conn(), c.id + 1000).unwrap().is_empty(),
            "not listed for another conference"
        );
        let err = get(store.conn(), c.id + 1000, id).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::NotFound, "{err}");
    }

    #[test]
    fn a_file_name_already_stored_gets_a_number() {
        let (mut store, c) = crate::fixtures::testutil::sample();
        store_pack(&mut store, Some(c.id), "briefing-pack-v1.pdf", &pdf("a"));
        store_pack(&mut store, Some(c.id), "briefing-pack-v1.pdf", &pdf("b"));
        let names: Vec<_> = list(store.conn(), c.id)
            .unwrap()
            .into_iter()
            .map(|p| p.file_name)
            .collect();
        assert_eq!(names, ["briefing-pack-v1-2.pdf", "briefing-pack-v1.pdf"]);
    }

    #[test]
    fn a_name_that_is_not_a_plain_pdf_name_is_refused() {
        let (mut store, c) = crate::fixtures::testutil::sample();
        for name in ["../x.pdf", ".hidden.pdf", "x.txt", "", "a/b.pdf"] {
            let err = store
                .write(|tx| {
                    insert(
                        tx,
                        &NewPack {
                            conference_id: Some(c.id),
                            created_at: time::now_stored(),
                            file_name: name,
                            title: "x",
                            edition: None,
                            pages: None,
                            bytes: b"%PDF-",
                        },
                    )
                })
                .unwrap_err();
            assert!(err.to_string().starts_with("file_name:"), "{name:?}: {err}");
        }
    }

    #[test]
    fn the_old_packs_folder_is_moved_into_the_store_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        let old = old_folder(&db);
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("briefing-pack-v1.pdf"), pdf("first")).unwrap();
        std::fs::write(
            old.join("briefing-pack-łukasz-brandt-v2.pdf"),
            pdf("second"),
        )
        .unwrap();
        let mut store = crate::data::open_store(&db, None).unwrap();
        assert!(!old.exists(), "the emptied folder is removed");
        let c = crate::fixtures::sample::load(&mut store)
            .unwrap()
            .conference;
        let listed = list(store.conn(), c.id).unwrap();
        let mut titles: Vec<_> = listed.iter().map(|p| p.title.as_str()).collect();
        titles.sort();
        assert_eq!(
            titles,
            [
                "Briefing pack (łukasz-brandt), version 2",
                "Briefing pack, version 1"
            ],
            "{listed:?}"
        );
        let first = listed
            .iter()
            .find(|p| p.file_name == "briefing-pack-v1.pdf")
            .unwrap();
        assert_eq!(first.conference_id, None, "moved in: conference unknown");
        assert_eq!(first.edition, Some(1));
        assert_eq!(get(store.conn(), c.id, first.id).unwrap().1, pdf("first"));
    }

    #[test]
    fn what_is_not_a_pdf_stays_in_the_old_folder_and_a_second_open_moves_nothing_twice() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        let old = old_folder(&db);
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("notes.txt"), "mine").unwrap();
        std::fs::write(old.join("fake.pdf"), "not a pdf at all").unwrap();
        std::fs::write(old.join("briefing-pack-v3.pdf"), pdf("third")).unwrap();
        let mut store = crate::data::open_store(&db, None).unwrap();
        let moved = move_in_old_folder(&mut store, &db);
        assert!(moved.moved.is_empty(), "the open already moved the pack");
        assert_eq!(
            moved.left,
            [("fake.pdf".to_string(), "not a PDF file".to_string())],
            "what is left is said, with why"
        );
        let mut left: Vec<_> = std::fs::read_dir(&old)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["fake.pdf", "notes.txt"], "only the pack was moved");
        // The same pack put back (a copy restored by hand) is removed, not stored twice.
        std::fs::write(old.join("briefing-pack-v3.pdf"), pdf("third")).unwrap();
        let again = move_in_old_folder(&mut store, &db);
        assert_eq!(again.moved, ["briefing-pack-v3.pdf"]);
        assert_eq!(
            again.left.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(),
            ["fake.pdf"],
            "{again:?}"
        );
        let stored: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM packs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, 1, "stored once");
    }

    #[test]
    fn an_old_file_name_gives_a_title_and_its_version() {
        assert_eq!(
            title_of_old_file("briefing-pack-v12.pdf"),
            ("Briefing pack, version 12".to_string(), Some(12))
        );
        assert_eq!(
            title_of_old_file("agenda.pdf"),
            ("agenda".to_string(), None)
        );
        assert_eq!(
            title_of_old_file("briefing-pack-v.pdf"),
            ("Briefing pack (v)".to_string(), None)
        );
    }
}
