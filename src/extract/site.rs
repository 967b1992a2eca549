//! The per-site steps: one site's files (one intern: every week, both
//! languages) read, its pages resolved together, its rows made.
//!
//! The steps run in [`resolve_site_rows`], in order, each announced to
//! [`isolate::Stages`] so a panic names it; a new per-site step goes there.

use super::cells::{self, PageRows, SitePage};
use super::read::{is_worklog, read_all, FileRead};
use super::walk::InputFile;
use super::{incremental, isolate, twins, Options};
use crate::diag::{Code, Diagnostic, Sink};
use crate::model::{CrossPageStats, Extraction, SiteRecord, WeekRangeSource};
use crate::output::progress::Progress;
use crate::page::{self, ParsedPage};
use crate::resolve::dates::SiteDates;
use crate::resolve::twins::{PageKey, Pairing};
use crate::resolve::weeks::Window;
use crate::resolve::{self, DatedPage, PageIn};

/// Read, parse and resolve one site's files.
pub(super) fn extract_site(
    files: Vec<InputFile>,
    opts: &Options,
    progress: &Progress,
) -> Extraction {
    let mut out = Extraction::default();
    let mut reads = read_all(files, opts.max_page_bytes, progress);
    out.sites.extend(site_record(&reads, opts));
    // A worklog section is known by its weekly pages, not its name.
    let mut refs: Vec<Option<&mut ParsedPage>> =
        reads.iter_mut().map(|r| r.page.as_mut()).collect();
    for (i, message) in page::section_weeks(&mut refs) {
        let r = &mut reads[i];
        r.diags.push(Diagnostic::new(
            &r.file.source_path,
            Some(1),
            Code::WeekFromSection,
            message,
        ));
    }
    let mut reads: Vec<FileRead> = reads.into_iter().filter(is_worklog).collect();
    let Some(intern) = reads.first().map(|r| r.file.intern.clone()) else {
        return out;
    };
    twin_file_languages(&mut reads);
    let (mut pages, mut sinks) = split_reads(reads);
    // What reading found stays if a later stage fails; what that stage and
    // the ones before it found goes with the site's rows.
    let read_diags: Vec<usize> = sinks.iter().map(|s| s.items.len()).collect();
    let stages = isolate::Stages::new(&intern);
    let resolved = isolate::catch(|| {
        stages.enter(isolate::Stage::DayPages);
        link_day_pages(&mut pages, &mut sinks);
        resolve_site_rows(&mut pages, opts, &mut sinks, &mut out, &stages);
    });
    if let Err(panic) = resolved {
        for (sink, n) in sinks.iter_mut().zip(read_diags) {
            sink.items.truncate(n);
        }
        site_failed(&pages, stages.current(), &panic, &mut sinks, &mut out);
        // None of its rows are written.
        pages.iter_mut().for_each(|p| p.rows = None);
    }
    let mut pages = pages.into_iter().peekable();
    for (at, mut sink) in sinks.into_iter().enumerate() {
        // Every diagnostic names whose page it is about.
        for d in &mut sink.items {
            d.intern.clone_from(&intern);
        }
        if let Some(rows) = pages.next_if(|p| p.at == at).and_then(|p| p.rows) {
            out.tasks.extend(rows.tasks);
            out.task_labs.extend(rows.labs);
            out.task_topics.extend(rows.topics);
            out.pages.extend(rows.page);
        }
        out.diagnostics.extend(sink.items);
    }
    out
}

/// A page file without a language suffix beside an `.en.md` twin is the other
/// language (Vietnamese), and beside a `.vi.md` twin English, whatever its text
/// looks like (Vietnamese typed without diacritics reads like English).
fn twin_file_languages(reads: &mut [FileRead]) {
    use std::collections::HashSet;
    let folder = |p: &str| p.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let with = |lang: page::Lang| -> HashSet<String> {
        reads
            .iter()
            .filter(|r| page::suffix_lang(&r.file.source_path) == Some(lang))
            .map(|r| folder(&r.file.source_path))
            .collect()
    };
    let en = with(page::Lang::En);
    let vi = with(page::Lang::Vi);
    for r in reads.iter_mut() {
        let dir = folder(&r.file.source_path);
        if let Some(p) = r.page.as_mut().filter(|p| p.default_lang_file) {
            if en.contains(&dir) && !vi.contains(&dir) {
                p.lang = page::Lang::Vi;
            } else if vi.contains(&dir) && !en.contains(&dir) {
                p.lang = page::Lang::En;
            }
        }
    }
}

/// Each read as a sink holding its diagnostics so far (every file, in input
/// order), and the parsed pages among them.
fn split_reads(reads: Vec<FileRead>) -> (Vec<SitePage>, Vec<Sink>) {
    let mut sinks: Vec<Sink> = Vec::with_capacity(reads.len());
    let mut pages: Vec<SitePage> = Vec::with_capacity(reads.len());
    for (at, r) in reads.into_iter().enumerate() {
        let mut sink = Sink::new(&r.file.source_path);
        sink.items = r.diags;
        if let Some(page) = r.page {
            pages.push(SitePage {
                file: r.file,
                page,
                at,
                rows: None,
            });
        }
        sinks.push(sink);
    }
    (pages, sinks)
}

/// Weeks split into day pages: each day's place, and week rows that repeat a day.
fn link_day_pages(pages: &mut [SitePage], sinks: &mut [Sink]) {
    let mut refs: Vec<Option<&mut ParsedPage>> = (0..sinks.len()).map(|_| None).collect();
    for p in pages.iter_mut() {
        refs[p.at] = Some(&mut p.page);
    }
    for (i, line, message) in page::day_pages::link_site(&mut refs) {
        sinks[i].at(line, Code::DayPages, message);
    }
}

/// Steps 1 to 6 of one site: its pages' rows, with the site's decisions
/// applied and its cross-page findings in `sinks`. `stages` is told each
/// stage as it starts.
fn resolve_site_rows(
    pages: &mut [SitePage],
    opts: &Options,
    sinks: &mut [Sink],
    out: &mut Extraction,
    stages: &isolate::Stages,
) {
    use isolate::Stage;
    let enter = |s| stages.enter(s);
    // Step 1: scan every page's cells as written.
    enter(Stage::Scan);
    let scanned = scan_pages(pages, sinks);
    // The site's en/vi pairing, once: dates, twin rows and checks all read it.
    let keys = twins::page_keys(pages);
    let pairing = resolve::twins::pair_pages(&keys);
    // Step 2: the site decides order and year for each page.
    enter(Stage::Dates);
    let dates = resolve_dates(&scanned, &pairing, opts);
    // Step 3: the decisions applied to each page's rows.
    enter(Stage::Apply);
    let ctx = cells::Context {
        intern: stages.intern,
        cohort: &opts.cohort,
        taxonomy: &opts.taxonomy,
    };
    apply_dates(pages, &scanned, &dates, &ctx, sinks, out);
    // Step 4: en/vi twins and each week's primary language.
    enter(Stage::Twins);
    let dated = twins::dated_pages(pages);
    let borrowed = twins::mark_twins(&keys, &pairing, &dated, pages);
    // Step 5: cross-page checks on the resolved dates.
    enter(Stage::Checks);
    out.cross_page += cross_page_checks(&keys, &pairing, &dated, pages, sinks, dates.site.anchor);
    // Step 6: undated list rows take the same days from their dated twins.
    enter(Stage::TwinDates);
    twins::borrow_twin_dates(&borrowed, pages, sinks);
}

/// A site whose stage `stage` panicked: none of its rows are written, and its
/// table rows are counted as dropped, by one `internal_error` on its first
/// page. Its fingerprint is spoilt, so the next run parses it again.
fn site_failed(
    pages: &[SitePage],
    stage: isolate::Stage,
    panic: &str,
    sinks: &mut [Sink],
    out: &mut Extraction,
) {
    let mut failed = Extraction {
        sites: std::mem::take(&mut out.sites),
        ..Extraction::default()
    };
    for s in &mut failed.sites {
        s.fingerprint = "internal_error".to_string();
    }
    // Joined rows' second lines stay accounted by their kept `joined_row` notes.
    let joined = sinks
        .iter()
        .flat_map(|s| &s.items)
        .filter(|d| d.code == Code::JoinedRow)
        .count();
    for p in pages.iter().map(|p| &p.page) {
        failed.table_rows += p.table_rows as usize;
        failed.empty_rows += p.empty_rows as usize;
        failed.other_table_rows += p.other_table_rows as usize;
        failed.overview_rows += p.overview_rows as usize;
        failed.data_table_rows += p.data_table_rows as usize;
        failed.dropped_rows += (p.table_rows as usize).saturating_sub(
            (p.empty_rows + p.other_table_rows + p.overview_rows + p.data_table_rows) as usize,
        );
    }
    failed.dropped_rows = failed.dropped_rows.saturating_sub(joined);
    let at = pages.first().map_or(0, |p| p.at);
    if let Some(sink) = sinks.get_mut(at) {
        sink.push(
            None,
            Code::InternalError,
            format!(
                "internal error in {} for this site (please report it): {panic}; none of its rows were written ({} pages; {} task table rows counted as dropped)",
                stage.name(),
                pages.len(),
                failed.dropped_rows
            ),
        );
    }
    *out = failed;
}

/// The site's record for the manifest: its fingerprint over every file read
/// (worklog or not: a new page anywhere in the site changes it).
fn site_record(reads: &[FileRead], opts: &Options) -> Option<SiteRecord> {
    let keyed: Vec<(&InputFile, &str)> = reads.iter().map(|r| (&r.file, r.key.as_str())).collect();
    let (first, _) = keyed.first()?;
    Some(SiteRecord {
        intern: first.intern.clone(),
        fingerprint: incremental::fingerprint(opts, &keyed),
        files: keyed.len(),
        reused: false,
    })
}

/// Every page's date-bearing cells as written, with when it was written if known.
fn scan_pages(pages: &[SitePage], sinks: &mut [Sink]) -> Vec<PageIn> {
    pages
        .iter()
        .map(|p| {
            let mut scan = cells::scan(&p.page, &mut sinks[p.at]);
            // The last commit that changed the page: when it was written, near enough.
            scan.written = p
                .file
                .git
                .as_ref()
                .and_then(|g| g.committed_at)
                .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                .map(|t| t.date_naive());
            scan
        })
        .collect()
}

/// The site's decisions, per page: its dates' order and year, and its week's range.
struct Dates {
    site: SiteDates,
    /// The week's range each page states or its rows span.
    windows: Vec<Option<Window>>,
    /// The site's overview-table row for each page's week.
    calendars: Vec<Option<Window>>,
}

/// Resolve the site's dates from all its pages.
fn resolve_dates(scanned: &[PageIn], pairing: &Pairing, opts: &Options) -> Dates {
    let site = resolve::dates::resolve_site(scanned, &pairing.twin_page, opts.date_order);
    let windows = resolve::weeks::windows(scanned, &site.decisions, site.anchor);
    let calendars = resolve::weeks::calendar_windows(scanned, &site.decisions, site.anchor);
    Dates {
        site,
        windows,
        calendars,
    }
}

/// Apply the site's decisions to each page's rows (with the page's provenance),
/// and count its table rows.
fn apply_dates(
    pages: &mut [SitePage],
    scanned: &[PageIn],
    dates: &Dates,
    ctx: &cells::Context<'_>,
    sinks: &mut [Sink],
    out: &mut Extraction,
) {
    let rows: Vec<PageRows> = pages
        .iter()
        .zip(scanned)
        .enumerate()
        .map(|(k, (p, s))| {
            let week = week_in(pages, k, s, dates);
            let mut rows = cells::normalize(
                &p.page,
                s,
                &dates.site.decisions[k],
                &week,
                ctx,
                &mut sinks[p.at],
            );
            if let (Some(row), Some(g)) = (rows.page.as_mut(), &p.file.git) {
                row.repo = Some(g.repo.shown.clone());
                row.commit = Some(g.repo.commit.clone());
                row.committed_at = g.committed_at;
            }
            let page = &p.page;
            out.table_rows += page.table_rows as usize;
            out.empty_rows += page.empty_rows as usize;
            out.other_table_rows += page.other_table_rows as usize;
            out.overview_rows += page.overview_rows as usize;
            out.data_table_rows += page.data_table_rows as usize + rows.data_rows as usize;
            rows
        })
        .collect();
    for (p, r) in pages.iter_mut().zip(rows) {
        p.rows = Some(r);
    }
}

/// What the site says of page `k`'s week.
fn week_in<'p>(pages: &'p [SitePage], k: usize, s: &PageIn, dates: &Dates) -> cells::WeekIn<'p> {
    // Where the calendar row for this page's week was written.
    let calendar_at = dates.calendars[k]
        .and_then(|w| w.at)
        .and_then(|(c, line)| Some((pages.get(c)?.file.source_path.as_str(), line)));
    let expected = dates.site.anchor.zip(s.week).map(|(a, w)| {
        // The anchor is a week's middle (the median of its rows).
        let mid = resolve::expected_date(a, w);
        Window {
            start: mid - chrono::Duration::days(3),
            end: mid + chrono::Duration::days(3),
            from: WeekRangeSource::Rows,
            at: None,
        }
    });
    cells::WeekIn {
        window: dates.windows[k],
        calendar: dates.calendars[k],
        calendar_at,
        expected,
    }
}

/// The cross-page checks on the resolved dates of the site's weekly pages
/// (section pages give no rows); findings go to their page's sink.
fn cross_page_checks(
    keys: &[PageKey],
    pairing: &Pairing,
    dated: &[Option<DatedPage>],
    pages: &[SitePage],
    sinks: &mut [Sink],
    anchor: Option<chrono::NaiveDate>,
) -> CrossPageStats {
    let (findings, stats) = resolve::checks::check_site(keys, pairing, dated, anchor);
    for f in findings {
        sinks[pages[f.page].at].at(f.line, f.code, f.message);
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::topics::Taxonomy;

    fn page(week: u32, table: &str) -> String {
        format!("---\ntitle: \"Week {week} Worklog\"\ndate: 2026-03-16\n---\n\n### Tasks\n\n| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n{table}")
    }

    /// One site's parsed pages and their sinks, as `extract_site` hands them on.
    fn parsed(files: &[(&str, String)]) -> (Vec<SitePage>, Vec<Sink>) {
        let reads = files
            .iter()
            .map(|(path, text)| {
                let mut sink = Sink::new(path);
                let page = page::parse(path, text, &mut sink);
                FileRead {
                    file: InputFile {
                        path: (*path).into(),
                        source_path: path.to_string(),
                        intern: "an".to_string(),
                        explicit: false,
                        git: None,
                    },
                    page: Some(page),
                    diags: sink.items,
                    key: String::new(),
                }
            })
            .collect();
        split_reads(reads)
    }

    fn resolved(files: &[(&str, String)]) -> (Vec<SitePage>, Vec<Sink>) {
        let (mut pages, mut sinks) = parsed(files);
        let opts = Options::new(Taxonomy::bundled());
        let stages = isolate::Stages::new("an");
        let mut out = Extraction::default();
        resolve_site_rows(&mut pages, &opts, &mut sinks, &mut out, &stages);
        (pages, sinks)
    }

    #[test]
    fn twins_are_marked_on_the_language_with_more_tasks_and_keyed_by_its_rows() {
        let (pages, _) = resolved(&[
            (
                "c/1.1-Week1/_index.md",
                page(1, "| Mon | IAM | 16/03/2026 | 16/03/2026 |\n| Tue | VPC | 17/03/2026 | 17/03/2026 |\n"),
            ),
            (
                "c/1.1-Week1/_index.vi.md",
                page(1, "| Thứ 2 | IAM | 16/03/2026 | 16/03/2026 |\n| Thứ 3 | VPC | 17/03/2026 | 17/03/2026 |\n| Thứ 4 | EC2 | 18/03/2026 | 18/03/2026 |\n"),
            ),
            (
                "c/1.2-Week2/_index.md",
                page(2, "| Mon | S3 | 23/03/2026 | 23/03/2026 |\n"),
            ),
        ]);
        let tasks = |k: usize| &pages[k].rows.as_ref().unwrap().tasks;
        let (en, vi, w2) = (tasks(0), tasks(1), tasks(2));
        // Week 1: Vietnamese has more tasks and is counted; its rows key the pairs.
        assert!(vi.iter().all(|t| t.is_primary) && en.iter().all(|t| !t.is_primary));
        assert_eq!(en[0].twin_key.as_deref(), Some(vi[0].task_id.as_str()));
        assert_eq!(en[1].twin_key.as_deref(), Some(vi[1].task_id.as_str()));
        assert_eq!(vi[0].twin_key, en[0].twin_key);
        assert_eq!(vi[2].twin_key, None);
        // Week 2 has no twin: counted, unkeyed.
        assert!(w2[0].is_primary && w2[0].twin_key.is_none());
        assert!(pages
            .iter()
            .all(|p| p.rows.as_ref().unwrap().page.is_some()));
    }

    #[test]
    fn every_file_keeps_its_sink_and_only_parsed_pages_are_site_pages() {
        let (pages, sinks) = parsed(&[
            (
                "c/1.1-Week1/_index.md",
                page(1, "| Mon | IAM | 16/03/2026 | 16/03/2026 |\n"),
            ),
            (
                "c/1.2-Week2/_index.md",
                page(2, "| Mon | S3 | 23/03/2026 | 23/03/2026 |\n"),
            ),
        ]);
        assert_eq!(sinks.len(), 2);
        assert_eq!(pages.iter().map(|p| p.at).collect::<Vec<_>>(), [0, 1]);
        let keys = twins::page_keys(&pages);
        assert_eq!(
            keys.iter().map(|k| k.week).collect::<Vec<_>>(),
            [Some(1), Some(2)]
        );
    }
}
