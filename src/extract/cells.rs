//! One parsed page → task, lab, topic and page rows, in two steps around the
//! site-level resolution: [`scan`] reads every date and Day cell as written,
//! `resolve::dates` decides the order and year for the whole site, then
//! [`normalize`] applies those decisions to the rows.

use chrono::NaiveDate;

use super::walk::InputFile;
use crate::diag::{Code, Sink};
use crate::model::{
    stable_id, DatePrecision, LabSource, Page, Task, TaskLab, TaskTopic, WeekRangeSource,
};
use crate::normalize::dates::{self, Order, RawDate, Scan};
use crate::normalize::days::{self, DayToken, DigitConvention};
use crate::normalize::labs::find_labs;
use crate::normalize::text;
use crate::normalize::topics::Taxonomy;
use crate::page::lists::ListSource;
use crate::page::{Layout, ParsedPage, RawRow};
use crate::resolve::dates::{Decision, OrderChoice, Year};
use crate::resolve::weeks::Window;
use crate::resolve::{PageIn, RowIn};

/// What the normaliser needs besides the page.
pub struct Context<'a> {
    pub intern: &'a str,
    pub cohort: &'a str,
    pub taxonomy: &'a Taxonomy,
}

/// What the site says of a page's week.
pub struct WeekIn<'a> {
    /// The range the page, the site's calendar or the front matter gives it.
    pub window: Option<Window>,
    /// The site's overview-table range for the week, even when the page writes its own.
    pub calendar: Option<Window>,
    /// Where that calendar row was written (path, line).
    pub calendar_at: Option<(&'a str, u32)>,
    /// Where the site's dated rows place the week (its week-1 anchor + 7 days a week).
    pub expected: Option<Window>,
}

#[derive(Default)]
pub struct PageRows {
    pub tasks: Vec<Task>,
    pub labs: Vec<TaskLab>,
    pub topics: Vec<TaskTopic>,
    pub page: Option<Page>,
    /// Rows of tasks tables found to be data tables here (dates far from the week).
    pub data_rows: u32,
}

/// Fingerprints of the FCJ template's sample tasks (letters and digits only, lower case).
const TEMPLATE_ROWS: &[&str] = &[
    "get acquainted with fcj members read and take note of internship unit rules and regulations",
    "get acquainted with fcj members read and take notes on internship rules and regulations",
    "get acquainted with fcj members read and note internship rules and regulations",
    "get acquainted with fcj members read and note down internship unit rules and regulations",
    "learn about aws and its types of services compute storage networking database",
    "create aws free tier account learn about aws console aws cli practice create aws account install configure aws cli how to use aws cli",
    "learn basic ec2 instance types ami ebs ssh connection methods to ec2 learn about elastic ip",
    "practice launch an ec2 instance connect via ssh attach an ebs volume",
    "làm quen với các thành viên fcj đọc và lưu ý các nội quy quy định tại đơn vị thực tập",
    "tìm hiểu aws và các loại dịch vụ compute storage networking database",
    "tạo aws free tier account tìm hiểu aws console aws cli thực hành tạo aws account cài aws cli cấu hình cách sử dụng aws cli",
    "tìm hiểu ec2 cơ bản instance types ami ebs các cách remote ssh vào ec2 tìm hiểu elastic ip",
    "thực hành tạo ec2 instance kết nối ssh gắn ebs volume",
];

/// Letters and digits only, lower case; the AI-era template says FCAJ for FCJ.
fn fingerprint(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| if w == "fcaj" { "fcj" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text`'s fingerprint is a template row's. The fingerprint is built
/// word by word and given up once longer than every template: task cells are
/// mostly far longer than that.
#[cfg(test)]
fn is_template(text: &str) -> bool {
    is_template_of(&[text])
}

/// [`is_template`] of the parts written one after the other, without joining
/// them first: most task cells are given up on after their first words.
fn is_template_of(parts: &[&str]) -> bool {
    // `str::to_lowercase` reads a capital sigma by its context: lowered whole.
    if parts.iter().any(|p| p.contains('Σ')) {
        return TEMPLATE_ROWS.contains(&fingerprint(&parts.concat()).as_str());
    }
    let max = TEMPLATE_ROWS.iter().map(|t| t.len()).max().unwrap_or(0);
    let mut fp = String::with_capacity(max + 1);
    let mut word = String::with_capacity(max + 2);
    let flush = |fp: &mut String, word: &mut String| {
        if !word.is_empty() {
            if !fp.is_empty() {
                fp.push(' ');
            }
            fp.push_str(if word == "fcaj" { "fcj" } else { word });
            word.clear();
        }
    };
    for c in parts.iter().flat_map(|p| p.chars()) {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else {
                flush(&mut fp, &mut word);
            }
        } else if c.is_lowercase() {
            // A lower-case letter is its own lower case and alphanumeric
            // (`topics` tests both for every char): no mapping search.
            word.push(c);
        } else {
            for l in c.to_lowercase() {
                if l.is_alphanumeric() {
                    word.push(l);
                } else {
                    flush(&mut fp, &mut word);
                }
            }
        }
        // Words only grow the fingerprint (`fcaj` → `fcj` drops one byte).
        if fp.len() > max || word.len() > max + 1 {
            return false;
        }
    }
    flush(&mut fp, &mut word);
    TEMPLATE_ROWS.contains(&fp.as_str())
}

/// A task longer than this is more likely a typo in a year or month than real.
const LONG_TASK_DAYS: i64 = 31;

/// Scan one date cell: the first date and, for a range `A – B`, the second.
/// `None` when the table has no such column.
fn scan_cell(
    cell: Option<&str>,
    line: u32,
    what: &str,
    sink: &mut Sink,
) -> (Option<RawDate>, Option<RawDate>) {
    let Some(cell) = cell else {
        return (None, None);
    };
    // A slip is read as the one date it can mean, never as a year-less date that
    // would take another year; flagged either way, the cell kept as written.
    let meant;
    let cell = match dates::mend(cell) {
        Some(dates::Mend::Meant(m)) => {
            sink.at(
                line,
                Code::MalformedDate,
                format!("{what} {cell:?} is malformed; read as {m:?}, the one date it can mean"),
            );
            meant = m;
            meant.as_str()
        }
        Some(dates::Mend::Unclear) => {
            sink.at(
                line,
                Code::MalformedDate,
                format!("{what} {cell:?} is malformed and could mean several dates; not read"),
            );
            return (None, None);
        }
        None => cell,
    };
    match dates::scan_range(cell) {
        (Scan::Date(d), second) => (Some(d), second),
        (Scan::Empty, _) => {
            sink.at(line, Code::MissingDate, format!("{what} is empty"));
            (None, None)
        }
        (Scan::Unreadable, _) => {
            sink.at(
                line,
                Code::BadDate,
                format!("{what} {cell:?} is not a date this tool can read"),
            );
            (None, None)
        }
    }
}

fn scan_row(r: &RawRow, sink: &mut Sink) -> RowIn {
    let day = days::parse_day(&r.day);
    let what = if r.single_date { "date" } else { "start date" };
    let (start, second) = scan_cell(r.start.as_deref(), r.line, what, sink);
    // A range in a single cell gives the end; so does one in a start cell, or a
    // Day cell naming several days, when the completion cell is absent or empty.
    let end = if r.single_date {
        second.or(start)
    } else {
        match r.end.as_deref() {
            Some(cell) if (second.is_some() || day.last.is_some()) && dates::is_blank(cell) => {
                second
            }
            cell @ Some(_) => scan_cell(cell, r.line, "completion date", sink).0,
            None => second,
        }
    };
    RowIn {
        line: r.line,
        start,
        end,
        day,
    }
}

/// Step 1: every date-bearing cell of the page as written, for the site resolver.
pub fn scan(page: &ParsedPage, sink: &mut Sink) -> PageIn {
    let front_date = page
        .front
        .date
        .as_deref()
        .and_then(|d| match dates::scan(d) {
            Scan::Date(raw) => Some(raw),
            _ => None,
        });
    // The title is the page's first heading: its dates are evidence like a heading's.
    let mut heading_dates: Vec<RawDate> = page
        .headings
        .iter()
        .map(|(_, h)| h.as_str())
        .chain(page.front.title.as_deref())
        .flat_map(dates::scan_all)
        .filter(|f| f.strict)
        .map(|f| f.date)
        .collect();
    let range = page.week_range.as_ref().and_then(|(line, t)| {
        let meant = match dates::mend(t) {
            Some(dates::Mend::Meant(m)) => {
                sink.at(
                    *line,
                    Code::MalformedDate,
                    format!("the week's range {t:?} is malformed; read as {m:?}, the one range it can mean"),
                );
                m
            }
            _ => t.clone(),
        };
        match dates::scan_range(&meant) {
            (Scan::Date(a), Some(b)) => Some((a, b)),
            _ => None,
        }
    });
    let calendar: Vec<(u32, u32, RawDate, RawDate)> = page
        .calendar
        .iter()
        .filter_map(|w| match dates::scan_range(w.range.as_deref()?) {
            (Scan::Date(a), Some(b)) => Some((w.week, w.line, a, b)),
            _ => None,
        })
        .collect();
    // A summary table's range, and an overview table's, are evidence like a heading's.
    let ranges = range.into_iter().chain(calendar.iter().map(|c| (c.2, c.3)));
    for (a, b) in ranges {
        for d in [a, b] {
            if !heading_dates.contains(&d) {
                heading_dates.push(d);
            }
        }
    }
    let rows: Vec<RowIn> = page.rows.iter().map(|r| scan_row(r, sink)).collect();
    let span = page
        .span
        .as_ref()
        .and_then(|(line, t)| match dates::scan_range(t) {
            (Scan::Date(a), Some(b)) => Some((*line, a, b)),
            _ => None,
        });
    let dir = page
        .source_path
        .rsplit_once('/')
        .map_or("", |(d, _)| d)
        .to_string();
    PageIn {
        span,
        dir,
        week: page.week,
        lang: page.lang,
        front_date,
        heading_dates,
        written: None,
        range,
        calendar,
        rows,
    }
}

fn fmt_raw(cell: &str) -> String {
    format!("{:?}", cell.trim())
}

/// The front-matter date as the pages table stores it (ISO, or day/month).
fn page_date(page: &ParsedPage, sink: &mut Sink) -> Option<NaiveDate> {
    let d = page.front.date.as_deref()?;
    let resolved = match dates::scan(d) {
        Scan::Date(raw) => raw.resolve(Order::Dmy, None),
        _ => None,
    };
    if resolved.is_none() {
        sink.at(
            1,
            Code::BadPageDate,
            format!("front-matter date {d:?} is not a date"),
        );
    }
    resolved
}

/// The week rows go to, or `None` for a section page (diagnosed either way).
fn page_week(page: &ParsedPage, sink: &mut Sink) -> Option<i32> {
    if page.layout != Layout::Table {
        if page.week.is_some() {
            if page.layout == Layout::None && page.day_pages > 0 {
                sink.push(
                    Some(1),
                    Code::DayPages,
                    format!(
                        "the week is written as {} day pages: its tasks are read from them",
                        page.day_pages
                    ),
                );
            } else if page.layout == Layout::None {
                sink.push(Some(1), Code::NoTasksTable, "weekly page has no tasks table (a table with a task column and a Day or date column) and no day headings or work list to read tasks from");
            }
        } else {
            sink.push(
                Some(1),
                Code::SectionPage,
                "page has no week number and no tasks table; not a weekly page",
            );
            return None;
        }
    }
    Some(match page.week {
        Some(w) => w as i32,
        None => {
            sink.push(Some(1), Code::NoWeek, "no week number in the folder name, front matter, title or headings; rows go to week 0");
            0
        }
    })
}

/// The `list_layout` note: where a list page's tasks and dates came from.
fn report_list(page: &ParsedPage, scanned: &PageIn, window: Option<Window>, sink: &mut Sink) {
    let Some(source) = &page.list_source else {
        return;
    };
    let n = page.rows.len();
    let (line, from) = match source {
        ListSource::Days { first_line } => (*first_line, "one per day heading".to_string()),
        ListSource::DayPage { line } => (*line, "the day page is the day's task".to_string()),
        ListSource::Section { heading, line } => (
            *line,
            format!("one per item or group under the heading {heading:?}"),
        ),
        ListSource::Narrative { how, line } => (
            *line,
            format!("a week written as a report: {}", how.describe()),
        ),
    };
    let code = match source {
        ListSource::Narrative { .. } => Code::NarrativePage,
        _ => Code::ListLayout,
    };
    let undated = scanned.rows.iter().filter(|r| r.start.is_none()).count();
    let dates = if undated == 0 {
        "each with its own date".to_string()
    } else {
        match window {
            Some(w) => {
                let on_week_page = page.day_page.as_ref().is_some_and(|d| d.range_from_week);
                let whence = match (w.from, &page.week_range) {
                    (WeekRangeSource::Page, Some((l, _))) if on_week_page => {
                        format!("written at line {l} of its week page")
                    }
                    (WeekRangeSource::Page, Some((l, _))) => format!("written at line {l}"),
                    (WeekRangeSource::Page, None) => "written on the page".to_string(),
                    (WeekRangeSource::Calendar, _) => {
                        "from the site's overview table".to_string()
                    }
                    (WeekRangeSource::FrontMatter | WeekRangeSource::Rows, _) => {
                        "the Monday–Sunday week of the front-matter date".to_string()
                    }
                    (WeekRangeSource::SectionSpan, _) => whence(w).to_string(),
                    (WeekRangeSource::SiteWeeks, _) => format!(
                        "the page writes no date: the Monday–Sunday week where week {} falls among the site's dated weeks",
                        page.week.unwrap_or(0)
                    ),
                };
                match page.day_page.as_ref().and_then(|d| d.weekday()) {
                    Some(wd) => format!(
                        "{undated} without a date of their own take their day page's {} in the week's range {} – {} ({whence})",
                        weekday_name(wd),
                        w.start,
                        w.end
                    ),
                    None => format!(
                        "{undated} without a date of their own take the week's range {} – {} ({whence}; date_precision = week)",
                        w.start, w.end
                    ),
                }
            }
            None => format!(
                "{undated} have no date: the page writes no week range and its front-matter date is missing or off the site's weekly calendar"
            ),
        }
    };
    sink.at(
        line,
        code,
        format!("no tasks table: {n} tasks read from the page's list layout ({from}); {dates}"),
    );
}

/// Where a week's range came from, for notes.
fn whence(w: Window) -> &'static str {
    match w.from {
        WeekRangeSource::Page => "written on the page",
        WeekRangeSource::Calendar => "from the site's overview table",
        WeekRangeSource::SiteWeeks => "where the week falls among the site's dated weeks",
        WeekRangeSource::SectionSpan => {
            "week N of the internship span the worklog section page states"
        }
        WeekRangeSource::FrontMatter | WeekRangeSource::Rows => {
            "the Monday–Sunday week of the front-matter date"
        }
    }
}

/// The `day_in_week` note: a tasks table with a Day column and no date column,
/// its rows dated by their weekday inside the week's range.
fn report_day_in_week(w: Window, (placed, ranged): (usize, usize), line: u32, sink: &mut Sink) {
    let rest = if ranged > 0 {
        format!("; {ranged} whose Day cell names no weekday take the whole range (date_precision = week)")
    } else {
        String::new()
    };
    sink.at(
        line,
        Code::DayInWeek,
        format!(
            "the tasks table has a Day column but no date column: {placed} rows take the date of their weekday in the week's range {} – {} ({}; date_precision = day){rest}",
            w.start,
            w.end,
            whence(w)
        ),
    );
}

/// The `undated_table` note: a tasks table with no Day or date column, and
/// the range its rows take.
fn report_undated(page: &ParsedPage, window: Option<Window>, sink: &mut Sink) {
    let Some(first) = page.rows.iter().find(|r| r.undated) else {
        return;
    };
    let n = page.rows.iter().filter(|r| r.undated).count();
    let dates = match window {
        Some(w) => format!(
            "they take the week's range {} – {} ({}; date_precision = week)",
            w.start,
            w.end,
            whence(w)
        ),
        None => "nothing on the page or the site dates the week, so they have no date".to_string(),
    };
    sink.at(
        first.line,
        Code::UndatedTable,
        format!(
            "the tasks table has no Day or date column: its {n} rows are the week's tasks; {dates}"
        ),
    );
}

/// Diagnostics that record how the site resolver read this page's dates.
fn report_decision(d: &Decision, page: &ParsedPage, scanned: &PageIn, sink: &mut Sink) {
    let first_line = scanned.rows.first().map_or(1, |r| r.line);
    let order = d.order.as_str();
    match &d.how {
        OrderChoice::Default => sink.at(
            first_line,
            Code::AmbiguousDate,
            format!("dates on this page read either as day/month or month/day and nothing on the site decides; used {order} (--date-order)"),
        ),
        OrderChoice::Inferred(why) => sink.at(
            first_line,
            Code::DateOrderInferred,
            format!("read dates as {order}: {why}"),
        ),
        OrderChoice::Mixed { dmy, mdy } => sink.at(
            first_line,
            Code::MixedDateOrder,
            format!("{dmy} dates can only be day/month and {mdy} only month/day; ambiguous ones read as {order}"),
        ),
        OrderChoice::NotNeeded | OrderChoice::Decided => {}
    }
    let yearless_line = scanned
        .rows
        .iter()
        .find(|r| {
            [r.start, r.end]
                .into_iter()
                .flatten()
                .any(|x| x.year().is_none())
        })
        .map(|r| r.line)
        .or_else(|| {
            // A list page's week range written without a year (`May 4 – May 10`).
            let (a, b) = scanned.range?;
            (a.year().is_none() || b.year().is_none()).then_some(page.week_range.as_ref()?.0)
        });
    if let (Year::Inferred { year, why }, Some(line)) = (&d.year, yearless_line) {
        sink.at(
            line,
            Code::YearInferred,
            format!("dates without a year read as {year}: {why}"),
        );
    }
}

/// A scanned date → calendar date under the page's decision; diagnosed when it cannot be.
fn resolve_date(
    raw: Option<RawDate>,
    d: &Decision,
    cell: &str,
    what: &str,
    line: u32,
    sink: &mut Sink,
) -> Option<NaiveDate> {
    let raw = raw?;
    if raw.year().is_none() && d.year_value().is_none() {
        sink.at(
            line,
            Code::BadDate,
            format!(
                "{what} {} has no year and nothing on the site names one",
                fmt_raw(cell)
            ),
        );
        return None;
    }
    let date = d.date(raw);
    if date.is_none() {
        sink.at(
            line,
            Code::BadDate,
            format!("{what} {} is not a calendar date", fmt_raw(cell)),
        );
    }
    date
}

/// The weekday a Day token names under the page's digit convention; diagnosed when unknown.
fn day_weekday(
    token: DayToken,
    convention: DigitConvention,
    r: &RawRow,
    sink: &mut Sink,
) -> Option<u8> {
    match token {
        DayToken::Named(n) => Some(n),
        DayToken::Digit(d) => {
            let wd = convention.weekday(d);
            if wd.is_none() && convention != DigitConvention::Count {
                sink.at(
                    r.line,
                    Code::UnknownDay,
                    format!("day {:?} is not a weekday number", r.day),
                );
            }
            wd
        }
        DayToken::Unknown => {
            sink.at(
                r.line,
                Code::UnknownDay,
                format!("day {:?} is not a weekday this tool knows", r.day),
            );
            None
        }
        DayToken::Empty => None,
    }
}

/// Start to end, checked: `None` (and diagnosed) when the end comes first.
fn duration(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    line: u32,
    sink: &mut Sink,
) -> Option<i32> {
    match (start, end) {
        (Some(s), Some(e)) if e < s => {
            sink.at(
                line,
                Code::EndBeforeStart,
                format!("completion date {e} is before start date {s}; kept as written"),
            );
            None
        }
        (Some(s), Some(e)) => {
            let days = (e - s).num_days() + 1;
            if days > LONG_TASK_DAYS {
                sink.at(
                    line,
                    Code::LongTask,
                    format!("task runs {days} days, from {s} to {e}; check the year and month"),
                );
            }
            Some(days as i32)
        }
        _ => None,
    }
}

/// Hours from a time-spent cell (`4h`, `2.5 hours`, `30 min`, `3 giờ`).
fn parse_hours(cell: &str) -> Option<f64> {
    let t = cell.trim().trim_start_matches('~').replace(',', ".");
    let n: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let v: f64 = n.parse().ok()?;
    let unit = t[n.len()..].trim().to_lowercase();
    // `2h30`, `2h 30m`, `2 giờ 30 phút`: hours then minutes.
    if let Some(rest) = unit
        .strip_prefix('h')
        .or_else(|| unit.strip_prefix("giờ"))
        .map(str::trim)
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        let m: String = rest.chars().take_while(char::is_ascii_digit).collect();
        return Some(v + m.parse::<f64>().ok()? / 60.0);
    }
    if unit.starts_with("min") || unit.starts_with("phút") || unit == "m" {
        Some(v / 60.0)
    } else if unit.is_empty()
        || unit.starts_with('h')
        || unit.starts_with("giờ")
        || unit.starts_with("tiếng")
    {
        Some(v)
    } else {
        None
    }
}

/// Labs and topics of one task.
fn labs_and_topics(
    r: &RawRow,
    task_id: &str,
    week: i32,
    title: &str,
    details: &str,
    ctx: &Context<'_>,
    out: &mut PageRows,
) {
    let task_labs = find_labs(&r.task, r.task_urls.iter().map(String::as_str));
    for lab in &task_labs {
        out.labs.push(TaskLab {
            task_id: task_id.to_string(),
            intern: ctx.intern.to_string(),
            week,
            lab: *lab,
            source: LabSource::Task,
            is_primary: true,
        });
    }
    let notes = r.notes.join("\n");
    let mut reference_labs = find_labs(&r.reference, r.reference_urls.iter().map(String::as_str));
    for lab in find_labs(&notes, r.notes_urls.iter().map(String::as_str)) {
        if !reference_labs.contains(&lab) {
            reference_labs.push(lab);
        }
    }
    for lab in reference_labs {
        if !task_labs.contains(&lab) {
            out.labs.push(TaskLab {
                task_id: task_id.to_string(),
                intern: ctx.intern.to_string(),
                week,
                lab,
                source: LabSource::Reference,
                is_primary: true,
            });
        }
    }
    for (topic, category) in ctx.taxonomy.find(&format!("{title}\n{details}")) {
        out.topics.push(TaskTopic {
            task_id: task_id.to_string(),
            intern: ctx.intern.to_string(),
            week,
            topic: topic.to_string(),
            category: category.to_string(),
            is_primary: true,
        });
    }
}

/// Step: title and details of the task cell; empty and template tasks diagnosed.
fn task_text(r: &RawRow, sink: &mut Sink) -> (String, String) {
    let (title, details) = text::title_and_details(&r.task);
    if title.is_empty() {
        sink.at(
            r.line,
            Code::EmptyTask,
            format!("row {} has no task text", r.row_number),
        );
    }
    if is_template_of(&[&title, " ", &details]) {
        sink.at(
            r.line,
            Code::TemplateRow,
            format!(
                "row {} is an unedited FCJ template task ({title:?})",
                r.row_number
            ),
        );
    }
    (title, details)
}

/// One row's dates and weekday under the page's decision.
struct CellDates {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    /// The weekday the Day cell names.
    from_day: Option<u8>,
    /// The Day cell's weekday, else the start date's.
    weekday: Option<u8>,
    /// The last weekday a Day cell naming several days names (`Mon - Wed`).
    last_day: Option<u8>,
}

/// Step: a row's dates (the Day span gives the end when no cell writes one)
/// and its weekday, diagnosed where the Day cell and the date disagree.
fn cell_dates(r: &RawRow, s: &RowIn, decision: &Decision, sink: &mut Sink) -> CellDates {
    let start_what = if r.single_date { "date" } else { "start date" };
    let start = resolve_date(
        s.start,
        decision,
        r.start.as_deref().unwrap_or(""),
        start_what,
        r.line,
        sink,
    );
    let end_cell = if r.single_date {
        r.start.as_deref()
    } else {
        r.end.as_deref()
    };
    let end = if r.single_date && s.end == s.start {
        start
    } else {
        resolve_date(
            s.end,
            decision,
            end_cell.or(r.start.as_deref()).unwrap_or(""),
            "completion date",
            r.line,
            sink,
        )
    };
    let from_day = day_weekday(s.day.token, decision.convention, r, sink);
    let last_day = s.day.last.and_then(|t| match t {
        DayToken::Named(n) => Some(n),
        DayToken::Digit(d) => decision.convention.weekday(d),
        _ => None,
    });
    // A Day cell naming several days (`Mon, Tue, Wed`, `3–6`) gives the task
    // that span when no cell writes an end of its own.
    let end_written = if r.single_date {
        s.end != s.start
    } else {
        s.end.is_some()
    };
    let span_end = match (start, from_day, last_day) {
        (Some(st), Some(first), Some(last)) if last > first => {
            Some(st + chrono::Duration::days(i64::from(last - first)))
        }
        _ => None,
    };
    let end = if end_written { end } else { span_end.or(end) };
    if let (Some(wd), Some(st)) = (from_day, start) {
        if dates::weekday_of(st) != wd {
            sink.at(
                r.line,
                Code::WeekdayMismatch,
                format!(
                    "day {:?} is {} but the start date {st} is a {}; kept as written",
                    r.day,
                    weekday_name(wd),
                    weekday_name(dates::weekday_of(st))
                ),
            );
        }
    }
    // No weekday in the Day cell: the start date tells it.
    let weekday = from_day.or_else(|| start.map(dates::weekday_of));
    CellDates {
        start,
        end,
        from_day,
        weekday,
        last_day,
    }
}

/// The dates inside the week's range `w` of the weekday(s) a Day cell names:
/// `None` when the cell names none, or the range holds that weekday never or twice.
fn place_in_week(w: Window, first: Option<u8>, last: Option<u8>) -> Option<(NaiveDate, NaiveDate)> {
    let first = first?;
    let mut days = w.start.iter_days().take_while(|d| *d <= w.end);
    let start = days.find(|d| dates::weekday_of(*d) == first)?;
    if days.any(|d| dates::weekday_of(d) == first) {
        return None;
    }
    let end = match last {
        Some(l) if l > first => start + chrono::Duration::days(i64::from(l - first)),
        _ => start,
    };
    Some((start, end.min(w.end)))
}

/// Step 2: apply the site's decision for this page to its rows.
pub fn normalize(
    page: &ParsedPage,
    scanned: &PageIn,
    decision: &Decision,
    week_in: &WeekIn<'_>,
    ctx: &Context<'_>,
    sink: &mut Sink,
) -> PageRows {
    let (window, calendar_at) = (week_in.window, week_in.calendar_at);
    let mut out = PageRows::default();
    let page_date = page_date(page, sink);
    let Some(week) = page_week(page, sink) else {
        return out;
    };
    report_decision(decision, page, scanned, sink);
    report_list(page, scanned, window, sink);
    report_undated(page, window, sink);
    if decision.convention == DigitConvention::Count
        && scanned.rows.iter().any(|r| r.day.token.digit().is_some())
    {
        sink.at(
            scanned.rows[0].line,
            Code::DayCount,
            "the Day column's numbers do not follow the dates' weekdays (nor 1 = Monday, nor 2 = Monday); read as a running day count, weekdays from the dates",
        );
    }

    let far = far_tables(page, scanned, decision, window.or(week_in.expected), sink);
    // Rows of a Day-only table placed on their weekday, and given the week's range.
    let mut day_in_week = (0usize, 0usize);
    // Per task: its date is its weekday's in the week's range, not written.
    let mut placed: Vec<bool> = Vec::new();
    let first_line = page.rows.first().map_or(1, |r| r.line);
    for (r, s) in page.rows.iter().zip(&scanned.rows) {
        if far.contains(&r.table) {
            out.data_rows += 1;
            continue;
        }
        let dates = task_dates(page, r, s, decision, window, sink);
        match dates.in_week {
            Some(true) => day_in_week.0 += 1,
            Some(false) => day_in_week.1 += 1,
            None => {}
        }
        placed.push(dates.in_week == Some(true));
        let task = task_row(page, r, week, dates, ctx, &mut out, sink);
        out.tasks.push(task);
    }

    if let (Some(w), true) = (window, day_in_week != (0, 0)) {
        report_day_in_week(w, day_in_week, first_line, sink);
    }
    // Dates placed from the week's range are not the rows' own evidence of it.
    let written = out
        .tasks
        .iter()
        .zip(&placed)
        .filter(|(_, p)| !**p)
        .map(|(t, _)| t);
    let (week_start, week_end, week_range_source) = week_range(written, window);
    if let (Some(c), Some(at)) = (week_in.calendar, calendar_at) {
        let own = window
            .filter(|w| w.from == WeekRangeSource::Page)
            .map(|w| (w, page.week_range.as_ref().map_or(1, |r| r.0)));
        check_calendar(&out.tasks, c, own, at, sink);
    }
    let source_path = page.source_path.as_str();
    out.page = Some(Page {
        page_id: stable_id(&[ctx.intern, source_path]),
        intern: ctx.intern.to_string(),
        cohort: ctx.cohort.to_string(),
        week,
        lang: page.lang,
        title: page.title.clone(),
        page_date,
        objectives: page.objectives.join("\n"),
        achievements: page.achievements.join("\n"),
        task_count: out.tasks.len() as i32,
        layout: page.layout,
        is_primary: true,
        source_path: source_path.to_string(),
        week_start,
        week_end,
        week_range_source,
        // Provenance is the input's, set by the caller.
        repo: None,
        commit: None,
        committed_at: None,
    });
    out
}

/// One task's dates as stored: its own, or placed in (or spanning) its week.
struct TaskDates {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    precision: Option<DatePrecision>,
    duration_days: Option<i32>,
    /// The Day cell's weekday, else the start date's (or a day page's).
    weekday: Option<u8>,
    /// The weekday the Day cell names.
    from_day: Option<u8>,
    /// A Day-only row of a tasks table: placed on its weekday in the week's
    /// range (`true`), or given the whole range (`false`).
    in_week: Option<bool>,
    /// A Day or date cell holds something date-like.
    written: bool,
}

/// Step: a row's dates under the page's decision, placed in the week's range
/// `window` when the row writes none of its own.
fn task_dates(
    page: &ParsedPage,
    r: &RawRow,
    s: &RowIn,
    decision: &Decision,
    window: Option<Window>,
    sink: &mut Sink,
) -> TaskDates {
    let CellDates {
        start,
        end,
        from_day,
        weekday,
        last_day,
    } = cell_dates(r, s, decision, sink);
    // A tasks table with a Day column and no date column: the row's weekday
    // inside the week's range, else that range.
    let day_only = page.layout == Layout::Table
        && !r.undated
        && r.start.is_none()
        && r.end.is_none()
        && s.start.is_none();
    // A list task with no date of its own spans its week: no duration of its own.
    // A day page's undated task is its weekday's date in the week.
    let day_date = page
        .day_page
        .as_ref()
        .and_then(|d| d.weekday())
        .zip(window)
        .and_then(|(wd, w)| {
            let mut d = w.start;
            while d <= w.end {
                if dates::weekday_of(d) == wd {
                    return Some(d);
                }
                d += chrono::Duration::days(1);
            }
            None
        })
        .filter(|_| start.is_none() && s.start.is_none());
    let weekday = weekday.or(day_date.map(dates::weekday_of));
    let mut in_week = None;
    let (start, end, precision, duration_days) = match (start, window) {
        (None, Some(_)) if day_date.is_some() => {
            (day_date, day_date, Some(DatePrecision::Day), Some(1))
        }
        (None, Some(w)) if day_only => match place_in_week(w, from_day, last_day) {
            Some((a, b)) => {
                in_week = Some(true);
                (
                    Some(a),
                    Some(b),
                    Some(DatePrecision::Day),
                    duration(Some(a), Some(b), r.line, sink),
                )
            }
            None => {
                in_week = Some(false);
                (Some(w.start), Some(w.end), Some(DatePrecision::Week), None)
            }
        },
        (None, Some(w)) if (page.layout == Layout::List || r.undated) && s.start.is_none() => {
            (Some(w.start), Some(w.end), Some(DatePrecision::Week), None)
        }
        (None, _) => (None, end, None, None),
        (Some(_), _) => (
            start,
            end,
            Some(DatePrecision::Day),
            duration(start, end, r.line, sink),
        ),
    };
    let written = s.start.is_some()
        || s.end.is_some()
        || [Some(r.day.as_str()), r.start.as_deref(), r.end.as_deref()]
            .into_iter()
            .flatten()
            .any(dates::is_date_like);
    TaskDates {
        start,
        end,
        precision,
        duration_days,
        weekday,
        from_day,
        in_week,
        written,
    }
}

/// Step: one task row, its labs and topics into `out`.
fn task_row(
    page: &ParsedPage,
    r: &RawRow,
    week: i32,
    dates: TaskDates,
    ctx: &Context<'_>,
    out: &mut PageRows,
    sink: &mut Sink,
) -> Task {
    let source_path = page.source_path.as_str();
    let (title, details) = task_text(r, sink);
    let row_number = r.row_number.to_string();
    let task_id = stable_id(&[ctx.intern, source_path, &row_number]);
    labs_and_topics(r, &task_id, week, &title, &details, ctx, out);
    Task {
        task_id,
        intern: ctx.intern.to_string(),
        cohort: ctx.cohort.to_string(),
        week,
        lang: page.lang,
        row_number: r.row_number as i32,
        day: r.day.clone(),
        weekday: dates.weekday.map(i32::from),
        title,
        details,
        start_date: dates.start,
        end_date: dates.end,
        duration_days: dates.duration_days,
        reference: text::clean_joined(&r.reference, '\n'),
        reference_urls: r.reference_urls.join("\n"),
        hours: r.hours.as_deref().and_then(parse_hours),
        notes: r.notes.join("\n"),
        source_path: source_path.to_string(),
        source_line: r.line as i32,
        layout: page.layout,
        date_precision: dates.precision,
        twin_key: None,
        is_primary: true,
        day_weekday: dates.from_day,
        date_from_twin: false,
        date_written: dates.written,
    }
}

/// How far (days) outside the week a table's every date must lie for it to be
/// another period's data (a train/test split, a project timeline), not the week's work.
const FAR_DAYS: i64 = 56;

/// Tasks tables (by index) of a page with several whose every dated row lies
/// more than [`FAR_DAYS`] outside the week, while another table's rows sit in it:
/// the week is the range the site states, else where the site's dated rows
/// place it. Each is reported once (`data_table`) and gives no tasks.
fn far_tables(
    page: &ParsedPage,
    scanned: &PageIn,
    decision: &Decision,
    window: Option<Window>,
    sink: &mut Sink,
) -> Vec<u32> {
    let tables = page.rows.iter().map(|r| r.table).max().unwrap_or(0) + 1;
    if tables < 2 {
        return Vec::new();
    }
    let dated = |t: u32| -> Vec<(u32, NaiveDate)> {
        page.rows
            .iter()
            .zip(&scanned.rows)
            .filter(|(r, _)| r.table == t)
            .filter_map(|(r, s)| Some((r.line, decision.date(s.start?)?)))
            .collect()
    };
    let per: Vec<Vec<(u32, NaiveDate)>> = (0..tables).map(dated).collect();
    let Some(w) = window else {
        return Vec::new();
    };
    let range_of = |_: u32| Some((w.start, w.end));
    let off = |d: NaiveDate, (s, e): (NaiveDate, NaiveDate)| {
        if d < s {
            (s - d).num_days()
        } else if d > e {
            (d - e).num_days()
        } else {
            0
        }
    };
    let mut far = Vec::new();
    for t in 0..tables {
        let rows = &per[t as usize];
        let Some(range) = range_of(t) else {
            continue;
        };
        let all_far = !rows.is_empty() && rows.iter().all(|x| off(x.1, range) > FAR_DAYS);
        let other_near = (0..tables)
            .filter(|&o| o != t)
            .any(|o| per[o as usize].iter().any(|x| off(x.1, range) <= FAR_DAYS));
        if !(all_far && other_near) {
            continue;
        }
        far.push(t);
        let n = page.rows.iter().filter(|r| r.table == t).count();
        let (first, last) = (
            page.rows
                .iter()
                .find(|r| r.table == t)
                .map_or(0, |r| r.line),
            page.rows
                .iter()
                .rfind(|r| r.table == t)
                .map_or(0, |r| r.line),
        );
        let lo = rows.iter().map(|x| x.1).min().unwrap_or(range.0);
        let hi = rows.iter().map(|x| x.1).max().unwrap_or(range.1);
        sink.at(
            first,
            Code::DataTable,
            format!(
                "this table's dates ({lo} – {hi}) lie more than {} weeks from the week ({} – {}), while another table's sit in it: another period's data, not the week's work; its {n} rows (lines {first}–{last}) were not read as tasks",
                FAR_DAYS / 7,
                range.0,
                range.1
            ),
        );
    }
    far
}

/// The page's week range: what the page or the site's calendar states, else
/// the span of the rows' own dates, else the front-matter week.
fn week_range<'a>(
    tasks: impl Iterator<Item = &'a Task> + Clone,
    window: Option<Window>,
) -> (
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<WeekRangeSource>,
) {
    // A front-matter week or section span is weaker than the rows' own dates.
    if let Some(w) = window.filter(|w| {
        !matches!(
            w.from,
            WeekRangeSource::FrontMatter | WeekRangeSource::SectionSpan
        )
    }) {
        return (Some(w.start), Some(w.end), Some(w.from));
    }
    let starts = tasks.clone().filter_map(Task::own_start_date);
    let ends = tasks
        .filter(|t| t.own_start_date().is_some())
        .filter_map(|t| t.end_date.or(t.start_date));
    if let (Some(s), Some(e)) = (starts.min(), ends.max()) {
        return (Some(s), Some(e.max(s)), Some(WeekRangeSource::Rows));
    }
    match window {
        Some(w) => (Some(w.start), Some(w.end), Some(w.from)),
        None => (None, None, None),
    }
}

/// How far a week's dated rows may sit outside the calendar's range for it.
const CALENDAR_SLACK_DAYS: i64 = 3;

/// The page's own range (with its line), else its dated rows, against the
/// site's calendar for its week: one `calendar_mismatch` when the range starts
/// or ends elsewhere, or the rows' middle date lies outside the calendar's range.
fn check_calendar(
    tasks: &[Task],
    w: Window,
    own: Option<(Window, u32)>,
    (path, line): (&str, u32),
    sink: &mut Sink,
) {
    let slack = chrono::Duration::days(CALENDAR_SLACK_DAYS);
    if let Some((o, at)) = own {
        let off = |a: NaiveDate, b: NaiveDate| (a - b).abs() > slack;
        if off(o.start, w.start) || off(o.end, w.end) {
            sink.at(
                at,
                Code::CalendarMismatch,
                format!(
                    "the page writes its week as {} – {} but the site's overview table ({path}:{line}) gives this week {} – {}; both kept as written",
                    o.start, o.end, w.start, w.end
                ),
            );
        }
        return;
    }
    let dated: Vec<&Task> = tasks
        .iter()
        .filter(|t| t.own_start_date().is_some())
        .collect();
    let Some(mid) = crate::resolve::median(dated.iter().filter_map(|t| t.start_date).collect())
    else {
        return;
    };
    if mid >= w.start - slack && mid <= w.end + slack {
        return;
    }
    let first = dated.first().map_or(1, |t| t.source_line as u32);
    sink.at(
        first,
        Code::CalendarMismatch,
        format!(
            "the rows' dates centre on {mid} but the site's overview table ({path}:{line}) gives this week {} – {}; both kept as written",
            w.start, w.end
        ),
    );
}

fn weekday_name(n: u8) -> &'static str {
    days::WEEKDAYS
        .get(usize::from(n.max(1) - 1))
        .copied()
        .unwrap_or("?")
}

/// One parsed page of a site through the per-site steps.
pub(super) struct SitePage {
    pub file: InputFile,
    pub page: ParsedPage,
    /// Its file's place among the site's worklog files: the sink its
    /// diagnostics go to.
    pub at: usize,
    /// Its rows, once the site's dates are applied.
    pub rows: Option<PageRows>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_as_written() {
        for (cell, h) in [
            ("4h", Some(4.0)),
            ("6.5 hours", Some(6.5)),
            ("90 min", Some(1.5)),
            ("2h30", Some(2.5)),
            ("2 giờ 30 phút", Some(2.5)),
            ("3 giờ", Some(3.0)),
            ("1,5h", Some(1.5)),
            ("done", None),
        ] {
            assert_eq!(parse_hours(cell), h, "{cell}");
        }
    }

    #[test]
    fn template_fingerprints_ignore_markup_and_the_fcaj_spelling() {
        let fp = fingerprint("Get acquainted with FCAJ members.\nRead and take note of internship unit rules and regulations");
        assert!(TEMPLATE_ROWS.contains(&fp.as_str()), "{fp}");
        let fp = fingerprint(
            "**Practice:**\n+ Launch an EC2 instance\n+ Connect via SSH\n+ Attach an EBS volume",
        );
        assert!(TEMPLATE_ROWS.contains(&fp.as_str()), "{fp}");
        // An intern who wrote their own words is not flagged.
        let fp = fingerprint("Get acquainted with FCJ members and my mentor");
        assert!(!TEMPLATE_ROWS.contains(&fp.as_str()));
    }

    proptest::proptest! {
        /// The early-exit test agrees with the fingerprint, template-like text or not.
        #[test]
        fn is_template_agrees_with_the_fingerprint(
            pick in 0..TEMPLATE_ROWS.len(),
            text in "[a-zA-Zăđơ İΣ.,:*+\\-\n]{0,40}",
            glue in "[ .\n*:İ]{0,3}",
            fcaj in proptest::bool::ANY,
        ) {
            let mut row = TEMPLATE_ROWS[pick].to_uppercase();
            if fcaj {
                row = row.replace("FCJ", "FCAJ");
            }
            for s in [row.clone(), format!("{row}{glue}"), format!("{glue}{row}{glue}{text}"), text.clone()] {
                proptest::prop_assert_eq!(is_template(&s), TEMPLATE_ROWS.contains(&fingerprint(&s).as_str()), "{:?}", s);
            }
        }
    }
}
