//! Security: the passphrase that encrypts the data file, locking and unlocking. The front end keeps the
//! open store (or none, locked) and hands it here as `slot`; these operations open, close, encrypt and
//! decrypt the file and say where things stand ([`SecurityStatus`]). The front end says where the data
//! file and the settings are and which keyring to use ([`Place`]); nothing here looks for them.
//!
//! The states: `first_run` (no data file yet: choose a passphrase or "no passphrase on this laptop"),
//! `upgrade` (a plain file from before encryption, never asked about: encrypt it or keep it plain),
//! `locked` (an encrypted file, not open), `unlocked` (open: encrypted and unlocked, or plain by
//! choice), and `updating`: at start, a file that opens without a question but needs a migration (an
//! older version's file) is opened after the window is up ([`begin`] answers [`Start::Update`], the
//! front end runs [`Update::finish`] off the window's path and says `updating` meanwhile).

use std::path::Path;

use serde::Serialize;

use crate::data::encryption;
use crate::data::keyring::KeyStore;
use crate::data::settings::{self, Settings};
use crate::store::{file_state, FileState, Passphrase};
use crate::{Error, Result, Store};

/// Where the front end keeps things: the data file, the settings file (`None`: there is no
/// configuration folder, so choices are not remembered) and the keyring.
#[derive(Clone, Copy)]
pub struct Place<'a> {
    pub db_path: &'a Path,
    pub settings_path: Option<&'a Path>,
    pub keyring: &'a dyn KeyStore,
    /// The private folder opened packs are copied to (`data::private::location()`), emptied on lock;
    /// `None` where nothing is opened (the command line).
    pub private_dir: Option<&'a Path>,
    /// When a file needing no migration gets its integrity check: `Later` in the app, which runs it
    /// after the window is up (`Store::check_integrity`), `Now` on the command line.
    pub check: crate::store::Check,
}

impl Place<'_> {
    /// Opens the data file with `key`, checked as [`Place::check`] says.
    fn open(&self, key: Option<&Passphrase>) -> Result<Store> {
        crate::data::open_store_checking(self.db_path, key, self.check)
    }
}

/// Where things stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LockState {
    /// No data file yet.
    FirstRun,
    /// A plain data file from before encryption: the person is asked once.
    Upgrade,
    /// An encrypted data file, not open.
    Locked,
    /// The data is open (encrypted and unlocked, or plain by choice).
    Unlocked,
    /// The data file is being opened after the window came up: it is an older version's file, checked,
    /// backed up and migrated once (seconds on a large file). Only the front end says this
    /// ([`status_while_updating`]); [`status`] never does.
    Updating,
}

/// What `security_status` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityStatus {
    pub state: LockState,
    /// Whether the data file is encrypted.
    pub encrypted: bool,
    /// Whether a passphrase for this data file is remembered in this laptop's keyring.
    pub keyring: bool,
    /// Minutes idle before the app locks itself; `null`: never.
    pub lock_after_minutes: Option<u32>,
}

fn load_settings(place: &Place<'_>) -> Settings {
    // An unreadable settings file must not keep the person from their data: the defaults.
    place
        .settings_path
        .and_then(|p| settings::load(p).ok())
        .unwrap_or_default()
}

/// Records the passphrase choice in the settings (when there is a settings file to keep it in).
fn record_choice(place: &Place<'_>, encrypted: bool) -> Result<()> {
    let Some(path) = place.settings_path else {
        return Ok(());
    };
    let mut s = settings::load(path)?;
    s.passphrase = Some(encrypted);
    settings::save(path, &s)
}

/// Where things stand for the data file, `store` being the open one, if any.
pub fn status(place: &Place<'_>, store: Option<&Store>) -> Result<SecurityStatus> {
    let s = load_settings(place);
    let on_disk = file_state(place.db_path)?;
    let state = match (store, on_disk) {
        (Some(_), _) => LockState::Unlocked,
        // "No passphrase on this laptop" was chosen: a missing file is created plain at start.
        (None, FileState::Missing) if s.passphrase == Some(false) => LockState::Unlocked,
        (None, FileState::Missing) => LockState::FirstRun,
        (None, FileState::Plain) if s.passphrase == Some(false) => LockState::Unlocked,
        (None, FileState::Plain) => LockState::Upgrade,
        (None, FileState::Encrypted) => LockState::Locked,
    };
    Ok(SecurityStatus {
        state,
        encrypted: store.map_or(on_disk == FileState::Encrypted, Store::is_encrypted),
        keyring: place.keyring.get(place.db_path).is_some(),
        lock_after_minutes: s.lock_after_minutes.filter(|m| *m > 0),
    })
}

/// [`status`] while the front end finishes an [`Update`]: `updating`, the rest as the file on disk
/// says.
pub fn status_while_updating(place: &Place<'_>) -> Result<SecurityStatus> {
    Ok(SecurityStatus {
        state: LockState::Updating,
        ..status(place, None)?
    })
}

/// Opens the data file at start when that needs no question: a plain file kept plain by choice, or an
/// encrypted one whose passphrase the keyring remembers (and still opens it). `Ok(None)`: ask first
/// (first run, upgrade, locked); an error: the file could not be opened (damaged, newer). An older
/// version's file is migrated here too: [`begin`] leaves that to the caller.
pub fn start(place: &Place<'_>) -> Result<Option<Store>> {
    match begin(place)? {
        Start::Open(store) => Ok(Some(store)),
        Start::Ask => Ok(None),
        Start::Update(update) => update.finish(place, |_| {}),
    }
}

/// What [`begin`] did at start.
#[derive(Debug)]
pub enum Start {
    /// The data is open.
    Open(Store),
    /// A question comes first (first run, upgrade, locked): nothing is open.
    Ask,
    /// The file opens without a question but needs a migration: looked at, not yet written to.
    Update(Update),
}

/// An open at start left for after the window is up, because it migrates the file (SQLite's check of
/// the whole file, a backup, the migration: seconds on a large file).
#[derive(Debug)]
pub struct Update {
    opening: crate::store::Opening,
    /// Opened with the passphrase the keyring remembers: if it fails, the app is locked (the unlock
    /// screen asks and says why) rather than failed, as at [`start`].
    remembered: bool,
}

impl Update {
    /// The schema version of the file, before the update.
    pub fn from_version(&self) -> i64 {
        self.opening.version()
    }

    /// Opens the file: checked, backed up, migrated (`progress` hears each step as it starts).
    /// `Ok(None)`: a remembered passphrase's open failed, so the app is locked; an error: the file
    /// could not be opened (damaged, a failed migration).
    pub fn finish(
        self,
        place: &Place<'_>,
        progress: impl FnMut(crate::store::Step),
    ) -> Result<Option<Store>> {
        let opened = crate::data::finish_open_reporting(self.opening, place.check, progress);
        if self.remembered {
            Ok(opened.ok())
        } else {
            opened.map(Some)
        }
    }
}

/// [`start`]'s first step, cheap whatever the file's size: opens the data file now if that needs
/// neither a question nor a migration; leaves an open that would migrate to [`Update::finish`].
pub fn begin(place: &Place<'_>) -> Result<Start> {
    let opening = match status(place, None)?.state {
        LockState::Unlocked => crate::store::Store::begin(place.db_path, None)?,
        LockState::Locked => {
            let Some(key) = place.keyring.get(place.db_path) else {
                return Ok(Start::Ask);
            };
            match crate::store::Store::begin(place.db_path, Some(&key)) {
                Ok(opening) if opening.needs_migration() => {
                    return Ok(Start::Update(Update {
                        opening,
                        remembered: true,
                    }))
                }
                Ok(opening) => {
                    return Ok(crate::data::finish_open(opening, place.check)
                        .map_or(Start::Ask, Start::Open))
                }
                Err(_) => return Ok(Start::Ask),
            }
        }
        // A plain file that cannot be opened (damaged, newer) says so now, not after the question.
        LockState::Upgrade => return crate::store::probe(place.db_path).map(|_| Start::Ask),
        LockState::FirstRun | LockState::Updating => return Ok(Start::Ask),
    };
    if opening.needs_migration() {
        return Ok(Start::Update(Update {
            opening,
            remembered: false,
        }));
    }
    crate::data::finish_open(opening, place.check).map(Start::Open)
}

fn expect(
    place: &Place<'_>,
    slot: &Option<Store>,
    allowed: &[LockState],
    what: &str,
) -> Result<()> {
    let now = status(place, slot.as_ref())?.state;
    if allowed.contains(&now) {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "{what} is not possible now: the data is {}.",
            match now {
                LockState::FirstRun => "not created yet",
                LockState::Upgrade => "a plain file not yet asked about",
                LockState::Locked => "locked",
                LockState::Unlocked => "already open",
                LockState::Updating => "being updated for this version",
            }
        )))
    }
}

fn remember(place: &Place<'_>, key: &Passphrase, wanted: bool) {
    if wanted {
        // No keyring on this laptop: nothing is remembered, and the status says so.
        place.keyring.set(place.db_path, key);
    }
}

/// First run or upgrade: encrypts the data with `passphrase` (a new file is created encrypted; a plain
/// one from before is encrypted in place with its backups, kept until the encrypted one is checked)
/// and opens it; `remember` keeps the passphrase in the keyring.
pub fn create_passphrase(
    place: &Place<'_>,
    slot: &mut Option<Store>,
    passphrase: &Passphrase,
    remember_it: bool,
) -> Result<SecurityStatus> {
    expect(
        place,
        slot,
        &[LockState::FirstRun, LockState::Upgrade],
        "Choosing a first passphrase",
    )?;
    passphrase.check_new("passphrase")?;
    if file_state(place.db_path)? == FileState::Plain {
        encryption::encrypt_file(place.db_path, passphrase)?;
    }
    *slot = Some(place.open(Some(passphrase))?);
    record_choice(place, true)?;
    remember(place, passphrase, remember_it);
    status(place, slot.as_ref())
}

/// First run or upgrade: "no passphrase on this laptop": the data file is (or stays) plain, the
/// choice is recorded so the app does not ask again, and the data is opened.
pub fn choose_no_passphrase(place: &Place<'_>, slot: &mut Option<Store>) -> Result<SecurityStatus> {
    expect(
        place,
        slot,
        &[LockState::FirstRun, LockState::Upgrade],
        "Choosing no passphrase",
    )?;
    record_choice(place, false)?;
    *slot = Some(place.open(None)?);
    status(place, slot.as_ref())
}

/// Opens the encrypted data file with `passphrase`; a wrong one is `wrong_passphrase`, the file
/// untouched. `remember` keeps it in the keyring.
pub fn unlock(
    place: &Place<'_>,
    slot: &mut Option<Store>,
    passphrase: &Passphrase,
    remember_it: bool,
) -> Result<SecurityStatus> {
    expect(place, slot, &[LockState::Locked], "Unlocking")?;
    *slot = Some(place.open(Some(passphrase))?);
    remember(place, passphrase, remember_it);
    status(place, slot.as_ref())
}

/// Locks: closes the connection (the front end saved what was typed first). A plain file, kept plain
/// by choice, has nothing to lock: the status is returned unchanged.
pub fn lock(place: &Place<'_>, slot: &mut Option<Store>) -> Result<SecurityStatus> {
    if slot.as_ref().is_some_and(Store::is_encrypted) {
        if let Some(store) = slot.take() {
            store.close()?;
        }
        // The plain copies of opened packs go with the lock.
        if let Some(dir) = place.private_dir {
            crate::data::private::clear_in(dir)?;
        }
    }
    status(place, slot.as_ref())
}

/// The open, encrypted store, with `old` proved to be its passphrase.
fn encrypted_with<'a>(slot: &'a mut Option<Store>, old: &Passphrase) -> Result<&'a mut Store> {
    let store = slot.as_mut().ok_or(Error::Locked)?;
    match store.key() {
        None => Err(Error::Invalid(
            "The data file has no passphrase: set one instead.".into(),
        )),
        Some(key) if key.expose() == old.expose() => Ok(store),
        Some(_) => Err(Error::WrongPassphrase(
            "The current passphrase is not the one given. Nothing was changed.".into(),
        )),
    }
}

/// Changes the passphrase from `old` to `new` (`PRAGMA rekey`: every page re-encrypted at once). A
/// passphrase remembered in the keyring is replaced by the new one. Backups taken before keep the key
/// they were made with (a restore asks for it).
pub fn change_passphrase(
    place: &Place<'_>,
    slot: &mut Option<Store>,
    old: &Passphrase,
    new: &Passphrase,
) -> Result<SecurityStatus> {
    new.check_new("new_passphrase")?;
    let store = encrypted_with(slot, old)?;
    store.rekey(new)?;
    if place.keyring.get(place.db_path).is_some() {
        place.keyring.set(place.db_path, new);
    }
    status(place, slot.as_ref())
}

/// Removes the passphrase: the data file becomes a plain file again (the UI warns first), the choice
/// is recorded and the remembered passphrase forgotten. `old` must be the current passphrase.
pub fn remove_passphrase(
    place: &Place<'_>,
    slot: &mut Option<Store>,
    old: &Passphrase,
) -> Result<SecurityStatus> {
    encrypted_with(slot, old)?;
    if let Some(store) = slot.take() {
        store.close()?;
    }
    let decrypted = encryption::decrypt_file(place.db_path, old);
    // Whatever happened, the data is opened again: plain if the decryption was done, else as it was.
    let key = match file_state(place.db_path)? {
        FileState::Encrypted => Some(old),
        _ => None,
    };
    *slot = Some(place.open(key)?);
    decrypted?;
    record_choice(place, false)?;
    place.keyring.forget(place.db_path);
    status(place, slot.as_ref())
}

/// Sets a passphrase on a data file kept plain by choice: it is encrypted in place (with its
/// backups) and opened again; `remember` keeps the passphrase in the keyring.
pub fn set_passphrase(
    place: &Place<'_>,
    slot: &mut Option<Store>,
    new: &Passphrase,
    remember_it: bool,
) -> Result<SecurityStatus> {
    new.check_new("passphrase")?;
    match slot.as_ref() {
        Some(store) if store.is_encrypted() => {
            return Err(Error::Invalid(
                "The data file already has a passphrase: change it instead.".into(),
            ))
        }
        Some(_) => {}
        None => return Err(Error::Locked),
    }
    if let Some(store) = slot.take() {
        store.close()?;
    }
    let encrypted = encryption::encrypt_file(place.db_path, new);
    let key = match file_state(place.db_path)? {
        FileState::Encrypted => Some(new),
        _ => None,
    };
    *slot = Some(place.open(key)?);
    encrypted?;
    record_choice(place, true)?;
    remember(place, new, remember_it);
    status(place, slot.as_ref())
}

/// Forgets the passphrase remembered for this data file in the keyring.
pub fn forget_passphrase(place: &Place<'_>, store: Option<&Store>) -> Result<SecurityStatus> {
    place.keyring.forget(place.db_path);
    status(place, store)
}
