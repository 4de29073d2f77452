//! The sample conference embedded in the app: the 23rd Conference of the Alliance against Trafficking in
//! Persons (Vienna, 2023) with a fictional delegation, so a coordinator can try everything at once.
//! Loading it twice changes nothing.

use chrono::NaiveDateTime;
use serde::Deserialize;

use crate::delegation::members::{self, NewMember};
use crate::domain::{Priority, SessionKind};
use crate::programme::conference::{self, Conference, NewConference};
use crate::programme::sessions::{self, NewSession};
use crate::{time, Error, Result, Store};

const SAMPLE_JSON: &str = include_str!("../../assets/sample/alliance-2023.json");

/// What loading the sample did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The sample conference (now current unless another was created later).
    pub conference: Conference,
    /// `false` when it was already there and nothing was changed.
    pub created: bool,
}

#[derive(Debug, Deserialize)]
struct SampleFile {
    conference: SampleConference,
    sessions: Vec<SampleSession>,
    members: Vec<SampleMember>,
}

#[derive(Debug, Deserialize)]
struct SampleConference {
    uid: String,
    title: String,
    venue: String,
    city: String,
    time_zone: String,
    starts_on: String,
    ends_on: String,
    organiser: String,
    url: String,
}

#[derive(Debug, Deserialize)]
struct SampleSession {
    uid: String,
    kind: SessionKind,
    title: String,
    day: String,
    start: String,
    end: String,
    #[serde(default)]
    room: String,
    #[serde(default)]
    track: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    moderator: String,
    #[serde(default)]
    speakers: Vec<String>,
    priority: Priority,
    #[serde(default)]
    blocks: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct SampleMember {
    name: String,
    title: String,
    organisation: String,
    email: String,
    languages: Vec<String>,
    expertise: Vec<String>,
}

/// Loads the sample conference unless it is already there.
pub fn load(store: &mut Store) -> Result<Outcome> {
    let file: SampleFile = serde_json::from_str(SAMPLE_JSON)
        .map_err(|e| Error::Internal(format!("assets/sample/alliance-2023.json: {e}")))?;
    let c = &file.conference;
    if let Some(id) = conference::id_by_uid(store.conn(), &c.uid)? {
        return Ok(Outcome {
            conference: conference::get(store.conn(), id)?,
            created: false,
        });
    }
    let tz = time::parse_tz(&c.time_zone)?;
    let id = store.write(|tx| {
        let id = conference::create(
            tx,
            &NewConference {
                uid: Some(c.uid.clone()),
                title: c.title.clone(),
                venue: c.venue.clone(),
                city: c.city.clone(),
                time_zone: c.time_zone.clone(),
                starts_on: c.starts_on.clone(),
                ends_on: c.ends_on.clone(),
                organiser: c.organiser.clone(),
                url: c.url.clone(),
            },
        )?;
        for s in &file.sessions {
            let at = |clock: &str, field: &str| -> Result<_> {
                let day = time::parse_date(&format!("session {}: day", s.uid), &s.day)?;
                let t = time::parse_time(&format!("session {}: {field}", s.uid), clock)?;
                time::local_to_utc(tz, NaiveDateTime::new(day, t))
            };
            let new = NewSession {
                external_uid: Some(s.uid.clone()),
                kind: s.kind,
                title: s.title.clone(),
                starts_at: at(&s.start, "start")?,
                ends_at: at(&s.end, "end")?,
                room: s.room.clone(),
                track: s.track.clone(),
                description: s.description.clone(),
                moderator: s.moderator.clone(),
                speakers: s.speakers.clone(),
                priority: s.priority,
                need: None,
                origin: crate::domain::SessionOrigin::Sample,
                blocks: s.blocks.clone(),
            };
            sessions::insert(tx, id, &new)?;
        }
        for m in &file.members {
            let new = NewMember {
                name: m.name.clone(),
                title: m.title.clone(),
                organisation: m.organisation.clone(),
                email: m.email.clone(),
                languages: m.languages.clone(),
                expertise: m.expertise.clone(),
                ..Default::default()
            };
            members::insert(tx, id, &new)?;
        }
        Ok(id)
    })?;
    Ok(Outcome {
        conference: conference::get(store.conn(), id)?,
        created: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(store: &Store, table: &str) -> i64 {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn the_sample_is_the_2023_alliance_in_vienna_with_a_six_person_delegation() {
        let mut store = Store::open_in_memory().unwrap();
        let outcome = load(&mut store).unwrap();
        assert!(outcome.created);
        let c = outcome.conference;
        assert_eq!(
            (c.city.as_str(), c.venue.as_str(), c.time_zone.as_str()),
            ("Vienna", "Hofburg", "Europe/Vienna")
        );
        assert_eq!(c.days, vec!["2023-04-18", "2023-04-19"]);
        assert_eq!(count(&store, "member"), 6);
        let titles: Vec<String> = sessions::list(store.conn(), &c, None)
            .unwrap()
            .into_iter()
            .map(|s| s.title)
            .collect();
        for wanted in [
            "opening",
            "Panel 1",
            "survivors",
            "Panel 2",
            "Panel 3",
            "Closing",
        ] {
            assert!(
                titles
                    .iter()
                    .any(|t| t.to_lowercase().contains(&wanted.to_lowercase())),
                "the programme from the concept note has {wanted}: {titles:?}"
            );
        }
    }

    #[test]
    fn loading_the_sample_twice_changes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        load(&mut store).unwrap();
        let before: Vec<i64> = [
            "conference",
            "session",
            "member",
            "building_block",
            "session_block",
            "member_expertise",
        ]
        .iter()
        .map(|t| count(&store, t))
        .collect();
        let again = load(&mut store).unwrap();
        assert!(
            !again.created,
            "the second load reports that the sample was already there"
        );
        let after: Vec<i64> = [
            "conference",
            "session",
            "member",
            "building_block",
            "session_block",
            "member_expertise",
        ]
        .iter()
        .map(|t| count(&store, t))
        .collect();
        assert_eq!(before, after);
    }

    #[test]
    fn every_sample_session_lies_within_the_conference_days() {
        let (store, conference) = crate::testutil::sample();
        for s in sessions::list(store.conn(), &conference, None).unwrap() {
            assert!(
                conference.days.contains(&s.day),
                "{} is on {}",
                s.title,
                s.day
            );
            assert!(s.start < s.end, "{} starts before it ends", s.title);
        }
    }
}
