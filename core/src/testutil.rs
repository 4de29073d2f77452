//! Small fixture helpers for the engine's unit tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::delegation::members::{self, NewMember};
use crate::programme::conference::{self, Conference, NewConference};
use crate::{sample, Store};

/// An in-memory store with the sample conference loaded.
pub fn sample() -> (Store, Conference) {
    let mut store = Store::open_in_memory().unwrap();
    let conference = sample::load(&mut store).unwrap().conference;
    (store, conference)
}

/// The first session (by time) whose title starts with `prefix`.
pub fn session_id(store: &Store, conference: &Conference, prefix: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT id FROM session WHERE conference_id = ?1 AND title LIKE ?2 || '%' ORDER BY starts_at LIMIT 1",
            rusqlite::params![conference.id, prefix],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("no session starting with {prefix:?}: {e}"))
}

/// The member whose name starts with `prefix`.
pub fn member_id(store: &Store, conference: &Conference, prefix: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT id FROM member WHERE conference_id = ?1 AND name LIKE ?2 || '%' LIMIT 1",
            rusqlite::params![conference.id, prefix],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("no member starting with {prefix:?}: {e}"))
}

/// Creates another (older-looking) conference with one member named `name`; returns the member's id.
pub fn second_conference_with_member(store: &mut Store, name: &str) -> i64 {
    store
        .write(|tx| {
            let id = conference::create(
                tx,
                &NewConference {
                    title: "Another conference".into(),
                    time_zone: "UTC".into(),
                    starts_on: "2024-01-01".into(),
                    ends_on: "2024-01-01".into(),
                    ..Default::default()
                },
            )?;
            members::insert(
                tx,
                id,
                &NewMember {
                    name: name.into(),
                    ..Default::default()
                },
            )
        })
        .unwrap()
}
