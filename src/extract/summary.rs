//! `check --summary`: the input's consistency figures, computed from the rows and
//! diagnostics an extraction produced (so they count what was flagged, not what
//! the extractor meant to flag).

use std::collections::HashSet;
use std::fmt;

use crate::diag::Code;
use crate::model::{Extraction, Layout};
use crate::normalize::dates::weekday_of;

/// One figure: `agree` of `total` hold; of the rest, `flagged` carry a diagnostic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figure {
    pub total: usize,
    pub agree: usize,
    pub flagged: usize,
}

impl Figure {
    pub fn unexplained(&self) -> usize {
        (self.total - self.agree).saturating_sub(self.flagged)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub table_rows: usize,
    pub task_rows: usize,
    pub other_table_rows: usize,
    /// Rows of overview tables (the site's calendar) and of data tables: no tasks.
    pub overview_rows: usize,
    pub data_table_rows: usize,
    pub skipped_rows: usize,
    /// Rows that took the day and dates of the row above (`continued_row`), and
    /// rows broken across source lines that were joined (`joined_row`).
    pub continued_rows: usize,
    pub joined_rows: usize,
    /// Rows of sites a bug stopped (`internal_error`).
    pub dropped_rows: usize,
    /// Weekly pages without a tasks table, their list tasks, and weekly pages with no tasks at all.
    pub list_pages: usize,
    pub list_tasks: usize,
    pub empty_pages: usize,
    /// Of the list pages, those written as reports (`narrative_page`), and their tasks.
    pub narrative_pages: usize,
    pub narrative_tasks: usize,
    /// Pages wrapped whole in a code fence, read inside it (`fenced_page`).
    pub fenced_pages: usize,
    /// Task rows in the language counted for their intern and week, of all task rows.
    pub primary_tasks: usize,
    pub all_tasks: usize,
    /// Rows with a date-like Day/date cell that got a start date.
    pub dates: Figure,
    /// Rows whose Day cell names a weekday, agreeing with the start date.
    pub weekdays: Figure,
    /// Twin row pairs agreeing on the start date (+ uneven twin pages, all flagged).
    pub twins: Figure,
    /// Consecutive weeks whose dates are in order.
    pub weeks: Figure,
}

impl Summary {
    pub fn unaccounted(&self) -> isize {
        self.table_rows as isize
            - (self.task_rows
                + self.other_table_rows
                + self.overview_rows
                + self.data_table_rows
                + self.skipped_rows
                + self.joined_rows
                + self.dropped_rows) as isize
    }
    pub fn flagged(&self) -> usize {
        [self.dates, self.weekdays, self.twins, self.weeks]
            .iter()
            .map(|f| f.flagged)
            .sum()
    }
    pub fn unexplained(&self) -> usize {
        [self.dates, self.weekdays, self.twins, self.weeks]
            .iter()
            .map(Figure::unexplained)
            .sum()
    }
}

pub fn summarize(x: &Extraction) -> Summary {
    let on_line = |codes: &[Code]| -> HashSet<(&str, u32)> {
        x.diagnostics
            .iter()
            .filter(|d| codes.contains(&d.code))
            .filter_map(|d| Some((d.source_path.as_str(), d.line?)))
            .collect()
    };
    let count = |c: Code| x.diagnostics.iter().filter(|d| d.code == c).count();
    let any_diag = on_line(Code::ALL);
    let weekday_flags = on_line(&[Code::WeekdayMismatch]);
    let mut s = Summary {
        table_rows: x.table_rows,
        task_rows: x.tasks.iter().filter(|t| t.layout == Layout::Table).count(),
        other_table_rows: x.other_table_rows,
        overview_rows: x.overview_rows,
        data_table_rows: x.data_table_rows,
        skipped_rows: x.empty_rows,
        continued_rows: count(Code::ContinuedRow),
        joined_rows: count(Code::JoinedRow),
        dropped_rows: x.dropped_rows,
        list_pages: x.pages.iter().filter(|p| p.layout == Layout::List).count(),
        list_tasks: x.tasks.iter().filter(|t| t.layout == Layout::List).count(),
        empty_pages: count(Code::NoTasksTable),
        narrative_pages: count(Code::NarrativePage),
        fenced_pages: count(Code::FencedPage),
        primary_tasks: x.tasks.iter().filter(|t| t.is_primary).count(),
        all_tasks: x.tasks.len(),
        ..Summary::default()
    };
    let narrative: HashSet<&str> = x
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::NarrativePage)
        .map(|d| d.source_path.as_str())
        .collect();
    s.narrative_tasks = x
        .tasks
        .iter()
        .filter(|t| narrative.contains(t.source_path.as_str()))
        .count();
    // Rows dated from their weekday (`day_in_week`) agree with it by construction.
    let placed: HashSet<&str> = x
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::DayInWeek)
        .map(|d| d.source_path.as_str())
        .collect();
    for t in &x.tasks {
        let at = (t.source_path.as_str(), t.source_line as u32);
        if t.date_written {
            s.dates.total += 1;
            if t.start_date.is_some() {
                s.dates.agree += 1;
            } else if any_diag.contains(&at) {
                s.dates.flagged += 1;
            }
        }
        // A week's range (list tasks) is not the day's date.
        let own_start = t
            .own_start_date()
            .filter(|_| t.date_written || !placed.contains(t.source_path.as_str()));
        if let (Some(wd), Some(start)) = (t.day_weekday, own_start) {
            s.weekdays.total += 1;
            if weekday_of(start) == wd {
                s.weekdays.agree += 1;
            } else if weekday_flags.contains(&at) {
                s.weekdays.flagged += 1;
            }
        }
    }
    let c = x.cross_page;
    let twin_flags = count(Code::TwinMismatch);
    s.twins = Figure {
        total: c.twin_rows + c.twin_pages_uneven,
        agree: c.twin_rows_agree,
        flagged: twin_flags.min(c.twin_rows + c.twin_pages_uneven - c.twin_rows_agree),
    };
    let week_flags = count(Code::WeekOrder);
    s.weeks = Figure {
        total: c.week_pairs,
        agree: c.week_pairs_in_order,
        flagged: week_flags.min(c.week_pairs - c.week_pairs_in_order),
    };
    s
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "-".to_string()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / d as f64)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "rows accounted:    {} table rows = {} task rows + {} in non-task tables + {} overview + {} data + {} joined + {} empty{}; {} unaccounted",
            self.table_rows,
            self.task_rows,
            self.other_table_rows,
            self.overview_rows,
            self.data_table_rows,
            self.joined_rows,
            self.skipped_rows,
            if self.dropped_rows > 0 {
                format!(" + {} dropped (internal_error)", self.dropped_rows)
            } else {
                String::new()
            },
            self.unaccounted()
        )?;
        writeln!(
            f,
            "overview rows:     {} rows of overview tables read as the site's week calendar, not tasks (overview_row)",
            self.overview_rows
        )?;
        writeln!(
            f,
            "data tables:       {} rows of data tables (results, comparisons) on weekly pages, not tasks (data_table)",
            self.data_table_rows
        )?;
        writeln!(
            f,
            "continued rows:    {} rows without a day or date took those of the row above (continued_row)",
            self.continued_rows
        )?;
        writeln!(
            f,
            "joined rows:       {} rows broken across source lines were joined (joined_row)",
            self.joined_rows
        )?;
        writeln!(
            f,
            "list pages:        {} weekly pages without a tasks table gave {} task rows (day headings, work lists); {} weekly page{} with no tasks at all",
            self.list_pages,
            self.list_tasks,
            self.empty_pages,
            if self.empty_pages == 1 { "" } else { "s" }
        )?;
        writeln!(
            f,
            "narrative pages:   {} of them written as reports gave {} task rows (numbered or topic sections, checklists); {} page{} read inside a code fence",
            self.narrative_pages,
            self.narrative_tasks,
            self.fenced_pages,
            if self.fenced_pages == 1 { "" } else { "s" }
        )?;
        writeln!(
            f,
            "counted once:      {} (the rows of one language per intern and week)",
            crate::model::task_counts(self.all_tasks, self.primary_tasks)
        )?;
        for (name, fig, what) in [
            (
                "dates read:",
                self.dates,
                "rows with a date-like Day/date cell got a start date",
            ),
            (
                "weekday agreement:",
                self.weekdays,
                "Day-cell weekdays agree with the start date",
            ),
            (
                "twin agreement:",
                self.twins,
                "en/vi twin rows agree (uneven twin pages count as disagreeing)",
            ),
            (
                "weeks in order:",
                self.weeks,
                "consecutive weeks have later dates",
            ),
        ] {
            writeln!(
                f,
                "{name:<18} {}/{} ({}) {what}; {} flagged, {} unexplained",
                fig.agree,
                fig.total,
                pct(fig.agree, fig.total),
                fig.flagged,
                fig.unexplained()
            )?;
        }
        write!(
            f,
            "disagreements:     {} flagged, {} unexplained",
            self.flagged(),
            self.unexplained()
        )
    }
}
