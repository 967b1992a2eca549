//! The one place table schemas live. Queries, the Athena DDL, `schema` and the
//! tests all read them from here.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};

/// A column: name, Arrow type, nullable, and what it means.
pub struct Column {
    pub name: &'static str,
    pub data_type: DataType,
    pub nullable: bool,
    pub doc: &'static str,
}

const fn col(name: &'static str, data_type: DataType, nullable: bool, doc: &'static str) -> Column {
    Column {
        name,
        data_type,
        nullable,
        doc,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Tasks,
    TaskLabs,
    TaskTopics,
    Pages,
    Diagnostics,
}

/// The partition column of every partitioned table: it lives in the folder name
/// (`week=7`), never inside the Parquet files.
pub const PARTITION_COLUMN: &str = "week";

impl Table {
    pub const ALL: [Table; 5] = [
        Table::Tasks,
        Table::TaskLabs,
        Table::TaskTopics,
        Table::Pages,
        Table::Diagnostics,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Tasks => "tasks",
            Table::TaskLabs => "task_labs",
            Table::TaskTopics => "task_topics",
            Table::Pages => "pages",
            Table::Diagnostics => "diagnostics",
        }
    }

    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    pub fn doc(self) -> &'static str {
        match self {
            Table::Tasks => "one row per data row of a tasks table, or per day heading or work-list item of a page without one",
            Table::TaskLabs => "one row per distinct lab a task names (Task or Reference cell)",
            Table::TaskTopics => "one row per AWS service a task's text names (bundled taxonomy)",
            Table::Pages => "one row per weekly page",
            Table::Diagnostics => "everything the extractor could not read, guessed, or skipped",
        }
    }

    pub fn partitioned(self) -> bool {
        self != Table::Diagnostics
    }

    /// Columns in order, including `week` for partitioned tables.
    pub fn columns(self) -> Vec<Column> {
        use datafusion::arrow::datatypes::TimeUnit;
        use DataType::{Boolean, Date32, Float64, Int32, Timestamp, Utf8};
        let is_primary = |what: &'static str| col("is_primary", Boolean, false, what);
        let week = col(
            "week",
            Int32,
            false,
            "week number (partition column: folder week=N; 0 when the page names none)",
        );
        match self {
            Table::Tasks => vec![
                col(
                    "task_id",
                    Utf8,
                    false,
                    "stable hash of intern, source_path and row_number",
                ),
                col(
                    "intern",
                    Utf8,
                    false,
                    "the site's root folder name, or --intern",
                ),
                col("cohort", Utf8, false, "--cohort label (empty by default)"),
                week,
                col("lang", Utf8, false, "en or vi"),
                col(
                    "row_number",
                    Int32,
                    false,
                    "1-based data row in the page's tasks table(s)",
                ),
                col("day", Utf8, false, "the Day cell as written (plain text)"),
                col(
                    "weekday",
                    Int32,
                    true,
                    "1=Monday … 7=Sunday; from the Day cell, else the start date",
                ),
                col(
                    "title",
                    Utf8,
                    false,
                    "first line of the Task cell, markup stripped",
                ),
                col(
                    "details",
                    Utf8,
                    false,
                    "rest of the Task cell, one line per bullet",
                ),
                col(
                    "start_date",
                    Date32,
                    true,
                    "Start Date cell (or the one Date cell); order and year decided per site",
                ),
                col(
                    "end_date",
                    Date32,
                    true,
                    "Completion/End Date cell, a range's end, or the end of a Day span (Mon–Wed)",
                ),
                col("duration_days", Int32, true, "end_date - start_date + 1"),
                col("reference", Utf8, false, "Reference cell as plain text"),
                col(
                    "reference_urls",
                    Utf8,
                    false,
                    "URLs in the Reference cell, newline-joined",
                ),
                col(
                    "hours",
                    Float64,
                    true,
                    "time spent in hours, from a time-spent column (4h, 30 min)",
                ),
                col(
                    "notes",
                    Utf8,
                    false,
                    "other columns kept as `Header: value` lines (Result, Issue, Time Spent as written)",
                ),
                col(
                    "source_path",
                    Utf8,
                    false,
                    "page path relative to the input root",
                ),
                col(
                    "source_line",
                    Int32,
                    false,
                    "1-based line of the row in the page",
                ),
                col(
                    "layout",
                    Utf8,
                    false,
                    "table (a tasks table row) or list (a day heading or work-list item)",
                ),
                col(
                    "date_precision",
                    Utf8,
                    true,
                    "day: the task's own dates; week: start/end are the week's range (list tasks with no day date, rows of a tasks table with no Day or date column); NULL: no date",
                ),
                col(
                    "twin_key",
                    Utf8,
                    true,
                    "shared by a task and its row in the other language's page of the same week (the primary row's task_id); NULL when it has none",
                ),
                is_primary("the row's language is the one counted for its intern and week (the page with more tasks; on a tie the site's default language)"),
            ],
            Table::TaskLabs => vec![
                col("task_id", Utf8, false, "the task naming the lab"),
                col("intern", Utf8, false, "intern"),
                week,
                col(
                    "lab",
                    Int32,
                    false,
                    "lab / workshop number (Lab 35, 000035, 000035.awsstudygroup.com)",
                ),
                col(
                    "source",
                    Utf8,
                    false,
                    "task or reference: the cell the lab was found in",
                ),
                is_primary("the task's is_primary"),
            ],
            Table::TaskTopics => vec![
                col("task_id", Utf8, false, "the task naming the service"),
                col("intern", Utf8, false, "intern"),
                week,
                col(
                    "topic",
                    Utf8,
                    false,
                    "canonical AWS service name, e.g. Amazon Athena",
                ),
                col("category", Utf8, false, "service category, e.g. Analytics"),
                is_primary("the task's is_primary"),
            ],
            Table::Pages => vec![
                col(
                    "page_id",
                    Utf8,
                    false,
                    "stable hash of intern and source_path",
                ),
                col("intern", Utf8, false, "intern"),
                col("cohort", Utf8, false, "--cohort label"),
                week,
                col("lang", Utf8, false, "en or vi"),
                col(
                    "title",
                    Utf8,
                    false,
                    "front-matter title (else first heading)",
                ),
                col("page_date", Date32, true, "front-matter date"),
                col(
                    "week_start",
                    Date32,
                    true,
                    "first day of the week's range (see week_range_source)",
                ),
                col("week_end", Date32, true, "last day of the week's range"),
                col(
                    "week_range_source",
                    Utf8,
                    true,
                    "page (written on the page), calendar (the site's overview table), rows (the span of the rows' own dates), front_matter (the Monday–Sunday week of the front-matter date), site_weeks (a page without any date: where its week falls among the site's dated weeks) or section_span (week N of the internship span the worklog section page states); NULL: nothing dates the week",
                ),
                col(
                    "objectives",
                    Utf8,
                    false,
                    "objective bullets, newline-joined",
                ),
                col(
                    "achievements",
                    Utf8,
                    false,
                    "achievement bullets, newline-joined",
                ),
                col(
                    "task_count",
                    Int32,
                    false,
                    "task rows extracted from the page",
                ),
                col(
                    "layout",
                    Utf8,
                    false,
                    "table, list (tasks from day headings or a work list) or none",
                ),
                is_primary("the page's language is the one counted for its intern and week"),
                col(
                    "source_path",
                    Utf8,
                    false,
                    "page path relative to the input root",
                ),
                col(
                    "repo",
                    Utf8,
                    true,
                    "repository URL or path the page was read from (--repos; credentials removed); null for files",
                ),
                col("commit", Utf8, true, "the commit read (--repos)"),
                col(
                    "committed_at",
                    Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
                    true,
                    "time of the last commit that changed the page (--repos)",
                ),
            ],
            Table::Diagnostics => vec![
                col(
                    "source_path",
                    Utf8,
                    false,
                    "page (or folder) the finding is about",
                ),
                col(
                    "intern",
                    Utf8,
                    false,
                    "the intern (site) whose file it is; empty for a finding about no file",
                ),
                col(
                    "line",
                    Int32,
                    true,
                    "1-based line; null for file-level findings",
                ),
                col("severity", Utf8, false, "error, warning or info"),
                col(
                    "code",
                    Utf8,
                    false,
                    "stable code, see `worklog-analyze check --codes`",
                ),
                col("message", Utf8, false, "what happened, in words"),
            ],
        }
    }

    /// The full logical schema (what SQL sees).
    pub fn schema(self) -> SchemaRef {
        Arc::new(Schema::new(
            self.columns()
                .into_iter()
                .map(|c| Field::new(c.name, c.data_type, c.nullable))
                .collect::<Vec<_>>(),
        ))
    }

    /// The schema inside the Parquet files: without the partition column.
    pub fn file_schema(self) -> SchemaRef {
        Arc::new(Schema::new(
            self.columns()
                .into_iter()
                .filter(|c| !(self.partitioned() && c.name == PARTITION_COLUMN))
                .map(|c| Field::new(c.name, c.data_type, c.nullable))
                .collect::<Vec<_>>(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_column_only_outside_files() {
        for t in Table::ALL {
            let full = t.schema();
            let file = t.file_schema();
            assert_eq!(full.field_with_name("week").is_ok(), t.partitioned());
            assert!(file.field_with_name("week").is_err());
            for f in full.fields() {
                assert!(!matches!(
                    f.data_type(),
                    DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64
                ));
                assert_eq!(f.name().to_lowercase(), *f.name());
            }
            assert_eq!(Table::from_name(t.name()), Some(t));
        }
    }
}
