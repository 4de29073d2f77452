//! Why a must or should session stays short once the plan is made: every member who is not on it,
//! grouped by reason (arrives late, leaves early, at a parallel session, at the daily maximum, free
//! yet not chosen), said in one sentence the coordinator can act on.

use std::collections::BTreeMap;

use super::state::Plan;
use super::Short;
use crate::planner::conflicts::and_list;
use crate::planner::model::{clock_and_day, day_words};

/// Why session `i` stays short: each member who is not on it, grouped by reason.
pub(super) fn short(plan: &Plan<'_>, i: usize) -> Short {
    let snap = plan.snap;
    let s = &snap.sessions[i];
    let mut reasons: BTreeMap<(u8, String), Vec<String>> = BTreeMap::new();
    for (m, member) in snap.members.iter().enumerate() {
        if plan.on[i].contains(&m) {
            continue;
        }
        let name = member.name.clone();
        let (arrives, departs) = snap.windows[m];
        let (start, end) = snap.times[i];
        let key = if arrives.is_some_and(|t| t > start) {
            let (clock, day) = clock_and_day(member.arrives_at.as_deref().unwrap_or(""));
            (3, format!("only arrives on {} at {clock}", day_words(&day)))
        } else if departs.is_some_and(|t| t < end) {
            let (clock, day) = clock_and_day(member.departs_at.as_deref().unwrap_or(""));
            (3, format!("leaves on {} at {clock}", day_words(&day)))
        } else if let Some(j) = plan.clash(m, i) {
            let o = &snap.sessions[j];
            let what = if plan.removable.contains(&(j, m))
                || !o.assignments.iter().any(|a| a.member_id == member.id)
            {
                "planned for"
            } else {
                "at"
            };
            (
                1,
                format!(
                    "{what} the parallel \u{201c}{}\u{201d} ({}-{}, {})",
                    o.title, o.start, o.end, o.priority
                ),
            )
        } else if plan.room_left(m, &s.day) == Some(0) {
            (
                2,
                format!(
                    "at their daily maximum of {}",
                    member.max_per_day.unwrap_or(0)
                ),
            )
        } else {
            (4, "free, yet not chosen".to_string())
        };
        reasons.entry(key).or_default().push(name);
    }
    let parts: Vec<String> = reasons
        .into_iter()
        .map(|((_, why), names)| {
            let verb = match (
                names.len(),
                why.starts_with("only") || why.starts_with("leaves"),
            ) {
                (_, true) => "",
                (1, false) => "is ",
                (_, false) => "are ",
            };
            format!("{} {verb}{why}", and_list(&names))
        })
        .collect();
    let assigned = plan.on[i].len();
    let why = if snap.members.is_empty() {
        "there is nobody in the delegation".to_string()
    } else if parts.is_empty() {
        "everyone in the delegation is already on it".to_string()
    } else {
        parts.join("; ")
    };
    Short {
        session_id: s.id,
        title: s.title.clone(),
        priority: s.priority,
        day: s.day.clone(),
        start: s.start.clone(),
        end: s.end.clone(),
        assigned,
        need: s.need,
        why: format!(
            "\u{201c}{}\u{201d} ({}, {} of {}) on {} {}-{}: {why}.",
            s.title,
            s.priority,
            assigned,
            s.need,
            day_words(&s.day),
            s.start,
            s.end
        ),
    }
}
