//! The operations layer: one function per thing a person can do, shared by both front ends. The Tauri
//! shell (`src-tauri/src/commands/`) and the `desk` command line (`cli/`) each parse their input, resolve
//! the conference they work on ([`conferences::resolve`]), make one call here and show the answer; the
//! engine modules below are never composed by a front end itself. The IPC contract is `docs/ipc.md`, the
//! command line's `docs/cli.md`.
//!
//! Every operation on a conference's data takes that conference's id (`conference: i64`); the app passes
//! the current one, the command line the one `--conference` names. Operations never read the environment
//! or look for the person's folders: the front end resolves paths once and passes what is needed (the
//! data file's path, the settings file's path, the home time zone).
//!
//! The modules carry the feature names used in every layer (`cli/`, `src-tauri/src/commands/`, the
//! sections of `ui/api.js`).

pub mod actions;
pub mod agenda;
pub mod conferences;
pub mod data;
pub mod delegation;
pub mod exchange;
pub mod import;
pub mod launch;
pub mod notes;
pub mod pack;
pub mod planner;
pub mod programme;
pub mod security;
pub mod taxonomy;

#[cfg(test)]
mod security_tests;
#[cfg(test)]
mod security_update_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ErrorCode, Store};

    #[test]
    fn the_app_flow_loads_assigns_and_notes_on_the_current_conference() {
        let mut store = Store::open_in_memory().unwrap();
        let c = conferences::load_sample(&mut store).unwrap().conference;
        let current = conferences::resolve(&store, None).unwrap();
        assert_eq!(current.id, c.id, "the sample is the current conference");
        let panel = programme::list_sessions(&store, c.id, None, None)
            .unwrap()
            .into_iter()
            .find(|s| s.title.starts_with("Panel 3"))
            .unwrap();
        let member = delegation::list_members(&store, c.id).unwrap().remove(0);
        let s = planner::assign(&mut store, panel.id, member.id, "lead").unwrap();
        assert_eq!(s.assignments[0].member_name, member.name);
        assert_eq!(
            planner::assign(&mut store, panel.id, member.id, "boss")
                .unwrap_err()
                .code(),
            ErrorCode::Invalid
        );
        let note = notes::save_note(
            &mut store,
            c.id,
            notes::NoteDraft {
                session_id: Some(panel.id),
                body: "Law covers demand.".into(),
                blocks: vec!["law".into()],
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            notes::list_notes(&store, c.id, Some(panel.id)).unwrap(),
            vec![note]
        );
        assert_eq!(
            taxonomy::list_blocks(&store, c.id).unwrap().len(),
            18,
            "13 blocks and the referral mechanism's 5 sub-elements"
        );
    }
}
