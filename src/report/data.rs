//! The report's numbers, each from one SQL statement over the registered tables
//! (bundled queries where they fit), so the report and `run` cannot disagree.

use datafusion::arrow::array::Array;
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::prelude::SessionContext;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

use crate::error::Result;
use crate::sql::columns::Columns;
use crate::sql::engine::{self, Access};

/// Every cell of every row of a query's result as text (`None` for null). The
/// report's SQL is bundled; it still runs read-only, as `run` does by default.
pub async fn rows(ctx: &SessionContext, sql: &str) -> Result<Vec<Vec<Option<String>>>> {
    let batches = engine::sql(ctx, sql, Access::ReadOnly)
        .await?
        .collect()
        .await?;
    let mut out = Vec::new();
    for b in &batches {
        for i in 0..b.num_rows() {
            let mut row = Vec::with_capacity(b.num_columns());
            for c in b.columns() {
                row.push(if c.is_null(i) {
                    None
                } else {
                    Some(array_value_to_string(c, i)?)
                });
            }
            out.push(row);
        }
    }
    Ok(out)
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn num(v: &Option<String>) -> i64 {
    v.as_deref().and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Overview {
    pub interns: i64,
    pub weeks: i64,
    /// Tasks counted once (primary rows) and task rows in every language.
    pub tasks: i64,
    pub task_rows: i64,
    /// Primary rows with a warning on their line (a template row, a date
    /// outlier, ...): counted in `tasks`, left out of the dates and labs below.
    pub flagged: i64,
    /// Distinct labs of primary, unflagged rows.
    pub labs: i64,
    /// First and last date of primary, unflagged rows.
    pub first_date: String,
    pub last_date: String,
    pub bilingual_interns: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TaskRow {
    pub title: String,
    pub day: String,
    pub start: String,
    pub end: String,
    pub precision: String,
    pub labs: String,
    pub topics: String,
    /// The codes of the warnings on this row's line (empty: not flagged).
    pub flags: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WeekRow {
    pub week: i64,
    pub objectives: Vec<String>,
    pub achievements: Vec<String>,
    pub tasks: Vec<TaskRow>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DiagRow {
    pub path: String,
    pub line: String,
    pub severity: String,
    pub code: String,
    pub message: String,
}

/// Where an intern's "last updated" comes from.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum UpdatedFrom {
    /// The latest `committed_at` of the intern's pages (read with `--repos`).
    Commit,
    /// The latest front-matter `date` of the intern's pages.
    PageDate,
    /// Neither is known.
    Unknown,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Intern {
    pub name: String,
    pub anchor: String,
    pub tasks: i64,
    /// Of `tasks`, those flagged (see [`Overview::flagged`]).
    pub flagged: i64,
    pub labs: i64,
    /// The latest date of a primary, unflagged task (empty: none).
    pub last_task: String,
    /// `YYYY-MM-DD HH:MM UTC` for a commit, `YYYY-MM-DD` for a page date.
    pub last_updated: String,
    pub updated_from: UpdatedFrom,
    /// No primary, unflagged task in the cohort's last `quiet_weeks` weeks.
    pub quiet: bool,
    pub weeks: Vec<WeekRow>,
    pub diagnostics: Vec<DiagRow>,
}

/// What decides the "quiet" marker: the cohort's last task date and the
/// window of `weeks` weeks ending on it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Quiet {
    pub weeks: u32,
    /// The latest date of a primary, unflagged task in the cohort (empty: none).
    pub last_date: String,
    /// The window's first day: an intern whose last task is before it is quiet.
    pub since: String,
    pub interns: i64,
}

/// Everything the report shows, as query results.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportData {
    pub overview: Overview,
    pub quiet: Quiet,
    /// (intern, week, tasks) for every intern and week with tasks.
    pub tasks_per_week: Vec<(String, i64, i64)>,
    /// (intern, week) weeks inside an intern's range with no task (10-gaps.sql).
    pub gaps: Vec<(String, i64)>,
    /// (intern, distinct labs) from 03-labs-per-intern.sql, most first.
    pub labs_per_intern: Vec<(String, i64)>,
    /// (week, category, tasks).
    pub topics_per_week: Vec<(i64, String, i64)>,
    /// (duration in days, tasks).
    pub durations: Vec<(i64, i64)>,
    /// (code, severity, findings, pages) from 11-diagnostics-summary.sql.
    pub diagnostics_by_code: Vec<(String, String, i64, i64)>,
    /// (intern, errors, warnings, infos).
    pub diagnostics_by_intern: Vec<(String, i64, i64, i64)>,
    /// Quiet interns first (oldest last task first), then the others by name.
    pub interns: Vec<Intern>,
}

const LABS_PER_INTERN: &str = include_str!("../../queries/03-labs-per-intern.sql");
const GAPS: &str = include_str!("../../queries/10-gaps.sql");
const DIAGNOSTICS: &str = include_str!("../../queries/11-diagnostics-summary.sql");

/// The first statement of a bundled query file (its header comments included).
fn first_statement(sql: &str) -> &str {
    sql.split(";\n").next().unwrap_or(sql)
}

/// Diagnostics with their intern (a finding about no file, such as a folder that
/// could not be read, is listed under its path).
const DIAG_INTERN: &str = "SELECT CASE WHEN intern = '' THEN source_path ELSE intern END AS intern, source_path, line, severity, code, message FROM diagnostics";

/// The primary task rows no warning (or error) is about: the rows the headline
/// dates and labs, and the quiet marker, are computed from. A flagged row (a
/// template row, a date outlier, ...) is still counted as a task and listed,
/// marked; it just does not move the cohort's dates.
const CLEAN_TASKS: &str = "SELECT * FROM tasks t WHERE t.is_primary AND NOT EXISTS \
     (SELECT 1 FROM diagnostics d WHERE d.source_path = t.source_path AND d.line = t.source_line AND d.severity <> 'info')";

/// `quiet_weeks`: an intern with no primary, unflagged task in the cohort's
/// last this many weeks (ending on the cohort's last such task date) is quiet.
pub async fn collect(ctx: &SessionContext, quiet_weeks: u32) -> Result<ReportData> {
    let o = &rows(
        ctx,
        "SELECT COUNT(DISTINCT intern), COUNT(DISTINCT week), SUM(CASE WHEN is_primary THEN 1 ELSE 0 END), COUNT(*) FROM tasks",
    )
    .await?[0];
    let clean = &rows(
        ctx,
        &format!(
            "SELECT COUNT(*), CAST(MIN(start_date) AS VARCHAR), CAST(MAX(COALESCE(end_date, start_date)) AS VARCHAR) FROM ({CLEAN_TASKS}) c"
        ),
    )
    .await?[0];
    let labs = &rows(
        ctx,
        &format!("SELECT COUNT(DISTINCT l.lab) FROM task_labs l JOIN ({CLEAN_TASKS}) c ON l.task_id = c.task_id"),
    )
    .await?[0];
    let bilingual = &rows(
        ctx,
        "SELECT COUNT(*) FROM (SELECT intern FROM pages GROUP BY intern HAVING COUNT(DISTINCT lang) > 1) b",
    )
    .await?[0];
    let overview = Overview {
        interns: num(&o[0]),
        weeks: num(&o[1]),
        tasks: num(&o[2]),
        task_rows: num(&o[3]),
        flagged: num(&o[2]) - num(&clean[0]),
        labs: num(&labs[0]),
        first_date: text(&clean[1]),
        last_date: text(&clean[2]),
        bilingual_interns: num(&bilingual[0]),
    };
    let tasks_per_week = rows(
        ctx,
        "SELECT intern, week, COUNT(*) FROM tasks WHERE is_primary GROUP BY intern, week ORDER BY intern, week",
    )
    .await?
    .iter()
    .map(|r| (text(&r[0]), num(&r[1]), num(&r[2])))
    .collect();
    let gaps = rows(ctx, first_statement(GAPS))
        .await?
        .iter()
        .map(|r| (text(&r[0]), num(&r[1])))
        .collect();
    let labs_per_intern = rows(ctx, LABS_PER_INTERN)
        .await?
        .iter()
        .map(|r| (text(&r[0]), num(&r[1])))
        .collect();
    let topics_per_week = rows(
        ctx,
        "SELECT week, category, COUNT(DISTINCT task_id) FROM task_topics WHERE is_primary GROUP BY week, category ORDER BY week, category",
    )
    .await?
    .iter()
    .map(|r| (num(&r[0]), text(&r[1]), num(&r[2])))
    .collect();
    let durations = rows(
        ctx,
        "SELECT duration_days, COUNT(*) FROM tasks WHERE is_primary AND duration_days IS NOT NULL GROUP BY duration_days ORDER BY duration_days",
    )
    .await?
    .iter()
    .map(|r| (num(&r[0]), num(&r[1])))
    .collect();
    let diagnostics_by_code = rows(ctx, first_statement(DIAGNOSTICS))
        .await?
        .iter()
        .map(|r| (text(&r[0]), text(&r[1]), num(&r[2]), num(&r[3])))
        .collect();
    let diagnostics_by_intern = rows(
        ctx,
        &format!(
            "SELECT intern, SUM(CASE WHEN severity = 'error' THEN 1 ELSE 0 END), SUM(CASE WHEN severity = 'warning' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN severity = 'info' THEN 1 ELSE 0 END) FROM ({DIAG_INTERN}) x GROUP BY intern \
             ORDER BY 2 DESC, 3 DESC, intern"
        ),
    )
    .await?
    .iter()
    .map(|r| (text(&r[0]), num(&r[1]), num(&r[2]), num(&r[3])))
    .collect();
    let mut interns = interns(ctx).await?;
    let quiet = mark_quiet(&mut interns, quiet_weeks);
    Ok(ReportData {
        overview,
        quiet,
        tasks_per_week,
        gaps,
        labs_per_intern,
        topics_per_week,
        durations,
        diagnostics_by_code,
        diagnostics_by_intern,
        interns,
    })
}

/// The columns of each table [`collect`] reads, from DataFusion's plans of its
/// statements (see [`crate::sql::columns::read_by`]): pages extracted in
/// memory for a report need hold no other.
pub async fn columns_read(quiet_weeks: u32) -> Result<Columns> {
    engine::columns_read_by(|ctx| async move { collect(&ctx, quiet_weeks).await.map(drop) }).await
}

/// Sets each intern's `quiet` and orders them quiet first (the longest quiet
/// first), then the others by name.
fn mark_quiet(interns: &mut [Intern], weeks: u32) -> Quiet {
    let last = interns
        .iter()
        .map(|i| i.last_task.as_str())
        .max()
        .unwrap_or("")
        .to_string();
    let since = chrono::NaiveDate::parse_from_str(&last, "%Y-%m-%d")
        .ok()
        .map(|d| (d - chrono::Duration::days(7 * i64::from(weeks) - 1)).to_string())
        .unwrap_or_default();
    for i in interns.iter_mut() {
        // ISO dates compare as text; no task at all is quiet too.
        i.quiet = i.last_task.is_empty() || i.last_task < since;
    }
    interns.sort_by(|a, b| {
        b.quiet.cmp(&a.quiet).then_with(|| {
            if a.quiet {
                a.last_task.cmp(&b.last_task).then(a.name.cmp(&b.name))
            } else {
                a.name.cmp(&b.name)
            }
        })
    });
    Quiet {
        weeks,
        last_date: last,
        since,
        interns: interns.iter().filter(|i| i.quiet).count() as i64,
    }
}

/// An HTML id for an intern (letters, digits and `-` only; unique).
fn anchor(name: &str, taken: &mut HashSet<String>) -> String {
    let mut a: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    a = format!("intern-{a}");
    let base = a.clone();
    let mut n = 2;
    while taken.contains(&a) {
        a = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(a.clone());
    a
}

type Row = Vec<Option<String>>;

/// Rows grouped by their first column (the intern), in their order.
fn by_intern(rows: Vec<Row>) -> HashMap<String, Vec<Row>> {
    let mut out: HashMap<String, Vec<Row>> = HashMap::new();
    for r in rows {
        out.entry(text(&r[0])).or_default().push(r);
    }
    out
}

/// `2025-09-19T10:00:00` (a timestamp cast to text) as `2025-09-19 10:00 UTC`.
fn commit_time(ts: &str) -> String {
    match ts.get(..16) {
        Some(m) if ts.as_bytes().get(10) == Some(&b'T') => {
            format!("{} UTC", m.replacen('T', " ", 1))
        }
        _ => ts.to_string(),
    }
}

/// Per intern: each week's tasks (primary language) with labs, topics and the
/// warnings on their line, the primary page's objectives and achievements, the
/// diagnostics of its pages, its last task and when it last updated its log.
async fn interns(ctx: &SessionContext) -> Result<Vec<Intern>> {
    let mut src = InternSources::load(ctx).await?;
    let mut taken = HashSet::new();
    let names = std::mem::take(&mut src.names);
    Ok(names
        .into_iter()
        .map(|name| src.intern(name, &mut taken))
        .collect())
}

/// Every query `interns` joins, run once for the whole cohort and keyed so
/// each intern's section takes (removes) only its own rows.
struct InternSources {
    /// Interns in page order: the order of the report's sections.
    names: Vec<String>,
    pages: HashMap<String, Vec<Row>>,
    tasks: HashMap<String, Vec<Row>>,
    /// The warnings on each line, by (source_path, line): a task row's flags.
    flags: HashMap<(String, String), Vec<String>>,
    /// Labs and topics of each task, by task_id.
    tags: HashMap<String, (Vec<String>, Vec<String>)>,
    labs: HashMap<String, Vec<Row>>,
    last_task: HashMap<String, Vec<Row>>,
    updated: HashMap<String, Vec<Row>>,
    diags: HashMap<String, Vec<Row>>,
}

impl InternSources {
    async fn load(ctx: &SessionContext) -> Result<Self> {
        let tasks = grouped(
            ctx,
            "SELECT intern, week, title, day, CAST(start_date AS VARCHAR), CAST(end_date AS VARCHAR), \
             COALESCE(date_precision, ''), task_id, source_path, CAST(source_line AS VARCHAR) \
             FROM tasks WHERE is_primary ORDER BY intern, week, source_path, row_number",
        )
        .await?;
        let flags = line_flags(ctx).await?;
        let tags = task_tags(ctx).await?;
        let pages = rows(
            ctx,
            "SELECT intern, week, objectives, achievements FROM pages WHERE is_primary ORDER BY intern, week, source_path",
        )
        .await?;
        let mut names: Vec<String> = pages.iter().map(|r| text(&r[0])).collect();
        names.dedup();
        let pages = by_intern(pages);
        let labs = grouped(
            ctx,
            "SELECT intern, COUNT(DISTINCT lab) FROM task_labs WHERE is_primary GROUP BY intern",
        )
        .await?;
        let last_task = grouped(
            ctx,
            &format!(
                "SELECT intern, CAST(MAX(COALESCE(end_date, start_date)) AS VARCHAR) FROM ({CLEAN_TASKS}) c GROUP BY intern"
            ),
        )
        .await?;
        let updated = grouped(
            ctx,
            "SELECT intern, CAST(MAX(committed_at) AS VARCHAR), CAST(MAX(page_date) AS VARCHAR) FROM pages GROUP BY intern",
        )
        .await?;
        let diags = grouped(
            ctx,
            &format!("SELECT intern, source_path, line, severity, code, message FROM ({DIAG_INTERN}) x ORDER BY intern, source_path, line, code"),
        )
        .await?;
        Ok(Self {
            names,
            pages,
            tasks,
            flags,
            tags,
            labs,
            last_task,
            updated,
            diags,
        })
    }

    /// One intern's section, built from (and removing) its rows.
    fn intern(&mut self, name: String, taken: &mut HashSet<String>) -> Intern {
        let mut weeks = page_weeks(self.pages.remove(&name).unwrap_or_default());
        let tasks = self.tasks.remove(&name).unwrap_or_default();
        let flagged = self.add_tasks(&mut weeks, tasks);
        weeks.sort_by_key(|w| w.week);
        let diagnostics = diag_rows(self.diags.remove(&name).unwrap_or_default());
        let n_labs = first(&mut self.labs, &name).map_or(0, |r| num(&r[1]));
        let last_task = first(&mut self.last_task, &name)
            .map(|r| text(&r[1]))
            .unwrap_or_default();
        let (last_updated, updated_from) = last_updated(first(&mut self.updated, &name));
        Intern {
            anchor: anchor(&name, taken),
            tasks: weeks.iter().map(|w| w.tasks.len() as i64).sum(),
            flagged,
            labs: n_labs,
            last_task,
            last_updated,
            updated_from,
            quiet: false,
            name,
            weeks,
            diagnostics,
        }
    }

    /// Puts each task row in its week (a week with tasks but no page gets a
    /// row of its own), with its labs, topics and flags; returns how many rows
    /// carry a flag.
    fn add_tasks(&mut self, weeks: &mut Vec<WeekRow>, tasks: Vec<Row>) -> i64 {
        let mut flagged = 0;
        for t in tasks {
            let week = num(&t[1]);
            let (labs, topics) = self.tags.remove(&text(&t[7])).unwrap_or_default();
            let codes = self.flags.get(&(text(&t[8]), text(&t[9])));
            flagged += i64::from(codes.is_some());
            let row = TaskRow {
                title: text(&t[2]),
                day: text(&t[3]),
                start: text(&t[4]),
                end: text(&t[5]),
                precision: text(&t[6]),
                labs: labs.join(", "),
                topics: topics.join(", "),
                flags: codes.map(|c| c.join(", ")).unwrap_or_default(),
            };
            match weeks.iter_mut().find(|w| w.week == week) {
                Some(w) => w.tasks.push(row),
                None => weeks.push(WeekRow {
                    week,
                    objectives: Vec::new(),
                    achievements: Vec::new(),
                    tasks: vec![row],
                }),
            }
        }
        flagged
    }
}

/// A query's rows grouped by their first column (the intern).
async fn grouped(ctx: &SessionContext, sql: &str) -> Result<HashMap<String, Vec<Row>>> {
    Ok(by_intern(rows(ctx, sql).await?))
}

/// The codes on each line, by (source_path, line): only warnings and errors
/// flag a task row, info notes do not.
async fn line_flags(ctx: &SessionContext) -> Result<HashMap<(String, String), Vec<String>>> {
    let mut flags: HashMap<(String, String), Vec<String>> = HashMap::new();
    for r in rows(
        ctx,
        "SELECT DISTINCT source_path, CAST(line AS VARCHAR), code FROM diagnostics \
         WHERE line IS NOT NULL AND severity <> 'info' ORDER BY 1, 2, 3",
    )
    .await?
    {
        flags
            .entry((text(&r[0]), text(&r[1])))
            .or_default()
            .push(text(&r[2]));
    }
    Ok(flags)
}

/// Labs and topics of each task by task_id, sorted, for the task table's columns.
async fn task_tags(ctx: &SessionContext) -> Result<HashMap<String, (Vec<String>, Vec<String>)>> {
    let mut tags: HashMap<String, (Vec<String>, Vec<String>)> = HashMap::new();
    for r in rows(
        ctx,
        "SELECT task_id, lab FROM task_labs WHERE is_primary ORDER BY task_id, lab",
    )
    .await?
    {
        tags.entry(text(&r[0])).or_default().0.push(text(&r[1]));
    }
    for r in rows(
        ctx,
        "SELECT task_id, topic FROM task_topics WHERE is_primary ORDER BY task_id, topic",
    )
    .await?
    {
        tags.entry(text(&r[0])).or_default().1.push(text(&r[1]));
    }
    Ok(tags)
}

/// An intern's weeks from its primary pages: a week written on two pages
/// (consecutive in the query's order) gets one row with both pages' lines.
fn page_weeks(pages: Vec<Row>) -> Vec<WeekRow> {
    let lines = |v: &Option<String>| -> Vec<String> {
        text(v)
            .lines()
            .map(str::to_string)
            .filter(|l| !l.is_empty())
            .collect()
    };
    let mut weeks: Vec<WeekRow> = Vec::new();
    for p in pages {
        let week = num(&p[1]);
        match weeks.last_mut().filter(|w| w.week == week) {
            Some(w) => {
                w.objectives.extend(lines(&p[2]));
                w.achievements.extend(lines(&p[3]));
            }
            None => weeks.push(WeekRow {
                week,
                objectives: lines(&p[2]),
                achievements: lines(&p[3]),
                tasks: Vec::new(),
            }),
        }
    }
    weeks
}

fn diag_rows(rows: Vec<Row>) -> Vec<DiagRow> {
    rows.iter()
        .map(|r| DiagRow {
            path: text(&r[1]),
            line: text(&r[2]),
            severity: text(&r[3]),
            code: text(&r[4]),
            message: text(&r[5]),
        })
        .collect()
}

/// The first of an intern's rows in a one-row-per-intern query, if it has one.
fn first(m: &mut HashMap<String, Vec<Row>>, name: &str) -> Option<Row> {
    m.remove(name).and_then(|v| v.into_iter().next())
}

/// When the intern last updated its log: the latest commit when the site's
/// history is known, else the latest page date, else unknown.
fn last_updated(row: Option<Row>) -> (String, UpdatedFrom) {
    match row {
        Some(r) if r[1].is_some() => (commit_time(&text(&r[1])), UpdatedFrom::Commit),
        Some(r) if r[2].is_some() => (text(&r[2]), UpdatedFrom::PageDate),
        _ => (String::new(), UpdatedFrom::Unknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Table;

    /// What `report --input` holds of each table (the test in
    /// tests/it/report.rs proves the report is unchanged by it). A new query
    /// that reads another column changes these lists: expected, but the free
    /// text the report never shows (a task's details, notes and references, a
    /// page's title) is most of the tables' size, and must stay out.
    #[tokio::test]
    async fn the_report_reads_these_columns() {
        let c = columns_read(2).await.unwrap();
        let held = |t| c.names(t);
        assert_eq!(
            held(Table::Tasks),
            [
                "task_id",
                "intern",
                "week",
                "row_number",
                "day",
                "title",
                "start_date",
                "end_date",
                "duration_days",
                "source_path",
                "source_line",
                "date_precision",
                "is_primary"
            ]
        );
        assert_eq!(
            held(Table::TaskLabs),
            ["task_id", "intern", "week", "lab", "is_primary"]
        );
        assert_eq!(
            held(Table::TaskTopics),
            ["task_id", "week", "topic", "category", "is_primary"]
        );
        assert_eq!(
            held(Table::Pages),
            [
                "intern",
                "week",
                "lang",
                "page_date",
                "objectives",
                "achievements",
                "is_primary",
                "source_path",
                "committed_at"
            ]
        );
        assert_eq!(
            held(Table::Diagnostics),
            Columns::All.names(Table::Diagnostics)
        );
    }
}
