//! Find tasks tables by their header and turn their rows into raw task rows.

use super::columns::Columns;
use super::markdown::{Cell, Row, Table};
use crate::diag::{Code, Sink};
use crate::normalize::text;

/// One data row of a tasks table, cells as plain text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawRow {
    /// 1-based over all tasks tables of the page.
    pub row_number: u32,
    pub line: u32,
    pub day: String,
    pub task: String,
    pub task_urls: Vec<String>,
    /// `None` when the table has no such column.
    pub start: Option<String>,
    pub end: Option<String>,
    /// The dates come from one cell per row (a `Date` column, or a Day column
    /// holding dates): start = end unless the cell holds a range.
    pub single_date: bool,
    pub reference: String,
    pub reference_urls: Vec<String>,
    /// A time-spent cell as written (`4h`).
    pub hours: Option<String>,
    /// The row's table has no Day and no date column: the week's range dates it.
    pub undated: bool,
    /// Which tasks table of the page the row is in (0 = the first).
    pub table: u32,
    /// Cells of columns with no other role, as `Header: value`.
    pub notes: Vec<String>,
    pub notes_urls: Vec<String>,
}

/// Rows of one tasks table. Empty rows are diagnosed and skipped; rows with a
/// wrong cell count are diagnosed and kept.
pub fn rows(table: &Table, cols: &Columns, first_row_number: u32, sink: &mut Sink) -> Vec<RawRow> {
    let width = table.header.len();
    let mut out = Vec::new();
    let empty = Cell::default();
    for (i, row) in table.rows.iter().enumerate() {
        let row_number = first_row_number + i as u32;
        report_shape(row, row_number, width, sink);
        if skipped(row, row_number, sink) {
            continue;
        }
        let get = |idx: Option<usize>| idx.and_then(|i| row.cells.get(i)).unwrap_or(&empty);
        let task = get(Some(cols.task));
        let reference = get(cols.reference);
        let line_of = |idx: Option<usize>| idx.map(|_| text::one_line(&get(idx).text));
        let single_date = cols.start.is_none() && cols.end.is_none() && cols.date.is_some();
        let (notes, notes_urls) = notes(cols, get);
        let mut when = When {
            day: line_of(cols.day).unwrap_or_default(),
            start: if single_date {
                line_of(cols.date)
            } else {
                line_of(cols.start)
            },
            end: line_of(cols.end),
        };
        let has_day_or_date = cols.day.is_some() || cols.has_dates();
        if has_day_or_date && !text::is_blank(&task.text) {
            when.continue_above(out.last(), row.line, row_number, sink);
        }
        out.push(RawRow {
            row_number,
            line: row.line,
            day: when.day,
            task: task.text.clone(),
            task_urls: task.urls.clone(),
            start: when.start,
            end: when.end,
            single_date,
            reference: reference.text.clone(),
            reference_urls: reference.urls.clone(),
            hours: line_of(cols.hours).filter(|h| !h.is_empty()),
            undated: !has_day_or_date,
            table: 0,
            notes,
            notes_urls,
        });
    }
    out
}

/// A row with another cell count than its header's, and each truncated cell, reported.
fn report_shape(row: &Row, row_number: u32, width: usize, sink: &mut Sink) {
    if row.source_cells != width {
        let dropped: Vec<&str> = row
            .cells
            .iter()
            .skip(width)
            .map(|c| c.text.as_str())
            .collect();
        let extra = if row.source_cells > width && !dropped.is_empty() {
            format!("; dropped {:?}", dropped.join(" | "))
        } else if row.source_cells > width {
            "; extra cells dropped".to_string()
        } else {
            "; missing cells read as empty".to_string()
        };
        sink.at(
            row.line,
            Code::CellCount,
            format!(
                "row {row_number} has {} cells, the header has {width}{extra}",
                row.source_cells
            ),
        );
    }
    for (c, cell) in row.cells.iter().enumerate() {
        if cell.truncated {
            sink.at(
                row.line,
                Code::CellTruncated,
                format!(
                    "cell {} of row {row_number} is longer than {} bytes and was truncated",
                    c + 1,
                    super::markdown::MAX_CELL_BYTES
                ),
            );
        }
    }
}

/// A row that holds no task (a second delimiter row, or nothing at all): reported, skipped.
fn skipped(row: &Row, row_number: u32, sink: &mut Sink) -> bool {
    // A second delimiter row (`|---|---|`) under the first is no task.
    let delimiter = row.cells.iter().any(|c| c.text.contains('-'))
        && row.cells.iter().all(|c| {
            c.text
                .trim()
                .bytes()
                .all(|b| matches!(b, b'-' | b':' | b' '))
        });
    if delimiter {
        sink.at(
            row.line,
            Code::EmptyRow,
            format!("row {row_number} is a second delimiter row (only dashes) and was skipped"),
        );
        return true;
    }
    if row
        .cells
        .iter()
        .all(|c| text::is_blank(&c.text) && c.urls.is_empty())
    {
        sink.at(
            row.line,
            Code::EmptyRow,
            format!("row {row_number} is empty and was skipped"),
        );
        return true;
    }
    false
}

/// The row's cells of columns with no other role, as `Header: value`, and their links.
fn notes<'c>(
    cols: &Columns,
    get: impl Fn(Option<usize>) -> &'c Cell,
) -> (Vec<String>, Vec<String>) {
    let mut notes = Vec::new();
    let mut notes_urls = Vec::new();
    for (i, header) in &cols.notes {
        let cell = get(Some(*i));
        let value = text::one_line(&cell.text);
        if !value.is_empty() {
            let header = if header.is_empty() { "Note" } else { header };
            notes.push(format!("{}: {value}", label(header)));
        }
        notes_urls.extend(cell.urls.iter().cloned());
    }
    (notes, notes_urls)
}

/// A row's day and dates as written.
struct When {
    day: String,
    start: Option<String>,
    end: Option<String>,
}

impl When {
    /// A second task of the same day: Day and date cells left blank right
    /// under a dated row. It takes that row's day and dates.
    fn continue_above(
        &mut self,
        above: Option<&RawRow>,
        line: u32,
        row_number: u32,
        sink: &mut Sink,
    ) {
        let blank = |c: &Option<String>| c.as_deref().is_none_or(text::is_blank);
        if !(self.day.trim().is_empty() && blank(&self.start) && blank(&self.end)) {
            return;
        }
        let Some(above) = above.filter(|a| {
            a.line < line && (!a.day.trim().is_empty() || !blank(&a.start) || !blank(&a.end))
        }) else {
            return;
        };
        self.day.clone_from(&above.day);
        self.start.clone_from(&above.start);
        self.end.clone_from(&above.end);
        let dates = [&above.start, &above.end]
            .into_iter()
            .flatten()
            .filter(|d| !text::is_blank(d))
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" – ");
        sink.at(
            line,
            Code::ContinuedRow,
            format!(
                "row {row_number} has no day or date: it continues row {} above and takes its day {:?} and dates {:?}",
                above.row_number, above.day, dates
            ),
        );
    }
}

/// A notes column's header as the label of each row's note: a header is a
/// name, so a runaway one (thousands of characters) is cut, rather than copied
/// into every row (quadratic output; found by the fuzzer).
fn label(header: &str) -> std::borrow::Cow<'_, str> {
    const MAX_CHARS: usize = 80;
    match header.char_indices().nth(MAX_CHARS) {
        None => header.into(),
        Some((cut, _)) => format!("{}…", &header[..cut]).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{columns, markdown};
    use super::*;

    fn rows_of(md: &str) -> Vec<RawRow> {
        let t = markdown::parse(md, 1).tables.remove(0);
        let cols = columns::detect(&t).unwrap();
        rows(&t, &cols, 1, &mut Sink::new("p.md"))
    }

    #[test]
    fn start_end_and_single_date_columns() {
        let r = rows_of("| Day | Task | Start Date | Completion Date | Reference |\n|---|---|---|---|---|\n| Mon | a | 15/09/2025 | 16/09/2025 | [Lab 3](https://000003.awsstudygroup.com/) |\n");
        assert_eq!(r[0].day, "Mon");
        assert_eq!(
            (r[0].start.as_deref(), r[0].end.as_deref(), r[0].single_date),
            (Some("15/09/2025"), Some("16/09/2025"), false)
        );
        assert_eq!(r[0].reference_urls, ["https://000003.awsstudygroup.com/"]);
        let r = rows_of("| Date | Day | Work Items | Lab / Project | Result |\n|---|---|---|---|---|\n| 04/05/2026 | Mon | Set up IAM | Lab 2 | done |\n");
        assert_eq!(
            (r[0].start.as_deref(), r[0].end.as_deref()),
            (Some("04/05/2026"), None)
        );
        assert!(r[0].single_date);
        assert_eq!(r[0].day, "Mon");
        assert_eq!(r[0].reference, "Lab 2");
        assert_eq!(r[0].notes, ["Result: done"]);
    }

    #[test]
    fn a_day_column_of_dates_gives_the_dates_and_hours_are_kept() {
        let r = rows_of("| Ngày | Nội dung | Thời lượng |\n|---|---|---|\n| 12/06 | Học IAM | 4h |\n| 13/06 | Học VPC | 3 giờ |\n");
        assert_eq!(r[0].start.as_deref(), Some("12/06"));
        assert!(r[0].single_date);
        assert_eq!(r[1].hours.as_deref(), Some("3 giờ"));
    }

    #[test]
    fn a_runaway_notes_header_is_cut_in_each_row_s_label() {
        assert_eq!(label("Result"), "Result");
        let long = "ghi chú ".repeat(50);
        let l = label(&long);
        assert_eq!(l.chars().count(), 81);
        assert!(l.ends_with('…') && long.starts_with(l.trim_end_matches('…')));
    }
}
