//! Cross-page checks on a site's resolved dates: en/vi twins that disagree,
//! dates far from their page and week, weeks out of order. Each finding names
//! both sides, so a mentor can fix the page from the message alone.

use chrono::NaiveDate;

use super::twins::{PageKey, Pairing};
use super::{expected_date, median, DatedPage};
use crate::diag::Code;
use crate::page::Lang;

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

fn starts(p: &DatedPage) -> Vec<NaiveDate> {
    p.rows.iter().filter_map(|r| r.start).collect()
}

fn first_line(p: &DatedPage) -> u32 {
    p.rows
        .iter()
        .find(|r| r.start.is_some())
        .or(p.rows.first())
        .map_or(1, |r| r.line)
}

/// One weekly page: its key and its dated rows.
#[derive(Clone, Copy)]
struct Weekly<'p> {
    key: &'p PageKey,
    dated: &'p DatedPage,
}

/// Every cross-page check for one site; `anchor` is where its week 1 begins.
/// `pages`, `pairing` and `dated` are the site's pages in one order; `dated`
/// is `None` for a page that gives no weekly rows (it is not checked).
pub fn check_site(
    pages: &[PageKey],
    pairing: &Pairing,
    dated: &[Option<DatedPage>],
    anchor: Option<NaiveDate>,
) -> (Vec<Finding>, Stats) {
    let weekly: Vec<Option<Weekly<'_>>> = pages
        .iter()
        .zip(dated)
        .map(|(key, d)| {
            Some(Weekly {
                key,
                dated: d.as_ref()?,
            })
        })
        .collect();
    let mut out = Vec::new();
    let mut stats = Stats::default();
    let expected = |p: Weekly<'_>| Some(expected_date(anchor?, p.key.week?));
    twins(&weekly, pairing, &expected, &mut out, &mut stats);
    outliers(&weekly, &expected, &mut out);
    week_order(&weekly, &mut out, &mut stats);
    (out, stats)
}

type Expected<'e> = &'e dyn Fn(Weekly<'_>) -> Option<NaiveDate>;

fn twins(
    pages: &[Option<Weekly<'_>>],
    pairing: &Pairing,
    expected: Expected<'_>,
    out: &mut Vec<Finding>,
    stats: &mut Stats,
) {
    for (i, p) in pages.iter().enumerate() {
        let Some(p) = *p else { continue };
        // Each pair once: from its English page.
        if p.key.lang != Lang::En {
            continue;
        }
        let Some(j) = pairing.twin_page[i] else {
            continue;
        };
        let Some(q) = pages[j] else { continue };
        let (pr, qr) = (&p.dated.rows, &q.dated.rows);
        if pr.is_empty() || qr.is_empty() {
            continue;
        }
        if pr.len() != qr.len() {
            stats.twin_pages_uneven += 1;
            let (few, fi, many) = if pr.len() < qr.len() {
                (p, i, q)
            } else {
                (q, j, p)
            };
            out.push(Finding {
                page: fi,
                line: first_line(few.dated),
                code: Code::TwinMismatch,
                message: format!(
                    "this page has {} task rows but its {} twin {} has {}; rows are paired only where their dates match (twin_key), and their dates not compared",
                    few.dated.rows.len(),
                    many.key.lang.as_str(),
                    many.dated.path,
                    many.dated.rows.len()
                ),
            });
            continue;
        }
        for (a, b) in pr.iter().zip(qr) {
            let (Some(sa), Some(sb)) = (a.start, b.start) else {
                continue;
            };
            stats.twin_rows += 1;
            if sa == sb {
                stats.twin_rows_agree += 1;
                continue;
            }
            // Flag the row further from where its week falls; the Vietnamese one on a tie.
            let off =
                |d: NaiveDate, pg: Weekly<'_>| expected(pg).map_or(0, |e| (d - e).num_days().abs());
            let (bad, bad_row, good, good_row) = if off(sa, p) > off(sb, q) {
                (i, a, q, b)
            } else {
                (j, b, p, a)
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
                    good.key.lang.as_str(),
                    good.dated.path,
                    good_row.line
                ),
            });
        }
    }
}

fn outliers(pages: &[Option<Weekly<'_>>], expected: Expected<'_>, out: &mut Vec<Finding>) {
    for (i, p) in pages.iter().enumerate() {
        let Some(p) = *p else { continue };
        let dates = starts(p.dated);
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
                    line: first_line(p.dated),
                    code: Code::DateOutlier,
                    message: format!(
                        "this page's dates (around {m}) are {} weeks {} where week {} falls in this site (around {e}, from its other weeks)",
                        off.abs() / 7,
                        if off < 0 { "before" } else { "after" },
                        p.key.week.unwrap_or(0)
                    ),
                });
                continue;
            }
        }
        // A row is an outlier against the page's other dates: a page needs two.
        if dates.len() < 2 {
            continue;
        }
        for r in &p.dated.rows {
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

fn week_order(pages: &[Option<Weekly<'_>>], out: &mut Vec<Finding>, stats: &mut Stats) {
    for lang in [Lang::En, Lang::Vi] {
        // Each week's pages with their median start date.
        let mut weeks: std::collections::BTreeMap<u32, Vec<(NaiveDate, usize)>> =
            Default::default();
        for (i, p) in pages.iter().enumerate() {
            let Some(p) = p.filter(|p| p.key.lang == lang) else {
                continue;
            };
            if let (Some(w), Some(m)) = (p.key.week, median(starts(p.dated))) {
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
                let path = pages[prev[0].1].map_or("", |p| p.dated.path.as_str());
                out.push(Finding {
                    page: ci,
                    line: pages[ci].map_or(1, |p| first_line(p.dated)),
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
    use crate::resolve::DatedRow;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn page(path: &str, week: u32, lang: Lang, starts: &[&str]) -> (PageKey, Option<DatedPage>) {
        let key = PageKey {
            week: Some(week),
            lang,
            default_lang_file: false,
            day: None,
        };
        let rows = starts
            .iter()
            .enumerate()
            .map(|(i, s)| DatedRow {
                line: 10 + i as u32,
                row_number: 1 + i as u32,
                start: (!s.is_empty()).then(|| d(s)),
                weekday: None,
                day: String::new(),
                undated: false,
                window: None,
            })
            .collect();
        (
            key,
            Some(DatedPage {
                path: path.to_string(),
                rows,
            }),
        )
    }

    fn check(
        pages: Vec<(PageKey, Option<DatedPage>)>,
        anchor: Option<NaiveDate>,
    ) -> (Vec<Finding>, Stats) {
        let (keys, dated): (Vec<PageKey>, Vec<Option<DatedPage>>) = pages.into_iter().unzip();
        check_site(
            &keys,
            &crate::resolve::twins::pair_pages(&keys),
            &dated,
            anchor,
        )
    }

    #[test]
    fn twins_that_disagree_are_flagged_on_the_row_off_its_week() {
        let pages = vec![
            page("w1.md", 1, Lang::En, &["2026-06-01", "2026-06-02"]),
            page("w1.vi.md", 1, Lang::Vi, &["2026-06-01", "2025-08-10"]),
        ];
        let (f, s) = check(pages, Some(d("2026-06-01")));
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
        let pages = vec![
            page("w1.md", 1, Lang::En, &["2025-09-29", "2025-09-30"]),
            page("w1.vi.md", 1, Lang::Vi, &["2025-09-29"]),
            page("w2.md", 2, Lang::En, &["2025-10-06"]),
            page("w3.md", 3, Lang::En, &["2025-09-22"]),
        ];
        let (f, s) = check(pages, None);
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
        let pages = vec![page("w5.md", 5, Lang::En, &["2025-08-10", "2025-08-11"])];
        let (f, _) = check(pages, Some(d("2026-06-01")));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("weeks before where week 5 falls"),
            "{}",
            f[0].message
        );
    }
}
