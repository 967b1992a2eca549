//! Weeks split into day pages (hand-written sites in two styles): each day page
//! is that day's work, dated from its own text, its name or its place in the
//! week; the week page's rows that repeat a day are not counted twice.

use worklog_analyze::model::{DatePrecision, Extraction, Task};

use crate::common::*;

fn extract_tree(files: &[(&str, &str)]) -> Extraction {
    let owned: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    let dir = tree(&owned);
    extract_paths(&[dir.path().to_path_buf()])
}

/// `week5/day-N.md` leaf pages with their own front-matter dates, and a week
/// page whose table repeats two of the days and adds one of its own.
#[test]
fn day_files_under_a_week_folder_are_each_their_days_work() {
    let week = "---\ntitle: \"Week 5\"\ndate: 2026-03-09\n---\n\n## Tasks\n\n| Day | Task | Reference |\n|---|---|---|\n| Day 1 | IAM users | [day 1](day-1/) |\n| Day 2 | A VPC | |\n| Sat | Reviewed the week's notes | |\n";
    let x = extract_tree(&[
        ("an/hugo.toml", "title = \"an\"\n"),
        ("an/content/worklog/_index.md", "---\ntitle: Worklog\n---\n"),
        ("an/content/worklog/week5/_index.md", week),
        (
            "an/content/worklog/week5/day-1.md",
            "---\ntitle: \"Day 1 - IAM\"\ndate: 2026-03-09\n---\n\nCreated IAM users and groups for the team.\n\n- Turned on MFA for the root account\n",
        ),
        (
            "an/content/worklog/week5/day-2.md",
            "---\ntitle: \"Day 2 - Networking\"\ndate: 2026-03-10\n---\n\n### Tasks\n\n- Built a VPC with two subnets\n- Added a NAT gateway\n",
        ),
        (
            "an/content/worklog/week5/day-3.md",
            "---\ntitle: \"Day 3\"\ndate: 2026-03-11\n---\n\nLaunched an EC2 instance in the private subnet.\n",
        ),
    ]);
    // Day 1: the page is one task, its text the details, dated by its front matter
    // (each day page of the week has its own date).
    let d1 = rows_of(&x, "week5/day-1.md");
    assert_eq!(d1.len(), 1, "{d1:#?}");
    assert_eq!(d1[0].week, 5);
    assert_eq!(d1[0].title, "Day 1 - IAM");
    assert!(
        d1[0].details.contains("Turned on MFA"),
        "{:?}",
        d1[0].details
    );
    assert_eq!(
        (d1[0].start_date, d1[0].end_date),
        (d("2026-03-09"), d("2026-03-09"))
    );
    assert_eq!(d1[0].date_precision, Some(DatePrecision::Day));
    // Day 2: its items are its tasks, each on the day's date.
    let d2 = rows_of(&x, "week5/day-2.md");
    assert_eq!(d2.len(), 2, "{d2:#?}");
    assert!(d2
        .iter()
        .all(|t| t.start_date == d("2026-03-10") && t.week == 5));
    let d3 = rows_of(&x, "week5/day-3.md");
    assert_eq!(d3[0].start_date, d("2026-03-11"));
    // The week page keeps only the row no day page holds.
    let w = rows_of(&x, "week5/_index.md");
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(w[0].title, "Reviewed the week's notes");
    let repeated: Vec<String> = diags(&x, "day_pages")
        .into_iter()
        .filter(|d| d.contains("counted there"))
        .collect();
    assert_eq!(repeated.len(), 2, "{repeated:#?}");
    assert!(
        repeated[0].contains(":10: info[day_pages]: row 1 is the day the day page \"day-1\""),
        "{repeated:#?}"
    );
    let dated = diags(&x, "day_pages");
    assert!(
        dated.iter().any(|d| d.contains("day-2.md:8: info[day_pages]: a day page of week 5: its 2 tasks without a date of their own take the date \"2026-03-10\" from its front-matter date")),
        "{dated:#?}"
    );
    // 1 + 2 + 1 + 1 tasks, each once.
    assert_eq!(x.tasks.len(), 5);
    assert!(diags(&x, "no_week").is_empty() && diags(&x, "section_page").len() == 1);
}

/// Hugo-numbered day folders with en/vi twins: a date in the folder name, else
/// the day's place in its week; a placeholder front-matter date is no day's date.
#[test]
fn day_folders_are_dated_from_their_name_or_their_place_in_the_week() {
    let mut files: Vec<(String, String)> = vec![
        ("binh/hugo.toml".into(), "title = \"b\"\n".into()),
        (
            "binh/content/1-Worklog/1.5-Week5/_index.md".into(),
            "---\ntitle: \"Week 5 Worklog\"\ndate: 2026-03-09\n---\n\n### Objectives\n\n- Storage on AWS\n".into(),
        ),
        (
            "binh/content/1-Worklog/1.5-Week5/_index.vi.md".into(),
            "---\ntitle: \"Worklog Tuần 5\"\ndate: 2026-03-09\n---\n\n### Mục tiêu\n\n- Lưu trữ trên AWS\n".into(),
        ),
    ];
    let days = [
        (
            "1.5.1-Day21-2026-03-09",
            "Learned Amazon S3 storage classes",
            "Tìm hiểu các lớp lưu trữ Amazon S3",
        ),
        (
            "1.5.2-Day22-2026-03-10",
            "Hosted a static website on S3",
            "Triển khai website tĩnh trên S3",
        ),
        (
            "1.5.3-Day23",
            "Set up CloudFront in front of the bucket",
            "Cấu hình CloudFront cho bucket",
        ),
    ];
    for (folder, en, vi) in days {
        let n = &folder[6..11];
        for (file, text) in [("_index.md", en), ("_index.vi.md", vi)] {
            files.push((
                format!("binh/content/1-Worklog/1.5-Week5/{folder}/{file}"),
                format!("---\ntitle: \"{n}\"\ndate: 2026-03-09\n---\n\n{text}.\n"),
            ));
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let x = extract_tree(&refs);
    let day = |f: &str, lang: &str| -> Vec<&Task> {
        x.tasks
            .iter()
            .filter(|t| t.source_path.contains(f) && t.lang.as_str() == lang)
            .collect()
    };
    for lang in ["en", "vi"] {
        let d21 = day("Day21", lang);
        assert_eq!(d21.len(), 1);
        assert_eq!((d21[0].week, d21[0].start_date), (5, d("2026-03-09")));
        assert_eq!(day("Day22", lang)[0].start_date, d("2026-03-10"));
        // No date in the name, the title or its own front matter: the third day
        // page of the week is its Wednesday.
        let d23 = day("Day23", lang);
        assert_eq!(d23[0].start_date, d("2026-03-11"), "{:#?}", d23[0]);
        assert_eq!(
            (
                d23[0].weekday,
                d23[0].date_precision.map(DatePrecision::as_str)
            ),
            (Some(3), Some("day"))
        );
    }
    assert_eq!(day("Day23", "en")[0].title, "Day23");
    assert!(day("Day23", "en")[0]
        .details
        .starts_with("Set up CloudFront"));
    // The week pages hold no tasks: a note, not a missing-table warning.
    assert!(
        diags(&x, "no_tasks_table").is_empty(),
        "{:#?}",
        diags(&x, "no_tasks_table")
    );
    let notes = diags(&x, "day_pages");
    let weeks: Vec<&String> = notes
        .iter()
        .filter(|n| n.contains("the week is written as 3 day pages"))
        .collect();
    assert_eq!(weeks.len(), 2, "{notes:#?}");
    assert!(
        notes.iter().any(|n| n.contains("1.5.3-Day23/_index.md:6: info[day_pages]: a day page of week 5: its task without a date of its own takes its place in the week: day page 3 of 3, a Wednesday")),
        "{notes:#?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("Day21-2026-03-09/_index.vi.md:6: info[day_pages]: a day page of week 5: its task without a date of its own takes the date \"2026-03-09\" from its name")),
        "{notes:#?}"
    );
    // Each day page pairs with its twin, not with the other days.
    for t in &x.tasks {
        assert!(t.twin_key.is_some(), "{t:#?}");
        let twin = x
            .tasks
            .iter()
            .find(|o| o.twin_key == t.twin_key && o.lang != t.lang)
            .unwrap_or_else(|| panic!("no twin: {t:#?}"));
        assert_eq!(twin.start_date, t.start_date);
        assert_eq!(
            twin.source_path.rsplit_once('/').unwrap().0,
            t.source_path.rsplit_once('/').unwrap().0
        );
    }
    // One language counted for the week: 3 of the 6 day tasks.
    assert_eq!(x.tasks.len(), 6);
    assert_eq!(x.tasks.iter().filter(|t| t.is_primary).count(), 3);
    assert!(diags(&x, "no_week").is_empty());
}

/// A worklog section under another name (`1-Introduce`) is known by its weekly
/// pages: a Hugo-numbered folder that names no week (`1.3-Cloud-basics`) is
/// week 3 because its siblings number their weeks so; a blog section is not.
#[test]
fn a_worklog_section_is_found_by_its_weekly_pages_not_its_name() {
    let table = |w: u32| {
        format!("---\ntitle: \"Week {w} Worklog\"\n---\n\n| Day | Task | Date |\n|---|---|---|\n| Mon | Week {w} task | {:02}/05/2026 |\n", 4 + 7 * (w - 1))
    };
    let list = "---\ntitle: \"Cloud basics\"\n---\n\n### Tasks\n\n- Learned VPC peering\n- Learned EC2 Auto Scaling\n";
    let blog = "---\ntitle: \"Blog 1\"\n---\n\n### Tasks\n\n- Wrote about S3\n";
    let x = extract_tree(&[
        ("chi/hugo.toml", "title = \"c\"\n"),
        (
            "chi/content/1-Introduce/_index.md",
            "---\ntitle: Introduce\n---\n",
        ),
        ("chi/content/1-Introduce/1.1-Week1/_index.md", &table(1)),
        ("chi/content/1-Introduce/1.2-Week2/_index.md", &table(2)),
        ("chi/content/1-Introduce/1.3-Cloud-basics/_index.md", list),
        ("chi/content/3-Blog/3.1-Blog1/_index.md", blog),
        ("chi/content/3-Blog/3.2-Blog2/_index.md", blog),
    ]);
    let w3 = rows_of(&x, "1.3-Cloud-basics/_index.md");
    assert_eq!(w3.len(), 2, "{:#?}", x.diagnostics);
    assert!(w3.iter().all(|t| t.week == 3));
    let why = diags(&x, "week_from_section");
    assert_eq!(why.len(), 1, "{why:#?}");
    assert!(
        why[0].contains("week 3 from the folder name \"1.3-Cloud-basics\": the other folders of its section number their weeks the same way (1.1-Week1, 1.2-Week2)"),
        "{why:#?}"
    );
    let weeks: Vec<i32> = x.pages.iter().map(|p| p.week).collect();
    assert_eq!(weeks, [1, 2, 3], "{:#?}", x.pages);
}

/// A leaf week page beside its folder of weekday pages (`tuan-3.md` + `tuan-3/thu-2.md`),
/// Vietnamese and undated but for the week's range on the week page.
#[test]
fn weekday_pages_beside_a_leaf_week_page_take_their_weekday_in_the_week() {
    let x = extract_tree(&[
        ("dung/hugo.toml", "title = \"d\"\n"),
        (
            "dung/content/nhat-ky/tuan-3.md",
            "---\ntitle: \"Tuần 3\"\n---\n\n## Tuần 3 (16/03/2026 - 20/03/2026)\n\n| Thứ | Công việc |\n|---|---|\n| Thứ 2 | Tìm hiểu IAM |\n| Thứ 6 | Tổng kết tuần |\n",
        ),
        (
            "dung/content/nhat-ky/tuan-3/thu-2.md",
            "---\ntitle: \"Thứ 2\"\n---\n\n- Tạo người dùng IAM\n- Bật MFA\n",
        ),
        (
            "dung/content/nhat-ky/tuan-3/thu-4.md",
            "---\ntitle: \"Thứ 4\"\n---\n\nCấu hình Amazon VPC.\n",
        ),
    ]);
    // thu-2 is Monday (Thứ 2), thu-4 Wednesday, inside the range the week page writes.
    let mon = rows_of(&x, "tuan-3/thu-2.md");
    assert_eq!(mon.len(), 1, "{mon:#?}");
    assert_eq!(mon[0].week, 3);
    assert_eq!(
        (mon[0].start_date, mon[0].weekday),
        (d("2026-03-16"), Some(1))
    );
    let wed = rows_of(&x, "tuan-3/thu-4.md");
    assert_eq!(
        (
            wed[0].start_date,
            wed[0].weekday,
            wed[0].date_precision.map(DatePrecision::as_str)
        ),
        (d("2026-03-18"), Some(3), Some("day")),
        "{:#?}",
        wed[0]
    );
    let notes = diags(&x, "list_layout");
    assert!(
        notes.iter().any(|n| n.contains("thu-4.md:5: info[list_layout]") && n.contains("1 without a date of their own take their day page's Wednesday in the week's range 2026-03-16 – 2026-03-20 (written at line 5 of its week page)")),
        "{notes:#?}"
    );
    // The week page's Monday row is thu-2's day; Friday has no day page and stays,
    // placed on its weekday in the range the week page writes (`day_in_week`).
    let week = rows_of(&x, "nhat-ky/tuan-3.md");
    assert_eq!(week.len(), 1, "{week:#?}");
    assert_eq!(week[0].title, "Tổng kết tuần");
    assert_eq!(
        (
            week[0].start_date,
            week[0].date_precision.map(DatePrecision::as_str)
        ),
        (d("2026-03-20"), Some("day"))
    );
    assert_eq!(x.tasks.len(), 3);
}
