//! The kill test's wire protocol, shared by the writer it kills (`src/bin/kill_writer.rs`) and the test
//! that kills it (`tests/kill.rs`). The writer announces each write on its stdout before it starts it
//! (`intent`) and again once the app function returned `Ok` (`ack`): the test then knows exactly which
//! writes were acknowledged and which one, at most, was in flight when SIGKILL landed. The text a write
//! stores is a pure function of its sequence number, so the test can say what the file must hold
//! without trusting the writer's memory.

use std::fmt;

/// How many rows the writer's agenda CSV has: enough that an import is a long, multi-row transaction.
pub const IMPORT_ROWS: usize = 40;

/// One write the writer performs through `desk_core::app`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// `app::notes::save_note` without an id: a new note with [`note_body`]`(seq)`.
    NoteNew { blocks: Vec<String> },
    /// `app::notes::save_note` with an id: the note's body becomes [`note_body`]`(seq)`.
    NoteEdit { id: String, blocks: Vec<String> },
    /// `app::planner::assign`: adds the member, or changes their role.
    Assign {
        session: i64,
        member: i64,
        role: String,
    },
    /// `app::planner::unassign`.
    Unassign { session: i64, member: i64 },
    /// `app::planner::set_priority`.
    Priority {
        session: i64,
        priority: String,
        need: Option<i64>,
    },
    /// `app::import::import_agenda` of [`import_csv`]`(seq)`: every row's title changes.
    Import,
}

/// A line the writer prints: `ready`, `intent SEQ OP…`, `ack SEQ [NOTE-ID]` or `refused SEQ MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// The store is open; writes start now.
    Ready,
    /// Write `seq` is about to start.
    Intent(u64, Op),
    /// Write `seq` returned `Ok` (with the new note's id for [`Op::NoteNew`]).
    Ack(u64, Option<String>),
    /// Write `seq` returned an error.
    Refused(u64, String),
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let codes = |b: &[String]| {
            if b.is_empty() {
                "-".to_string()
            } else {
                b.join(",")
            }
        };
        match self {
            Op::NoteNew { blocks } => write!(f, "note-new {}", codes(blocks)),
            Op::NoteEdit { id, blocks } => write!(f, "note-edit {id} {}", codes(blocks)),
            Op::Assign {
                session,
                member,
                role,
            } => write!(f, "assign {session} {member} {role}"),
            Op::Unassign { session, member } => write!(f, "unassign {session} {member}"),
            Op::Priority {
                session,
                priority,
                need,
            } => match need {
                Some(n) => write!(f, "priority {session} {priority} {n}"),
                None => write!(f, "priority {session} {priority} -"),
            },
            Op::Import => write!(f, "import"),
        }
    }
}

impl Op {
    /// The operation's kind, for the test's tally.
    pub fn kind(&self) -> &'static str {
        match self {
            Op::NoteNew { .. } => "note-new",
            Op::NoteEdit { .. } => "note-edit",
            Op::Assign { .. } => "assign",
            Op::Unassign { .. } => "unassign",
            Op::Priority { .. } => "priority",
            Op::Import => "import",
        }
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Line::Ready => write!(f, "ready"),
            Line::Intent(seq, op) => write!(f, "intent {seq} {op}"),
            Line::Ack(seq, Some(id)) => write!(f, "ack {seq} {id}"),
            Line::Ack(seq, None) => write!(f, "ack {seq}"),
            Line::Refused(seq, why) => write!(f, "refused {seq} {}", why.replace('\n', " ")),
        }
    }
}

impl Line {
    /// Reads a line the writer printed; `None` for anything else (e.g. a line cut short by the kill).
    pub fn parse(line: &str) -> Option<Line> {
        let mut words = line.split(' ');
        let first = words.next()?;
        if first == "ready" {
            return words.next().is_none().then_some(Line::Ready);
        }
        let seq: u64 = words.next()?.parse().ok()?;
        match first {
            "ack" => {
                let id = words.next().map(str::to_string);
                words.next().is_none().then_some(Line::Ack(seq, id))
            }
            "refused" => Some(Line::Refused(seq, words.collect::<Vec<_>>().join(" "))),
            "intent" => parse_op(words.collect()).map(|op| Line::Intent(seq, op)),
            _ => None,
        }
    }
}

fn parse_op(w: Vec<&str>) -> Option<Op> {
    let codes = |s: &str| -> Vec<String> {
        if s == "-" {
            Vec::new()
        } else {
            s.split(',').map(str::to_string).collect()
        }
    };
    let num = |s: &str| s.parse::<i64>().ok();
    Some(match w.as_slice() {
        ["note-new", b] => Op::NoteNew { blocks: codes(b) },
        ["note-edit", id, b] => Op::NoteEdit {
            id: id.to_string(),
            blocks: codes(b),
        },
        ["assign", s, m, r] => Op::Assign {
            session: num(s)?,
            member: num(m)?,
            role: r.to_string(),
        },
        ["unassign", s, m] => Op::Unassign {
            session: num(s)?,
            member: num(m)?,
        },
        ["priority", s, p, n] => Op::Priority {
            session: num(s)?,
            priority: p.to_string(),
            need: if *n == "-" { None } else { Some(num(n)?) },
        },
        ["import"] => Op::Import,
        _ => return None,
    })
}

/// The body write `seq` gives a note: a few sentences to a few KB (a note can span pages), with a
/// non-ASCII word, and the sequence number in its first line.
pub fn note_body(seq: u64) -> String {
    let mut body =
        format!("Kill test note, write {seq}.\n\nDelegates of Österreich and Türkiye agreed.");
    let paragraph = format!(
        "\n\nParagraph of write {seq}: the referral mechanism needs funding, survivors need a voice."
    );
    for _ in 0..(seq % 7) * (seq % 5) {
        body.push_str(&paragraph);
    }
    body
}

/// The uid of the writer's agenda row `i` (1-based), as the CSV gives it.
pub fn import_uid(i: usize) -> String {
    format!("kill-{i}")
}

/// The session's `external_uid` the import stores for row `i` (the CSV reader prefixes `csv:`).
pub fn stored_uid(i: usize) -> String {
    format!("csv:{}", import_uid(i))
}

/// The title import `seq` gives row `i`.
pub fn import_title(i: usize, seq: u64) -> String {
    format!("Kill test side event {i} (import {seq})")
}

/// The agenda CSV that import `seq` reads: [`IMPORT_ROWS`] side events on the sample conference's two
/// days, the same uids and times every time, only the titles change.
pub fn import_csv(seq: u64) -> String {
    let mut csv = String::from("uid,date,start,end,title,room,kind\n");
    for i in 1..=IMPORT_ROWS {
        let day = if i % 2 == 0 {
            "2023-04-18"
        } else {
            "2023-04-19"
        };
        let hour = 8 + i % 10;
        csv.push_str(&format!(
            "{},{day},{hour:02}:00,{hour:02}:45,{},Room {},side-event\n",
            import_uid(i),
            import_title(i, seq),
            i % 6
        ));
    }
    csv
}

/// A small, fast, seeded random source (splitmix64): the same seed replays the same run.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A source started at `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// One of `items`, or `None` when it is empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let i = usize::try_from(self.below(items.len() as u64)).ok()?;
        items.get(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_reads_back_as_printed() {
        let lines = [
            Line::Ready,
            Line::Intent(
                7,
                Op::NoteNew {
                    blocks: vec!["law".into(), "nrm".into()],
                },
            ),
            Line::Intent(
                8,
                Op::NoteEdit {
                    id: "abc".into(),
                    blocks: vec![],
                },
            ),
            Line::Intent(
                9,
                Op::Assign {
                    session: 3,
                    member: 4,
                    role: "lead".into(),
                },
            ),
            Line::Intent(
                10,
                Op::Unassign {
                    session: 3,
                    member: 4,
                },
            ),
            Line::Intent(
                11,
                Op::Priority {
                    session: 3,
                    priority: "must".into(),
                    need: Some(2),
                },
            ),
            Line::Intent(
                12,
                Op::Priority {
                    session: 3,
                    priority: "skip".into(),
                    need: None,
                },
            ),
            Line::Intent(13, Op::Import),
            Line::Ack(7, Some("abc".into())),
            Line::Ack(9, None),
            Line::Refused(10, "not assigned".into()),
        ];
        for line in lines {
            assert_eq!(Line::parse(&line.to_string()), Some(line.clone()), "{line}");
        }
        assert_eq!(Line::parse("ack 1"), Some(Line::Ack(1, None)));
        assert_eq!(Line::parse("ac"), None, "a line cut short by the kill");
        assert_eq!(Line::parse("intent 5 assign 3"), None, "cut short");
    }

    #[test]
    fn the_same_seed_replays_the_same_numbers() {
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        let xs: Vec<u64> = (0..5).map(|_| a.below(1000)).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.below(1000)).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().any(|&x| x != xs[0]), "not constant: {xs:?}");
    }
}
