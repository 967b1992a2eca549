//! Property tests: arbitrary pages never panic, and every generated table row
//! is accounted for as a task or a diagnostic.

use proptest::prelude::*;
use worklog_analyze::diag::Sink;
use worklog_analyze::normalize::{dates, days, labs, text};
use worklog_analyze::page;

fn cell() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9 ]{0,12}",
            Just("<br>".to_string()),
            Just("&emsp; +".to_string()),
            Just("**bold**".to_string()),
            Just("\\|".to_string()),
            Just("[Lab 12](https://000012.awsstudygroup.com/)".to_string()),
            Just("Thứ 2".to_string()),
            "[0-9]{1,2}/[0-9]{1,2}/20[0-9]{2}",
            "\\PC{0,6}",
        ],
        0..5,
    )
    .prop_map(|v| v.concat().replace(['|', '\n', '\r'], " "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
        let mut sink = Sink::new("p.md");
        let text = page::decode(s.as_bytes().to_vec(), &mut sink);
        let _ = page::parse("x/1.3-Week3/_index.md", &text, &mut sink);
        let _ = dates::scan(&s);
        let _ = days::parse_day(&s);
        let _ = labs::find_labs(&s, []);
        let _ = text::title_and_details(&s);
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut sink = Sink::new("p.md");
        let text = page::decode(b, &mut sink);
        let _ = page::parse("p.md", &text, &mut sink);
    }

    #[test]
    fn every_row_is_a_task_or_a_diagnostic(rows in prop::collection::vec(prop::collection::vec(cell(), 1..8), 1..12)) {
        let mut md = String::from("---\ntitle: Week 3\n---\n\n| Day | Task | Start Date | Completion Date | Reference |\n| --- | --- | --- | --- | --- |\n");
        for r in &rows {
            md.push_str(&format!("| {} |\n", r.join(" | ")));
        }
        let mut sink = Sink::new("p.md");
        let p = page::parse("p.md", &md, &mut sink);
        // A table read as another kind (`other_table`, `data_table`: `| 40 | | 40 |`
        // holds measurements) accounts for all its rows at its header line.
        let whole = sink
            .items
            .iter()
            .find(|d| matches!(d.code.as_str(), "other_table" | "data_table"));
        if let Some(d) = whole {
            prop_assert_eq!(d.line, Some(5));
            prop_assert!(p.rows.is_empty());
            return Ok(());
        }
        let skipped = sink
            .items
            .iter()
            .filter(|d| matches!(d.code.as_str(), "empty_row" | "overview_row"))
            .count();
        prop_assert_eq!(p.rows.len() + skipped, rows.len());
        // Rows keep their own line numbers, in order.
        for (i, r) in p.rows.iter().enumerate() {
            prop_assert!(r.line >= 7 && (i == 0 || r.line > p.rows[i - 1].line));
        }
        let miscounted = rows.iter().filter(|r| r.len() != 5).count();
        let cell_count = sink.items.iter().filter(|d| d.code.as_str() == "cell_count").count();
        prop_assert_eq!(cell_count, miscounted);
    }

    #[test]
    fn numeric_dates_resolve_consistently(d in 1u32..=28, m in 1u32..=12, y in 2000i32..2100) {
        let s = format!("{d}/{m}/{y}");
        let dates::Scan::Date(raw) = dates::scan(&s) else { panic!("{s}") };
        let got = raw.resolve(dates::Order::Dmy, None).unwrap();
        prop_assert_eq!(got, chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let iso = format!("{y}-{m:02}-{d:02}");
        let dates::Scan::Date(raw) = dates::scan(&iso) else { panic!("{iso}") };
        prop_assert_eq!(raw.resolve(dates::Order::Mdy, None), Some(got));
    }
}
