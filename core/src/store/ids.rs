//! Ids for rows that travel between laptops. Every laptop of a delegation adds sessions, members,
//! notes' versions and actions offline, so a new row's id is drawn at random instead of counted per file:
//! two laptops then never give two rows the same id. The ids stay below 2^53, the integers JavaScript
//! numbers hold exactly (the window receives ids as JSON numbers); among a conference's rows a clash is
//! as likely as a one-in-ten-billion draw. Rows made before (and a replica made by copy) keep theirs.

/// The largest id handed out: 2^53 - 1, JavaScript's `Number.MAX_SAFE_INTEGER`.
pub const MAX_ID: i64 = (1 << 53) - 1;

/// A new random id in 1..=[`MAX_ID`] for a row that travels (sessions, members, building blocks, note
/// versions, follow-up actions). The one place such ids are made.
pub fn new_id() -> i64 {
    let (high, _) = uuid::Uuid::new_v4().as_u64_pair();
    // 53 random bits; 0 is not a row id SQLite hands out, so it becomes 1.
    i64::try_from(high >> 11).unwrap_or(1).max(1)
}

/// The id every replica derives for a row that the merge itself writes (the text a note had on the
/// laptop whose edit lost): the same inputs give the same id everywhere (FNV-1a, 53 bits).
pub fn derived_id(parts: &[&str]) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    i64::try_from(hash >> 11).unwrap_or(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_positive_javascript_safe_and_distinct() {
        let ids: std::collections::HashSet<i64> = (0..10_000).map(|_| new_id()).collect();
        assert_eq!(ids.len(), 10_000, "no two of ten thousand ids are the same");
        assert!(
            ids.iter().all(|&id| (1..=MAX_ID).contains(&id)),
            "every id is in 1..=2^53-1"
        );
        assert!(
            ids.iter().any(|&id| id > 1 << 40),
            "the ids are drawn from the whole range, not counted"
        );
    }

    #[test]
    fn derived_ids_depend_on_every_part_and_on_their_boundaries() {
        assert_eq!(derived_id(&["a", "b"]), derived_id(&["a", "b"]), "stable");
        assert_ne!(
            derived_id(&["ab", ""]),
            derived_id(&["a", "b"]),
            "parts are delimited"
        );
        assert!((1..=MAX_ID).contains(&derived_id(&["x"])), "in range");
    }
}
