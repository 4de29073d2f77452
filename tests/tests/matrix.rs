//! The Matrix at scale in the real window: a programme of more than 40 sessions starts grouped by day,
//! a day's heading shows its sessions, a session's cell opens the notes behind it in Search, and the
//! grouping can be changed. Run one at a time under an X display (see the README).

use desk_e2e::{desk_json, App, Profile, TestResult};

#[tokio::test(flavor = "multi_thread")]
async fn a_large_matrix_is_grouped_by_day_and_a_days_sessions_are_one_click_away() -> TestResult {
    let profile = Profile::new()?;
    let out = profile.desk(&["sample", "--synthetic", "130x5", "--notes", "400"])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sessions = desk_json(&profile, &["sessions", "--json"])?;
    let mut days: Vec<&str> = sessions
        .as_array()
        .map(|l| l.iter().filter_map(|s| s["day"].as_str()).collect())
        .unwrap_or_default();
    days.sort_unstable();
    days.dedup();
    let days = days.len();
    assert!(
        days > 1,
        "130 synthetic sessions span more than one day: {days}"
    );

    let app = App::start(&profile, "matrix-groups").await?;
    app.find(".session-row").await?;
    app.open_view("matrix").await?;
    // Grouped by day: a column per day, and one for corridor notes.
    app.until_count(".matrix-group-open", days + 1).await?;
    let grouping = app
        .on("#matrix-grouping", |e| async move { e.prop("value").await })
        .await?;
    assert_eq!(
        grouping.as_deref(),
        Some("day"),
        "more than 40 sessions start grouped by day"
    );
    app.screenshot("1-by-day").await?;

    // A day's heading shows its sessions as columns; their cells open the notes in Search.
    app.click(".matrix-group-open").await?;
    app.find("#matrix-close-group").await?;
    let cells = app.all(".matrix-cell[data-column]").await?;
    assert!(!cells.is_empty(), "the day's sessions have tagged notes");
    let column = cells[0].attr("data-column").await?.unwrap_or_default();
    app.screenshot("2-one-day").await?;
    app.click(".matrix-cell[data-column]").await?;
    app.find("#nav [data-view=\"search\"][aria-current=\"page\"]")
        .await?;
    app.until_value(
        "the search to filter on the cell's session",
        "#search-session",
        &column,
    )
    .await?;
    app.find("#search-results .search-result").await?;

    // Back to all days, then every session as a column.
    app.open_view("matrix").await?;
    app.click("#matrix-close-group").await?;
    app.until_count(".matrix-group-open", days + 1).await?;
    app.select_value("#matrix-grouping", "session").await?;
    app.until("a column per session", || async {
        Ok(app.all("#matrix-table th.matrix-col").await?.len() > 40)
    })
    .await?;
    app.select_value("#matrix-grouping", "track").await?;
    app.find(".matrix-group-open").await?;
    app.stop().await?;
    Ok(())
}
