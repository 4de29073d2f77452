//! Editing the delegation by hand: a colleague joins on Wednesday, leaves early, or cannot come.
//! Everything a person types is text local to the conference (`YYYY-MM-DD HH:MM` arrivals), converted
//! to UTC here with [`crate::time`], and every refusal names the field it is about.
//!
//! The same [`MemberFields`] serve adding (where the name is required) and editing (where a field left
//! out keeps its value), for the CLI and the app alike.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::delegation::members::{self, NewMember};
use crate::programme::conference::Conference;
use crate::text::{clean_list, required, trimmed};
use crate::{taxonomy::blocks, time, Error, Result, Store};

/// A member's fields as a person types them; `None` means "not given" (keep it, when editing).
/// For `arrives`, `departs` and `max_per_day` an empty text clears the value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MemberFields {
    pub name: Option<String>,
    pub title: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    /// Two-letter ISO 639-1 codes.
    pub languages: Option<Vec<String>>,
    /// Building-block codes.
    pub expertise: Option<Vec<String>>,
    /// `YYYY-MM-DD HH:MM` in the conference's zone; empty: there from the start.
    pub arrives: Option<String>,
    /// `YYYY-MM-DD HH:MM` in the conference's zone; empty: there to the end.
    pub departs: Option<String>,
    /// A whole number of at least 1; empty: no limit.
    pub max_per_day: Option<String>,
}

/// What removing a member took with them, for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovedMember {
    pub id: i64,
    pub name: String,
    /// Assignments removed with the member.
    pub assignments: i64,
    /// Notes the member wrote; they are kept, without an author.
    pub notes_kept: i64,
}

/// Splits a list typed as `a;b` (or `a,b`) into trimmed, non-empty items.
pub fn split_list(s: &str) -> Vec<String> {
    s.split([';', ','])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Adds a member at the end of the delegation; returns the id. Only the name is required.
pub fn add_member(
    store: &mut Store,
    conference: &Conference,
    fields: &MemberFields,
) -> Result<i64> {
    let tz = conference.tz()?;
    let name = required("name", fields.name.as_deref(), "a member needs a name")?;
    let new = NewMember {
        name: name.to_string(),
        title: trimmed(&fields.title),
        organisation: trimmed(&fields.organisation),
        email: email(fields.email.as_deref())?.unwrap_or_default(),
        languages: languages(fields.languages.as_deref())?.unwrap_or_default(),
        expertise: clean_list(fields.expertise.as_deref()),
        arrives_at: moment(tz, "arrives", fields.arrives.as_deref())?.flatten(),
        departs_at: moment(tz, "departs", fields.departs.as_deref())?.flatten(),
        max_per_day: max_per_day(fields.max_per_day.as_deref())?.flatten(),
    };
    store.write(|tx| members::insert(tx, conference.id, &new))
}

/// Changes the fields given; the others keep their values.
pub fn edit_member(
    store: &mut Store,
    conference: &Conference,
    member_id: i64,
    fields: &MemberFields,
) -> Result<()> {
    let tz = conference.tz()?;
    let (owner, _) = members::owner(store.conn(), member_id)?;
    if owner != conference.id {
        return Err(Error::NotFound(format!(
            "No member with id {member_id} in \"{}\".",
            conference.title
        )));
    }
    if let Some(name) = &fields.name {
        if name.trim().is_empty() {
            return Err(Error::invalid("name", "a member needs a name"));
        }
    }
    let email = email(fields.email.as_deref())?;
    let languages = languages(fields.languages.as_deref())?
        .map(|l| serde_json::to_string(&l))
        .transpose()
        .map_err(|e| Error::Internal(e.to_string()))?;
    let arrives = moment(tz, "arrives", fields.arrives.as_deref())?;
    let departs = moment(tz, "departs", fields.departs.as_deref())?;
    let max = max_per_day(fields.max_per_day.as_deref())?;
    let trimmed = |v: &Option<String>| v.as_deref().map(|s| s.trim().to_string());
    store.write(|tx| {
        tx.execute(
            "UPDATE member SET
                name = coalesce(?2, name),
                title = coalesce(?3, title),
                organisation = coalesce(?4, organisation),
                email = coalesce(?5, email),
                languages = coalesce(?6, languages)
             WHERE id = ?1",
            params![
                member_id,
                trimmed(&fields.name),
                trimmed(&fields.title),
                trimmed(&fields.organisation),
                email,
                languages
            ],
        )?;
        if let Some(a) = arrives {
            tx.execute(
                "UPDATE member SET arrives_at = ?2 WHERE id = ?1",
                params![member_id, a.map(time::to_stored)],
            )?;
        }
        if let Some(d) = departs {
            tx.execute(
                "UPDATE member SET departs_at = ?2 WHERE id = ?1",
                params![member_id, d.map(time::to_stored)],
            )?;
        }
        if let Some(m) = max {
            tx.execute(
                "UPDATE member SET max_per_day = ?2 WHERE id = ?1",
                params![member_id, m],
            )?;
        }
        check_stay(tx, member_id)?;
        if let Some(codes) = &fields.expertise {
            let ids =
                blocks::ids_for_codes(tx, conference.id, &clean_list(Some(codes)), "expertise")?;
            tx.execute(
                "DELETE FROM member_expertise WHERE member_id = ?1",
                [member_id],
            )?;
            let mut link =
                tx.prepare("INSERT INTO member_expertise (member_id, block_id) VALUES (?1, ?2)")?;
            for block in ids {
                link.execute([member_id, block])?;
            }
        }
        Ok(())
    })
}

/// Removes a member and their assignments; the notes they wrote are kept without an author.
pub fn remove_member(
    store: &mut Store,
    conference: &Conference,
    member_id: i64,
) -> Result<RemovedMember> {
    store.write(|tx| {
        let found: Option<(i64, String)> = tx
            .query_row(
                "SELECT conference_id, name FROM member WHERE id = ?1",
                [member_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let name = match found {
            Some((c, name)) if c == conference.id => name,
            _ => {
                return Err(Error::NotFound(format!(
                    "No member with id {member_id} in \"{}\".",
                    conference.title
                )))
            }
        };
        let count =
            |sql: &str| -> Result<i64> { Ok(tx.query_row(sql, [member_id], |r| r.get(0))?) };
        let assignments = count("SELECT count(*) FROM assignment WHERE member_id = ?1")?;
        let notes_kept = count("SELECT count(*) FROM note WHERE author_id = ?1")?;
        // The foreign keys do the rest: assignments cascade, notes keep their text with no author.
        tx.execute("DELETE FROM member WHERE id = ?1", [member_id])?;
        Ok(RemovedMember {
            id: member_id,
            name,
            assignments,
            notes_kept,
        })
    })
}

/// After an edit, departure must still come after arrival.
fn check_stay(tx: &Transaction<'_>, member_id: i64) -> Result<()> {
    let (name, arrives, departs): (String, Option<String>, Option<String>) = tx.query_row(
        "SELECT name, arrives_at, departs_at FROM member WHERE id = ?1",
        [member_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    if let (Some(a), Some(d)) = (arrives, departs) {
        if d <= a {
            return Err(Error::invalid(
                "departs",
                format!("{name} would leave before arriving"),
            ));
        }
    }
    Ok(())
}

fn email(value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = value.map(str::trim) else {
        return Ok(None);
    };
    if !v.is_empty() {
        let well_formed = v
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !v.contains(' '));
        if !well_formed {
            return Err(Error::invalid(
                "email",
                format!("\"{v}\" is not an address like name@example.org"),
            ));
        }
    }
    Ok(Some(v.to_string()))
}

fn languages(value: Option<&[String]>) -> Result<Option<Vec<String>>> {
    let Some(items) = value else {
        return Ok(None);
    };
    let mut codes: Vec<String> = Vec::new();
    for item in clean_list(Some(items)) {
        let code = item.to_ascii_lowercase();
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(Error::invalid(
                "languages",
                format!("\"{item}\" is not a two-letter language code such as en or fr"),
            ));
        }
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(Some(codes))
}

/// `None`: not given; `Some(None)`: cleared; `Some(Some(t))`: this instant.
fn moment(tz: Tz, field: &str, value: Option<&str>) -> Result<Option<Option<DateTime<Utc>>>> {
    let Some(v) = value.map(str::trim) else {
        return Ok(None);
    };
    if v.is_empty() {
        return Ok(Some(None));
    }
    let local = NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M"))
        .map_err(|_| {
            Error::invalid(
                field,
                format!("\"{v}\" is not a day and time like 2023-04-18 09:30"),
            )
        })?;
    let t = time::local_to_utc(tz, local).map_err(|e| Error::invalid(field, e))?;
    Ok(Some(Some(t)))
}

fn max_per_day(value: Option<&str>) -> Result<Option<Option<i64>>> {
    let Some(v) = value.map(str::trim) else {
        return Ok(None);
    };
    if v.is_empty() || v.eq_ignore_ascii_case("none") {
        return Ok(Some(None));
    }
    match v.parse::<i64>() {
        Ok(n) if n >= 1 => Ok(Some(Some(n))),
        _ => Err(Error::invalid(
            "max_per_day",
            format!("\"{v}\" is not a whole number of at least 1 (leave it empty for no limit)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programme::sessions;
    use crate::{fixtures::testutil, notes, planner, ErrorCode};

    fn field_of(err: &Error) -> String {
        err.to_string().split(':').next().unwrap_or("").to_string()
    }

    #[test]
    fn a_member_added_by_hand_has_availability_in_conference_time() {
        let (mut store, conference) = testutil::sample();
        let fields = MemberFields {
            name: Some("Ines Duarte".into()),
            languages: Some(vec!["PT".into(), "en".into()]),
            expertise: Some(vec!["law".into()]),
            arrives: Some("2023-04-18 12:00".into()),
            departs: Some("2023-04-19T16:00".into()),
            max_per_day: Some("2".into()),
            ..Default::default()
        };
        let id = add_member(&mut store, &conference, &fields).unwrap();
        let m = members::list(store.conn(), conference.id)
            .unwrap()
            .into_iter()
            .find(|m| m.id == id)
            .unwrap();
        assert_eq!(m.arrives_at.as_deref(), Some("2023-04-18T12:00:00+02:00"));
        assert_eq!(m.departs_at.as_deref(), Some("2023-04-19T16:00:00+02:00"));
        assert_eq!(
            (m.languages, m.expertise, m.max_per_day),
            (
                vec!["pt".to_string(), "en".into()],
                vec!["law".to_string()],
                Some(2)
            )
        );
    }

    #[test]
    fn member_fields_are_checked_and_the_refusal_names_the_field() {
        let (mut store, conference) = testutil::sample();
        let named = || MemberFields {
            name: Some("Someone".into()),
            ..Default::default()
        };
        let cases = vec![
            (
                "name",
                MemberFields {
                    name: Some(" ".into()),
                    ..named()
                },
            ),
            (
                "email",
                MemberFields {
                    email: Some("not-an-address".into()),
                    ..named()
                },
            ),
            (
                "languages",
                MemberFields {
                    languages: Some(vec!["english".into()]),
                    ..named()
                },
            ),
            (
                "expertise",
                MemberFields {
                    expertise: Some(vec!["magic".into()]),
                    ..named()
                },
            ),
            (
                "arrives",
                MemberFields {
                    arrives: Some("tomorrow".into()),
                    ..named()
                },
            ),
            (
                "max_per_day",
                MemberFields {
                    max_per_day: Some("0".into()),
                    ..named()
                },
            ),
            (
                "departs",
                MemberFields {
                    arrives: Some("2023-04-19 10:00".into()),
                    departs: Some("2023-04-18 10:00".into()),
                    ..named()
                },
            ),
        ];
        for (field, fields) in cases {
            let err = add_member(&mut store, &conference, &fields).unwrap_err();
            assert_eq!(field_of(&err), field, "the refusal names {field}: {err}");
        }
        assert_eq!(
            members::list(store.conn(), conference.id).unwrap().len(),
            6,
            "nobody was added"
        );
    }

    #[test]
    fn editing_a_member_changes_only_the_given_fields_and_can_clear_availability() {
        let (mut store, conference) = testutil::sample();
        let zoe = testutil::member_id(&store, &conference, "Zoë");
        let before = members::list(store.conn(), conference.id)
            .unwrap()
            .into_iter()
            .find(|m| m.id == zoe)
            .unwrap();
        let set = MemberFields {
            title: Some("Police liaison".into()),
            departs: Some("2023-04-19 12:00".into()),
            max_per_day: Some("3".into()),
            expertise: Some(vec!["nrm".into()]),
            ..Default::default()
        };
        edit_member(&mut store, &conference, zoe, &set).unwrap();
        let get = |store: &Store| {
            members::list(store.conn(), conference.id)
                .unwrap()
                .into_iter()
                .find(|m| m.id == zoe)
                .unwrap()
        };
        let after = get(&store);
        assert_eq!(after.name, before.name, "the name was not given and stays");
        assert_eq!(after.title, "Police liaison");
        assert_eq!(
            after.departs_at.as_deref(),
            Some("2023-04-19T12:00:00+02:00")
        );
        assert_eq!(
            (after.max_per_day, after.expertise.clone()),
            (Some(3), vec!["nrm".to_string()])
        );
        let clear = MemberFields {
            departs: Some(String::new()),
            max_per_day: Some(String::new()),
            ..Default::default()
        };
        edit_member(&mut store, &conference, zoe, &clear).unwrap();
        let cleared = get(&store);
        assert_eq!(
            (cleared.departs_at, cleared.max_per_day),
            (None, None),
            "empty text clears"
        );
    }

    #[test]
    fn removing_a_member_takes_their_assignments_and_keeps_their_notes_without_author() {
        let (mut store, conference) = testutil::sample();
        let panel = testutil::session_id(&store, &conference, "Panel 2");
        let zoe = testutil::member_id(&store, &conference, "Zoë");
        planner::assign(&mut store, panel, zoe, crate::domain::Role::Lead).unwrap();
        let note = notes::add(
            &mut store,
            &conference,
            &notes::NewNote {
                session_id: Some(panel),
                author_id: Some(zoe),
                body: "Met the rapporteur.".into(),
                blocks: vec![],
                ..Default::default()
            },
        )
        .unwrap();
        let removed = remove_member(&mut store, &conference, zoe).unwrap();
        assert_eq!((removed.assignments, removed.notes_kept), (1, 1));
        assert!(removed.name.starts_with("Zoë"), "{removed:?}");
        let kept = notes::list(store.conn(), &conference, Some(panel)).unwrap();
        assert_eq!(kept.len(), 1, "the note is kept");
        assert_eq!(
            (kept[0].id.as_str(), kept[0].author_id),
            (note.id.as_str(), None),
            "without an author"
        );
        assert!(sessions::get(store.conn(), &conference, panel)
            .unwrap()
            .assignments
            .is_empty());
        assert_eq!(
            remove_member(&mut store, &conference, zoe)
                .unwrap_err()
                .code(),
            ErrorCode::NotFound
        );
    }
}
