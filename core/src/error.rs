//! One error type for the whole engine, and the `{code, message}` shape in which it crosses the IPC
//! boundary. The code is a small closed set the UI can branch on; the message is a sentence for people.

use serde::Serialize;

/// Everything that can go wrong in `desk-core`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input was refused; the message names the field or value.
    #[error("{0}")]
    Invalid(String),
    /// The thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A name fragment matched several things; the message lists them.
    #[error("{0}")]
    Ambiguous(String),
    /// The database holds no conference yet.
    #[error("There is no conference yet: load the sample conference (`desk sample`) or import an agenda.")]
    NoConference,
    /// The database was written by a newer version of the app and is left untouched.
    #[error(
        "The data file {path} was written by a newer version of Delegation Desk (schema version {found}; \
         this version knows up to {supported}). Nothing was changed: update Delegation Desk to open it."
    )]
    NewerDatabase {
        /// Where the file is.
        path: String,
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },
    /// The data file is damaged or not a Delegation Desk file; it was left untouched.
    #[error("{0}")]
    Unreadable(String),
    /// SQLite refused or failed.
    #[error("The data file could not be read or written: {0}")]
    Database(#[from] rusqlite::Error),
    /// A file could not be read or written.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, naming the file.
        context: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The data file is encrypted and no passphrase was given; the message says how to give one.
    #[error("{0}")]
    PassphraseNeeded(String),
    /// The passphrase does not open the file; nothing was touched.
    #[error("{0}")]
    WrongPassphrase(String),
    /// The app is locked: only the security commands answer until it is unlocked.
    #[error("Delegation Desk is locked: unlock it with the passphrase to go on.")]
    Locked,
    /// The data file is being opened after the window came up (an older version's file, checked,
    /// backed up and migrated once): every command but the wait for it answers this until it is open.
    #[error(
        "The data file is being updated for this version of Delegation Desk; it opens in a moment. \
         Nothing is lost."
    )]
    Updating,
    /// An earlier error repeated as it was reported (the app's failed open, answered on every command).
    #[error("{}", .0.message)]
    Repeated(ErrorPayload),
    /// A bug: something the engine itself should have prevented.
    #[error("Internal error: {0}")]
    Internal(String),
}

/// Shorthand used across the engine.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The small, stable set of error codes the UI branches on (see `docs/ipc.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Invalid,
    NotFound,
    Ambiguous,
    NoConference,
    NewerDatabase,
    Database,
    Io,
    PassphraseNeeded,
    WrongPassphrase,
    Locked,
    Updating,
    Internal,
}

/// What crosses the IPC boundary: `{ "code": "...", "message": "..." }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorPayload {
    /// What kind of failure, for the UI to branch on.
    pub code: ErrorCode,
    /// A sentence for the person at the keyboard.
    pub message: String,
}

impl Error {
    /// The code the UI branches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid(_) => ErrorCode::Invalid,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Ambiguous(_) => ErrorCode::Ambiguous,
            Error::NoConference => ErrorCode::NoConference,
            Error::NewerDatabase { .. } => ErrorCode::NewerDatabase,
            Error::Unreadable(_) | Error::Database(_) => ErrorCode::Database,
            Error::Io { .. } => ErrorCode::Io,
            Error::PassphraseNeeded(_) => ErrorCode::PassphraseNeeded,
            Error::WrongPassphrase(_) => ErrorCode::WrongPassphrase,
            Error::Locked => ErrorCode::Locked,
            Error::Updating => ErrorCode::Updating,
            Error::Repeated(p) => p.code,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The error for a failed file operation, `context` saying what was being done and naming the
    /// file ("Could not write /path/desk.sqlite3"): use as `.map_err(Error::io(context))`.
    pub fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
        let context = context.into();
        move |source| Error::Io { context, source }
    }

    /// The serialisable form of this error.
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
        }
    }

    /// An [`Error::Invalid`] for a named field.
    pub fn invalid(field: &str, why: impl std::fmt::Display) -> Self {
        Error::Invalid(format!("{field}: {why}"))
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_serialises_as_code_and_message() {
        let json = serde_json::to_value(Error::NotFound("No session with id 42.".into())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "code": "not_found", "message": "No session with id 42." }),
            "the IPC error shape is part of the contract in docs/ipc.md"
        );
    }

    #[test]
    fn every_code_serialises_in_snake_case() {
        let cases = [
            (Error::Invalid("x".into()), "invalid"),
            (Error::Ambiguous("x".into()), "ambiguous"),
            (Error::NoConference, "no_conference"),
            (
                Error::NewerDatabase {
                    path: "p".into(),
                    found: 9,
                    supported: 1,
                },
                "newer_database",
            ),
            (Error::Database(rusqlite::Error::InvalidQuery), "database"),
            (
                Error::Io {
                    context: "c".into(),
                    source: std::io::Error::other("e"),
                },
                "io",
            ),
            (Error::Internal("x".into()), "internal"),
            (Error::PassphraseNeeded("x".into()), "passphrase_needed"),
            (Error::WrongPassphrase("x".into()), "wrong_passphrase"),
            (Error::Locked, "locked"),
            (Error::Updating, "updating"),
        ];
        for (error, code) in cases {
            let json = serde_json::to_value(&error).unwrap();
            assert_eq!(json["code"], code, "code of {error:?}");
            assert!(
                json["message"].as_str().is_some_and(|m| !m.is_empty()),
                "message of {error:?}"
            );
        }
    }

    #[test]
    fn a_failed_file_operation_says_what_was_being_done_and_why() {
        let err =
            Error::io("Could not write /tmp/x/desk.sqlite3")(std::io::Error::other("disk full"));
        assert_eq!(err.code(), ErrorCode::Io, "{err}");
        assert_eq!(
            err.to_string(),
            "Could not write /tmp/x/desk.sqlite3: disk full",
            "the context, then the operating system's reason"
        );
    }

    #[test]
    fn a_newer_database_message_says_nothing_was_changed() {
        let message = Error::NewerDatabase {
            path: "/x/desk.sqlite3".into(),
            found: 7,
            supported: 1,
        }
        .to_string();
        assert!(
            message.contains("/x/desk.sqlite3") && message.contains("Nothing was changed"),
            "{message}"
        );
    }
}
