//! Exchange: one delegation, many laptops, no server (docs/exchange.md). The coordinator makes a copy
//! of the conference that a delegate joins from; then any laptop sends the changes another has not
//! seen, receives files from others in any order, or syncs with a folder (a USB stick, a shared or
//! Syncthing folder). Every file is sealed with the delegation's passphrase, separate from each
//! laptop's own.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::exchange::{self, Joined, Received, Sent, Status};
use crate::store::Passphrase;
use crate::{Error, Result, Store};

/// A copy written for others to join from.
#[derive(Debug, Clone, Serialize)]
pub struct CopyMade {
    pub file: String,
    pub bytes: usize,
    pub laptop: String,
    pub delegation: String,
}

/// Makes this laptop (`laptop_name`, once) the first of a delegation for `conference` and writes a
/// copy of the conference to `dest`, sealed with `passphrase`. The copy is made in memory: nothing
/// plain is written to disk.
pub fn make_copy(
    store: &mut Store,
    conference: i64,
    laptop_name: &str,
    passphrase: &Passphrase,
    dest: &Path,
) -> Result<CopyMade> {
    refuse_live_file(store, dest)?;
    let bytes = exchange::copy(store, conference, laptop_name, passphrase)?;
    crate::data::files::write_atomically(dest, &bytes)?;
    let me = exchange::laptop_of(store)?;
    Ok(CopyMade {
        file: dest.display().to_string(),
        bytes: bytes.len(),
        laptop: me.laptop,
        delegation: me.delegation,
    })
}

/// Joins the delegation of the copy at `source` as a new laptop called `laptop_name`: the data file's
/// content is replaced by the copy's (the current content kept as a backup in `backup_dir`).
pub fn join(
    store: &mut Store,
    source: &Path,
    passphrase: &Passphrase,
    laptop_name: &str,
    backup_dir: &Path,
) -> Result<Joined> {
    let bytes = read(source)?;
    let name = source.display().to_string();
    exchange::join(store, &bytes, &name, passphrase, laptop_name, backup_dir)
}

/// Writes to `dest` the changes this laptop holds that `for_laptop` (an id or a fragment of its
/// name) has not seen; without one, those not every laptop is known to hold.
pub fn send(
    store: &mut Store,
    conference: i64,
    dest: &Path,
    for_laptop: Option<&str>,
    passphrase: &Passphrase,
) -> Result<Sent> {
    same_conference(store, conference)?;
    refuse_live_file(store, dest)?;
    let (bytes, sent) = exchange::send(store, for_laptop, passphrase)?;
    crate::data::files::write_atomically(dest, &bytes)?;
    Ok(sent)
}

/// Receives the files `sources`: all are opened and checked first, then applied in one transaction;
/// one bad file (truncated, altered, another delegation's, a wrong passphrase) refuses them all.
pub fn receive(
    store: &mut Store,
    conference: i64,
    sources: &[PathBuf],
    passphrase: &Passphrase,
) -> Result<Vec<Received>> {
    same_conference(store, conference)?;
    let me = exchange::laptop_of(store)?;
    let mut opened = Vec::new();
    for source in sources {
        let bytes = read(source)?;
        opened.push(exchange::open_for(
            &me,
            &bytes,
            &source.display().to_string(),
            passphrase,
        )?);
    }
    exchange::apply(store, &opened)
}

/// What a sync with a folder did.
#[derive(Debug, Clone, Serialize)]
pub struct Synced {
    /// The files of other laptops taken in.
    pub received: Vec<Received>,
    /// Files left out, each with why (being written by a sync tool, another delegation's, …).
    pub skipped: Vec<Skipped>,
    /// This laptop's own file, written anew.
    pub written: String,
    pub sent: Sent,
}

/// A file a sync left out, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub file: String,
    pub why: String,
}

/// Syncs with the folder `dir`: takes in every other laptop's exchange file there (a bad one is
/// skipped and reported, the others applied in one transaction), then writes this laptop's own file
/// (`<laptop id>.desk-exchange`) with every change not known to be held by all.
pub fn sync(
    store: &mut Store,
    conference: i64,
    dir: &Path,
    passphrase: &Passphrase,
) -> Result<Synced> {
    same_conference(store, conference)?;
    let me = exchange::laptop_of(store)?;
    let own = format!("{}.{}", me.laptop, exchange::EXTENSION);
    let entries = std::fs::read_dir(dir).map_err(Error::io(format!(
        "Could not read the folder {}",
        dir.display()
    )))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == exchange::EXTENSION))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy() != own))
        .collect();
    paths.sort();
    let mut opened = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match read(&path).and_then(|bytes| exchange::open_for(&me, &bytes, &name, passphrase)) {
            Ok(file) => opened.push(file),
            Err(e) => skipped.push(Skipped {
                file: name,
                why: e.to_string(),
            }),
        }
    }
    let received = exchange::apply(store, &opened)?;
    let dest = dir.join(&own);
    let (bytes, sent) = exchange::send(store, None, passphrase)?;
    crate::data::files::write_atomically(&dest, &bytes)?;
    Ok(Synced {
        received,
        skipped,
        written: dest.display().to_string(),
        sent,
    })
}

/// This laptop's place in its delegation: its identity, and per other laptop what was last received
/// from it and when; `None` while it is not part of a delegation (neither made a copy nor joined).
pub fn status(store: &Store) -> Result<Option<Status>> {
    if crate::store::changes::laptop(store.conn())?.is_none() {
        return Ok(None);
    }
    exchange::status(store).map(Some)
}

/// Clears a note's "edited in two places" mark once someone has looked at it.
pub fn note_seen(store: &mut Store, note_id: &str) -> Result<()> {
    exchange::seen(store, note_id)
}

/// Clears a brief's "edited in two places" mark once someone has looked at its kept texts.
pub fn brief_seen(store: &mut Store, session_id: i64) -> Result<()> {
    exchange::brief_seen(store, session_id)
}

/// Clears the "edited in two places" mark of the daily report of `day` (YYYY-MM-DD) of `conference`.
pub fn report_seen(store: &mut Store, conference: i64, day: &str) -> Result<()> {
    same_conference(store, conference)?;
    exchange::report_seen(store, conference, day)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(Error::io(format!("Could not read {}", path.display())))
}

fn same_conference(store: &Store, conference: i64) -> Result<()> {
    let me = exchange::laptop_of(store)?;
    if me.conference_id != conference {
        return Err(Error::Invalid(format!(
            "This laptop exchanges conference {} with its delegation, not conference {conference}.",
            me.conference_id
        )));
    }
    Ok(())
}

/// The data file (or its `-wal`/`-shm`) is never an exchange file's destination.
fn refuse_live_file(store: &Store, dest: &Path) -> Result<()> {
    crate::data::backup::guard::check_copy_target(store.path(), dest)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::fixtures::testutil;

    const PHRASE: &str = "said out loud in the hotel lobby";

    /// The sample conference on a coordinator's laptop, and a delegate called `name` who joined it
    /// from a copy written in `dir` and wrote one note, `text`.
    fn coordinator_and_delegate(dir: &Path, name: &str, text: &str) -> (Store, Store, i64) {
        let phrase = Passphrase::new(PHRASE);
        let (mut coordinator, c) = testutil::sample();
        let copy = dir.join("delegation.desk-exchange");
        make_copy(&mut coordinator, c.id, "Coordinator", &phrase, &copy).unwrap();
        let mut delegate = crate::data::open_store(&dir.join("delegate.sqlite3"), None).unwrap();
        let joined = join(&mut delegate, &copy, &phrase, name, &dir.join("b")).unwrap();
        assert_eq!(
            joined.laptop.conference_id, c.id,
            "the same conference, the same id"
        );
        let author = delegate
            .conn()
            .query_row(
                "SELECT min(id) FROM member WHERE conference_id = ?1",
                [c.id],
                |r| r.get(0),
            )
            .unwrap();
        let draft = crate::app::notes::NoteDraft {
            body: text.into(),
            author_id: Some(author),
            ..Default::default()
        };
        crate::app::notes::save_note(&mut delegate, c.id, draft).unwrap();
        (coordinator, delegate, c.id)
    }

    #[test]
    fn a_note_sent_by_file_is_received_on_a_laptop_that_joined_from_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let phrase = Passphrase::new(PHRASE);
        let (mut coordinator, mut delegate, c) =
            coordinator_and_delegate(dir.path(), "Zoë", "Panel 3: the rapporteur's figures");
        let file = dir.path().join("zoe.desk-exchange");
        let sent = send(&mut delegate, c, &file, None, &phrase).unwrap();
        assert!(sent.changes >= 1, "{sent:?}");
        let got = receive(&mut coordinator, c, std::slice::from_ref(&file), &phrase).unwrap();
        assert_eq!(got[0].from, "Zoë", "the report names the sender");
        assert_eq!(got[0].tally.notes, 1, "{got:?}");
        let query = crate::notes::search::Query {
            text: "rapporteur".into(),
            ..Default::default()
        };
        let hits = crate::app::notes::search_notes(&coordinator, c, &query).unwrap();
        assert_eq!(hits.len(), 1, "the received note is found by search");
        assert!(
            hits[0].note.author_name.is_some(),
            "with its author: {:?}",
            hits[0].note
        );
        let again = receive(&mut coordinator, c, &[file], &phrase).unwrap();
        assert_eq!(again[0].tally.changes, 0, "a second time changes nothing");
        let status = status(&coordinator)
            .unwrap()
            .expect("a laptop of a delegation");
        let zoe = status.peers.iter().find(|p| p.name == "Zoë").unwrap();
        assert!(zoe.received_at.is_some(), "when the last file came is kept");
    }

    /// Every file under `dir` (recursively) with its bytes.
    fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(files_under(&path));
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
        out.sort();
        out
    }

    fn contains(haystack: &[u8], needle: &str) -> bool {
        haystack
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
    }

    #[test]
    fn a_copy_and_a_join_of_encrypted_data_files_write_no_plain_data_to_disk() {
        let secret = "QX-SECRET-7731 the minister's red line";
        let dir = tempfile::tempdir().unwrap();
        let (data, out) = (dir.path().join("data"), dir.path().join("out"));
        std::fs::create_dir_all(&out).unwrap();
        let own = Passphrase::new("the coordinator's own passphrase");
        let mut coordinator =
            crate::data::open_store(&data.join("coordinator.sqlite3"), Some(&own)).unwrap();
        let c = crate::fixtures::sample::load(&mut coordinator)
            .unwrap()
            .conference;
        let draft = crate::app::notes::NoteDraft {
            body: secret.into(),
            ..Default::default()
        };
        crate::app::notes::save_note(&mut coordinator, c.id, draft).unwrap();
        let before = files_under(dir.path());
        let copy = out.join("delegation.desk-exchange");
        let phrase = Passphrase::new(PHRASE);
        make_copy(&mut coordinator, c.id, "Coordinator", &phrase, &copy).unwrap();
        let after = files_under(dir.path());
        let new: Vec<&PathBuf> = after
            .iter()
            .map(|(p, _)| p)
            .filter(|p| !before.iter().any(|(q, _)| q == *p))
            .collect();
        assert_eq!(
            new,
            [&copy],
            "making the copy wrote the sealed copy and nothing else (no temporary plain file)"
        );
        let sealed = std::fs::read(&copy).unwrap();
        assert!(
            !contains(&sealed, secret),
            "the sealed copy does not show the note's text"
        );
        let (_, payload) = crate::exchange::file::open(&sealed, "copy", &phrase).unwrap();
        assert!(
            payload.starts_with(b"SQLite format 3\0") && contains(&payload, secret),
            "inside, sealed, the copy is the plain conference with the note"
        );

        // Joining on an encrypted data file: whatever it writes on disk is encrypted.
        let delegate_key = Passphrase::new("the delegate's own passphrase");
        let delegate_dir = dir.path().join("delegate");
        let mut delegate =
            crate::data::open_store(&delegate_dir.join("delegate.sqlite3"), Some(&delegate_key))
                .unwrap();
        join(
            &mut delegate,
            &copy,
            &phrase,
            "Zoë",
            &delegate_dir.join("backups"),
        )
        .unwrap();
        let found = crate::app::notes::search_notes(
            &delegate,
            c.id,
            &crate::notes::search::Query {
                text: "QX-SECRET-7731".into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(found.len(), 1, "the joined data holds the note");
        for (path, bytes) in files_under(dir.path()) {
            if path == copy {
                continue;
            }
            assert!(
                !bytes.starts_with(b"SQLite format 3\0"),
                "{} is a plain SQLite file",
                path.display()
            );
            assert!(
                !contains(&bytes, secret),
                "{} holds the note's text in plain",
                path.display()
            );
        }
    }

    #[test]
    fn a_laptop_outside_any_delegation_has_no_status_and_cannot_send() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, c) = testutil::sample();
        assert!(
            status(&store).unwrap().is_none(),
            "no delegation yet: no status, and no error either"
        );
        let err = send(
            &mut store,
            c.id,
            &dir.path().join("x.desk-exchange"),
            None,
            &Passphrase::new(PHRASE),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("not part of a delegation"),
            "the refusal says why: {err}"
        );
    }

    #[test]
    fn a_sync_folder_takes_in_the_others_files_skips_a_bad_one_and_writes_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("usb");
        std::fs::create_dir_all(&folder).unwrap();
        let phrase = Passphrase::new(PHRASE);
        let (mut coordinator, mut delegate, c) =
            coordinator_and_delegate(dir.path(), "Ali", "Corridor: shelters are full");
        let first = sync(&mut delegate, c, &folder, &phrase).unwrap();
        assert!(first.sent.changes >= 1);
        std::fs::write(
            folder.join("half-written.desk-exchange"),
            b"DELEGATION-DESK-EXCHANGE\n{",
        )
        .unwrap();
        let synced = sync(&mut coordinator, c, &folder, &phrase).unwrap();
        assert_eq!(synced.received.len(), 1, "{synced:?}");
        assert_eq!(synced.received[0].tally.notes, 1);
        assert_eq!(synced.skipped.len(), 1, "the bad file is skipped and named");
        assert!(std::path::Path::new(&synced.written).exists());
    }
}
