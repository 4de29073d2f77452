//! `desk exchange` and `desk join` as a script runs them, on real data files: a coordinator whose data
//! file is encrypted makes a copy, a delegate joins it into a data file encrypted with her own key, a note travels back by file,
//! the report says from whom and what, a second receive changes nothing, and a wrong exchange
//! passphrase or a cut file is refused in one line with nothing applied.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PHRASE: &str = "the delegation's phrase";

struct Laptop {
    db: PathBuf,
    key: Option<&'static str>,
}

impl Laptop {
    fn desk(&self, args: &[&str], phrase: &str) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_desk"));
        cmd.args(args)
            .env("DESK_DB", &self.db)
            .env("DESK_EXCHANGE_PASSPHRASE", phrase)
            .env("XDG_CONFIG_HOME", self.db.with_extension("config"))
            .env_remove("DESK_PASSPHRASE")
            .stdin(std::process::Stdio::null());
        if let Some(key) = self.key {
            cmd.env("DESK_PASSPHRASE", key);
        }
        cmd.output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.desk(args, PHRASE);
        assert!(
            out.status.success(),
            "desk {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn fails(&self, args: &[&str], phrase: &str) -> String {
        let out = self.desk(args, phrase);
        assert_eq!(out.status.code(), Some(1), "desk {args:?} should fail");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        err
    }
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

#[test]
fn a_note_travels_from_a_delegate_to_an_encrypted_coordinator_and_back_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let coordinator = Laptop {
        db: dir.path().join("coordinator.sqlite3"),
        key: Some("the coordinator's own key"),
    };
    let zoe = Laptop {
        db: dir.path().join("zoe.sqlite3"),
        key: Some("Zoë's own key, not the coordinator's"),
    };
    coordinator.ok(&["sample"]);
    let copy = path(dir.path(), "copy.desk-exchange");
    let made = coordinator.json(&[
        "exchange",
        "copy",
        "--out",
        &copy,
        "--name",
        "Coordinator",
        "--json",
    ]);
    assert!(made["bytes"].as_u64().unwrap() > 10_000, "{made}");
    let joined = zoe.json(&["join", &copy, "--name", "Zoë", "--json"]);
    assert_eq!(joined["from"], "Coordinator", "{joined}");
    assert!(
        !std::fs::read(&zoe.db)
            .unwrap()
            .starts_with(b"SQLite format 3\0"),
        "the delegate's data file is encrypted with her own passphrase, not the exchange's"
    );
    zoe.ok(&[
        "notes",
        "add",
        "--text",
        "Panel 3: the rapporteur's new figures",
    ]);
    let file = path(dir.path(), "zoe.desk-exchange");
    let sent = zoe.json(&["exchange", "send", "--out", &file, "--json"]);
    assert!(sent["changes"].as_u64().unwrap() >= 1, "{sent}");

    let before = std::fs::read(&coordinator.db).unwrap();
    let err = coordinator.fails(&["exchange", "receive", &file], "not the phrase");
    assert!(err.contains("exchange passphrase"), "{err}");
    let bytes = std::fs::read(&file).unwrap();
    let cut = path(dir.path(), "cut.desk-exchange");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let err = coordinator.fails(&["exchange", "receive", &cut], PHRASE);
    assert!(err.contains("damaged"), "{err}");
    assert_eq!(
        std::fs::read(&coordinator.db).unwrap(),
        before,
        "nothing applied"
    );

    // One bad file among good ones: none is applied.
    let err = coordinator.fails(&["exchange", "receive", &file, &cut], PHRASE);
    assert!(
        err.contains("cut.desk-exchange"),
        "the bad file is named: {err}"
    );
    assert_eq!(
        std::fs::read(&coordinator.db).unwrap(),
        before,
        "nothing applied"
    );

    let text = coordinator.ok(&["exchange", "receive", &file]);
    assert!(
        text.contains("From Zoë") && text.contains("1 notes"),
        "{text}"
    );
    let notes = coordinator.json(&["notes", "list", "--json"]);
    assert!(
        notes.to_string().contains("rapporteur's new figures"),
        "the note is on the coordinator's laptop"
    );
    let again = coordinator.json(&["exchange", "receive", &file, "--json"]);
    assert_eq!(
        again[0]["changes"], 0,
        "receiving twice changes nothing: {again}"
    );
    let status = coordinator.json(&["exchange", "status", "--json"]);
    let peers = status["peers"].as_array().unwrap();
    assert!(
        peers
            .iter()
            .any(|p| p["name"] == "Zoë" && p["received_at"].is_string()),
        "{status}"
    );

    // And back: the coordinator's plan change reaches Zoë through a shared folder.
    coordinator.ok(&["priority", "High-level opening", "optional"]);
    let folder = dir.path().join("usb");
    std::fs::create_dir_all(&folder).unwrap();
    coordinator.ok(&["exchange", "sync", folder.to_str().unwrap()]);
    let synced = zoe.ok(&["exchange", "sync", folder.to_str().unwrap()]);
    assert!(synced.contains("From Coordinator"), "{synced}");
    let sessions = zoe.json(&["sessions", "--json"]);
    let opening = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["title"]
                .as_str()
                .unwrap_or("")
                .starts_with("High-level opening")
        })
        .unwrap();
    assert_eq!(
        opening["priority"], "optional",
        "the coordinator's change arrived: {opening}"
    );
}
