//! The week a page covers, for its tasks that write no day of their own and for
//! the pages table: the range the page writes (heading or summary table), else
//! the site's overview table (its calendar), else its front-matter date when the
//! site's front-matter dates keep a weekly calendar.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::{expected_date, median, PageIn};
use crate::model::WeekRangeSource;
use crate::normalize::dates::{Order, RawDate};
use crate::resolve::dates::Decision;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Never `Rows`: those are the page's own.
    pub from: WeekRangeSource,
    /// For a calendar range or a section span: the page (index into the site's
    /// pages) and line where it is written.
    pub at: Option<(usize, u32)>,
}

/// A calendar date under the order of the page holding the table. A date
/// without a year takes the year that puts it nearest `near` (where the site's
/// dated rows place its week); without that, the page's own decision's year.
fn calendar_date(raw: RawDate, d: &Decision, near: Option<NaiveDate>) -> Option<NaiveDate> {
    let (Some(near), None) = (near, raw.year()) else {
        return d.date(raw);
    };
    let y = near.year();
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| raw.resolve(d.order, Some(y)))
        .min_by_key(|x| (*x - near).num_days().abs())
}

/// The site's calendar: per week, the range its overview table(s) give, with
/// where it was written.
fn calendar(
    pages: &[PageIn],
    decisions: &[Decision],
    anchor: Option<NaiveDate>,
) -> BTreeMap<u32, Window> {
    let mut out: BTreeMap<u32, Window> = BTreeMap::new();
    for (k, (p, d)) in pages.iter().zip(decisions).enumerate() {
        for &(week, line, a, b) in &p.calendar {
            let near = anchor.map(|a| expected_date(a, week));
            let start = calendar_date(a, d, near);
            // The end belongs with the start: a range crossing the new year
            // (`29/12 – 04/01`) ends in the next.
            let end = calendar_date(b, d, start.or(near));
            let dated = start.zip(end);
            let Some((start, end)) = dated else {
                continue;
            };
            if end < start || (end - start).num_days() > MAX_RANGE_DAYS {
                continue;
            }
            out.entry(week).or_insert(Window {
                start,
                end,
                from: WeekRangeSource::Calendar,
                at: Some((k, line)),
            });
        }
    }
    out
}

/// A written range longer than this is not one week's range.
const MAX_RANGE_DAYS: i64 = 13;
/// How far a front-matter date may sit from the week its site's front-matter calendar gives it.
const FRONT_SLACK_DAYS: i64 = 3;
/// How far that calendar may sit from the calendar of the site's dated rows (which
/// is anchored mid-week, the front matter on the week's first day).
const ANCHOR_SLACK_DAYS: i64 = 7;

fn front(p: &PageIn) -> Option<NaiveDate> {
    // Hugo writes front-matter dates ISO (year first): the order rarely matters.
    p.front_date?.resolve(Order::Dmy, None)
}

/// The week-1 start implied by a page's front-matter date.
fn implied_start(p: &PageIn) -> Option<NaiveDate> {
    let w = p.week.filter(|w| *w > 0)?;
    Some(front(p)? - Duration::days(7 * (i64::from(w) - 1)))
}

/// Per page, the site's overview-table range for its week, whether or not it is
/// the page's window (a page's own range is checked against it).
pub fn calendar_windows(
    pages: &[PageIn],
    decisions: &[Decision],
    anchor: Option<NaiveDate>,
) -> Vec<Option<Window>> {
    let calendar = calendar(pages, decisions, anchor);
    pages
        .iter()
        .map(|p| p.week.and_then(|w| calendar.get(&w)).copied())
        .collect()
}

/// A section page's span shorter than this is not an internship's (a week's
/// range, a sprint), one longer than this not one cohort's.
const MIN_SPAN_DAYS: i64 = 28;
const MAX_SPAN_DAYS: i64 = 400;

/// The internship span a worklog section page states (`from May 11, 2026 to
/// August 11, 2026`): (first day, last day, page index, line). Trusted only when
/// it holds every week of the site and agrees with what else dates the site:
/// the dated rows' calendar and a front-matter calendar kept by two weeks or more.
/// Section pages that state different spans (en and vi twins disagreeing) give none.
fn section_span(
    pages: &[PageIn],
    decisions: &[Decision],
    anchor: Option<NaiveDate>,
    front_anchor: Option<NaiveDate>,
) -> Option<Span> {
    let spans: Vec<Span> = pages
        .iter()
        .zip(decisions)
        .enumerate()
        .filter(|(_, (p, _))| p.week.is_none())
        .filter_map(|(k, (p, d))| {
            let (line, a, b) = p.span?;
            let (s, e) = (d.date(a)?, d.date(b)?);
            let days = (e - s).num_days();
            (MIN_SPAN_DAYS..=MAX_SPAN_DAYS)
                .contains(&days)
                .then_some((s, e, k, line))
        })
        .collect();
    let first = *spans.first()?;
    if spans.iter().any(|x| x.0 != first.0) {
        return None;
    }
    let (s, e) = (first.0, first.1);
    let last_week = pages
        .iter()
        .filter(|p| under(p, &pages[first.2]))
        .filter_map(|p| p.week)
        .max()?;
    let holds_weeks = expected_date(s, last_week) <= e;
    let near =
        |x: Option<NaiveDate>, slack: i64| x.is_none_or(|x| (s - x).num_days().abs() <= slack);
    (holds_weeks && near(anchor, ANCHOR_SLACK_DAYS) && near(front_anchor, FRONT_SLACK_DAYS))
        .then_some(first)
}

/// A section span: first day, last day, page index, line.
type Span = (NaiveDate, NaiveDate, usize, u32);

/// `p` lies in the folder of the section page `section` (or below it).
fn under(p: &PageIn, section: &PageIn) -> bool {
    let d = section.dir.as_str();
    p.dir == d || p.dir.strip_prefix(d).is_some_and(|r| r.starts_with('/'))
}

/// One window per page (`None` where nothing gives one).
/// `anchor` is the site's calendar from its dated rows, when it has any.
pub fn windows(
    pages: &[PageIn],
    decisions: &[Decision],
    anchor: Option<NaiveDate>,
) -> Vec<Option<Window>> {
    // The calendar the front-matter dates keep: the median implied week-1 start.
    // Trusted when the dated rows' calendar agrees, or (without one) when pages of
    // two different weeks keep it: a template date copied to every page implies a
    // different week 1 on each page, so it never does. A lone page is taken as written.
    let implied: Vec<(u32, NaiveDate)> = pages
        .iter()
        .filter_map(|p| Some((p.week?, implied_start(p)?)))
        .collect();
    let front_anchor = median(implied.iter().map(|x| x.1).collect()).filter(|f| {
        let near = |d: NaiveDate| (d - *f).num_days().abs() <= FRONT_SLACK_DAYS;
        let mut weeks: Vec<u32> = implied.iter().filter(|x| near(x.1)).map(|x| x.0).collect();
        weeks.sort_unstable();
        weeks.dedup();
        match anchor {
            Some(a) => (*f - a).num_days().abs() <= ANCHOR_SLACK_DAYS,
            None => weeks.len() >= 2 || implied.len() == 1,
        }
    });
    let calendar = calendar(pages, decisions, anchor);
    let span = section_span(pages, decisions, anchor, front_anchor);
    pages
        .iter()
        .zip(decisions)
        .map(|(p, d)| {
            if let Some((a, b)) = p.range {
                if let (Some(s), Some(e)) = (d.date(a), d.date(b)) {
                    if e >= s && (e - s).num_days() <= MAX_RANGE_DAYS {
                        return Some(Window {
                            start: s,
                            end: e,
                            from: WeekRangeSource::Page,
                            at: None,
                        });
                    }
                }
            }
            if let Some(w) = p.week.and_then(|w| calendar.get(&w)) {
                return Some(*w);
            }
            let w = p.week.filter(|w| *w > 0)?;
            let monday_of =
                |d: NaiveDate| d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
            let from_front = front(p).zip(front_anchor).and_then(|(f, fa)| {
                ((f - expected_date(fa, w)).num_days().abs() <= FRONT_SLACK_DAYS).then(|| Window {
                    start: monday_of(f),
                    end: monday_of(f) + Duration::days(6),
                    from: WeekRangeSource::FrontMatter,
                    at: None,
                })
            });
            if from_front.is_some() {
                return from_front;
            }
            // The section page's span, for a page whose front-matter date is
            // missing or one of an untrusted (template) set: a trusted
            // front-matter calendar this page is off is a reason to leave it undated.
            if let Some((s, e, k, line)) = span {
                let off_trusted = front(p).is_some() && front_anchor.is_some();
                let start = expected_date(s, w);
                if !off_trusted && start <= e && under(p, &pages[k]) {
                    return Some(Window {
                        start,
                        end: start + Duration::days(6),
                        from: WeekRangeSource::SectionSpan,
                        at: Some((k, line)),
                    });
                }
            }
            // A page that writes no date and no front-matter date: where its week
            // falls among the site's dated weeks. A front-matter date off that
            // calendar (a template's) is a reason to leave the page undated.
            if p.front_date.is_some()
                || !p.heading_dates.is_empty()
                || p.range.is_some()
                || p.rows.iter().any(|r| r.start.is_some() || r.end.is_some())
            {
                return None;
            }
            let mid = expected_date(anchor?, w);
            Some(Window {
                start: monday_of(mid),
                end: monday_of(mid) + Duration::days(6),
                from: WeekRangeSource::SiteWeeks,
                at: None,
            })
        })
        .collect()
}
