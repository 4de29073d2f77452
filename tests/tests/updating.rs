//! The real app on a data file of an earlier version (the schema one step back, holding the sample):
//! the window comes up first and says the data is being updated, the update (check, copy, migration)
//! runs after the page asked for it, and the first view is drawn with the file's data.

use desk_e2e::{App, Profile, TestResult};
use serde_json::Value;

/// The start times of the page's performance marks named `name`.
async fn marks(app: &App, name: &str) -> TestResult<Vec<f64>> {
    let found = app
        .client
        .execute(
            "return performance.getEntriesByName(arguments[0]).map((m) => m.startTime);",
            vec![Value::from(name)],
        )
        .await?;
    Ok(found
        .as_array()
        .map(|list| list.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_older_data_file_is_updated_after_the_window_is_up_and_its_data_is_shown() -> TestResult
{
    let profile = Profile::new()?;
    let latest = desk_core::store::LATEST_VERSION;
    desk_core::fixtures::older::sample_file(&profile.db(), latest - 1)?;
    let app = App::start(&profile, "updating").await?;

    app.until_count(".session-row", 15).await?;
    app.until_text(
        "#conference-title",
        "Alliance against Trafficking in Persons",
    )
    .await?;
    app.screenshot("agenda-after-update").await?;

    // The page was told the data was being updated (which it can only be told if the update had not
    // run before the window), showed so, waited, and drew its first view after.
    let updating = marks(&app, "desk:updating").await?;
    let updated = marks(&app, "desk:updated").await?;
    let first_view = marks(&app, "desk:first-view").await?;
    assert_eq!(updating.len(), 1, "the update screen was shown once");
    assert_eq!(updated.len(), 1, "and the wait for the data answered");
    assert_eq!(first_view.len(), 1, "the first view was drawn");
    assert!(
        updating[0] <= updated[0] && updated[0] <= first_view[0],
        "updating {updating:?}, then updated {updated:?}, then the first view {first_view:?}"
    );
    let steps = app
        .client
        .execute(
            "return performance.getEntriesByName('desk:update-step').map((m) => m.detail);",
            vec![],
        )
        .await?;
    assert_eq!(
        steps,
        serde_json::json!(["checking", "keeping_copy", "migrating"]),
        "the page heard each step of the update"
    );
    assert!(
        app.all("#gate-updating").await?.is_empty(),
        "the update screen is gone"
    );
    app.stop().await?;

    let conn = rusqlite::Connection::open(profile.db())?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    assert_eq!(version, latest, "the file was migrated");
    let backups =
        desk_core::data::backup::list(&desk_core::data::backup::backups_dir(&profile.db()))?;
    assert!(
        backups
            .iter()
            .any(|b| b.kind == desk_core::data::backup::Kind::BeforeMigration),
        "a copy was kept before the migration: {backups:?}"
    );
    Ok(())
}
