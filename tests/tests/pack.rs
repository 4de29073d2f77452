//! The briefing pack as the `desk` binary prints it, checked on the real PDF with the tools a reader's
//! machine has: qpdf (structure), pdffonts (embedded, subset fonts), pdftotext (the exact text, the
//! order of sections, the contents' page numbers and, with -bbox, every word inside the margins).

use std::path::Path;
use std::process::Command;

use desk_e2e::{desk_fails, desk_ok, output_dir, Profile, TestResult};

/// Names in every script the pack must carry exactly.
const NAMES: [&str; 7] = [
    "Siobhán Mullally",
    "Türkiye",
    "Ελλάδα",
    "Україна",
    "Қазақстан",
    "المغرب",
    "ישראל",
];

fn tool(program: &str, args: &[&str]) -> TestResult<String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("{program} could not run (scripts/setup.sh installs it): {e}"))?;
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8(out.stdout)?)
}

fn text_of(pdf: &Path, first: usize, last: usize) -> TestResult<String> {
    tool(
        "pdftotext",
        &[
            "-f",
            &first.to_string(),
            "-l",
            &last.to_string(),
            pdf.to_str().ok_or("path")?,
            "-",
        ],
    )
}

fn pages(pdf: &Path) -> TestResult<usize> {
    let info = tool("pdfinfo", &[pdf.to_str().ok_or("path")?])?;
    let line = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .ok_or("pdfinfo names no page count")?;
    Ok(line.trim_start_matches("Pages:").trim().parse()?)
}

/// The sample conference with members and notes named in every script, a brief and a country.
fn sample_with_names(p: &Profile) -> TestResult {
    desk_ok(p, &["sample"])?;
    desk_ok(
        p,
        &[
            "pack",
            "settings",
            "--country",
            "Ireland",
            "--marking",
            "RESTRICTED",
        ],
    )?;
    desk_ok(
        p,
        &[
            "members",
            "add",
            "Siobhán Mullally",
            "--organisation",
            "Ελλάδα",
            "--title",
            "Україна",
        ],
    )?;
    desk_ok(
        p,
        &["members", "add", "Қазақстан", "--organisation", "المغرب"],
    )?;
    desk_ok(p, &["assign", "Panel 2", "Siobhán", "--role", "lead"])?;
    desk_ok(
        p,
        &[
            "brief",
            "Panel 2",
            "--objectives",
            "Hear ישראל and Türkiye on referral.",
            "--points",
            "- Our NRM since 2021\n- Survivors consulted",
        ],
    )?;
    desk_ok(
        p,
        &[
            "notes",
            "add",
            "--session",
            "Panel 2",
            "--text",
            "Türkiye and المغرب described their national referral mechanisms.",
            "--block",
            "nrm",
            "--country",
            "Türkiye",
            "--author",
            "Siobhán",
        ],
    )?;
    Ok(())
}

#[test]
fn a_full_pack_passes_qpdf_embeds_subset_fonts_and_carries_every_name_exactly() -> TestResult {
    let p = Profile::new()?;
    sample_with_names(&p)?;
    let pdf = output_dir("pack").join("full-pack.pdf");
    let said = desk_ok(&p, &["pack", "--out", pdf.to_str().ok_or("path")?])?;
    assert!(
        said.contains("pages") && said.contains("version 1"),
        "{said}"
    );

    let check = tool("qpdf", &["--check", pdf.to_str().ok_or("path")?])?;
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );

    let fonts = tool("pdffonts", &[pdf.to_str().ok_or("path")?])?;
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(
        rows.len() >= 3,
        "Latin, Arabic and Hebrew fonts at least: {fonts}"
    );
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 6, "{row}");
        // ... emb sub uni object ID: the three yes/no columns come before the object number.
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "embedded, subset, with ToUnicode: {row}"
        );
        assert!(
            cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
            "a subset tag: {row}"
        );
    }

    let text = text_of(&pdf, 1, pages(&pdf)?)?;
    for name in NAMES {
        assert!(
            text.contains(name),
            "{name} comes back exactly from the PDF"
        );
    }
    assert!(
        text.contains("Delegation of Ireland"),
        "the cover names the country"
    );
    assert!(
        text.contains("Our NRM since 2021"),
        "the brief's points are printed"
    );
    let info = tool("pdfinfo", &[pdf.to_str().ok_or("path")?])?;
    assert!(
        info.contains("Author:") && info.contains("Delegation of Ireland"),
        "{info}"
    );
    assert!(!info.contains("PDF/X"), "not mislabelled as PDF/X: {info}");
    Ok(())
}

#[test]
fn every_contents_entry_points_to_the_page_that_has_it() -> TestResult {
    let p = Profile::new()?;
    sample_with_names(&p)?;
    let pdf = output_dir("pack").join("contents.pdf");
    desk_ok(&p, &["pack", "--out", pdf.to_str().ok_or("path")?])?;
    let contents = tool(
        "pdftotext",
        &[
            "-layout",
            "-f",
            "2",
            "-l",
            "2",
            pdf.to_str().ok_or("path")?,
            "-",
        ],
    )?;
    assert!(
        contents.starts_with("RESTRICTED") || contents.contains("Contents"),
        "{contents}"
    );
    let mut checked = 0;
    for line in contents.lines() {
        // "Schedule .......... 4": a title, then the page number last.
        let Some((title, page)) = line.trim().rsplit_once(' ') else {
            continue;
        };
        let Ok(page) = page.parse::<usize>() else {
            continue;
        };
        let title = title.trim_end_matches(['.', ' ', '…']).trim();
        if title.is_empty() || title.starts_with("Page") || title.chars().count() < 6 {
            continue;
        }
        let on_page = text_of(&pdf, page, page)?;
        let wanted: String = title.chars().take(30).collect();
        assert!(
            on_page.contains(&wanted),
            "\"{title}\" is on page {page}:\n{on_page}"
        );
        checked += 1;
    }
    assert!(
        checked >= 8,
        "the contents list the sections and days ({checked} checked):\n{contents}"
    );
    Ok(())
}

#[test]
fn sections_print_in_the_order_asked_and_a_personal_pack_is_shorter() -> TestResult {
    let p = Profile::new()?;
    sample_with_names(&p)?;
    let dir = output_dir("pack");
    let pdf = dir.join("ordered.pdf");
    desk_ok(
        &p,
        &[
            "pack",
            "--out",
            pdf.to_str().ok_or("path")?,
            "--sections",
            "actions,delegation,schedule",
            "--paper",
            "letter",
        ],
    )?;
    let text = text_of(&pdf, 1, pages(&pdf)?)?;
    let at = |s: &str| text.find(s).ok_or(format!("{s} is in the pack"));
    assert!(
        at("Follow-up actions")? < at("Delegation")?,
        "actions first, as asked"
    );
    assert!(
        at("Delegation")? < at("Schedule")?,
        "then the delegation, then the schedule"
    );
    assert!(
        !text.contains("Session briefs"),
        "only the sections asked for"
    );
    let letter = tool("pdfinfo", &[pdf.to_str().ok_or("path")?])?;
    assert!(letter.contains("612 x 792"), "US Letter: {letter}");

    let whole = dir.join("whole.pdf");
    let personal = dir.join("personal.pdf");
    desk_ok(&p, &["pack", "--out", whole.to_str().ok_or("path")?])?;
    desk_ok(
        &p,
        &[
            "pack",
            "--out",
            personal.to_str().ok_or("path")?,
            "--member",
            "Siobhán",
        ],
    )?;
    assert!(
        pages(&personal)? < pages(&whole)?,
        "one member's pack is shorter than the delegation's"
    );
    let mine = text_of(&personal, 1, 1)?;
    assert!(
        mine.contains("Personal briefing pack") && mine.contains("Siobhán Mullally"),
        "{mine}"
    );
    Ok(())
}

#[test]
fn no_word_of_a_large_pack_is_drawn_outside_the_margins() -> TestResult {
    let p = Profile::new()?;
    desk_ok(&p, &["sample", "--synthetic", "150x12", "--notes", "1200"])?;
    desk_ok(&p, &["plan", "--auto"])?;
    let pdf = output_dir("pack").join("large.pdf");
    desk_ok(
        &p,
        &[
            "pack",
            "--out",
            pdf.to_str().ok_or("path")?,
            "--marking",
            "RESTRICTED",
        ],
    )?;
    let n = pages(&pdf)?;
    assert!(n > 100, "a large pack: {n} pages");
    let bbox = tool("pdftotext", &["-bbox", pdf.to_str().ok_or("path")?, "-"])?;
    let (mut page_w, mut page_h, mut words) = (0.0f64, 0.0f64, 0usize);
    // A4 with 20 mm side margins: every word, the running header and footer included, keeps inside
    // them (half a point of rounding allowed); header and footer sit in the top and bottom margin
    // bands, so vertically the limit is a 8 mm band round the edge of the sheet.
    let side = 20.0 * 72.0 / 25.4 - 0.5;
    let edge = 8.0 * 72.0 / 25.4;
    for line in bbox.lines() {
        let attr = |name: &str| -> Option<f64> {
            let start = line.find(&format!("{name}=\""))? + name.len() + 2;
            line[start..].split('"').next()?.parse().ok()
        };
        if line.trim_start().starts_with("<page") {
            page_w = attr("width").ok_or("page width")?;
            page_h = attr("height").ok_or("page height")?;
        } else if line.trim_start().starts_with("<word") {
            let (x0, y0, x1, y1) = (
                attr("xMin").ok_or("xMin")?,
                attr("yMin").ok_or("yMin")?,
                attr("xMax").ok_or("xMax")?,
                attr("yMax").ok_or("yMax")?,
            );
            assert!(
                x0 >= side && y0 >= edge && x1 <= page_w - side && y1 <= page_h - edge,
                "a word outside the margins: {line}"
            );
            words += 1;
        }
    }
    assert!(
        words > 20_000,
        "the check saw the whole pack ({words} words)"
    );
    Ok(())
}

#[test]
fn bad_pack_requests_are_refused_with_what_to_do() -> TestResult {
    let p = Profile::new()?;
    desk_ok(&p, &["sample"])?;
    let err = desk_fails(&p, &["pack"])?;
    assert!(err.contains("--out"), "{err}");
    let err = desk_fails(
        &p,
        &["pack", "--out", "/tmp/x.pdf", "--sections", "cover,gossip"],
    )?;
    assert!(err.contains("gossip") && err.contains("briefs"), "{err}");
    let err = desk_fails(&p, &["pack", "--out", "/no/such/folder/x.pdf"])?;
    assert!(err.contains("does not exist"), "{err}");
    let err = desk_fails(&p, &["brief", "No such session at all"])?;
    assert!(err.contains("No such session at all"), "{err}");
    Ok(())
}

/// Right ends of the body lines (10 pt text, between the running header and footer) of a PDF.
fn body_line_ends(pdf: &Path) -> TestResult<Vec<f64>> {
    let xml = tool(
        "pdftotext",
        &["-bbox-layout", pdf.to_str().ok_or("path")?, "-"],
    )?;
    let attr = |line: &str, name: &str| -> Option<f64> {
        let start = line.find(&format!("{name}=\""))? + name.len() + 2;
        line[start..].split('"').next()?.parse().ok()
    };
    let mut ends = Vec::new();
    for line in xml.lines().map(str::trim_start) {
        if !line.starts_with("<line ") {
            continue;
        }
        let (Some(y0), Some(y1), Some(x1)) =
            (attr(line, "yMin"), attr(line, "yMax"), attr(line, "xMax"))
        else {
            continue;
        };
        // Body text at 10 pt is 13.6 pt high with Noto Sans; the header and footer are smaller.
        if ((y1 - y0) - 13.62).abs() < 0.2 && y0 > 70.0 && y1 < 780.0 {
            ends.push(x1);
        }
    }
    Ok(ends)
}

#[test]
fn body_text_is_justified_unless_ragged_is_asked() -> TestResult {
    let p = Profile::new()?;
    sample_with_names(&p)?;
    let dir = output_dir("pack");
    let right = 595.2757 - 20.0 * 72.0 / 25.4;
    let mut at_margin = Vec::new();
    for (name, extra) in [("justified", None), ("ragged", Some("--ragged"))] {
        let pdf = dir.join(format!("{name}.pdf"));
        let mut args = vec![
            "pack",
            "--out",
            pdf.to_str().ok_or("path")?,
            "--sections",
            "briefs",
        ];
        args.extend(extra);
        desk_ok(&p, &args)?;
        let ends = body_line_ends(&pdf)?;
        assert!(ends.len() > 30, "{name}: body lines seen: {}", ends.len());
        let n = ends.iter().filter(|&&x| (x - right).abs() < 0.5).count();
        at_margin.push((n, ends.len()));
    }
    let (justified, ragged) = (at_margin[0], at_margin[1]);
    // Fields, lead-ins, bullets and paragraphs' last lines are ragged either way: count the lines
    // that reach the margin.
    assert!(
        justified.0 >= 15 && justified.0 >= 5 * ragged.0.max(1),
        "justified paragraphs' lines end at the right margin, ragged ones rarely: {justified:?} against {ragged:?}"
    );
    Ok(())
}
