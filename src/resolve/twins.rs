//! En/vi twins: the pages of one intern and week in both languages, their rows
//! paired, and one language per week marked primary so counts take each task once.

use chrono::NaiveDate;

use crate::normalize::days;
use crate::page::Lang;

/// One weekly page of a site, as the twin pairing sees it.
#[derive(Debug, Clone)]
pub struct TwinPage {
    /// `None` (no week) pages are never twins.
    pub week: Option<u32>,
    pub lang: Lang,
    /// The file name carries no language suffix (`_index.md`).
    pub default_lang_file: bool,
    /// A day page's day (its name): pages of one week pair by it.
    pub day: Option<String>,
    pub rows: Vec<TwinRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwinRow {
    /// The row's own date (not a week's range).
    pub start: Option<NaiveDate>,
    pub weekday: Option<u8>,
    /// The Day cell or day heading as written.
    pub day: String,
    /// A list task without a day date of its own; `window` is its week's range if known.
    pub undated: bool,
    pub window: Option<(NaiveDate, NaiveDate)>,
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
fn default_lang(pages: &[TwinPage]) -> Lang {
    let (en, vi) = pages
        .iter()
        .filter(|p| p.default_lang_file)
        .fold((0, 0), |(en, vi), p| match p.lang {
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
pub fn pair_rows(a: &[TwinRow], b: &[TwinRow]) -> Vec<Option<usize>> {
    if a.len() == b.len() {
        return (0..a.len()).map(Some).collect();
    }
    let same = |x: &TwinRow, y: &TwinRow| match (x.start, y.start) {
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
pub fn borrowed_dates(pages: &[TwinPage], twins: &Twins) -> Vec<Vec<Option<(usize, usize)>>> {
    pages
        .iter()
        .enumerate()
        .map(|(k, p)| {
            p.rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    let (tk, tr) = twins.twin[k][r]?;
                    let twin = &pages[tk].rows[tr];
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
pub fn resolve(pages: &[TwinPage]) -> Twins {
    let default_lang = default_lang(pages);
    let mut primary = vec![true; pages.len()];
    let mut twin: Vec<Vec<Option<(usize, usize)>>> =
        pages.iter().map(|p| vec![None; p.rows.len()]).collect();
    let mut weeks: Vec<u32> = pages.iter().filter_map(|p| p.week).collect();
    weeks.sort_unstable();
    weeks.dedup();
    for w in weeks {
        let of = |lang: Lang| -> Vec<usize> {
            (0..pages.len())
                .filter(|&i| pages[i].week == Some(w) && pages[i].lang == lang)
                .collect()
        };
        let (en, vi) = (of(Lang::En), of(Lang::Vi));
        if en.is_empty() || vi.is_empty() {
            continue;
        }
        let tasks = |idx: &[usize]| idx.iter().map(|&i| pages[i].rows.len()).sum::<usize>();
        let winner = match tasks(&en).cmp(&tasks(&vi)) {
            std::cmp::Ordering::Greater => Lang::En,
            std::cmp::Ordering::Less => Lang::Vi,
            std::cmp::Ordering::Equal => default_lang,
        };
        for &i in en.iter().chain(&vi) {
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
            if let ([e], [v]) = (of_day(&en).as_slice(), of_day(&vi).as_slice()) {
                for (r, m) in pair_rows(&pages[*e].rows, &pages[*v].rows)
                    .into_iter()
                    .enumerate()
                {
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
    use super::*;

    fn d(day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 3, day)
    }
    fn row(day: u32) -> TwinRow {
        TwinRow {
            start: d(day),
            weekday: None,
            day: String::new(),
            undated: false,
            window: None,
        }
    }
    fn page(week: u32, lang: Lang, default_lang_file: bool, rows: Vec<TwinRow>) -> TwinPage {
        TwinPage {
            week: Some(week),
            lang,
            default_lang_file,
            day: None,
            rows,
        }
    }

    #[test]
    fn more_tasks_wins_and_a_tie_goes_to_the_default_language() {
        let pages = vec![
            page(1, Lang::Vi, true, vec![row(2), row(3)]),
            page(1, Lang::En, false, vec![row(2), row(3)]),
            page(2, Lang::Vi, true, vec![row(9)]),
            page(2, Lang::En, false, vec![row(9), row(10)]),
            page(3, Lang::En, false, vec![row(16)]),
        ];
        let t = resolve(&pages);
        assert_eq!(t.default_lang, Lang::Vi);
        assert_eq!(t.primary, [true, false, false, true, true]);
        assert_eq!(t.twin[0], [Some((1, 0)), Some((1, 1))]);
        // Uneven: the one vi row pairs with the en row of its date.
        assert_eq!(t.twin[2], [Some((3, 0))]);
        assert_eq!(t.twin[3], [Some((2, 0)), None]);
        assert_eq!(t.twin[4], [None]);
    }

    #[test]
    fn uneven_rows_pair_by_date_in_order() {
        let a = [row(2), row(4), row(5)];
        let b = [row(2), row(3), row(4), row(6)];
        assert_eq!(pair_rows(&a, &b), [Some(0), Some(2), None]);
        let wd = |w| TwinRow {
            start: None,
            weekday: Some(w),
            day: String::new(),
            undated: false,
            window: None,
        };
        assert_eq!(
            pair_rows(&[wd(1), wd(3)], &[wd(1), wd(2), wd(3)]),
            [Some(0), Some(2)]
        );
    }
}
