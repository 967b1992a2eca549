//! Owned output rows: what extraction produces and the dataset writer consumes.

use chrono::NaiveDate;

use crate::diag::Diagnostic;

/// How a page writes its tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A tasks table.
    Table,
    /// Day headings or the items of a work section (no tasks table).
    List,
    /// Neither: no tasks written.
    None,
}

impl Layout {
    pub const ALL: [Layout; 3] = [Layout::Table, Layout::List, Layout::None];
    /// The name stored in the dataset.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Table => "table",
            Layout::List => "list",
            Layout::None => "none",
        }
    }
    pub fn from_name(s: &str) -> Option<Layout> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Vi,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Vi];
    /// The name stored in the dataset.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Vi => "vi",
        }
    }
    pub fn from_name(s: &str) -> Option<Lang> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// What a task's dates stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    /// The task's own dates.
    Day,
    /// Its week's range (the task names no day of its own).
    Week,
}

impl DatePrecision {
    pub const ALL: [DatePrecision; 2] = [DatePrecision::Day, DatePrecision::Week];
    /// The name stored in the dataset.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
        }
    }
    pub fn from_name(s: &str) -> Option<DatePrecision> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub task_id: String,
    pub intern: String,
    pub cohort: String,
    pub week: i32,
    pub lang: Lang,
    pub row_number: i32,
    pub day: String,
    pub weekday: Option<i32>,
    pub title: String,
    pub details: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub duration_days: Option<i32>,
    pub reference: String,
    pub reference_urls: String,
    /// Time spent in hours, from a time-spent column (`4h`, `30 min`).
    pub hours: Option<f64>,
    /// Cells of columns with no other role, `Header: value` per line.
    pub notes: String,
    pub source_path: String,
    pub source_line: i32,
    /// How the page writes its tasks (`Table` or `List`).
    pub layout: Layout,
    /// `Day` when the dates are the task's own, `Week` when they are the week's range.
    pub date_precision: Option<DatePrecision>,
    /// Shared by a task and its twin row in the other language (the primary row's task_id).
    pub twin_key: Option<String>,
    /// This row's language is the one counted for its intern and week.
    pub is_primary: bool,
    /// The weekday the Day cell names (not stored: `weekday` falls back to the date).
    pub day_weekday: Option<u8>,
    /// A Day or date cell holds something date-like (not stored; for `check --summary`).
    pub date_written: bool,
    /// The dates were taken from the twin row (not stored; kept out of agreement figures).
    pub date_from_twin: bool,
}

impl Task {
    /// The start date the task writes itself: not a week's range, not borrowed
    /// from its twin (what agreement checks and figures may compare).
    pub fn own_start_date(&self) -> Option<NaiveDate> {
        self.start_date
            .filter(|_| self.date_precision == Some(DatePrecision::Day) && !self.date_from_twin)
    }
}

/// Where a page's week range (`week_start`, `week_end`) came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WeekRangeSource {
    /// Written on the page itself (a heading, a `Duration:` line or summary table).
    Page,
    /// The site's overview table (its row for this week).
    Calendar,
    /// The first and last of the page's own row dates.
    Rows,
    /// The Monday–Sunday week of the front-matter date (when the site's front
    /// matter keeps a weekly calendar).
    FrontMatter,
    /// The Monday–Sunday week where the page's week falls among the site's dated
    /// weeks, for a page that writes no date at all.
    SiteWeeks,
    /// Week N of the internship span a worklog section page states (`from May
    /// 11, 2026 to August 11, 2026`): its first day + 7(N-1), seven days.
    SectionSpan,
}

impl WeekRangeSource {
    pub const ALL: [WeekRangeSource; 6] = [
        WeekRangeSource::Page,
        WeekRangeSource::Calendar,
        WeekRangeSource::Rows,
        WeekRangeSource::FrontMatter,
        WeekRangeSource::SiteWeeks,
        WeekRangeSource::SectionSpan,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            WeekRangeSource::Page => "page",
            WeekRangeSource::Calendar => "calendar",
            WeekRangeSource::Rows => "rows",
            WeekRangeSource::FrontMatter => "front_matter",
            WeekRangeSource::SiteWeeks => "site_weeks",
            WeekRangeSource::SectionSpan => "section_span",
        }
    }
    pub fn from_name(s: &str) -> Option<WeekRangeSource> {
        Self::ALL.into_iter().find(|w| w.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LabSource {
    Task,
    Reference,
}

impl LabSource {
    pub fn as_str(self) -> &'static str {
        match self {
            LabSource::Task => "task",
            LabSource::Reference => "reference",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskLab {
    pub task_id: String,
    pub intern: String,
    pub week: i32,
    pub lab: i32,
    pub source: LabSource,
    pub is_primary: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskTopic {
    pub task_id: String,
    pub intern: String,
    pub week: i32,
    pub topic: String,
    pub category: String,
    pub is_primary: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub page_id: String,
    pub intern: String,
    pub cohort: String,
    pub week: i32,
    pub lang: Lang,
    pub title: String,
    pub page_date: Option<NaiveDate>,
    pub objectives: String,
    pub achievements: String,
    pub task_count: i32,
    pub layout: Layout,
    pub is_primary: bool,
    pub source_path: String,
    /// The week's range: what the site states, else what the rows span.
    pub week_start: Option<NaiveDate>,
    pub week_end: Option<NaiveDate>,
    pub week_range_source: Option<WeekRangeSource>,
    /// The repository the page was read from (credentials removed); `None` for files.
    pub repo: Option<String>,
    /// The commit read.
    pub commit: Option<String>,
    /// When the last commit that changed the page was made (Unix seconds, UTC).
    pub committed_at: Option<i64>,
}

/// One repository of a `--repos` file, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RepoRecord {
    /// Line of the repos file.
    pub line: u32,
    /// URL or path, credentials removed.
    pub repo: String,
    pub intern: String,
    /// The ref asked for (`None`: the remote HEAD).
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// The commit read; `None` when the repository could not be read.
    pub commit: Option<String>,
}

/// One site (intern) of an extraction: what identifies its inputs, and whether
/// its rows were parsed or reused from the previous dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRecord {
    pub intern: String,
    /// Hash of everything the site's rows depend on (files, their content, options).
    pub fingerprint: String,
    /// Files of the site.
    pub files: usize,
    pub reused: bool,
}

/// Everything one extraction run produced, rows in a deterministic order.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub tasks: Vec<Task>,
    pub task_labs: Vec<TaskLab>,
    pub task_topics: Vec<TaskTopic>,
    pub pages: Vec<Page>,
    pub diagnostics: Vec<Diagnostic>,
    /// Markdown files looked at (worklog or not).
    pub files_scanned: usize,
    /// Data rows of every table on the worklog pages read (tasks tables or not).
    pub table_rows: usize,
    /// Rows of tasks tables skipped as empty.
    pub empty_rows: usize,
    /// Rows of tables that are not tasks tables.
    pub other_table_rows: usize,
    /// Rows of overview tables (the site's calendar).
    pub overview_rows: usize,
    /// Rows of data tables on weekly pages (results, comparisons): no tasks.
    pub data_table_rows: usize,
    /// Tasks-table rows of sites a bug stopped (`internal_error`): not written.
    pub dropped_rows: usize,
    /// What the cross-page checks compared.
    pub cross_page: CrossPageStats,
    /// Repositories read (`--repos`).
    pub repos: Vec<RepoRecord>,
    /// Sites, in output order.
    pub sites: Vec<SiteRecord>,
    /// Each local file's path as walked from the input given (`sample_data/a/b.md`),
    /// by `source_path` (`a/b.md`): what diagnostics print, so that a terminal or an
    /// editor opens it from where the command ran. Pages read from git are absent.
    pub opened_from: std::collections::HashMap<String, std::path::PathBuf>,
}

/// What the cross-page checks compared (for `check --summary`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CrossPageStats {
    /// Twin row pairs where both rows have a start date, and those that agree.
    pub twin_rows: usize,
    pub twin_rows_agree: usize,
    /// Twin pages whose row counts differ (their rows are not paired).
    pub twin_pages_uneven: usize,
    /// Consecutive weeks (per site and language) that both have dates, and those in order.
    pub week_pairs: usize,
    pub week_pairs_in_order: usize,
}

impl std::ops::AddAssign for CrossPageStats {
    fn add_assign(&mut self, o: Self) {
        self.twin_rows += o.twin_rows;
        self.twin_rows_agree += o.twin_rows_agree;
        self.twin_pages_uneven += o.twin_pages_uneven;
        self.week_pairs += o.week_pairs;
        self.week_pairs_in_order += o.week_pairs_in_order;
    }
}

/// How every command counts tasks, in one phrase: the rows of the `tasks`
/// table (every language of a bilingual site) and the tasks counted once (the
/// primary language's rows), e.g. "138 task rows, 75 tasks counted once".
pub fn task_counts(rows: usize, once: usize) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "{rows} task row{}, {once} task{} counted once",
        s(rows),
        s(once)
    )
}

impl Extraction {
    /// Tasks counted once: the rows of each intern and week's primary language.
    pub fn tasks_once(&self) -> usize {
        self.tasks.iter().filter(|t| t.is_primary).count()
    }

    /// Append a later part of the same extraction (rows keep their order).
    pub fn absorb(&mut self, part: Extraction) {
        self.tasks.extend(part.tasks);
        self.task_labs.extend(part.task_labs);
        self.task_topics.extend(part.task_topics);
        self.pages.extend(part.pages);
        self.diagnostics.extend(part.diagnostics);
        self.files_scanned += part.files_scanned;
        self.table_rows += part.table_rows;
        self.empty_rows += part.empty_rows;
        self.other_table_rows += part.other_table_rows;
        self.overview_rows += part.overview_rows;
        self.data_table_rows += part.data_table_rows;
        self.dropped_rows += part.dropped_rows;
        self.cross_page += part.cross_page;
        self.repos.extend(part.repos);
        self.sites.extend(part.sites);
        self.opened_from.extend(part.opened_from);
    }

    /// Diagnostics in report order: by file, line, code, message.
    pub fn sort_diagnostics(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (&a.source_path, a.line, a.code, &a.message).cmp(&(
                &b.source_path,
                b.line,
                b.code,
                &b.message,
            ))
        });
    }

    /// Diagnostics of one severity.
    pub fn count(&self, severity: crate::diag::Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Stable 64-bit FNV-1a hash (hex) of a file's bytes: what tells an
/// incremental extraction that a page changed.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Stable 64-bit FNV-1a id (hex) of the given parts; stable across runs and versions.
pub fn stable_id(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn stable_id_is_stable_and_separates_parts() {
        assert_eq!(super::stable_id(&["a", "b"]), super::stable_id(&["a", "b"]));
        assert_ne!(super::stable_id(&["ab", ""]), super::stable_id(&["a", "b"]));
        assert_eq!(super::stable_id(&[""]).len(), 16);
        // Pinned so a refactor cannot silently change every task_id.
        assert_eq!(super::stable_id(&["x"]), "af63f54c86021707");
    }
}
