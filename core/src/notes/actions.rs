//! Follow-up actions: what the delegation has to do after the conference (send a paper, set up a call),
//! created from a note or on their own, each with an owner and a due date. An open action whose due date
//! has passed, in the conference's time zone, is overdue and stands out.

use chrono::{NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::domain::ActionStatus;
use crate::programme::conference::Conference;
use crate::{delegation::members, time, Error, Result, Store};

/// An action as the app and `desk actions list --json` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    pub id: i64,
    pub title: String,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    /// `YYYY-MM-DD`, or none.
    pub due_on: Option<String>,
    /// `open` or `done`.
    pub status: ActionStatus,
    /// Open and due before today (conference time).
    pub overdue: bool,
    /// The note it came from.
    pub note_id: Option<String>,
    /// RFC 3339, conference time.
    pub created_at: String,
    pub done_at: Option<String>,
}

/// What it takes to add an action.
#[derive(Debug, Clone, Default)]
pub struct NewAction {
    pub title: String,
    pub owner_id: Option<i64>,
    pub due_on: Option<String>,
    pub note_id: Option<String>,
}

/// Today in the conference's time zone.
pub fn today(conference: &Conference) -> Result<NaiveDate> {
    Ok(Utc::now().with_timezone(&conference.tz()?).date_naive())
}

/// Adds an open action.
pub fn add(store: &mut Store, conference: &Conference, new: &NewAction) -> Result<i64> {
    let title = new.title.trim();
    if title.is_empty() {
        return Err(Error::invalid("title", "an action needs a title"));
    }
    if title.chars().count() > 500 {
        return Err(Error::invalid("title", "longer than 500 characters"));
    }
    let due = new
        .due_on
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .map(|d| time::parse_date("due", d).map(|d| d.format("%Y-%m-%d").to_string()))
        .transpose()?;
    store.write(|tx| {
        if let Some(owner) = new.owner_id {
            let (conf, name) = members::owner(tx, owner)?;
            if conf != conference.id {
                return Err(Error::invalid(
                    "owner",
                    format!("{name} is not in the delegation to \"{}\"", conference.title),
                ));
            }
        }
        if let Some(note) = new.note_id.as_deref().filter(|n| !n.is_empty()) {
            let conf: Option<i64> = tx
                .query_row("SELECT conference_id FROM note WHERE id = ?1", [note], |r| r.get(0))
                .optional()?;
            if conf != Some(conference.id) {
                return Err(Error::NotFound(format!("No note with id {note}.")));
            }
        }
        let id = crate::store::new_id();
        tx.execute(
            "INSERT INTO follow_up (id, conference_id, note_id, title, owner_id, due_on, status, created_at)
             VALUES (?8, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                conference.id,
                new.note_id.as_deref().filter(|n| !n.is_empty()),
                title,
                new.owner_id,
                due,
                ActionStatus::Open,
                time::now_stored(),
                id
            ],
        )?;
        Ok(id)
    })
}

/// Marks an action done (or open again).
pub fn set_done(store: &mut Store, conference: &Conference, id: i64, done: bool) -> Result<()> {
    store.write(|tx| {
        let n = tx.execute(
            "UPDATE follow_up SET status = ?3, done_at = CASE WHEN ?3 = ?4 THEN ?5 ELSE NULL END
             WHERE id = ?1 AND conference_id = ?2",
            params![
                id,
                conference.id,
                if done {
                    ActionStatus::Done
                } else {
                    ActionStatus::Open
                },
                ActionStatus::Done,
                time::now_stored()
            ],
        )?;
        if n == 0 {
            return Err(Error::NotFound(format!(
                "No action with id {id} (see `desk actions list`)."
            )));
        }
        Ok(())
    })
}

/// The actions: open ones first by due date (undated last), then done ones; `overdue` against `today`.
pub fn list(conn: &Connection, conference: &Conference, today: NaiveDate) -> Result<Vec<Action>> {
    let tz = conference.tz()?;
    let today = today.format("%Y-%m-%d").to_string();
    let mut stmt = conn.prepare(
        "SELECT a.id, a.title, a.owner_id, m.name, a.due_on, a.status, a.note_id, a.created_at, a.done_at
         FROM follow_up a LEFT JOIN member m ON m.id = a.owner_id
         WHERE a.conference_id = ?1
         ORDER BY a.status = ?2, a.due_on IS NULL, a.due_on, a.created_at, a.id",
    )?;
    let mut rows = stmt.query(params![conference.id, ActionStatus::Done])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let status: ActionStatus = r.get(5)?;
        let due_on: Option<String> = r.get(4)?;
        out.push(Action {
            id: r.get(0)?,
            title: r.get(1)?,
            owner_id: r.get(2)?,
            owner_name: r.get(3)?,
            overdue: status == ActionStatus::Open
                && due_on.as_deref().is_some_and(|d| d < today.as_str()),
            due_on,
            status,
            note_id: r.get(6)?,
            created_at: time::local_stored(tz, &r.get::<_, String>(7)?)?.rfc3339,
            done_at: r
                .get::<_, Option<String>>(8)?
                .map(|d| time::local_stored(tz, &d).map(|l| l.rfc3339))
                .transpose()?,
        });
    }
    Ok(out)
}

/// One action.
pub fn get(conn: &Connection, conference: &Conference, id: i64) -> Result<Action> {
    list(conn, conference, today(conference)?)?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| Error::NotFound(format!("No action with id {id}.")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::testutil;

    fn day(s: &str) -> NaiveDate {
        time::parse_date("day", s).unwrap()
    }

    #[test]
    fn an_open_action_past_its_due_date_is_overdue_and_a_done_one_is_not() {
        let (mut store, c) = testutil::sample();
        let zoe = testutil::member_id(&store, &c, "Zoë");
        let late = add(
            &mut store,
            &c,
            &NewAction {
                title: "Send the NRM paper".into(),
                owner_id: Some(zoe),
                due_on: Some("2023-04-18".into()),
                note_id: None,
            },
        )
        .unwrap();
        let fine = add(
            &mut store,
            &c,
            &NewAction {
                title: "Call Greece".into(),
                due_on: Some("2023-04-25".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let undated = add(
            &mut store,
            &c,
            &NewAction {
                title: "Read the report".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let list_on = |store: &Store, d: &str| list(store.conn(), &c, day(d)).unwrap();
        let on_20 = list_on(&store, "2023-04-20");
        assert_eq!(
            on_20.iter().map(|a| a.id).collect::<Vec<_>>(),
            vec![late, fine, undated],
            "by due date, undated last"
        );
        assert!(on_20[0].overdue, "due on the 18th, open on the 20th");
        assert!(!on_20[1].overdue && !on_20[2].overdue);
        assert!(
            !list_on(&store, "2023-04-18")[0].overdue,
            "due today is not overdue yet"
        );
        assert_eq!(on_20[0].owner_name.as_deref(), Some("Zoë Achterberg"));
        set_done(&mut store, &c, late, true).unwrap();
        let after = list_on(&store, "2023-04-20");
        assert_eq!(after.last().map(|a| a.id), Some(late), "done ones go last");
        assert!(
            !after.last().unwrap().overdue,
            "a done action is never overdue"
        );
    }

    #[test]
    fn bad_actions_are_refused_naming_the_field() {
        let (mut store, c) = testutil::sample();
        let err = add(
            &mut store,
            &c,
            &NewAction {
                title: " ".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("title:"), "{err}");
        let err = add(
            &mut store,
            &c,
            &NewAction {
                title: "x".into(),
                due_on: Some("tomorrow".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("due:"), "{err}");
        let err = add(
            &mut store,
            &c,
            &NewAction {
                title: "x".into(),
                note_id: Some("nope".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::NotFound);
        assert_eq!(
            set_done(&mut store, &c, 999, true).unwrap_err().code(),
            crate::ErrorCode::NotFound
        );
    }
}
