//! The Notes view's long list in the real window: a conference with more notes than a page shows only
//! the rows in sight, and the keyboard reaches the oldest note, which opens in the editor. Run one at a
//! time under an X display (see the README).

use desk_e2e::{desk_json, App, Profile, TestResult};

#[tokio::test(flavor = "multi_thread")]
async fn a_long_list_holds_only_the_notes_in_sight_and_the_keys_reach_the_oldest() -> TestResult {
    let profile = Profile::new()?;
    let out = profile.desk(&["sample", "--synthetic", "30x5", "--notes", "450"])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let notes = desk_json(&profile, &["notes", "list", "--json"])?;
    let list = notes.as_array().ok_or("notes list is not an array")?;
    assert_eq!(list.len(), 450, "the synthetic notes are there");
    let oldest = list[449]["body"].as_str().unwrap_or_default().to_string();

    let app = App::start(&profile, "notes-list").await?;
    app.find(".session-row").await?; // the Agenda is shown: the conference is open
    app.open_view("notes").await?;
    app.select_value("#note-session", "").await?;
    app.find(".note-window[data-total=\"450\"] .note-item:not(.placeholder)")
        .await?;
    app.until_text(".note-list-panel h3", "All notes (450)")
        .await?;
    let drawn = app.all(".note-window .note-item").await?.len();
    assert!(
        (1..60).contains(&drawn),
        "only the notes in sight (and a few more) are in the page, not 450: {drawn}"
    );

    // The list takes one tab stop; End goes to the oldest note, drawn when its page has come.
    app.client
        .execute(
            "document.querySelector('.note-window li[tabindex=\"0\"]').focus();",
            vec![],
        )
        .await?;
    app.client
        .active_element()
        .await?
        .send_keys("\u{e010}")
        .await?;
    app.until("the oldest note to be drawn and focused", || async {
        let at = app
            .client
            .execute(
                "const li = document.activeElement; return li && li.matches('.note-item:not(.placeholder)') ? li.getAttribute('aria-posinset') : '';",
                vec![],
            )
            .await?;
        Ok(at.as_str() == Some("450"))
    })
    .await?;
    app.screenshot("1-oldest-note").await?;
    let drawn = app.all(".note-window .note-item").await?.len();
    assert!(drawn < 60, "still only the rows in sight: {drawn}");

    // Enter opens it in the editor, whole.
    app.client
        .active_element()
        .await?
        .send_keys("\u{e007}")
        .await?;
    app.until_value(
        "the oldest note to open in the editor",
        "#note-body",
        &oldest,
    )
    .await?;
    app.stop().await?;
    Ok(())
}

/// The commands a view's first draw may make; anything else (a health check, a timer) is not the view's.
const VIEW_READS: &[&str] = &[
    "list_sessions",
    "list_members",
    "list_countries",
    "get_settings",
    "session_now",
    "get_note",
    "note_page",
    "search_notes",
    "notes_view",
    "search_view",
];

/// The view's reads among the commands called since [`App::count_calls`].
async fn view_reads(app: &App) -> TestResult<Vec<String>> {
    let mut calls = app.calls().await?;
    calls.retain(|c| VIEW_READS.contains(&c.as_str()));
    Ok(calls)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_notes_and_search_views_each_draw_from_one_call() -> TestResult {
    let profile = Profile::new()?;
    // Fewer notes than a page: the list asks for no second page while it is looked at.
    let out = profile.desk(&["sample", "--synthetic", "30x5", "--notes", "80"])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = App::start(&profile, "notes-calls").await?;
    app.find(".session-row").await?;

    app.count_calls().await?;
    app.open_view("notes").await?;
    app.find(".note-list-panel .note-item").await?;
    let calls = view_reads(&app).await?;
    assert_eq!(
        calls,
        vec!["notes_view"],
        "the Notes view, its lists and its first page of notes come in one call"
    );

    app.count_calls().await?;
    app.open_view("search").await?;
    app.find(".view-search .search-result").await?;
    let calls = view_reads(&app).await?;
    assert_eq!(
        calls,
        vec!["search_view"],
        "the Search view, its filters' lists and its first results come in one call"
    );
    app.until_text(".search-count", "The latest 80 notes")
        .await?;
    let drawn = app.all(".view-search .search-result").await?.len();
    assert!(
        (1..80).contains(&drawn),
        "only the results in sight (and a few more) are drawn at first, not all 80: {drawn}"
    );
    // The keys reach past the last result drawn: it draws the next ones and moves on to the first.
    app.client
        .execute(
            "const items = document.querySelectorAll('.view-search .search-result'); \
             items[items.length - 1].focus({ preventScroll: true });",
            vec![],
        )
        .await?;
    app.client
        .active_element()
        .await?
        .send_keys("\u{e015}")
        .await?;
    let at = app
        .client
        .execute(
            "const items = [...document.querySelectorAll('.view-search .search-result')]; \
             return [items.indexOf(document.activeElement), items.length];",
            vec![],
        )
        .await?;
    assert_eq!(
        at[0].as_u64(),
        Some(drawn as u64),
        "ArrowDown on the last result drawn focuses the next one, drawn for it: {at}"
    );
    assert!(
        at[1].as_u64().unwrap_or(0) > drawn as u64,
        "more results are drawn: {at}"
    );
    // Scrolling to the list's end draws the next ones, until all 80 are there.
    app.until(
        "all 80 results to be drawn as the list's end is scrolled to",
        || async {
            let n = app
                .client
                .execute(
                    "const items = document.querySelectorAll('.view-search .search-result'); \
                 items[items.length - 1].scrollIntoView(); return items.length;",
                    vec![],
                )
                .await?;
            Ok(n.as_u64() == Some(80))
        },
    )
    .await?;
    app.stop().await
}
