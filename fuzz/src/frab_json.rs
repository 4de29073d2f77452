//! The frab schedule ([`crate::frab::Schedule`]) as pretalx/frab JSON.

use arbitrary::Arbitrary;
use serde_json::{json, Map, Value};

use crate::frab::{Event, Id, Odd, Schedule};

/// A frab JSON file: the schedule, wrapped in `{"schedule": ...}` or not.
#[derive(Arbitrary, Debug)]
pub struct FrabJson {
    pub schedule: Schedule,
    pub wrapped: bool,
    pub pretty: bool,
    pub bom: bool,
}

impl FrabJson {
    /// The file's text.
    pub fn render(&self) -> String {
        let s = &self.schedule;
        let mut conference = Map::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                conference.insert(k.into(), Value::String(v));
            }
        };
        put("acronym", s.acronym.as_ref().map(|t| t.value()));
        put("title", s.title.as_ref().map(|t| t.value()));
        put("start", s.start.map(|d| d.iso()));
        put("end", s.end.map(|d| d.iso()));
        put(
            "time_zone_name",
            s.time_zone_name.as_ref().map(|z| z.name()),
        );
        put("url", s.url.as_ref().map(|t| t.value()));
        conference.insert("daysCount".into(), json!(s.days.len()));
        let days: Vec<Value> = s
            .days
            .iter()
            .map(|d| {
                let rooms: Map<String, Value> = d
                    .rooms
                    .iter()
                    .map(|(name, events)| {
                        (
                            name.value(),
                            Value::Array(events.iter().map(|e| event(e, &name.value())).collect()),
                        )
                    })
                    .collect();
                let mut day = Map::new();
                day.insert("index".into(), json!(d.index));
                if let Some(x) = d.date {
                    day.insert("date".into(), json!(x.iso()));
                }
                if let Some(x) = &d.day_start {
                    day.insert("day_start".into(), json!(x.text()));
                }
                if let Some(x) = &d.day_end {
                    day.insert("day_end".into(), json!(x.text()));
                }
                day.insert("rooms".into(), Value::Object(rooms));
                Value::Object(day)
            })
            .collect();
        conference.insert("days".into(), Value::Array(days));
        let body = json!({ "version": s.version.value(), "conference": conference });
        let root = if self.wrapped {
            json!({ "$schema": "https://c3voc.de/schedule/schema.json", "schedule": body })
        } else {
            body
        };
        let text = if self.pretty {
            serde_json::to_string_pretty(&root)
        } else {
            serde_json::to_string(&root)
        }
        .unwrap_or_default();
        if self.bom {
            format!("\u{feff}{text}")
        } else {
            text
        }
    }
}

fn event(e: &Event, room: &str) -> Value {
    let mut m = Map::new();
    match &e.id {
        Id::None => {}
        Id::Number(n) => {
            m.insert("id".into(), json!(n));
        }
        Id::Text(u) => {
            m.insert("id".into(), json!(u.value()));
        }
    }
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            m.insert(k.into(), Value::String(v));
        }
    };
    put("guid", e.guid.as_ref().map(|u| u.value()));
    put("date", e.date.as_ref().map(|i| i.text()));
    put("start", Some(e.start.text()));
    put("duration", Some(e.duration.text()));
    put(
        "room",
        Some(
            e.room
                .as_ref()
                .map_or_else(|| room.to_string(), |t| t.value()),
        ),
    );
    put("title", e.title.as_ref().map(|t| t.value()));
    put("subtitle", e.subtitle.as_ref().map(|t| t.value()));
    put("type", e.kind.as_ref().map(|t| t.value()));
    put("track", e.track.as_ref().map(|t| t.value()));
    put("abstract", e.abstract_.as_ref().map(|t| t.value()));
    put("description", e.description.as_ref().map(|t| t.value()));
    let persons: Vec<Value> = e
        .persons
        .iter()
        .enumerate()
        .map(|(i, p)| json!({ "id": i, "public_name": p.value() }))
        .collect();
    m.insert("persons".into(), Value::Array(persons));
    for w in &e.wrong_types {
        m.insert(w.field.name().into(), odd(&w.value));
    }
    Value::Object(m)
}

fn odd(o: &Odd) -> Value {
    match o {
        Odd::Null => Value::Null,
        Odd::Bool(b) => json!(b),
        Odd::Number(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Odd::Integer(i) => json!(i),
        Odd::EmptyObject => json!({}),
        Odd::EmptyArray => json!([]),
        Odd::NestedArray(n) => {
            // Below serde_json's recursion limit (128): deep, but still a document.
            let mut v = json!([]);
            for _ in 0..(n % 120) {
                v = json!([v]);
            }
            v
        }
        Odd::ObjectWithName(s) => json!({ "name": s }),
    }
}
