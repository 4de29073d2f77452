//! The writer the kill test kills (`tests/kill.rs`). It opens the data file exactly as the app does
//! (`data::open_store`, then the quick check) and writes through the same `desk_core::app` functions the
//! Tauri commands call: notes saved and edited with building blocks, assignments added, changed and
//! removed, priorities set, and an agenda CSV re-imported with every title changed. Each write is
//! announced on stdout before it starts and acknowledged after it returned `Ok`, one flushed line each
//! (the protocol is `desk_e2e::kill`). It writes until it is killed.
//!
//! `kill_writer DB SEED FIRST_SEQ [--setup]`: `--setup` loads the sample conference and the first import
//! when the file has none, then exits; otherwise it prints `ready` and writes for ever.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use desk_core::app::{self, notes::NoteDraft};
use desk_core::domain::{SessionKind, SessionStatus};
use desk_core::{Result, Store};
use desk_e2e::kill::{import_csv, note_body, stored_uid, Line, Op, Rng};

const ROLES: [&str; 4] = ["lead", "attend", "speak", "notes"];
const PRIORITIES: [&str; 4] = ["must", "should", "optional", "skip"];
/// Notes stop being created past this many (a few thousand kills in): later writes edit them.
const MAX_NOTES: usize = 1000;

/// What the writer knows of the file, to choose writes that make sense.
struct World {
    /// The conference written to: the current one, as in the app.
    conference: i64,
    sessions: Vec<i64>,
    members: Vec<i64>,
    blocks: Vec<String>,
    notes: Vec<(String, Option<i64>)>,
    assigned: Vec<(i64, i64)>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let parsed = match args.as_slice() {
        [_, db, seed, first, rest @ ..] => seed
            .parse::<u64>()
            .ok()
            .zip(first.parse::<u64>().ok())
            .map(|(s, f)| (PathBuf::from(db), s, f, rest.iter().any(|a| a == "--setup"))),
        _ => None,
    };
    let Some((db, seed, first_seq, setup)) = parsed else {
        eprintln!("usage: kill_writer DB SEED FIRST_SEQ [--setup]");
        return ExitCode::from(2);
    };
    match run(&db, seed, first_seq, setup) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kill_writer: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(db: &std::path::Path, seed: u64, first_seq: u64, setup: bool) -> Result<()> {
    // As the app opens its file (src-tauri/src/state.rs): open, migrate, quick check.
    let mut store = desk_core::data::open_store(db, None)?;
    desk_core::data::backup::check(store.conn())?;
    if setup {
        if app::conferences::current(&store)?.is_none() {
            app::conferences::load_sample(&mut store)?;
        }
        let conference = app::conferences::resolve(&store, None)?.id;
        let imported = app::programme::list_sessions(&store, conference, None, None)?
            .iter()
            .any(|s| s.external_uid.as_deref() == Some(stored_uid(1).as_str()));
        if !imported {
            app::import::import_agenda(
                &mut store,
                "kill.csv",
                &import_csv(first_seq),
                Some("csv"),
            )?;
        }
        return Ok(());
    }
    let mut world = World::load(&store)?;
    let mut rng = Rng::new(seed);
    let mut out = std::io::stdout().lock();
    say(&mut out, &Line::Ready)?;
    for seq in first_seq.. {
        let op = world.choose(&mut rng);
        say(&mut out, &Line::Intent(seq, op.clone()))?;
        let line = match world.perform(&mut store, seq, &op) {
            Ok(id) => Line::Ack(seq, id),
            Err(e) => Line::Refused(seq, e.to_string()),
        };
        say(&mut out, &line)?;
    }
    Ok(())
}

/// Prints one line and flushes it: once `ack` is out, the write counts as acknowledged.
fn say(out: &mut impl Write, line: &Line) -> Result<()> {
    let io = |source| desk_core::Error::Io {
        context: "stdout".into(),
        source,
    };
    writeln!(out, "{line}").map_err(io)?;
    out.flush().map_err(io)
}

impl World {
    fn load(store: &Store) -> Result<World> {
        let conference = app::conferences::resolve(store, None)?.id;
        let sessions = app::programme::list_sessions(store, conference, None, None)?;
        let assigned = sessions
            .iter()
            .flat_map(|s| s.assignments.iter().map(|a| (s.id, a.member_id)))
            .collect();
        Ok(World {
            conference,
            sessions: sessions
                .iter()
                .filter(|s| s.kind != SessionKind::Break && s.status != SessionStatus::Cancelled)
                .map(|s| s.id)
                .collect(),
            members: app::delegation::list_members(store, conference)?
                .iter()
                .map(|m| m.id)
                .collect(),
            blocks: app::taxonomy::list_blocks(store, conference)?
                .into_iter()
                .filter(|b| !b.archived)
                .map(|b| b.code)
                .collect(),
            notes: app::notes::list_notes(store, conference, None)?
                .into_iter()
                .map(|n| (n.id, n.session_id))
                .collect(),
            assigned,
        })
    }

    /// Up to three distinct building blocks, in taxonomy order.
    fn some_blocks(&self, rng: &mut Rng) -> Vec<String> {
        let n = rng.below(4);
        let mut picked: Vec<&String> = (0..n).filter_map(|_| rng.pick(&self.blocks)).collect();
        picked.sort_by_key(|code| self.blocks.iter().position(|b| b == *code));
        picked.dedup();
        picked.into_iter().cloned().collect()
    }

    fn choose(&self, rng: &mut Rng) -> Op {
        let session = rng.pick(&self.sessions).copied().unwrap_or_default();
        let member = rng.pick(&self.members).copied().unwrap_or_default();
        match rng.below(100) {
            0..=9 if self.notes.len() < MAX_NOTES => Op::NoteNew {
                blocks: self.some_blocks(rng),
            },
            0..=39 if !self.notes.is_empty() => Op::NoteEdit {
                id: rng
                    .pick(&self.notes)
                    .map(|n| n.0.clone())
                    .unwrap_or_default(),
                blocks: self.some_blocks(rng),
            },
            60..=69 if !self.assigned.is_empty() => {
                let (session, member) = rng.pick(&self.assigned).copied().unwrap_or_default();
                Op::Unassign { session, member }
            }
            70..=84 => Op::Priority {
                session,
                priority: rng.pick(&PRIORITIES).unwrap_or(&"must").to_string(),
                need: match rng.below(3) {
                    0 => None,
                    n => i64::try_from(n).ok(),
                },
            },
            85..=99 => Op::Import,
            _ => Op::Assign {
                session,
                member,
                role: rng.pick(&ROLES).unwrap_or(&"attend").to_string(),
            },
        }
    }

    /// Performs `op` through the app's functions; the new note's id for a new note.
    fn perform(&mut self, store: &mut Store, seq: u64, op: &Op) -> Result<Option<String>> {
        match op {
            Op::NoteNew { blocks } => {
                let session_id = self
                    .sessions
                    .get(seq as usize % self.sessions.len().max(1))
                    .copied();
                let note = app::notes::save_note(
                    store,
                    self.conference,
                    NoteDraft {
                        session_id,
                        body: note_body(seq),
                        blocks: blocks.clone(),
                        ..Default::default()
                    },
                )?;
                self.notes.push((note.id.clone(), note.session_id));
                return Ok(Some(note.id));
            }
            Op::NoteEdit { id, blocks } => {
                let session_id = self.notes.iter().find(|n| &n.0 == id).and_then(|n| n.1);
                app::notes::save_note(
                    store,
                    self.conference,
                    NoteDraft {
                        id: Some(id.clone()),
                        session_id,
                        body: note_body(seq),
                        blocks: blocks.clone(),
                        ..Default::default()
                    },
                )?;
            }
            Op::Assign {
                session,
                member,
                role,
            } => {
                app::planner::assign(store, *session, *member, role)?;
                if !self.assigned.contains(&(*session, *member)) {
                    self.assigned.push((*session, *member));
                }
            }
            Op::Unassign { session, member } => {
                app::planner::unassign(store, *session, *member)?;
                self.assigned.retain(|p| p != &(*session, *member));
            }
            Op::Priority {
                session,
                priority,
                need,
            } => {
                app::planner::set_priority(store, *session, priority, *need)?;
            }
            Op::Import => {
                app::import::import_agenda(store, "kill.csv", &import_csv(seq), Some("csv"))?;
            }
        }
        Ok(None)
    }
}
