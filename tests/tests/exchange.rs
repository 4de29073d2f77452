//! Exchange in the real window: two laptops (two data files). The coordinator writes a copy of the
//! conference from the Exchange view; the delegate joins it from the welcome's "Join a delegation…",
//! writes a note and sends it; the coordinator receives it, finds it by search, and prints it in the
//! pack with its author.

use desk_e2e::{desk_json, desk_ok, App, Profile, TestResult};
use serde_json::Value;

const PHRASE: &str = "said out loud in the Hofburg";

fn first_with(list: &Value, key: &str, prefix: &str) -> TestResult<Value> {
    list.as_array()
        .and_then(|l| {
            l.iter()
                .find(|x| x[key].as_str().is_some_and(|t| t.starts_with(prefix)))
        })
        .cloned()
        .ok_or_else(|| format!("nothing whose {key} starts with {prefix}").into())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_note_written_on_a_joined_laptop_is_sent_received_found_and_printed_with_its_author(
) -> TestResult {
    let files = tempfile::tempdir()?;
    let copy = files.path().join("delegation.desk-exchange");
    let changes = files.path().join("zoe.desk-exchange");

    // The coordinator's laptop: the sample conference, and a copy of it for the delegation.
    let coordinator = Profile::new()?;
    desk_ok(&coordinator, &["sample"])?;
    let app = App::start(&coordinator, "exchange-copy").await?;
    app.find(".session-row").await?; // the conference is loaded: the navigation is enabled
    app.open_view("exchange").await?;
    app.type_into("#exchange-passphrase", PHRASE).await?;
    app.type_into("#exchange-passphrase-again", PHRASE).await?;
    app.type_into("#exchange-copy-path", copy.to_str().ok_or("path")?)
        .await?;
    app.click("#exchange-copy").await?;
    app.until_text("#exchange-message", "Copy written").await?;
    app.find("#exchange-sync").await?; // now a laptop of the delegation
    app.stop().await?;
    assert!(copy.exists(), "the copy is written where it was asked");

    // The delegate's laptop: empty, joins from the welcome, writes a note as a member.
    let delegate = Profile::new()?;
    let app = App::start(&delegate, "exchange-join").await?;
    app.click("#join-delegation").await?;
    app.type_into("#join-path", copy.to_str().ok_or("path")?)
        .await?;
    app.type_into("#join-passphrase", PHRASE).await?;
    app.type_into("#join-laptop_name", "Zoë's laptop").await?;
    app.click("#join-form button[type=\"submit\"]").await?;
    app.find(".session-row").await?; // the conference is there: the agenda shows it
    let members = desk_json(&delegate, &["members", "--json"])?;
    let author = first_with(&members, "name", "")?;
    let author_name = author["name"]
        .as_str()
        .ok_or("a member's name")?
        .to_string();
    let sessions = desk_json(&delegate, &["sessions", "--json"])?;
    let panel = first_with(&sessions, "title", "Panel 2")?;
    app.open_view("notes").await?;
    app.select_value("#note-session", &panel["id"].to_string())
        .await?;
    app.select_value("#note-author", &author["id"].to_string())
        .await?;
    app.click("#note-body").await?;
    app.type_into(
        "#note-body",
        "Exchanged: the rapporteur's QX7731 figures on shelters",
    )
    .await?;
    app.until_text("#save-state", "Saved").await?;
    app.open_view("exchange").await?;
    app.type_into("#exchange-passphrase", PHRASE).await?;
    app.type_into("#exchange-send-path", changes.to_str().ok_or("path")?)
        .await?;
    app.click("#exchange-send").await?;
    app.until_text("#exchange-message", "Sent:").await?;
    app.stop().await?;

    // Back on the coordinator's laptop: received, reported, found by search.
    let app = App::start(&coordinator, "exchange-receive").await?;
    app.find(".session-row").await?;
    app.open_view("exchange").await?;
    app.type_into("#exchange-passphrase", PHRASE).await?;
    app.type_into("#exchange-receive-path", changes.to_str().ok_or("path")?)
        .await?;
    app.click("#exchange-receive").await?;
    app.until_text(".exchange-received", "From Zoë's laptop: ")
        .await?;
    let said = app.text(".exchange-received").await?;
    assert!(
        said.contains(" note") && !said.contains(": 0 notes"),
        "the report counts the note: {said}"
    );
    app.until_text("#exchange-peers", "Zoë's laptop").await?;
    // "Last received" in the conference's zone (Europe/Vienna), like every time in the app, not UTC.
    let cell = app.find("#exchange-peers .exchange-received-at").await?;
    let utc = cell
        .attr("data-utc")
        .await?
        .ok_or("the cell keeps the instant")?;
    let shown = cell.text().await?;
    let vienna = desk_core::time::parse_tz("Europe/Vienna")?;
    let local = desk_core::time::local_stored(vienna, &utc)?;
    let in_utc = utc.get(11..16).ok_or("an RFC 3339 instant")?;
    assert!(
        shown.ends_with(&local.clock) && !shown.contains(in_utc),
        "last received {utc} is shown in Vienna's time {}, not UTC's {in_utc}: {shown}",
        local.clock
    );
    app.screenshot("received").await?;
    app.open_view("search").await?;
    app.type_into("#search-input", "QX7731").await?;
    // Found by the words typed, not only listed among the latest notes shown before typing.
    app.until_text(".search-count", "1 note found").await?;
    app.until_text(".search-result", &author_name).await?;
    app.stop().await?;

    // And printed in the pack, with its author.
    let pdf = files.path().join("pack.pdf");
    desk_ok(
        &coordinator,
        &["pack", "--out", pdf.to_str().ok_or("path")?],
    )?;
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().ok_or("path")?, "-"])
        .output()?;
    let text = String::from_utf8_lossy(&text.stdout).replace('\u{ad}', "");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("QX7731"))
        .ok_or("the received note is in the pack")?;
    let around = lines[at.saturating_sub(6)..(at + 7).min(lines.len())].join("\n");
    assert!(
        around.contains(&author_name),
        "the note is printed with its author ({author_name}): {around}"
    );
    Ok(())
}
