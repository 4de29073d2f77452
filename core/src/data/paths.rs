//! Where the data lives. The app and `desk` share one file: by default in the operating system's data
//! folder for the app's identifier (on Linux `~/.local/share/org.delegationdesk.app/desk.sqlite3`),
//! overridden by `--db PATH` or the `DESK_DB` environment variable.

use std::path::PathBuf;

use super::settings;
use crate::{Error, Result};

/// The app's identifier, also the name of its data folder.
pub const IDENTIFIER: &str = "org.delegationdesk.app";
/// The environment variable that points the app and `desk` at another database.
pub const DB_ENV: &str = "DESK_DB";
/// The database's file name inside the data folder.
pub const DB_FILE: &str = "desk.sqlite3";

/// The database path: `DESK_DB` when set and not empty, else the one chosen in the settings, else the
/// default in the data folder.
pub fn database_path() -> Result<PathBuf> {
    match std::env::var_os(DB_ENV) {
        Some(p) if !p.is_empty() => Ok(PathBuf::from(p)),
        _ => {
            let chosen = settings::load(&settings_path()?)?.data_path;
            match chosen {
                Some(p) => Ok(PathBuf::from(p)),
                None => default_database_path(),
            }
        }
    }
}

/// The default database path in the operating system's data folder.
pub fn default_database_path() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join(IDENTIFIER).join(DB_FILE))
        .ok_or_else(|| {
            Error::Internal("the operating system reports no data folder (is HOME set?)".into())
        })
}

/// Where the settings file is.
pub fn settings_path() -> Result<PathBuf> {
    dirs::config_dir()
        .map(|d| d.join(IDENTIFIER).join(settings::FILE))
        .ok_or_else(|| {
            Error::Internal(
                "the operating system reports no configuration folder (is HOME set?)".into(),
            )
        })
}
