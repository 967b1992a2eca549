//! Find tasks tables by their header and turn their rows into raw task rows.

use unicode_normalization::UnicodeNormalization;

use super::markdown::{Cell, Table};
use crate::diag::{Code, Sink};
use crate::normalize::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Day,
    Task,
    Start,
    End,
    Reference,
}

impl Column {
    pub fn name(self) -> &'static str {
        match self {
            Column::Day => "Day",
            Column::Task => "Task",
            Column::Start => "Start Date",
            Column::End => "Completion Date",
            Column::Reference => "Reference",
        }
    }
}

/// Words that name the Task column, English and Vietnamese.
const TASK_WORDS: &[&str] = &[
    "task",
    "công việc",
    "nhiệm vụ",
    "activit",
    "hoạt động",
    "nội dung",
];

/// Classify one header cell (English or Vietnamese, any case, markup stripped).
pub fn classify_header(h: &str) -> Option<Column> {
    let h: String = h.nfc().collect::<String>().to_lowercase();
    let h = h.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | ':' | '`'));
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if h.is_empty() {
        None
    } else if has(TASK_WORDS) && !has(&["date", "ngày"]) {
        // "Completed Tasks" is the task column, "Completion Date" is not.
        Some(Column::Task)
    } else if has(&["start", "bắt đầu", "begin"]) {
        Some(Column::Start)
    } else if has(&[
        "completion",
        "complete",
        "end date",
        "finish",
        "hoàn thành",
        "kết thúc",
        "due",
        "deadline",
    ]) || h == "end"
    {
        Some(Column::End)
    } else if has(TASK_WORDS) {
        Some(Column::Task)
    } else if has(&["day", "thứ", "weekday"]) || h == "ngày" || h == "thu" {
        Some(Column::Day)
    } else if h == "date" || h == "ngày tháng" {
        Some(Column::Start)
    } else if has(&[
        "reference",
        "resource",
        "tài liệu",
        "nguồn",
        "link",
        "material",
        "note",
        "ghi chú",
        "source",
        "tham khảo",
        "tài nguyên",
    ]) {
        Some(Column::Reference)
    } else {
        None
    }
}

/// Column positions of a tasks table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub day: Option<usize>,
    pub task: usize,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub reference: Option<usize>,
    pub vietnamese: bool,
}

/// Columns of a tasks table, or `None` when this header is not one: a tasks
/// table has a Task column and at least one Day or date column.
pub fn detect(header: &[Cell]) -> Option<Columns> {
    let mut found: [Option<usize>; 5] = [None; 5];
    let mut vietnamese = false;
    for (i, cell) in header.iter().enumerate() {
        if let Some(col) = classify_header(&cell.text) {
            let slot = &mut found[col as usize];
            if slot.is_none() {
                *slot = Some(i);
                if col == Column::Task {
                    vietnamese = !cell.text.is_ascii();
                }
            }
        }
    }
    let [day, task, start, end, reference] = found;
    let task = task?;
    (day.is_some() || start.is_some() || end.is_some()).then_some(Columns {
        day,
        task,
        start,
        end,
        reference,
        vietnamese,
    })
}

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
    pub reference: String,
    pub reference_urls: Vec<String>,
}

/// Rows of one tasks table. Empty rows are diagnosed and skipped; rows with a
/// wrong cell count are diagnosed and kept.
pub fn rows(table: &Table, cols: &Columns, first_row_number: u32, sink: &mut Sink) -> Vec<RawRow> {
    let width = table.header.len();
    let mut out = Vec::new();
    let empty = Cell::default();
    for (i, row) in table.rows.iter().enumerate() {
        let row_number = first_row_number + i as u32;
        let get = |idx: Option<usize>| idx.and_then(|i| row.cells.get(i)).unwrap_or(&empty);
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
        if row
            .cells
            .iter()
            .all(|c| text::one_line(&c.text).is_empty() && c.urls.is_empty())
        {
            sink.at(
                row.line,
                Code::EmptyRow,
                format!("row {row_number} is empty and was skipped"),
            );
            continue;
        }
        let task = get(Some(cols.task));
        let reference = get(cols.reference);
        out.push(RawRow {
            row_number,
            line: row.line,
            day: text::one_line(&get(cols.day).text),
            task: task.text.clone(),
            task_urls: task.urls.clone(),
            start: cols.start.map(|_| text::one_line(&get(cols.start).text)),
            end: cols.end.map(|_| text::one_line(&get(cols.end).text)),
            reference: reference.text.clone(),
            reference_urls: reference.urls.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(names: &[&str]) -> Vec<Cell> {
        names
            .iter()
            .map(|n| Cell {
                text: n.to_string(),
                ..Cell::default()
            })
            .collect()
    }

    #[test]
    fn english_and_vietnamese_headers() {
        let c = detect(&cells(&[
            "Day",
            "Task",
            "Start Date",
            "Completion Date",
            "Reference Material",
        ]))
        .unwrap();
        assert_eq!(
            (c.day, c.task, c.start, c.end, c.reference),
            (Some(0), 1, Some(2), Some(3), Some(4))
        );
        assert!(!c.vietnamese);
        let c = detect(&cells(&[
            "Thứ",
            "Công việc",
            "Ngày bắt đầu",
            "Ngày hoàn thành",
            "Nguồn tài liệu",
        ]))
        .unwrap();
        assert_eq!(
            (c.day, c.task, c.start, c.end, c.reference),
            (Some(0), 1, Some(2), Some(3), Some(4))
        );
        assert!(c.vietnamese);
        let c = detect(&cells(&[
            "Ngày",
            "Nhiệm vụ",
            "Bắt đầu",
            "Hoàn thành",
            "Tài liệu tham khảo",
        ]))
        .unwrap();
        assert_eq!((c.day, c.start, c.end), (Some(0), Some(2), Some(3)));
        let c = detect(&cells(&[
            "Day",
            "Tasks",
            "Start Date",
            "End Date",
            "Resources",
        ]))
        .unwrap();
        assert_eq!((c.end, c.reference), (Some(3), Some(4)));
    }

    #[test]
    fn any_order_and_missing_columns() {
        let c = detect(&cells(&[
            "Task",
            "Start Date",
            "Completion Date",
            "Reference Material",
        ]))
        .unwrap();
        assert_eq!((c.day, c.task, c.start), (None, 0, Some(1)));
        let c = detect(&cells(&["Start Date", "Completion Date", "Tasks", "Day"])).unwrap();
        assert_eq!((c.day, c.task, c.reference), (Some(3), 2, None));
        assert!(detect(&cells(&["R53", "R53R"])).is_none());
        assert!(detect(&cells(&["Task", "Owner"])).is_none());
    }
}
