//! The briefing pack: session briefs, the pack's settings, generating the PDF into the app's own `packs`
//! folder (beside the data file), then opening it in the system's viewer or copying it where the person
//! chose in the save dialog; the command line writes it straight to the file it names. The webview only
//! ever names a pack by the file name this module gave it, so it cannot reach any other file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::pack::{self, PackOptions, PackSettings};
use crate::programme::briefs::{self, Brief, BriefChange};
use crate::{programme::conference, Error, Result, Store};

/// The folder generated packs are kept in, beside the data file.
pub fn packs_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("packs")
}

/// A session's brief.
pub fn get_brief(store: &Store, conference: i64, session_id: i64) -> Result<Brief> {
    let c = conference::get(store.conn(), conference)?;
    briefs::get(store.conn(), &c, session_id)
}

/// Saves the given fields of a session's brief.
pub fn save_brief(
    store: &mut Store,
    conference: i64,
    session_id: i64,
    change: &BriefChange,
) -> Result<Brief> {
    let c = conference::get(store.conn(), conference)?;
    briefs::save(store, &c, session_id, change)
}

/// The conference's pack settings.
pub fn get_pack_settings(store: &Store, conference: i64) -> Result<PackSettings> {
    let c = conference::get(store.conn(), conference)?;
    pack::settings(store.conn(), &c)
}

/// Saves the delegation's country and the default marking.
pub fn save_pack_settings(
    store: &mut Store,
    conference: i64,
    settings: &PackSettings,
) -> Result<PackSettings> {
    let c = conference::get(store.conn(), conference)?;
    pack::save_settings(store, &c, &settings.country, &settings.marking)
}

/// What the Briefing pack view asks for.
#[derive(Debug, Clone, Deserialize)]
pub struct PackRequest {
    /// Section words in order (`cover`, `contents`, ...).
    pub sections: Vec<String>,
    pub member_id: Option<i64>,
    /// `a4` or `letter`.
    pub paper: String,
    /// `None`: the saved marking.
    pub marking: Option<String>,
    /// Body text justified (the default when absent) or ragged right.
    #[serde(default)]
    pub justify: Option<bool>,
}

/// A pack made, ready to open or save.
#[derive(Debug, Clone, Serialize)]
pub struct PackMade {
    /// The file's name in the packs folder: what `open_pack` and `save_pack_as` take.
    pub file_name: String,
    pub path: String,
    pub pages: usize,
    pub size_bytes: usize,
    pub edition: i64,
}

impl PackRequest {
    fn options(&self) -> Result<PackOptions> {
        Ok(PackOptions {
            sections: pack::parse_sections(&self.sections.join(","))?,
            member_id: self.member_id,
            paper: pack::parse_paper(&self.paper)?,
            marking: self.marking.clone(),
            justify: self.justify.unwrap_or(true),
        })
    }
}

/// Generates a pack into `dir` (created when missing), reporting progress in `0..=1`.
pub fn generate_pack(
    store: &mut Store,
    conference: i64,
    dir: &Path,
    request: &PackRequest,
    progress: &mut dyn FnMut(f32),
) -> Result<PackMade> {
    let c = conference::get(store.conn(), conference)?;
    let options = request.options()?;
    let whose = match request.member_id {
        Some(id) => {
            let name = crate::delegation::members::find(store.conn(), c.id, id)?
                .map(|m| m.name)
                .ok_or_else(|| Error::NotFound(format!("No member {id} in \"{}\".", c.title)))?;
            format!(
                "-{}",
                crate::data::files::name_part(&name, 40).unwrap_or_else(|| "member".into())
            )
        }
        None => String::new(),
    };
    let made = pack::generate(store, &c, &options, progress)?;
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        context: format!("Could not create {}", dir.display()),
        source,
    })?;
    let file_name = format!("briefing-pack{whose}-v{}.pdf", made.edition);
    let path = dir.join(&file_name);
    crate::data::files::write_atomically(&path, &made.pdf)?;
    Ok(PackMade {
        file_name,
        path: path.display().to_string(),
        pages: made.pages,
        size_bytes: made.pdf.len(),
        edition: made.edition,
    })
}

/// Generates a pack and writes it to `path` (`desk pack --out`).
pub fn write_pack(
    store: &mut Store,
    conference: i64,
    request: &PackRequest,
    path: &Path,
) -> Result<PackMade> {
    let c = conference::get(store.conn(), conference)?;
    let made = pack::generate(store, &c, &request.options()?, &mut |_| {})?;
    crate::data::files::write_atomically(path, &made.pdf)?;
    Ok(PackMade {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.display().to_string(),
        pages: made.pages,
        size_bytes: made.pdf.len(),
        edition: made.edition,
    })
}

/// The path of a pack in `dir` named by a file name that `generate_pack` gave; anything else is refused.
fn pack_path(dir: &Path, file_name: &str) -> Result<PathBuf> {
    let plain = !file_name.is_empty()
        && !file_name.contains(['/', '\\'])
        && !file_name.starts_with('.')
        && file_name.ends_with(".pdf");
    let path = dir.join(file_name);
    if !plain || !path.is_file() {
        return Err(Error::NotFound(format!(
            "No generated pack named \"{file_name}\": generate the pack again."
        )));
    }
    Ok(path)
}

/// Copies a generated pack to where the person chose.
pub fn save_pack_as(dir: &Path, file_name: &str, target: &str) -> Result<String> {
    let from = pack_path(dir, file_name)?;
    let mut to = PathBuf::from(target);
    if to.extension().is_none() {
        to.set_extension("pdf");
    }
    let bytes = std::fs::read(&from).map_err(|source| Error::Io {
        context: format!("Could not read {}", from.display()),
        source,
    })?;
    crate::data::files::write_atomically(&to, &bytes)?;
    Ok(to.display().to_string())
}

/// Opens a generated pack in the system's PDF viewer.
pub fn open_pack(dir: &Path, file_name: &str) -> Result<()> {
    let path = pack_path(dir, file_name)?;
    let (program, args): (&str, Vec<&std::ffi::OsStr>) = if cfg!(target_os = "macos") {
        ("open", vec![path.as_os_str()])
    } else if cfg!(windows) {
        ("explorer", vec![path.as_os_str()])
    } else {
        ("xdg-open", vec![path.as_os_str()])
    };
    std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|source| Error::Io {
            context: format!(
                "Could not start the system's PDF viewer ({program}); use \"Save as…\" and open {} yourself",
                path.display()
            ),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::conferences::load_sample;

    fn request(sections: &[&str]) -> PackRequest {
        PackRequest {
            sections: sections.iter().map(|s| s.to_string()).collect(),
            member_id: None,
            paper: "a4".into(),
            marking: None,
            justify: None,
        }
    }

    #[test]
    fn a_generated_pack_lands_in_the_packs_folder_and_can_be_saved_elsewhere() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference.id;
        let dir = tempfile::tempdir().unwrap();
        let packs = packs_dir(&dir.path().join("desk.sqlite3"));
        let made = generate_pack(
            &mut store,
            c,
            &packs,
            &request(&["cover", "schedule"]),
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(made.file_name, "briefing-pack-v1.pdf");
        assert!(Path::new(&made.path).is_file(), "written to {}", made.path);
        let target = dir.path().join("for the head of delegation");
        let saved = save_pack_as(&packs, &made.file_name, target.to_str().unwrap()).unwrap();
        assert!(saved.ends_with("for the head of delegation.pdf"), "{saved}");
        assert_eq!(std::fs::read(&saved).unwrap().len(), made.size_bytes);
    }

    #[test]
    fn a_personal_pack_is_named_for_its_member() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference.id;
        let lukasz = crate::app::delegation::list_members(&store, c)
            .unwrap()
            .into_iter()
            .find(|m| m.name.starts_with("Łukasz"))
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut r = request(&["cover", "agendas"]);
        r.member_id = Some(lukasz.id);
        let made = generate_pack(&mut store, c, dir.path(), &r, &mut |_| {}).unwrap();
        assert_eq!(made.file_name, "briefing-pack-łukasz-brandt-v1.pdf");
        assert!(
            dir.path().join(&made.file_name).is_file(),
            "written under that name"
        );
        assert!(
            pack_path(dir.path(), &made.file_name).is_ok(),
            "and it can be opened or saved by that name"
        );
    }

    #[test]
    fn only_a_generated_pack_can_be_opened_or_saved() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        for name in [
            "../desk.sqlite3",
            "secret.txt",
            "/etc/passwd",
            ".hidden.pdf",
            "missing.pdf",
            "",
        ] {
            let err = save_pack_as(dir.path(), name, "/tmp/x.pdf").unwrap_err();
            assert!(matches!(err, Error::NotFound(_)), "{name:?} refused: {err}");
        }
    }

    #[test]
    fn a_bad_section_or_paper_is_refused_before_anything_is_written() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference.id;
        let dir = tempfile::tempdir().unwrap();
        let mut r = request(&["cover", "weather"]);
        assert!(generate_pack(&mut store, c, dir.path(), &r, &mut |_| {}).is_err());
        r = request(&["cover"]);
        r.paper = "a3".into();
        assert!(generate_pack(&mut store, c, dir.path(), &r, &mut |_| {}).is_err());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "nothing written"
        );
    }
}
