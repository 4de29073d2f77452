//! The briefing pack and the delegation settings in the real window: the delegation's country and a
//! second time zone set in Settings, a session brief typed and saved as it is typed, then a pack
//! generated with its progress bar and found, with what was typed, in the PDF on disk.

use std::process::Command;

use desk_e2e::{desk_json, App, Profile, TestResult};

fn pdf_text(path: &std::path::Path) -> TestResult<String> {
    let out = Command::new("pdftotext").arg(path).arg("-").output()?;
    assert!(out.status.success(), "pdftotext read {}", path.display());
    Ok(String::from_utf8(out.stdout)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_set_the_country_and_a_second_clock_shows_washington_times() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let app = App::start(&profile, "pack-settings").await?;
    app.until_count(".session-row", 15).await?;
    app.click("#nav [data-view=\"settings\"]").await?;
    app.type_into("#delegation-country", "Ireland\t").await?;
    app.until("the country saved", || async {
        Ok(desk_json(&profile, &["pack", "settings", "--json"])?["country"] == "Ireland")
    })
    .await?;
    app.type_into("#home-time-zone", "Nowhere/Atlantis\t")
        .await?;
    app.until_text("#home-time-zone-status", "not an IANA time zone")
        .await?;
    app.clear("#home-time-zone").await?;
    app.type_into("#home-time-zone", "America/New_York\t")
        .await?;
    app.until_text("#home-time-zone-status", "America/New_York")
        .await?;
    app.click("#nav [data-view=\"agenda\"]").await?;
    app.until_count(".session-row", 15).await?;
    app.until_count(".home-time", 15).await?;
    app.screenshot("agenda-second-clock").await?;
    // textContent: WebKitWebDriver's element text leaves out the second line of the block.
    let shown = app
        .client
        .execute(
            "return [...document.querySelectorAll('.home-time')].map((e) => e.textContent)",
            vec![],
        )
        .await?;
    let texts: Vec<String> = serde_json::from_value(shown)?;
    assert_eq!(texts.len(), 15, "every session shows its Washington time");
    assert!(
        texts.iter().any(|t| t == "04:00–05:30New York"),
        "the 10:00 Vienna opening is 04:00 in New York: {texts:?}"
    );
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_brief_typed_in_the_app_is_printed_in_the_generated_pack() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    profile.desk(&[
        "pack",
        "settings",
        "--country",
        "Ireland",
        "--marking",
        "RESTRICTED",
    ])?;
    let panel: i64 = desk_json(&profile, &["sessions", "--json"])?
        .as_array()
        .ok_or("sessions")?
        .iter()
        .find(|s| {
            s["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Panel 2"))
        })
        .and_then(|s| s["id"].as_i64())
        .ok_or("Panel 2 in the sample")?;
    let app = App::start(&profile, "pack").await?;
    app.until_count(".session-row", 15).await?;
    app.click("#nav [data-view=\"pack\"]").await?;
    app.select_value("#brief-session", &panel.to_string())
        .await?;
    // The editor renders again for the session picked: type only into the new one's field.
    let objectives = format!("#brief-editor[data-session=\"{panel}\"] #brief-objectives");
    app.type_into(&objectives, "Hear how Türkiye screens <b>labour</b> cases.")
        .await?;
    app.until_text(
        &format!("#brief-editor[data-session=\"{panel}\"] #brief-state"),
        "Saved",
    )
    .await?;
    let saved = desk_json(&profile, &["brief", "Panel 2", "--json"])?;
    assert_eq!(
        saved["objectives"], "Hear how Türkiye screens <b>labour</b> cases.",
        "the brief is saved as typed, markup and all"
    );

    let text = app
        .client
        .execute("return document.getElementById('pack-text').value", vec![])
        .await?;
    assert_eq!(
        text.as_str(),
        Some("justified"),
        "body text is justified unless the person picks ragged right"
    );
    // A short pack: leave out the notes by building block and the daily reports.
    app.click("#pack-section-blocks").await?;
    app.click("#pack-section-reports").await?;
    app.click("#pack-generate").await?;
    app.until_text("#pack-pages", "pages").await?;
    let progress = app
        .client
        .execute(
            "return document.getElementById('pack-progress').value",
            vec![],
        )
        .await?;
    assert_eq!(progress.as_f64(), Some(1.0), "the progress bar ends full");
    app.screenshot("pack-ready").await?;
    app.stop().await?;

    let pdf = profile.root().join("packs").join("briefing-pack-v1.pdf");
    let text = pdf_text(&pdf)?;
    assert!(
        text.contains("Delegation of Ireland"),
        "the country on the cover"
    );
    assert!(
        text.contains("Hear how Türkiye screens <b>labour</b> cases."),
        "the objectives, as text"
    );
    assert!(text.contains("RESTRICTED"), "the marking");
    assert!(
        !text.contains("What we learnt"),
        "a section left out is not printed"
    );
    Ok(())
}
