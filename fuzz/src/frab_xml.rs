//! The frab schedule ([`crate::frab::Schedule`]) as frab XML, with text escaped or (sometimes) not,
//! and elements nested deep around it.

use arbitrary::Arbitrary;

use crate::frab::{Event, Id, Schedule};
use crate::values::bounded;

/// A frab XML file.
#[derive(Arbitrary, Debug)]
pub struct FrabXml {
    pub schedule: Schedule,
    pub declaration: bool,
    /// Write text as it is, without escaping `<` and `&` (a broken file).
    pub raw_text: bool,
    /// Elements nested inside the first event (the stack-overflow shape), up to a few hundred thousand.
    pub nesting: u32,
    pub bom: bool,
}

impl FrabXml {
    /// The file's text.
    pub fn render(&self) -> String {
        let s = &self.schedule;
        let esc = |t: String| if self.raw_text { t } else { escape(&t) };
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        if self.declaration {
            out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        out.push_str("<schedule>\n");
        out.push_str(&format!("<version>{}</version>\n", esc(s.version.value())));
        out.push_str("<conference>\n");
        let mut el = |name: &str, v: Option<String>| {
            if let Some(v) = v {
                out.push_str(&format!("<{name}>{}</{name}>\n", esc(v)));
            }
        };
        el("acronym", s.acronym.as_ref().map(|t| t.value()));
        el("title", s.title.as_ref().map(|t| t.value()));
        el("start", s.start.map(|d| d.iso()));
        el("end", s.end.map(|d| d.iso()));
        el("days", Some(s.days.len().to_string()));
        el(
            "time_zone_name",
            s.time_zone_name.as_ref().map(|z| z.name()),
        );
        el("url", s.url.as_ref().map(|t| t.value()));
        out.push_str("</conference>\n");
        let mut nest = bounded(self.nesting, 300_000);
        for d in &s.days {
            let mut attrs = format!(" index=\"{}\"", d.index);
            if let Some(x) = d.date {
                attrs.push_str(&format!(" date=\"{}\"", x.iso()));
            }
            if let Some(x) = &d.day_start {
                attrs.push_str(&format!(" start=\"{}\"", x.text()));
            }
            if let Some(x) = &d.day_end {
                attrs.push_str(&format!(" end=\"{}\"", x.text()));
            }
            out.push_str(&format!("<day{attrs}>\n"));
            for (room, events) in &d.rooms {
                out.push_str(&format!("<room name=\"{}\">\n", escape(&room.value())));
                for e in events {
                    event(&mut out, e, &room.value(), &esc, nest);
                    nest = 0;
                }
                out.push_str("</room>\n");
            }
            out.push_str("</day>\n");
        }
        out.push_str("</schedule>\n");
        out
    }
}

fn event(out: &mut String, e: &Event, room: &str, esc: &dyn Fn(String) -> String, nest: usize) {
    let mut attrs = String::new();
    match &e.id {
        Id::None => {}
        Id::Number(n) => attrs.push_str(&format!(" id=\"{n}\"")),
        Id::Text(u) => attrs.push_str(&format!(" id=\"{}\"", escape(&u.value()))),
    }
    if let Some(g) = &e.guid {
        attrs.push_str(&format!(" guid=\"{}\"", escape(&g.value())));
    }
    out.push_str(&format!("<event{attrs}>\n"));
    let mut el = |name: &str, v: Option<String>| {
        if let Some(v) = v {
            out.push_str(&format!("<{name}>{}</{name}>\n", esc(v)));
        }
    };
    el("date", e.date.as_ref().map(|i| i.text()));
    el("start", Some(e.start.text()));
    el("duration", Some(e.duration.text()));
    el(
        "room",
        Some(
            e.room
                .as_ref()
                .map_or_else(|| room.to_string(), |t| t.value()),
        ),
    );
    el("title", e.title.as_ref().map(|t| t.value()));
    el("subtitle", e.subtitle.as_ref().map(|t| t.value()));
    el("type", e.kind.as_ref().map(|t| t.value()));
    el("track", e.track.as_ref().map(|t| t.value()));
    el("abstract", e.abstract_.as_ref().map(|t| t.value()));
    el("description", e.description.as_ref().map(|t| t.value()));
    out.push_str("<persons>\n");
    for (i, p) in e.persons.iter().enumerate() {
        out.push_str(&format!("<person id=\"{i}\">{}</person>\n", esc(p.value())));
    }
    out.push_str("</persons>\n");
    for _ in 0..nest {
        out.push_str("<x>");
    }
    for _ in 0..nest {
        out.push_str("</x>");
    }
    out.push_str("</event>\n");
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
