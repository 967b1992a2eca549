//! Weeks written as reports (numbered or topic sections, checklists), pages
//! wrapped in a code fence, lab lists and a year written once for the page.
//! Pages here are hand-written; the population test reads ../shared.

use worklog_analyze::model::{DatePrecision, Extraction, Layout, Task};

use crate::common::*;

fn titles<'a>(r: &[&'a Task]) -> Vec<&'a str> {
    r.iter().map(|t| t.title.as_str()).collect()
}

fn notes<'a>(x: &'a Extraction, file: &str, code: &str) -> Vec<(Option<u32>, &'a str)> {
    x.diagnostics
        .iter()
        .filter(|d| d.source_path.ends_with(file) && d.code.as_str() == code)
        .map(|d| (d.line, d.message.as_str()))
        .collect()
}

const NUMBERED: &str = "---
title: \"Week 4 - Serverless backend\"
weight: 4
---

**Duration:** 13/07/2026 – 19/07/2026

## Objectives

- Build the first Lambda functions
- Expose them through an HTTP API

## 4.1 Understanding AWS Lambda

Read how Lambda runs code without servers and bills per invocation.

- Cold starts and concurrency
- Execution roles

### Notes on runtimes

Node.js and Python runtimes compared.

## 4.2 Creating the function

1. Open the Lambda console.
2. Create `tts-handler` with Node.js 20.
3. Attach the execution role.

## 4.3 Routing with API Gateway

Created an HTTP API with the routes `GET /` and `POST /tts`, integrated with the function.

## 4.4 Results

- Both routes answer through the API.
";

const NUMBERED_VI: &str = "---
title: \"Tuần 4 - Backend serverless\"
---

**Thời gian thực hiện:** 13/07 – 19/07/2026

## 1. Mục tiêu trong tuần

- Xây dựng Lambda đầu tiên

## 2. Tìm hiểu AWS Lambda

Đọc tài liệu về Lambda và cách tính phí.

## 3. Tạo API với API Gateway

Tạo HTTP API với hai route.

## 4. Kết quả đạt được

- Hai route hoạt động.
";

#[test]
fn numbered_sections_are_the_tasks_less_goals_and_results() {
    let x = extract_site(
        "report-a",
        &[
            ("1.4-Week4/_index.md", NUMBERED),
            ("1.4-Week4/_index.vi.md", NUMBERED_VI),
        ],
    );
    let en = rows(&x, "1.4-Week4/_index.md");
    assert_eq!(
        titles(&en),
        [
            "4.1 Understanding AWS Lambda",
            "4.2 Creating the function",
            "4.3 Routing with API Gateway"
        ]
    );
    // Details: the section's text, sub-headings included; the week's range as dates.
    assert_eq!(
        en[0].details,
        "Read how Lambda runs code without servers and bills per invocation.\nCold starts and concurrency\nExecution roles\nNotes on runtimes\nNode.js and Python runtimes compared."
    );
    for t in &en {
        assert_eq!(t.layout, Layout::List);
        assert_eq!(
            (
                t.start_date,
                t.end_date,
                t.date_precision.map(DatePrecision::as_str)
            ),
            (d("2026-07-13"), d("2026-07-19"), Some("week"))
        );
    }
    let vi = rows(&x, "1.4-Week4/_index.vi.md");
    assert_eq!(
        titles(&vi),
        ["2. Tìm hiểu AWS Lambda", "3. Tạo API với API Gateway"]
    );
    assert_eq!(vi[1].start_date, d("2026-07-13"));
    let n = notes(&x, "1.4-Week4/_index.md", "narrative_page");
    assert_eq!(n.len(), 1, "{n:?}");
    assert_eq!(n[0].0, Some(13));
    assert!(
        n[0].1.contains("3 tasks")
            && n[0].1.contains("one per numbered section")
            && n[0].1.contains("2026-07-13 – 2026-07-19"),
        "{}",
        n[0].1
    );
    assert!(notes(&x, "1.4-Week4/_index.md", "no_tasks_table").is_empty());
}

const TOPICS: &str = "---
title: \"Week 5 (16-22 June 2026) - Enrollment\"
---

# Week 5 - Enrollment

## Enrollment flow

1. Resolve the signed-in user.
2. Require the Student role.

## Validation

- A Student can enroll once.
- Missing authentication returns 401.

## Result

Enrollment is idempotent.

## Technical references

- `backend/app/routes/enrollment.py`
";

const CHECKLIST: &str = "---
title: \"Week 6\"
date: 2026-06-23
---

- [x] Ran Lab 1, 7, 9 again
- [x] Wrote the Docker Compose file
- [ ] Load test
";

const STUB: &str = "---
title: \"Week 7\"
draft: true
---

#### Week 7

Not applicable to the current internship period.
";

#[test]
fn topic_sections_checklists_and_stubs() {
    let x = extract_site(
        "report-b",
        &[
            ("1.5-Week5/_index.md", TOPICS),
            ("1.6-Week6/_index.md", CHECKLIST),
            ("1.7-Week7/_index.md", STUB),
        ],
    );
    // The H1 names the week; results and references are not work.
    let t = rows(&x, "1.5-Week5/_index.md");
    assert_eq!(titles(&t), ["Enrollment flow", "Validation"]);
    assert_eq!(
        t[0].details,
        "Resolve the signed-in user.\nRequire the Student role."
    );
    // The title's range dates the week (its year-less first day takes the year).
    assert_eq!(
        (
            t[1].start_date,
            t[1].end_date,
            t[1].date_precision.map(DatePrecision::as_str)
        ),
        (d("2026-06-16"), d("2026-06-22"), Some("week"))
    );
    let c = rows(&x, "1.6-Week6/_index.md");
    assert_eq!(
        titles(&c),
        ["Ran Lab 1, 7, 9 again", "Wrote the Docker Compose file"]
    );
    assert_eq!(labs_of(&x, &c[0].task_id), [1, 7, 9]);
    // No work written: the stub stays empty and flagged.
    assert!(rows(&x, "1.7-Week7/_index.md").is_empty());
    assert_eq!(notes(&x, "1.7-Week7/_index.md", "no_tasks_table").len(), 1);
}

const FENCED: &str = "```markdown
---
title: \"Week 2 Worklog\"
date: 2026-03-16
---

### Tasks

| Day | Task | Start Date | Completion Date | Reference |
| --- | --- | --- | --- | --- |
| 2 | Create a VPC | 16/03/2026 | 16/03/2026 | |
| 3 | Lab 3: subnets | 17/03/2026 | 17/03/2026 | |
```
";

#[test]
fn a_page_wrapped_in_a_code_fence_is_read_inside_it() {
    let x = extract_site("fenced", &[("1.2-Week2/_index.md", FENCED)]);
    let r = rows(&x, "_index.md");
    assert_eq!(titles(&r), ["Create a VPC", "Lab 3: subnets"]);
    // Lines are the file's lines.
    assert_eq!(
        r.iter().map(|t| t.source_line).collect::<Vec<_>>(),
        [11, 12]
    );
    assert_eq!(r[1].start_date, d("2026-03-17"));
    assert_eq!(x.pages[0].title, "Week 2 Worklog");
    assert_eq!(
        notes(&x, "_index.md", "fenced_page"),
        [(
            Some(1),
            "the whole page is wrapped in a code fence; read the page inside it"
        )]
    );
}

#[test]
fn a_body_wrapped_in_a_code_fence_under_the_front_matter_is_read_too() {
    let page = "---\ntitle: \"Week 3\"\n---\n\n```md\n## Work completed\n- Amazon RDS in a private subnet\n- Lab 5\n```\n";
    let x = extract_site("fenced-body", &[("1.3-Week3/_index.md", page)]);
    let r = rows(&x, "_index.md");
    assert_eq!(titles(&r), ["Amazon RDS in a private subnet", "Lab 5"]);
    assert_eq!(r[0].source_line, 7);
    assert_eq!(labs_of(&x, &r[1].task_id), [5]);
    assert_eq!(
        notes(&x, "_index.md", "fenced_page"),
        [(
            Some(5),
            "the page's body is wrapped in a code fence; read the page inside it"
        )]
    );
}

#[test]
fn a_year_written_once_for_the_page_beats_the_other_weeks() {
    // Week 1 is dated 2025 (a copied page); week 2 writes its year once, in its
    // range, and its rows without one: they are 2026, as the page says.
    let week1 = "---\ntitle: \"Week 1 Worklog\"\n---\n\n| Day | Task | Start Date | Completion Date |\n| --- | --- | --- | --- |\n| 2 | Account | 12/05/2025 | 12/05/2025 |\n| 3 | IAM | 13/05/2025 | 13/05/2025 |\n";
    let week2 = "---\ntitle: \"Week 2 Worklog\"\n---\n\n**Duration:** 18/05/2026 – 24/05/2026\n\n| Day | Task | Start Date | Completion Date |\n| --- | --- | --- | --- |\n| 2 | VPC | 18/05 | 18/05 |\n| 3 | EC2 | 19/05 | 19/05 |\n";
    let x = extract_site(
        "year-once",
        &[
            ("1.1-Week1/_index.md", week1),
            ("1.2-Week2/_index.md", week2),
        ],
    );
    let r = rows(&x, "1.2-Week2/_index.md");
    assert_eq!(
        r.iter().map(|t| t.start_date).collect::<Vec<_>>(),
        [d("2026-05-18"), d("2026-05-19")]
    );
    let y = notes(&x, "1.2-Week2/_index.md", "year_inferred");
    assert_eq!(y.len(), 1);
    assert!(
        y[0].1.contains("the page writes its year once"),
        "{}",
        y[0].1
    );
}

/// Weekly pages of a corpus that give no task, sorted.
fn taskless(name: &str) -> Option<Vec<String>> {
    let root = shared(name)?;
    let x = extract_paths(std::slice::from_ref(&root));
    let mut out: Vec<String> = x
        .pages
        .iter()
        .filter(|p| p.task_count == 0)
        .map(|p| p.source_path.clone())
        .collect();
    out.sort();
    Some(out)
}

/// `site/content/1-Worklog/1.W-WeekW/_index{.md,.vi.md}` for each week.
fn weeks(site: &str, weeks: std::ops::RangeInclusive<u32>, files: &[&str]) -> Vec<String> {
    weeks
        .flat_map(|w| {
            files
                .iter()
                .map(move |f| format!("{site}/content/1-Worklog/1.{w}-Week{w}/{f}"))
        })
        .collect()
}

#[test]
fn weekly_pages_without_tasks_are_only_those_with_no_work_read() {
    // corpus: every weekly page gives tasks.
    if let Some(got) = taskless("corpus") {
        assert_eq!(got, Vec::<String>::new());
    }
    // corpus-wide: one week 12 holds only an objectives and an achievements list.
    if let Some(got) = taskless("corpus-wide") {
        assert_eq!(
            got,
            weeks(
                "Haaju000__Report-OJT",
                12..=12,
                &["_index.md", "_index.vi.md"]
            )
        );
    }
    // corpus-2026 (485 weekly pages; 47 without tasks before narrative pages,
    // HTML tables and tables without a Day or date column were read): only the
    // `draft: true` stubs of ZanhZoker weeks 10-12 ("Not applicable …").
    if let Some(got) = taskless("corpus-2026") {
        let both = ["_index.md", "_index.vi.md"];
        assert_eq!(got, weeks("ZanhZoker__fcaj-report", 10..=12, &both));
    }
}

#[test]
fn a_slipped_date_in_the_week_range_is_read_as_meant_and_flagged() {
    let page = "---\ntitle: \"Week 2\"\n---\n\n**Duration:** 16//03/2026 – 22/03/2026\n\n## Tasks\n- Amazon VPC\n";
    let x = extract_site("slipped", &[("1.2-Week2/_index.md", page)]);
    let r = rows(&x, "_index.md");
    assert_eq!(
        (
            r[0].start_date,
            r[0].end_date,
            r[0].date_precision.map(DatePrecision::as_str)
        ),
        (d("2026-03-16"), d("2026-03-22"), Some("week"))
    );
    let m = notes(&x, "_index.md", "malformed_date");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].0, Some(5));
    assert!(
        m[0].1.contains("\"Duration: 16/03/2026 – 22/03/2026\""),
        "{}",
        m[0].1
    );
}

#[test]
fn a_report_that_writes_no_date_takes_its_week_among_the_dated_weeks() {
    let week1 = "---\ntitle: \"Week 1 Worklog\"\n---\n\n| Day | Task | Start Date | Completion Date |\n| --- | --- | --- | --- |\n| 2 | Account | 09/03/2026 | 09/03/2026 |\n| 3 | IAM | 10/03/2026 | 10/03/2026 |\n";
    let week3 = "---\ntitle: \"Week 3 Worklog\"\n---\n\n| Day | Task | Start Date | Completion Date |\n| --- | --- | --- | --- |\n| 2 | S3 | 23/03/2026 | 23/03/2026 |\n";
    let week2 = "---\ntitle: \"Week 2\"\n---\n\n## 1. Networking\nBuilt a VPC with two subnets.\n\n## 2. Compute\nLaunched EC2 behind an ALB.\n";
    let x = extract_site(
        "calendar",
        &[
            ("1.1-Week1/_index.md", week1),
            ("1.2-Week2/_index.md", week2),
            ("1.3-Week3/_index.md", week3),
        ],
    );
    let r = rows(&x, "1.2-Week2/_index.md");
    assert_eq!(titles(&r), ["1. Networking", "2. Compute"]);
    for t in &r {
        assert_eq!(
            (
                t.start_date,
                t.end_date,
                t.date_precision.map(DatePrecision::as_str)
            ),
            (d("2026-03-16"), d("2026-03-22"), Some("week"))
        );
    }
    let n = notes(&x, "1.2-Week2/_index.md", "narrative_page");
    assert!(
        n[0].1
            .contains("where week 2 falls among the site's dated weeks"),
        "{}",
        n[0].1
    );
}

const TOPICS_WITH_LOOKALIKES: &str = "---
title: \"Week 3 - Storage and messaging\"
---

**Period:** 08/06/2026 - 14/06/2026

## 1. Goals

Learn the storage and messaging services.

## 2. Work carried out

### Archiving logs to Glacier

Moved last month's logs to a Glacier vault with a lifecycle rule.

### Resource tagging for the billing team

Tagged every bucket with its owner and cost centre.

### Reading queue information with SQS

Polled a queue and read its attributes from the CLI.

### Choosing a Savings Plan for the test fleet

Compared a compute plan with on-demand prices.

### Fan-out with SNS

Sent one message to three subscribed queues.

### Results

- Every bucket is tagged.

## 3. Next week

- Start on databases.
";

#[test]
fn a_topic_heading_holding_a_result_or_plan_word_among_topics_is_still_a_task() {
    let x = extract_site(
        "report-c",
        &[("1.3-Week3/_index.md", TOPICS_WITH_LOOKALIKES)],
    );
    // `Resource`, `information` and `Plan` are words of three topics standing
    // between other topics; `### Results` after the last topic ends the work.
    let t = rows(&x, "1.3-Week3/_index.md");
    assert_eq!(
        titles(&t),
        [
            "Archiving logs to Glacier",
            "Resource tagging for the billing team",
            "Reading queue information with SQS",
            "Choosing a Savings Plan for the test fleet",
            "Fan-out with SNS",
        ]
    );
    assert_eq!(
        t[2].details,
        "Polled a queue and read its attributes from the CLI."
    );
}
