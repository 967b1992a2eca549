//! Overview tables: a table of the whole internship, one row per week (`Week |
//! Period | Main focus`), usually on the worklog's section page. Its rows are the
//! site's calendar, not work: they give no tasks.
//!
//! Decided from what the cells hold: one column whose cells each name a week
//! number, several different weeks, on a page that names no week of its own (or
//! naming at least [`MIN_WEEKS_ON_WEEKLY_PAGE`] weeks, which no weekly page's work does).

use super::markdown::Table;
use super::week_in;
use crate::normalize::{dates, text};

/// One week of an overview table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarWeek {
    pub line: u32,
    pub week: u32,
    /// The cell that writes the week's range (`Jun 05 - Jun 12`), if any.
    pub range: Option<String>,
}

/// A weekly page's own table naming this many weeks is an overview all the same.
const MIN_WEEKS_ON_WEEKLY_PAGE: usize = 3;

/// The week a cell names: `Week 3`, `[Tuần 3](week-03/)`, or a bare `3` under
/// a header that, read with it, names a week (`Week` + `3`).
fn cell_week(header: &str, cell: &str) -> Option<u32> {
    let c = text::one_line(cell);
    let c = c.trim();
    if c.is_empty() {
        return None;
    }
    if let Some(w) = week_in(c) {
        // The cell is the week's name, not a sentence that mentions one.
        return (c.split_whitespace().count() <= 4).then_some(w);
    }
    (c.len() <= 3 && c.bytes().all(|b| b.is_ascii_digit()))
        .then(|| week_in(&format!("{} {c}", text::one_line(header).trim())))
        .flatten()
}

/// The table's weeks, one per row with a week cell, when it is an overview table.
/// `page_week` is the week the page names itself, if any.
pub fn read(table: &Table, page_week: Option<u32>) -> Option<Vec<CalendarWeek>> {
    let width = table.header.len();
    if table.rows.len() < 2 {
        return None;
    }
    // The week column: every filled cell names a week.
    // Cells are read until one names no week (most columns' first one).
    let col = (0..width).find(|&c| {
        let mut filled = table
            .rows
            .iter()
            .filter_map(|r| r.cells.get(c))
            .map(|x| x.text.as_str())
            .filter(|t| !text::is_blank(t));
        let mut n = 0usize;
        filled.all(|t| {
            n += 1;
            cell_week(&table.header[c].text, t).is_some()
        }) && n >= 2
    })?;
    let header = &table.header[col].text;
    let mut weeks: Vec<CalendarWeek> = Vec::new();
    for r in &table.rows {
        let Some(week) = r.cells.get(col).and_then(|c| cell_week(header, &c.text)) else {
            continue;
        };
        // The range: the first other cell that writes two dates.
        let range = r
            .cells
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != col)
            .map(|(_, c)| text::one_line(&c.text))
            .find(|t| {
                t.chars().count() <= 48
                    && matches!(dates::scan_range(t), (dates::Scan::Date(_), Some(_)))
            });
        weeks.push(CalendarWeek {
            line: r.line,
            week,
            range,
        });
    }
    let mut distinct: Vec<u32> = weeks.iter().map(|w| w.week).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let enough = match page_week {
        None => distinct.len() >= 2,
        Some(_) => distinct.len() >= MIN_WEEKS_ON_WEEKLY_PAGE,
    };
    // One row per week: a log of the whole internship's days with a Week
    // column names each week on several rows, and those rows are tasks.
    let one_per_week = distinct.len() * 2 >= weeks.len();
    (enough && one_per_week).then_some(weeks)
}

#[cfg(test)]
mod tests {
    use super::super::markdown;
    use super::*;

    fn table(md: &str) -> Table {
        markdown::parse(md, 1).tables.remove(0)
    }

    #[test]
    fn week_cells_with_links_ranges_or_bare_numbers() {
        let t = table("| Week | Period | Focus |\n|---|---|---|\n| [Week 1](w1/) | Mar 02 - Mar 06 | Setup |\n| [Week 2](w2/) | Mar 09 - Mar 13 | IAM |\n");
        let w = read(&t, None).unwrap();
        assert_eq!(w.len(), 2);
        assert_eq!((w[0].week, w[0].line), (1, 3));
        assert_eq!(w[1].range.as_deref(), Some("Mar 09 - Mar 13"));
        let t = table("| Tuần | Nội dung |\n|---|---|\n| 1 | Làm quen |\n| 2 | Học EC2 |\n");
        assert_eq!(read(&t, None).unwrap()[1].week, 2);
    }

    #[test]
    fn a_weekly_page_table_is_an_overview_only_with_many_weeks() {
        let two = "| Week | Work |\n|---|---|\n| Week 4 | a |\n| Week 5 | b |\n";
        assert!(read(&table(two), Some(5)).is_none());
        assert!(read(&table(two), None).is_some());
        // One week's row: the week's own summary, not a calendar.
        let one = "| Week | Date Range | Task |\n|---|---|---|\n| 5 | 04/05/2026 - 10/05/2026 | a |\n| 5 | 04/05/2026 - 10/05/2026 | b |\n";
        assert!(read(&table(one), None).is_none());
        // A log of days with a Week column: each week on several rows.
        let log = "| Week | Day | Task | Date |\n|---|---|---|---|\n| Week 1 | Mon | a | 02/03/2026 |\n| Week 1 | Tue | b | 03/03/2026 |\n| Week 1 | Wed | c | 04/03/2026 |\n| Week 2 | Mon | d | 09/03/2026 |\n| Week 2 | Tue | e | 10/03/2026 |\n";
        assert!(read(&table(log), None).is_none());
        // A Day column of numbers is no week column.
        let days = "| Day | Task |\n|---|---|\n| 2 | a |\n| 3 | b |\n| 4 | c |\n";
        assert!(read(&table(days), None).is_none());
    }
}
