//! Agendas out: one member's schedule (the sessions they are assigned to, with their role), or the whole
//! delegation's (every covered session, with who covers it), by day in the conference's time zone. The
//! text and JSON of `desk agenda`, the app's "My agenda" view and the `.ics` export ([`ics`]) all start
//! here.

pub mod ics;

use serde::Serialize;

use crate::delegation::members::{self, Member};
use crate::domain::{Role, SessionKind, SessionStatus};
use crate::programme::conference::Conference;
use crate::programme::sessions::{self, Assignment};
use crate::{time, Result, Store};

/// A schedule, by day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agenda {
    pub conference_id: i64,
    pub conference_title: String,
    pub time_zone: String,
    /// Whose agenda; `None` for the whole delegation.
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
    pub days: Vec<AgendaDay>,
}

/// One conference day of an agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// "Tuesday 18 April 2023".
    pub label: String,
    pub items: Vec<AgendaItem>,
}

/// One session on an agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    pub session_id: i64,
    pub external_uid: Option<String>,
    pub title: String,
    pub kind: SessionKind,
    pub status: SessionStatus,
    /// RFC 3339 with the conference's offset.
    pub starts_at: String,
    pub ends_at: String,
    /// `HH:MM` in the conference's zone.
    pub start: String,
    pub end: String,
    pub room: String,
    pub description: String,
    pub moderator: String,
    pub speakers: Vec<String>,
    /// The member's role (a member's agenda only).
    pub role: Option<Role>,
    /// Everyone of the delegation on this session, the member included.
    pub covered_by: Vec<Assignment>,
}

impl Agenda {
    /// How many sessions the agenda holds.
    pub fn len(&self) -> usize {
        self.days.iter().map(|d| d.items.len()).sum()
    }

    /// Whether the agenda holds no session.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every item, in time order.
    pub fn items(&self) -> impl Iterator<Item = &AgendaItem> {
        self.days.iter().flat_map(|d| d.items.iter())
    }
}

/// The agenda of `member_id`, or of the whole delegation when `None`. Cancelled sessions stay on it,
/// marked, so that a delegate sees what was dropped.
pub fn build(store: &Store, conference: &Conference, member_id: Option<i64>) -> Result<Agenda> {
    let member: Option<Member> = member_id
        .map(|id| members::get(store.conn(), conference, id))
        .transpose()?;
    let mut days: Vec<AgendaDay> = Vec::new();
    for s in sessions::list(store.conn(), conference, None)? {
        let role = match &member {
            Some(m) => match s.assignments.iter().find(|a| a.member_id == m.id) {
                Some(a) => Some(a.role),
                None => continue,
            },
            None if s.assignments.is_empty() => continue,
            None => None,
        };
        let item = AgendaItem {
            session_id: s.id,
            external_uid: s.external_uid,
            title: s.title,
            kind: s.kind,
            status: s.status,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            start: s.start,
            end: s.end,
            room: s.room,
            description: s.description,
            moderator: s.moderator,
            speakers: s.speakers,
            role,
            covered_by: s.assignments,
        };
        match days.last_mut() {
            Some(d) if d.day == s.day => d.items.push(item),
            _ => {
                let label = time::parse_date("day", &s.day)
                    .map(time::day_label)
                    .unwrap_or_else(|_| s.day.clone());
                days.push(AgendaDay {
                    day: s.day,
                    label,
                    items: vec![item],
                });
            }
        }
    }
    Ok(Agenda {
        conference_id: conference.id,
        conference_title: conference.title.clone(),
        time_zone: conference.time_zone.clone(),
        member_id: member.as_ref().map(|m| m.id),
        member_name: member.map(|m| m.name),
        days,
    })
}

/// The agenda as people read it: a heading, then each day with time, title, role or people, room.
pub fn to_text(agenda: &Agenda) -> String {
    let mut out = String::new();
    let whose = agenda
        .member_name
        .as_deref()
        .map_or_else(|| "The delegation".to_string(), String::from);
    out.push_str(&format!(
        "{whose}: agenda for {} (times in {})\n",
        agenda.conference_title, agenda.time_zone
    ));
    if agenda.is_empty() {
        out.push_str(match agenda.member_id {
            Some(_) => "No sessions assigned yet.\n",
            None => "No session is covered yet.\n",
        });
        return out;
    }
    for day in &agenda.days {
        out.push_str(&format!("\n{}\n", day.label));
        for item in &day.items {
            let who = match item.role {
                Some(role) => role.to_string(),
                None => item
                    .covered_by
                    .iter()
                    .map(|a| format!("{} ({})", a.member_name, a.role))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            let room = if item.room.is_empty() {
                String::new()
            } else {
                format!("  [{}]", item.room)
            };
            let cancelled = if item.status == SessionStatus::Cancelled {
                "  CANCELLED"
            } else {
                ""
            };
            out.push_str(&format!(
                "  {}-{}  {}{room}{cancelled}\n               {who}\n",
                item.start, item.end, item.title
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::{fixtures::testutil, planner};

    #[test]
    fn a_members_agenda_holds_only_their_sessions_with_their_role() {
        let (mut store, conference) = testutil::sample();
        let p2 = testutil::session_id(&store, &conference, "Panel 2");
        let p3 = testutil::session_id(&store, &conference, "Panel 3");
        let zoe = testutil::member_id(&store, &conference, "Zoë");
        let other = testutil::member_id(&store, &conference, "Łukasz");
        planner::assign(&mut store, p2, zoe, Role::Lead).unwrap();
        planner::assign(&mut store, p3, other, Role::Notes).unwrap();
        let agenda = build(&store, &conference, Some(zoe)).unwrap();
        assert_eq!(agenda.len(), 1, "only Panel 2");
        let item = agenda.items().next().unwrap();
        assert_eq!((item.session_id, item.role), (p2, Some(Role::Lead)));
        assert_eq!(agenda.days[0].day, "2023-04-19");
        let text = to_text(&agenda);
        assert!(
            text.contains("Wednesday 19 April 2023") && text.contains("lead"),
            "{text}"
        );
    }

    #[test]
    fn the_delegations_agenda_lists_every_covered_session_with_who_covers_it() {
        let (mut store, conference) = testutil::sample();
        let p2 = testutil::session_id(&store, &conference, "Panel 2");
        let p3 = testutil::session_id(&store, &conference, "Panel 3");
        let zoe = testutil::member_id(&store, &conference, "Zoë");
        planner::assign(&mut store, p2, zoe, Role::Lead).unwrap();
        planner::assign(&mut store, p3, zoe, Role::Attend).unwrap();
        let agenda = build(&store, &conference, None).unwrap();
        assert_eq!(agenda.len(), 2);
        assert!(agenda.member_id.is_none());
        let text = to_text(&agenda);
        assert!(text.starts_with("The delegation"), "{text}");
        assert!(text.contains("Zoë Achterberg (lead)"), "{text}");
    }

    #[test]
    fn an_unknown_member_has_no_agenda() {
        let (store, conference) = testutil::sample();
        let err = build(&store, &conference, Some(9999)).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::NotFound);
    }
}
