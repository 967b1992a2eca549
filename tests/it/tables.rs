//! Tables that are not plain Markdown tasks tables: overview tables (the site's
//! calendar), continuation rows, tasks tables without a Day or date column, HTML
//! tables, data tables, rows broken across lines and id columns. Pages here are
//! hand-written in the styles of the real sites; the corpus tests read ../shared.

use worklog_analyze::model::{DatePrecision, Extraction, Layout, Task, WeekRangeSource};

use crate::common::*;

/// (line, code, message) of a file's diagnostics with `code`.
fn diags<'a>(x: &'a Extraction, file: &str, code: &str) -> Vec<(u32, &'a str)> {
    x.diagnostics
        .iter()
        .filter(|d| d.source_path.ends_with(file) && d.code.as_str() == code)
        .map(|d| (d.line.unwrap_or(0), d.message.as_str()))
        .collect()
}

fn page_of<'a>(x: &'a Extraction, file: &str) -> &'a worklog_analyze::model::Page {
    x.pages
        .iter()
        .find(|p| p.source_path.ends_with(file))
        .unwrap_or_else(|| panic!("no page {file}"))
}

const SECTION_EN: &str = "---\ntitle: \"Worklog\"\nweight: 1\n---\n\nMy internship, week by week.\n\n| Week | Period | Main focus |\n| --- | --- | --- |\n| [Week 1](1.1-Week1/) | Mar 02 - Mar 06 | Onboarding and the AWS account |\n| [Week 2](1.2-Week2/) | Mar 09 - Mar 13 | VPC and EC2 |\n| [Week 3](1.3-Week3/) | Mar 16 - Mar 20 | Storage |\n";

const SECTION_VI: &str = "---\ntitle: \"Nhật ký công việc\"\n---\n\n| Tuần | Công việc | Thời gian |\n|---|---|---|\n| [Tuần 1](1.1-Week1/) | Làm quen với FCJ và tạo tài khoản AWS | 02–06/03 |\n| [Tuần 2](1.2-Week2/) | Học VPC và EC2 | 09–13/03 |\n| [Tuần 3](1.3-Week3/) | Học S3 | 16–20/03/2026 |\n";

fn week_page(week: u32, body: &str) -> String {
    format!("---\ntitle: \"Week {week} Worklog\"\n---\n\n### Week {week} Objectives:\n\n- Learn\n\n{body}")
}

#[test]
fn overview_tables_give_no_tasks_and_date_the_weeks() {
    let w1 = week_page(
        1,
        "| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| 2 | Create the AWS account | 02/03/2026 | 02/03/2026 |\n| 3 | Set up IAM users | 03/03/2026 | 03/03/2026 |\n",
    );
    // Week 2 writes its work as a table with no Day or date column.
    let w2 = week_page(
        2,
        "| # | Task | Status |\n|---|---|---|\n| 1 | Built a VPC with two subnets | Done |\n| 2 | Launched an EC2 instance | Done |\n",
    );
    // Week 3's rows sit a month away from what the calendar says.
    let w3 = week_page(
        3,
        "| Day | Task | Date |\n|---|---|---|\n| Mon | Learned S3 | 13/04/2026 |\n| Tue | Versioning | 14/04/2026 |\n",
    );
    let x = extract_site(
        "intern-o",
        &[
            ("_index.md", SECTION_EN),
            ("_index.vi.md", SECTION_VI),
            ("1.1-Week1/_index.md", w1.as_str()),
            ("1.2-Week2/_index.md", w2.as_str()),
            ("1.3-Week3/_index.md", w3.as_str()),
        ],
    );
    // No section-page row is a task, and nothing goes to week 0.
    assert!(x.tasks.iter().all(|t| t.week > 0), "{:#?}", x.tasks);
    assert!(x.pages.iter().all(|p| p.week > 0));
    for (file, n) in [("1-Worklog/_index.md", 3), ("1-Worklog/_index.vi.md", 3)] {
        let o = diags(&x, file, "overview_row");
        assert_eq!(o.len(), n, "{file}: {o:#?}");
        assert!(rows(&x, file).is_empty());
    }
    assert_eq!(
        diags(&x, "1-Worklog/_index.md", "overview_row")[1],
        (
            11,
            "row of an overview table (week 2, Mar 09 - Mar 13): the site's calendar, not a task"
        )
    );
    assert_eq!(x.overview_rows, 6);
    // Week ranges: the calendar states them; the rows agree or are flagged.
    let p1 = page_of(&x, "1.1-Week1/_index.md");
    assert_eq!(
        (p1.week_start, p1.week_end, p1.week_range_source),
        (
            d("2026-03-02"),
            d("2026-03-06"),
            Some(WeekRangeSource::Calendar)
        )
    );
    assert!(diags(&x, "1.1-Week1/_index.md", "calendar_mismatch").is_empty());
    // The undated tasks table takes the calendar's range.
    let r2 = rows(&x, "1.2-Week2/_index.md");
    assert_eq!(r2.len(), 2);
    for t in &r2 {
        assert_eq!(
            (
                t.start_date,
                t.end_date,
                t.date_precision.map(DatePrecision::as_str)
            ),
            (d("2026-03-09"), d("2026-03-13"), Some("week"))
        );
    }
    assert_eq!(r2[0].title, "Built a VPC with two subnets");
    assert_eq!(r2[0].notes, "Status: Done");
    let u = diags(&x, "1.2-Week2/_index.md", "undated_table");
    assert_eq!(u.len(), 1, "{u:#?}");
    assert!(
        u[0].1
            .contains("2026-03-09 – 2026-03-13 (from the site's overview table"),
        "{u:#?}"
    );
    let m = diags(&x, "1.3-Week3/_index.md", "calendar_mismatch");
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].1.contains("1-Worklog/_index.md:12") && m[0].1.contains("2026-03-16 – 2026-03-20"),
        "{m:#?}"
    );
    // The rows keep their own dates.
    assert_eq!(
        rows(&x, "1.3-Week3/_index.md")[0].start_date,
        d("2026-04-13")
    );
}

#[test]
fn without_a_calendar_the_rows_give_the_range() {
    let w1 = week_page(
        1,
        "| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| 2 | a | 02/03/2026 | 02/03/2026 |\n| 4 | b | 04/03/2026 | 05/03/2026 |\n",
    );
    let x = extract_site("intern-r", &[("1.1-Week1/_index.md", w1.as_str())]);
    let p = page_of(&x, "1.1-Week1/_index.md");
    assert_eq!(
        (p.week_start, p.week_end, p.week_range_source),
        (
            d("2026-03-02"),
            d("2026-03-05"),
            Some(WeekRangeSource::Rows)
        )
    );
}

#[test]
fn a_weekly_page_listing_one_week_per_row_is_not_an_overview() {
    // One row for the whole week: that week's tasks, not the site's calendar.
    let w5 = week_page(
        5,
        "| Week | Date Range | Task | Completion Status |\n|---|---|---|---|\n| 5 | 06/04/2026 - 12/04/2026 | Built the data lake | Done |\n",
    );
    let x = extract_site("intern-w", &[("1.5-Week5/_index.md", w5.as_str())]);
    let r = rows(&x, "1.5-Week5/_index.md");
    assert_eq!(r.len(), 1);
    assert_eq!(
        (r[0].start_date, r[0].end_date),
        (d("2026-04-06"), d("2026-04-12"))
    );
    assert!(diags(&x, "1.5-Week5/_index.md", "overview_row").is_empty());
}

#[test]
fn continuation_rows_take_the_day_and_dates_above() {
    let w = week_page(
        4,
        "| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| Mon | Read about RDS | 23/03/2026 | 23/03/2026 |\n|  | Created a DB subnet group |  |  |\n| Tue | Launched an RDS instance | 24/03/2026 | 24/03/2026 |\n",
    );
    let x = extract_site("intern-c", &[("1.4-Week4/_index.md", w.as_str())]);
    let r = rows(&x, "1.4-Week4/_index.md");
    assert_eq!(r.len(), 3);
    assert_eq!(
        (
            r[1].day.as_str(),
            r[1].weekday,
            r[1].start_date,
            r[1].end_date
        ),
        ("Mon", Some(1), d("2026-03-23"), d("2026-03-23"))
    );
    assert_eq!(
        diags(&x, "1.4-Week4/_index.md", "continued_row"),
        [(
            12,
            "row 2 has no day or date: it continues row 1 above and takes its day \"Mon\" and dates \"23/03/2026 – 23/03/2026\""
        )]
    );
    assert!(diags(&x, "1.4-Week4/_index.md", "missing_date").is_empty());
}

#[test]
fn html_tables_are_read_like_markdown_tables() {
    let w = week_page(
        6,
        "### Tasks to be carried out this week:\n<table class=\"worklog\">\n<colgroup>\n  <col class=\"c-day\" style=\"width:5%\">\n  <col class=\"c-task\">\n</colgroup>\n  <thead>\n    <tr>\n      <th>Day</th>\n      <th>Task</th>\n      <th>Start Date</th>\n      <th>Completion Date</th>\n      <th>Reference Material</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <td class=\"c-day\">2</td>\n      <td class=\"c-task\">- Learn Amazon DynamoDB &amp; its keys <br> - Create a table</td>\n      <td class=\"c-date\">03/30/2026</td>\n      <td class=\"c-date\">03/30/2026</td>\n      <td><a href=\"https://000060.awsstudygroup.com/\">Lab 60</a></td>\n    </tr>\n    <tr>\n      <td class=\"c-day\">3</td>\n      <td class=\"c-task\">Query with PartiQL</td>\n      <td class=\"c-date\">03/31/2026</td>\n      <td class=\"c-date\">04/01/2026</td>\n      <td>https://000060.awsstudygroup.com</td>\n    </tr>\n  </tbody>\n</table>\n",
    );
    let x = extract_site("intern-h", &[("1.6-Week6/_index.md", w.as_str())]);
    let r = rows(&x, "1.6-Week6/_index.md");
    assert_eq!(r.len(), 2, "{:#?}", x.diagnostics);
    assert_eq!(r[0].title, "Learn Amazon DynamoDB & its keys");
    assert_eq!(r[0].details, "Create a table");
    assert_eq!(
        (r[0].day.as_str(), r[0].start_date, r[1].end_date),
        ("2", d("2026-03-30"), d("2026-04-01"))
    );
    assert_eq!(r[0].reference_urls, "https://000060.awsstudygroup.com/");
    // Each row's line is its `<tr>`'s.
    assert_eq!((r[0].source_line, r[1].source_line), (25, 32));
    assert_eq!(labs_of(&x, &r[0].task_id), [60]);
    assert_eq!(page_of(&x, "1.6-Week6/_index.md").layout, Layout::Table);
}

#[test]
fn an_html_table_in_a_code_block_is_not_read() {
    let w = week_page(
        6,
        "```html\n<table>\n<tr><th>Day</th><th>Task</th><th>Date</th></tr>\n<tr><td>2</td><td>x</td><td>30/03/2026</td></tr>\n</table>\n```\n",
    );
    let x = extract_site("intern-hc", &[("1.6-Week6/_index.md", w.as_str())]);
    assert!(rows(&x, "1.6-Week6/_index.md").is_empty());
}

#[test]
fn rows_broken_across_lines_are_joined() {
    let w = week_page(
        7,
        "| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| Mon | Built a Glue crawler\nover the raw bucket | 06/04/2026 | 06/04/2026 |\n| Tue | Queried with Athena | 07/04/2026 | 07/04/2026 |\n",
    );
    let x = extract_site("intern-j", &[("1.7-Week7/_index.md", w.as_str())]);
    let r = rows(&x, "1.7-Week7/_index.md");
    assert_eq!(r.len(), 2, "{:#?}", x.tasks);
    assert_eq!(r[0].title, "Built a Glue crawler");
    assert_eq!(r[0].details, "over the raw bucket");
    assert_eq!((r[0].start_date, r[0].source_line), (d("2026-04-06"), 11));
    assert_eq!(
        diags(&x, "1.7-Week7/_index.md", "joined_row"),
        [(
            12,
            "this line continues the row at line 11 (a line break inside a cell); joined into one row"
        )]
    );
    assert!(diags(&x, "1.7-Week7/_index.md", "cell_count").is_empty());
    assert_eq!(x.table_rows, 3);
}

#[test]
fn a_last_cell_left_open_takes_the_next_line() {
    let w = week_page(
        7,
        "| Day | Task | Date | Reference |\n|---|---|---|---|\n| 2 | Built a Glue crawler | 06/04/2026 | https://000035.awsstudygroup.com/\n<br>https://000040.awsstudygroup.com/\n<br>https://000041.awsstudygroup.com/\n| 3 | Queried with Athena | 07/04/2026 | https://000040.awsstudygroup.com/ |\n",
    );
    let x = extract_site("intern-j2", &[("1.7-Week7/_index.md", w.as_str())]);
    let r = rows(&x, "1.7-Week7/_index.md");
    assert_eq!(r.len(), 2, "{:#?}", x.tasks);
    assert_eq!(
        r[0].reference_urls,
        "https://000035.awsstudygroup.com/\nhttps://000040.awsstudygroup.com/\nhttps://000041.awsstudygroup.com/"
    );
    assert_eq!(
        (r[1].title.as_str(), r[1].source_line),
        ("Queried with Athena", 14)
    );
    assert_eq!(
        diags(&x, "1.7-Week7/_index.md", "joined_row"),
        [
            (12, "this line continues the row at line 11 (a line break inside a cell); joined into one row"),
            (13, "this line continues the row at line 11 (a line break inside a cell); joined into one row"),
        ]
    );
}

#[test]
fn an_id_column_is_not_the_task_and_a_second_delimiter_is_no_row() {
    let w = week_page(
        3,
        "| Task ID | Day | Description | Date |\n|---|---|---|---|\n|---|---|---|---|\n| T3.1 | Mon | Configured the CloudWatch agent | 16/03/2026 |\n| T3.2 | Tue | Built a dashboard with two widgets | 17/03/2026 |\n",
    );
    let x = extract_site("intern-i", &[("1.3-Week3/_index.md", w.as_str())]);
    let r = rows(&x, "1.3-Week3/_index.md");
    assert_eq!(r.len(), 2, "{:#?}", x.tasks);
    assert_eq!(
        (r[0].day.as_str(), r[0].title.as_str(), r[0].start_date),
        ("Mon", "Configured the CloudWatch agent", d("2026-03-16"))
    );
    assert_eq!(r[0].notes, "Task ID: T3.1");
    assert_eq!(diags(&x, "1.3-Week3/_index.md", "empty_row").len(), 1);
}

#[test]
fn data_tables_of_measurements_give_no_tasks() {
    let w = week_page(
        8,
        "| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n| Mon | Ran the load test | 04/05/2026 | 04/05/2026 |\n\n#### Results\n\n| Date | Run | Requests | Error Rate | p95 latency |\n| :--- | :--- | :--- | :--- | :--- |\n| 04/05/2026 | **Local** | 18,302 | 0.00% | 73.1 ms |\n| 05/05/2026 | **Cloud** | 3,920 | 0.02% | 19.03 s |\n",
    );
    let x = extract_site("intern-d", &[("1.8-Week8/_index.md", w.as_str())]);
    let r = rows(&x, "1.8-Week8/_index.md");
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].title, "Ran the load test");
    let d = diags(&x, "1.8-Week8/_index.md", "data_table");
    assert_eq!(d.len(), 1, "{:#?}", x.diagnostics);
    assert_eq!(d[0].0, 15);
    assert!(
        d[0].1.starts_with("table with header \"Date | Run | Requests | Error Rate | p95 latency\" holds results (")
            && d[0].1.ends_with("columns of measurements), not tasks; its 2 rows (lines 17–18) were not read as tasks"),
        "{d:#?}"
    );
    assert_eq!(x.data_table_rows, 2);
    let s = worklog_analyze::extract::summary::summarize(&x);
    assert_eq!(s.unaccounted(), 0);
}

#[test]
fn a_table_of_another_period_is_data_not_the_weeks_work() {
    let w = week_page(
        9,
        "| Day | Task | Date |\n|---|---|---|\n| Mon | Split the sales data set | 04/05/2026 |\n| Tue | Trained the first model | 05/05/2026 |\n\n#### Data split\n\n| Split | Period | Rows |\n|---|---|---|\n| Train | 01/01/2019 – 31/12/2022 | 120,000 |\n| Validation | 01/01/2023 – 30/06/2023 | 15,000 |\n| Test | 01/07/2023 – 31/12/2023 | 15,000 |\n",
    );
    // The weeks around it place week 9 in May 2026.
    let w8 = week_page(
        8,
        "| Day | Task | Date |\n|---|---|---|\n| Mon | Cleaned the data | 27/04/2026 |\n",
    );
    let w10 = week_page(
        10,
        "| Day | Task | Date |\n|---|---|---|\n| Mon | Tuned the model | 11/05/2026 |\n",
    );
    let x = extract_site(
        "intern-s",
        &[
            ("1.8-Week8/_index.md", w8.as_str()),
            ("1.9-Week9/_index.md", w.as_str()),
            ("1.10-Week10/_index.md", w10.as_str()),
        ],
    );
    let r = rows(&x, "1.9-Week9/_index.md");
    assert_eq!(r.len(), 2, "{r:#?}");
    assert!(r.iter().all(|t| t.start_date >= d("2026-05-04")));
    let dt = diags(&x, "1.9-Week9/_index.md", "data_table");
    assert_eq!(dt.len(), 1, "{:#?}", x.diagnostics);
    assert_eq!(dt[0].0, 18);
    assert!(
        dt[0].1.starts_with(
            "this table's dates (2019-01-01 – 2023-07-01) lie more than 8 weeks from the week"
        ) && dt[0]
            .1
            .ends_with("its 3 rows (lines 18–20) were not read as tasks"),
        "{dt:#?}"
    );
    assert!(diags(&x, "1.9-Week9/_index.md", "long_task").is_empty());
    assert_eq!(x.data_table_rows, 3);
    let s = worklog_analyze::extract::summary::summarize(&x);
    assert_eq!(s.unaccounted(), 0);
}

/// ../shared/corpus-2026 (its README catalogues 12 overview tables of 108 rows
/// on section pages, and 24 HTML tasks tables of 174 `<tr>` rows).
#[test]
fn corpus_2026_overview_and_html_tables() {
    let Some(root) = shared("corpus-2026") else {
        return;
    };
    let x = extract_paths(std::slice::from_ref(&root));
    // No section page's row is a task, and no page goes to week 0.
    assert!(x.pages.iter().all(|p| p.week > 0));
    assert!(x.tasks.iter().all(|t| t.week > 0));
    assert_eq!(x.overview_rows, 108);
    let html: Vec<&Task> = x
        .tasks
        .iter()
        .filter(|t| t.source_path.starts_with("NGKiet14042004__"))
        .collect();
    assert_eq!(html.len(), 174);
    assert!(html
        .iter()
        .all(|t| t.start_date.is_some() && !t.title.is_empty()));
    // The toniminhkhoi work tables (no Day or date column) are the weeks' tasks.
    let work: Vec<&Task> = x
        .tasks
        .iter()
        .filter(|t| t.source_path.starts_with("toniminhkhoi__") && t.layout == Layout::Table)
        .collect();
    assert!(work.len() >= 80, "{}", work.len());
    assert!(work
        .iter()
        .all(|t| t.date_precision == Some(DatePrecision::Week)));
    // Every weekly page of a site with an overview table has a week range: the
    // one it writes itself (these sites all write one, which wins), else the
    // calendar's.
    let overview_sites = [
        "Funacius__",
        "Songmiluuu__",
        "Tritapcode-K23-BKU__",
        "toniminhkhoi__",
    ];
    let ranged: Vec<_> = x
        .pages
        .iter()
        .filter(|p| overview_sites.iter().any(|s| p.source_path.starts_with(s)))
        .map(|p| (p.source_path.as_str(), p.week_range_source))
        .collect();
    assert!(ranged.len() >= 70, "{}", ranged.len());
    assert!(
        ranged
            .iter()
            .all(|(_, s)| matches!(s, Some(WeekRangeSource::Page | WeekRangeSource::Calendar))),
        "{ranged:?}"
    );
    let s = worklog_analyze::extract::summary::summarize(&x);
    assert_eq!((s.unaccounted(), s.unexplained()), (0, 0), "{s}");
    // The line scan also counts the `|` lines of a fenced code block, which are
    // no table (the catalogue names this page's).
    let lost: Vec<String> = crate::consistency::unaccounted_pages(&x, &root)
        .into_iter()
        .filter(|l| {
            !l.starts_with("phamquan1301__AWS_Intern-Report/content/1-Introduce/1.10-week10/")
        })
        .collect();
    assert!(lost.is_empty(), "{lost:#?}");
}

const DAY_ONLY: &str = "---\ntitle: \"Week 3 Worklog\"\n---\n\n**Duration:** 11/05/2026 - 17/05/2026\n\n| Day | Task | Duration | Status |\n| --- | --- | --- | --- |\n| Monday | Read about Route 53 | 3h | Done |\n| Tuesday | Hosted zone for the lab domain | 4h | Done |\n| Thu - Fri | Health checks and failover | 6h | Done |\n| Weekend | Notes for the mentor | 1h | Done |\n";

#[test]
fn a_day_column_without_dates_places_each_row_on_its_weekday_in_the_week() {
    let x = extract_site("day-only", &[("1.3-Week3/_index.md", DAY_ONLY)]);
    let r = rows(&x, "1.3-Week3/_index.md");
    let got: Vec<_> = r
        .iter()
        .map(|t| {
            (
                t.day.as_str(),
                t.start_date,
                t.end_date,
                t.date_precision.map(DatePrecision::as_str),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Monday", d("2026-05-11"), d("2026-05-11"), Some("day")),
            ("Tuesday", d("2026-05-12"), d("2026-05-12"), Some("day")),
            // A Day cell naming several weekdays spans them.
            ("Thu - Fri", d("2026-05-14"), d("2026-05-15"), Some("day")),
            // `Weekend` names no one weekday: the week's range.
            ("Weekend", d("2026-05-11"), d("2026-05-17"), Some("week")),
        ]
    );
    let notes = diags(&x, "1.3-Week3/_index.md", "day_in_week");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].1.contains("3 rows take the date of their weekday in the week's range 2026-05-11 – 2026-05-17 (written on the page")
            && notes[0].1.contains("1 whose Day cell names no weekday take the whole range"),
        "{}",
        notes[0].1
    );
    // Without any range known, the rows stay undated.
    let bare = DAY_ONLY.replace("**Duration:** 11/05/2026 - 17/05/2026\n", "");
    let x = extract_site("day-only", &[("1.3-Week3/_index.md", bare)]);
    assert!(rows(&x, "1.3-Week3/_index.md")
        .iter()
        .all(|t| t.start_date.is_none() && t.date_precision.is_none()));
}

const SPAN_SECTION: &str = "---\ntitle: \"Worklog\"\ndate: 2026-03-01\n---\n\nThis log follows my internship at the lab, from **March 2, 2026 to May 29, 2026**, one page a week.\n";

fn span_week(week: u32) -> String {
    // Every week repeats the template's date: no calendar of its own.
    format!("---\ntitle: \"Week {week}\"\ndate: 2026-03-01\n---\n\n| Day | Task | Status |\n| --- | --- | --- |\n| Monday | Task one of week {week} | Done |\n| Wednesday | Task two of week {week} | Done |\n")
}

#[test]
fn a_section_page_s_internship_span_dates_its_weeks() {
    let (w1, w3) = (span_week(1), span_week(3));
    let x = extract_site(
        "span-site",
        &[
            ("_index.md", SPAN_SECTION),
            ("1.1-Week1/_index.md", w1.as_str()),
            ("1.3-Week3/_index.md", w3.as_str()),
        ],
    );
    let p = page_of(&x, "1.3-Week3/_index.md");
    assert_eq!(
        (p.week_start, p.week_end, p.week_range_source),
        (
            d("2026-03-16"),
            d("2026-03-22"),
            Some(WeekRangeSource::SectionSpan)
        )
    );
    let got: Vec<_> = rows(&x, "1.3-Week3/_index.md")
        .iter()
        .map(|t| (t.start_date, t.date_precision.map(DatePrecision::as_str)))
        .collect();
    assert_eq!(
        got,
        [
            (d("2026-03-16"), Some("day")),
            (d("2026-03-18"), Some("day"))
        ]
    );
    assert_eq!(
        rows(&x, "1.1-Week1/_index.md")[1].start_date,
        d("2026-03-04")
    );
    // A span the site's dated rows disagree with is not its calendar: a week
    // with rows dated in September leaves the span unused.
    let dated = "---\ntitle: \"Week 2\"\n---\n\n| Day | Task | Date |\n| --- | --- | --- |\n| Monday | Dated task | 14/09/2026 |\n| Tuesday | Dated task two | 15/09/2026 |\n";
    let x = extract_site(
        "span-site",
        &[
            ("_index.md", SPAN_SECTION),
            ("1.1-Week1/_index.md", w1.as_str()),
            ("1.2-Week2/_index.md", dated),
            ("1.3-Week3/_index.md", w3.as_str()),
        ],
    );
    assert_ne!(
        page_of(&x, "1.3-Week3/_index.md").week_range_source,
        Some(WeekRangeSource::SectionSpan)
    );
    // A span of a few days (a workshop's dates) is not the internship's.
    let short = SPAN_SECTION.replace("May 29, 2026", "March 6, 2026");
    let x = extract_site(
        "span-site",
        &[
            ("_index.md", short.as_str()),
            ("1.1-Week1/_index.md", w1.as_str()),
            ("1.3-Week3/_index.md", w3.as_str()),
        ],
    );
    assert_eq!(page_of(&x, "1.3-Week3/_index.md").week_range_source, None);
    // A span dates the pages under its section page's folder only.
    let x = extract_site(
        "span-site",
        &[
            ("other/_index.md", SPAN_SECTION),
            ("1.1-Week1/_index.md", w1.as_str()),
            ("1.3-Week3/_index.md", w3.as_str()),
        ],
    );
    assert_eq!(page_of(&x, "1.3-Week3/_index.md").week_range_source, None);
}

#[test]
fn a_page_s_own_range_off_the_overview_table_is_flagged() {
    let table = "| Day | Task |\n|---|---|\n| Monday | Read the VPC guide |\n";
    // Week 1 agrees with the calendar (Mar 02 - Mar 06); week 2 writes a range two weeks later.
    let w1 = week_page(
        1,
        &format!("**Duration:** 02/03/2026 - 06/03/2026\n\n{table}"),
    );
    let w2 = week_page(
        2,
        &format!("**Duration:** 23/03/2026 - 27/03/2026\n\n{table}"),
    );
    let x = extract_site(
        "intern-m",
        &[
            ("_index.md", SECTION_EN),
            ("1.1-Week1/_index.md", w1.as_str()),
            ("1.2-Week2/_index.md", w2.as_str()),
        ],
    );
    assert!(diags(&x, "1.1-Week1/_index.md", "calendar_mismatch").is_empty());
    let m = diags(&x, "1.2-Week2/_index.md", "calendar_mismatch");
    assert_eq!(m.len(), 1, "{m:#?}");
    assert_eq!(m[0].0, 9, "{m:#?}");
    assert!(
        m[0].1
            .contains("writes its week as 2026-03-23 – 2026-03-27")
            && m[0].1.contains("1-Worklog/_index.md:11")
            && m[0].1.contains("2026-03-09 – 2026-03-13"),
        "{m:#?}"
    );
    // The page's own range is kept, and dates its Monday row.
    let p = page_of(&x, "1.2-Week2/_index.md");
    assert_eq!(
        (p.week_start, p.week_range_source),
        (d("2026-03-23"), Some(WeekRangeSource::Page))
    );
    assert_eq!(
        rows(&x, "1.2-Week2/_index.md")[0].start_date,
        d("2026-03-23")
    );
}
