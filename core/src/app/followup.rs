//! The app's follow-up actions and daily report commands.

use crate::notes::actions::{self, Action, NewAction};
use crate::notes::report::{self, DailyReport};
use crate::programme::conference;
use crate::{time, Result, Store};

/// The actions, open ones first by due date; `overdue` against today in the conference's zone.
pub fn list_actions(store: &Store) -> Result<Vec<Action>> {
    let c = conference::select(store.conn(), None)?;
    actions::list(store.conn(), &c, actions::today(&c)?)
}

/// Adds an action (optionally from a note); resolves with it.
pub fn add_action(
    store: &mut Store,
    title: &str,
    owner_id: Option<i64>,
    due_on: Option<String>,
    note_id: Option<String>,
) -> Result<Action> {
    let c = conference::select(store.conn(), None)?;
    let id = actions::add(
        store,
        &c,
        &NewAction {
            title: title.into(),
            owner_id,
            due_on,
            note_id,
        },
    )?;
    actions::get(store.conn(), &c, id)
}

/// Marks an action done or open again; resolves with it.
pub fn set_action_done(store: &mut Store, id: i64, done: bool) -> Result<Action> {
    let c = conference::select(store.conn(), None)?;
    actions::set_done(store, &c, id, done)?;
    actions::get(store.conn(), &c, id)
}

/// A day's report: the draft from the notes and the saved edit, if any.
pub fn get_report(store: &Store, day: &str) -> Result<DailyReport> {
    let c = conference::select(store.conn(), None)?;
    report::get(store.conn(), &c, time::parse_date("day", day)?)
}

/// Keeps the edited report of a day (an empty text returns to the draft).
pub fn save_report(store: &mut Store, day: &str, body: &str) -> Result<DailyReport> {
    let c = conference::select(store.conn(), None)?;
    report::save(store, &c, time::parse_date("day", day)?, body)
}
