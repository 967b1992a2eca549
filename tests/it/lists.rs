//! Weekly pages without a tasks table (list layouts), and en/vi twins counted once.
//! Pages here are hand-written; the corpus tests read ../shared.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use worklog_analyze::model::{DatePrecision, Extraction, Lang, Layout, Task};

use crate::common::*;

fn site(files: &[(&str, &str)]) -> Extraction {
    extract_site("intern-l", files)
}

fn codes_of(x: &Extraction, file: &str) -> Vec<&'static str> {
    x.diagnostics
        .iter()
        .filter(|d| d.source_path.ends_with(file))
        .map(|d| d.code.as_str())
        .collect()
}

/// (title, day, start, end, precision) of each row.
type Row<'a> = (
    &'a str,
    &'a str,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<&'a str>,
);

fn shape<'a>(r: &[&'a Task]) -> Vec<Row<'a>> {
    r.iter()
        .map(|t| {
            (
                t.title.as_str(),
                t.day.as_str(),
                t.start_date,
                t.end_date,
                t.date_precision.map(DatePrecision::as_str),
            )
        })
        .collect()
}

const DAY_HEADINGS_EN: &str = "---\ntitle: \"Week 2 Worklog\"\ndate: 2026-03-16\n---\n\n## Overview\nNetworking week.\n\n## Tasks\n\n### Day 2: VPC basics\n- Create a VPC\n- Lab 3: route tables (https://000003.awsstudygroup.com/)\n\n### Day 3: Amazon EC2\n- Launch an instance\n  - Attach EBS\n\n## Achievements\n- A working VPC\n";
const DAY_HEADINGS_VI: &str = "---\ntitle: \"Tuần 2\"\ndate: 2026-03-16\n---\n\n## Danh sách công việc\n\n### Ngày 2 - Thứ Hai, 16/03/2026\n- Tạo VPC\n- Lab 3: route table\n\n### Ngày 3 - Thứ Ba, 17/03/2026\n- Chạy máy EC2\n";
const WEEK1_TABLE: &str = "---\ntitle: \"Week 1 Worklog\"\ndate: 2026-03-09\n---\n\n| Day | Task | Start Date | Completion Date | Reference |\n| --- | --- | --- | --- | --- |\n| 2 | Create the account | 09/03/2026 | 09/03/2026 | |\n| 3 | IAM users | 10/03/2026 | 10/03/2026 | |\n";
const NUMBERED_BOLD: &str = "---\ntitle: \"Week 3 Worklog\"\ndate: 2025-01-01\n---\n\n## Week 3 (23/03/2026 - 27/03/2026)\n\n### Objectives\n- Storage\n\n### Tasks Completed\n\n1. **Amazon S3**\n   - Create a bucket (Lab 57)\n   - Static website\n2. **Amazon RDS**\n   - MySQL in a private subnet\n\n### Plan for next week\n- Monday: AWS Lambda\n- Tuesday: Amazon API Gateway\n";
const SUMMARY_GROUPS_VI: &str = "---\ntitle: \"Tuần 3\"\ndate: 2025-01-01\n---\n\n| Nội dung | Chi tiết |\n| --- | --- |\n| Thời gian | 23/03/2026 - 27/03/2026 |\n| Chủ đề | Lưu trữ |\n\n### Công việc đã làm\n\n**Lưu trữ:**\n- Amazon S3 (Lab 57)\n- Website tĩnh\n\n**Cơ sở dữ liệu:**\n- Amazon RDS MySQL\n";
const BOLD_DAYS: &str = "---\ntitle: \"Week 4 Worklog\"\ndate: 2026-03-30\n---\n\n### Work log\n\n**Monday (30/03/2026):**\n- AWS Lambda hello world\n\n**Wednesday (01/04/2026):**\n- Amazon API Gateway REST API\n- Lab 78\n";
const EMPTY: &str = "---\ntitle: \"Week 5 Worklog\"\ndate: 2026-04-06\n---\n\n### Week 5 Objectives:\n* Final project\n\n### Week 5 Achievements:\n* Completed the final project\n";

#[test]
fn list_pages_give_tasks_dates_and_precision() {
    let x = site(&[
        ("1.1-Week1/_index.md", WEEK1_TABLE),
        ("1.2-Week2/_index.md", DAY_HEADINGS_EN),
        ("1.2-Week2/_index.vi.md", DAY_HEADINGS_VI),
        ("1.3-Week3/_index.md", NUMBERED_BOLD),
        ("1.3-Week3/_index.vi.md", SUMMARY_GROUPS_VI),
        ("1.4-Week4/_index.md", BOLD_DAYS),
        ("1.5-Week5/_index.md", EMPTY),
    ]);
    // Day headings without dates: the dates of the same days on the dated twin
    // (Day 2 = Ngày 2), inside the week the front-matter calendar gives.
    let w2 = rows(&x, "1.2-Week2/_index.md");
    assert_eq!(
        shape(&w2),
        [
            (
                "Day 2: VPC basics",
                "Day 2",
                d("2026-03-16"),
                d("2026-03-16"),
                Some("day")
            ),
            (
                "Day 3: Amazon EC2",
                "Day 3",
                d("2026-03-17"),
                d("2026-03-17"),
                Some("day")
            ),
        ]
    );
    assert!(codes_of(&x, "1.2-Week2/_index.md").contains(&"twin_dates"));
    assert_eq!(
        w2[0].details,
        "Create a VPC\nLab 3: route tables (https://000003.awsstudygroup.com/)"
    );
    assert_eq!(w2[1].details, "Launch an instance\nAttach EBS");
    assert!(w2
        .iter()
        .all(|t| t.layout == Layout::List && t.duration_days == Some(1)));
    assert_eq!(labs_of(&x, &w2[0].task_id), [3]);
    assert!(x
        .task_topics
        .iter()
        .any(|t| t.task_id == w2[1].task_id && t.topic == "Amazon EC2"));
    // Day headings with dates: each task its day.
    let w2vi = rows(&x, "1.2-Week2/_index.vi.md");
    assert_eq!(
        shape(&w2vi),
        [
            (
                "Ngày 2 - Thứ Hai, 16/03/2026",
                "Ngày 2 - Thứ Hai",
                d("2026-03-16"),
                d("2026-03-16"),
                Some("day")
            ),
            (
                "Ngày 3 - Thứ Ba, 17/03/2026",
                "Ngày 3 - Thứ Ba",
                d("2026-03-17"),
                d("2026-03-17"),
                Some("day")
            ),
        ]
    );
    assert_eq!(w2vi[0].weekday, Some(1));
    // A numbered bold list under `Tasks Completed`, the range in a heading; the plan is not tasks.
    let w3 = rows(&x, "1.3-Week3/_index.md");
    assert_eq!(
        shape(&w3),
        [
            (
                "Amazon S3",
                "",
                d("2026-03-23"),
                d("2026-03-27"),
                Some("week")
            ),
            (
                "Amazon RDS",
                "",
                d("2026-03-23"),
                d("2026-03-27"),
                Some("week")
            ),
        ]
    );
    assert_eq!(w3[0].details, "Create a bucket (Lab 57)\nStatic website");
    assert_eq!(labs_of(&x, &w3[0].task_id), [57]);
    // Bold groups; the range from the summary table, which is not turned into tasks.
    let w3vi = rows(&x, "1.3-Week3/_index.vi.md");
    assert_eq!(
        shape(&w3vi),
        [
            (
                "Lưu trữ",
                "",
                d("2026-03-23"),
                d("2026-03-27"),
                Some("week")
            ),
            (
                "Cơ sở dữ liệu",
                "",
                d("2026-03-23"),
                d("2026-03-27"),
                Some("week")
            ),
        ]
    );
    assert!(codes_of(&x, "1.3-Week3/_index.vi.md").contains(&"other_table"));
    // Bold day lines with dates.
    let w4 = rows(&x, "1.4-Week4/_index.md");
    assert_eq!(
        shape(&w4),
        [
            (
                "Monday (30/03/2026)",
                "Monday",
                d("2026-03-30"),
                d("2026-03-30"),
                Some("day")
            ),
            (
                "Wednesday (01/04/2026)",
                "Wednesday",
                d("2026-04-01"),
                d("2026-04-01"),
                Some("day")
            ),
        ]
    );
    // A page with only objectives and achievements writes no tasks.
    assert!(rows(&x, "1.5-Week5/_index.md").is_empty());
    assert!(codes_of(&x, "1.5-Week5/_index.md").contains(&"no_tasks_table"));
    for f in [
        "1.2-Week2/_index.md",
        "1.3-Week3/_index.md",
        "1.4-Week4/_index.md",
    ] {
        assert!(codes_of(&x, f).contains(&"list_layout"), "{f}");
        assert!(!codes_of(&x, f).contains(&"no_tasks_table"), "{f}");
    }
    // Table rows say so.
    assert!(rows(&x, "1.1-Week1/_index.md")
        .iter()
        .all(|t| t.layout == Layout::Table && t.date_precision == Some(DatePrecision::Day)));
    let pages: BTreeMap<&str, &str> = x
        .pages
        .iter()
        .map(|p| (p.source_path.as_str(), p.layout.as_str()))
        .collect();
    assert_eq!(
        pages["intern-l/content/1-Worklog/1.5-Week5/_index.md"],
        "none"
    );
    assert_eq!(
        pages["intern-l/content/1-Worklog/1.2-Week2/_index.md"],
        "list"
    );
}

#[test]
fn without_a_dated_twin_day_headings_take_the_front_matter_week() {
    let x = site(&[
        ("1.1-Week1/_index.md", WEEK1_TABLE),
        ("1.2-Week2/_index.md", DAY_HEADINGS_EN),
    ]);
    let w2 = rows(&x, "1.2-Week2/_index.md");
    assert_eq!(
        shape(&w2),
        [
            (
                "Day 2: VPC basics",
                "Day 2",
                d("2026-03-16"),
                d("2026-03-22"),
                Some("week")
            ),
            (
                "Day 3: Amazon EC2",
                "Day 3",
                d("2026-03-16"),
                d("2026-03-22"),
                Some("week")
            ),
        ]
    );
    assert!(w2.iter().all(|t| t.duration_days.is_none()));
}

#[test]
fn a_stale_front_matter_gives_no_week_range() {
    // Every page says 2025-01-01 (the template's value): not a weekly calendar.
    let stale = DAY_HEADINGS_EN.replace("2026-03-16", "2025-01-01");
    let other = NUMBERED_BOLD.replace("## Week 3 (23/03/2026 - 27/03/2026)", "## Week 3");
    let x = site(&[
        ("1.2-Week2/_index.md", &stale),
        ("1.3-Week3/_index.md", &other),
    ]);
    for t in &x.tasks {
        assert_eq!(
            (
                t.start_date,
                t.end_date,
                t.date_precision.map(DatePrecision::as_str)
            ),
            (None, None, None),
            "{}",
            t.title
        );
    }
    let msg = x
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "list_layout")
        .map(|d| d.message.clone())
        .unwrap_or_default();
    assert!(msg.contains("have no date"), "{msg}");
}

#[test]
fn twins_pair_rows_and_count_one_language_per_week() {
    let x = site(&[
        ("1.1-Week1/_index.md", WEEK1_TABLE),
        (
            "1.1-Week1/_index.vi.md",
            &WEEK1_TABLE
                .replace(
                    "| Day | Task | Start Date | Completion Date | Reference |",
                    "| Thứ | Công việc | Ngày bắt đầu | Ngày hoàn thành | Tài liệu |",
                )
                .replace("Create the account", "Tạo tài khoản")
                .replace("IAM users", "Người dùng IAM"),
        ),
        ("1.2-Week2/_index.md", DAY_HEADINGS_EN),
        (
            "1.2-Week2/_index.vi.md",
            &format!("{DAY_HEADINGS_VI}\n### Ngày 4 - Thứ Tư, 18/03/2026\n- Tạo S3 bucket\n"),
        ),
    ]);
    let p = |f: &str| x.pages.iter().find(|p| p.source_path.ends_with(f)).unwrap();
    // Week 1: a tie, so the site's default language (its suffix-less files are English).
    assert!(p("1.1-Week1/_index.md").is_primary);
    assert!(!p("1.1-Week1/_index.vi.md").is_primary);
    // Week 2: the Vietnamese page has more tasks.
    assert!(!p("1.2-Week2/_index.md").is_primary);
    assert!(p("1.2-Week2/_index.vi.md").is_primary);
    // Week 1 rows pair by order; the key is the primary row's task_id.
    let en = rows(&x, "1.1-Week1/_index.md");
    let vi = rows(&x, "1.1-Week1/_index.vi.md");
    for (e, v) in en.iter().zip(&vi) {
        assert_eq!(e.twin_key.as_deref(), Some(e.task_id.as_str()));
        assert_eq!(v.twin_key, e.twin_key);
    }
    // Week 2: 2 en rows (the week's range) vs 3 vi rows (their days): uneven,
    // and the en rows have no day dates to pair by, so none pair.
    assert!(rows(&x, "1.2-Week2/_index.md")
        .iter()
        .all(|t| t.twin_key.is_none()));
    // Primary rows: one language per week; labs and topics follow their task.
    let primary: BTreeSet<(i32, &str)> = x
        .tasks
        .iter()
        .filter(|t| t.is_primary)
        .map(|t| (t.week, t.lang.as_str()))
        .collect();
    assert_eq!(primary, BTreeSet::from([(1, "en"), (2, "vi")]));
    let prim_of: HashMap<&str, bool> = x
        .tasks
        .iter()
        .map(|t| (t.task_id.as_str(), t.is_primary))
        .collect();
    assert!(x
        .task_labs
        .iter()
        .all(|l| l.is_primary == prim_of[l.task_id.as_str()]));
    assert!(x
        .task_topics
        .iter()
        .all(|l| l.is_primary == prim_of[l.task_id.as_str()]));
}

/// Weekly pages (a week number) that gave no task rows.
fn empty_weekly_pages(x: &Extraction) -> Vec<String> {
    let mut v: Vec<String> = x
        .pages
        .iter()
        .filter(|p| p.task_count == 0)
        .map(|p| p.source_path.clone())
        .collect();
    v.sort();
    v
}

#[test]
fn corpora_weekly_pages_without_tasks_are_only_pages_with_no_work_written() {
    if let Some(root) = shared("corpus-wide") {
        let x = extract_paths(&[root]);
        // Haaju000's week 12 holds only an objectives and an achievements list.
        assert_eq!(
            empty_weekly_pages(&x),
            [
                "Haaju000__Report-OJT/content/1-Worklog/1.12-Week12/_index.md",
                "Haaju000__Report-OJT/content/1-Worklog/1.12-Week12/_index.vi.md",
            ]
        );
        // Every list-layout site yields tasks for each week it describes, from its day headings.
        for (site, weeks, per_page) in [
            ("anhkhoi-cloudswe__ANHKHOI-WORKSHOP-FCJ", 1..=5, 5),
            ("nguyenminhtinh31204__intership-report", 1..=12, 7),
        ] {
            for w in weeks {
                for lang in ["en", "vi"] {
                    let n = x
                        .tasks
                        .iter()
                        .filter(|t| {
                            t.intern == site
                                && t.week == w
                                && t.lang.as_str() == lang
                                && t.layout == Layout::List
                        })
                        .count();
                    assert_eq!(n, per_page, "{site} week {w} {lang}");
                }
            }
        }
        // anhkhoi's list weeks take the Monday–Sunday week of their front-matter dates.
        let a: Vec<&Task> = x
            .tasks
            .iter()
            .filter(|t| t.intern.starts_with("anhkhoi") && t.week == 2)
            .collect();
        assert!(a.iter().all(|t| t.start_date == d("2026-01-12")
            && t.end_date == d("2026-01-18")
            && t.date_precision == Some(DatePrecision::Week)));
        // nguyenminhtinh's day headings carry dates that match their weekdays.
        let n: Vec<&Task> = x
            .tasks
            .iter()
            .filter(|t| t.intern.starts_with("nguyenminhtinh"))
            .collect();
        assert!(n
            .iter()
            .all(|t| t.date_precision == Some(DatePrecision::Day)));
        assert!(n
            .iter()
            .all(|t| t.weekday.is_some() && t.day_weekday.map(i32::from) == t.weekday));
        let w3: Vec<Option<NaiveDate>> = n
            .iter()
            .filter(|t| t.week == 3 && t.lang == Lang::En)
            .map(|t| t.start_date)
            .collect();
        assert_eq!(w3.first().copied().flatten(), d("2026-05-04"));
        assert_eq!(w3.last().copied().flatten(), d("2026-05-10"));
    }
    if let Some(root) = shared("corpus") {
        let x = extract_paths(&[root]);
        assert_eq!(empty_weekly_pages(&x), Vec::<String>::new());
    }
}

/// For every intern and week in both languages: primary rows are exactly one
/// language's rows, the language with more rows (either on a tie), and every
/// twin key is a primary row's task_id shared by at most one row per language.
fn twins_hold(x: &Extraction) -> usize {
    // (intern, week) → lang → (rows, primary rows)
    type PerLang<'a> = BTreeMap<&'a str, (usize, usize)>;
    let mut by: BTreeMap<(&str, i32), PerLang<'_>> = BTreeMap::new();
    for t in &x.tasks {
        let e = by
            .entry((t.intern.as_str(), t.week))
            .or_default()
            .entry(t.lang.as_str())
            .or_default();
        e.0 += 1;
        e.1 += usize::from(t.is_primary);
    }
    let mut bilingual = 0;
    for ((intern, week), langs) in &by {
        if *week == 0 {
            continue;
        }
        let primary: Vec<&&str> = langs
            .iter()
            .filter(|(_, c)| c.1 > 0)
            .map(|(l, _)| l)
            .collect();
        assert_eq!(primary.len(), 1, "{intern} week {week}: {langs:?}");
        let (n, p) = langs[*primary[0]];
        assert_eq!(
            n, p,
            "{intern} week {week}: all rows of the primary language"
        );
        assert!(
            langs.values().all(|c| c.0 <= n),
            "{intern} week {week}: {langs:?}"
        );
        bilingual += usize::from(langs.len() == 2);
    }
    let by_id: HashMap<&str, &Task> = x.tasks.iter().map(|t| (t.task_id.as_str(), t)).collect();
    let mut keys: HashMap<&str, Vec<&Task>> = HashMap::new();
    for t in &x.tasks {
        if let Some(k) = &t.twin_key {
            keys.entry(k.as_str()).or_default().push(t);
        }
    }
    for (k, ts) in &keys {
        assert!(by_id[k].is_primary, "twin key {k} is not a primary row");
        assert_eq!(ts.len(), 2, "{k}");
        assert_ne!(ts[0].lang, ts[1].lang);
        assert_eq!(
            (ts[0].intern.as_str(), ts[0].week),
            (ts[1].intern.as_str(), ts[1].week)
        );
    }
    bilingual
}

#[test]
fn corpora_bilingual_interns_count_one_language_per_week() {
    for name in ["corpus-wide", "corpus"] {
        let Some(root) = shared(name) else { continue };
        let x = extract_paths(&[root]);
        let bilingual = twins_hold(&x);
        assert!(bilingual > 100, "{name}: {bilingual} bilingual weeks");
        // Primary rows are about half of all rows on corpora that are mostly bilingual.
        let primary = x.tasks.iter().filter(|t| t.is_primary).count();
        assert!(
            primary * 100 < x.tasks.len() * 60 && primary * 100 > x.tasks.len() * 45,
            "{name}: {primary}/{}",
            x.tasks.len()
        );
    }
    twins_hold(&extract_paths(&[sample_data()]));
}

#[test]
fn a_one_row_summary_table_gives_the_range_not_a_task() {
    // `Time | May 4 – May 10` is the only dated cell: its column would look like a
    // date column, but it sits beside a time label in a key/value table.
    let page = "---\ntitle: \"Worklog Week 3\"\ndate: 2026-05-04\n---\n\n| Content | Details |\n|---|---|\n| Time | May 4 – May 10 |\n\n### Day 1 - Monday\n- Lab 5\n\n### Day 2 - Tuesday\n- Lab 6\n";
    let x = site(&[("1.3-Week3/_index.md", page)]);
    assert_eq!(
        shape(&rows(&x, "1.3-Week3/_index.md")),
        [
            (
                "Day 1 - Monday",
                "Day 1 - Monday",
                d("2026-05-04"),
                d("2026-05-10"),
                Some("week")
            ),
            (
                "Day 2 - Tuesday",
                "Day 2 - Tuesday",
                d("2026-05-04"),
                d("2026-05-10"),
                Some("week")
            ),
        ]
    );
    let codes = codes_of(&x, "1.3-Week3/_index.md");
    assert!(
        codes.contains(&"other_table") && codes.contains(&"year_inferred"),
        "{codes:?}"
    );
}
