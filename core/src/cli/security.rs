//! The passphrase on the command line. `desk` reads the data file's passphrase from `DESK_PASSPHRASE`,
//! else asks for it on the terminal without echo; with neither (a script without the variable) an
//! encrypted file is refused with one line saying how to give it. A new file is created encrypted when
//! `DESK_PASSPHRASE` is set, plain otherwise (as before encryption). `desk passphrase set|change|remove`
//! encrypt a plain file, change the passphrase, or make the file plain again; the new passphrase comes
//! from `DESK_NEW_PASSPHRASE` or is asked twice on the terminal.

use std::io::{IsTerminal, Write};
use std::path::Path;

use clap::Subcommand;

use super::output;
use crate::app::security::{self, Place};
use crate::data::keyring::NoKeyring;
use crate::store::{file_state, FileState, Passphrase};
use crate::{Error, Result};

/// The variable holding the data file's passphrase.
pub const PASSPHRASE_ENV: &str = "DESK_PASSPHRASE";
/// The variable holding the new passphrase for `desk passphrase set|change`.
pub const NEW_PASSPHRASE_ENV: &str = "DESK_NEW_PASSPHRASE";
/// The variable holding the passphrase of a backup made with another one, for `desk restore`.
pub const BACKUP_PASSPHRASE_ENV: &str = "DESK_BACKUP_PASSPHRASE";
/// The delegation's exchange passphrase (`desk exchange`, `desk join`), separate from the data file's.
pub const EXCHANGE_PASSPHRASE_ENV: &str = "DESK_EXCHANGE_PASSPHRASE";

/// The exchange passphrase: `DESK_EXCHANGE_PASSPHRASE`, else asked on the terminal without echo.
pub fn for_exchange() -> Result<Passphrase> {
    read(
        EXCHANGE_PASSPHRASE_ENV,
        "Exchange passphrase of the delegation: ",
    )?
    .ok_or_else(|| {
        Error::PassphraseNeeded(format!(
            "The exchange files are sealed with the delegation's passphrase: set \
             {EXCHANGE_PASSPHRASE_ENV} or run desk on a terminal to type it. Nothing was changed."
        ))
    })
}

/// `desk passphrase set|change|remove`
#[derive(Debug, Subcommand)]
pub enum PassphraseCommand {
    /// Encrypt a plain data file with a new passphrase (DESK_NEW_PASSPHRASE, or asked twice)
    Set,
    /// Change the passphrase (the current one from DESK_PASSPHRASE or asked; the new one from
    /// DESK_NEW_PASSPHRASE or asked twice)
    Change,
    /// Decrypt the data file: it becomes a plain file anyone with the laptop can read
    Remove,
}

/// A passphrase from the variable `env`, else asked on the terminal with `prompt`; `None` when there
/// is neither.
fn read(env: &str, prompt: &str) -> Result<Option<Passphrase>> {
    if let Some(value) = std::env::var_os(env) {
        let text = value
            .into_string()
            .map_err(|_| Error::invalid(env, "is not valid UTF-8"))?;
        return Ok(Some(Passphrase::new(text)));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    rpassword::prompt_password(prompt)
        .map(|p| Some(Passphrase::new(p)))
        .map_err(Error::io("Could not read the passphrase from the terminal"))
}

/// The passphrase to open the data file at `path` with: for an encrypted file, from `DESK_PASSPHRASE`
/// or the terminal (none: `passphrase_needed`); for a missing file, `DESK_PASSPHRASE` if set (the new
/// file is encrypted with it); for a plain file, none.
pub fn for_open(path: &Path) -> Result<Option<Passphrase>> {
    match file_state(path)? {
        FileState::Plain => Ok(None),
        FileState::Missing => match std::env::var_os(PASSPHRASE_ENV) {
            Some(_) => read(PASSPHRASE_ENV, ""),
            None => Ok(None),
        },
        FileState::Encrypted => read(
            PASSPHRASE_ENV,
            &format!("Passphrase for {}: ", path.display()),
        )?
        .map(Some)
        .ok_or_else(|| {
            Error::PassphraseNeeded(format!(
                "{} is encrypted: set {PASSPHRASE_ENV} or run desk on a terminal to type the \
                 passphrase. Nothing was changed.",
                path.display()
            ))
        }),
    }
}

/// The passphrase of a copy to restore from, when it is encrypted: `DESK_BACKUP_PASSPHRASE`, else
/// `None` (the data file's own is tried; a copy made with another asks on the terminal).
pub fn for_copy(copy: &Path, current: Option<&Passphrase>) -> Result<Option<Passphrase>> {
    if let Some(value) = std::env::var_os(BACKUP_PASSPHRASE_ENV) {
        let text = value
            .into_string()
            .map_err(|_| Error::invalid(BACKUP_PASSPHRASE_ENV, "is not valid UTF-8"))?;
        return Ok(Some(Passphrase::new(text)));
    }
    if file_state(copy)? != FileState::Encrypted {
        return Ok(None);
    }
    // The data file's own passphrase opens it: nothing to ask.
    let opens = current.is_some_and(|k| crate::data::backup::describe(copy, Some(k)).is_ok());
    if opens || !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    read(
        BACKUP_PASSPHRASE_ENV,
        &format!("Passphrase {} was made with: ", copy.display()),
    )
}

/// The new passphrase: `DESK_NEW_PASSPHRASE`, else asked twice on the terminal.
fn new_passphrase() -> Result<Passphrase> {
    if std::env::var_os(NEW_PASSPHRASE_ENV).is_some() {
        return read(NEW_PASSPHRASE_ENV, "")?.ok_or_else(|| Error::Internal("unreachable".into()));
    }
    let none = || {
        Error::invalid(
            NEW_PASSPHRASE_ENV,
            "is not set, and desk is not on a terminal to ask for the new passphrase",
        )
    };
    let first = read(NEW_PASSPHRASE_ENV, "New passphrase: ")?.ok_or_else(none)?;
    let again = read(NEW_PASSPHRASE_ENV, "The new passphrase again: ")?.ok_or_else(none)?;
    if first.expose() != again.expose() {
        return Err(Error::Invalid(
            "The two new passphrases differ. Nothing was changed.".into(),
        ));
    }
    Ok(first)
}

/// Runs `desk passphrase ...` on the data file at `db_path`; the choice is recorded in the settings at
/// `settings_path` (when there is one) as the app's would be.
pub fn run(
    db_path: &Path,
    settings_path: Option<&Path>,
    command: PassphraseCommand,
    out: &mut dyn Write,
) -> Result<()> {
    let place = Place {
        db_path,
        settings_path,
        keyring: &NoKeyring,
        private_dir: None,
        check: crate::store::Check::Now,
    };
    if file_state(db_path)? == FileState::Missing {
        return Err(Error::NotFound(format!(
            "{} does not exist yet: there is nothing to encrypt.",
            db_path.display()
        )));
    }
    let said = match command {
        PassphraseCommand::Set => {
            if file_state(db_path)? == FileState::Encrypted {
                return Err(Error::Invalid(format!(
                    "{} is already encrypted: use `desk passphrase change`.",
                    db_path.display()
                )));
            }
            let new = new_passphrase()?;
            let mut slot = Some(crate::data::open_store(db_path, None)?);
            security::set_passphrase(&place, &mut slot, &new, false)?;
            "The data file is now encrypted."
        }
        PassphraseCommand::Change => {
            let old = for_open(db_path)?;
            let mut slot = Some(crate::data::open_store(db_path, old.as_ref())?);
            let old = old.ok_or_else(|| {
                Error::Invalid(format!(
                    "{} is not encrypted: use `desk passphrase set`.",
                    db_path.display()
                ))
            })?;
            let new = new_passphrase()?;
            security::change_passphrase(&place, &mut slot, &old, &new)?;
            "The passphrase was changed. Backups made before keep the passphrase they were made with."
        }
        PassphraseCommand::Remove => {
            let old = for_open(db_path)?.ok_or_else(|| {
                Error::Invalid(format!(
                    "{} is not encrypted: there is no passphrase to remove.",
                    db_path.display()
                ))
            })?;
            let mut slot = Some(crate::data::open_store(db_path, Some(&old))?);
            security::remove_passphrase(&place, &mut slot, &old)?;
            "The data file is no longer encrypted: anyone with this laptop can read it."
        }
    };
    output::line(out, said)
}
