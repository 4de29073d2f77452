//! The kill test: the writer (`src/bin/kill_writer.rs`, the app's own store and `desk_core::app`
//! functions) is killed with SIGKILL at a random moment (or, every other time, within a random few
//! hundred microseconds of announcing a write of a chosen kind), over and over, on one data file, while it edits
//! notes, changes assignments and priorities and re-imports an agenda. After every kill the file must
//! pass SQLite's full `integrity_check` and hold every write the writer acknowledged: the model of the
//! file (the state found after the previous kill, plus the acknowledged writes of this run) must match
//! the file exactly, except for the one write that was in flight, which is there whole or not at all.
//!
//! `KILL_RUNS` (default 200) sets the number of kills and `KILL_SEED` replays a run; the seed is printed.
//! Run it with `cargo test -p desk-e2e --test kill -- --nocapture`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use desk_e2e::kill::{import_title, note_body, stored_uid, Line, Op, Rng, IMPORT_ROWS};
use desk_e2e::TestResult;
use rusqlite::{Connection, OpenFlags};

/// The longest random delay between the writer's `ready` and the kill: long enough for a few dozen
/// writes of every kind, so the kills land all over the mix.
const MAX_DELAY_MICROS: u64 = 250_000;

/// The longest random delay between a targeted write's announcement and the kill. A kill at a random
/// moment lands mostly in the longest writes (an import of 40 rows); on a fast disk an assignment's
/// transaction is over in well under a millisecond and a random moment hardly ever falls inside one.
/// So every other kill waits for a write of one group to be announced, and kills within this delay.
const MAX_TARGETED_DELAY_MICROS: u64 = 400;

/// The groups of writes the targeted kills take in turn (`Op::kind`).
const GROUPS: [(&str, &[&str]); 3] = [
    ("a note write", &["note-new", "note-edit"]),
    ("an assignment change", &["assign", "unassign", "priority"]),
    ("an import", &["import"]),
];

/// When a run's kill comes: at a random moment after the writer's `ready`, or shortly after it
/// announces a write of one of the kinds given.
#[derive(Clone, Copy)]
enum KillAt {
    Random(Duration),
    Targeted(&'static [&'static str], Duration),
}

/// The file's state as the test models it: key -> value (a note's body and blocks, an assignment's
/// role, a session's priority and need, an imported session's title).
type State = BTreeMap<String, String>;

fn note_value(body: &str, blocks: &[String]) -> String {
    let mut sorted: Vec<&String> = blocks.iter().collect();
    sorted.sort();
    format!(
        "{body}\u{1f}blocks {}",
        sorted
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(",")
    )
}

fn priority_value(priority: &str, need: Option<i64>) -> String {
    format!("{priority} need {need:?}")
}

/// Reads the modelled state straight from the file.
fn snapshot(conn: &Connection) -> TestResult<State> {
    let mut state = State::new();
    let mut blocks: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT nb.note_id, b.code FROM note_block nb JOIN building_block b ON b.id = nb.block_id",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (note, code) = row?;
        blocks.entry(note).or_default().push(code);
    }
    let mut stmt = conn.prepare("SELECT id, body FROM note")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (id, body) = row?;
        let codes = blocks.remove(&id).unwrap_or_default();
        state.insert(format!("note {id}"), note_value(&body, &codes));
    }
    assert!(
        blocks.is_empty(),
        "blocks of notes that do not exist: {blocks:?}"
    );
    let mut stmt = conn.prepare("SELECT session_id, member_id, role FROM assignment")?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (s, m, role) = row?;
        state.insert(format!("assign {s} {m}"), role);
    }
    let mut stmt = conn.prepare("SELECT id, priority, need, external_uid, title FROM session")?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
        ))
    })? {
        let (id, priority, need, uid, title) = row?;
        state.insert(format!("priority {id}"), priority_value(&priority, need));
        if let Some(uid) = uid.filter(|u| u.starts_with("csv:kill-")) {
            state.insert(format!("title {uid}"), title);
        }
    }
    Ok(state)
}

/// The keys `op` (write `seq`) sets, with their values (`None`: removed). A new note's key is
/// `note ?` until the writer acknowledged it with its id.
fn effect(seq: u64, op: &Op, new_id: Option<&str>) -> Vec<(String, Option<String>)> {
    match op {
        Op::NoteNew { blocks } => vec![(
            format!("note {}", new_id.unwrap_or("?")),
            Some(note_value(&note_body(seq), blocks)),
        )],
        Op::NoteEdit { id, blocks } => {
            vec![(
                format!("note {id}"),
                Some(note_value(&note_body(seq), blocks)),
            )]
        }
        Op::Assign {
            session,
            member,
            role,
        } => vec![(format!("assign {session} {member}"), Some(role.clone()))],
        Op::Unassign { session, member } => vec![(format!("assign {session} {member}"), None)],
        Op::Priority {
            session,
            priority,
            need,
        } => vec![(
            format!("priority {session}"),
            Some(priority_value(priority, *need)),
        )],
        Op::Import => (1..=IMPORT_ROWS)
            .map(|i| {
                (
                    format!("title {}", stored_uid(i)),
                    Some(import_title(i, seq)),
                )
            })
            .collect(),
    }
}

fn apply(state: &mut State, changes: &[(String, Option<String>)]) {
    for (key, value) in changes {
        match value {
            Some(v) => state.insert(key.clone(), v.clone()),
            None => state.remove(key),
        };
    }
}

/// What one killed run printed, read back.
struct Run {
    /// Acknowledged writes, in order, with the new note's id where there is one.
    acked: Vec<(u64, Op, Option<String>)>,
    /// The write announced but not acknowledged when the kill landed.
    in_flight: Option<(u64, Op)>,
}

fn read_run(lines: &[String]) -> TestResult<Run> {
    let mut run = Run {
        acked: Vec::new(),
        in_flight: None,
    };
    for text in lines {
        match Line::parse(text) {
            Some(Line::Ready) | None => {}
            Some(Line::Intent(seq, op)) => {
                assert!(run.in_flight.is_none(), "one write at a time: {text}");
                run.in_flight = Some((seq, op));
            }
            Some(Line::Ack(seq, id)) => {
                let (s, op) = run
                    .in_flight
                    .take()
                    .ok_or(format!("ack without intent: {text}"))?;
                assert_eq!(s, seq, "the ack is for the write announced last");
                run.acked.push((seq, op, id));
            }
            Some(Line::Refused(seq, why)) => {
                return Err(format!("the writer's write {seq} was refused: {why}").into())
            }
        }
    }
    Ok(run)
}

/// Counts for the report at the end.
#[derive(Default)]
struct Totals {
    kills: usize,
    acked: usize,
    lost: usize,
    integrity_failures: usize,
    in_flight: BTreeMap<&'static str, usize>,
    landed: BTreeMap<&'static str, usize>,
}

/// Opens the file read-only after a kill: SQLite recovers the WAL in memory, nothing is written.
fn open_read_only(db: &Path) -> TestResult<Connection> {
    Ok(Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?)
}

fn integrity(conn: &Connection) -> TestResult<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let dangling = stmt.query_map([], |r| r.get::<_, String>(0))?.count();
    let (notes, indexed): (i64, i64) = conn.query_row(
        "SELECT (SELECT count(*) FROM note), (SELECT count(*) FROM note_fts)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut findings = rows;
    if dangling > 0 {
        findings.push(format!("{dangling} rows break a foreign key"));
    }
    if notes != indexed {
        findings.push(format!("{notes} notes but {indexed} in the search index"));
    }
    Ok(findings)
}

fn writer() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kill_writer"))
}

/// Starts the writer, waits for its `ready`, kills it when `at` says; returns every full line it printed.
fn kill_after(db: &Path, seed: u64, first_seq: u64, at: KillAt) -> TestResult<Vec<String>> {
    let stderr_path = db.with_extension("stderr");
    let mut child = writer()
        .arg(db)
        .arg(seed.to_string())
        .arg(first_seq.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr_path)?)
        .spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = mpsc::channel();
    // The reader drains the pipe while the test waits, so the writer never blocks on a full pipe.
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        let mut reader = BufReader::new(stdout);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                // A line cut by the kill has no newline: it was never fully printed, so it is no ack.
                Ok(_) if buf.last() != Some(&b'\n') => break,
                Ok(_) => {
                    let line = String::from_utf8_lossy(&buf).trim_end().to_string();
                    match Line::parse(&line) {
                        Some(Line::Ready) => {
                            let _ = tx.send(Heard::Ready);
                        }
                        Some(Line::Intent(_, op)) => {
                            let _ = tx.send(Heard::Intent(op.kind()));
                        }
                        _ => {}
                    }
                    lines.push(line);
                }
            }
        }
        lines
    });
    // Waiting for a condition: the writer says it is ready (the timeout only guards against a hang).
    let ready = wait_for(&rx, |heard| heard == Heard::Ready);
    if ready.is_ok() {
        // The experiment itself: a random moment in the writer's stream of writes, or one shortly
        // after a write of the targeted kinds was announced (every kind comes within a few writes).
        match at {
            KillAt::Random(delay) => std::thread::sleep(delay),
            KillAt::Targeted(kinds, delay) => {
                let _ = wait_for(
                    &rx,
                    |heard| matches!(heard, Heard::Intent(k) if kinds.contains(&k)),
                );
                std::thread::sleep(delay);
            }
        }
    }
    child.kill()?;
    let status = child.wait()?;
    let lines = reader.join().map_err(|_| "the reader thread panicked")?;
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    if ready.is_err() || status.signal() != Some(9) {
        return Err(format!(
            "the writer was to be killed while writing, but it {status} (ready: {}):\n{stderr}",
            ready.is_ok()
        )
        .into());
    }
    Ok(lines)
}

/// What the reader thread heard the writer say.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Heard {
    Ready,
    Intent(&'static str),
}

/// Waits for a line `wanted` accepts (60 s at most: the timeout only guards against a hang).
fn wait_for(rx: &mpsc::Receiver<Heard>, wanted: impl Fn(Heard) -> bool) -> Result<(), String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok(heard) if wanted(heard) => return Ok(()),
            Ok(_) => continue,
            Err(e) => return Err(format!("the writer did not say what was waited for: {e}")),
        }
    }
}

/// Checks the file after run `k`; returns the new baseline.
fn check_after_kill(
    db: &Path,
    k: usize,
    baseline: &State,
    run: &Run,
    totals: &mut Totals,
) -> TestResult<State> {
    let conn = open_read_only(db)?;
    let findings = integrity(&conn)?;
    if findings != ["ok"] {
        totals.integrity_failures += 1;
        return Err(format!("kill {k}: the file fails the integrity check: {findings:?}").into());
    }
    let actual = snapshot(&conn)?;
    drop(conn);

    // The model: the previous state and every acknowledged write, in order.
    let mut expected = baseline.clone();
    let mut last_ack_of: BTreeMap<String, u64> = BTreeMap::new();
    for (seq, op, id) in &run.acked {
        let changes = effect(*seq, op, id.as_deref());
        for (key, _) in &changes {
            last_ack_of.insert(key.clone(), *seq);
        }
        apply(&mut expected, &changes);
    }
    // The write in flight: all of it, or none of it.
    let mut in_flight_landed = false;
    if let Some((seq, op)) = &run.in_flight {
        let changes = effect(*seq, op, None);
        let mut with = expected.clone();
        if let (Op::NoteNew { .. }, Some((_, Some(value)))) = (op, changes.first()) {
            // A new note that committed before its ack: the one note the model does not know, by body.
            let new: Vec<&String> = actual
                .keys()
                .filter(|k| k.starts_with("note ") && !expected.contains_key(*k))
                .collect();
            if let [key] = new.as_slice() {
                if actual.get(*key) == Some(value) {
                    with.insert((*key).clone(), value.clone());
                }
            }
        } else {
            apply(&mut with, &changes);
        }
        if actual == with && actual != expected {
            in_flight_landed = true;
            expected = with;
        }
    }
    totals.acked += run.acked.len();
    if let Some((_, op)) = &run.in_flight {
        *totals.in_flight.entry(op.kind()).or_default() += 1;
        if in_flight_landed {
            *totals.landed.entry(op.kind()).or_default() += 1;
        }
    }
    if actual == expected {
        return Ok(actual);
    }
    let keys: BTreeSet<&String> = actual.keys().chain(expected.keys()).collect();
    let mut lost: BTreeSet<u64> = BTreeSet::new();
    let mut report = Vec::new();
    for key in keys {
        let (is, should) = (actual.get(key), expected.get(key));
        if is != should {
            if let Some(seq) = last_ack_of.get(key) {
                lost.insert(*seq);
                report.push(format!(
                    "LOST acknowledged write {seq} to {key}: {is:?}, expected {should:?}"
                ));
            } else {
                report.push(format!(
                    "changed without a write: {key}: {is:?}, expected {should:?}"
                ));
            }
        }
    }
    totals.lost += lost.len();
    Err(format!(
        "kill {k}: the file does not hold {} acknowledged writes (in flight: {:?}):\n{}",
        lost.len(),
        run.in_flight,
        report.join("\n")
    )
    .into())
}

#[test]
fn a_writer_killed_at_random_moments_never_loses_an_acknowledged_write_or_damages_the_file(
) -> TestResult {
    let runs: usize = std::env::var("KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    println!("kill test: {runs} kills, seed {seed} (KILL_SEED={seed} replays the same delays and writes)");
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("desk.sqlite3");

    // The file starts with the sample conference and the first import, written without a kill.
    let setup = writer()
        .arg(&db)
        .arg("0")
        .arg("1")
        .arg("--setup")
        .output()?;
    assert!(
        setup.status.success(),
        "the writer's setup failed: {}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let mut baseline = snapshot(&open_read_only(&db)?)?;
    assert!(
        baseline.keys().filter(|k| k.starts_with("title ")).count() == IMPORT_ROWS,
        "the setup imported the agenda"
    );

    let mut rng = Rng::new(seed);
    let mut totals = Totals::default();
    for k in 1..=runs {
        // Odd runs kill at a random moment; even ones target each group of writes in turn.
        let at = if k % 2 == 1 {
            KillAt::Random(Duration::from_micros(rng.below(MAX_DELAY_MICROS + 1)))
        } else {
            let (_, kinds) = GROUPS[(k / 2) % GROUPS.len()];
            KillAt::Targeted(
                kinds,
                Duration::from_micros(rng.below(MAX_TARGETED_DELAY_MICROS + 1)),
            )
        };
        let writer_seed = rng.next_u64();
        // Sequence numbers never repeat across runs, so every stored text names the write that made it.
        let first_seq = (k as u64) * 1_000_000;
        let lines = kill_after(&db, writer_seed, first_seq, at)?;
        let run = read_run(&lines)?;
        totals.kills += 1;
        baseline = check_after_kill(&db, k, &baseline, &run, &mut totals)?;
    }

    // The search index agrees with the notes it indexes (FTS5's own check needs a writable connection).
    let conn = Connection::open(&db)?;
    conn.execute(
        "INSERT INTO note_fts (note_fts) VALUES ('integrity-check')",
        [],
    )?;
    drop(conn);

    let notes = baseline.keys().filter(|k| k.starts_with("note ")).count();
    println!(
        "kill test: kills {}, acknowledged writes {}, lost writes {}, integrity failures {}",
        totals.kills, totals.acked, totals.lost, totals.integrity_failures
    );
    println!(
        "kill test: write in flight at the kill (landed whole / killed): {}; the file ends with {notes} notes",
        totals
            .in_flight
            .iter()
            .map(|(kind, n)| format!("{kind} {}/{n}", totals.landed.get(kind).unwrap_or(&0)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert_eq!(totals.kills, runs, "every run was killed while writing");
    assert!(
        totals.acked >= runs,
        "the writer wrote between kills: {} acknowledged",
        totals.acked
    );
    // The kills landed during each kind of write the writer makes (a note written or edited, an
    // assignment or priority changed, an import), each in flight at many kills.
    for (what, kinds) in GROUPS {
        assert!(
            runs < 100 || kinds.iter().any(|k| totals.in_flight.contains_key(k)),
            "over {runs} kills, some landed during {what}: {:?}",
            totals.in_flight
        );
    }
    assert_eq!(totals.lost, 0, "no acknowledged write lost");
    assert_eq!(totals.integrity_failures, 0, "no damaged file");
    Ok(())
}
