//! One delegation, many laptops, no server (docs/exchange.md). The coordinator makes a copy of the
//! conference for each delegate; from then on every laptop records its writes as changes
//! (`store/changes.rs`), sends the ones another has not seen in an encrypted file, and applies the
//! files it receives, in any order and any number of times, by rules that make every replica holding
//! the same changes hold the same content (`merge.rs`). A file names its delegation, conference,
//! sending laptop and the range of changes inside (`file.rs`).

pub mod file;
pub mod merge;
mod status;
pub(crate) mod texts;

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::store::changes::{self, Laptop};
use crate::store::Passphrase;
use crate::{Error, Result, Store};
use file::{FileKind, Header};
pub use merge::{Change, Tally};
pub use status::{
    brief_seen, report_seen, seen, status, BriefEdited, KeptText, ReportEdited, Status,
};

/// The ending of exchange files, and of the file each laptop keeps in a synced folder.
pub const EXTENSION: &str = "desk-exchange";

/// The laptop identity, or the sentence saying this file has none yet.
pub fn laptop_of(store: &Store) -> Result<Laptop> {
    changes::laptop(store.conn())?.ok_or_else(|| {
        Error::Invalid(
            "This laptop is not part of a delegation yet: make a copy of the conference for the others \
             (desk exchange copy) or join one (desk join FILE)."
                .into(),
        )
    })
}

/// Makes this file a laptop of a delegation for `conference` (once; a new delegation id) and returns
/// the copy file's bytes: the whole data file without its kept packs, for another laptop to join.
pub fn copy(
    store: &mut Store,
    conference: i64,
    laptop_name: &str,
    passphrase: &Passphrase,
) -> Result<Vec<u8>> {
    passphrase.check_new("exchange passphrase")?;
    let (header, plain) = copy_unsealed(store, conference, laptop_name)?;
    file::seal(&header, &plain, passphrase)
}

/// [`copy`] before sealing: the header and the plain data file (tests and benchmarks use it without
/// the passphrase's deliberate cost).
pub fn copy_unsealed(
    store: &mut Store,
    conference: i64,
    laptop_name: &str,
) -> Result<(Header, Vec<u8>)> {
    match changes::laptop(store.conn())? {
        Some(me) if me.conference_id != conference => {
            return Err(Error::Invalid(format!(
            "This laptop exchanges conference {} with its delegation; a copy is made of that one.",
            me.conference_id
        )))
        }
        Some(_) => {}
        None => {
            let delegation = changes::random_hex(32);
            store.write_unrecorded(|tx| {
                changes::set_laptop(tx, laptop_name, &delegation, conference)
            })?;
            store.refresh_laptop()?;
        }
    }
    let me = laptop_of(store)?;
    // The copy holds every change of this laptop: the joiner has them, so none is combined again.
    store.write_unrecorded(|tx| changes::mark_sent(tx, &me.laptop))?;
    let plain = plain_copy(store)?;
    let header = header_for(store.conn(), &me, FileKind::Copy, BTreeMap::new())?;
    Ok((header, plain))
}

/// The data file as a plain SQLite file's bytes, without the packs kept in it, made in memory only:
/// the content is exported (`sqlcipher_export`, which also turns an encrypted file's content plain)
/// into an in-memory database attached to the data file's connection, copied from there into a
/// connection of its own, rid of the packs and vacuumed, then serialised. No plain byte is written
/// to disk (SQLCipher is built with temporary storage in memory).
fn plain_copy(store: &Store) -> Result<Vec<u8>> {
    let conn = store.conn();
    conn.execute("ATTACH DATABASE ':memory:' AS exchange_copy KEY ''", [])?;
    let made = (|| -> Result<Vec<u8>> {
        conn.query_row("SELECT sqlcipher_export('exchange_copy')", [], |_| Ok(()))?;
        // sqlcipher_export copies the content, not the header's schema version.
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let mut copy = in_memory()?;
        {
            let backup =
                rusqlite::backup::Backup::new_with_names(conn, "exchange_copy", &mut copy, "main")?;
            // Both databases are this process's own, in memory: nothing can hold them busy.
            if backup.step(-1)? != rusqlite::backup::StepResult::Done {
                return Err(Error::Internal(
                    "the copy in memory could not be made in one step".into(),
                ));
            }
        }
        crate::store::harden(&copy)?;
        copy.pragma_update(None, "user_version", version)?;
        copy.execute("DELETE FROM packs", [])?;
        copy.execute("VACUUM", [])?;
        let bytes = copy.serialize("main")?;
        Ok(bytes.to_vec())
    })();
    conn.execute("DETACH DATABASE exchange_copy", [])?;
    made
}

/// A connection to a new, empty in-memory database.
fn in_memory() -> Result<Connection> {
    // Not SQLITE_OPEN_MEMORY: a file attached to it (the join's sealed copy) must be a file.
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
        | rusqlite::OpenFlags::SQLITE_OPEN_CREATE
        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Ok(Connection::open_with_flags(":memory:", flags)?)
}

/// A temporary file removed when dropped.
struct Temp(std::path::PathBuf);

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        let _ = std::fs::remove_file(format!("{}-journal", self.0.display()));
    }
}

/// The title of conference `id` ("" if it is gone).
fn conference_title(conn: &Connection, id: i64) -> Result<String> {
    Ok(conn
        .query_row("SELECT title FROM conference WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_default())
}

fn header_for(
    conn: &Connection,
    me: &Laptop,
    kind: FileKind,
    ranges: BTreeMap<String, (i64, i64)>,
) -> Result<Header> {
    let conference = conference_title(conn, me.conference_id)?;
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT laptop, name FROM exchange_peer")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (id, name) = row?;
        names.insert(id, name);
    }
    names.insert(me.laptop.clone(), me.name.clone());
    Ok(Header {
        version: file::FORMAT_VERSION,
        kind,
        delegation: me.delegation.clone(),
        conference_id: me.conference_id,
        conference,
        laptop: me.laptop.clone(),
        laptop_name: me.name.clone(),
        changes: ranges,
        holds: changes::held(conn)?,
        names,
        made_at: crate::time::now_stored(),
    })
}

/// What joining did.
#[derive(Debug, Clone, Serialize)]
pub struct Joined {
    pub laptop: Laptop,
    pub conference: String,
    pub from: String,
}

/// Joins the delegation of the copy file `name` (bytes `bytes`): the data file's content becomes the
/// copy's (the current content kept as a `before-restore-…` backup in `backup_dir`), and this file
/// becomes a new laptop of that delegation, called `laptop_name`.
pub fn join(
    store: &mut Store,
    bytes: &[u8],
    name: &str,
    passphrase: &Passphrase,
    laptop_name: &str,
    backup_dir: &Path,
) -> Result<Joined> {
    let (header, payload) = file::open(bytes, name, passphrase)?;
    if header.kind != FileKind::Copy {
        return Err(Error::Invalid(format!(
            "{name} holds changes, not a copy to join from: receive it with `desk exchange receive`. Nothing was changed."
        )));
    }
    join_unsealed(store, &header, &payload, name, laptop_name, backup_dir)
}

/// [`join`] after opening the file: `payload` is the plain data file of the copy `header` describes.
pub fn join_unsealed(
    store: &mut Store,
    header: &Header,
    payload: &[u8],
    name: &str,
    laptop_name: &str,
    backup_dir: &Path,
) -> Result<Joined> {
    let refused = |e: Error| Error::Invalid(format!("{name} cannot be joined: {e}"));
    // The copy is read in memory; no plain byte of it is written to disk.
    let mut copy = in_memory()?;
    copy.deserialize_read_exact("main", payload, payload.len(), true)
        .map_err(|e| refused(e.into()))?;
    crate::store::harden(&copy)?;
    let version = crate::store::verified_connection(&copy, name).map_err(refused)?;
    match store.key() {
        None => {
            crate::data::backup::replace_from(store, &copy, name, backup_dir).map_err(refused)?;
        }
        Some(key) => {
            // SQLCipher copies pages into an encrypted file only from one with the same key: the copy
            // is sealed with the data file's key first, into a file that is never plain.
            std::fs::create_dir_all(backup_dir).map_err(Error::io(format!(
                "Could not create the folder {}",
                backup_dir.display()
            )))?;
            let temp = Temp(backup_dir.join(format!(".join-{}.sqlite3", uuid::Uuid::new_v4())));
            copy.execute(
                "ATTACH DATABASE ?1 AS sealed KEY ?2",
                (temp.0.to_string_lossy().as_ref(), key.expose()),
            )?;
            copy.query_row("SELECT sqlcipher_export('sealed')", [], |_| Ok(()))?;
            copy.pragma_update(Some("sealed"), "user_version", version)?;
            copy.execute("DETACH DATABASE sealed", [])?;
            drop(copy);
            crate::data::backup::restore(store, &temp.0, backup_dir, None).map_err(refused)?;
        }
    }
    let laptop = store.write_unrecorded(|tx| {
        let me = changes::set_laptop(tx, laptop_name, &header.delegation, header.conference_id)?;
        tx.execute("DELETE FROM exchange_peer", [])?;
        for (id, peer) in &header.names {
            tx.execute(
                "INSERT INTO exchange_peer (laptop, name, received_at, received_seq, knows)
                 VALUES (?1, ?2, NULL, ?3, '{}')",
                params![id, peer, header.holds.get(id).copied().unwrap_or(0)],
            )?;
        }
        note_sender(tx, header)?;
        Ok(me)
    })?;
    store.refresh_laptop()?;
    Ok(Joined {
        laptop,
        conference: header.conference.clone(),
        from: header.laptop_name.clone(),
    })
}

/// Remembers what the sender of `header` held and named, and that a file of its came in now.
fn note_sender(tx: &Connection, header: &Header) -> Result<()> {
    let knows = serde_json::to_string(&header.holds).map_err(|e| Error::Internal(e.to_string()))?;
    for (id, name) in &header.names {
        tx.execute(
            "INSERT INTO exchange_peer (laptop, name) VALUES (?1, ?2)
             ON CONFLICT (laptop) DO UPDATE SET name = excluded.name",
            params![id, name],
        )?;
    }
    tx.execute(
        "UPDATE exchange_peer SET received_at = ?2, knows = ?3 WHERE laptop = ?1",
        params![header.laptop, crate::time::now_stored(), knows],
    )?;
    Ok(())
}

/// The changes held here that the laptop `for_laptop` (id or name fragment) did not hold when it last
/// sent a file; without one, those that not every laptop heard from is known to hold.
fn to_send(conn: &Connection, me: &Laptop, for_laptop: Option<&str>) -> Result<Vec<Change>> {
    let knows_of =
        |json: &str| -> BTreeMap<String, i64> { serde_json::from_str(json).unwrap_or_default() };
    let base: BTreeMap<String, i64> = match for_laptop {
        Some(wanted) => {
            let peer = find_peer(conn, me, wanted)?;
            knows_of(&peer.knows)
        }
        None => {
            let mut stmt = conn.prepare(
                "SELECT knows FROM exchange_peer WHERE received_at IS NOT NULL AND laptop != ?1",
            )?;
            let all: Vec<BTreeMap<String, i64>> = stmt
                .query_map([&me.laptop], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .iter()
                .map(|k| knows_of(k))
                .collect();
            // What every one of them holds: the smallest number per origin (none: nothing known).
            let mut least: BTreeMap<String, i64> = BTreeMap::new();
            if let Some(first) = all.first() {
                for (origin, seq) in first {
                    let min = all
                        .iter()
                        .map(|k| k.get(origin).copied().unwrap_or(0))
                        .min()
                        .unwrap_or(0)
                        .min(*seq);
                    least.insert(origin.clone(), min);
                }
            }
            least
        }
    };
    // Only the changes the receiver lacks are read: per origin, those after what it holds, found by
    // the primary key (origin, seq); the others are never loaded.
    let mut stmt = conn.prepare_cached(
        "SELECT origin, seq, hlc, changeset, deps FROM exchange_change WHERE origin = ?1 AND seq > ?2",
    )?;
    let mut out = Vec::new();
    for origin in changes::origins(conn)? {
        let from = base.get(&origin).copied().unwrap_or(0);
        let rows = stmt.query_map(params![origin, from], |r| {
            Ok((
                Change {
                    origin: r.get(0)?,
                    seq: r.get(1)?,
                    hlc: r.get(2)?,
                    changeset: r.get(3)?,
                    deps: BTreeMap::new(),
                },
                r.get::<_, String>(4)?,
            ))
        })?;
        for row in rows {
            let (mut change, deps) = row?;
            change.deps = serde_json::from_str(&deps)
                .map_err(|e| Error::Internal(format!("stored dependencies are not JSON: {e}")))?;
            out.push(change);
        }
    }
    out.sort_by(|a, b| (&a.hlc, &a.origin, a.seq).cmp(&(&b.hlc, &b.origin, b.seq)));
    Ok(out)
}

/// A laptop this one heard of.
#[derive(Debug, Clone, Serialize)]
pub struct Peer {
    pub laptop: String,
    pub name: String,
    /// When a file from it was last received here (UTC), if ever.
    pub received_at: Option<String>,
    /// Its own changes held here: 1 to this number.
    pub changes_held: i64,
    #[serde(skip)]
    knows: String,
}

fn peers(conn: &Connection, me: &Laptop) -> Result<Vec<Peer>> {
    let held = changes::held(conn)?;
    let mut stmt = conn.prepare(
        "SELECT laptop, name, received_at, knows FROM exchange_peer WHERE laptop != ?1 ORDER BY name, laptop",
    )?;
    let rows = stmt.query_map([&me.laptop], |r| {
        Ok(Peer {
            laptop: r.get(0)?,
            name: r.get(1)?,
            received_at: r.get(2)?,
            changes_held: 0,
            knows: r.get(3)?,
        })
    })?;
    let mut out = Vec::new();
    for row in rows {
        let mut peer = row?;
        peer.changes_held = held.get(&peer.laptop).copied().unwrap_or(0);
        out.push(peer);
    }
    Ok(out)
}

fn find_peer(conn: &Connection, me: &Laptop, wanted: &str) -> Result<Peer> {
    let all = peers(conn, me)?;
    let folded = crate::text::fold(wanted.trim());
    let matches: Vec<&Peer> = all
        .iter()
        .filter(|p| p.laptop == wanted.trim() || crate::text::fold(&p.name).contains(&folded))
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::NotFound(format!(
            "No laptop \"{wanted}\" has sent a file here yet (`desk exchange status` lists them)."
        ))),
        many => Err(Error::Invalid(format!(
            "\"{wanted}\" names {} laptops: {}. Give more of the name or the laptop id.",
            many.len(),
            many.iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// What a file of changes for others holds.
#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    pub changes: usize,
    pub bytes: usize,
}

/// The bytes of a file with the changes held here that `for_laptop` has not seen (see [`to_send`]).
pub fn send(
    store: &mut Store,
    for_laptop: Option<&str>,
    passphrase: &Passphrase,
) -> Result<(Vec<u8>, Sent)> {
    let opened = send_unsealed(store, for_laptop)?;
    let bytes = file::seal(
        &opened.header,
        &file::encode_changes(&opened.changes)?,
        passphrase,
    )?;
    let sent = Sent {
        changes: opened.changes.len(),
        bytes: bytes.len(),
    };
    Ok((bytes, sent))
}

/// [`send`] before sealing: the header and the changes (tests and benchmarks). This laptop's
/// changes are marked as sent: from now on none of them is combined with a later one.
pub fn send_unsealed(store: &mut Store, for_laptop: Option<&str>) -> Result<Opened> {
    let me = laptop_of(store)?;
    store.write_unrecorded(|tx| changes::mark_sent(tx, &me.laptop))?;
    let changes = to_send(store.conn(), &me, for_laptop)?;
    let mut ranges: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for c in &changes {
        let range = ranges.entry(c.origin.clone()).or_insert((c.seq, c.seq));
        range.0 = range.0.min(c.seq);
        range.1 = range.1.max(c.seq);
    }
    Ok(Opened {
        name: format!("{}.{EXTENSION}", me.laptop),
        header: header_for(store.conn(), &me, FileKind::Changes, ranges)?,
        changes,
    })
}

/// What one received file brought.
#[derive(Debug, Clone, Serialize)]
pub struct Received {
    pub file: String,
    pub from: String,
    pub from_laptop: String,
    #[serde(flatten)]
    pub tally: Tally,
}

/// A file checked and decrypted, ready to apply.
#[derive(Debug, Clone)]
pub struct Opened {
    pub name: String,
    pub header: Header,
    pub changes: Vec<Change>,
}

/// Decrypts and checks the file `name` for this laptop's delegation; nothing is applied.
pub fn open_for(me: &Laptop, bytes: &[u8], name: &str, passphrase: &Passphrase) -> Result<Opened> {
    let (header, payload) = file::open(bytes, name, passphrase)?;
    if header.delegation != me.delegation {
        return Err(Error::Invalid(format!(
            "{name} comes from another delegation (\"{}\", conference \"{}\") than this laptop's. Nothing was applied.",
            header.laptop_name, header.conference
        )));
    }
    if header.kind != FileKind::Changes {
        return Err(Error::Invalid(format!(
            "{name} is a copy for joining the delegation, not changes: a new laptop joins with it \
             (`desk join`). Nothing was applied."
        )));
    }
    let changes = file::decode_changes(&payload, name)?;
    for c in &changes {
        let inside = header
            .changes
            .get(&c.origin)
            .is_some_and(|(from, to)| (*from..=*to).contains(&c.seq));
        if !inside {
            return Err(Error::Invalid(format!(
                "{name} holds a change its header does not list. Nothing was applied."
            )));
        }
        changes::decode(&c.changeset)?;
    }
    Ok(Opened {
        name: name.to_string(),
        header,
        changes,
    })
}

/// Applies the opened files' changes in one transaction (all or nothing), oldest clock first;
/// this laptop's own changes coming back are recognised and left alone.
pub fn apply(store: &mut Store, files: &[Opened]) -> Result<Vec<Received>> {
    store.write_unrecorded(|tx| {
        // The merge runs the same few statements per table for every row: keep them all prepared.
        tx.set_prepared_statement_cache_capacity(256);
        let mut shapes = merge::Shapes::default();
        let mut out = Vec::new();
        for opened in files {
            let mut tally = Tally::default();
            let mut pending: Vec<&Change> = opened.changes.iter().collect();
            pending.sort_by(|a, b| (&a.hlc, &a.origin, a.seq).cmp(&(&b.hlc, &b.origin, b.seq)));
            // A change waits for the earlier ones of its laptop; go round while any goes in.
            loop {
                let mut waiting = Vec::new();
                let before = pending.len();
                for change in pending {
                    let mut one = Tally::default();
                    merge::apply(tx, change, &mut shapes, &mut one)?;
                    if one.waiting > 0 {
                        waiting.push(change);
                    } else {
                        add(&mut tally, &one);
                    }
                }
                pending = waiting;
                if pending.is_empty() || pending.len() == before {
                    tally.waiting += pending.len();
                    break;
                }
            }
            note_sender(tx, &opened.header)?;
            out.push(Received {
                file: opened.name.clone(),
                from: opened.header.laptop_name.clone(),
                from_laptop: opened.header.laptop.clone(),
                tally,
            });
        }
        Ok(out)
    })
}

fn add(total: &mut Tally, one: &Tally) {
    total.changes += one.changes;
    total.duplicates += one.duplicates;
    total.notes += one.notes;
    total.plan += one.plan;
    total.other += one.other;
    total.conflicts_kept += one.conflicts_kept;
    total.refused += one.refused;
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_codes;
#[cfg(test)]
mod tests_log;
#[cfg(test)]
mod tests_texts;
