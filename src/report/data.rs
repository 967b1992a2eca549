//! The report's numbers, each from one SQL statement over the registered tables
//! (bundled queries where they fit), so the report and `run` cannot disagree.

use datafusion::arrow::array::Array;
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::prelude::SessionContext;
use serde::Serialize;

use crate::error::Result;
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
    pub labs: i64,
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

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Intern {
    pub name: String,
    pub anchor: String,
    pub tasks: i64,
    pub labs: i64,
    pub weeks: Vec<WeekRow>,
    pub diagnostics: Vec<DiagRow>,
}

/// Everything the report shows, as query results.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportData {
    pub overview: Overview,
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

pub async fn collect(ctx: &SessionContext) -> Result<ReportData> {
    let o = &rows(
        ctx,
        "SELECT COUNT(DISTINCT intern), COUNT(DISTINCT week), SUM(CASE WHEN is_primary THEN 1 ELSE 0 END), COUNT(*), \
         CAST(MIN(start_date) AS VARCHAR), CAST(MAX(COALESCE(end_date, start_date)) AS VARCHAR) FROM tasks",
    )
    .await?[0];
    let labs = &rows(
        ctx,
        "SELECT COUNT(DISTINCT lab) FROM task_labs WHERE is_primary",
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
        labs: num(&labs[0]),
        first_date: text(&o[4]),
        last_date: text(&o[5]),
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
    let interns = interns(ctx).await?;
    Ok(ReportData {
        overview,
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

/// An HTML id for an intern (letters, digits and `-` only; unique).
fn anchor(name: &str, taken: &mut Vec<String>) -> String {
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
    taken.push(a.clone());
    a
}

/// Per intern: each week's tasks (primary language) with labs and topics, the
/// primary page's objectives and achievements, and the diagnostics of its pages.
async fn interns(ctx: &SessionContext) -> Result<Vec<Intern>> {
    let tasks = rows(
        ctx,
        "SELECT intern, week, title, day, CAST(start_date AS VARCHAR), CAST(end_date AS VARCHAR), \
         COALESCE(date_precision, ''), task_id \
         FROM tasks WHERE is_primary ORDER BY intern, week, source_path, row_number",
    )
    .await?;
    // Labs and topics of each task, joined here by task_id.
    let mut tags: std::collections::HashMap<String, (Vec<String>, Vec<String>)> =
        std::collections::HashMap::new();
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
    let pages = rows(
        ctx,
        "SELECT intern, week, objectives, achievements FROM pages WHERE is_primary ORDER BY intern, week, source_path",
    )
    .await?;
    let labs = rows(
        ctx,
        "SELECT intern, COUNT(DISTINCT lab) FROM task_labs WHERE is_primary GROUP BY intern",
    )
    .await?;
    let diags = rows(
        ctx,
        &format!("SELECT intern, source_path, line, severity, code, message FROM ({DIAG_INTERN}) x ORDER BY intern, source_path, line, code"),
    )
    .await?;
    let mut names: Vec<String> = pages.iter().map(|r| text(&r[0])).collect();
    names.dedup();
    let mut taken = Vec::new();
    let mut out = Vec::new();
    for name in names {
        let mut weeks: Vec<WeekRow> = Vec::new();
        for p in pages.iter().filter(|r| text(&r[0]) == name) {
            let week = num(&p[1]);
            let lines = |v: &Option<String>| -> Vec<String> {
                text(v)
                    .lines()
                    .map(str::to_string)
                    .filter(|l| !l.is_empty())
                    .collect()
            };
            match weeks.iter_mut().find(|w| w.week == week) {
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
        for t in tasks.iter().filter(|r| text(&r[0]) == name) {
            let week = num(&t[1]);
            let (labs, topics) = tags.get(&text(&t[7])).cloned().unwrap_or_default();
            let row = TaskRow {
                title: text(&t[2]),
                day: text(&t[3]),
                start: text(&t[4]),
                end: text(&t[5]),
                precision: text(&t[6]),
                labs: labs.join(", "),
                topics: topics.join(", "),
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
        weeks.sort_by_key(|w| w.week);
        let diagnostics = diags
            .iter()
            .filter(|r| text(&r[0]) == name)
            .map(|r| DiagRow {
                path: text(&r[1]),
                line: text(&r[2]),
                severity: text(&r[3]),
                code: text(&r[4]),
                message: text(&r[5]),
            })
            .collect();
        let n_labs = labs
            .iter()
            .find(|r| text(&r[0]) == name)
            .map_or(0, |r| num(&r[1]));
        out.push(Intern {
            anchor: anchor(&name, &mut taken),
            tasks: weeks.iter().map(|w| w.tasks.len() as i64).sum(),
            labs: n_labs,
            name,
            weeks,
            diagnostics,
        });
    }
    Ok(out)
}
