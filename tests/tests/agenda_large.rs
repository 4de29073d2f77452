//! The Agenda of a large programme in the real window: the rows come into the page in runs as they
//! near the screen, and the last session of the conference is there once scrolled to. Run one at a
//! time under an X display (see the README).

use desk_e2e::{desk_json, App, Profile, TestResult};

#[tokio::test(flavor = "multi_thread")]
async fn a_large_agenda_puts_rows_in_the_page_as_they_near_the_screen() -> TestResult {
    let profile = Profile::new()?;
    let out = profile.desk(&["sample", "--synthetic", "600x10"])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sessions = desk_json(&profile, &["sessions", "--json"])?;
    let list = sessions.as_array().ok_or("sessions is not an array")?;
    let last = list.last().ok_or("no sessions")?;
    let last_title = last["title"].as_str().unwrap_or_default().to_string();
    let last_id = last["id"].as_i64().unwrap_or_default();

    let app = App::start(&profile, "agenda-large").await?;
    app.find(".session-row").await?;
    app.until_text(".view-agenda .view-summary", "600 sessions")
        .await?;
    let drawn = app.all(".session-row").await?.len();
    assert!(
        (1..300).contains(&drawn),
        "the rows far from the screen are not in the page yet: {drawn} of 600"
    );

    // Scrolled to the end, the last day's rows come in, the last session among them.
    let last_row = format!(".session-row[data-session-id=\"{last_id}\"]");
    let (a, last_row) = (&app, &last_row);
    app.until("the last session to come into the page", || async move {
        a.client
            .execute(
                "const v = document.querySelector('.view-agenda'); v.scrollTop = v.scrollHeight;",
                vec![],
            )
            .await?;
        Ok(!a.all(last_row).await?.is_empty())
    })
    .await?;
    app.until_text(&format!("{last_row} .session-title"), &last_title)
        .await?;
    app.screenshot("1-the-end").await?;
    // Opening it from the keyboard shows its details, built then.
    app.on(&format!("{last_row} .session-summary"), |e| async move {
        e.send_keys("\u{e007}").await
    })
    .await?;
    app.find(&format!(
        "{last_row}.expanded .session-details:not([hidden]) [data-action=\"notes\"]"
    ))
    .await?;
    Ok(())
}
