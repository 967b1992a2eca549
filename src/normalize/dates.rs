//! Date cells → calendar dates.
//!
//! A cell is first *scanned* into a [`RawDate`] that may still lack a year or a
//! day/month order; the page then decides the order from every date on it
//! ([`infer_order`]) and year-less dates get a year ([`infer_year`]).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::days::DigitConvention;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// day/month/year, the Vietnamese and most common order.
    #[default]
    Dmy,
    /// month/day/year, the FCJ template's own example order.
    Mdy,
}

impl Order {
    pub fn as_str(self) -> &'static str {
        match self {
            Order::Dmy => "dd/mm",
            Order::Mdy => "mm/dd",
        }
    }
}

/// A date as written, before the page-level decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawDate {
    /// `a/b/yyyy`, `a-b-yyyy`, `a.b.yy` or `a/b`: order not yet known.
    Numeric { a: u32, b: u32, year: Option<i32> },
    /// Year-first or month-name dates: day and month are known.
    Fixed {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
}

/// What a date cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    Empty,
    Date(RawDate),
    Unreadable,
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[^\d]|$)").expect("static regex")
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^\d])(\d{1,2})\s?[/.\-]\s?(\d{1,2})(?:\s?[/.\-]\s?(\d{4}|\d{2}))?(?:[^\d]|$)",
    )
    .expect("static regex")
});
const MONTHS: &str = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({MONTHS})[a-z]*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b"
    ))
    .expect("static regex")
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})[a-z]*\.?(?:,?\s+(\d{{4}}))?\b"
    ))
    .expect("static regex")
});
static VI_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:năm|,)?\s*(\d{4}))?")
        .expect("static regex")
});

fn month_index(name: &str) -> u32 {
    let lower = name.to_ascii_lowercase();
    MONTHS
        .split('|')
        .position(|m| lower.starts_with(m))
        .map_or(0, |i| i as u32 + 1)
}

fn year_of(s: Option<regex::Match<'_>>) -> Option<i32> {
    let y: i32 = s?.as_str().parse().ok()?;
    Some(if y < 100 { 2000 + y } else { y })
}

/// Scan a plain-text date cell. The first date in the cell wins.
pub fn scan(cell: &str) -> Scan {
    let cell = cell.trim();
    if !cell.chars().any(|c| c.is_alphanumeric()) {
        return Scan::Empty;
    }
    if let Some(c) = ISO.captures(cell) {
        let num = |i| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        if let (Some(y), Some(m), Some(d)) = (num(1), num(2), num(3)) {
            return Scan::Date(RawDate::Fixed {
                year: Some(y as i32),
                month: m,
                day: d,
            });
        }
    }
    for (re, day_i, month_i) in [(&*MONTH_FIRST, 2, 1), (&*DAY_FIRST, 1, 2)] {
        if let Some(c) = re.captures(cell) {
            let day = c
                .get(day_i)
                .and_then(|m| m.as_str().parse().ok())
                .unwrap_or(0);
            let month = c.get(month_i).map_or(0, |m| month_index(m.as_str()));
            return Scan::Date(RawDate::Fixed {
                year: year_of(c.get(3)),
                month,
                day,
            });
        }
    }
    if let Some(c) = VI_MONTH.captures(cell) {
        let num = |i| {
            c.get(i)
                .and_then(|m| m.as_str().parse::<u32>().ok())
                .unwrap_or(0)
        };
        return Scan::Date(RawDate::Fixed {
            year: year_of(c.get(3)),
            month: num(2),
            day: num(1),
        });
    }
    if let Some(c) = NUMERIC.captures(cell) {
        let num = |i| {
            c.get(i)
                .and_then(|m| m.as_str().parse::<u32>().ok())
                .unwrap_or(0)
        };
        return Scan::Date(RawDate::Numeric {
            a: num(1),
            b: num(2),
            year: year_of(c.get(3)),
        });
    }
    Scan::Unreadable
}

impl RawDate {
    /// The order this date alone proves, if any (a part > 12 can only be a day).
    pub fn vote(&self) -> Option<Order> {
        match *self {
            RawDate::Numeric { a, b, .. } if a > 12 && b <= 12 => Some(Order::Dmy),
            RawDate::Numeric { a, b, .. } if b > 12 && a <= 12 => Some(Order::Mdy),
            _ => None,
        }
    }

    /// True when both orders give different, valid-looking dates.
    pub fn is_ambiguous(&self) -> bool {
        matches!(*self, RawDate::Numeric { a, b, .. } if a != b && (1..=12).contains(&a) && (1..=12).contains(&b))
    }

    pub fn year(&self) -> Option<i32> {
        match *self {
            RawDate::Numeric { year, .. } | RawDate::Fixed { year, .. } => year,
        }
    }

    /// (month, day) under `order`. A date that proves its own order ignores `order`.
    pub fn month_day(&self, order: Order) -> (u32, u32) {
        match *self {
            RawDate::Fixed { month, day, .. } => (month, day),
            RawDate::Numeric { a, b, .. } => match self.vote().unwrap_or(order) {
                Order::Dmy => (b, a),
                Order::Mdy => (a, b),
            },
        }
    }

    /// The calendar date, given the order and a year for year-less dates.
    pub fn resolve(&self, order: Order, fallback_year: Option<i32>) -> Option<NaiveDate> {
        let (m, d) = self.month_day(order);
        NaiveDate::from_ymd_opt(self.year().or(fallback_year)?, m, d)
    }
}

/// One row's dates and the weekday its Day cell names (when it names one).
#[derive(Debug, Clone, Copy, Default)]
pub struct RowDates {
    pub start: Option<RawDate>,
    pub end: Option<RawDate>,
    /// The weekday a named Day cell gives (Monday = 1).
    pub weekday: Option<u8>,
    /// A bare Day digit, whose weekday depends on the page's digit convention.
    pub digit: Option<u8>,
}

/// How the page's order was chosen; the caller turns this into diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// No date on the page needs an order.
    NotNeeded,
    /// Some date has a part > 12.
    Decided,
    /// Dates prove both orders; the majority won.
    Mixed { dmy: usize, mdy: usize },
    /// Chosen by weekday agreement or by consecutive, close dates.
    Inferred(&'static str),
    /// Nothing decided: the default order was used.
    Default,
}

pub fn weekday_of(d: NaiveDate) -> u8 {
    d.weekday().number_from_monday() as u8
}

/// Decide the day/month order of one page from every date on it.
/// `year` stands in for dates written without one (`15/9`) while scoring, so
/// their weekdays and spans count too.
pub fn infer_order(
    rows: &[RowDates],
    hints: &[RawDate],
    default: Order,
    year: Option<i32>,
) -> (Order, How) {
    let all = || {
        rows.iter()
            .flat_map(|r| [r.start, r.end])
            .flatten()
            .chain(hints.iter().copied())
    };
    let dmy = all().filter(|d| d.vote() == Some(Order::Dmy)).count();
    let mdy = all().filter(|d| d.vote() == Some(Order::Mdy)).count();
    match (dmy, mdy) {
        (0, 0) => {}
        (_, 0) => return (Order::Dmy, How::Decided),
        (0, _) => return (Order::Mdy, How::Decided),
        (d, m) => {
            let order = match d.cmp(&m) {
                std::cmp::Ordering::Greater => Order::Dmy,
                std::cmp::Ordering::Less => Order::Mdy,
                std::cmp::Ordering::Equal => default,
            };
            return (order, How::Mixed { dmy: d, mdy: m });
        }
    }
    if !all().any(|d| d.is_ambiguous()) {
        return (default, How::NotNeeded);
    }
    // Score each order: weekdays that agree (more is better), then a page that
    // spans days rather than months, then dates out of row order (fewer is better).
    let score = |order: Order| {
        let mut named = 0usize;
        let mut by_convention = [0usize; 2];
        let mut inversions = 0usize;
        let mut prev: Option<NaiveDate> = None;
        let mut dates = Vec::new();
        for r in rows {
            let start = r.start.and_then(|d| d.resolve(order, year));
            if let Some(s) = start {
                let wd = weekday_of(s);
                named += usize::from(r.weekday == Some(wd));
                if let Some(d) = r.digit {
                    for (i, c) in [DigitConvention::OneIsMonday, DigitConvention::TwoIsMonday]
                        .into_iter()
                        .enumerate()
                    {
                        by_convention[i] += usize::from(c.weekday(d) == Some(wd));
                    }
                }
                if prev.is_some_and(|p| s < p) {
                    inversions += 1;
                }
                prev = Some(s);
            }
            dates.extend(
                [start, r.end.and_then(|d| d.resolve(order, None))]
                    .into_iter()
                    .flatten(),
            );
        }
        let span = match (dates.iter().min(), dates.iter().max()) {
            (Some(a), Some(b)) => (*b - *a).num_days(),
            _ => 0,
        };
        (
            named + by_convention[0].max(by_convention[1]),
            span,
            inversions,
        )
    };
    let (d, m) = (score(Order::Dmy), score(Order::Mdy));
    if d.0 != m.0 {
        let order = if d.0 > m.0 { Order::Dmy } else { Order::Mdy };
        return (order, How::Inferred("the weekdays in the Day column"));
    }
    // A weekly page spans days, not months: only a clear difference counts.
    let (short, long) = (d.1.min(m.1), d.1.max(m.1));
    if short <= 14 && long > 14 {
        let order = if d.1 < m.1 { Order::Dmy } else { Order::Mdy };
        return (order, How::Inferred("consecutive dates within one week"));
    }
    if d.2 != m.2 {
        let order = if d.2 < m.2 { Order::Dmy } else { Order::Mdy };
        return (order, How::Inferred("dates increasing row by row"));
    }
    (default, How::Default)
}

/// Where a year-less date got its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSource {
    Weekday,
    FrontMatter,
    Site,
}

impl YearSource {
    pub fn describe(self) -> &'static str {
        match self {
            YearSource::Weekday => "the weekday in the Day column",
            YearSource::FrontMatter => "the front-matter date",
            YearSource::Site => "the other pages of the site",
        }
    }
}

/// A year for a `(month, day)` without one: the year whose weekday matches the
/// Day column, else the front-matter year, else the site's most common year.
pub fn infer_year(
    month: u32,
    day: u32,
    weekday: Option<u8>,
    front_matter_year: Option<i32>,
    site_year: Option<i32>,
) -> Option<(i32, YearSource)> {
    if let Some(wd) = weekday {
        let mut candidates: Vec<i32> = [front_matter_year, site_year]
            .into_iter()
            .flatten()
            .collect();
        for base in candidates.clone() {
            candidates.extend([base - 1, base + 1]);
        }
        for y in candidates {
            if NaiveDate::from_ymd_opt(y, month, day).is_some_and(|d| weekday_of(d) == wd) {
                return Some((y, YearSource::Weekday));
            }
        }
    }
    front_matter_year
        .map(|y| (y, YearSource::FrontMatter))
        .or(site_year.map(|y| (y, YearSource::Site)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> RawDate {
        match scan(s) {
            Scan::Date(d) => d,
            other => panic!("{s}: {other:?}"),
        }
    }
    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn scans_every_written_form() {
        assert_eq!(
            raw("29/09/2025"),
            RawDate::Numeric {
                a: 29,
                b: 9,
                year: Some(2025)
            }
        );
        assert_eq!(
            raw("2/10/2025"),
            RawDate::Numeric {
                a: 2,
                b: 10,
                year: Some(2025)
            }
        );
        assert_eq!(
            raw("07-09-2025"),
            RawDate::Numeric {
                a: 7,
                b: 9,
                year: Some(2025)
            }
        );
        assert_eq!(
            raw("01/10/25"),
            RawDate::Numeric {
                a: 1,
                b: 10,
                year: Some(2025)
            }
        );
        assert_eq!(
            raw("2025-09-29"),
            RawDate::Fixed {
                year: Some(2025),
                month: 9,
                day: 29
            }
        );
        assert_eq!(
            raw("15/9"),
            RawDate::Numeric {
                a: 15,
                b: 9,
                year: None
            }
        );
        assert_eq!(
            raw("Jun 12"),
            RawDate::Fixed {
                year: None,
                month: 6,
                day: 12
            }
        );
        assert_eq!(
            raw("June 12, 2025"),
            RawDate::Fixed {
                year: Some(2025),
                month: 6,
                day: 12
            }
        );
        assert_eq!(
            raw("12 Sept 2025"),
            RawDate::Fixed {
                year: Some(2025),
                month: 9,
                day: 12
            }
        );
        assert_eq!(
            raw("15 tháng 9 năm 2025"),
            RawDate::Fixed {
                year: Some(2025),
                month: 9,
                day: 15
            }
        );
        assert_eq!(
            raw("01/10/2025 "),
            RawDate::Numeric {
                a: 1,
                b: 10,
                year: Some(2025)
            }
        );
        assert_eq!(scan(""), Scan::Empty);
        assert_eq!(scan(" - "), Scan::Empty);
        assert_eq!(scan("TBD"), Scan::Unreadable);
    }

    #[test]
    fn a_part_over_twelve_decides() {
        assert_eq!(raw("29/09/2025").vote(), Some(Order::Dmy));
        assert_eq!(raw("09/29/2025").vote(), Some(Order::Mdy));
        assert_eq!(raw("05/05/2025").vote(), None);
        assert!(!raw("05/05/2025").is_ambiguous());
        assert!(raw("01/10/2025").is_ambiguous());
        assert_eq!(
            raw("09/29/2025").resolve(Order::Dmy, None),
            Some(ymd(2025, 9, 29))
        );
        assert_eq!(
            raw("01/10/2025").resolve(Order::Mdy, None),
            Some(ymd(2025, 1, 10))
        );
        assert_eq!(raw("31/02/2025").resolve(Order::Dmy, None), None);
        assert_eq!(raw("15/9").resolve(Order::Dmy, None), None);
        assert_eq!(
            raw("15/9").resolve(Order::Dmy, Some(2025)),
            Some(ymd(2025, 9, 15))
        );
    }

    fn rows(cells: &[(&str, Option<u8>)]) -> Vec<RowDates> {
        cells
            .iter()
            .map(|(s, wd)| RowDates {
                start: Some(raw(s)),
                end: Some(raw(s)),
                weekday: *wd,
                digit: None,
            })
            .collect()
    }

    #[test]
    fn order_is_decided_by_any_part_over_twelve() {
        let r = rows(&[("01/10/2025", None), ("13/10/2025", None)]);
        assert_eq!(
            infer_order(&r, &[], Order::Mdy, None),
            (Order::Dmy, How::Decided)
        );
        let r = rows(&[("08/11/2025", None), ("08/13/2025", None)]);
        assert_eq!(
            infer_order(&r, &[], Order::Dmy, None),
            (Order::Mdy, How::Decided)
        );
    }

    #[test]
    fn mixed_orders_take_the_majority() {
        let r = rows(&[
            ("13/01/2025", None),
            ("14/01/2025", None),
            ("01/18/2025", None),
        ]);
        assert_eq!(
            infer_order(&r, &[], Order::Mdy, None),
            (Order::Dmy, How::Mixed { dmy: 4, mdy: 2 })
        );
    }

    #[test]
    fn ambiguous_pages_use_weekdays_then_closeness_then_default() {
        // 2025-10-01 is a Wednesday; 2025-01-10 a Friday.
        let r = rows(&[("01/10/2025", Some(3))]);
        assert_eq!(infer_order(&r, &[], Order::Mdy, None).0, Order::Dmy);
        let r = rows(&[("01/10/2025", Some(5))]);
        assert_eq!(infer_order(&r, &[], Order::Dmy, None).0, Order::Mdy);
        // No weekdays: Oct 1..3 is one week, Jan 10..Mar 10 is not.
        let r = rows(&[
            ("01/10/2025", None),
            ("02/10/2025", None),
            ("03/10/2025", None),
        ]);
        assert_eq!(
            infer_order(&r, &[], Order::Mdy, None),
            (
                Order::Dmy,
                How::Inferred("consecutive dates within one week")
            )
        );
        // Day digits count too, under whichever convention fits best:
        // 06/07/2026 is Monday 6 July ("2" in Vietnamese numbering), not Sunday 7 June.
        let digits = |cells: &[(&str, u8)]| -> Vec<RowDates> {
            cells
                .iter()
                .map(|(s, d)| RowDates {
                    start: Some(raw(s)),
                    end: None,
                    weekday: None,
                    digit: Some(*d),
                })
                .collect()
        };
        let r = digits(&[
            ("06/07/2026", 2),
            ("07/08/2026", 3),
            ("08/07/2026", 4),
            ("09/07/2026", 5),
        ]);
        assert_eq!(infer_order(&r, &[], Order::Mdy, None).0, Order::Dmy);
        // Year-less dates are scored with the page's year: Monday 9/8 .. Friday 9/12 (2025) is September.
        let r = rows(&[("9/8", Some(1)), ("9/9", Some(2)), ("9/10", Some(3))]);
        assert_eq!(infer_order(&r, &[], Order::Dmy, Some(2025)).0, Order::Mdy);
        // One lone ambiguous date: nothing to go on.
        let r = rows(&[("01/10/2025", None)]);
        assert_eq!(
            infer_order(&r, &[], Order::Mdy, None),
            (Order::Mdy, How::Default)
        );
        // Unambiguous everywhere: no order needed.
        let r = rows(&[("2025-10-01", None), ("05/05/2025", None)]);
        assert_eq!(
            infer_order(&r, &[], Order::Dmy, None),
            (Order::Dmy, How::NotNeeded)
        );
        // A Day-cell hint like "Mon (15/9)" decides for the whole page.
        let r = rows(&[("01/10/2025", None)]);
        assert_eq!(
            infer_order(&r, &[raw("15/9")], Order::Mdy, None),
            (Order::Dmy, How::Decided)
        );
    }

    #[test]
    fn missing_year_comes_from_weekday_then_front_matter_then_site() {
        // 15 Sep 2025 is a Monday, 15 Sep 2024 a Sunday.
        assert_eq!(
            infer_year(9, 15, Some(1), Some(2024), None),
            Some((2025, YearSource::Weekday))
        );
        assert_eq!(
            infer_year(9, 15, Some(7), Some(2025), None),
            Some((2024, YearSource::Weekday))
        );
        assert_eq!(
            infer_year(9, 15, None, Some(2025), Some(2024)),
            Some((2025, YearSource::FrontMatter))
        );
        // Sep 15 is a Friday in none of 2025..2027: the site's year.
        assert_eq!(
            infer_year(9, 15, Some(5), None, Some(2026)),
            Some((2026, YearSource::Site))
        );
        assert_eq!(infer_year(9, 15, None, None, None), None);
    }
}
