//! The page the project was designed from: ../shared/seed-week7-worklog.md.

use chrono::NaiveDate;

use worklog_analyze::model::Lang;

use crate::common::*;

#[test]
fn seed_page_gives_five_tasks_with_days_dates_and_labs() {
    let Some(seed) = shared("seed-week7-worklog.md") else {
        return;
    };
    let x = extract_paths(&[seed]);
    assert_eq!(x.tasks.len(), 5);
    assert_eq!(x.pages.len(), 1);
    assert_eq!(x.pages[0].week, 7);
    assert_eq!(x.pages[0].task_count, 5);
    assert_eq!(x.pages[0].objectives.lines().count(), 4);
    assert_eq!(x.pages[0].achievements.lines().count(), 6);
    for (i, t) in x.tasks.iter().enumerate() {
        let n = i as i32 + 1;
        assert_eq!(t.week, 7);
        assert_eq!(t.row_number, n);
        assert_eq!(t.day, n.to_string());
        assert_eq!(t.weekday, Some(n), "row {n}: 1..5 are Monday..Friday");
        let d = NaiveDate::from_ymd_opt(2025, 9, 29).unwrap() + chrono::Days::new(i as u64);
        assert_eq!(t.start_date, Some(d), "row {n}");
        assert_eq!(t.end_date, Some(d), "row {n}");
        assert_eq!(t.duration_days, Some(1));
        assert_eq!(t.lang, Lang::En);
    }
    assert_eq!(x.tasks[0].title, "Lab 35: DataLake on AWS");
    assert_eq!(x.tasks[1].title, "Lab40:");
    assert_eq!(x.tasks[2].title, "Lab 60: Amazon DynamoDB");
    assert!(x.tasks[0]
        .details
        .starts_with("Introduction to DataLake:\nUnderstood DataLake"));
    let labs_of = |row: usize| -> Vec<i32> {
        x.task_labs
            .iter()
            .filter(|l| l.task_id == x.tasks[row].task_id)
            .map(|l| l.lab)
            .collect()
    };
    assert_eq!(labs_of(0), [35]);
    assert_eq!(labs_of(1), [40]);
    assert_eq!(labs_of(2), [60]);
    assert!(labs_of(3).is_empty());
    assert!(labs_of(4).is_empty());
    assert!(x.task_labs.iter().all(|l| l.source.as_str() == "task"));
    // Lines point at the rows in the file (front matter included).
    assert_eq!(x.tasks[0].source_line, 20);
    assert!(x.diagnostics.is_empty(), "{:?}", x.diagnostics);
    let topics: Vec<&str> = x
        .task_topics
        .iter()
        .filter(|t| t.task_id == x.tasks[0].task_id)
        .map(|t| t.topic.as_str())
        .collect();
    for want in [
        "AWS Glue",
        "Amazon Athena",
        "Amazon QuickSight",
        "Amazon S3",
    ] {
        assert!(topics.contains(&want), "{want} not in {topics:?}");
    }
}
