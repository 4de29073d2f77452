//! The coordinator's schedule CSV with hostile values: columns in any order, missing, repeated or
//! unknown; `;` or `,` or tabs; quoted cells with line breaks; 24:00, 25:61, far years; durations of
//! years; duplicate uids; a BOM and any line end.

use arbitrary::Arbitrary;

use crate::values::{Clock, Date, Eol, Text, Uid};

/// A CSV programme.
#[derive(Arbitrary, Debug)]
pub struct Csv {
    pub bom: bool,
    pub eol: Eol,
    pub separator: Separator,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Quote every cell (else only where needed, and sometimes not even then).
    pub quote_all: bool,
    pub careless_quotes: bool,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Separator {
    Comma,
    Semicolon,
    Tab,
}

#[derive(Arbitrary, Debug, Clone)]
pub enum Column {
    Date,
    Start,
    End,
    Duration,
    Title,
    Room,
    Kind,
    Description,
    Speakers,
    Moderator,
    Uid,
    Priority,
    Track,
    /// A header cell in other case or with spaces (`  Date `).
    Shouted(Box<Column>),
    Unknown(String),
}

#[derive(Arbitrary, Debug)]
pub struct Row {
    pub date: Date,
    pub start: Clock,
    pub end: Clock,
    pub duration: Duration,
    pub title: Text,
    pub room: Text,
    pub kind: Text,
    pub text: Text,
    pub uid: Uid,
    pub priority: Priority,
    /// Fewer (or more) cells than columns.
    pub cells: Option<u8>,
}

#[derive(Arbitrary, Debug)]
pub enum Duration {
    Minutes(i64),
    Clock(Clock),
    Huge(u64),
    Text(Text),
}

#[derive(Arbitrary, Debug)]
pub enum Priority {
    Must,
    Should,
    Could,
    Skip,
    Text(Text),
}

impl Column {
    fn name(&self) -> String {
        match self {
            Column::Date => "date".into(),
            Column::Start => "start".into(),
            Column::End => "end".into(),
            Column::Duration => "duration".into(),
            Column::Title => "title".into(),
            Column::Room => "room".into(),
            Column::Kind => "kind".into(),
            Column::Description => "description".into(),
            Column::Speakers => "speakers".into(),
            Column::Moderator => "moderator".into(),
            Column::Uid => "uid".into(),
            Column::Priority => "priority".into(),
            Column::Track => "track".into(),
            Column::Shouted(c) => format!("  {} ", c.name().to_uppercase()),
            Column::Unknown(s) => s.clone(),
        }
    }

    fn cell(&self, r: &Row) -> String {
        match self {
            Column::Date => r.date.iso(),
            Column::Start => r.start.typed(),
            Column::End => r.end.typed(),
            Column::Duration => match &r.duration {
                Duration::Minutes(m) => m.to_string(),
                Duration::Clock(c) => c.typed(),
                Duration::Huge(n) => format!("{n}:00"),
                Duration::Text(t) => t.value(),
            },
            Column::Title => r.title.value(),
            Column::Room => r.room.value(),
            Column::Kind => r.kind.value(),
            Column::Description | Column::Speakers | Column::Moderator | Column::Track => {
                r.text.value()
            }
            Column::Uid => r.uid.value(),
            Column::Priority => match &r.priority {
                Priority::Must => "must".into(),
                Priority::Should => "should".into(),
                Priority::Could => "could".into(),
                Priority::Skip => "skip".into(),
                Priority::Text(t) => t.value(),
            },
            Column::Shouted(c) => c.cell(r),
            Column::Unknown(_) => r.text.value(),
        }
    }
}

impl Csv {
    /// The file's text.
    pub fn render(&self) -> String {
        let sep = match self.separator {
            Separator::Comma => ",",
            Separator::Semicolon => ";",
            Separator::Tab => "\t",
        };
        // The required columns first unless the generator chose its own.
        let columns: Vec<Column> = if self.columns.is_empty() {
            vec![Column::Date, Column::Start, Column::Title]
        } else {
            self.columns.clone()
        };
        let eol = self.eol.text();
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        let header: Vec<String> = columns.iter().map(|c| self.quote(&c.name(), sep)).collect();
        out.push_str(&header.join(sep));
        out.push_str(eol);
        for r in &self.rows {
            let mut cells: Vec<String> = columns
                .iter()
                .map(|c| self.quote(&c.cell(r), sep))
                .collect();
            if let Some(n) = r.cells {
                cells.resize(usize::from(n % 20), String::new());
            }
            out.push_str(&cells.join(sep));
            out.push_str(eol);
        }
        out
    }

    fn quote(&self, cell: &str, sep: &str) -> String {
        let needs =
            cell.contains(sep) || cell.contains('"') || cell.contains('\n') || cell.contains('\r');
        if self.careless_quotes {
            format!("\"{cell}\"")
        } else if self.quote_all || needs {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_string()
        }
    }
}
