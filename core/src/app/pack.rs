//! The briefing pack: session briefs, the pack's settings, generating the PDF into the data file (the
//! `packs` table: a pack is kept with the data, encrypted with it, never as a plain file beside it), the
//! list of packs kept, then opening one (a temporary copy in the private folder the front end names, for
//! the system's viewer) or saving a copy where the person chose. The command line writes a pack straight
//! to the file it names. The webview names a pack only by its id in the store, so it cannot reach any
//! other file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::data::packs::{self as stored, NewPack, StoredPack};
use crate::data::private;
use crate::pack::{self, PackOptions, PackSettings};
use crate::programme::briefs::{self, Brief, BriefChange};
use crate::store::Access;
use crate::{programme::conference, time, Error, Result, Store};

/// A session's brief.
pub fn get_brief(store: &Store, conference: i64, session_id: i64) -> Result<Brief> {
    let c = conference::get(store.conn(), conference)?;
    briefs::get(store.conn(), &c, session_id)
}

/// Saves the given fields of a session's brief.
pub fn save_brief(
    store: &mut Store,
    conference: i64,
    session_id: i64,
    change: &BriefChange,
) -> Result<Brief> {
    let c = conference::get(store.conn(), conference)?;
    briefs::save(store, &c, session_id, change)
}

/// The conference's pack settings.
pub fn get_pack_settings(store: &Store, conference: i64) -> Result<PackSettings> {
    let c = conference::get(store.conn(), conference)?;
    pack::settings(store.conn(), &c)
}

/// Saves the delegation's country and the default marking.
pub fn save_pack_settings(
    store: &mut Store,
    conference: i64,
    settings: &PackSettings,
) -> Result<PackSettings> {
    let c = conference::get(store.conn(), conference)?;
    pack::save_settings(store, &c, &settings.country, &settings.marking)
}

/// What the Briefing pack view asks for.
#[derive(Debug, Clone, Deserialize)]
pub struct PackRequest {
    /// Section words in order (`cover`, `contents`, ...).
    pub sections: Vec<String>,
    pub member_id: Option<i64>,
    /// `a4` or `letter`.
    pub paper: String,
    /// `None`: the saved marking.
    pub marking: Option<String>,
    /// Body text justified (the default when absent) or ragged right.
    #[serde(default)]
    pub justify: Option<bool>,
}

/// A pack made and kept in the data file, ready to open or save.
#[derive(Debug, Clone, Serialize)]
pub struct PackMade {
    /// Its id in the store: what `open_pack` and `save_pack_as` take.
    pub id: i64,
    /// The name it opens and saves under.
    pub file_name: String,
    pub title: String,
    pub pages: usize,
    pub size_bytes: usize,
    pub edition: i64,
}

/// A pack written to a file the person named (`desk pack --out`).
#[derive(Debug, Clone, Serialize)]
pub struct PackWritten {
    pub path: String,
    pub pages: usize,
    pub size_bytes: usize,
    pub edition: i64,
}

impl PackRequest {
    fn options(&self) -> Result<PackOptions> {
        Ok(PackOptions {
            sections: pack::parse_sections(&self.sections.join(","))?,
            member_id: self.member_id,
            paper: pack::parse_paper(&self.paper)?,
            marking: self.marking.clone(),
            justify: self.justify.unwrap_or(true),
        })
    }
}

/// Generates a pack and keeps it in the data file, reporting progress in `0..=1`.
pub fn generate_pack(
    store: &mut Store,
    conference: i64,
    request: &PackRequest,
    progress: &mut dyn FnMut(f32),
) -> Result<PackMade> {
    generate_pack_on(
        &std::cell::RefCell::new(store),
        conference,
        request,
        progress,
    )
}

/// [`generate_pack`] reading on a read connection and writing on the writer (`access`, see
/// `store::Access`): the writer is held only for the edition's number and for keeping the PDF, so a
/// save goes on while the pack is made.
pub fn generate_pack_on(
    access: &impl Access,
    conference: i64,
    request: &PackRequest,
    progress: &mut dyn FnMut(f32),
) -> Result<PackMade> {
    let options = request.options()?;
    let (c, whose) = access.read(|store| {
        let c = conference::get(store.conn(), conference)?;
        let whose = match request.member_id {
            Some(id) => Some(
                crate::delegation::members::find(store.conn(), c.id, id)?
                    .map(|m| m.name)
                    .ok_or_else(|| {
                        Error::NotFound(format!("No member {id} in \"{}\".", c.title))
                    })?,
            ),
            None => None,
        };
        Ok((c, whose))
    })?;
    let made = pack::generate_on(access, &c, &options, progress)?;
    let name_part = whose.as_deref().map(|name| {
        format!(
            "-{}",
            crate::data::files::name_part(name, 40).unwrap_or_else(|| "member".into())
        )
    });
    let wanted = format!(
        "briefing-pack{}-v{}.pdf",
        name_part.unwrap_or_default(),
        made.edition
    );
    let title = match &whose {
        Some(name) => format!("Briefing pack for {name}, version {}", made.edition),
        None => format!("Briefing pack, version {}", made.edition),
    };
    let (id, file_name) = access.write(|store| {
        store.write(|tx| {
            stored::insert(
                tx,
                &NewPack {
                    conference_id: Some(c.id),
                    created_at: time::now_stored(),
                    file_name: &wanted,
                    title: &title,
                    edition: Some(made.edition),
                    pages: i64::try_from(made.pages).ok(),
                    bytes: &made.pdf,
                },
            )
        })
    })?;
    Ok(PackMade {
        id,
        file_name,
        title,
        pages: made.pages,
        size_bytes: made.pdf.len(),
        edition: made.edition,
    })
}

/// The packs kept for the conference (and those moved in from an old `packs` folder), newest first.
pub fn list_packs(store: &Store, conference: i64) -> Result<Vec<StoredPack>> {
    let c = conference::get(store.conn(), conference)?;
    stored::list(store.conn(), c.id)
}

/// Generates a pack and writes it to `path` (`desk pack --out`); nothing is kept in the data file.
pub fn write_pack(
    store: &mut Store,
    conference: i64,
    request: &PackRequest,
    path: &Path,
) -> Result<PackWritten> {
    let c = conference::get(store.conn(), conference)?;
    let made = pack::generate(store, &c, &request.options()?, &mut |_| {})?;
    crate::data::files::write_atomically(path, &made.pdf)?;
    Ok(PackWritten {
        path: path.display().to_string(),
        pages: made.pages,
        size_bytes: made.pdf.len(),
        edition: made.edition,
    })
}

/// Writes a copy of a kept pack where the person chose (`.pdf` added when missing), whole or not at
/// all; returns where.
pub fn save_pack_as(store: &Store, conference: i64, id: i64, target: &str) -> Result<String> {
    let (_, bytes) = stored::get(store.conn(), conference, id)?;
    let mut to = PathBuf::from(target);
    if to.extension().is_none() {
        to.set_extension("pdf");
    }
    crate::data::files::write_atomically(&to, &bytes)?;
    Ok(to.display().to_string())
}

/// Writes a temporary copy of a kept pack into the private folder `private_dir` (0700, the file 0600;
/// emptied on lock and exit) and opens it in the system's PDF viewer; returns the copy's path.
pub fn open_pack(store: &Store, conference: i64, id: i64, private_dir: &Path) -> Result<String> {
    let (pack, bytes) = stored::get(store.conn(), conference, id)?;
    let path = private::write(private_dir, &pack.file_name, &bytes)?;
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(&path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|source| Error::Io {
            context: format!(
                "Could not start the system's PDF viewer ({program}); use \"Save as…\" instead"
            ),
            source,
        })?;
    Ok(path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::conferences::load_sample;

    fn request(sections: &[&str]) -> PackRequest {
        PackRequest {
            sections: sections.iter().map(|s| s.to_string()).collect(),
            member_id: None,
            paper: "a4".into(),
            marking: None,
            justify: None,
        }
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn a_generated_pack_is_kept_in_the_data_file_listed_and_saved_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        let mut store = crate::data::open_store(&db, None).unwrap();
        let c = load_sample(&mut store).unwrap().conference.id;
        let made =
            generate_pack(&mut store, c, &request(&["cover", "schedule"]), &mut |_| {}).unwrap();
        assert_eq!(made.file_name, "briefing-pack-v1.pdf");
        assert_eq!(made.title, "Briefing pack, version 1");
        assert_eq!(
            files_in(dir.path()),
            ["desk.sqlite3", "desk.sqlite3-shm", "desk.sqlite3-wal"],
            "no packs folder, no PDF beside the data file"
        );
        let listed = list_packs(&store, c).unwrap();
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert_eq!(
            (
                listed[0].id,
                listed[0].size_bytes as usize,
                listed[0].edition
            ),
            (made.id, made.size_bytes, Some(1))
        );
        let target = dir.path().join("out").join("for the head of delegation");
        std::fs::create_dir(target.parent().unwrap()).unwrap();
        let saved = save_pack_as(&store, c, made.id, target.to_str().unwrap()).unwrap();
        assert!(saved.ends_with("for the head of delegation.pdf"), "{saved}");
        let bytes = std::fs::read(&saved).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "a PDF");
        assert_eq!(bytes.len(), made.size_bytes, "the stored bytes, whole");
    }

    #[test]
    fn a_personal_pack_is_named_for_its_member() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference.id;
        let lukasz = crate::app::delegation::list_members(&store, c)
            .unwrap()
            .into_iter()
            .find(|m| m.name.starts_with("Łukasz"))
            .unwrap();
        let mut r = request(&["cover", "agendas"]);
        r.member_id = Some(lukasz.id);
        let made = generate_pack(&mut store, c, &r, &mut |_| {}).unwrap();
        assert_eq!(made.file_name, "briefing-pack-łukasz-brandt-v1.pdf");
        assert_eq!(made.title, "Briefing pack for Łukasz Brandt, version 1");
        assert_eq!(list_packs(&store, c).unwrap()[0].file_name, made.file_name);
    }

    #[cfg(unix)]
    #[test]
    fn opening_a_pack_writes_a_private_copy_that_clearing_removes() {
        use std::os::unix::fs::PermissionsExt;
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference.id;
        let made = generate_pack(&mut store, c, &request(&["cover"]), &mut |_| {}).unwrap();
        let run = tempfile::tempdir().unwrap();
        let private_dir = run.path().join(private::RUNTIME_NAME);
        // The viewer may not start on a test machine; the copy is written before it is asked.
        let opened = open_pack(&store, c, made.id, &private_dir);
        let copy = private_dir.join(&made.file_name);
        if let Ok(path) = &opened {
            assert_eq!(Path::new(path), copy);
        }
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&private_dir), 0o700, "the folder is private");
        assert_eq!(mode(&copy), 0o600, "the copy is private");
        assert_eq!(std::fs::read(&copy).unwrap().len(), made.size_bytes);
        assert_eq!(private::clear_in(&private_dir).unwrap(), 1);
        assert!(files_in(&private_dir).is_empty(), "nothing left in plain");
    }

    #[test]
    fn only_a_pack_of_this_conference_can_be_opened_or_saved() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference.id;
        let made = generate_pack(&mut store, c, &request(&["cover"]), &mut |_| {}).unwrap();
        let other = crate::app::conferences::create(
            &mut store,
            &crate::app::conferences::ConferenceFields {
                title: "Another".into(),
                venue: String::new(),
                city: String::new(),
                time_zone: "UTC".into(),
                starts_on: "2024-01-01".into(),
                ends_on: "2024-01-02".into(),
                organiser: String::new(),
                url: String::new(),
            },
        )
        .unwrap()
        .id;
        let dir = tempfile::tempdir().unwrap();
        for (conference, id) in [(other, made.id), (c, made.id + 1), (c, -1)] {
            let target = dir.path().join("x.pdf");
            let err = save_pack_as(&store, conference, id, target.to_str().unwrap()).unwrap_err();
            assert!(matches!(err, Error::NotFound(_)), "{id} refused: {err}");
            let err = open_pack(&store, conference, id, dir.path()).unwrap_err();
            assert!(matches!(err, Error::NotFound(_)), "{id} refused: {err}");
        }
        assert!(files_in(dir.path()).is_empty(), "nothing written");
    }

    #[test]
    fn a_bad_section_or_paper_is_refused_before_anything_is_kept() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference.id;
        let mut r = request(&["cover", "weather"]);
        assert!(generate_pack(&mut store, c, &r, &mut |_| {}).is_err());
        r = request(&["cover"]);
        r.paper = "a3".into();
        assert!(generate_pack(&mut store, c, &r, &mut |_| {}).is_err());
        assert!(list_packs(&store, c).unwrap().is_empty(), "nothing kept");
    }
}
