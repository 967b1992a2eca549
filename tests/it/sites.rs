//! Small hand-written sites (not corpus pages) for each class of the dates issue:
//! years from a stale front matter, headers and cells beyond the corpus, author
//! errors kept as written and flagged.

use worklog_analyze::model::{Extraction, Lang};

use crate::common::*;

fn page(week: u32, front_date: &str, table: &str) -> String {
    format!("---\ntitle: \"Week {week} Worklog\"\ndate: {front_date}\n---\n\n### Tasks\n\n{table}")
}

fn site(files: &[(String, String)]) -> Extraction {
    extract_site("intern-a", files)
}

#[test]
fn year_less_dates_take_the_year_the_weekdays_and_weeks_agree_on() {
    // Front matter says 2025 (a template leftover); 4 May is a Monday in 2026 only.
    let x = site(&[
        (
            "1.1-Week1/_index.md".into(),
            page(1, "2025-01-01", "| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| Mon | IAM | 04/05 | 04/05 |\n| Tue | VPC | 05/05 | 05/05 |\n| Wed | EC2 | 06/05 | 06/05 |\n"),
        ),
        // No weekday here: the site's calendar (week 2 = a week after week 1) decides.
        (
            "1.2-Week2/_index.md".into(),
            page(2, "2025-01-01", "| No. | Task | Start Date | Completion Date |\n|---|---|---|---|\n| 1 | S3 | 11/05 | 12/05 |\n| 2 | RDS | 13/05 | 13/05 |\n"),
        ),
    ]);
    let w1 = rows_of(&x, "1.1-Week1/_index.md");
    assert_eq!(w1[0].start_date, d("2026-05-04"));
    assert_eq!(w1[2].end_date, d("2026-05-06"));
    let w2 = rows_of(&x, "1.2-Week2/_index.md");
    assert_eq!(
        (w2[0].start_date, w2[0].end_date),
        (d("2026-05-11"), d("2026-05-12"))
    );
    let years = diags(&x, "year_inferred");
    assert_eq!(years.len(), 2, "{years:#?}");
    assert!(
        years[0].contains("read as 2026: the Day column's weekdays agree on 3/3 rows")
            && years[0].contains("front matter says 2025"),
        "{years:#?}"
    );
    assert!(
        years[1].contains("read as 2026") && years[1].contains("week 2"),
        "{years:#?}"
    );
}

#[test]
fn headers_and_cells_beyond_the_corpus() {
    let x = site(&[
        // Abbreviated Vietnamese headers, a numbering column, an extra column.
        (
            "1.1-Week1/_index.vi.md".into(),
            page(1, "2026-05-04", "| STT | Nội dung | Ngày BĐ | Ngày HT | Kết quả |\n|---|---|---|---|---|\n| 1 | Học IAM | 04/05/2026 | 05/05/2026 | Xong |\n"),
        ),
        // One date column, a weekday column under an empty header, hours.
        (
            "1.2-Week2/_index.md".into(),
            page(2, "2026-05-11", "| Date |  | Work Completed | Time Spent |\n|---|---|---|---|\n| 11/05/2026 | Mon | Built a VPC | 4h |\n| 12/05/2026 | Tue | Peered two VPCs | 90 min |\n"),
        ),
        // A Day column of dates and date ranges; several days in one cell.
        (
            "1.3-Week3/_index.md".into(),
            page(3, "2026-05-18", "| Day | Task | Reference |\n|---|---|---|\n| 05/18/2026 | Lambda | [Lab 22](https://000022.awsstudygroup.com/) |\n| 05/19/2026 – 05/20/2026 | API Gateway | |\n"),
        ),
        (
            "1.4-Week4/_index.md".into(),
            page(4, "2026-05-25", "| Day | Task | Start Date |\n|---|---|---|\n| Mon, Tue, Wed | DynamoDB | 25/05/2026 |\n| 2 (Thu) | CloudWatch | 28/05/2026 |\n"),
        ),
    ]);
    let w1 = rows_of(&x, "1.1-Week1/_index.vi.md");
    assert_eq!(
        (w1[0].start_date, w1[0].end_date),
        (d("2026-05-04"), d("2026-05-05"))
    );
    assert_eq!(w1[0].title, "Học IAM");
    assert_eq!(w1[0].notes, "Kết quả: Xong");
    let w2 = rows_of(&x, "1.2-Week2/_index.md");
    assert_eq!(
        (w2[0].start_date, w2[0].end_date),
        (d("2026-05-11"), d("2026-05-11"))
    );
    assert_eq!((w2[0].day.as_str(), w2[0].weekday), ("Mon", Some(1)));
    assert_eq!(w2[0].title, "Built a VPC");
    assert_eq!((w2[0].hours, w2[1].hours), (Some(4.0), Some(1.5)));
    let w3 = rows_of(&x, "1.3-Week3/_index.md");
    assert_eq!(
        (w3[0].start_date, w3[0].end_date),
        (d("2026-05-18"), d("2026-05-18"))
    );
    assert_eq!(
        (w3[1].start_date, w3[1].end_date),
        (d("2026-05-19"), d("2026-05-20"))
    );
    assert_eq!(w3[1].weekday, Some(2));
    let w4 = rows_of(&x, "1.4-Week4/_index.md");
    // Mon–Wed: the task spans three days.
    assert_eq!(
        (w4[0].start_date, w4[0].end_date, w4[0].duration_days),
        (d("2026-05-25"), d("2026-05-27"), Some(3))
    );
    assert_eq!(w4[1].weekday, Some(4));
    assert!(
        diags(&x, "weekday_mismatch").is_empty(),
        "{:#?}",
        diags(&x, "weekday_mismatch")
    );
    assert!(
        diags(&x, "unknown_day").is_empty(),
        "{:#?}",
        diags(&x, "unknown_day")
    );
    assert!(!diags(&x, "column_by_content").is_empty());
}

#[test]
fn author_errors_are_kept_as_written_and_flagged() {
    let en = "| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| Mon | IAM | 06/01/2026 | 06/01/2026 |\n| Tue | VPC | 06/02/2026 | 06/01/2026 |\n";
    let vi = "| Thứ | Công việc | Ngày bắt đầu | Ngày hoàn thành |\n|---|---|---|---|\n| Thứ 2 | IAM | 01/06/2026 | 01/06/2026 |\n| Thứ 3 | VPC | 10/08/2025 | 10/08/2025 |\n";
    let w2 = "| Day | Task | Start Date |\n|---|---|---|\n| Mon | S3 | 06/08/2026 |\n";
    let w3 = "| Day | Task | Start Date |\n|---|---|---|\n| Mon | RDS | 06/15/2026 |\n";
    let x = site(&[
        ("1.1-Week1/_index.md".into(), page(1, "2026-06-01", en)),
        ("1.1-Week1/_index.vi.md".into(), page(1, "2026-06-01", vi)),
        ("1.2-Week2/_index.md".into(), page(2, "2026-06-08", w2)),
        ("1.3-Week3/_index.md".into(), page(3, "2026-06-15", w3)),
    ]);
    let vi_rows = rows_of(&x, "1.1-Week1/_index.vi.md");
    // Kept as written (10 August 2025: the page is day/month), not "fixed" to June 2026.
    assert_eq!(vi_rows[1].start_date, d("2025-08-10"));
    let twin = diags(&x, "twin_mismatch");
    assert_eq!(twin.len(), 1, "{twin:#?}");
    assert!(
        twin[0].contains("_index.vi.md:") && twin[0].contains("starts 2026-06-02"),
        "{twin:#?}"
    );
    assert!(!diags(&x, "date_outlier").is_empty());
    // Completion before start: both dates kept, no duration, flagged.
    let en_rows = rows_of(&x, "1.1-Week1/_index.md");
    assert_eq!(
        (
            en_rows[1].start_date,
            en_rows[1].end_date,
            en_rows[1].duration_days
        ),
        (d("2026-06-02"), d("2026-06-01"), None)
    );
    assert_eq!(diags(&x, "end_before_start").len(), 1);
}

#[test]
fn weeks_out_of_order_are_flagged() {
    let row = |date: &str| {
        format!("| Day | Task | Start Date |\n|---|---|---|\n| Mon | work | {date} |\n")
    };
    let x = site(&[
        (
            "1.1-Week1/_index.md".into(),
            page(1, "2025-09-29", &row("29/09/2025")),
        ),
        (
            "1.2-Week2/_index.md".into(),
            page(2, "2025-10-06", &row("13/10/2025")),
        ),
        (
            "1.3-Week3/_index.md".into(),
            page(3, "2025-10-13", &row("06/10/2025")),
        ),
    ]);
    let wo = diags(&x, "week_order");
    assert_eq!(wo.len(), 1, "{wo:#?}");
    assert!(
        wo[0].contains("1.3-Week3") && wo[0].contains("fall before week 2's"),
        "{wo:#?}"
    );
}

#[test]
fn check_summary_prints_the_figures() {
    let out = run_bin(&["check", "--summary", "sample_data"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let s = stdout(&out);
    for line in [
        "rows accounted:",
        "dates read:",
        "weekday agreement:",
        "twin agreement:",
        "weeks in order:",
        "disagreements:",
    ] {
        assert!(s.contains(line), "{s}");
    }
    assert!(
        s.contains("0 unaccounted") && s.contains("0 unexplained"),
        "{s}"
    );
}

#[test]
fn a_day_number_before_a_date_and_a_running_day_count_do_not_mislead() {
    let x = site(&[
        // A Day column of `Thứ N - dd/mm`: the number is the weekday, not a range start.
        (
            "1.1-Week1/_index.vi.md".into(),
            page(1, "2025-01-01", "| Thứ | Công việc |\n|---|---|\n| Thứ 2 - 16/03/2026 | IAM |\n| T3 - 17/03 | VPC |\n| Thứ 4–18/03 | EC2 |\n"),
        ),
        // `Day 1..5` over days that skip a weekend, every date ambiguous: the day
        // count is no weekday evidence; the site's calendar (week 1 above) decides dd/mm.
        (
            "1.2-Week2/_index.md".into(),
            page(2, "2025-01-01", "| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| Day 1 | S3 | 19/03/2026 | 19/03/2026 |\n| Day 2 | RDS | 20/03/2026 | 20/03/2026 |\n| Day 3 | Lambda | 23/03/2026 | 23/03/2026 |\n| Day 4 | API | 24/03/2026 | 24/03/2026 |\n"),
        ),
        (
            "1.3-Week3/_index.md".into(),
            page(3, "2025-01-01", "| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| Day 1 | A | 01/04/2026 | 01/04/2026 |\n| Day 2 | B | 02/04/2026 | 02/04/2026 |\n| Day 3 | C | 03/04/2026 | 03/04/2026 |\n| Day 4 | D | 07/04/2026 | 07/04/2026 |\n| Day 5 | E | 08/04/2026 | 08/04/2026 |\n"),
        ),
    ]);
    let w1: Vec<_> = rows_of(&x, "1.1-Week1/_index.vi.md")
        .iter()
        .map(|t| (t.start_date, t.end_date, t.weekday))
        .collect();
    assert_eq!(
        w1,
        [
            (d("2026-03-16"), d("2026-03-16"), Some(1)),
            (d("2026-03-17"), d("2026-03-17"), Some(2)),
            (d("2026-03-18"), d("2026-03-18"), Some(3)),
        ]
    );
    // Week 3: dd/mm gives Wed 1 .. Wed 8 April; mm/dd would give January..August, and
    // under it `Day 5` happens to match Tuesday 4 August (1 of 5 rows): no evidence.
    let w3: Vec<_> = rows_of(&x, "1.3-Week3/_index.md")
        .iter()
        .map(|t| t.start_date)
        .collect();
    assert_eq!(
        w3,
        [
            d("2026-04-01"),
            d("2026-04-02"),
            d("2026-04-03"),
            d("2026-04-07"),
            d("2026-04-08")
        ]
    );
}

#[test]
fn a_done_column_of_dates_is_the_end_and_a_suffixless_twin_of_an_en_page_is_vietnamese() {
    let x = site(&[
        // Vietnamese typed without diacritics, beside an `.en.md` twin: Vietnamese.
        (
            "1.1-Week1/_index.md".into(),
            page(1, "2026-03-16", "| Thu | Cong viec | Bat dau | Xong |\n|---|---|---|---|\n| Thu 2 | Tao tai khoan | 16/03/2026 | 16/03/2026 |\n"),
        ),
        (
            "1.1-Week1/_index.en.md".into(),
            page(1, "2026-03-16", "| 📅 Day | 📝 Task | 🚀 Start | ✅ Done |\n|---|---|---|---|\n| Mon | Create the account | 16/03/2026 | 16/03/2026 |\n"),
        ),
    ]);
    let en = rows_of(&x, "1.1-Week1/_index.en.md");
    assert_eq!(
        (en[0].start_date, en[0].end_date),
        (d("2026-03-16"), d("2026-03-16"))
    );
    let vi = rows_of(&x, "1.1-Week1/_index.md");
    assert_eq!(vi[0].lang, Lang::Vi);
    assert_eq!(en[0].lang, Lang::En);
    // One language counted: the tie goes to the site's default (its suffix-less files, Vietnamese).
    assert!(vi[0].is_primary && !en[0].is_primary);
    assert_eq!(vi[0].twin_key, en[0].twin_key);
}
