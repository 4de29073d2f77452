//! Read connections beside the writer, so that a read never waits for a write.
//!
//! The data file is in WAL mode: a reader sees the last committed state while a write transaction is
//! open on the writer, and a long read (a search, the matrix, a pack's content, a backup copy, the
//! integrity check) does not hold up a save. [`Readers`] keeps a few read-only connections to the
//! writer's file, keyed with the key derived once at open (`kdf.rs`), and hands one out per call; each
//! call reads one consistent snapshot (one read transaction), and its connection cannot write.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use rusqlite::{Connection, OpenFlags};

use super::key::Passphrase;
use super::{key, schema, unreadable, Store};
use crate::{Error, Result};

/// How many idle read connections are kept (more are opened when more reads run at once).
const KEEP: usize = 3;

/// The read connections of one open data file (see the module's documentation).
pub struct Readers {
    path: PathBuf,
    key: Option<Passphrase>,
    file_key: Option<Passphrase>,
    idle: Mutex<Vec<Store>>,
}

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readers")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// The read connections of this store's file; an in-memory store has none (`None`).
    pub fn readers(&self) -> Option<Readers> {
        Some(Readers {
            path: self.path.clone()?,
            key: self.key.clone(),
            file_key: self.file_key.clone(),
            idle: Mutex::new(Vec::new()),
        })
    }
}

impl Readers {
    /// A new read-only connection to the file, as a [`Store`] (whose `write` fails: it cannot write).
    pub fn open(&self) -> Result<Store> {
        let display = self.path.display().to_string();
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(&self.path, flags).map_err(|e| unreadable(&display, e))?;
        key::apply(&conn, self.file_key.as_ref())?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        schema::harden(&conn)?;
        // The writer's page cache (see `configure`): decrypted pages are kept.
        conn.pragma_update(None, "cache_size", -32 * 1024)?;
        // Opened read-only: the file cannot be written; the connection's own `temp` schema can (the
        // search keeps its view of the index's vocabulary there).
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Internal(format!(
                "{display}: a reader found journal_mode {mode}, WAL expected"
            )));
        }
        Ok(Store {
            conn,
            path: Some(self.path.clone()),
            key: self.key.clone(),
            file_key: self.file_key.clone(),
            // A reader never writes, so it records no change (operations that report the laptop read
            // it from the file).
            laptop: None,
        })
    }

    /// The data file these connections read.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Runs `f` on a read connection, in one read transaction (one snapshot of the data). A panic in
    /// `f` drops that connection; it is never handed out again.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let taken = self.idle().pop();
        let mut store = match taken {
            Some(store) => store,
            None => self.open()?,
        };
        store.conn.execute("BEGIN", [])?;
        let result = f(&mut store);
        let ended = store.conn.execute("COMMIT", []);
        if ended.is_ok() && store.conn.is_autocommit() {
            let mut idle = self.idle();
            if idle.len() < KEEP {
                idle.push(store);
            }
        }
        let value = result?;
        ended?;
        Ok(value)
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Store>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Reads on a read connection, changes on the writer: how a long job (the briefing pack) reaches the
/// store, so that it holds the writer only for its short writes and a save goes on meanwhile.
pub trait Access {
    /// Runs `f` on a read connection (one snapshot).
    fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T>;
    /// Runs `f` on the writer.
    fn write<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T>;
}

/// One store for both (the command line, tests): reads and writes on the same connection, in turn.
impl Access for std::cell::RefCell<&mut Store> {
    fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        f(&self.borrow())
    }
    fn write<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        f(&mut self.borrow_mut())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_file() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::data::open_store(&dir.path().join("desk.sqlite3"), None).unwrap();
        crate::fixtures::sample::load(&mut store).unwrap();
        (dir, store)
    }

    fn title(store: &Store) -> String {
        store
            .conn()
            .query_row("SELECT title FROM conference", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_read_proceeds_while_a_write_transaction_is_open_on_the_writer() {
        let (_dir, mut writer) = sample_file();
        let readers = writer.readers().expect("a file has readers");
        let before = title(&writer);
        let (tx_open, tx_open_rx) = std::sync::mpsc::channel();
        let (read_done, read_done_rx) = std::sync::mpsc::channel::<String>();
        std::thread::scope(|scope| {
            let readers = &readers;
            scope.spawn(move || {
                // Waits until the writer holds its transaction, then reads.
                tx_open_rx.recv().unwrap();
                let seen = readers.with(|r| Ok(title(r))).unwrap();
                read_done.send(seen).unwrap();
            });
            writer
                .write(|tx| {
                    tx.execute("UPDATE conference SET title = 'Being rewritten'", [])?;
                    tx_open.send(()).unwrap();
                    // The write transaction stays open until the reader has answered: were the read
                    // to wait for it, this would never return.
                    let seen = read_done_rx.recv().unwrap();
                    assert_eq!(seen, before, "the reader sees the last committed title");
                    Ok(())
                })
                .unwrap();
        });
        assert_eq!(
            readers.with(|r| Ok(title(r))).unwrap(),
            "Being rewritten",
            "once committed, the next read sees the change"
        );
    }

    #[test]
    fn a_reader_cannot_write() {
        let (_dir, writer) = sample_file();
        let readers = writer.readers().unwrap();
        let err = readers
            .with(|r| Ok(r.conn().execute("DELETE FROM note", [])?))
            .unwrap_err();
        assert!(
            err.to_string().contains("readonly") || err.to_string().contains("read-only"),
            "refused: {err}"
        );
        assert!(
            readers.with(|r| Ok(title(r))).is_ok(),
            "the pool still reads after a failed call"
        );
    }

    #[test]
    fn a_search_with_a_long_prefix_runs_on_a_reader() {
        let (_dir, mut writer) = sample_file();
        let c = crate::app::conferences::resolve(&writer, None).unwrap().id;
        crate::app::notes::save_note(
            &mut writer,
            c,
            crate::app::notes::NoteDraft {
                id: None,
                session_id: None,
                author_id: None,
                body: "The referral mechanism was discussed at length.".into(),
                blocks: vec![],
                kind: None,
                countries: vec![],
            },
        )
        .unwrap();
        let query = crate::notes::search::Query {
            text: "referr".into(),
            ..Default::default()
        };
        let hits = writer
            .readers()
            .unwrap()
            .with(|r| crate::app::notes::search_notes(r, c, &query))
            .expect("the search's vocabulary table goes to the reader's temp schema");
        assert!(!hits.is_empty(), "the note is found by its prefix");
    }

    #[test]
    fn readers_of_an_encrypted_file_read_with_the_key_derived_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.sqlite3");
        let key = Passphrase::new("a passphrase for the readers");
        {
            let mut store = crate::data::open_store(&path, Some(&key)).unwrap();
            crate::fixtures::sample::load(&mut store).unwrap();
        }
        let writer = crate::data::open_store(&path, Some(&key)).unwrap();
        assert!(writer.is_encrypted());
        let readers = writer.readers().unwrap();
        assert_eq!(readers.with(|r| Ok(title(r))).unwrap(), title(&writer));
        assert!(
            readers.with(|r| Ok(r.is_encrypted())).unwrap(),
            "a reader's copies are encrypted with the passphrase too"
        );
    }

    #[test]
    fn an_in_memory_store_has_no_readers() {
        assert!(Store::open_in_memory().unwrap().readers().is_none());
    }
}
