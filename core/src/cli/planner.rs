//! `desk assign`/`unassign`, `priority`, `lock`/`unlock`, `coverage`, `conflicts` and `plan --auto`: the
//! planner on the command line.

use std::io::Write;

use clap::Args;
use serde::Serialize;

use super::output::{self, json, line};
use super::resolve;
use crate::app::{delegation, planner};
use crate::planner::autoplan::{Placement, Proposal};
use crate::planner::coverage::Count;
use crate::planner::model::day_words;
use crate::programme::conference::Conference;
use crate::{Result, Store};

#[derive(Debug, Args)]
pub struct PriorityArgs {
    /// The session (an id or part of the title)
    session: String,
    /// must, should, optional or skip
    priority: String,
    /// How many people it needs [default: 1 for must and should, 0 for optional and skip]
    #[arg(long, value_name = "N")]
    need: Option<i64>,
}

#[derive(Debug, Args)]
pub struct LockArgs {
    /// The session (an id or part of the title)
    session: String,
    /// The member (an id or part of the name)
    member: String,
}

#[derive(Debug, Args)]
pub struct JsonArgs {
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Fill the gaps with the auto-planner (must sessions first, then should)
    #[arg(long)]
    auto: bool,
    /// Show the proposal without writing it
    #[arg(long)]
    dry_run: bool,
    /// Drop earlier auto assignments that are not locked and plan those places again
    #[arg(long)]
    replace_auto: bool,
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

/// Runs `desk assign SESSION MEMBER --role ROLE`.
pub fn assign(
    store: &mut Store,
    c: &Conference,
    session: &str,
    member: &str,
    role: &str,
    out: &mut dyn Write,
) -> Result<()> {
    // The role is checked first, before the names are looked up.
    role.parse::<crate::domain::Role>()?;
    let (s, m) = (
        resolve::session(store.conn(), c, session)?,
        resolve::member(store.conn(), c.id, member)?,
    );
    let view = planner::assign(store, s, m, role)?;
    output::assigned(out, &view, m)
}

/// Runs `desk unassign SESSION MEMBER`.
pub fn unassign(
    store: &mut Store,
    c: &Conference,
    session: &str,
    member: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let (s, m) = (
        resolve::session(store.conn(), c, session)?,
        resolve::member(store.conn(), c.id, member)?,
    );
    let name = delegation::get_member(store, c.id, m)?.name;
    let view = planner::unassign(store, s, m)?;
    line(out, &format!("Took {name} off \"{}\".", view.title))
}

pub fn priority(
    store: &mut Store,
    c: &Conference,
    a: PriorityArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let s = resolve::session(store.conn(), c, &a.session)?;
    let view = planner::set_priority(store, s, &a.priority, a.need)?;
    let need = if view.need_set {
        format!("needs {}", view.need)
    } else {
        format!("needs {}, the default", view.need)
    };
    line(
        out,
        &format!("\"{}\" is now {} ({need}).", view.title, view.priority),
    )
}

pub fn lock(
    store: &mut Store,
    c: &Conference,
    a: LockArgs,
    locked: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let (s, m) = (
        resolve::session(store.conn(), c, &a.session)?,
        resolve::member(store.conn(), c.id, &a.member)?,
    );
    let view = planner::set_lock(store, s, m, locked)?;
    let name = view
        .assignments
        .iter()
        .find(|x| x.member_id == m)
        .map(|x| x.member_name.clone())
        .unwrap_or_default();
    let what = if locked { "Locked" } else { "Unlocked" };
    line(out, &format!("{what} {name} on \"{}\".", view.title))
}

fn ratio(c: Count) -> String {
    format!("{}/{}", c.covered, c.total)
}

pub fn show_coverage(
    store: &Store,
    c: &Conference,
    a: JsonArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let cov = planner::coverage(store, c.id)?;
    if a.json {
        return json(out, &cov);
    }
    line(
        out,
        &format!(
            "Covered: must {}, should {}.",
            ratio(cov.must),
            ratio(cov.should)
        ),
    )?;
    for d in &cov.days {
        line(
            out,
            &format!(
                "\n{}: must {}, should {}",
                day_words(&d.day),
                ratio(d.must),
                ratio(d.should)
            ),
        )?;
        for u in &d.uncovered {
            line(
                out,
                &format!(
                    "  not covered: #{} {}-{}  {:<6} {} of {}  {}",
                    u.session_id, u.start, u.end, u.priority, u.assigned, u.need, u.title
                ),
            )?;
        }
    }
    Ok(())
}

pub fn show_conflicts(
    store: &Store,
    c: &Conference,
    a: JsonArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let list = planner::conflicts(store, c.id)?;
    if a.json {
        return json(out, &list);
    }
    if list.is_empty() {
        return line(out, "No conflicts.");
    }
    line(
        out,
        &format!(
            "{} conflict{}:",
            list.len(),
            if list.len() == 1 { "" } else { "s" }
        ),
    )?;
    for x in &list {
        let kind = serde_json::to_value(x.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        line(out, &format!("  [{kind}] {}", x.message))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct PlanJson<'a> {
    /// Whether it was written (false with --dry-run).
    applied: bool,
    proposal: &'a Proposal,
}

pub fn plan(store: &mut Store, c: &Conference, a: PlanArgs, out: &mut dyn Write) -> Result<()> {
    if !a.auto {
        return Err(crate::Error::invalid(
            "plan",
            "say --auto to let the auto-planner fill the gaps (add --dry-run to only see its proposal)",
        ));
    }
    let proposal = if a.dry_run {
        planner::propose_plan(store, c.id, a.replace_auto)?
    } else {
        planner::auto_plan(store, c.id, a.replace_auto)?
    };
    if a.json {
        return json(
            out,
            &PlanJson {
                applied: !a.dry_run,
                proposal: &proposal,
            },
        );
    }
    let p = &proposal;
    let head = if a.dry_run {
        "Proposed (dry run, nothing written)"
    } else {
        "Planned"
    };
    line(
        out,
        &format!(
            "{head}: {} to add, {} to drop.",
            p.add.len(),
            p.remove.len()
        ),
    )?;
    let placement = |sign: char, x: &Placement| {
        let why = if x.matches.is_empty() {
            String::new()
        } else {
            format!("  (knows {})", x.matches.join(", "))
        };
        format!(
            "  {sign} {} {}-{}  {} -> {}{why}",
            day_words(&x.day),
            x.start,
            x.end,
            x.session_title,
            x.member_name
        )
    };
    for x in &p.remove {
        line(out, &placement('-', x))?;
    }
    for x in &p.add {
        line(out, &placement('+', x))?;
    }
    line(
        out,
        &format!(
            "Must covered {} -> {}; should {} -> {}.",
            ratio(p.before.must),
            ratio(p.after.must),
            ratio(p.before.should),
            ratio(p.after.should)
        ),
    )?;
    if !p.uncovered.is_empty() {
        line(out, "Not covered:")?;
        for u in &p.uncovered {
            line(out, &format!("  {}", u.why))?;
        }
    }
    Ok(())
}
