//! En/vi twins: the pages of one intern and week in both languages, their rows
//! paired, and one language per week marked primary so counts take each task once.
//!
//! The site's pages are paired once ([`pair_pages`]: one page per language per
//! week); the date resolver, the twin rows and the cross-page checks all read
//! that [`Pairing`].

use super::{DatedPage, DatedRow};
use crate::normalize::days;
use crate::page::Lang;

/// One page of a site, as the twin pairing sees it.
#[derive(Debug, Clone)]
pub struct PageKey {
    /// `None` (no week) pages are never twins.
    pub week: Option<u32>,
    pub lang: Lang,
    /// The file name carries no language suffix (`_index.md`).
    pub default_lang_file: bool,
    /// A day page's day (its name): pages of one week pair by it.
    pub day: Option<String>,
}

/// One week's pages in each language, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekPages {
    pub week: u32,
    pub en: Vec<usize>,
    pub vi: Vec<usize>,
}

/// A site's pages grouped by week and language: the one pairing of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    /// Weeks ascending.
    pub weeks: Vec<WeekPages>,
    /// Per page: the page of the same week in the other language, when that
    /// week has exactly one page in each language.
    pub twin_page: Vec<Option<usize>>,
}

/// Group a site's pages by week and language, and pair the weeks written as
/// one page in each language.
pub fn pair_pages(pages: &[PageKey]) -> Pairing {
    let mut weeks: std::collections::BTreeMap<u32, WeekPages> = Default::default();
    for (i, p) in pages.iter().enumerate() {
        let Some(week) = p.week else { continue };
        let w = weeks.entry(week).or_insert_with(|| WeekPages {
            week,
            en: Vec::new(),
            vi: Vec::new(),
        });
        match p.lang {
            Lang::En => w.en.push(i),
            Lang::Vi => w.vi.push(i),
        }
    }
    let mut twin_page = vec![None; pages.len()];
    for w in weeks.values() {
        if let ([e], [v]) = (w.en.as_slice(), w.vi.as_slice()) {
            twin_page[*e] = Some(*v);
            twin_page[*v] = Some(*e);
        }
    }
    Pairing {
        weeks: weeks.into_values().collect(),
        twin_page,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Twins {
    /// Per page: its language is the one counted for its week.
    pub primary: Vec<bool>,
    /// Per page, per row: the twin row `(page, row)` in the other language.
    pub twin: Vec<Vec<Option<(usize, usize)>>>,
    /// The site's default language (the language of its suffix-less files).
    pub default_lang: Lang,
}

/// The language most suffix-less files are written in; English when none is.
fn default_lang(pages: &[PageKey], dated: &[Option<DatedPage>]) -> Lang {
    let (en, vi) = pages
        .iter()
        .zip(dated)
        .filter(|(p, d)| p.default_lang_file && d.is_some())
        .fold((0, 0), |(en, vi), (p, _)| match p.lang {
            Lang::En => (en + 1, vi),
            Lang::Vi => (en, vi + 1),
        });
    if vi > en {
        Lang::Vi
    } else {
        Lang::En
    }
}

/// Rows of `a` paired with rows of `b`: by order when the counts match, else by
/// start date (or, when neither has one, weekday), keeping both in page order.
pub fn pair_rows(a: &[DatedRow], b: &[DatedRow]) -> Vec<Option<usize>> {
    if a.len() == b.len() {
        return (0..a.len()).map(Some).collect();
    }
    let same = |x: &DatedRow, y: &DatedRow| match (x.start, y.start) {
        (Some(s), Some(t)) => {
            s == t && (x.weekday.is_none() || y.weekday.is_none() || x.weekday == y.weekday)
        }
        (None, None) => x.weekday.is_some() && x.weekday == y.weekday,
        _ => false,
    };
    let mut next = 0;
    a.iter()
        .map(|x| {
            let j = (next..b.len()).find(|&j| same(x, &b[j]))?;
            next = j + 1;
            Some(j)
        })
        .collect()
}

/// The day number and weekday a day text names (`Day 2` → (2, –), `Ngày 2 - Thứ Hai` → (2, Monday)).
fn day_parts(day: &str) -> (Option<u32>, Option<u8>) {
    let number = day
        .split(|c: char| !c.is_ascii_digit())
        .find(|p| !p.is_empty())
        .and_then(|p| p.parse().ok())
        .filter(|n| (1..=31).contains(n));
    (number, days::parse_day(day).token.named())
}

/// Two day texts name the same day: the same number, or the same weekday.
fn same_day(a: &str, b: &str) -> bool {
    let (na, wa) = day_parts(a);
    let (nb, wb) = day_parts(b);
    (na.is_some() && na == nb) || (wa.is_some() && wa == wb)
}

/// For each undated list row, the twin row whose date it can take: a paired row
/// that has its own date, names the same day (`Day 2` / `Ngày 2 - Thứ Hai`), and
/// falls inside the row's week range when it has one. Per page, per row.
pub fn borrowed_dates(
    dated: &[Option<DatedPage>],
    twins: &Twins,
) -> Vec<Vec<Option<(usize, usize)>>> {
    dated
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let Some(p) = p else { return Vec::new() };
            p.rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    let (tk, tr) = twins.twin[k][r]?;
                    let twin = &dated[tk].as_ref()?.rows[tr];
                    let date = twin.start?;
                    let inside = row.window.is_none_or(|(a, b)| a <= date && date <= b);
                    (row.undated && same_day(&row.day, &twin.day) && inside).then_some((tk, tr))
                })
                .collect()
        })
        .collect()
}

/// Pair one site's pages and choose each week's primary language: the language
/// with more tasks that week, on a tie the site's default language.
///
/// `pages` and `dated` are the site's pages in one order, as [`pair_pages`]
/// paired them; `dated` is `None` for a page that gives no weekly rows.
pub fn resolve(pages: &[PageKey], pairing: &Pairing, dated: &[Option<DatedPage>]) -> Twins {
    let default_lang = default_lang(pages, dated);
    let mut primary = vec![true; pages.len()];
    let mut twin: Vec<Vec<Option<(usize, usize)>>> = dated
        .iter()
        .map(|p| vec![None; p.as_ref().map_or(0, |p| p.rows.len())])
        .collect();
    let rows = |i: usize| dated[i].as_ref().map_or(&[][..], |p| p.rows.as_slice());
    for WeekPages { en, vi, .. } in &pairing.weeks {
        if en.is_empty() || vi.is_empty() {
            continue;
        }
        let tasks = |idx: &[usize]| idx.iter().map(|&i| rows(i).len()).sum::<usize>();
        let winner = match tasks(en).cmp(&tasks(vi)) {
            std::cmp::Ordering::Greater => Lang::En,
            std::cmp::Ordering::Less => Lang::Vi,
            std::cmp::Ordering::Equal => default_lang,
        };
        for &i in en.iter().chain(vi) {
            primary[i] = pages[i].lang == winner;
        }
        // Rows pair only between one page of each language: the week's, or
        // one day page's (a week split into day pages).
        let mut days: Vec<&Option<String>> = en.iter().map(|&i| &pages[i].day).collect();
        days.sort();
        days.dedup();
        for day in days {
            let of_day = |idx: &[usize]| -> Vec<usize> {
                idx.iter()
                    .copied()
                    .filter(|&i| pages[i].day == *day)
                    .collect()
            };
            if let ([e], [v]) = (of_day(en).as_slice(), of_day(vi).as_slice()) {
                for (r, m) in pair_rows(rows(*e), rows(*v)).into_iter().enumerate() {
                    if let Some(m) = m {
                        twin[*e][r] = Some((*v, m));
                        twin[*v][m] = Some((*e, r));
                    }
                }
            }
        }
    }
    Twins {
        primary,
        twin,
        default_lang,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn d(day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 3, day)
    }
    fn row(day: u32) -> DatedRow {
        DatedRow {
            line: 1,
            row_number: 1,
            start: d(day),
            weekday: None,
            day: String::new(),
            undated: false,
            window: None,
        }
    }
    fn key(week: u32, lang: Lang, default_lang_file: bool) -> PageKey {
        PageKey {
            week: Some(week),
            lang,
            default_lang_file,
            day: None,
        }
    }
    fn dated(rows: Vec<DatedRow>) -> Option<DatedPage> {
        Some(DatedPage {
            path: String::new(),
            rows,
        })
    }

    #[test]
    fn more_tasks_wins_and_a_tie_goes_to_the_default_language() {
        let keys = vec![
            key(1, Lang::Vi, true),
            key(1, Lang::En, false),
            key(2, Lang::Vi, true),
            key(2, Lang::En, false),
            key(3, Lang::En, false),
        ];
        let pages = vec![
            dated(vec![row(2), row(3)]),
            dated(vec![row(2), row(3)]),
            dated(vec![row(9)]),
            dated(vec![row(9), row(10)]),
            dated(vec![row(16)]),
        ];
        let t = resolve(&keys, &pair_pages(&keys), &pages);
        assert_eq!(t.default_lang, Lang::Vi);
        assert_eq!(t.primary, [true, false, false, true, true]);
        assert_eq!(t.twin[0], [Some((1, 0)), Some((1, 1))]);
        // Uneven: the one vi row pairs with the en row of its date.
        assert_eq!(t.twin[2], [Some((3, 0))]);
        assert_eq!(t.twin[3], [Some((2, 0)), None]);
        assert_eq!(t.twin[4], [None]);
    }

    #[test]
    fn a_week_pairs_only_when_each_language_has_one_page() {
        let mut keys = vec![
            key(1, Lang::En, false),
            key(1, Lang::Vi, true),
            key(2, Lang::En, false),
            key(2, Lang::Vi, true),
            key(2, Lang::Vi, true),
            key(3, Lang::En, false),
        ];
        keys.push(PageKey {
            week: None,
            ..key(0, Lang::Vi, true)
        });
        let p = pair_pages(&keys);
        assert_eq!(
            p.twin_page,
            [Some(1), Some(0), None, None, None, None, None]
        );
        let weeks: Vec<(u32, &[usize], &[usize])> = p
            .weeks
            .iter()
            .map(|w| (w.week, w.en.as_slice(), w.vi.as_slice()))
            .collect();
        assert_eq!(
            weeks,
            [
                (1, &[0][..], &[1][..]),
                (2, &[2][..], &[3, 4][..]),
                (3, &[5][..], &[][..])
            ]
        );
    }

    #[test]
    fn a_page_without_weekly_rows_does_not_vote_for_the_default_language() {
        // One suffix-less vi section page, one suffix-less en weekly page.
        let keys = vec![
            PageKey {
                week: None,
                ..key(0, Lang::Vi, true)
            },
            key(1, Lang::En, true),
            key(1, Lang::Vi, false),
        ];
        let pages = vec![None, dated(vec![row(2)]), dated(vec![row(2)])];
        let t = resolve(&keys, &pair_pages(&keys), &pages);
        assert_eq!(t.default_lang, Lang::En);
        assert_eq!(t.primary, [true, true, false]);
    }

    #[test]
    fn uneven_rows_pair_by_date_in_order() {
        let a = [row(2), row(4), row(5)];
        let b = [row(2), row(3), row(4), row(6)];
        assert_eq!(pair_rows(&a, &b), [Some(0), Some(2), None]);
        let wd = |w| DatedRow {
            start: None,
            weekday: Some(w),
            ..row(1)
        };
        assert_eq!(
            pair_rows(&[wd(1), wd(3)], &[wd(1), wd(2), wd(3)]),
            [Some(0), Some(2)]
        );
    }
}
