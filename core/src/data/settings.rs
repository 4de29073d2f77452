//! The person's preferences. They live in a small JSON file in the configuration folder, not in the
//! database, because one of them is where the database is (and, with an encrypted database, they must
//! be readable before it is unlocked: how long before the app locks itself). A missing file means the
//! defaults. No secret is ever kept here.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The settings file's name in `~/.config/org.delegationdesk.app/`.
pub const FILE: &str = "settings.json";

/// How long the app waits, idle, before it locks itself, unless the person chose otherwise.
pub const LOCK_AFTER_MINUTES: u32 = 15;
/// The longest idle time before locking that may be set (a day).
pub const MAX_LOCK_AFTER_MINUTES: u32 = 24 * 60;

/// What a person can set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Where the data file is; `None`: the data folder's default. `DESK_DB` overrides it.
    pub data_path: Option<String>,
    /// `system` (default), `light` or `dark`.
    pub theme: Theme,
    /// A second time zone (IANA, e.g. the capital's) shown beside the conference's; `None`: only the
    /// conference's. Times are always stored in UTC and shown in the conference's zone first.
    pub home_time_zone: Option<String>,
    /// Who this laptop belongs to ("You are"): for each conference (by id), the member's id. A note with
    /// an author can be deleted only by that author as set here. Members belong to one conference, so
    /// a laptop carried to the next conference says anew who its owner is there.
    pub me: BTreeMap<i64, i64>,
    /// Minutes without a key or a click before the app locks itself; `None` or 0: never. Default 15.
    pub lock_after_minutes: Option<u32>,
    /// The passphrase question, answered on this laptop: `Some(false)` "no passphrase on this laptop"
    /// (the data file stays plain, and the app does not ask again), `Some(true)` a passphrase was
    /// chosen; `None` never asked (a plain file is then one from before encryption: the app asks).
    /// Set by the security operations only; saving the settings keeps it as it is.
    pub passphrase: Option<bool>,
}

impl Settings {
    /// The member this laptop belongs to in `conference`, if set.
    pub fn me_in(&self, conference: i64) -> Option<i64> {
        self.me.get(&conference).copied()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data_path: None,
            theme: Theme::System,
            home_time_zone: None,
            me: BTreeMap::new(),
            lock_after_minutes: Some(LOCK_AFTER_MINUTES),
            passphrase: None,
        }
    }
}

/// The colour theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the operating system.
    #[default]
    System,
    Light,
    Dark,
}

/// Reads the settings; a missing file gives the defaults, a broken one an error naming it.
pub fn load(path: &Path) -> Result<Settings> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            Error::Invalid(format!(
                "{} line {}: {e}. Fix or delete the file to get the defaults.",
                path.display(),
                e.line()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(source) => Err(Error::io(format!("Could not read {}", path.display()))(
            source,
        )),
    }
}

/// Checks and writes the settings (complete or not at all).
pub fn save(path: &Path, settings: &Settings) -> Result<()> {
    if let Some(zone) = settings.home_time_zone.as_deref() {
        crate::time::parse_tz(zone).map_err(|_| {
            Error::invalid(
                "home_time_zone",
                format!("\"{zone}\" is not an IANA time zone such as America/New_York"),
            )
        })?;
    }
    if let Some(data) = settings.data_path.as_deref() {
        if !Path::new(data).is_absolute() {
            return Err(Error::invalid(
                "data_path",
                format!("\"{data}\" is not an absolute path"),
            ));
        }
    }
    if let Some(minutes) = settings.lock_after_minutes {
        if minutes > MAX_LOCK_AFTER_MINUTES {
            return Err(Error::invalid(
                "lock_after_minutes",
                format!("{minutes} is more than a day ({MAX_LOCK_AFTER_MINUTES} minutes)"),
            ));
        }
    }
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(Error::io(format!("Could not create {}", dir.display())))?;
    let text =
        serde_json::to_string_pretty(settings).map_err(|e| Error::Internal(e.to_string()))?;
    // A temporary file, synced, renamed over the old one: a crash leaves the old settings or the new.
    super::files::write_atomically(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_settings_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(&dir.path().join(FILE)).unwrap(), Settings::default());
    }

    #[test]
    fn settings_survive_a_save_and_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(FILE);
        let s = Settings {
            data_path: Some("/data/desk.sqlite3".into()),
            theme: Theme::Dark,
            home_time_zone: Some("America/New_York".into()),
            me: BTreeMap::from([(3, 12)]),
            lock_after_minutes: None,
            passphrase: Some(false),
        };
        save(&path, &s).unwrap();
        assert_eq!(load(&path).unwrap(), s);
    }

    #[test]
    fn who_the_laptop_belongs_to_is_kept_per_conference() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        std::fs::write(&path, r#"{ "theme": "light", "me": { "3": 12, "7": 40 } }"#).unwrap();
        let s = load(&path).unwrap();
        assert_eq!(
            (s.me_in(3), s.me_in(7), s.me_in(5)),
            (Some(12), Some(40), None)
        );
        let before: Settings = serde_json::from_str(r#"{ "theme": "dark" }"#).unwrap();
        assert!(before.me.is_empty(), "a file from before has nobody set");
        std::fs::write(&path, r#"{ "me": { "three": 12 } }"#).unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("settings.json line 1"), "{err}");
    }

    #[test]
    fn a_settings_file_from_before_locking_gets_the_default_idle_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        std::fs::write(&path, r#"{ "theme": "dark" }"#).unwrap();
        let s = load(&path).unwrap();
        assert_eq!(
            s.lock_after_minutes,
            Some(LOCK_AFTER_MINUTES),
            "15 by default"
        );
        assert_eq!(s.passphrase, None, "never asked");
        std::fs::write(&path, r#"{ "lock_after_minutes": null }"#).unwrap();
        assert_eq!(load(&path).unwrap().lock_after_minutes, None, "null: never");
    }

    #[test]
    fn an_idle_time_longer_than_a_day_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        let bad = Settings {
            lock_after_minutes: Some(MAX_LOCK_AFTER_MINUTES + 1),
            ..Default::default()
        };
        let err = save(&path, &bad).unwrap_err().to_string();
        assert!(err.starts_with("lock_after_minutes:"), "{err}");
        assert!(!path.exists(), "nothing written");
    }

    #[test]
    fn a_broken_settings_file_is_named_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        std::fs::write(&path, "{\n  \"theme\": \"purple\"\n}").unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("settings.json line 2"), "{err}");
    }

    #[test]
    fn a_second_time_zone_that_is_not_iana_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        let bad = Settings {
            home_time_zone: Some("Washington".into()),
            ..Default::default()
        };
        let err = save(&path, &bad).unwrap_err().to_string();
        assert!(
            err.starts_with("home_time_zone:"),
            "the field is named: {err}"
        );
        assert!(!path.exists(), "nothing written");
    }

    #[test]
    fn a_relative_data_path_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        let rel = Settings {
            data_path: Some("desk.sqlite3".into()),
            ..Default::default()
        };
        assert!(save(&path, &rel)
            .unwrap_err()
            .to_string()
            .starts_with("data_path:"));
        assert!(!path.exists(), "nothing written");
    }
}
