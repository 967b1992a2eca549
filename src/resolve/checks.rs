//! Cross-page checks on a site's resolved dates: en/vi twins that disagree,
//! dates far from their page and week, weeks out of order. Each finding names
//! both sides, so a mentor can fix the page from the message alone.

use chrono::NaiveDate;

use super::{expected_date, median};
use crate::diag::Code;
use crate::page::Lang;

/// One task row's resolved dates.
#[derive(Debug, Clone, Copy)]
pub struct RowDates {
    pub line: u32,
    pub row_number: u32,
    pub start: Option<NaiveDate>,
}

/// One page's resolved rows.
#[derive(Debug, Clone)]
pub struct PageDates<'a> {
    pub path: &'a str,
    pub week: Option<u32>,
    pub lang: Lang,
    pub rows: Vec<RowDates>,
}

/// A diagnostic for page `page` (an index into the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub page: usize,
    pub line: u32,
    pub code: Code,
    pub message: String,
}

/// What was compared, for `check --summary`.
pub use crate::model::CrossPageStats as Stats;

/// A row further than this from its page's dates is an outlier.
const OUTLIER_DAYS: i64 = 14;
/// A page further than this from its week's place in the site is an outlier.
const PAGE_OFF_DAYS: i64 = 28;

fn starts(p: &PageDates<'_>) -> Vec<NaiveDate> {
    p.rows.iter().filter_map(|r| r.start).collect()
}

fn first_line(p: &PageDates<'_>) -> u32 {
    p.rows
        .iter()
        .find(|r| r.start.is_some())
        .or(p.rows.first())
        .map_or(1, |r| r.line)
}

/// Every cross-page check for one site; `anchor` is where its week 1 begins.
pub fn check_site(pages: &[PageDates<'_>], anchor: Option<NaiveDate>) -> (Vec<Finding>, Stats) {
    let mut out = Vec::new();
    let mut stats = Stats::default();
    let expected = |p: &PageDates<'_>| Some(expected_date(anchor?, p.week?));
    twins(pages, &expected, &mut out, &mut stats);
    outliers(pages, &expected, &mut out);
    week_order(pages, &mut out, &mut stats);
    (out, stats)
}

fn twins(
    pages: &[PageDates<'_>],
    expected: &dyn Fn(&PageDates<'_>) -> Option<NaiveDate>,
    out: &mut Vec<Finding>,
    stats: &mut Stats,
) {
    let mut by_week: std::collections::HashMap<(u32, Lang), Vec<usize>> = Default::default();
    for (i, p) in pages.iter().enumerate() {
        if let Some(w) = p.week {
            by_week.entry((w, p.lang)).or_default().push(i);
        }
    }
    for (i, p) in pages.iter().enumerate() {
        // Each pair once: from its English page.
        if p.lang != Lang::En {
            continue;
        }
        let Some(week) = p.week else { continue };
        let (Some([_]), Some([j])) = (
            by_week.get(&(week, Lang::En)).map(Vec::as_slice),
            by_week.get(&(week, Lang::Vi)).map(Vec::as_slice),
        ) else {
            continue;
        };
        let q = &pages[*j];
        if p.rows.is_empty() || q.rows.is_empty() {
            continue;
        }
        if p.rows.len() != q.rows.len() {
            stats.twin_pages_uneven += 1;
            let (few, many) = if p.rows.len() < q.rows.len() {
                (i, *j)
            } else {
                (*j, i)
            };
            out.push(Finding {
                page: few,
                line: first_line(&pages[few]),
                code: Code::TwinMismatch,
                message: format!(
                    "this page has {} task rows but its {} twin {} has {}; rows are paired only where their dates match (twin_key), and their dates not compared",
                    pages[few].rows.len(),
                    pages[many].lang.as_str(),
                    pages[many].path,
                    pages[many].rows.len()
                ),
            });
            continue;
        }
        for (a, b) in p.rows.iter().zip(&q.rows) {
            let (Some(sa), Some(sb)) = (a.start, b.start) else {
                continue;
            };
            stats.twin_rows += 1;
            if sa == sb {
                stats.twin_rows_agree += 1;
                continue;
            }
            // Flag the row further from where its week falls; the Vietnamese one on a tie.
            let off = |d: NaiveDate, pg: &PageDates<'_>| {
                expected(pg).map_or(0, |e| (d - e).num_days().abs())
            };
            let (bad, bad_row, good, good_row) = if off(sa, p) > off(sb, q) {
                (i, a, *j, b)
            } else {
                (*j, b, i, a)
            };
            let (bd, gd) = (bad_row.start.unwrap_or(sa), good_row.start.unwrap_or(sb));
            out.push(Finding {
                page: bad,
                line: bad_row.line,
                code: Code::TwinMismatch,
                message: format!(
                    "row {} starts {bd}, but row {} of its {} twin ({}:{}) starts {gd}",
                    bad_row.row_number,
                    good_row.row_number,
                    pages[good].lang.as_str(),
                    pages[good].path,
                    good_row.line
                ),
            });
        }
    }
}

fn outliers(
    pages: &[PageDates<'_>],
    expected: &dyn Fn(&PageDates<'_>) -> Option<NaiveDate>,
    out: &mut Vec<Finding>,
) {
    for (i, p) in pages.iter().enumerate() {
        let dates = starts(p);
        let exp = expected(p);
        // The week's place in the site votes too, so one typo in two rows is found.
        let Some(mid) = median(dates.iter().copied().chain(exp).collect()) else {
            continue;
        };
        // Most of the page far from its week's place: one finding for the page.
        if let (Some(e), Some(m)) = (exp, median(dates.clone())) {
            let far = dates
                .iter()
                .filter(|d| (**d - e).num_days().abs() > PAGE_OFF_DAYS)
                .count();
            let off = (m - e).num_days();
            if far * 2 > dates.len() {
                out.push(Finding {
                    page: i,
                    line: first_line(p),
                    code: Code::DateOutlier,
                    message: format!(
                        "this page's dates (around {m}) are {} weeks {} where week {} falls in this site (around {e}, from its other weeks)",
                        off.abs() / 7,
                        if off < 0 { "before" } else { "after" },
                        p.week.unwrap_or(0)
                    ),
                });
                continue;
            }
        }
        // A row is an outlier against the page's other dates: a page needs two.
        if dates.len() < 2 {
            continue;
        }
        for r in &p.rows {
            let Some(s) = r.start else { continue };
            let off = (s - mid).num_days();
            if off.abs() > OUTLIER_DAYS {
                out.push(Finding {
                    page: i,
                    line: r.line,
                    code: Code::DateOutlier,
                    message: format!(
                        "row {} starts {s}, {} days {} the page's other dates (around {mid}); check the day, month and year",
                        r.row_number,
                        off.abs(),
                        if off < 0 { "before" } else { "after" }
                    ),
                });
            }
        }
    }
}

fn week_order(pages: &[PageDates<'_>], out: &mut Vec<Finding>, stats: &mut Stats) {
    for lang in [Lang::En, Lang::Vi] {
        // Each week's pages with their median start date.
        let mut weeks: std::collections::BTreeMap<u32, Vec<(NaiveDate, usize)>> =
            Default::default();
        for (i, p) in pages.iter().enumerate().filter(|(_, p)| p.lang == lang) {
            if let (Some(w), Some(m)) = (p.week, median(starts(p))) {
                weeks.entry(w).or_default().push((m, i));
            }
        }
        let list: Vec<(&u32, &Vec<(NaiveDate, usize)>)> = weeks.iter().collect();
        for pair in list.windows(2) {
            let ((pw, prev), (cw, cur)) = (pair[0], pair[1]);
            let Some(pd) = median(prev.iter().map(|(d, _)| *d).collect()) else {
                continue;
            };
            for &(cd, ci) in cur {
                stats.week_pairs += 1;
                if cd >= pd {
                    stats.week_pairs_in_order += 1;
                    continue;
                }
                let path = pages[prev[0].1].path;
                out.push(Finding {
                    page: ci,
                    line: first_line(&pages[ci]),
                    code: Code::WeekOrder,
                    message: format!(
                        "week {cw}'s dates (around {cd}) fall before week {pw}'s (around {pd}, {path})"
                    ),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn page<'a>(path: &'a str, week: u32, lang: Lang, starts: &[&str]) -> PageDates<'a> {
        PageDates {
            path,
            week: Some(week),
            lang,
            rows: starts
                .iter()
                .enumerate()
                .map(|(i, s)| RowDates {
                    line: 10 + i as u32,
                    row_number: 1 + i as u32,
                    start: (!s.is_empty()).then(|| d(s)),
                })
                .collect(),
        }
    }

    #[test]
    fn twins_that_disagree_are_flagged_on_the_row_off_its_week() {
        let pages = [
            page("w1.md", 1, Lang::En, &["2026-06-01", "2026-06-02"]),
            page("w1.vi.md", 1, Lang::Vi, &["2026-06-01", "2025-08-10"]),
        ];
        let (f, s) = check_site(&pages, Some(d("2026-06-01")));
        let twin: Vec<&Finding> = f.iter().filter(|x| x.code == Code::TwinMismatch).collect();
        assert_eq!(twin.len(), 1, "{f:#?}");
        assert_eq!((twin[0].page, twin[0].line), (1, 11));
        assert!(
            twin[0]
                .message
                .contains("row 2 of its en twin (w1.md:11) starts 2026-06-02"),
            "{}",
            twin[0].message
        );
        assert_eq!((s.twin_rows, s.twin_rows_agree), (2, 1));
        // The same row is also far from its page.
        assert!(f
            .iter()
            .any(|x| x.code == Code::DateOutlier && x.page == 1 && x.line == 11));
    }

    #[test]
    fn uneven_twins_and_weeks_out_of_order() {
        let pages = [
            page("w1.md", 1, Lang::En, &["2025-09-29", "2025-09-30"]),
            page("w1.vi.md", 1, Lang::Vi, &["2025-09-29"]),
            page("w2.md", 2, Lang::En, &["2025-10-06"]),
            page("w3.md", 3, Lang::En, &["2025-09-22"]),
        ];
        let (f, s) = check_site(&pages, None);
        assert!(f.iter().any(|x| x.code == Code::TwinMismatch
            && x.page == 1
            && x.message
                .contains("has 1 task rows but its en twin w1.md has 2")));
        let wo: Vec<&Finding> = f.iter().filter(|x| x.code == Code::WeekOrder).collect();
        assert_eq!(wo.len(), 1);
        assert_eq!(wo[0].page, 3);
        assert!(wo[0]
            .message
            .contains("week 3's dates (around 2025-09-22) fall before week 2's"));
        assert_eq!((s.week_pairs, s.week_pairs_in_order), (2, 1));
    }

    #[test]
    fn a_page_far_from_its_week_is_an_outlier() {
        let pages = [page("w5.md", 5, Lang::En, &["2025-08-10", "2025-08-11"])];
        let (f, _) = check_site(&pages, Some(d("2026-06-01")));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("weeks before where week 5 falls"),
            "{}",
            f[0].message
        );
    }
}
