//! Conferences: the event a delegation attends, with its own time zone. Every other record belongs to
//! one. Commands act on the most recently created conference unless one is named.

use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;

use crate::taxonomy::defaults;
use crate::{time, Error, Result};

/// A conference as the app and `desk` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conference {
    pub id: i64,
    /// The source's identifier (the sample's, or an import's acronym).
    pub uid: Option<String>,
    pub title: String,
    pub venue: String,
    pub city: String,
    /// IANA time zone in which every time is shown.
    pub time_zone: String,
    /// First day, `YYYY-MM-DD`.
    pub starts_on: String,
    /// Last day, `YYYY-MM-DD`.
    pub ends_on: String,
    pub organiser: String,
    pub url: String,
    /// Every day from `starts_on` to `ends_on`.
    pub days: Vec<String>,
}

impl Conference {
    /// The conference's time zone.
    pub fn tz(&self) -> Result<Tz> {
        time::parse_tz(&self.time_zone)
    }

    /// Where it takes place, as printed: "venue, city", leaving out what is empty.
    pub fn place(&self) -> String {
        [self.venue.as_str(), self.city.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What it takes to create a conference.
#[derive(Debug, Clone, Default)]
pub struct NewConference {
    pub uid: Option<String>,
    pub title: String,
    pub venue: String,
    pub city: String,
    pub time_zone: String,
    pub starts_on: String,
    pub ends_on: String,
    pub organiser: String,
    pub url: String,
}

const COLUMNS: &str = "id, uid, title, venue, city, time_zone, starts_on, ends_on, organiser, url";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Conference> {
    Ok(Conference {
        id: r.get(0)?,
        uid: r.get(1)?,
        title: r.get(2)?,
        venue: r.get(3)?,
        city: r.get(4)?,
        time_zone: r.get(5)?,
        starts_on: r.get(6)?,
        ends_on: r.get(7)?,
        organiser: r.get(8)?,
        url: r.get(9)?,
        days: Vec::new(),
    })
}

fn with_days(mut c: Conference) -> Result<Conference> {
    let start = time::parse_date("starts_on", &c.starts_on)?;
    let end = time::parse_date("ends_on", &c.ends_on)?;
    // A file written before the one-year rule may hold a longer span: list at most a year of days
    // rather than millions (every view and command lists them).
    c.days = time::days(start, end)
        .iter()
        .take(usize::try_from(MAX_DAYS).unwrap_or(366))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect();
    Ok(c)
}

/// The longest conference accepted, in days: a programme covers at most a year.
pub const MAX_DAYS: i64 = 366;

/// Creates a conference and seeds its default building blocks; returns its id.
pub fn create(tx: &Transaction<'_>, new: &NewConference) -> Result<i64> {
    if new.title.trim().is_empty() {
        return Err(Error::invalid("title", "a conference needs a title"));
    }
    time::parse_tz(&new.time_zone)?;
    let start = time::parse_date("starts_on", &new.starts_on)?;
    let end = time::parse_date("ends_on", &new.ends_on)?;
    if end < start {
        return Err(Error::invalid(
            "ends_on",
            format!("{end} is before the first day {start}"),
        ));
    }
    if (end - start).num_days() >= MAX_DAYS {
        return Err(Error::invalid(
            "ends_on",
            format!(
                "{start} to {end} is more than {MAX_DAYS} days: a conference lasts at most a year"
            ),
        ));
    }
    tx.execute(
        "INSERT INTO conference (uid, title, venue, city, time_zone, starts_on, ends_on, organiser, url, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            new.uid,
            new.title.trim(),
            new.venue.trim(),
            new.city.trim(),
            new.time_zone.trim(),
            start.format("%Y-%m-%d").to_string(),
            end.format("%Y-%m-%d").to_string(),
            new.organiser.trim(),
            new.url.trim(),
            time::now_stored()
        ],
    )?;
    let id = tx.last_insert_rowid();
    defaults::seed(tx, id)?;
    Ok(id)
}

/// The conference with this id.
pub fn get(conn: &Connection, id: i64) -> Result<Conference> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM conference WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| {
        Error::NotFound(format!(
            "No conference with id {id} (see `desk conferences`)."
        ))
    })
    .and_then(with_days)
}

/// The most recently created conference, if any.
pub fn current_opt(conn: &Connection) -> Result<Option<Conference>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM conference ORDER BY created_at DESC, id DESC LIMIT 1"),
        [],
        from_row,
    )
    .optional()?
    .map(with_days)
    .transpose()
}

/// The conference a command acts on: the one named, else the most recently created.
pub fn select(conn: &Connection, id: Option<i64>) -> Result<Conference> {
    match id {
        Some(id) => get(conn, id),
        None => current_opt(conn)?.ok_or(Error::NoConference),
    }
}

/// Every conference, most recent first.
pub fn list(conn: &Connection) -> Result<Vec<Conference>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM conference ORDER BY created_at DESC, id DESC"
    ))?;
    let rows = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(with_days).collect()
}

/// The id of the conference with this source identifier.
pub fn id_by_uid(conn: &Connection, uid: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM conference WHERE uid = ?1", [uid], |r| {
            r.get(0)
        })
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fixtures::testutil, Store};

    fn new(title: &str) -> NewConference {
        NewConference {
            title: title.into(),
            time_zone: "Europe/Vienna".into(),
            starts_on: "2023-04-18".into(),
            ends_on: "2023-04-19".into(),
            ..Default::default()
        }
    }

    #[test]
    fn commands_act_on_the_most_recently_created_conference() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(
            select(store.conn(), None).unwrap_err().code(),
            crate::ErrorCode::NoConference
        );
        let first = store.write(|tx| create(tx, &new("First"))).unwrap();
        let second = store.write(|tx| create(tx, &new("Second"))).unwrap();
        assert_eq!(
            select(store.conn(), None).unwrap().id,
            second,
            "the newest is current"
        );
        assert_eq!(
            select(store.conn(), Some(first)).unwrap().title,
            "First",
            "--conference picks another"
        );
        assert_eq!(list(store.conn()).unwrap().len(), 2);
    }

    #[test]
    fn the_place_is_venue_and_city_leaving_out_what_is_empty() {
        let mut c = testutil::sample().1;
        assert_eq!(c.place(), format!("{}, {}", c.venue, c.city), "both");
        c.venue.clear();
        assert_eq!(c.place(), c.city, "the city alone, without a comma");
        c.city.clear();
        assert_eq!(c.place(), "", "nothing known, nothing shown");
    }

    #[test]
    fn a_new_conference_gets_the_default_building_blocks_and_its_days() {
        let mut store = Store::open_in_memory().unwrap();
        let id = store.write(|tx| create(tx, &new("Alliance"))).unwrap();
        assert_eq!(
            crate::taxonomy::blocks::list(store.conn(), id)
                .unwrap()
                .len(),
            18,
            "13 blocks and the referral mechanism's 5 sub-elements"
        );
        assert_eq!(
            get(store.conn(), id).unwrap().days,
            vec!["2023-04-18", "2023-04-19"]
        );
    }

    #[test]
    fn a_conference_with_a_bad_zone_or_dates_is_refused_naming_the_field() {
        let mut store = Store::open_in_memory().unwrap();
        let bad_zone = NewConference {
            time_zone: "CEST".into(),
            ..new("A")
        };
        let err = store.write(|tx| create(tx, &bad_zone)).unwrap_err();
        assert!(err.to_string().starts_with("time_zone:"), "{err}");
        let backwards = NewConference {
            ends_on: "2023-04-17".into(),
            ..new("A")
        };
        let err = store.write(|tx| create(tx, &backwards)).unwrap_err();
        assert!(err.to_string().starts_with("ends_on:"), "{err}");
        let endless = NewConference {
            ends_on: "9999-12-31".into(),
            ..new("A")
        };
        let err = store.write(|tx| create(tx, &endless)).unwrap_err();
        assert!(
            err.to_string().starts_with("ends_on:") && err.to_string().contains("at most a year"),
            "a conference of millions of days is refused: {err}"
        );
        assert!(
            list(store.conn()).unwrap().is_empty(),
            "nothing was written"
        );
    }

    #[test]
    fn a_file_holding_a_conference_of_millions_of_days_lists_at_most_a_year_of_them() {
        let mut store = Store::open_in_memory().unwrap();
        let id = store.write(|tx| create(tx, &new("Old"))).unwrap();
        store
            .conn()
            .execute(
                "UPDATE conference SET ends_on = '9999-12-31' WHERE id = ?1",
                [id],
            )
            .unwrap();
        let days = get(store.conn(), id).unwrap().days;
        assert_eq!(
            days.len(),
            366,
            "the day list is capped, so views and commands do not list millions of days"
        );
    }
}
