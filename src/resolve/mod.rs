//! Site-level decisions, pure: structs in, decisions out (no Arrow, no I/O).
//!
//! One site (one intern: all weeks, both languages) is resolved at a time:
//! - [`dates`]: per page, the day/month order, the year of dates written without
//!   one and the Day column's digit convention, each with the evidence that decided it;
//! - [`weeks`]: the week a page covers, for rows without a day of their own;
//! - [`twins`]: the en/vi pages of one week paired row by row, one marked primary;
//! - [`checks`]: cross-page checks on the resolved dates (twins, outliers, week order).

pub mod checks;
pub mod dates;
pub mod twins;
pub mod weeks;

use chrono::NaiveDate;

use crate::normalize::dates::RawDate;
use crate::normalize::days::DayCell;
use crate::page::Lang;

/// One row's scanned cells.
#[derive(Debug, Clone, Copy)]
pub struct RowIn {
    pub line: u32,
    pub start: Option<RawDate>,
    pub end: Option<RawDate>,
    pub day: DayCell,
}

/// One page's evidence, as the page wrote it.
#[derive(Debug, Clone)]
pub struct PageIn {
    pub week: Option<u32>,
    pub lang: Lang,
    /// The front-matter date (weak: often a stale template value).
    pub front_date: Option<RawDate>,
    /// Dates written in headings (`Week 3 (23/03/2026 - 27/03/2026)`).
    pub heading_dates: Vec<RawDate>,
    /// When the page was written, where the input knows it (a commit time).
    pub written: Option<NaiveDate>,
    /// The week's range as a list page writes it (heading or summary table).
    pub range: Option<(RawDate, RawDate)>,
    /// The weeks an overview table on the page lists: (week, line, range start, range end).
    pub calendar: Vec<(u32, u32, RawDate, RawDate)>,
    /// A section page's stated span (line, first date, last date): maybe the
    /// internship's, so week 1 begins on its first day.
    pub span: Option<(u32, RawDate, RawDate)>,
    /// The page's folder (`site/content/1-Worklog`): a section page's span dates
    /// only the pages under its own folder.
    pub dir: String,
    pub rows: Vec<RowIn>,
}

/// One weekly page's task rows with their resolved dates: what the twin rows
/// and the cross-page checks read, built once per site.
#[derive(Debug, Clone)]
pub struct DatedPage {
    pub path: String,
    pub rows: Vec<DatedRow>,
}

/// One task row's resolved dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedRow {
    pub line: u32,
    pub row_number: u32,
    /// The row's own start date (not a week's range, not its twin's).
    pub start: Option<NaiveDate>,
    pub weekday: Option<u8>,
    /// The Day cell or day heading as written.
    pub day: String,
    /// A list task without a day date of its own; `window` is its week's range if known.
    pub undated: bool,
    pub window: Option<(NaiveDate, NaiveDate)>,
}

/// Anchor of a site's calendar: where its week 1 begins, so week N ≈ anchor + 7(N-1).
pub fn expected_date(anchor: NaiveDate, week: u32) -> NaiveDate {
    anchor + chrono::Duration::days(7 * (i64::from(week) - 1))
}

/// The middle element of a list of dates (the lower one of two middles).
pub fn median(mut dates: Vec<NaiveDate>) -> Option<NaiveDate> {
    dates.sort_unstable();
    dates.get(dates.len().saturating_sub(1) / 2).copied()
}
