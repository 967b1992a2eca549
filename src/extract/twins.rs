//! The bridge between a site's rows and the twin rules of [`resolve::twins`]:
//! each page's key for the pairing, its rows' resolved dates, and the results
//! written back (`is_primary`, `twin_key`, dates taken from a twin row).

use super::cells::{PageRows, SitePage};
use crate::diag::{Code, Sink};
use crate::model::{DatePrecision, Layout};
use crate::resolve::twins::{PageKey, Pairing};
use crate::resolve::{self, DatedPage, DatedRow};

/// Each page's key for the twin pairing, in the site's page order.
pub(super) fn page_keys(pages: &[SitePage]) -> Vec<PageKey> {
    pages
        .iter()
        .map(|p| PageKey {
            week: p.page.week,
            lang: p.page.lang,
            default_lang_file: p.page.default_lang_file,
            day: p.page.day_page.as_ref().map(|d| d.name.clone()),
        })
        .collect()
}

/// The resolved dates of the site's weekly pages (those that produced a page
/// row; `None` for the others), in page order: what the twin rows and the
/// cross-page checks read.
pub(super) fn dated_pages(pages: &[SitePage]) -> Vec<Option<DatedPage>> {
    pages
        .iter()
        .map(|p| {
            let rows = p.rows.as_ref()?;
            rows.page.as_ref()?;
            Some(DatedPage {
                path: p.file.source_path.clone(),
                rows: rows.tasks.iter().map(dated_row).collect(),
            })
        })
        .collect()
}

fn dated_row(t: &crate::model::Task) -> DatedRow {
    let own = t.own_start_date();
    DatedRow {
        line: t.source_line as u32,
        row_number: t.row_number as u32,
        start: own,
        weekday: t.weekday.map(|w| w as u8),
        day: t.day.clone(),
        undated: t.layout == Layout::List && own.is_none(),
        window: t.start_date.zip(t.end_date).filter(|_| own.is_none()),
    }
}

/// A weekly page's undated rows that take the dates of their twin rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TwinDates {
    /// The page (its place in the site's pages).
    pub page: usize,
    /// Its twin page.
    pub twin_page: usize,
    /// (row, twin row), rows in page order.
    pub rows: Vec<(usize, usize)>,
}

/// Pair one site's en/vi rows; set `is_primary` and `twin_key` on its rows.
/// Returns the rows that can take their twin's dates, page by page.
pub(super) fn mark_twins(
    keys: &[PageKey],
    pairing: &Pairing,
    dated: &[Option<DatedPage>],
    pages: &mut [SitePage],
) -> Vec<TwinDates> {
    let twins = resolve::twins::resolve(keys, pairing, dated);
    let borrowed = resolve::twins::borrowed_dates(dated, &twins)
        .into_iter()
        .enumerate()
        .filter_map(|(k, rows)| {
            let rows: Vec<(usize, usize, usize)> = rows
                .into_iter()
                .enumerate()
                .filter_map(|(r, b)| b.map(|(tk, tr)| (r, tk, tr)))
                .collect();
            // A page borrows from its one twin page (rows pair between two pages).
            let twin_page = rows.first()?.1;
            Some(TwinDates {
                page: k,
                twin_page,
                rows: rows.into_iter().map(|(r, _, tr)| (r, tr)).collect(),
            })
        })
        .collect();
    // The key of a pair is its primary row's task_id.
    let task_id = |k: usize, r: usize| -> Option<String> {
        let (pk, pr) = if twins.primary[k] {
            (k, r)
        } else {
            twins.twin[k][r]?
        };
        Some(pages[pk].rows.as_ref()?.tasks.get(pr)?.task_id.clone())
    };
    let twin_keys: Vec<Vec<Option<String>>> = (0..pages.len())
        .map(|k| {
            (0..twins.twin[k].len())
                .map(|r| twins.twin[k][r].and_then(|_| task_id(k, r)))
                .collect()
        })
        .collect();
    for (k, p) in pages.iter_mut().enumerate() {
        if dated[k].is_none() {
            continue;
        }
        let Some(rows) = p.rows.as_mut() else {
            continue;
        };
        set_primary(rows, twins.primary[k], &twin_keys[k]);
    }
    borrowed
}

fn set_primary(rows: &mut PageRows, primary: bool, twin_keys: &[Option<String>]) {
    for (t, key) in rows.tasks.iter_mut().zip(twin_keys) {
        t.is_primary = primary;
        t.twin_key.clone_from(key);
    }
    rows.labs.iter_mut().for_each(|l| l.is_primary = primary);
    rows.topics.iter_mut().for_each(|t| t.is_primary = primary);
    if let Some(p) = rows.page.as_mut() {
        p.is_primary = primary;
    }
}

/// Undated list rows take their twin row's own date when both name the same day
/// (one `twin_dates` note per page, naming the twin). Applied after the
/// cross-page checks, so borrowed dates never count as agreeing with their source.
pub(super) fn borrow_twin_dates(
    borrowed: &[TwinDates],
    pages: &mut [SitePage],
    sinks: &mut [Sink],
) {
    type Dates = (
        Option<chrono::NaiveDate>,
        Option<chrono::NaiveDate>,
        Option<i32>,
        Option<i32>,
    );
    for b in borrowed {
        let Some(&(first, _)) = b.rows.first() else {
            continue;
        };
        let twin = pages[b.twin_page].rows.as_ref();
        let from: Vec<Option<Dates>> = b
            .rows
            .iter()
            .map(|&(_, tr)| {
                let t = twin?.tasks.get(tr)?;
                Some((t.start_date, t.end_date, t.duration_days, t.weekday))
            })
            .collect();
        let twin_path = twin
            .and_then(|r| r.page.as_ref())
            .map(|p| p.source_path.clone())
            .unwrap_or_default();
        let at = pages[b.page].at;
        let Some(rows) = pages[b.page].rows.as_mut() else {
            continue;
        };
        for (&(r, _), dates) in b.rows.iter().zip(&from) {
            if let (Some(t), Some((start, end, duration, weekday))) = (rows.tasks.get_mut(r), dates)
            {
                t.start_date = *start;
                t.end_date = *end;
                t.duration_days = *duration;
                t.weekday = t.weekday.or(*weekday);
                t.date_precision = Some(DatePrecision::Day);
                t.date_from_twin = true;
            }
        }
        let line = rows.tasks.get(first).map_or(1, |t| t.source_line as u32);
        sinks[at].at(
            line,
            Code::TwinDates,
            format!(
                "{} tasks without a day date of their own took the dates of the same days on the twin page {twin_path}",
                b.rows.len()
            ),
        );
    }
}
