//! Day/month order and year, decided per page from the evidence of the whole site.
//!
//! Each page tries every reading it needs (both orders when a date like `05/06`
//! could be either; each candidate year when dates have none) and scores each
//! reading on every [`Criterion`], in their order of precedence (dates that
//! exist first, `--date-order` last). The first criterion on which the chosen
//! reading beats the best other reading is the evidence recorded with the
//! decision.
//!
//! Two passes: the first places the site's calendar from dates that need no
//! decision (a year and a part > 12); the second uses every decided page and the
//! twins' dates.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

use super::{expected_date, median, PageIn};
use crate::normalize::dates::{weekday_of, Order, RawDate};
use crate::normalize::days::{self, DayToken, DigitConvention};
use crate::page::Lang;

/// How a page's day/month order was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderChoice {
    /// No date on the page needs an order.
    NotNeeded,
    /// Some date has a part > 12 (and none proves the other order).
    Decided,
    /// Dates prove both orders; the majority reads the ambiguous ones.
    Mixed { dmy: usize, mdy: usize },
    /// Chosen from the evidence described.
    Inferred(String),
    /// Nothing decided: `--date-order` was used.
    Default,
}

/// The year given to a page's dates written without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Year {
    /// Every date on the page has its year.
    NotNeeded,
    /// Chosen from the evidence described.
    Inferred { year: i32, why: String },
    /// No evidence anywhere on the site names a year.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub order: Order,
    pub how: OrderChoice,
    pub year: Year,
    pub convention: DigitConvention,
    /// The date the page's year-less dates cluster around (see [`Decision::date`]).
    pub around: Option<NaiveDate>,
}

impl Decision {
    /// A scanned date of this page as a calendar date, under the page's decision.
    pub fn date(&self, d: RawDate) -> Option<NaiveDate> {
        resolve_year_less(d, self.order, self.year_value(), self.around)
    }

    pub fn year_value(&self) -> Option<i32> {
        match self.year {
            Year::Inferred { year, .. } => Some(year),
            _ => None,
        }
    }
}

/// Every page's decision, in input order, and the site's calendar anchor.
#[derive(Debug, Clone)]
pub struct SiteDates {
    pub decisions: Vec<Decision>,
    /// Where the site's week 1 begins (from its decided dates), if anything dates it.
    pub anchor: Option<NaiveDate>,
}

/// A reading of one page: an order, a year for year-less dates, and the date
/// those cluster around, so a page running 29/12 – 02/01 reads January in the
/// next year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reading {
    order: Order,
    year: Option<i32>,
    around: Option<NaiveDate>,
}

impl Reading {
    fn new(p: &PageIn, order: Order, year: Option<i32>) -> Reading {
        let around = year.and_then(|y| {
            all_dates(p)
                .filter(|d| d.year().is_none())
                .find_map(|d| d.resolve(order, Some(y)))
        });
        Reading {
            order,
            year,
            around,
        }
    }

    fn date(&self, d: RawDate) -> Option<NaiveDate> {
        resolve_year_less(d, self.order, self.year, self.around)
    }
}

/// A scanned date under an order and a base year; a year-less date takes the
/// year next to the base when that puts it within half a year of `around`.
fn resolve_year_less(
    d: RawDate,
    order: Order,
    year: Option<i32>,
    around: Option<NaiveDate>,
) -> Option<NaiveDate> {
    if d.year().is_some() {
        return d.resolve(order, None);
    }
    let y = year?;
    let plain = d.resolve(order, Some(y));
    let Some(a) = around else { return plain };
    let near = |x: &NaiveDate| (*x - a).num_days().abs();
    if plain.is_some_and(|x| near(&x) <= 183) {
        return plain;
    }
    [y + 1, y - 1]
        .into_iter()
        .filter_map(|yy| d.resolve(order, Some(yy)))
        .find(|x| near(x) <= 183)
        .or(plain)
}

/// What the rest of the site says, for one page.
#[derive(Clone, Copy)]
struct SiteView<'a> {
    anchor: Option<NaiveDate>,
    /// Order used by most pages of each language (and of the site) that prove theirs.
    prior: &'a HashMap<Lang, Order>,
    site_prior: Option<Order>,
    /// Dates of the page's twin (same week, other language), when known.
    twin: Option<&'a BTreeSet<NaiveDate>>,
    /// Every year the site writes or hints at.
    years: &'a BTreeSet<i32>,
    /// Median dates of the nearest earlier and later dated weeks of the site.
    prev: Option<NaiveDate>,
    next: Option<NaiveDate>,
}

/// What tells two readings of a page apart, most telling first: the reading
/// with the higher score on the first criterion where they differ wins, and
/// that criterion is the evidence recorded (see [`why`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Criterion {
    /// Dates that exist.
    Valid,
    /// Day-column weekday names that agree with the dates.
    NamedWeekdays,
    /// The year the page writes once for itself.
    OwnYear,
    /// A front-matter date within ten days of the page's dates.
    NearFront,
    /// The page's dates fall between its neighbouring weeks'.
    Between,
    /// The page's place in the site's calendar (week N+1 about 7 days after week N).
    Place,
    /// Day-column weekday numbers that agree, under the better convention.
    DigitWeekdays,
    /// The page's dates within two weeks.
    Span,
    /// Dates shared with the en/vi twin.
    Twin,
    /// The order the site's other pages of the language use.
    Prior,
    /// The front-matter (or commit) year (weak).
    HintedYear,
    /// A year the site writes, over the years either side of it.
    SiteYear,
    /// Dates increasing row by row (fewer inversions).
    Increasing,
    /// `--date-order`.
    DefaultOrder,
}

impl Criterion {
    /// Every criterion, in the order of precedence (the declaration's).
    const ALL: [Criterion; 14] = [
        Criterion::Valid,
        Criterion::NamedWeekdays,
        Criterion::OwnYear,
        Criterion::NearFront,
        Criterion::Between,
        Criterion::Place,
        Criterion::DigitWeekdays,
        Criterion::Span,
        Criterion::Twin,
        Criterion::Prior,
        Criterion::HintedYear,
        Criterion::SiteYear,
        Criterion::Increasing,
        Criterion::DefaultOrder,
    ];
}

/// A reading's score on every criterion; scores compare criterion by
/// criterion in precedence order (higher is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
struct Score([i64; Criterion::ALL.len()]);

impl std::ops::Index<Criterion> for Score {
    type Output = i64;
    fn index(&self, c: Criterion) -> &i64 {
        &self.0[c as usize]
    }
}

impl std::ops::IndexMut<Criterion> for Score {
    fn index_mut(&mut self, c: Criterion) -> &mut i64 {
        &mut self.0[c as usize]
    }
}

impl Score {
    /// The first criterion (in precedence order) on which two scores differ.
    fn first_difference(&self, other: &Score) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|&c| self[c] != other[c])
    }
}

fn all_dates(p: &PageIn) -> impl Iterator<Item = RawDate> + '_ {
    p.rows
        .iter()
        .flat_map(|r| [r.start, r.end, hint(r.day)])
        .flatten()
        .chain(p.heading_dates.iter().copied())
}

fn hint(day: days::DayCell) -> Option<RawDate> {
    day.date_hint
        .map(|(a, b)| RawDate::Numeric { a, b, year: None })
}

/// Orders the page's own dates prove, as (dmy votes, mdy votes).
fn votes(p: &PageIn) -> (usize, usize) {
    let mut v = (0, 0);
    for d in all_dates(p) {
        match d.vote() {
            Some(Order::Dmy) => v.0 += 1,
            Some(Order::Mdy) => v.1 += 1,
            None => {}
        }
    }
    v
}

/// The order a page proves by itself, and how.
fn own_order(p: &PageIn, default: Order) -> Option<(Order, OrderChoice)> {
    match votes(p) {
        (0, 0) => {
            (!all_dates(p).any(|d| d.is_ambiguous())).then_some((default, OrderChoice::NotNeeded))
        }
        (_, 0) => Some((Order::Dmy, OrderChoice::Decided)),
        (0, _) => Some((Order::Mdy, OrderChoice::Decided)),
        (d, m) => {
            let order = match d.cmp(&m) {
                std::cmp::Ordering::Greater => Order::Dmy,
                std::cmp::Ordering::Less => Order::Mdy,
                std::cmp::Ordering::Equal => default,
            };
            Some((order, OrderChoice::Mixed { dmy: d, mdy: m }))
        }
    }
}

fn start_dates(p: &PageIn, h: Reading) -> Vec<Option<NaiveDate>> {
    p.rows
        .iter()
        .map(|r| r.start.and_then(|d| h.date(d)))
        .collect()
}

/// The page's dates under a reading: row starts, else ends, else heading dates.
fn page_dates(p: &PageIn, h: Reading) -> Vec<NaiveDate> {
    page_dates_from(p, h, &start_dates(p, h))
}

/// [`page_dates`] when the row start dates are already resolved.
fn page_dates_from(p: &PageIn, h: Reading, starts: &[Option<NaiveDate>]) -> Vec<NaiveDate> {
    let starts: Vec<NaiveDate> = starts.iter().flatten().copied().collect();
    if !starts.is_empty() {
        return starts;
    }
    let ends: Vec<NaiveDate> = p
        .rows
        .iter()
        .filter_map(|r| r.end.and_then(|d| h.date(d)))
        .collect();
    if !ends.is_empty() {
        return ends;
    }
    p.heading_dates.iter().filter_map(|d| h.date(*d)).collect()
}

/// Weekday agreement under a reading: (named agree, digit agree under the best
/// convention, rows that name a weekday or number and have a start date).
fn weekdays(p: &PageIn, starts: &[Option<NaiveDate>]) -> (i64, i64, i64) {
    let mut named = 0;
    let mut conv = [0i64; 2];
    let mut n = 0;
    let mut digit_rows = 0;
    for (r, s) in p.rows.iter().zip(starts) {
        let Some(s) = s else { continue };
        let wd = weekday_of(*s);
        match r.day.token {
            DayToken::Named(d) => {
                n += 1;
                named += i64::from(d == wd);
            }
            DayToken::Digit(d) => {
                n += 1;
                digit_rows += 1;
                for (i, c) in [DigitConvention::OneIsMonday, DigitConvention::TwoIsMonday]
                    .into_iter()
                    .enumerate()
                {
                    conv[i] += i64::from(c.weekday(d) == Some(wd));
                }
            }
            _ => {}
        }
    }
    // Numbers that fit a weekday convention on fewer than half their rows are a
    // day count (`Day 1..5` over days that skip a weekend): a stray match under
    // one reading is no evidence for it.
    let digits = conv[0].max(conv[1]);
    let digits = if digits * 2 >= digit_rows { digits } else { 0 };
    (named, digits, n)
}

fn score(p: &PageIn, h: Reading, view: &SiteView<'_>, default: Order) -> Score {
    let valid = all_dates(p).filter(|d| h.date(*d).is_some()).count() as i64;
    let starts = start_dates(p, h);
    let (named, digits, _) = weekdays(p, &starts);
    let dates = page_dates_from(p, h, &starts);
    let mid = median(dates.clone());
    // Weeks go forward: after the previous dated week, before the next one.
    let between = mid.map_or(0, |m| {
        -(i64::from(view.prev.is_some_and(|p| m < p)) + i64::from(view.next.is_some_and(|n| m > n)))
    });
    let place = match (view.anchor, p.week, mid) {
        (Some(a), Some(w), Some(m)) => -((m - expected_date(a, w)).num_days().abs() / 7),
        _ => 0,
    };
    let span = match (dates.iter().min(), dates.iter().max()) {
        (Some(a), Some(b)) => (*b - *a).num_days(),
        _ => 0,
    };
    let twin = view.twin.map_or(0, |t| {
        starts.iter().flatten().filter(|d| t.contains(d)).count() as i64
    });
    let prior = view.prior.get(&p.lang).copied().or(view.site_prior);
    let front_year = p.front_date.and_then(|d| d.year());
    let hinted_year = front_year.or(p.written.map(|d| d.year()));
    let inversions = starts
        .iter()
        .flatten()
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[1] < w[0])
        .count() as i64;
    // Named weekdays outrank the week's place in the site; numbered days do not:
    // `Day 1..4` over Tuesday–Friday fits 1 = Monday a year earlier, and an
    // ordinal column says nothing of the year or month.
    // A front-matter date within ten days of the page's dates is no stale
    // template value: it says when the week was, whatever the Day column numbers.
    let near_front = p
        .front_date
        .and_then(|d| h.date(d))
        .zip(mid)
        .is_some_and(|(f, m)| (m - f).num_days().abs() <= 10);
    // A year the page writes once for itself (`**Duration:** … 2026`, a dated
    // heading or title) is the year of its year-less dates: the author said so,
    // and only what the page's own days say (names, calendar dates) outranks it.
    let own_year = page_year(p).is_some_and(|y| h.year == Some(y));
    let mut score = Score::default();
    for c in Criterion::ALL {
        score[c] = match c {
            Criterion::Valid => valid,
            Criterion::NamedWeekdays => named,
            Criterion::OwnYear => i64::from(own_year),
            Criterion::NearFront => i64::from(near_front),
            Criterion::Between => between,
            Criterion::Place => place,
            Criterion::DigitWeekdays => digits,
            Criterion::Span => i64::from(span <= 14),
            Criterion::Twin => twin,
            Criterion::Prior => i64::from(prior == Some(h.order)),
            Criterion::HintedYear => i64::from(h.year.is_some() && h.year == hinted_year),
            // On a tie, a year the site writes beats the years either side of it.
            Criterion::SiteYear => i64::from(h.year.is_some_and(|y| view.years.contains(&y))),
            Criterion::Increasing => -inversions,
            Criterion::DefaultOrder => i64::from(h.order == default),
        };
    }
    score
}

/// Why `best` beat `other`: the first criterion on which they differ.
fn why(
    p: &PageIn,
    best: (Reading, Score),
    other: (Reading, Score),
    view: &SiteView<'_>,
    what: &str,
) -> Option<String> {
    let (bh, bk) = best;
    let (oh, ok) = other;
    let c = bk.first_difference(&ok)?;
    let alt = if bh.order != oh.order {
        oh.order.as_str().to_string()
    } else {
        oh.year.map_or_else(String::new, |y| y.to_string())
    };
    Some(match c {
        Criterion::Valid => format!("only {what} gives real calendar dates"),
        Criterion::NamedWeekdays | Criterion::DigitWeekdays => {
            // Count only the rows the choice changes: year-less ones for a year,
            // ambiguous ones (all, for simplicity) for an order.
            let only = |h: Reading| -> Vec<Option<NaiveDate>> {
                start_dates(p, h)
                    .into_iter()
                    .zip(&p.rows)
                    .map(|(d, r)| {
                        d.filter(|_| {
                            bh.order != oh.order || r.start.is_some_and(|s| s.year().is_none())
                        })
                    })
                    .collect()
            };
            let (bn, bd, n) = weekdays(p, &only(bh));
            let (on, od, _) = weekdays(p, &only(oh));
            format!(
                "the Day column's weekdays agree on {}/{n} rows (vs {} read as {alt})",
                bn + bd,
                on + od
            )
        }
        Criterion::OwnYear => format!(
            "the page writes its year once ({}, in a heading, its title or its week range)",
            bh.year.unwrap_or(0)
        ),
        Criterion::NearFront => {
            "the front-matter date falls within ten days of its dates".to_string()
        }
        Criterion::Between => format!(
            "it keeps week {} between its neighbouring weeks ({} would not)",
            p.week.unwrap_or(0),
            alt
        ),
        Criterion::Place => {
            let anchor = view.anchor.map_or_else(String::new, |a| a.to_string());
            format!(
                "it fits week {}'s place in the site (week 1 begins around {anchor}; {alt} is {} weeks off)",
                p.week.unwrap_or(0),
                -ok[Criterion::Place]
            )
        }
        Criterion::Span => "it keeps the page's dates within two weeks".to_string(),
        Criterion::Twin => format!(
            "the twin page has the same dates ({}/{})",
            bk[Criterion::Twin],
            p.rows.len()
        ),
        Criterion::Prior => format!(
            "the site's other {} pages are {}",
            p.lang.as_str(),
            bh.order.as_str()
        ),
        Criterion::HintedYear => "the front-matter date names this year".to_string(),
        Criterion::SiteYear => "the site writes this year".to_string(),
        Criterion::Increasing => "dates increase row by row".to_string(),
        Criterion::DefaultOrder => return None,
    })
}

/// The one year the page writes for itself in its headings, title or week range
/// (`Week 5 (16-22 June 2026)`, `**Duration:** May 18 – May 24, 2026`), when they
/// name one year only.
fn page_year(p: &PageIn) -> Option<i32> {
    let mut years = p
        .heading_dates
        .iter()
        .chain(p.range.iter().flat_map(|(a, b)| [a, b]))
        .filter_map(RawDate::year);
    let y = years.next()?;
    years.all(|x| x == y).then_some(y)
}

/// Years to try for dates written without one: every year the site writes or
/// hints at, and the years either side.
fn candidate_years(view: &SiteView<'_>, page: &PageIn) -> Vec<i32> {
    let mut years = view.years.clone();
    if let (Some(a), Some(w)) = (view.anchor, page.week) {
        years.insert(expected_date(a, w).year());
    }
    let base: Vec<i32> = years.iter().copied().collect();
    for y in base {
        years.insert(y - 1);
        years.insert(y + 1);
    }
    years
        .into_iter()
        .filter(|y| (1990..=2100).contains(y))
        .collect()
}

/// Every year the site writes or hints at (dates, front matter, when written).
fn site_years(pages: &[PageIn]) -> BTreeSet<i32> {
    let mut years = BTreeSet::new();
    for p in pages {
        for d in all_dates(p).chain(p.front_date) {
            if let Some(y) = d.year() {
                years.insert(y);
            }
        }
        if let Some(w) = p.written {
            years.insert(w.year());
        }
    }
    years
}

fn decide(p: &PageIn, view: &SiteView<'_>, default: Order) -> Decision {
    let own = own_order(p, default);
    let orders: Vec<Order> = match &own {
        Some((o, _)) => vec![*o],
        None => vec![Order::Dmy, Order::Mdy],
    };
    let yearless = all_dates(p).any(|d| d.year().is_none());
    let years: Vec<Option<i32>> = if yearless {
        candidate_years(view, p).into_iter().map(Some).collect()
    } else {
        vec![None]
    };
    if years.is_empty() {
        // Nothing on the site names a year: only the order can be decided.
        let order = orders[0];
        return Decision {
            order,
            how: own.map_or(OrderChoice::Default, |(_, h)| h),
            year: Year::Unknown,
            convention: convention(p, Reading::new(p, order, None)),
            around: None,
        };
    }
    let mut scored: Vec<(Reading, Score)> = Vec::new();
    for &order in &orders {
        for &year in &years {
            let h = Reading::new(p, order, year);
            scored.push((h, score(p, h, view, default)));
        }
    }
    // Highest key wins; on a full tie the earlier candidate (dmy, lower year).
    let best = scored
        .iter()
        .copied()
        .reduce(|a, b| if b.1 > a.1 { b } else { a })
        .expect("at least one reading");
    let rival = |same_order: bool| {
        scored
            .iter()
            .copied()
            .filter(|(h, _)| {
                if same_order {
                    h.order == best.0.order && h.year != best.0.year
                } else {
                    h.order != best.0.order
                }
            })
            .reduce(|a, b| if b.1 > a.1 { b } else { a })
    };
    let how = match own {
        Some((_, h)) => h,
        None => rival(false)
            .and_then(|r| why(p, best, r, view, best.0.order.as_str()))
            .map_or(OrderChoice::Default, OrderChoice::Inferred),
    };
    let year = match best.0.year {
        None => Year::NotNeeded,
        Some(y) => {
            let mut why_text = rival(true)
                .and_then(|r| why(p, best, r, view, &y.to_string()))
                .unwrap_or_else(|| "the only year the site suggests".to_string());
            if let Some(fy) = p.front_date.and_then(|d| d.year()).filter(|fy| *fy != y) {
                why_text.push_str(&format!("; front matter says {fy}"));
            }
            Year::Inferred {
                year: y,
                why: why_text,
            }
        }
    };
    Decision {
        order: best.0.order,
        how,
        year,
        convention: convention(p, best.0),
        around: best.0.around,
    }
}

fn convention(p: &PageIn, h: Reading) -> DigitConvention {
    let starts = start_dates(p, h);
    let digits: Vec<(u8, Option<u8>)> = p
        .rows
        .iter()
        .zip(&starts)
        .filter_map(|(r, s)| Some((r.day.token.digit()?, s.map(weekday_of))))
        .collect();
    days::choose_convention(&digits)
}

/// Week-1 anchor from dated pages: per page, its median date less 7(week-1) days;
/// the site's anchor is the median over pages (robust to a page of typos).
fn anchor_of(points: impl Iterator<Item = (u32, NaiveDate)>) -> Option<NaiveDate> {
    median(points.map(|(w, d)| week_one(w, d)).collect())
}

/// Where week 1 begins if week `w` is around `d`.
fn week_one(w: u32, d: NaiveDate) -> NaiveDate {
    d - chrono::Duration::days(7 * (i64::from(w) - 1))
}

/// Dates that need no decision: a year and an order of their own.
fn certain_dates(p: &PageIn) -> Vec<NaiveDate> {
    p.rows
        .iter()
        .filter_map(|r| r.start)
        .filter(|d| d.year().is_some() && (d.vote().is_some() || !d.is_ambiguous()))
        .filter_map(|d| d.resolve(Order::Dmy, None))
        .collect()
}

fn priors(pages: &[PageIn], default: Order) -> (HashMap<Lang, Order>, Option<Order>) {
    let mut by_lang: HashMap<Lang, (usize, usize)> = HashMap::new();
    let mut site = (0, 0);
    for p in pages {
        if let Some((o, OrderChoice::Decided)) = own_order(p, default) {
            let e = by_lang.entry(p.lang).or_default();
            if o == Order::Dmy {
                e.0 += 1;
                site.0 += 1;
            } else {
                e.1 += 1;
                site.1 += 1;
            }
        }
    }
    let pick = |(d, m): (usize, usize)| match d.cmp(&m) {
        std::cmp::Ordering::Greater => Some(Order::Dmy),
        std::cmp::Ordering::Less => Some(Order::Mdy),
        std::cmp::Ordering::Equal => None,
    };
    (
        by_lang
            .into_iter()
            .filter_map(|(l, v)| Some((l, pick(v)?)))
            .collect(),
        pick(site),
    )
}

/// Decide order, year and digit convention for every page of one site.
/// `twin_page` is each page's twin (the site's [`Pairing`](super::twins::Pairing)).
pub fn resolve_site(pages: &[PageIn], twin_page: &[Option<usize>], default: Order) -> SiteDates {
    let (prior, site_prior) = priors(pages, default);
    let first_anchor = anchor_of(
        pages
            .iter()
            .filter_map(|p| Some((p.week?, median(certain_dates(p))?))),
    );
    let years = site_years(pages);
    let view = SiteView {
        anchor: first_anchor,
        prior: &prior,
        site_prior,
        twin: None,
        years: &years,
        prev: None,
        next: None,
    };
    let first: Vec<Decision> = pages.iter().map(|p| decide(p, &view, default)).collect();
    let decided = |i: usize, d: &Decision| {
        page_dates(
            &pages[i],
            Reading {
                order: d.order,
                year: d.year_value(),
                around: d.around,
            },
        )
    };
    let dates: Vec<Vec<NaiveDate>> = first
        .iter()
        .enumerate()
        .map(|(i, d)| decided(i, d))
        .collect();
    // Each page is placed by the other pages only, so no page confirms itself.
    let points: Vec<Option<(u32, NaiveDate)>> = pages
        .iter()
        .zip(&dates)
        .map(|(p, d)| Some((p.week?, median(d.clone())?)))
        .collect();
    let mut sorted: Vec<NaiveDate> = points
        .iter()
        .flatten()
        .map(|&(w, d)| week_one(w, d))
        .collect();
    sorted.sort_unstable();
    let anchor_without = |i: usize| {
        let Some((w, d)) = points[i] else {
            return median(sorted.clone()).or(first_anchor);
        };
        // The lower median of the others: drop this page's own value from the sorted list.
        let own = sorted.partition_point(|x| *x < week_one(w, d));
        let m = (sorted.len().saturating_sub(2)) / 2;
        let pick = if m < own { m } else { m + 1 };
        (sorted.len() > 1)
            .then(|| sorted.get(pick).copied())
            .flatten()
            .or(first_anchor)
    };
    let anchor = anchor_of(points.iter().filter_map(|p| *p)).or(first_anchor);
    let sets: Vec<BTreeSet<NaiveDate>> =
        dates.iter().map(|d| d.iter().copied().collect()).collect();
    // Each week's dates (all its pages, both languages), for the neighbour criterion.
    let mut by_week: std::collections::BTreeMap<u32, Vec<NaiveDate>> = Default::default();
    for (p, d) in pages.iter().zip(&dates) {
        if let (Some(w), false) = (p.week, d.is_empty()) {
            by_week.entry(w).or_default().extend(d);
        }
    }
    let decisions = (0..pages.len())
        .map(|i| {
            let week = pages[i].week;
            let prev = week.and_then(|w| by_week.range(..w).next_back());
            let next = week.and_then(|w| by_week.range(w + 1..).next());
            let v = SiteView {
                anchor: anchor_without(i),
                twin: twin_page.get(i).copied().flatten().map(|t| &sets[t]),
                prev: prev.and_then(|(_, d)| median(d.clone())),
                next: next.and_then(|(_, d)| median(d.clone())),
                ..view
            };
            decide(&pages[i], &v, default)
        })
        .collect();
    SiteDates { decisions, anchor }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::dates::raw;
    use crate::normalize::days::parse_day;
    use crate::resolve::twins::{pair_pages, PageKey};
    use crate::resolve::RowIn;

    /// A page of (day cell, start cell) rows.
    fn page(week: u32, lang: Lang, front: Option<&str>, rows: &[(&str, &str)]) -> PageIn {
        PageIn {
            week: Some(week),
            lang,
            front_date: front.map(raw),
            heading_dates: Vec::new(),
            written: None,
            range: None,
            calendar: Vec::new(),
            span: None,
            dir: String::new(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, (day, start))| RowIn {
                    line: 10 + i as u32,
                    start: (!start.is_empty()).then(|| raw(start)),
                    end: None,
                    day: parse_day(day),
                })
                .collect(),
        }
    }

    fn one(p: PageIn) -> Decision {
        site(&[p], Order::Dmy).decisions.remove(0)
    }

    /// The site's dates, its pages paired as extraction pairs them.
    fn site(pages: &[PageIn], default: Order) -> SiteDates {
        let keys: Vec<PageKey> = pages
            .iter()
            .map(|p| PageKey {
                week: p.week,
                lang: p.lang,
                default_lang_file: false,
                day: None,
            })
            .collect();
        resolve_site(pages, &pair_pages(&keys).twin_page, default)
    }

    #[test]
    fn a_part_over_twelve_decides_and_mixed_pages_take_the_majority() {
        let d = one(page(
            1,
            Lang::En,
            None,
            &[("", "29/09/2025"), ("", "01/10/2025")],
        ));
        assert_eq!((d.order, d.how), (Order::Dmy, OrderChoice::Decided));
        let d = one(page(
            1,
            Lang::En,
            None,
            &[("", "09/29/2025"), ("", "09/30/2025"), ("", "15/08/2025")],
        ));
        assert_eq!(d.order, Order::Mdy);
        assert_eq!(d.how, OrderChoice::Mixed { dmy: 1, mdy: 2 });
    }

    #[test]
    fn weekday_names_decide_an_ambiguous_order() {
        // 05/01/2026 is Tue 5 May (dmy) or Thu 1 May... read as mm/dd it is a Friday.
        let d = one(page(
            1,
            Lang::En,
            None,
            &[
                ("Fri", "05/01/2026"),
                ("Mon", "05/04/2026"),
                ("Tue", "05/05/2026"),
            ],
        ));
        assert_eq!(d.order, Order::Mdy);
        match d.how {
            OrderChoice::Inferred(w) => assert!(w.contains("weekdays agree on 3/3"), "{w}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn year_comes_from_weekdays_not_a_stale_front_matter() {
        // 4 May is a Monday in 2026, a Sunday in 2025.
        let d = one(page(
            1,
            Lang::En,
            Some("2025-01-01"),
            &[("Mon", "May 4"), ("Tue", "May 5"), ("Wed", "May 6")],
        ));
        match d.year {
            Year::Inferred { year, why } => {
                assert_eq!(year, 2026);
                assert!(why.contains("3/3"), "{why}");
                assert!(why.contains("front matter says 2025"), "{why}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn week_order_places_year_less_pages_of_the_site() {
        // Weeks 1-2 carry years; week 3 has neither year nor weekdays, and a
        // stale front matter: the site's calendar puts it in 2026.
        let pages = vec![
            page(
                1,
                Lang::En,
                Some("2025-01-01"),
                &[("", "20/04/2026"), ("", "21/04/2026")],
            ),
            page(2, Lang::En, Some("2025-01-01"), &[("", "27/04/2026")]),
            page(
                3,
                Lang::En,
                Some("2025-01-01"),
                &[("", "04/05"), ("", "05/05")],
            ),
        ];
        let s = site(&pages, Order::Dmy);
        assert_eq!(s.anchor, NaiveDate::from_ymd_opt(2026, 4, 20));
        assert_eq!(s.decisions[2].year_value(), Some(2026));
        assert_eq!(s.decisions[2].order, Order::Dmy);
    }

    #[test]
    fn ambiguous_order_from_the_sites_calendar_then_the_language_prior() {
        let pages = vec![
            page(1, Lang::En, None, &[("", "04/27/2026")]),
            // 05/04/2026: May 4 (mdy) is a week after Apr 27; Apr 5 is not.
            page(2, Lang::En, None, &[("", "05/04/2026"), ("", "05/05/2026")]),
            page(2, Lang::Vi, None, &[("", "04/05/2026"), ("", "05/05/2026")]),
        ];
        let s = site(&pages, Order::Dmy);
        assert_eq!(s.decisions[1].order, Order::Mdy);
        assert_eq!(s.decisions[2].order, Order::Dmy);
        match &s.decisions[1].how {
            OrderChoice::Inferred(w) => assert!(w.contains("week 2"), "{w}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nothing_decides_uses_the_default() {
        let d = one(page(1, Lang::En, None, &[("", "01/02/2025")]));
        assert_eq!((d.order, d.how), (Order::Dmy, OrderChoice::Default));
        let d = site(
            &[page(1, Lang::En, None, &[("", "01/02/2025")])],
            Order::Mdy,
        )
        .decisions
        .remove(0);
        assert_eq!(d.order, Order::Mdy);
    }

    #[test]
    fn a_page_across_new_year_reads_january_in_the_next_year() {
        // Mon 29 Dec 2025 .. Fri 2 Jan 2026, no years written.
        let p = page(
            15,
            Lang::Vi,
            Some("2025-09-08"),
            &[("Thứ 2", "29/12"), ("Thứ 3", "30/12"), ("Thứ 6", "02/01")],
        );
        let d = site(std::slice::from_ref(&p), Order::Dmy)
            .decisions
            .remove(0);
        assert_eq!(d.year_value(), Some(2025));
        let dates: Vec<_> = p.rows.iter().map(|r| d.date(r.start.unwrap())).collect();
        assert_eq!(
            dates,
            [
                NaiveDate::from_ymd_opt(2025, 12, 29),
                NaiveDate::from_ymd_opt(2025, 12, 30),
                NaiveDate::from_ymd_opt(2026, 1, 2)
            ]
        );
    }

    #[test]
    fn criteria_are_listed_in_their_declared_order() {
        for (i, c) in Criterion::ALL.into_iter().enumerate() {
            assert_eq!(c as usize, i, "{c:?}");
        }
        // Scores compare lexicographically: an earlier criterion outweighs any later one.
        let mut a = Score::default();
        let mut b = Score::default();
        a[Criterion::Valid] = 1;
        b[Criterion::NamedWeekdays] = 9;
        assert!(a > b);
        assert_eq!(a.first_difference(&b), Some(Criterion::Valid));
    }

    #[test]
    fn no_year_anywhere_is_unknown() {
        let d = one(page(1, Lang::En, None, &[("", "15/09")]));
        assert_eq!(d.year, Year::Unknown);
    }

    #[test]
    fn running_day_numbers_are_a_count() {
        // 1, 2, 3, 4 on Fri 1, Sun 3, Mon 4, Wed 6 May 2026.
        let d = one(page(
            3,
            Lang::En,
            None,
            &[
                ("1", "01/05/2026"),
                ("2", "03/05/2026"),
                ("3", "04/05/2026"),
                ("4", "06/05/2026"),
            ],
        ));
        assert_eq!(d.convention, DigitConvention::Count);
        let d = one(page(
            3,
            Lang::Vi,
            None,
            &[("2", "04/05/2026"), ("3", "05/05/2026")],
        ));
        assert_eq!(d.convention, DigitConvention::TwoIsMonday);
    }
}
