//! Members: the people of the delegation, in the order the coordinator lists them (head of delegation
//! first), with the building blocks they know best.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::programme::conference::Conference;
use crate::{taxonomy::blocks, time, Error, Result};

/// A delegation member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub organisation: String,
    pub email: String,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    /// Codes of the building blocks the member knows best.
    pub expertise: Vec<String>,
    /// When the member arrives (RFC 3339 in the conference's zone); `None`: there from the start.
    pub arrives_at: Option<String>,
    /// When the member leaves (RFC 3339 in the conference's zone); `None`: there to the end.
    pub departs_at: Option<String>,
    /// The most sessions the member should cover in one day; `None`: no limit.
    pub max_per_day: Option<i64>,
}

/// What it takes to add a member.
#[derive(Debug, Clone, Default)]
pub struct NewMember {
    pub name: String,
    pub title: String,
    pub organisation: String,
    pub email: String,
    pub languages: Vec<String>,
    pub expertise: Vec<String>,
    pub arrives_at: Option<DateTime<Utc>>,
    pub departs_at: Option<DateTime<Utc>>,
    pub max_per_day: Option<i64>,
}

/// Adds a member at the end of the delegation list; returns the id.
pub fn insert(tx: &Transaction<'_>, conference_id: i64, new: &NewMember) -> Result<i64> {
    if new.name.trim().is_empty() {
        return Err(Error::invalid("name", "a member needs a name"));
    }
    if let (Some(a), Some(d)) = (new.arrives_at, new.departs_at) {
        if d <= a {
            return Err(Error::invalid(
                "departs",
                format!("{} leaves before arriving", new.name.trim()),
            ));
        }
    }
    if new.max_per_day.is_some_and(|n| n < 1) {
        return Err(Error::invalid("max_per_day", "must be at least 1"));
    }
    let block_ids = blocks::ids_for_codes(tx, conference_id, &new.expertise, "expertise")?;
    let languages =
        serde_json::to_string(&new.languages).map_err(|e| Error::Internal(e.to_string()))?;
    let id = crate::store::new_id();
    tx.execute(
        "INSERT INTO member (id, conference_id, name, title, organisation, email, languages, arrives_at, departs_at,
                             max_per_day, position)
         VALUES (?10, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                 (SELECT coalesce(max(position), 0) + 1 FROM member WHERE conference_id = ?1))",
        params![
            conference_id,
            new.name.trim(),
            new.title.trim(),
            new.organisation.trim(),
            new.email.trim(),
            languages,
            new.arrives_at.map(time::to_stored),
            new.departs_at.map(time::to_stored),
            new.max_per_day,
            id
        ],
    )?;
    let mut link =
        tx.prepare("INSERT INTO member_expertise (member_id, block_id) VALUES (?1, ?2)")?;
    for block in block_ids {
        link.execute([id, block])?;
    }
    Ok(id)
}

/// The delegation, in order.
pub fn list(conn: &Connection, conference_id: i64) -> Result<Vec<Member>> {
    let mut expertise: HashMap<i64, Vec<String>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT me.member_id, b.code FROM member_expertise me JOIN building_block b ON b.id = me.block_id
             WHERE b.conference_id = ?1 ORDER BY b.position",
        )?;
        let mut rows = stmt.query([conference_id])?;
        while let Some(r) = rows.next()? {
            expertise.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
    }
    let zone: String = conn.query_row(
        "SELECT time_zone FROM conference WHERE id = ?1",
        [conference_id],
        |r| r.get(0),
    )?;
    let tz = time::parse_tz(&zone)?;
    let shown = |stored: Option<String>| -> Result<Option<String>> {
        stored
            .map(|s| time::local_stored(tz, &s).map(|l| l.rfc3339))
            .transpose()
    };
    let mut stmt = conn.prepare(
        "SELECT id, name, title, organisation, email, languages, arrives_at, departs_at, max_per_day
         FROM member WHERE conference_id = ?1 ORDER BY position, id",
    )?;
    let mut rows = stmt.query([conference_id])?;
    let mut members = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let languages: String = r.get(5)?;
        members.push(Member {
            id,
            name: r.get(1)?,
            title: r.get(2)?,
            organisation: r.get(3)?,
            email: r.get(4)?,
            languages: serde_json::from_str(&languages).map_err(|e| {
                Error::Internal(format!("member {id}: languages are not a JSON list: {e}"))
            })?,
            expertise: expertise.remove(&id).unwrap_or_default(),
            arrives_at: shown(r.get(6)?)?,
            departs_at: shown(r.get(7)?)?,
            max_per_day: r.get(8)?,
        });
    }
    Ok(members)
}

/// One member of the conference's delegation, if they are in it.
pub fn find(conn: &Connection, conference_id: i64, id: i64) -> Result<Option<Member>> {
    Ok(list(conn, conference_id)?.into_iter().find(|m| m.id == id))
}

/// One member of the conference's delegation, or not found naming the conference.
pub fn get(conn: &Connection, conference: &Conference, id: i64) -> Result<Member> {
    find(conn, conference.id, id)?.ok_or_else(|| {
        Error::NotFound(format!(
            "No member with id {id} in \"{}\".",
            conference.title
        ))
    })
}

/// The conference a member belongs to, with the member's name.
pub(crate) fn owner(conn: &Connection, id: i64) -> Result<(i64, String)> {
    conn.query_row(
        "SELECT conference_id, name FROM member WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("No member with id {id}.")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::testutil;

    #[test]
    fn the_delegation_keeps_its_order_with_the_head_of_delegation_first() {
        let (store, conference) = testutil::sample();
        let members = list(store.conn(), conference.id).unwrap();
        assert_eq!(members.len(), 6, "the sample delegation has six members");
        assert!(
            members[0].title.contains("Head of Delegation"),
            "first is the head: {:?}",
            members[0]
        );
        assert!(
            members.iter().all(|m| !m.expertise.is_empty()),
            "everyone has expertise"
        );
    }

    #[test]
    fn a_member_with_unknown_expertise_is_refused_and_not_written() {
        let (mut store, conference) = testutil::sample();
        let new = NewMember {
            name: "New Person".into(),
            expertise: vec!["magic".into()],
            ..Default::default()
        };
        let err = store
            .write(|tx| insert(tx, conference.id, &new))
            .unwrap_err();
        assert!(err.to_string().starts_with("expertise:"), "{err}");
        assert_eq!(
            list(store.conn(), conference.id).unwrap().len(),
            6,
            "no half-written member"
        );
    }

    #[test]
    fn getting_a_member_of_another_delegation_is_not_found_naming_this_conference() {
        let (mut store, conference) = testutil::sample();
        let zoe = testutil::member_id(&store, &conference, "Zoë");
        let found = get(store.conn(), &conference, zoe).unwrap();
        assert_eq!(found.name, "Zoë Achterberg", "the member asked for");
        let stranger = testutil::second_conference_with_member(&mut store, "Stranger");
        let err = get(store.conn(), &conference, stranger).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::NotFound, "{err}");
        assert_eq!(
            err.to_string(),
            format!("No member with id {stranger} in \"{}\".", conference.title),
            "the message names the conference looked in"
        );
        assert_eq!(
            find(store.conn(), conference.id, stranger).unwrap(),
            None,
            "find answers none rather than an error"
        );
    }
}
