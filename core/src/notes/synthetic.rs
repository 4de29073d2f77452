//! A synthetic note generator for benchmarks: realistic, multilingual session notes (English, French,
//! German, Russian, Turkish, Spanish, with names that carry diacritics), tagged with blocks, countries,
//! kinds, sessions and authors like a delegation's notes would be. Deterministic for a given seed.

use rusqlite::params;

use crate::domain::NoteKind;
use crate::programme::conference::Conference;
use crate::{
    taxonomy::{blocks, reference},
    time, Error, Result, Store,
};

const FIRST: &[&str] = &[
    "Siobhán",
    "Łukasz",
    "Zoë",
    "Maren",
    "Ayşe",
    "Jürgen",
    "Élodie",
    "Dmitri",
    "Ioana",
    "Mehmet",
    "Nuria",
    "Tomás",
    "Agnieszka",
    "Björn",
    "Oğuz",
    "Chiara",
    "Sven",
    "Katarzyna",
    "Hélène",
    "Miloš",
    "Ana",
    "Ruairí",
    "Zeynep",
    "Nikolai",
    "Ingrid",
    "Javier",
    "Aleksandra",
    "Piotr",
    "Rasa",
    "Jovana",
];

const SURNAMES: &[&str] = &[
    "Ó Briain",
    "Nowak",
    "Achterberg",
    "Høgsvik",
    "Yılmaz",
    "Müller",
    "Lefèvre",
    "Ivanov",
    "Popescu",
    "Demir",
    "García",
    "Kowalski",
    "Lindqvist",
    "Rossi",
    "Petrović",
    "Dubois",
    "Schäfer",
    "Kaya",
    "Novák",
    "Jensen",
];

const ROLES: &[&str] = &[
    "national coordinator",
    "rapporteur",
    "prosecutor",
    "labour inspector",
    "NGO coalition",
    "ministry of interior",
    "survivor-leader",
    "police liaison officer",
    "social services",
    "judge",
    "ombudsperson",
    "border guard",
    "trade union",
    "employers' federation",
];

const VERBS: &[&str] = &[
    "said that",
    "explained that",
    "stressed that",
    "asked whether",
    "reported that",
    "warned that",
];

const MIDDLES: &[&str] = &[
    "first-line identification by labour inspectors doubled referrals",
    "the national referral mechanism now includes municipalities",
    "l'identification des victimes reste trop tardive dans les ports",
    "die Finanzierung der Schutzunterkünfte für drei Jahre gesichert ist",
    "жертвы торговли людьми получают доступ к юридической помощи",
    "la ley integral contra la trata se aprobará este año",
    "supply-chain due diligence must cover subcontractors",
    "online recruitment on social media is the main risk for adolescents",
    "the rapporteur publishes data disaggregated by sex and age",
    "non-punishment of victims is still not applied by prosecutors",
    "compensation funds are rarely used because lawyers are missing",
    "mağdurların tespiti için kolluk eğitimi genişletildi",
    "demand reduction campaigns target buyers of sexual services",
    "the coordinating council meets quarterly with NGOs",
    "les inspecteurs du travail contrôlent désormais l'agriculture saisonnière",
    "Menschenhandel zur Arbeitsausbeutung wird in der Fleischindustrie häufiger erkannt",
    "национальный координатор подчиняется непосредственно правительству",
    "los tribunales especializados reducen la duración de los juicios",
    "a hotline in twelve languages answered more than two thousand calls",
    "child victims receive a guardian within twenty-four hours",
    "public procurement rules now exclude suppliers with forced labour",
    "financial investigators follow the money of criminal networks",
    "shelters for men and boys are still lacking",
    "the action plan is costed and has an independent evaluation",
    "iş müfettişleri mevsimlik tarım işçilerini denetliyor",
    "la coopération transfrontalière avec les pays voisins s'améliore",
    "die Opferentschädigung wird nur selten beantragt",
    "survivors sit on the advisory board of the coordinator",
];

const ENDINGS: &[&str] = &[
    "We should follow up with the ministry.",
    "Good practice worth sharing with capital.",
    "Ask for the evaluation report.",
    "À suivre lors de la prochaine réunion.",
    "Bitte Kontaktdaten austauschen.",
    "Нужно запросить статистику.",
    "Hay que pedir el informe de evaluación.",
    "",
    "",
    "",
];

/// A small deterministic generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One synthetic body: one to four sentences, each said by someone (a name with diacritics, a role,
/// a country from `countries`) in one of six languages.
pub fn body(rng: &mut Rng, countries: &[String]) -> String {
    let sentences = 1 + rng.below(4);
    let mut out = Vec::with_capacity(sentences);
    for _ in 0..sentences {
        let country = if countries.is_empty() {
            "the host country"
        } else {
            rng.pick(countries).as_str()
        };
        let sentence = format!(
            "{} {} ({}, {country}) {} {}. {}",
            rng.pick(FIRST),
            rng.pick(SURNAMES),
            rng.pick(ROLES),
            rng.pick(VERBS),
            rng.pick(MIDDLES),
            rng.pick(ENDINGS)
        );
        out.push(sentence.trim().to_string());
    }
    out.join(" ")
}

/// Adds `count` synthetic notes to `conference`, in transactions of 5,000.
pub fn generate(store: &mut Store, conference: &Conference, count: usize, seed: u64) -> Result<()> {
    let mut rng = Rng::new(seed);
    let block_ids: Vec<i64> = blocks::list(store.conn(), conference.id)?
        .iter()
        .map(|b| b.id)
        .collect();
    let session_ids: Vec<i64> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT id FROM session WHERE conference_id = ?1")?;
        let ids = stmt
            .query_map([conference.id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        ids
    };
    let member_ids: Vec<i64> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT id FROM member WHERE conference_id = ?1")?;
        let ids = stmt
            .query_map([conference.id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        ids
    };
    let states = reference::osce_states()?;
    let countries: Vec<(String, String)> = states
        .participating_states
        .iter()
        .chain(&states.partners)
        .map(|c| (c.name.clone(), c.iso2.clone()))
        .collect();
    if block_ids.is_empty() || countries.is_empty() {
        return Err(Error::Internal(
            "synthetic notes need blocks and countries".into(),
        ));
    }
    let names: Vec<String> = countries.iter().map(|c| c.0.clone()).collect();
    let now = time::now_stored();
    let mut done = 0;
    while done < count {
        let batch = (count - done).min(5_000);
        store.write(|tx| {
            let mut note = tx.prepare(
                "INSERT INTO note (id, conference_id, session_id, author_id, body, kind, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?;
            let mut tag = tx.prepare("INSERT OR IGNORE INTO note_block (note_id, block_id) VALUES (?1, ?2)")?;
            let mut country = tx.prepare(
                "INSERT OR IGNORE INTO note_country (note_id, name, iso2, position) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for _ in 0..batch {
                let id = uuid::Uuid::new_v4().to_string();
                let session = if rng.below(5) == 0 || session_ids.is_empty() { None } else { Some(*rng.pick(&session_ids)) };
                let author = if member_ids.is_empty() { None } else { Some(*rng.pick(&member_ids)) };
                let kind = *rng.pick(NoteKind::ALL);
                note.execute(params![id, conference.id, session, author, body(&mut rng, &names), kind, now])?;
                for _ in 0..rng.below(3) + 1 {
                    tag.execute(params![id, rng.pick(&block_ids)])?;
                }
                for i in 0..rng.below(3) {
                    let (name, iso2) = rng.pick(&countries);
                    country.execute(params![id, name, iso2, i as i64])?;
                }
            }
            Ok(())
        })?;
        done += batch;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::search::{search, Query};
    use crate::testutil;

    #[test]
    fn synthetic_notes_are_indexed_and_found_in_several_languages() {
        let (mut store, c) = testutil::sample();
        generate(&mut store, &c, 300, 7).unwrap();
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM note_fts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 300, "every note is in the index");
        for q in [
            "siobhan",
            "turkiye",
            "Menschenhandel",
            "жертвы",
            "identification",
        ] {
            let _ = search(
                store.conn(),
                &c,
                &Query {
                    text: q.into(),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        let hits = search(
            store.conn(),
            &c,
            &Query {
                text: "siob".into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(!hits.is_empty(), "Siobhán is in the generated text");
    }
}
