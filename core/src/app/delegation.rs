//! The delegation: its members, listed and edited by hand. Each edit answers with the member as they now
//! are; removing one says what went with them.

use crate::delegation::editing::{self, MemberFields, RemovedMember};
use crate::delegation::members::{self, Member};
use crate::programme::conference;
use crate::{Error, Result, Store};

/// The delegation, in its order.
pub fn list_members(store: &Store, conference: i64) -> Result<Vec<Member>> {
    members::list(store.conn(), conference)
}

/// One member of the delegation.
pub fn get_member(store: &Store, conference: i64, member_id: i64) -> Result<Member> {
    members::find(store.conn(), conference, member_id)?
        .ok_or_else(|| Error::NotFound(format!("No member with id {member_id}.")))
}

/// Adds a member; answers with them.
pub fn add_member(store: &mut Store, conference: i64, fields: &MemberFields) -> Result<Member> {
    let c = conference::get(store.conn(), conference)?;
    let id = editing::add_member(store, &c, fields)?;
    get_member(store, conference, id)
}

/// Changes the given fields of a member; answers with them.
pub fn edit_member(
    store: &mut Store,
    conference: i64,
    member_id: i64,
    fields: &MemberFields,
) -> Result<Member> {
    let c = conference::get(store.conn(), conference)?;
    editing::edit_member(store, &c, member_id, fields)?;
    get_member(store, conference, member_id)
}

/// Removes a member with their assignments; their notes stay, without an author.
pub fn remove_member(store: &mut Store, conference: i64, member_id: i64) -> Result<RemovedMember> {
    let c = conference::get(store.conn(), conference)?;
    editing::remove_member(store, &c, member_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::conferences::load_sample;

    #[test]
    fn the_app_adds_edits_and_removes_a_member() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference.id;
        let fields: MemberFields = serde_json::from_value(serde_json::json!({
            "name": "Ines Duarte", "languages": ["pt"], "max_per_day": "2", "arrives": "2023-04-18 12:00"
        }))
        .unwrap();
        let m = add_member(&mut store, c, &fields).unwrap();
        assert_eq!(m.max_per_day, Some(2));
        let edited = edit_member(
            &mut store,
            c,
            m.id,
            &MemberFields {
                max_per_day: Some(String::new()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            (edited.max_per_day, edited.name.as_str()),
            (None, "Ines Duarte")
        );
        let removed = remove_member(&mut store, c, m.id).unwrap();
        assert_eq!(
            (removed.name.as_str(), removed.assignments),
            ("Ines Duarte", 0)
        );
    }
}
