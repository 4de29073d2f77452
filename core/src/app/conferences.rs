//! The conferences: which one an operation works on ([`resolve`]), the list, creating one by hand (for a
//! coordinator whose event has no agenda file yet), and loading the sample or a synthetic conference.

use serde::Deserialize;

use crate::programme::conference::{self, Conference, NewConference};
use crate::{
    fixtures::{sample, synthetic},
    Error, Result, Store,
};

/// The conference an operation works on: the one with `id`, or the current one (the most recently
/// created) when `None`. An empty database is `no_conference` (the app then shows its welcome).
pub fn resolve(store: &Store, id: Option<i64>) -> Result<Conference> {
    conference::select(store.conn(), id)
}

/// The current conference, or `None` on an empty database.
pub fn current(store: &Store) -> Result<Option<Conference>> {
    conference::current_opt(store.conn())
}

/// Every conference, most recent (current) first.
pub fn list(store: &Store) -> Result<Vec<Conference>> {
    conference::list(store.conn())
}

/// Loads the sample conference (nothing changes if it is already there).
pub fn load_sample(store: &mut Store) -> Result<sample::Outcome> {
    sample::load(store)
}

/// The most synthetic notes [`load_synthetic`] writes.
pub const MAX_SYNTHETIC_NOTES: usize = 200_000;

/// What [`load_synthetic`] did.
#[derive(Debug, Clone)]
pub struct SyntheticOutcome {
    pub outcome: synthetic::Outcome,
    /// Synthetic notes written (none when the conference was already there).
    pub notes: usize,
}

/// Makes the synthetic conference of `size` (`SESSIONSxMEMBERS`, e.g. `600x40`) with `notes` synthetic
/// notes, for benchmarks and large packs; nothing changes if one of that size is already there.
pub fn load_synthetic(store: &mut Store, size: &str, notes: usize) -> Result<SyntheticOutcome> {
    let (n, m) = synthetic::parse_size(size)?;
    if notes > MAX_SYNTHETIC_NOTES {
        return Err(Error::invalid("notes", "at most 200000"));
    }
    let outcome = synthetic::load(store, n, m)?;
    let written = if outcome.created && notes > 0 {
        crate::fixtures::synthetic_notes::generate(store, &outcome.conference, notes, 7)?;
        notes
    } else {
        0
    };
    Ok(SyntheticOutcome {
        outcome,
        notes: written,
    })
}

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
        assert_eq!(current(&store).unwrap().map(|x| x.id), Some(c.id));
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
    fn on_an_empty_database_there_is_no_current_conference_and_operations_say_so() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(current(&store).unwrap(), None, "the app shows its welcome");
        assert_eq!(
            resolve(&store, None).unwrap_err().code(),
            crate::ErrorCode::NoConference
        );
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
