//! Agendas out: a member's agenda for the "My agenda" view and `desk agenda`, and its `.ics` export to a
//! path the person chose (in the native save dialog, or on the command line).

use std::path::Path;

use crate::agenda::ics::{self as agenda_ics, Exported};
use crate::agenda::{self, Agenda};
use crate::{programme::conference, Result, Store};

/// The agenda of a member, or of the whole delegation when `member_id` is `None`.
pub fn member_agenda(store: &Store, conference: i64, member_id: Option<i64>) -> Result<Agenda> {
    let c = conference::get(store.conn(), conference)?;
    agenda::build(store, &c, member_id)
}

/// Writes the agenda as an iCalendar file at `path` (which must end in `.ics`).
pub fn export_agenda_ics(
    store: &Store,
    conference: i64,
    member_id: Option<i64>,
    path: &Path,
) -> Result<Exported> {
    let c = conference::get(store.conn(), conference)?;
    let a = agenda::build(store, &c, member_id)?;
    agenda_ics::export(&a, &c, path, chrono::Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{conferences, delegation, planner, programme};

    #[test]
    fn a_members_agenda_is_exported_to_the_chosen_file() {
        let mut store = Store::open_in_memory().unwrap();
        let c = conferences::load_sample(&mut store).unwrap().conference.id;
        let member = delegation::list_members(&store, c).unwrap().remove(0);
        let panel = programme::list_sessions(&store, c, None, None)
            .unwrap()
            .into_iter()
            .find(|s| s.title.starts_with("Panel 1"))
            .unwrap();
        planner::assign(&mut store, panel.id, member.id, "lead").unwrap();
        let a = member_agenda(&store, c, Some(member.id)).unwrap();
        assert_eq!(a.len(), 1);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("agenda.ics");
        let done = export_agenda_ics(&store, c, Some(member.id), &path).unwrap();
        assert_eq!(done.events, 1);
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .contains("BEGIN:VEVENT"));
    }
}
