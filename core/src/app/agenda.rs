//! The app's agendas out: a member's agenda for the "My agenda" view, and its `.ics` export to a path
//! the person chose in the native save dialog.

use std::path::Path;

use crate::agenda::ics::{self as agenda_ics, Exported};
use crate::agenda::{self, Agenda};
use crate::{programme::conference, Result, Store};

/// The agenda of a member, or of the whole delegation when `member_id` is `None`.
pub fn member_agenda(store: &Store, member_id: Option<i64>) -> Result<Agenda> {
    let c = conference::select(store.conn(), None)?;
    agenda::build(store, &c, member_id)
}

/// Writes the agenda as an iCalendar file at `path` (which must end in `.ics`).
pub fn export_agenda_ics(store: &Store, member_id: Option<i64>, path: &str) -> Result<Exported> {
    let c = conference::select(store.conn(), None)?;
    let a = agenda::build(store, &c, member_id)?;
    agenda_ics::export(&a, &c, Path::new(path), chrono::Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{assign, list_members, list_sessions, load_sample};

    #[test]
    fn a_members_agenda_is_exported_to_the_chosen_file() {
        let mut store = Store::open_in_memory().unwrap();
        load_sample(&mut store).unwrap();
        let member = list_members(&store).unwrap().remove(0);
        let panel = list_sessions(&store)
            .unwrap()
            .into_iter()
            .find(|s| s.title.starts_with("Panel 1"))
            .unwrap();
        assign(&mut store, panel.id, member.id, "lead").unwrap();
        let a = member_agenda(&store, Some(member.id)).unwrap();
        assert_eq!(a.len(), 1);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("agenda.ics");
        let done = export_agenda_ics(&store, Some(member.id), path.to_str().unwrap()).unwrap();
        assert_eq!(done.events, 1);
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .contains("BEGIN:VEVENT"));
    }
}
