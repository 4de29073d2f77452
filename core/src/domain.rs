//! The words of the domain: what a session is, how much it matters, what part a delegate plays in it.
//! Each closed set is an enum stored and exchanged as a short lower-case word (`as_str`), and shown to
//! a reader as its label (`label`): the pack, the daily report and the app's `format.js` say the same
//! words. The command line prints the stored words, which are what it accepts back.

use serde::{Deserialize, Serialize};

/// Defines a closed vocabulary stored as text: `as_str`, `FromStr` with an error that lists the
/// accepted words, `Display`, serde and rusqlite conversions.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in their natural order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and displayed word.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::Error;
            fn from_str(s: &str) -> crate::Result<Self> {
                let t = s.trim().to_ascii_lowercase();
                match t.as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(crate::Error::invalid(
                        $what,
                        format!("\"{s}\" is not one of: {}", [$($text),+].join(", ")),
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                // `pad` so that width and alignment (`{:<8}`) work in tables.
                f.pad(self.as_str())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = value.as_str()?;
                s.parse().map_err(|e: crate::Error| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

text_enum!(
    /// What kind of programme item a session is.
    SessionKind, "kind" {
        Opening = "opening",
        Plenary = "plenary",
        Panel = "panel",
        SideEvent = "side-event",
        /// Coffee, lunch, registration: nobody is assigned to a break.
        Break = "break",
        Closing = "closing",
        Other = "other",
    }
);

text_enum!(
    /// How much the delegation cares about covering a session.
    Priority, "priority" {
        Must = "must",
        Should = "should",
        Optional = "optional",
        Skip = "skip",
    }
);

text_enum!(
    /// What a delegate does in a session.
    Role, "role" {
        /// Leads for the delegation (takes the floor if needed, owns the follow-up).
        Lead = "lead",
        Attend = "attend",
        /// Is on the programme as a speaker.
        Speak = "speak",
        /// Takes the delegation's notes.
        Notes = "notes",
    }
);

text_enum!(
    /// Where a session came from.
    SessionOrigin, "origin" {
        Sample = "sample",
        /// From an agenda file; re-imports update it.
        Import = "import",
        /// Typed in by the coordinator (a side event announced on the day).
        Manual = "manual",
    }
);

text_enum!(
    /// Whether a session still takes place.
    SessionStatus, "status" {
        Scheduled = "scheduled",
        /// Dropped from the programme by a re-import; kept because of its notes or assignments.
        Cancelled = "cancelled",
    }
);

text_enum!(
    /// Who made an assignment.
    AssignmentOrigin, "origin" {
        /// The coordinator; the auto-planner never touches it unless asked.
        Manual = "manual",
        /// The auto-planner.
        Auto = "auto",
    }
);

text_enum!(
    /// What a note records.
    #[derive(Default)]
    NoteKind, "kind" {
        /// What was said or seen (the default).
        #[default]
        Observation = "observation",
        /// A practice worth copying.
        GoodPractice = "good-practice",
        /// A State or organisation undertook to do something.
        Commitment = "commitment",
        /// Something to find out.
        Question = "question",
        /// What our delegation said.
        Intervention = "intervention",
        /// Something to do afterwards.
        FollowUp = "follow-up",
    }
);

text_enum!(
    /// Where a follow-up action stands.
    ActionStatus, "status" {
        /// Still to do (overdue once its due date has passed).
        Open = "open",
        Done = "done",
    }
);

impl Priority {
    /// The wanted head-count when the coordinator has not set one: one person for must and should.
    pub fn default_need(self) -> i64 {
        match self {
            Priority::Must | Priority::Should => 1,
            Priority::Optional | Priority::Skip => 0,
        }
    }
}

impl SessionKind {
    /// The words shown for it: "Side event".
    pub fn label(self) -> &'static str {
        match self {
            SessionKind::Opening => "Opening",
            SessionKind::Plenary => "Plenary",
            SessionKind::Panel => "Panel",
            SessionKind::SideEvent => "Side event",
            SessionKind::Break => "Break",
            SessionKind::Closing => "Closing",
            SessionKind::Other => "Other",
        }
    }
}

impl Priority {
    /// The word shown for it: "Must".
    pub fn label(self) -> &'static str {
        match self {
            Priority::Must => "Must",
            Priority::Should => "Should",
            Priority::Optional => "Optional",
            Priority::Skip => "Skip",
        }
    }
}

impl Role {
    /// The word shown for it where a role is chosen or named on its own: "Lead".
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "Lead",
            Role::Attend => "Attend",
            Role::Speak => "Speak",
            Role::Notes => "Notes",
        }
    }

    /// The word the pack prints after a person's name, a verb where one reads better:
    /// "Zoë Achterberg (lead)", "Mehmet Murphy (attends)".
    pub fn beside_name(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Attend => "attends",
            Role::Speak => "speaks",
            Role::Notes => "notes",
        }
    }
}

impl SessionStatus {
    /// The word shown for it: "Cancelled".
    pub fn label(self) -> &'static str {
        match self {
            SessionStatus::Scheduled => "Scheduled",
            SessionStatus::Cancelled => "Cancelled",
        }
    }
}

impl NoteKind {
    /// The words shown for it: "Good practice", "Our intervention".
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Observation => "Observation",
            NoteKind::GoodPractice => "Good practice",
            NoteKind::Commitment => "Commitment",
            NoteKind::Question => "Question",
            NoteKind::Intervention => "Our intervention",
            NoteKind::FollowUp => "Follow-up",
        }
    }
}

impl ActionStatus {
    /// The word shown for it: "Open", "Done".
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::Done => "Done",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_back_to_the_same_value() {
        for kind in SessionKind::ALL {
            assert_eq!(kind.as_str().parse::<SessionKind>().unwrap(), *kind);
        }
        assert_eq!(
            " Side-Event ".parse::<SessionKind>().unwrap(),
            SessionKind::SideEvent
        );
        assert_eq!("MUST".parse::<Priority>().unwrap(), Priority::Must);
    }

    #[test]
    fn an_unknown_word_is_refused_with_the_accepted_ones() {
        let message = "chair".parse::<Role>().unwrap_err().to_string();
        assert_eq!(
            message,
            "role: \"chair\" is not one of: lead, attend, speak, notes"
        );
    }

    #[test]
    fn serde_uses_the_stored_words() {
        assert_eq!(
            serde_json::to_string(&SessionKind::SideEvent).unwrap(),
            "\"side-event\""
        );
        assert_eq!(
            serde_json::from_str::<Priority>("\"skip\"").unwrap(),
            Priority::Skip
        );
        assert_eq!(
            serde_json::to_string(&ActionStatus::Done).unwrap(),
            "\"done\"",
            "an action's status crosses IPC as the word stored in the database"
        );
        assert_eq!(
            serde_json::from_str::<ActionStatus>("\"open\"").unwrap(),
            ActionStatus::Open
        );
    }

    /// The app's `ui/format.js` says `code: 'Label'` or `{ code: 'x', label: 'Label' }` for a code.
    fn format_js_says(js: &str, code: &str, label: &str) -> bool {
        [
            format!("{code}: '{label}'"),
            format!("'{code}': '{label}'"),
            format!("code: '{code}', label: '{label}'"),
        ]
        .iter()
        .any(|line| js.contains(line.as_str()))
    }

    #[test]
    fn the_labels_are_the_words_the_app_shows() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/format.js");
        let js = std::fs::read_to_string(path).unwrap();
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        pairs.extend(SessionKind::ALL.iter().map(|k| (k.as_str(), k.label())));
        pairs.extend(Priority::ALL.iter().map(|p| (p.as_str(), p.label())));
        pairs.extend(Role::ALL.iter().map(|r| (r.as_str(), r.label())));
        pairs.extend(SessionStatus::ALL.iter().map(|s| (s.as_str(), s.label())));
        pairs.extend(NoteKind::ALL.iter().map(|k| (k.as_str(), k.label())));
        for (code, label) in pairs {
            assert!(
                format_js_says(&js, code, label),
                "ui/format.js does not show \"{code}\" as \"{label}\""
            );
        }
    }
}
