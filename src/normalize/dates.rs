//! Date cells → calendar dates.
//!
//! A cell is first *scanned* into a [`RawDate`] that may still lack a year or a
//! day/month order; `resolve::dates` then decides the order and the year for
//! each page from the evidence of the whole site.

use std::rc::Rc;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::memo;

/// The day/month order of numeric dates: one enum for the resolver, the
/// `--date-order` option (its doc comments are the option's help) and the
/// manifest, all spelling it [`Order::name`].
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    Default,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    // The Vietnamese and most common order.
    /// day/month/year (15/09/2025)
    #[default]
    Dmy,
    // The FCJ template's own example order.
    /// month/day/year (09/15/2025)
    Mdy,
}

impl Order {
    /// The name `--date-order` takes and the manifest stores (`dmy`, `mdy`).
    pub fn name(self) -> &'static str {
        match self {
            Order::Dmy => "dmy",
            Order::Mdy => "mdy",
        }
    }

    /// How messages write the order (`dd/mm`, `mm/dd`).
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
static DAY_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^\d/.])(\d{1,2})\s*[-–]\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?:[^\d/]|$)",
    )
    .expect("static regex")
});
const MONTHS: &str = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";
// `(?-u:\b)` (ASCII word boundaries) keeps these on the fast DFA over
// Vietnamese text; each boundary sits beside an ASCII letter or digit.
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)({MONTHS})[a-z]*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–—]\s*(\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b))?(?:,?\s+(\d{{4}}))?(?-u:\b)"
    ))
    .expect("static regex")
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of\s+|\s+|-)({MONTHS})[a-z]*\.?(?:(?:,?\s+|-)(\d{{4}}))?(?-u:\b)"
    ))
    .expect("static regex")
});
static VI_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(\d{1,2})\s+(?:tháng|thg|th)\s*(\d{1,2})(?-u:\b)(?:\s*(?:năm|,)?\s*(\d{4}))?",
    )
    .expect("static regex")
});

/// Whether a date form may match somewhere in a cell: one lazy-DFA pass, no
/// captures. Most short cells with digits (`Lab 35`, `2`, `3 hours`) hold no
/// date, and running each capture regex on them cost more than the rest of the
/// scan. Each alternative is a piece every match of one form holds (two digits
/// around a separator: ISO, numeric, day range; a month name before a digit or
/// after one: month first, day first; a digit, spaces and `th`: Vietnamese), so
/// a cell it refuses matches none (a test checks it against the six forms). A
/// set of the six forms themselves took 15 M instructions to compile, this 2 M.
static MAY_HOLD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\d\s?[/.\-]\s?\d|(?i:(?:{MONTHS})[a-z]*\.?\s+\d|\d(?:st|nd|rd|th)?(?:\s+of\s+|\s+|-)(?:{MONTHS})|\d\s+th)"
    ))
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

/// One date found in a cell, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    pub date: RawDate,
    pub start: usize,
    pub end: usize,
    /// Written with `/`, with a year, or with a month name: a `3-6` or `1.5` is not.
    pub strict: bool,
}

fn num(c: &regex::Captures<'_>, i: usize) -> u32 {
    c.get(i)
        .and_then(|m| m.as_str().parse::<u32>().ok())
        .unwrap_or(0)
}

thread_local! {
    static SCANNED: memo::Table<Rc<[DateSpan]>> = memo::table();
}

/// Every date in a cell, in the order written (forms tried most specific first;
/// a later form never overlaps an earlier find).
pub fn scan_all(cell: &str) -> Vec<DateSpan> {
    with_found(cell, <[DateSpan]>::to_vec)
}

/// `f` of every date in a cell ([`scan_all`] without a copy). A cell is scanned
/// once per thread however often it is read (see [`memo`]).
pub fn with_found<R>(cell: &str, f: impl FnOnce(&[DateSpan]) -> R) -> R {
    // Every written date has a digit; most Day and text cells have none.
    if !cell.bytes().any(|b| b.is_ascii_digit()) {
        return f(&[]);
    }
    let found = memo::get_or(&SCANNED, cell, |c| Rc::from(scan_uncached(c)));
    f(&found)
}

/// The dates found in a cell so far, and their spans by start for the overlap
/// test (a search of every find per find was quadratic in a long text of dates).
#[derive(Default)]
struct Finds {
    out: Vec<DateSpan>,
    spans: std::collections::BTreeSet<(usize, usize)>,
}

impl Finds {
    /// Some find overlaps `start..end`. Finds never overlap each other, so by
    /// start their ends never decrease: the last one starting before `end` is
    /// the one that reaches furthest.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        self.spans
            .range(..(end, 0))
            .next_back()
            .is_some_and(|&(_, e)| start < e)
    }
    fn push(&mut self, f: DateSpan) {
        self.spans.insert((f.start, f.end));
        self.out.push(f);
    }
}

/// Every date written in a cell, each form tried in turn, most specific first
/// (ISO, month names, Vietnamese `… tháng …`, day ranges, then plain
/// numbers): a later form never overlaps an earlier find.
fn scan_uncached(cell: &str) -> Vec<DateSpan> {
    if !MAY_HOLD_DATE.is_match(cell) {
        return Vec::new();
    }
    let mut out = Finds::default();
    // Cheap gates keep the capture-group regexes off cells they cannot match.
    let bytes = cell.as_bytes();
    let four_digits = bytes.windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
    let letters = bytes.iter().any(u8::is_ascii_alphabetic);
    if four_digits {
        out.iso(cell);
    }
    if letters {
        out.month_first(cell);
        out.day_first(cell);
        out.vi_month(cell);
    }
    out.day_range(cell);
    out.numeric(cell);
    let mut out = out.out;
    out.sort_by_key(|f| f.start);
    out
}

/// A date's span: from the start of group `first` to the end of the first of
/// groups `last` that matched. Spans are the date's own digits and words, not
/// the boundary characters the patterns match around them, so
/// `22/09/2025 23/09/2025` is two dates.
fn span(c: &regex::Captures<'_>, first: usize, last: &[usize]) -> (usize, usize) {
    let start = c.get(first).map_or(0, |g| g.start());
    let end = last
        .iter()
        .find_map(|&i| c.get(i))
        .map_or(start, |g| g.end());
    (start, end)
}

/// The scans of [`scan_uncached`], one per written form, in the order tried.
impl Finds {
    /// A date at `start..end` unless an earlier find covers part of it.
    fn add(&mut self, start: usize, end: usize, date: RawDate, strict: bool) {
        if !self.overlaps(start, end) {
            self.push(DateSpan {
                date,
                start,
                end,
                strict,
            });
        }
    }

    /// `2026-03-25`, `2026/3/25`.
    fn iso(&mut self, cell: &str) {
        for c in ISO.captures_iter(cell) {
            let (start, end) = span(&c, 1, &[3]);
            let date = RawDate::Fixed {
                year: Some(num(&c, 1) as i32),
                month: num(&c, 2),
                day: num(&c, 3),
            };
            self.add(start, end, date, true);
        }
    }

    /// `March 25`, `March 25 – 26, 2026` (a range within one month), `Sep 21st`.
    fn month_first(&mut self, cell: &str) {
        for c in MONTH_FIRST.captures_iter(cell) {
            let m = c.get(0).expect("group 0");
            let month = c.get(1).map_or(0, |m| month_index(m.as_str()));
            let year = year_of(c.get(4));
            let first = RawDate::Fixed {
                year,
                month,
                day: num(&c, 2),
            };
            match c.get(3) {
                Some(second) if !self.overlaps(m.start(), m.end()) => {
                    self.push(DateSpan {
                        date: first,
                        start: m.start(),
                        end: second.start(),
                        strict: true,
                    });
                    self.push(DateSpan {
                        date: RawDate::Fixed {
                            year,
                            month,
                            day: num(&c, 3),
                        },
                        start: second.start(),
                        end: m.end(),
                        strict: true,
                    });
                }
                _ => self.add(m.start(), m.end(), first, true),
            }
        }
    }

    /// `21 Sep 2025`, `21-Sep`, `21st September`; `13-19 July 2026` is two days of a month.
    fn day_first(&mut self, cell: &str) {
        for c in DAY_FIRST.captures_iter(cell) {
            let m = c.get(0).expect("group 0");
            let (year, month) = (
                year_of(c.get(3)),
                c.get(2).map_or(0, |m| month_index(m.as_str())),
            );
            let day = num(&c, 1);
            if let Some((start, first)) = day_before(cell, m.start()).filter(|d| d.1 < day) {
                if !self.overlaps(start, m.end()) {
                    let date = |day| RawDate::Fixed { year, month, day };
                    self.push(DateSpan {
                        date: date(first),
                        start,
                        end: m.start(),
                        strict: true,
                    });
                    self.push(DateSpan {
                        date: date(day),
                        start: m.start(),
                        end: m.end(),
                        strict: true,
                    });
                    continue;
                }
            }
            self.add(
                m.start(),
                m.end(),
                RawDate::Fixed { year, month, day },
                true,
            );
        }
    }

    /// `25 tháng 3 năm 2026`, `25 thg 3`.
    fn vi_month(&mut self, cell: &str) {
        for c in VI_MONTH.captures_iter(cell) {
            let m = c.get(0).expect("group 0");
            let date = RawDate::Fixed {
                year: year_of(c.get(3)),
                month: num(&c, 2),
                day: num(&c, 1),
            };
            self.add(m.start(), m.end(), date, true);
        }
    }

    /// `22-23/09/2025`: two days of one month.
    fn day_range(&mut self, cell: &str) {
        for c in DAY_RANGE.captures_iter(cell) {
            let (m_start, m_end) = span(&c, 1, &[4, 3]);
            if after_day_word(cell, m_start) {
                continue;
            }
            let (month, year) = (num(&c, 3), year_of(c.get(4)));
            if !self.overlaps(m_start, m_end) {
                let second = c.get(2).expect("group 2");
                for (a, start, end) in [
                    (num(&c, 1), m_start, second.start()),
                    (num(&c, 2), second.start(), m_end),
                ] {
                    self.push(DateSpan {
                        date: RawDate::Numeric { a, b: month, year },
                        start,
                        end,
                        strict: true,
                    });
                }
            }
        }
    }

    /// `25/03/2026`, `25.3`, `3-6`: numbers, their order decided later. Its
    /// matches share their boundary characters: scanned from each one's end.
    fn numeric(&mut self, cell: &str) {
        let mut at = 0;
        while let Some(c) = NUMERIC.captures_at(cell, at) {
            let m = c.get(0).expect("group 0");
            // Clock times (`08:30 - 11:30`, `8h30`) are not dates.
            let touches_time = |at: usize, before: bool| {
                let ch = if before {
                    cell[..at].chars().next_back()
                } else {
                    cell[at..].chars().next()
                };
                matches!(ch, Some(':' | 'h' | 'H'))
            };
            if c.get(1).is_some_and(|g| touches_time(g.start(), true))
                || c.get(2).is_some_and(|g| touches_time(g.end(), false))
                || c.get(1).is_some_and(|g| after_day_word(cell, g.start()))
            {
                at = c.get(1).map_or(m.end(), |g| g.end()).max(at + 1);
                if at >= cell.len() {
                    break;
                }
                continue;
            }
            // `29/09 - 03/10/2025`: a two-digit "year" that starts the next date is not one.
            let next_date = c.get(3).is_some_and(|y| {
                y.as_str().len() == 2 && {
                    let mut rest = cell[y.end()..].chars();
                    matches!(rest.next(), Some('/' | '.' | '-'))
                        && rest.next().is_some_and(|d| d.is_ascii_digit())
                }
            });
            let year = if next_date { None } else { year_of(c.get(3)) };
            let sep_slash = m.as_str().contains('/');
            let date = RawDate::Numeric {
                a: num(&c, 1),
                b: num(&c, 2),
                year,
            };
            let (m_start, m_end) = span(&c, 1, &[3, 2]);
            let end = if next_date {
                c.get(2).map_or(m_end, |g| g.end())
            } else {
                m_end
            };
            self.add(m_start, end, date, sep_slash || year.is_some());
            at = c.get(2).map_or(m.end(), |g| g.end()).max(at + 1);
            if at >= cell.len() {
                break;
            }
        }
    }
}

/// The day that opens a range ending in a day-first date at `at` (`13-` of
/// `13-19 July 2026`): where it starts and its number. Not a day word's number
/// (`Day 1 - 23 June`), nor part of a numeric date (`05/13-19 July`).
fn day_before(cell: &str, at: usize) -> Option<(usize, u32)> {
    let before = cell[..at].trim_end();
    let before = before.strip_suffix(['-', '–', '—'])?.trim_end();
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let start = before.len() - digits;
    if cell[..start].ends_with(['/', '.', '-']) || after_day_word(cell, start) {
        return None;
    }
    let n: u32 = before[start..].parse().ok()?;
    (1..=31).contains(&n).then_some((start, n))
}

/// The number at `at` belongs to a day word before it (`Thứ 2 - 16/03`,
/// `T2-16/03`, `Day 1 - 23/03`): a day, not the start of a date or a range. Only
/// a small number followed by a dash counts, so `Thu 03/26` (Thursday) is a date.
fn after_day_word(cell: &str, at: usize) -> bool {
    let digits: String = cell[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let small = digits.parse::<u32>().is_ok_and(|n| n <= 8);
    let dash_next = cell[at + digits.len()..]
        .trim_start()
        .starts_with(['-', '–', '—']);
    if !(small && dash_next) {
        return false;
    }
    // Without diacritics, so `Thứ` (NFC or NFD) reads like `thu`. Only the last
    // word matters: from the last ASCII separator on (one before folding and
    // after), not the whole text before each number (quadratic in a long text).
    let head = cell[..at].trim_end();
    let from = head
        .rfind(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric())
        .map_or(0, |i| i + 1);
    let lower = head[from..].to_lowercase();
    let before = super::text::strip_diacritics(&lower);
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(word, "thu" | "t" | "day" | "ngay" | "week" | "tuan")
}

/// A cell with nothing to read (empty, or only dashes and punctuation).
pub fn is_blank(cell: &str) -> bool {
    !cell.chars().any(|c| c.is_alphanumeric())
}

/// Scan a plain-text date cell. The first date in the cell wins.
pub fn scan(cell: &str) -> Scan {
    let cell = cell.trim();
    if is_blank(cell) {
        return Scan::Empty;
    }
    // A strict date (`/`, a year or a month name) beats a loose `4 - 6` before it.
    with_found(cell, |found| {
        match found.iter().find(|f| f.strict).or(found.first()) {
            Some(f) => Scan::Date(f.date),
            None => Scan::Unreadable,
        }
    })
}

/// A short cell that is a date or a date range (not a sentence that mentions one,
/// nor a day range like `3-6` or a duration like `1.5h`).
pub fn is_date_like(cell: &str) -> bool {
    let cell = cell.trim();
    if cell.chars().count() > 48 {
        return false;
    }
    with_found(cell, |found| found.iter().any(|f| f.strict))
}

/// The cell without its (strict) dates, so `Thứ 2, 04/05/2026` reads as a weekday.
pub fn strip_dates(cell: &str) -> std::borrow::Cow<'_, str> {
    with_found(cell, |found| strip_found(cell, found))
}

/// [`strip_dates`] of a cell whose dates are `found`.
pub fn strip_found<'a>(cell: &'a str, found: &[DateSpan]) -> std::borrow::Cow<'a, str> {
    if !found.iter().any(|f| f.strict) {
        return std::borrow::Cow::Borrowed(cell);
    }
    let mut out = String::with_capacity(cell.len());
    let mut last = 0;
    for f in found.iter().filter(|f| f.strict) {
        out.push_str(&cell[last..f.start]);
        out.push(' ');
        last = f.end;
    }
    out.push_str(&cell[last..]);
    std::borrow::Cow::Owned(out)
}

/// The first two dates of a cell: `04/18/2026 – 04/19/2026` is a range. A year-less
/// first date takes the second's year (`05/01 – 05/04/2026`).
pub fn scan_range(cell: &str) -> (Scan, Option<RawDate>) {
    let cell = cell.trim();
    if is_blank(cell) {
        return (Scan::Empty, None);
    }
    with_found(cell, range_of)
}

/// [`scan_range`] of a cell's dates.
fn range_of(found: &[DateSpan]) -> (Scan, Option<RawDate>) {
    let Some(a) = found
        .iter()
        .find(|f| f.strict)
        .or(found.first())
        .map(|f| f.date)
    else {
        return (Scan::Unreadable, None);
    };
    let first = Scan::Date(a);
    // The range's end: the next strict date after the first one.
    let first_at = found
        .iter()
        .position(|f| f.date == a && (f.strict || !found.iter().any(|g| g.strict)));
    let Some(b) = first_at
        .and_then(|i| found[i + 1..].iter().find(|f| f.strict))
        .map(|f| f.date)
    else {
        return (first, None);
    };
    // The first date takes the second's year, or the year before when it would
    // otherwise come after the second (`31/12 – 02/01/2026`, `Dec 31 – Jan 2, 2026`).
    let a = match (a.year(), b.year()) {
        (None, Some(yr)) => {
            let later = |order: Order| a.month_day(order) > b.month_day(order);
            let crosses = match a.vote().or(b.vote()) {
                Some(o) => later(o),
                None => later(Order::Dmy) && later(Order::Mdy),
            };
            a.with_year(if crosses { yr - 1 } else { yr })
        }
        _ => a,
    };
    (Scan::Date(a), Some(b))
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

    /// The same date with `year` written.
    pub fn with_year(self, year: i32) -> RawDate {
        match self {
            RawDate::Numeric { a, b, .. } => RawDate::Numeric {
                a,
                b,
                year: Some(year),
            },
            RawDate::Fixed { month, day, .. } => RawDate::Fixed {
                year: Some(year),
                month,
                day,
            },
        }
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

pub fn weekday_of(d: NaiveDate) -> u8 {
    d.weekday().number_from_monday() as u8
}

/// A numeric date written with a slip: a doubled separator (`12//03/2026`) or a
/// three-digit year (`03/12/026`).
static SLIPPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^\d])(\d{1,2})(//+|\.\.+|/|\.|-)(\d{1,2})(//+|\.\.+|/|\.|-)(\d{2,4})(?:[^\d]|$)",
    )
    .expect("static regex")
});

/// What a date cell's slip (see [`mend`]) comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mend {
    /// The cell as it can only be meant (`12/03/2026`).
    Meant(String),
    /// More than one reading (`03/12/202`: 2002? 2020? 2023?): not read.
    Unclear,
}

/// A numeric date with a slip that has one meaning: a doubled separator is one,
/// and a three-digit year is the one year from 1990 to 2100 that inserting one digit
/// makes (`026` → 2026; `202` could be 2002 or 2020…, so it is unclear). `None`
/// when the cell has no slip. Read this way, a slip never becomes another year (a
/// year-less `03/12` would take whatever year the site suggests).
pub fn mend(cell: &str) -> Option<Mend> {
    // Cheap gate: a doubled separator, or a separator before exactly three digits.
    let b = cell.as_bytes();
    let three = (0..b.len()).any(|i| {
        matches!(b[i], b'/' | b'.' | b'-')
            && b.len() >= i + 4
            && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
    });
    if !three && !cell.contains("//") && !cell.contains("..") {
        return None;
    }
    let mut out = String::with_capacity(cell.len());
    let mut last = 0;
    for c in SLIPPED.captures_iter(cell) {
        let (Some(a), Some(s1), Some(d), Some(s2), Some(y)) =
            (c.get(1), c.get(2), c.get(3), c.get(4), c.get(5))
        else {
            continue;
        };
        let doubled = s1.len() > 1 || s2.len() > 1;
        let year = y.as_str();
        let year = if year.len() == 3 {
            let mut found: Vec<i32> = (0..=3)
                .flat_map(|at| {
                    (b'0'..=b'9').filter_map(move |digit| {
                        let mut t = year.as_bytes().to_vec();
                        t.insert(at, digit);
                        std::str::from_utf8(&t).ok()?.parse::<i32>().ok()
                    })
                })
                .filter(|y| (1990..=2100).contains(y))
                .collect();
            found.sort_unstable();
            found.dedup();
            match found[..] {
                [one] => one.to_string(),
                _ => return Some(Mend::Unclear),
            }
        } else if doubled {
            year.to_string()
        } else {
            continue;
        };
        let sep = &s1.as_str()[..1];
        out.push_str(&cell[last..a.start()]);
        out.push_str(&format!("{}{sep}{}{sep}{year}", a.as_str(), d.as_str()));
        last = y.end();
    }
    if last == 0 {
        return None;
    }
    out.push_str(&cell[last..]);
    Some(Mend::Meant(out))
}

/// Compile this module's patterns now (see `normalize::warm`). `SLIPPED`
/// waits for its first slip: most runs have none, and it is 3 M instructions.
pub(crate) fn warm() {
    LazyLock::force(&ISO);
    LazyLock::force(&NUMERIC);
    LazyLock::force(&DAY_RANGE);
    LazyLock::force(&MONTH_FIRST);
    LazyLock::force(&DAY_FIRST);
    LazyLock::force(&VI_MONTH);
    LazyLock::force(&MAY_HOLD_DATE);
}

/// The date a test cell holds (panics on anything else).
#[cfg(test)]
pub(crate) fn raw(s: &str) -> RawDate {
    match scan(s) {
        Scan::Date(d) => d,
        other => panic!("{s}: {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether any of the six date forms matches: what `MAY_HOLD_DATE` must
    /// never refuse.
    fn any_form(cell: &str) -> bool {
        [
            &ISO,
            &NUMERIC,
            &DAY_RANGE,
            &MONTH_FIRST,
            &DAY_FIRST,
            &VI_MONTH,
        ]
        .iter()
        .any(|r| r.is_match(cell))
    }

    #[test]
    fn the_date_gate_passes_every_date_form() {
        for cell in [
            "2025-09-15",
            "15/09/2025",
            "9.15",
            "3 - 6/10",
            "1–2/9/25",
            "Sep 15th",
            "SEPTEMBER 3, 2025",
            "15 of sept",
            "3-Oct-2025",
            "15 tháng 9",
            "2 THG 10",
            "１５/０９/2025",
            "٣/٤ and 1",
            "ſep 1",
            "Mon (15/9)",
            "Lab 3, 2.5 hours",
        ] {
            assert!(!any_form(cell) || MAY_HOLD_DATE.is_match(cell), "{cell}");
        }
        for cell in ["Lab 35", "2", "3 hours", "Tuần 3", ""] {
            assert!(!MAY_HOLD_DATE.is_match(cell), "{cell}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_date_gate_refuses_no_date(cell in "[0-9١٣ /.\\-–—,(:]{0,3}(?:[0-9١٣ /.\\-–—,]|[Ss]ep|ſep|mAr|ju|[Tt][Hh]|tháng|thg|of|st|nd|Đ|ấ){0,12}") {
            proptest::prop_assert!(!any_form(&cell) || MAY_HOLD_DATE.is_match(&cell), "{}", cell);
        }
    }
    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn day_ranges_before_a_month_name() {
        let r = |s: &str| match scan_range(s) {
            (Scan::Date(a), b) => (
                a.resolve(Order::Dmy, None),
                b.and_then(|b| b.resolve(Order::Dmy, None)),
            ),
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(
            r("13-19 July 2026"),
            (Some(ymd(2026, 7, 13)), Some(ymd(2026, 7, 19)))
        );
        assert_eq!(
            r("Week 5 (16-22 June 2026) - Tardis"),
            (Some(ymd(2026, 6, 16)), Some(ymd(2026, 6, 22)))
        );
        assert_eq!(
            r("**Period:** 20–31 July 2026"),
            (Some(ymd(2026, 7, 20)), Some(ymd(2026, 7, 31)))
        );
        // A day word's number is the day, not a range start.
        assert_eq!(r("Day 1 - 23 June 2026"), (Some(ymd(2026, 6, 23)), None));
    }

    #[test]
    fn slipped_dates_are_read_as_meant_or_not_at_all() {
        let m = |s: &str| mend(s);
        let meant = |s: &str| Some(Mend::Meant(s.to_string()));
        assert_eq!(m("12//03/2026"), meant("12/03/2026"));
        assert_eq!(m("03/12/026"), meant("03/12/2026"));
        assert_eq!(m("Thứ 2, 16..03.2026"), meant("Thứ 2, 16.03.2026"));
        assert_eq!(m("05/06/225"), meant("05/06/2025"));
        // `202` could be 2002, 2012, 2020, 2021, …
        assert_eq!(m("03/12/202"), Some(Mend::Unclear));
        assert_eq!(m("12/03/2026"), None);
        assert_eq!(m("12/03/26"), None);
        assert_eq!(m("Lab 35"), None);
    }

    #[test]
    fn a_long_text_of_dates_finds_each_once_in_order() {
        // 20,000 dates in one cell (the fuzzer's 222 KB paragraph took 2.6 s).
        let cell = "date: 2026-05-08 Thứ 2 - 16/03\n".repeat(10_000);
        let found = scan_all(&cell);
        assert_eq!(found.len(), 20_000);
        assert!(found.windows(2).all(|w| w[0].end <= w[1].start));
        assert_eq!((found[0].start, found[0].end), (6, 16));
        assert_eq!(
            found[1].date,
            RawDate::Numeric {
                a: 16,
                b: 3,
                year: None
            }
        );
    }

    #[test]
    fn a_day_number_before_a_date_is_not_a_range() {
        for cell in [
            "Thứ 2 - 16/03",
            "Thứ 2-16/03",
            "T2 - 16/03",
            "Thứ 2 – 16/03/2026",
            "Day 1 - 23/03/2026",
            "Thu\u{031b}\u{0301} 2 - 16/03",
        ] {
            let (first, second) = scan_range(cell);
            let Scan::Date(d) = first else {
                panic!("{cell}")
            };
            assert_eq!(
                d.month_day(Order::Dmy),
                (3, if cell.starts_with("Day") { 23 } else { 16 }),
                "{cell}"
            );
            assert_eq!(second, None, "{cell}");
        }
        // `Thu` is also Thursday: `Thu 03/26` is a date.
        let (Scan::Date(d), None) = scan_range("Thu 03/26") else {
            panic!()
        };
        assert_eq!(d.month_day(Order::Mdy), (3, 26));
        // A real day range still is one.
        let (Scan::Date(a), Some(b)) = scan_range("22-23/09/2025") else {
            panic!()
        };
        assert_eq!(
            (a.month_day(Order::Dmy), b.month_day(Order::Dmy)),
            ((9, 22), (9, 23))
        );
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

    #[test]
    fn all_dates_ranges_and_strictness() {
        let (a, b) = scan_range("04/18/2026 – 04/19/2026");
        assert_eq!(a, Scan::Date(raw("04/18/2026")));
        assert_eq!(b, Some(raw("04/19/2026")));
        // A year-less first date takes the second's year.
        let (a, b) = scan_range("05/01 – 05/04/2026");
        assert_eq!(a, Scan::Date(raw("05/01/2026")));
        assert_eq!(b, Some(raw("05/04/2026")));
        assert_eq!(scan_range("15/09/2025").1, None);
        // Across New Year the first date takes the year before.
        let (a, _) = scan_range("31/12 – 02/01/2026");
        assert_eq!(a, Scan::Date(raw("31/12/2025")));
        let (a, b) = scan_range("Dec 31 – Jan 2, 2026");
        assert_eq!(a, Scan::Date(raw("Dec 31, 2025")));
        assert_eq!(b, Some(raw("Jan 2, 2026")));
        // A range within one month, written once.
        let (a, b) = scan_range("March 25 – 26, 2026");
        assert_eq!(a, Scan::Date(raw("March 25, 2026")));
        assert_eq!(b, Some(raw("March 26, 2026")));
        assert_eq!(raw("21-Sep"), raw("Sep 21"));
        assert_eq!(raw("21-Sep-2025"), raw("Sep 21, 2025"));
        assert!(is_date_like("21-Sep"));
        // Clock times are not dates; a compact day range is two dates.
        let (a, b) = scan_range("29/09/2025 (08:30 - 11:30)");
        assert_eq!((a, b), (Scan::Date(raw("29/09/2025")), None));
        assert_eq!(
            scan("13:30 - 17:00, 30/09/2025"),
            Scan::Date(raw("30/09/2025"))
        );
        assert_eq!(scan("8h00 22/09/2025"), Scan::Date(raw("22/09/2025")));
        let (a, b) = scan_range("22-23/09/2025");
        assert_eq!(
            (a, b),
            (Scan::Date(raw("22/09/2025")), Some(raw("23/09/2025")))
        );
        assert_eq!(raw("18 thg 9, 2025"), raw("18 tháng 9 năm 2025"));
        assert_eq!(raw("19 Th9 2025"), raw("19 tháng 9 năm 2025"));
        assert_eq!(raw("15th of September 2025"), raw("September 15, 2025"));
        assert!(is_date_like("12/06"));
        assert!(is_date_like("Monday, May 4, 2026"));
        assert!(is_date_like("2025-09-29"));
        assert!(!is_date_like("3-6"));
        assert!(!is_date_like("1.5h"));
        assert!(!is_date_like("Mon"));
        assert!(!is_date_like(
            "Read the guide published on 12/06/2025 and took notes on every section"
        ));
        assert_eq!(strip_dates("Thứ 2, 04/05/2026").trim(), "Thứ 2,");
        assert_eq!(strip_dates("2, 3, 4"), "2, 3, 4");
        assert_eq!(scan_all("29/09 - 03/10/2025").len(), 2);
        assert_eq!(scan_all("22/09/2025 23/09/2025").len(), 2);
        assert_eq!(scan_all("2025-09-22 2025-09-23").len(), 2);
    }

    #[test]
    fn weekday_numbers() {
        assert_eq!(weekday_of(ymd(2025, 9, 29)), 1);
        assert_eq!(weekday_of(ymd(2025, 10, 5)), 7);
    }
}
