//! Diagnostics: everything the extractor could not read, guessed, or skipped.
//!
//! Each code has one default severity, defined here, so `check`, the
//! `diagnostics` table and the README agree.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident => ($name:literal, $sev:ident), )*) => {
        /// Stable diagnostic codes (the `code` column).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $(#[doc = $doc])* $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }
            pub fn from_name(name: &str) -> Option<Code> {
                Self::ALL.iter().copied().find(|c| c.as_str() == name)
            }
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }
            /// One-line description, for `check --codes` and the README.
            pub fn describe(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),*).trim_ascii(),)* }
            }
        }
    };
}

codes! {
    /// The file could not be read (permissions, I/O error, a parser failure).
    ReadError => ("read_error", Error),
    /// The file is larger than the page size limit (--max-page-size) and was not read.
    PageTooLarge => ("page_too_large", Error),
    /// The file is not valid UTF-8; invalid bytes were replaced with U+FFFD.
    InvalidUtf8 => ("invalid_utf8", Warning),
    /// The file is empty or holds only white space.
    EmptyFile => ("empty_file", Warning),
    /// The front matter is not valid YAML/TOML, is unterminated, or exceeds the parser budget.
    BadFrontMatter => ("bad_front_matter", Warning),
    /// The whole page is wrapped in a code fence (a ```markdown line first, ``` last); it was read inside the fence.
    FencedPage => ("fenced_page", Info),
    /// The front matter `date` is not a date.
    BadPageDate => ("bad_page_date", Warning),
    /// No week number in the title, a heading or the folder name.
    NoWeek => ("no_week", Warning),
    /// The title, heading and folder name give different week numbers.
    WeekMismatch => ("week_mismatch", Warning),
    /// A folder's Hugo number (`1.3-…`) read as its week: the section's other folders number their weeks so.
    WeekFromSection => ("week_from_section", Info),
    /// A weekly page has no tasks table and no day headings or work list to read tasks from.
    NoTasksTable => ("no_tasks_table", Warning),
    /// A week written as day pages: the week page's tasks are on them (a row repeating one is counted there).
    DayPages => ("day_pages", Info),
    /// A weekly page without a tasks table: its tasks were read from day headings or a work list.
    ListLayout => ("list_layout", Info),
    /// A weekly page written as a report (no tasks table, day headings or work heading): tasks read from its numbered or topic sections, or its ticked checklist, and where their dates came from.
    NarrativePage => ("narrative_page", Info),
    /// A section/index page (no week) has no tasks table, as expected.
    SectionPage => ("section_page", Info),
    /// A table whose header is not a tasks table was skipped.
    OtherTable => ("other_table", Info),
    /// A row of an overview table (one row per week of the internship): the site's calendar, not a task.
    OverviewRow => ("overview_row", Info),
    /// A week's own range, or its dated rows, lie outside the range the site's overview table gives that week.
    CalendarMismatch => ("calendar_mismatch", Warning),
    /// A table on a weekly page holds results or comparisons (numbers, metrics, dates far from the week), not tasks.
    DataTable => ("data_table", Info),
    /// A tasks table with no Day or date column: its rows are the week's tasks, dated by the week's range when known.
    UndatedTable => ("undated_table", Info),
    /// A tasks table with a Day column but no date column: each row took its weekday's date in the week's range (else the range).
    DayInWeek => ("day_in_week", Info),
    /// A row with blank Day and date cells right after a dated row took that row's day and dates.
    ContinuedRow => ("continued_row", Info),
    /// A row whose cells continued on the next source line was joined with it into one row.
    JoinedRow => ("joined_row", Info),
    /// The tasks table has no column of this kind (Day, dates, reference).
    MissingColumn => ("missing_column", Info),
    /// A column's role was read from its cells, not its header (a Day column of dates, an unknown task header).
    ColumnByContent => ("column_by_content", Info),
    /// A row has more or fewer cells than the header; extra cells are dropped, missing ones are empty.
    CellCount => ("cell_count", Warning),
    /// A row has no text in any cell and was skipped.
    EmptyRow => ("empty_row", Info),
    /// A `|` line in no table Markdown recognises (after a blank line, comment or lone `|`); not extracted.
    OrphanRow => ("orphan_row", Warning),
    /// A table header whose delimiter row has a different cell count: Markdown does not read it as a table.
    MalformedTable => ("malformed_table", Warning),
    /// A row has no task text; it is kept with an empty title.
    EmptyTask => ("empty_task", Warning),
    /// A cell was longer than the limit and was truncated.
    CellTruncated => ("cell_truncated", Warning),
    /// The Day cell is not a weekday this tool knows.
    UnknownDay => ("unknown_day", Warning),
    /// The Day cell names a weekday that disagrees with the start date.
    WeekdayMismatch => ("weekday_mismatch", Warning),
    /// The Day column's numbers follow no weekday convention: read as a running day count.
    DayCount => ("day_count", Info),
    /// A date cell could not be read as a date.
    BadDate => ("bad_date", Warning),
    /// A date cell written with a slip (`12//03/2026`, `03/12/026`): read as the one date it can mean, or not read when it could mean several.
    MalformedDate => ("malformed_date", Warning),
    /// A date cell is empty.
    MissingDate => ("missing_date", Info),
    /// Day/month order could not be decided from the page; --date-order was used.
    AmbiguousDate => ("ambiguous_date", Warning),
    /// Day/month order was inferred from weekdays or consecutive dates, not from a part > 12.
    DateOrderInferred => ("date_order_inferred", Info),
    /// A page mixes day/month orders (some dates only read one way, others only the other).
    MixedDateOrder => ("mixed_date_order", Warning),
    /// Dates without a year got one from the site's evidence (weekdays, week order, twins, front matter).
    YearInferred => ("year_inferred", Info),
    /// Undated list tasks took the dates of the same days on their en/vi twin page.
    TwinDates => ("twin_dates", Info),
    /// An en/vi twin pair disagrees: different row counts, or paired rows with different dates.
    TwinMismatch => ("twin_mismatch", Warning),
    /// A row's date lies far outside its page's dates or its week's place in the site.
    DateOutlier => ("date_outlier", Warning),
    /// A week's dates fall before the previous week's.
    WeekOrder => ("week_order", Warning),
    /// The completion date is before the start date.
    EndBeforeStart => ("end_before_start", Warning),
    /// A task runs more than 31 days: likely a typo in a year or month.
    LongTask => ("long_task", Warning),
    /// The row is an unedited FCJ template sample task; kept, but flagged.
    TemplateRow => ("template_row", Warning),
    /// A symlink loop or unreadable directory entry was skipped while walking.
    WalkError => ("walk_error", Warning),
    /// Two sites would get the same intern name: each is named after its parent folder too.
    SiteNameClash => ("site_name_clash", Warning),
    /// A repository of the --repos file could not be read (unreachable, no such repository, no such ref, or a malformed line).
    RepoError => ("repo_error", Error),
    /// Fetching a cached repository failed; the commit the cache holds was read.
    RepoStale => ("repo_stale", Warning),
    /// An input PATH (file or folder), or a repository of the --repos file at the commit read, gave no weekly worklog page.
    NoWorklogPages => ("no_worklog_pages", Error),
    /// A bug (a caught panic) stopped one stage of a site's extraction; none of the site's rows were written (please report it).
    InternalError => ("internal_error", Error),
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One diagnostic row. `line` is 1-based; `None` for file-level findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub source_path: String,
    /// The intern (site) the file belongs to; empty for findings about no file.
    pub intern: String,
    pub line: Option<u32>,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        source_path: &str,
        line: Option<u32>,
        code: Code,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            source_path: source_path.to_string(),
            intern: String::new(),
            line,
            severity: code.severity(),
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line: severity[code]: message`, the format compilers and editors understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: ", self.source_path, l)?,
            None => write!(f, "{}: ", self.source_path)?,
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)
    }
}

/// Collects diagnostics for one file (all share its path).
#[derive(Debug, Default)]
pub struct Sink {
    path: String,
    pub items: Vec<Diagnostic>,
}

impl Sink {
    /// The file this sink collects findings for.
    pub fn source_path(&self) -> &str {
        &self.path
    }

    pub fn new(path: &str) -> Self {
        Sink {
            path: path.to_string(),
            items: Vec::new(),
        }
    }
    pub fn push(&mut self, line: Option<u32>, code: Code, message: impl Into<String>) {
        self.items
            .push(Diagnostic::new(&self.path, line, code, message));
    }
    pub fn at(&mut self, line: u32, code: Code, message: impl Into<String>) {
        self.push(Some(line), code, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_described() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {c}");
            assert!(c
                .as_str()
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'));
            assert!(!c.describe().is_empty());
        }
    }

    #[test]
    fn display_is_path_line_severity_code() {
        let d = Diagnostic::new("a/b.md", Some(12), Code::BadDate, "cannot read \"x\"");
        assert_eq!(
            d.to_string(),
            "a/b.md:12: warning[bad_date]: cannot read \"x\""
        );
        let d = Diagnostic::new("a/b.md", None, Code::EmptyFile, "empty");
        assert_eq!(d.to_string(), "a/b.md: warning[empty_file]: empty");
    }
}
