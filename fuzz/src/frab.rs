//! A frab/pretalx schedule with hostile values, written as JSON ([`crate::frab_json`]) or XML
//! ([`crate::frab_xml`]): far dates, offsets that disagree with the zone, durations of years, starts
//! after midnight, 24:00, duplicate guids and ids, empty titles, fields of the wrong JSON type.

use arbitrary::Arbitrary;

use crate::values::{Clock, Date, Offset, Text, Uid, Zone};

#[derive(Arbitrary, Debug)]
pub struct Schedule {
    pub version: Text,
    pub acronym: Option<Text>,
    pub title: Option<Text>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub time_zone_name: Option<Zone>,
    pub url: Option<Text>,
    pub days: Vec<Day>,
}

#[derive(Arbitrary, Debug)]
pub struct Day {
    pub index: i64,
    pub date: Option<Date>,
    pub day_start: Option<Instant>,
    pub day_end: Option<Instant>,
    pub rooms: Vec<(Text, Vec<Event>)>,
}

/// `2019-08-21T11:00:00+02:00`, or without offset, or just a date.
#[derive(Arbitrary, Debug)]
pub struct Instant {
    pub date: Date,
    pub clock: Clock,
    pub offset: Offset,
    pub date_only: bool,
}

impl Instant {
    pub fn text(&self) -> String {
        if self.date_only {
            return self.date.iso();
        }
        format!(
            "{}T{}{}",
            self.date.iso(),
            self.clock.iso(),
            self.offset.iso()
        )
    }
}

#[derive(Arbitrary, Debug)]
pub struct Event {
    pub id: Id,
    pub guid: Option<Uid>,
    pub date: Option<Instant>,
    pub start: Start,
    pub duration: Length,
    pub room: Option<Text>,
    pub title: Option<Text>,
    pub subtitle: Option<Text>,
    pub kind: Option<Text>,
    pub track: Option<Text>,
    pub abstract_: Option<Text>,
    pub description: Option<Text>,
    pub persons: Vec<Text>,
    /// JSON only: fields given a value of the wrong type.
    pub wrong_types: Vec<WrongType>,
}

#[derive(Arbitrary, Debug)]
pub enum Id {
    None,
    Number(i64),
    Text(Uid),
}

#[derive(Arbitrary, Debug)]
pub enum Start {
    Clock(Clock),
    Instant(Instant),
    Text(Text),
}

impl Start {
    pub fn text(&self) -> String {
        match self {
            Start::Clock(c) => c.typed(),
            Start::Instant(i) => i.text(),
            Start::Text(t) => t.value(),
        }
    }
}

/// `00:30`, `1:00:00:00` (days), minutes, or absurd.
#[derive(Arbitrary, Debug)]
pub enum Length {
    Clock(Clock),
    Days(u32, u8, u8),
    Minutes(u32),
    Huge(u64),
    Text(Text),
}

impl Length {
    pub fn text(&self) -> String {
        match self {
            Length::Clock(c) => c.typed(),
            Length::Days(d, h, m) => format!("{d}:{:02}:{:02}:00", h % 30, m % 70),
            Length::Minutes(m) => m.to_string(),
            Length::Huge(n) => format!("{n}:00"),
            Length::Text(t) => t.value(),
        }
    }
}

/// A field and the wrong kind of JSON value for it.
#[derive(Arbitrary, Debug)]
pub struct WrongType {
    pub field: Field,
    pub value: Odd,
}

#[derive(Arbitrary, Debug)]
pub enum Field {
    Title,
    Start,
    Duration,
    Date,
    Room,
    Guid,
    Id,
    Persons,
    Track,
    Type,
}

impl Field {
    pub fn name(&self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Start => "start",
            Field::Duration => "duration",
            Field::Date => "date",
            Field::Room => "room",
            Field::Guid => "guid",
            Field::Id => "id",
            Field::Persons => "persons",
            Field::Track => "track",
            Field::Type => "type",
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum Odd {
    Null,
    Bool(bool),
    Number(f64),
    Integer(i64),
    EmptyObject,
    EmptyArray,
    NestedArray(u8),
    ObjectWithName(String),
}
