//! Follow-up actions: what someone in the delegation has to do after a session, with its owner and due
//! date.

use crate::notes::actions::{self, Action, NewAction};
use crate::programme::conference;
use crate::{Result, Store};

/// The actions, open ones first by due date; `overdue` against today in the conference's zone.
pub fn list_actions(store: &Store, conference: i64) -> Result<Vec<Action>> {
    let c = conference::get(store.conn(), conference)?;
    actions::list(store.conn(), &c, actions::today(&c)?)
}

/// Adds an action (optionally from a note); resolves with it.
pub fn add_action(
    store: &mut Store,
    conference: i64,
    title: &str,
    owner_id: Option<i64>,
    due_on: Option<String>,
    note_id: Option<String>,
) -> Result<Action> {
    let c = conference::get(store.conn(), conference)?;
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
pub fn set_action_done(store: &mut Store, conference: i64, id: i64, done: bool) -> Result<Action> {
    let c = conference::get(store.conn(), conference)?;
    actions::set_done(store, &c, id, done)?;
    actions::get(store.conn(), &c, id)
}
