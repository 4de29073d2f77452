//! Reference data shipped with the app: the OSCE's 57 participating States and 11 Partners for
//! Co-operation, which notes will be tagged with.

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

const STATES_JSON: &str = include_str!("../../../assets/reference/osce-states.json");

/// A State named in the reference list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    pub name: String,
    pub iso2: String,
    /// For Partners: `asian` or `mediterranean`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// The reference list, as shipped.
#[derive(Debug, Clone, Deserialize)]
pub struct OsceStates {
    pub participating_states: Vec<Country>,
    pub partners: Vec<Country>,
}

/// Reads the embedded list.
pub fn osce_states() -> Result<OsceStates> {
    serde_json::from_str(STATES_JSON)
        .map_err(|e| Error::Internal(format!("assets/reference/osce-states.json: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_osce_has_57_participating_states_and_11_partners() {
        let list = osce_states().unwrap();
        assert_eq!(list.participating_states.len(), 57);
        assert_eq!(list.partners.len(), 11);
        assert!(
            list.participating_states
                .iter()
                .any(|c| c.name == "Türkiye"),
            "names keep their diacritics"
        );
        let mut codes: Vec<_> = list
            .participating_states
            .iter()
            .chain(&list.partners)
            .map(|c| c.iso2.as_str())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 68, "every ISO code is unique");
    }
}
