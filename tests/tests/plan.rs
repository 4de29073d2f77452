//! The Plan view in the real window: conflicts shown where they are, the auto-planner's proposal
//! applied, and the grid still answering on the synthetic 600 x 40 conference. Run one at a time under
//! an X display (see the README).

use desk_e2e::{App, Profile, TestResult};
use serde_json::Value;

fn desk_json(profile: &Profile, args: &[&str]) -> TestResult<Value> {
    let out = profile.desk(args)?;
    if !out.status.success() {
        return Err(format!("desk {args:?}: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(serde_json::from_slice(&out.stdout)?)
}

fn session_id(profile: &Profile, prefix: &str) -> TestResult<i64> {
    desk_json(profile, &["sessions", "--json"])?
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|s| s["title"].as_str().is_some_and(|t| t.starts_with(prefix)))
        })
        .and_then(|s| s["id"].as_i64())
        .ok_or_else(|| format!("no session starting with {prefix}").into())
}

fn member_id(profile: &Profile, prefix: &str) -> TestResult<i64> {
    desk_json(profile, &["members", "--json"])?
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|m| m["name"].as_str().is_some_and(|t| t.starts_with(prefix)))
        })
        .and_then(|m| m["id"].as_i64())
        .ok_or_else(|| format!("no member starting with {prefix}").into())
}

async fn open_plan(app: &App) -> TestResult {
    app.click("#nav [data-view=\"plan\"]").await?;
    app.find("#nav [data-view=\"plan\"][aria-current=\"page\"]")
        .await?;
    app.find("#plan-grid").await?;
    Ok(())
}

/// A screenshot once WebKit has painted the last change ([`App::screenshot`] waits for the frames).
async fn shot(app: &App, name: &str) -> TestResult {
    app.screenshot(name).await?;
    Ok(())
}

fn cell(session: i64, member: i64) -> String {
    format!(".plan-cell[data-session-id=\"{session}\"][data-member-id=\"{member}\"]")
}

#[tokio::test(flavor = "multi_thread")]
async fn one_member_in_two_overlapping_sessions_shows_the_conflict_and_a_proposal_fills_the_must_sessions(
) -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let (panel, side, zoe) = (
        session_id(&profile, "Panel 3")?,
        session_id(&profile, "Side event (illustrative): Online")?,
        member_id(&profile, "Zoë")?,
    );
    let app = App::start(&profile, "plan").await?;
    app.find(".session-row").await?;
    open_plan(&app).await?;

    // Zoë at the side event (14:30-15:30) and at Panel 3 (14:30-16:00), both on day 2.
    for s in [side, panel] {
        app.click(&cell(s, zoe)).await?;
        app.find(&format!("{}[aria-pressed=\"true\"]", cell(s, zoe)))
            .await?;
    }
    let sentence = "Zoë Achterberg is in two sessions at once on Wed 19 April:";
    app.until_text("#plan-conflict-list", sentence).await?;
    // Read in one go from the element on screen: the grid renders again as the conflicts arrive.
    let (title, described) = app
        .on(
            &format!("{}.has-conflict", cell(panel, zoe)),
            |e| async move { Ok((e.attr("title").await?, e.attr("aria-describedby").await?)) },
        )
        .await?;
    let (title, described) = (title.unwrap_or_default(), described.unwrap_or_default());
    assert!(
        title.contains(sentence)
            && title.contains("(14:30-16:00)")
            && title.contains("(14:30-15:30)"),
        "the cell carries its sentence on hover: {title}"
    );
    let note = app
        .text(&format!("#{}", described.split(' ').next().unwrap_or("x")))
        .await?;
    assert!(
        note.contains(sentence),
        "and for assistive technology through aria-describedby"
    );
    app.find(&format!("{}.has-conflict", cell(side, zoe)))
        .await?;
    shot(&app, "1-conflicts").await?;

    // Clicking the sentence focuses the cell.
    app.click("#plan-conflict-list .conflict-item[data-kind=\"overlap\"]")
        .await?;
    app.until("the conflict's cell to have focus", || async {
        let active = app
            .client
            .execute(
                "return document.activeElement.dataset.memberId || ''",
                vec![],
            )
            .await?;
        Ok(active.as_str() == Some(&zoe.to_string()))
    })
    .await?;

    // Propose a plan, look at it, apply it.
    app.click("#propose-plan").await?;
    app.find("#plan-proposal:not([hidden]) #proposal-adds li")
        .await?;
    app.find(".plan-cell.is-proposed").await?;
    shot(&app, "2-proposal").await?;
    app.click("#apply-plan").await?;
    app.until("the proposal to close", || async {
        Ok(app.all("#plan-proposal:not([hidden])").await?.is_empty())
    })
    .await?;
    app.until_text("#save-state", "Saved").await?;
    let coverage = desk_json(&profile, &["coverage", "--json"])?;
    assert_eq!(
        coverage["must"]["covered"], coverage["must"]["total"],
        "every must session is covered: {coverage}"
    );
    app.until("the summary to show every must session covered", || async {
        let text = app.find("#plan-summary").await?.text().await?;
        let total = coverage["must"]["total"].as_u64().unwrap_or(0);
        Ok(text.contains(&format!("must {total}/{total} covered")))
    })
    .await?;
    app.find(".plan-cell[data-origin=\"auto\"]").await?;
    shot(&app, "3-applied").await?;

    // L locks the assignment in the focused cell; the engine keeps it.
    let (locked_session, locked_member) = app
        .on(".plan-cell[data-origin=\"auto\"]", |e| async move {
            Ok((
                e.attr("data-session-id").await?.unwrap_or_default(),
                e.attr("data-member-id").await?.unwrap_or_default(),
            ))
        })
        .await?;
    let (session_number, member_number) = (
        locked_session.parse::<i64>().ok(),
        locked_member.parse::<i64>().ok(),
    );
    let auto = format!(
        ".plan-cell[data-session-id=\"{locked_session}\"][data-member-id=\"{locked_member}\"]"
    );
    app.on(&auto, |e| async move { e.send_keys("l").await })
        .await?;
    app.find(&format!(
        ".plan-cell[data-session-id=\"{locked_session}\"][data-member-id=\"{locked_member}\"][data-locked]"
    ))
    .await?;
    let sessions = desk_json(&profile, &["sessions", "--json"])?;
    let locked = sessions.as_array().and_then(|l| {
        l.iter()
            .find(|s| s["id"].as_i64() == session_number)
            .and_then(|s| s["assignments"].as_array())
            .and_then(|a| a.iter().find(|a| a["member_id"].as_i64() == member_number))
            .map(|a| a["locked"].clone())
    });
    assert_eq!(locked, Some(Value::from(true)), "the lock is saved");

    // Marking a covered session skip makes its people a conflict, in the panel and on the cell.
    let panel2 = session_id(&profile, "Panel 2")?;
    app.select_value(
        &format!(".priority-select[data-session-id=\"{panel2}\"]"),
        "skip",
    )
    .await?;
    app.find("#plan-conflict-list .conflict-item[data-kind=\"over_covered\"]")
        .await?;
    app.find(&format!(
        ".plan-cell.has-conflict[data-session-id=\"{panel2}\"]"
    ))
    .await?;
    let sessions = desk_json(&profile, &["sessions", "--json"])?;
    let stored = sessions
        .as_array()
        .and_then(|l| l.iter().find(|s| s["id"] == panel2))
        .map(|s| s["priority"].clone());
    assert_eq!(stored, Some(Value::from("skip")), "the priority is saved");
    app.stop().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plan_still_answers_on_a_synthetic_conference_of_600_sessions_and_40_members(
) -> TestResult {
    let profile = Profile::new()?;
    let out = profile.desk(&["sample", "--synthetic", "600x40"])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = App::start(&profile, "plan-600x40").await?;
    app.find(".session-row").await?; // the Agenda is shown (its first rows)
    open_plan(&app).await?;
    // The grid covers all 600 sessions but holds only the rows in sight (its window): the last session
    // is reached from the keyboard (Ctrl+End), drawn then.
    app.until_text("#plan-summary", "sessions · 40 members")
        .await?;
    let drawn = app.all("#plan-grid tr.plan-row").await?.len();
    assert!(
        (1..200).contains(&drawn),
        "only the rows in sight are in the page, not all 600: {drawn}"
    );
    // And each drawn row holds only the member columns in sight, not all 40; the header keeps every member.
    let heads = app.all("#plan-grid thead th.member-col").await?.len();
    assert_eq!(heads, 40, "the member header keeps every member");
    let cells_in_row = app
        .client
        .execute(
            "const tr = document.querySelector('#plan-grid tr.plan-row:not(.is-break)'); return tr.querySelectorAll('.plan-cell').length;",
            vec![],
        )
        .await?;
    let cells_in_row = cells_in_row.as_u64().unwrap_or(0);
    assert!(
        (1..40).contains(&cells_in_row),
        "a drawn row holds only the columns in sight, not all 40: {cells_in_row}"
    );
    app.client
        .execute(
            "document.querySelector('.plan-cell[data-row=\"0\"][data-col=\"0\"]').focus();",
            vec![],
        )
        .await?;
    let ctrl_end = format!("{}{}", '\u{e009}', '\u{e010}');
    app.client
        .active_element()
        .await?
        .send_keys(&ctrl_end)
        .await?;
    let sessions = desk_json(&profile, &["sessions", "--json"])?;
    let rows = sessions
        .as_array()
        .map_or(0, |l| l.iter().filter(|s| s["kind"] != "break").count());
    app.until("Ctrl+End to focus the last cell of the last session", || async {
        let at = app
            .client
            .execute(
                "const b = document.activeElement; return b && b.classList.contains('plan-cell') && b.isConnected ? `${b.dataset.row}/${b.dataset.col}` : '';",
                vec![],
            )
            .await?;
        Ok(at.as_str() == Some(&format!("{}/39", rows - 1)))
    })
    .await?;
    // The columns followed the focus sideways: the first member's column is out of sight now.
    app.until_count(".plan-cell[data-col=\"0\"]", 0).await?;
    shot(&app, "0-last-row").await?;
    let ctrl_home = format!("{}{}", '\u{e009}', '\u{e011}');
    app.client
        .active_element()
        .await?
        .send_keys(&ctrl_home)
        .await?;
    app.find(".plan-cell[data-row=\"0\"][data-col=\"0\"]")
        .await?;
    app.click(".plan-cell[data-row=\"0\"][data-col=\"0\"]")
        .await?;
    app.find(".plan-cell[data-row=\"0\"][data-col=\"0\"][aria-pressed=\"true\"]")
        .await?;
    app.until_text("#save-state", "Saved").await?;
    app.click("#plan-filter-uncovered").await?;
    app.until_text("#plan-filter-note", "sessions shown")
        .await?;
    shot(&app, "1-uncovered-filter").await?;
    app.click("#plan-filter-uncovered").await?;
    app.click("#propose-plan").await?;
    app.find("#plan-proposal:not([hidden]) #proposal-adds li")
        .await?;
    shot(&app, "2-proposal").await?;
    app.stop().await?;
    Ok(())
}
