//! The frab schedule XML (`<schedule><conference/><day><room><event>`), read with the same leniency and
//! time rules as the JSON. Errors name the file, the line and the element, e.g.
//! `31c3.xml: line 20, <event id='6561'> <start>: "11h" is not a time`.

use std::collections::HashMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use roxmltree::{Document, Node};

use super::{
    frab_description, frab_zone, kind_from, parse_instant, shorten, Format, FrabTimes,
    ParsedConference, ParsedSession, Schedule, Skipped, UNTITLED,
};
use crate::{Error, Result};

/// Reads a schedule XML file.
pub fn parse(file_name: &str, content: &str, fallback_zone: Tz) -> Result<Schedule> {
    check_depth(file_name, content)?;
    let doc = Document::parse(content).map_err(|e| {
        let pos = e.pos();
        Error::Invalid(format!(
            "{file_name}: line {}, column {}: not well-formed XML ({e})",
            pos.row, pos.col
        ))
    })?;
    // roxmltree's text_pos_at counts from the start each time: an index keeps 10^5 events linear.
    let lines = super::LineIndex::new(content);
    let line = |n: Node<'_, '_>| lines.line(n.range().start);
    let root = doc.root_element();
    if !root.has_tag_name("schedule") {
        return Err(Error::Invalid(format!(
            "{file_name}: line {}: the root element is <{}>, not <schedule>: this is not a frab schedule XML",
            line(root),
            root.tag_name().name()
        )));
    }
    let conference = child(root, "conference");
    let conf_text = |name: &str| conference.map(|c| text(c, name)).filter(|s| !s.is_empty());
    let mut notes = Vec::new();
    let mut skipped = Vec::new();
    let mut repaired = Vec::new();
    // The conference's own dates only widen its days: a bad one is ignored with a note.
    let mut conf_date = |name: &str| -> Option<NaiveDate> {
        let s = conf_text(name)?;
        let date = NaiveDate::parse_from_str(s.get(..10).unwrap_or(&s), "%Y-%m-%d").ok();
        if date.is_none() {
            let at = conference.and_then(|c| child(c, name)).map_or(0, line);
            notes.push(format!(
                "line {at}, <conference> <{name}>: \"{}\" is not a date: it was ignored.",
                shorten(&s)
            ));
        }
        date
    };
    let starts_on = conf_date("start");
    let ends_on = conf_date("end");

    struct Raw<'a, 'i> {
        event: Node<'a, 'i>,
        room: String,
        day_date: Option<NaiveDate>,
        day_start: Option<chrono::DateTime<chrono::FixedOffset>>,
    }
    let mut raws = Vec::new();
    for day in root.children().filter(|n| n.has_tag_name("day")) {
        let day_date = match day.attribute("date") {
            None => None,
            Some(d) => {
                let date = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok();
                if date.is_none() {
                    notes.push(format!(
                        "line {}, <day> date: \"{}\" is not a date: events of that day need dates of their own.",
                        line(day),
                        shorten(d)
                    ));
                }
                date
            }
        };
        let day_start = day.attribute("start").and_then(parse_instant);
        for room in day.children().filter(|n| n.has_tag_name("room")) {
            let name = room.attribute("name").unwrap_or("").trim().to_string();
            for event in room.children().filter(|n| n.has_tag_name("event")) {
                raws.push(Raw {
                    event,
                    room: name.clone(),
                    day_date,
                    day_start,
                });
            }
        }
    }

    let first_offset = raws.iter().find_map(|r| {
        parse_instant(&text(r.event, "date"))
            .or_else(|| parse_instant(&text(r.event, "start")))
            .map(|d| *d.offset())
    });
    let declared = conf_text("time_zone_name");
    let (tz, zone_note) = frab_zone(declared.as_deref(), first_offset, fallback_zone);

    let mut id_count: HashMap<String, usize> = HashMap::new();
    for r in &raws {
        if let Some(id) = r.event.attribute("id") {
            *id_count.entry(id.to_string()).or_default() += 1;
        }
    }

    let mut sessions = Vec::with_capacity(raws.len());
    for r in &raws {
        let e = r.event;
        let label = match (e.attribute("id"), e.attribute("guid")) {
            (Some(id), _) => format!("<event id='{id}'>"),
            (None, Some(g)) => format!("<event guid='{g}'>"),
            _ => "<event>".to_string(),
        };
        let bad = |name: &str, why: String| {
            let at = child(e, name).map_or_else(|| line(e), line);
            Error::Invalid(format!("{file_name}: line {at}, {label} <{name}>: {why}"))
        };
        let raw_title = text(e, "title");
        let untitled = raw_title.is_empty();
        let name = shorten(if untitled {
            e.attribute("guid").or(e.attribute("id")).unwrap_or("")
        } else {
            &raw_title
        });
        let read = (|| -> Result<ParsedSession> {
            let title = if untitled {
                UNTITLED.to_string()
            } else {
                raw_title.clone()
            };
            let start = text(e, "start");
            if start.is_empty() {
                return Err(bad("start", "missing".into()));
            }
            let duration = text(e, "duration");
            if duration.is_empty() {
                return Err(bad("duration", "missing".into()));
            }
            let date = text(e, "date");
            let times = FrabTimes {
                date: Some(date.as_str()).filter(|d| !d.is_empty()),
                start: &start,
                duration: &duration,
                day_date: r.day_date,
                day_start: r.day_start,
            };
            let (starts_at, ends_at) = times.resolve(tz).map_err(|(f, why)| bad(f, why))?;
            let room = Some(text(e, "room"))
                .filter(|x| !x.is_empty())
                .unwrap_or_else(|| r.room.clone());
            let guid = e.attribute("guid").unwrap_or("").trim().to_string();
            let external_uid = if !guid.is_empty() {
                guid
            } else {
                match e.attribute("id").map(str::trim).filter(|s| !s.is_empty()) {
                    Some(id) if id_count.get(id).copied().unwrap_or(0) <= 1 => id.to_string(),
                    Some(id) => format!("{room}/{id}"),
                    None => {
                        return Err(Error::Invalid(format!(
                        "{file_name}: line {}, <event>: an event needs a guid or an id attribute",
                        line(e)
                    )))
                    }
                }
            };
            let description = frab_description(
                &text(e, "subtitle"),
                &text(e, "abstract"),
                &text(e, "description"),
            );
            let speakers = child(e, "persons")
                .map(|p| {
                    p.children()
                        .filter(|c| c.has_tag_name("person"))
                        .filter_map(|c| {
                            // <person id='1'>Name</person>, or <person><name>Name</name></person>.
                            let flat = c.text().unwrap_or("").trim().to_string();
                            let name = if flat.is_empty() {
                                text(c, "public_name").max(text(c, "name"))
                            } else {
                                flat
                            };
                            Some(name).filter(|n| !n.is_empty())
                        })
                        .collect()
                })
                .unwrap_or_default();
            Ok(ParsedSession {
                external_uid,
                kind: kind_from(&text(e, "type"), &title),
                title,
                starts_at,
                ends_at,
                room,
                track: text(e, "track"),
                description,
                speakers,
                moderator: String::new(),
                priority: None,
                at: format!("line {}", line(e)),
            })
        })();
        match read {
            Ok(session) => {
                if untitled {
                    repaired.push(Skipped {
                        at: format!("line {}", line(e)),
                        event: name,
                        reason: format!(
                            "{label} <title>: missing or empty: imported as \"{UNTITLED}\""
                        ),
                    });
                }
                sessions.push(session);
            }
            Err(err) => skipped.push(Skipped::from_error(
                file_name,
                format!("line {}", line(e)),
                &name,
                &err,
            )),
        }
    }

    let acronym = conf_text("acronym");
    let title = conf_text("title");
    Ok(Schedule {
        format: Format::FrabXml,
        conference: ParsedConference {
            uid: acronym.clone().or_else(|| title.clone()),
            title: title.or(acronym),
            time_zone: Some(tz.name().to_string()),
            starts_on,
            ends_on,
            url: conf_text("url").or_else(|| conf_text("base_url")),
        },
        sessions,
        notes: zone_note.into_iter().chain(notes).collect(),
        used_fallback_zone: declared.is_none() && first_offset.is_none(),
        skipped,
        repaired,
    })
}

/// Elements nest at most this deep (a frab schedule needs 6: schedule, day, room, event, persons, person).
pub const MAX_DEPTH: usize = 64;

/// Refuses a file whose elements nest deeper than [`MAX_DEPTH`] before the XML parser sees it, naming the
/// line: a pre-scan in one pass, without recursion. It counts start and end tags roughly (comments,
/// CDATA, processing instructions and declarations are skipped; `/>` closes at once); the parser checks
/// the rest.
fn check_depth(file_name: &str, content: &str) -> Result<()> {
    let bytes = content.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    while let Some(off) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|b| *b == b'<'))
    {
        let start = i + off;
        let rest = bytes.get(start..).unwrap_or_default();
        let skip_to = |end: &[u8]| {
            rest.windows(end.len())
                .position(|w| w == end)
                .map_or(bytes.len(), |p| start + p + end.len())
        };
        if rest.starts_with(b"<!--") {
            i = skip_to(b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = skip_to(b"]]>");
        } else if rest.starts_with(b"<?") {
            i = skip_to(b"?>");
        } else if rest.starts_with(b"<!") {
            i = skip_to(b">");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = skip_to(b">");
        } else {
            // A start tag; quoted attribute values may hold '>'.
            let mut quote = None;
            let mut end = None;
            for (k, b) in rest.iter().enumerate().skip(1) {
                match (quote, *b) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(*b),
                    (None, b'>') => {
                        end = Some(k);
                        break;
                    }
                    _ => {}
                }
            }
            let Some(k) = end else { break };
            let self_closing = k > 0 && rest.get(k - 1) == Some(&b'/');
            if !self_closing {
                depth += 1;
                if depth > MAX_DEPTH {
                    let line = bytes
                        .get(..start)
                        .unwrap_or_default()
                        .iter()
                        .filter(|b| **b == b'\n')
                        .count()
                        + 1;
                    return Err(Error::Invalid(format!(
                        "{file_name}: line {line}: elements nested more than {MAX_DEPTH} deep: this is not a \
                         schedule XML"
                    )));
                }
            }
            i = start + k + 1;
        }
    }
    Ok(())
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name(name))
}

fn text(n: Node<'_, '_>, name: &str) -> String {
    child(n, name)
        .map(|c| c.text().unwrap_or("").trim().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_million_nested_elements_are_refused_naming_the_line_not_a_stack_overflow() {
        let mut xml = String::from("<?xml version='1.0'?>\n<!-- <a><a><a> -->\n<schedule>\n");
        xml.push_str(&"<a x='>'>".repeat(1_000_000));
        let err = parse("deep.xml", &xml, Tz::UTC).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "deep.xml: line 4: elements nested more than {MAX_DEPTH} deep: this is not a schedule XML"
            )
        );
    }

    #[test]
    fn nesting_within_the_limit_goes_to_the_parser() {
        let ok = format!(
            "<schedule>{}{}</schedule>",
            "<x/>".repeat(100),
            "<a><b/></a>"
        );
        assert!(check_depth("s.xml", &ok).is_ok());
        let deep = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(check_depth("s.xml", &deep).is_ok(), "exactly the limit");
        let deeper = format!("<b>{deep}</b>");
        assert!(check_depth("s.xml", &deeper).is_err(), "one more");
    }

    #[test]
    fn an_event_without_title_is_repaired_and_one_with_a_bad_date_is_skipped() {
        let xml = "<schedule><conference><acronym>t</acronym><time_zone_name>Europe/Vienna</time_zone_name></conference>\n\
            <day date='2023-04-18'><room name='A'>\n\
            <event id='1'><title></title><start>10:00</start><duration>00:30</duration></event>\n\
            <event id='2'><title>Far</title><date>9999-04-18T10:00:00+02:00</date><start>10:00</start><duration>00:30</duration></event>\n\
            <event id='3'><title>Good</title><start>11:00</start><duration>00:30</duration></event>\n\
            </room></day></schedule>";
        let s =
            crate::import::parse(crate::import::Format::FrabXml, "t.xml", xml, Tz::UTC).unwrap();
        let titles: Vec<&str> = s.sessions.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(titles, vec![UNTITLED, "Good"]);
        assert_eq!(s.repaired[0].at, "line 3");
        assert_eq!(s.skipped[0].at, "line 4");
        assert_eq!(s.skipped[0].event, "Far");
        assert!(
            s.skipped[0].reason.contains("outside the years"),
            "{:?}",
            s.skipped
        );
    }
}
