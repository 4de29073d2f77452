//! Fixtures for the planning tests: snapshots of the sample, and small made-up conferences described in
//! a line per session and member.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDateTime;

use super::model::Snapshot;
use crate::delegation::members::{self, NewMember};
use crate::domain::{Priority, SessionKind, SessionOrigin};
use crate::programme::conference::{self, Conference, NewConference};
use crate::programme::sessions::{self, NewSession};
use crate::{time, Store};

/// The planning snapshot of a conference in a store.
pub fn snapshot(store: &Store, conference: &Conference) -> Snapshot {
    Snapshot::load(store.conn(), conference).unwrap()
}

/// A session of a made-up conference: title, `YYYY-MM-DD`, `HH:MM` start and end (Vienna), priority,
/// building blocks.
pub struct S<'a>(
    pub &'a str,
    pub &'a str,
    pub &'a str,
    pub &'a str,
    pub Priority,
    pub &'a [&'a str],
);

/// A member of a made-up conference: name, expertise, maximum per day.
pub struct M<'a>(pub &'a str, pub &'a [&'a str], pub Option<i64>);

/// A conference in Vienna on 2023-04-18..19 with these sessions and members.
pub fn conference(sessions: &[S<'_>], members: &[M<'_>]) -> (Store, Conference) {
    let mut store = Store::open_in_memory().unwrap();
    let tz = time::parse_tz("Europe/Vienna").unwrap();
    let id = store
        .write(|tx| {
            let id = conference::create(
                tx,
                &NewConference {
                    title: "Made-up conference".into(),
                    time_zone: "Europe/Vienna".into(),
                    starts_on: "2023-04-18".into(),
                    ends_on: "2023-04-19".into(),
                    ..Default::default()
                },
            )?;
            for S(title, day, start, end, priority, blocks) in sessions {
                let at = |clock: &str| {
                    let t =
                        NaiveDateTime::parse_from_str(&format!("{day} {clock}"), "%Y-%m-%d %H:%M")
                            .unwrap();
                    time::local_to_utc(tz, t).unwrap()
                };
                sessions::insert(
                    tx,
                    id,
                    &NewSession {
                        external_uid: None,
                        kind: SessionKind::Panel,
                        title: (*title).into(),
                        starts_at: at(start),
                        ends_at: at(end),
                        room: String::new(),
                        track: String::new(),
                        description: String::new(),
                        moderator: String::new(),
                        speakers: vec![],
                        priority: *priority,
                        need: None,
                        origin: SessionOrigin::Manual,
                        blocks: blocks.iter().map(|b| b.to_string()).collect(),
                    },
                )?;
            }
            for M(name, expertise, max) in members {
                members::insert(
                    tx,
                    id,
                    &NewMember {
                        name: (*name).into(),
                        expertise: expertise.iter().map(|b| b.to_string()).collect(),
                        max_per_day: *max,
                        ..Default::default()
                    },
                )?;
            }
            Ok(id)
        })
        .unwrap();
    let c = conference::get(store.conn(), id).unwrap();
    (store, c)
}
