//! Creating a conference by hand, for a coordinator whose event has no agenda file yet.

use serde::Deserialize;

use crate::programme::conference::{self, Conference, NewConference};
use crate::{Result, Store};

/// A new conference as a person types it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConferenceFields {
    pub title: String,
    pub venue: String,
    pub city: String,
    /// IANA zone, e.g. `Europe/Vienna`.
    pub time_zone: String,
    /// First day, `YYYY-MM-DD`.
    pub starts_on: String,
    /// Last day, `YYYY-MM-DD` (empty: a one-day conference).
    pub ends_on: String,
    pub organiser: String,
    pub url: String,
}

/// Creates a conference (with the default building blocks); it becomes the current one.
pub fn create(store: &mut Store, fields: &ConferenceFields) -> Result<Conference> {
    let ends_on = if fields.ends_on.trim().is_empty() {
        fields.starts_on.clone()
    } else {
        fields.ends_on.clone()
    };
    let new = NewConference {
        uid: None,
        title: fields.title.clone(),
        venue: fields.venue.clone(),
        city: fields.city.clone(),
        time_zone: fields.time_zone.clone(),
        starts_on: fields.starts_on.clone(),
        ends_on,
        organiser: fields.organiser.clone(),
        url: fields.url.clone(),
    };
    let id = store.write(|tx| conference::create(tx, &new))?;
    conference::get(store.conn(), id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> ConferenceFields {
        ConferenceFields {
            title: "24th Alliance Conference".into(),
            city: "Vienna".into(),
            time_zone: "Europe/Vienna".into(),
            starts_on: "2024-04-15".into(),
            ends_on: "2024-04-16".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_new_conference_becomes_current_with_its_building_blocks() {
        let mut store = Store::open_in_memory().unwrap();
        crate::fixtures::sample::load(&mut store).unwrap();
        let c = create(&mut store, &fields()).unwrap();
        assert_eq!(
            crate::app::current_conference(&store)
                .unwrap()
                .map(|x| x.id),
            Some(c.id)
        );
        assert_eq!(
            crate::taxonomy::blocks::list(store.conn(), c.id)
                .unwrap()
                .len(),
            18,
            "the 13 default blocks and the referral mechanism's 5 sub-elements"
        );
        assert_eq!(c.days, vec!["2024-04-15", "2024-04-16"]);
    }

    #[test]
    fn a_one_day_conference_needs_no_last_day() {
        let mut store = Store::open_in_memory().unwrap();
        let c = create(
            &mut store,
            &ConferenceFields {
                ends_on: String::new(),
                ..fields()
            },
        )
        .unwrap();
        assert_eq!(c.ends_on, "2024-04-15");
    }

    #[test]
    fn a_conference_without_a_title_or_with_a_bad_zone_names_the_field() {
        let mut store = Store::open_in_memory().unwrap();
        let err = create(
            &mut store,
            &ConferenceFields {
                title: " ".into(),
                ..fields()
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("title:"), "{err}");
        let err = create(
            &mut store,
            &ConferenceFields {
                time_zone: "CET+1".into(),
                ..fields()
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("time_zone:"), "{err}");
    }
}
