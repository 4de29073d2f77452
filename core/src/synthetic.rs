//! A synthetic conference for benchmarks and for trying the Plan view at scale: `desk sample
//! --synthetic 600x40` makes 600 sessions and 40 members. Deterministic (a fixed-seed linear
//! congruential generator, no `rand`): the same size always gives the same conference.
//!
//! Its shape: up to 120 sessions a day (5 days for 600), in five time slots a day (09:00, 11:00,
//! 13:30 lunch-time side events, 14:30, 16:30) with as many parallel tracks as it takes, durations of
//! 45 to 120 minutes and starts staggered by a quarter of an hour so that sessions overlap partly;
//! priorities about 15% must (a tenth of them needing two people), 25% should, 50% optional, 10% skip;
//! one to three building blocks each. Members know two to four blocks; about a sixth arrive on the
//! second day or leave at lunch on the last, half have a daily maximum of three to six.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::delegation::members::{self, NewMember};
use crate::domain::{Priority, SessionKind, SessionOrigin};
use crate::programme::conference::{self, Conference, NewConference};
use crate::programme::sessions::{self, NewSession};
use crate::{taxonomy::blocks, time, Error, Result, Store};

/// The largest synthetic conference it makes.
pub const MAX_SESSIONS: usize = 5000;
pub const MAX_MEMBERS: usize = 500;

/// Parses `600x40` into (sessions, members).
pub fn parse_size(text: &str) -> Result<(usize, usize)> {
    let bad = || {
        Error::invalid(
            "--synthetic",
            format!(
                "\"{text}\" is not SESSIONSxMEMBERS like 600x40 (at most {MAX_SESSIONS}x{MAX_MEMBERS})"
            ),
        )
    };
    let (a, b) = text.trim().split_once(['x', 'X']).ok_or_else(bad)?;
    let (n, m) = (
        a.trim().parse::<usize>().map_err(|_| bad())?,
        b.trim().parse::<usize>().map_err(|_| bad())?,
    );
    if n == 0 || m == 0 || n > MAX_SESSIONS || m > MAX_MEMBERS {
        return Err(bad());
    }
    Ok((n, m))
}

/// A small deterministic generator (Knuth's MMIX LCG, high bits out).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next()).unwrap_or(0) % n.max(1)
    }

    /// True with probability `percent`%.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const FIRST: &[&str] = &[
    "Amira",
    "Bogdan",
    "Chiara",
    "Dmitri",
    "Elif",
    "Farid",
    "Greta",
    "Hamid",
    "Ingrid",
    "Jonas",
    "Katarzyna",
    "Luca",
    "Mehmet",
    "Nadia",
    "Oskar",
    "Petra",
    "Quentin",
    "Rania",
    "Stefan",
    "Tamar",
];
const LAST: &[&str] = &[
    "Novak",
    "Ricci",
    "Kowalski",
    "Jansen",
    "Demir",
    "Lindqvist",
    "Moreau",
    "Petrov",
    "Haddad",
    "Schmidt",
    "Oliveira",
    "Nagy",
    "Horvat",
    "Berisha",
    "Dimitriou",
    "Ivanova",
    "Murphy",
];
const TOPICS: &[&str] = &[
    "Victim identification at borders",
    "Financial investigations",
    "Labour inspection and supply chains",
    "Online recruitment",
    "Child trafficking",
    "National referral mechanisms in practice",
    "Data collection and reporting",
    "Survivor leadership",
    "Cross-border cooperation",
    "Prosecution and the non-punishment principle",
    "Demand reduction",
    "Public procurement",
];

/// What loading a synthetic conference did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub conference: Conference,
    /// `false` when one of this size was already there and nothing was changed.
    pub created: bool,
}

/// Creates the synthetic conference of `sessions` x `members` (nothing changes if it exists).
pub fn load(store: &mut Store, sessions: usize, members: usize) -> Result<Outcome> {
    let uid = format!("synthetic-{sessions}x{members}");
    if let Some(id) = conference::id_by_uid(store.conn(), &uid)? {
        return Ok(Outcome {
            conference: conference::get(store.conn(), id)?,
            created: false,
        });
    }
    let per_day = 120usize;
    let days = sessions.div_ceil(per_day).max(1);
    let first = NaiveDate::from_ymd_opt(2025, 4, 7)
        .ok_or_else(|| Error::Internal("synthetic start date".into()))?;
    let last = first + Duration::days(i64::try_from(days).unwrap_or(1) - 1);
    let tz = time::parse_tz("Europe/Vienna")?;
    let mut rng = Lcg(0x5eed_2025);
    let id = store.write(|tx| {
        let id = conference::create(
            tx,
            &NewConference {
                uid: Some(uid.clone()),
                title: format!("Synthetic conference ({sessions} sessions, {members} members)"),
                venue: "Hofburg".into(),
                city: "Vienna".into(),
                time_zone: "Europe/Vienna".into(),
                starts_on: first.format("%Y-%m-%d").to_string(),
                ends_on: last.format("%Y-%m-%d").to_string(),
                organiser: "Delegation Desk".into(),
                url: String::new(),
            },
        )?;
        let codes: Vec<String> = blocks::list(tx, id)?.into_iter().map(|b| b.code).collect();
        let pick_blocks = |rng: &mut Lcg, n: usize| {
            let mut out: Vec<String> = Vec::new();
            while out.len() < n.min(codes.len()) {
                let code = &codes[rng.below(codes.len())];
                if !out.contains(code) {
                    out.push(code.clone());
                }
            }
            out
        };
        // (start hour, minute, kind) of the day's slots.
        let slots = [
            (9, 0, SessionKind::Panel),
            (11, 0, SessionKind::Panel),
            (13, 30, SessionKind::SideEvent),
            (14, 30, SessionKind::Panel),
            (16, 30, SessionKind::Plenary),
        ];
        for n in 0..sessions {
            let day = first + Duration::days(i64::try_from(n / per_day).unwrap_or(0));
            let in_day = n % per_day;
            let on_day = (sessions - (n / per_day) * per_day).min(per_day);
            let tracks = on_day.div_ceil(slots.len());
            let (slot, track) = (in_day / tracks.max(1), in_day % tracks.max(1));
            let (hour, minute, kind) = slots[slot.min(slots.len() - 1)];
            let stagger = 15 * rng.below(3) as i64;
            let length = [45, 60, 90, 90, 120][rng.below(5)];
            let start = NaiveDateTime::new(
                day,
                NaiveTime::from_hms_opt(hour, minute, 0)
                    .ok_or_else(|| Error::Internal("synthetic slot".into()))?,
            ) + Duration::minutes(stagger);
            let end = start
                + Duration::minutes(if kind == SessionKind::SideEvent {
                    60
                } else {
                    length
                });
            let roll = rng.below(100);
            let priority = match roll {
                0..=14 => Priority::Must,
                15..=39 => Priority::Should,
                40..=89 => Priority::Optional,
                _ => Priority::Skip,
            };
            let need = (priority == Priority::Must && rng.chance(10)).then_some(2);
            let topic = TOPICS[rng.below(TOPICS.len())];
            let nblocks = 1 + rng.below(3);
            sessions::insert(
                tx,
                id,
                &NewSession {
                    external_uid: Some(format!("syn-{n}")),
                    kind,
                    title: format!("{topic} #{}", n + 1),
                    starts_at: time::local_to_utc(tz, start)?,
                    ends_at: time::local_to_utc(tz, end)?,
                    room: format!("Room {}", track + 1),
                    track: format!("Track {}", track + 1),
                    description: String::new(),
                    moderator: String::new(),
                    speakers: vec![],
                    priority,
                    need,
                    origin: SessionOrigin::Manual,
                    blocks: pick_blocks(&mut rng, nblocks),
                },
            )?;
        }
        for k in 0..members {
            let name = format!(
                "{} {}{}",
                FIRST[k % FIRST.len()],
                LAST[(k * 7 + k / FIRST.len()) % LAST.len()],
                if k >= FIRST.len() * LAST.len() {
                    format!(" {}", k + 1)
                } else {
                    String::new()
                }
            );
            let arrives = (days > 1 && rng.chance(8))
                .then(|| {
                    time::local_to_utc(tz, (first + Duration::days(1)).and_hms_opt(9, 0, 0)?).ok()
                })
                .flatten();
            let departs = (days > 1 && arrives.is_none() && rng.chance(8))
                .then(|| time::local_to_utc(tz, last.and_hms_opt(13, 0, 0)?).ok())
                .flatten();
            let max_per_day = rng.chance(50).then(|| 3 + rng.below(4) as i64);
            let nexp = 2 + rng.below(3);
            members::insert(
                tx,
                id,
                &NewMember {
                    name,
                    title: "Delegate".into(),
                    organisation: "Ministry".into(),
                    email: String::new(),
                    languages: vec!["en".into()],
                    expertise: pick_blocks(&mut rng, nexp),
                    arrives_at: arrives,
                    departs_at: departs,
                    max_per_day,
                },
            )?;
        }
        Ok(id)
    })?;
    Ok(Outcome {
        conference: conference::get(store.conn(), id)?,
        created: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_size_is_sessions_x_members_and_bad_sizes_name_the_option() {
        assert_eq!(parse_size("600x40").unwrap(), (600, 40));
        for bad in ["600", "x40", "0x3", "600x40x2", "99999x2"] {
            let err = parse_size(bad).unwrap_err().to_string();
            assert!(err.starts_with("--synthetic:"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_same_size_gives_the_same_conference_with_parallel_tracks() {
        let make = || {
            let mut store = Store::open_in_memory().unwrap();
            let c = load(&mut store, 600, 40).unwrap().conference;
            let list = sessions::list(store.conn(), &c, None).unwrap();
            let people = members::list(store.conn(), c.id).unwrap();
            (c, list, people)
        };
        let (c, a, people) = make();
        let (_, b, _) = make();
        assert_eq!(a.len(), 600);
        assert_eq!(people.len(), 40);
        assert_eq!(c.days.len(), 5);
        let key = |l: &[sessions::Session]| {
            l.iter()
                .map(|s| (s.title.clone(), s.starts_at.clone(), s.priority))
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&a), key(&b), "deterministic");
        let at_nine = a
            .iter()
            .filter(|s| s.day == c.days[0] && s.start == "09:00")
            .count();
        assert!(at_nine > 3, "parallel tracks: {at_nine} at 09:00");
        assert!(a
            .iter()
            .any(|s| s.priority == Priority::Must && s.need == 2));
        assert!(people.iter().any(|m| m.max_per_day.is_some()));
        assert!(people
            .iter()
            .any(|m| m.arrives_at.is_some() || m.departs_at.is_some()));
    }
}
