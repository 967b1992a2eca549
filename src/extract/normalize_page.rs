//! One parsed page + its site's context → task, lab, topic and page rows.

use chrono::{Datelike, NaiveDate};

use crate::diag::{Code, Sink};
use crate::model::{stable_id, LabSource, Page, Task, TaskLab, TaskTopic};
use crate::normalize::dates::{self, How, Order, RawDate, RowDates, Scan};
use crate::normalize::days::{self, DayToken};
use crate::normalize::labs::find_labs;
use crate::normalize::text;
use crate::normalize::topics::Taxonomy;
use crate::page::ParsedPage;

/// What the normaliser needs besides the page.
pub struct Context<'a> {
    pub intern: &'a str,
    pub cohort: &'a str,
    pub default_order: Order,
    pub taxonomy: &'a Taxonomy,
    /// The most common year among the full dates of the intern's site.
    pub site_year: Option<i32>,
}

#[derive(Default)]
pub struct PageRows {
    pub tasks: Vec<Task>,
    pub labs: Vec<TaskLab>,
    pub topics: Vec<TaskTopic>,
    pub page: Option<Page>,
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

/// A task longer than this is more likely a typo in a year or month than real.
const LONG_TASK_DAYS: i64 = 31;

/// Scan a date cell; `None` when the table has no such column (diagnosed once per table).
fn scan_cell(cell: Option<&str>, line: u32, what: &str, sink: &mut Sink) -> Option<RawDate> {
    let cell = cell?;
    match dates::scan(cell) {
        Scan::Date(d) => Some(d),
        Scan::Empty => {
            sink.at(line, Code::MissingDate, format!("{what} is empty"));
            None
        }
        Scan::Unreadable => {
            sink.at(
                line,
                Code::BadDate,
                format!("{what} {cell:?} is not a date this tool can read"),
            );
            None
        }
    }
}

fn fmt_raw(cell: &str) -> String {
    format!("{:?}", cell.trim())
}

pub fn normalize(page: &ParsedPage, ctx: &Context<'_>, sink: &mut Sink) -> PageRows {
    let mut out = PageRows::default();
    let source_path = page.source_path.as_str();

    let page_date = page.front.date.as_deref().and_then(|d| {
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
    });

    if !page.has_tasks_table {
        if page.week.is_some() {
            sink.push(Some(1), Code::NoTasksTable, "weekly page has no tasks table (a table with a Task column and a Day or date column)");
        } else {
            sink.push(
                Some(1),
                Code::SectionPage,
                "page has no week number and no tasks table; not a weekly page",
            );
            return out;
        }
    }
    let week = match page.week {
        Some(w) => w as i32,
        None => {
            sink.push(Some(1), Code::NoWeek, "no week number in the folder name, front matter, title or headings; rows go to week 0");
            0
        }
    };

    // Scan every cell first: the day/month order is a property of the whole page.
    struct Pre {
        day: days::DayCell,
        start: Option<RawDate>,
        end: Option<RawDate>,
    }
    let pre: Vec<Pre> = page
        .rows
        .iter()
        .map(|r| Pre {
            day: days::parse_day(&r.day),
            start: scan_cell(r.start.as_deref(), r.line, "start date", sink),
            end: scan_cell(r.end.as_deref(), r.line, "completion date", sink),
        })
        .collect();
    let row_dates: Vec<RowDates> = pre
        .iter()
        .map(|p| RowDates {
            start: p.start,
            end: p.end,
            weekday: p.day.token.named(),
            digit: p.day.token.digit(),
        })
        .collect();
    let hints: Vec<RawDate> = pre
        .iter()
        .filter_map(|p| {
            p.day
                .date_hint
                .map(|(a, b)| RawDate::Numeric { a, b, year: None })
        })
        .collect();
    let fm_year = page_date.map(|d| d.year());
    let (order, how) = dates::infer_order(
        &row_dates,
        &hints,
        ctx.default_order,
        fm_year.or(ctx.site_year),
    );
    let first_line = page.rows.first().map_or(1, |r| r.line);
    match how {
        How::Default => sink.at(
            first_line,
            Code::AmbiguousDate,
            format!("dates on this page read either as day/month or month/day; used {} (--date-order)", order.as_str()),
        ),
        How::Inferred(why) => sink.at(first_line, Code::DateOrderInferred, format!("read dates as {} from {why}", order.as_str())),
        How::Mixed { dmy, mdy } => sink.at(
            first_line,
            Code::MixedDateOrder,
            format!("{dmy} dates can only be day/month and {mdy} only month/day; ambiguous ones read as {}", order.as_str()),
        ),
        How::NotNeeded | How::Decided => {}
    }

    let resolve = |raw: Option<RawDate>,
                   weekday: Option<u8>,
                   cell: &str,
                   what: &str,
                   line: u32,
                   sink: &mut Sink|
     -> Option<NaiveDate> {
        let raw = raw?;
        let mut year = None;
        if raw.year().is_none() {
            let (m, d) = raw.month_day(order);
            match dates::infer_year(m, d, weekday, fm_year, ctx.site_year) {
                Some((y, src)) => {
                    sink.at(
                        line,
                        Code::YearInferred,
                        format!(
                            "{what} {} has no year; took {y} from {}",
                            fmt_raw(cell),
                            src.describe()
                        ),
                    );
                    year = Some(y);
                }
                None => {
                    sink.at(
                        line,
                        Code::BadDate,
                        format!(
                            "{what} {} has no year and none could be inferred",
                            fmt_raw(cell)
                        ),
                    );
                    return None;
                }
            }
        }
        let date = raw.resolve(order, year);
        if date.is_none() {
            sink.at(
                line,
                Code::BadDate,
                format!("{what} {} is not a calendar date", fmt_raw(cell)),
            );
        }
        date
    };

    let mut resolved = Vec::with_capacity(page.rows.len());
    for (r, p) in page.rows.iter().zip(&pre) {
        let named = p.day.token.named();
        let start = resolve(
            p.start,
            named,
            r.start.as_deref().unwrap_or(""),
            "start date",
            r.line,
            sink,
        );
        let end = resolve(
            p.end,
            named,
            r.end.as_deref().unwrap_or(""),
            "completion date",
            r.line,
            sink,
        );
        resolved.push((start, end));
    }

    // Bare day digits: 1-based or Vietnamese "Thứ 2 = Monday", whichever the dates agree with.
    let digits: Vec<(u8, Option<u8>)> = pre
        .iter()
        .zip(&resolved)
        .filter_map(|(p, (s, _))| Some((p.day.token.digit()?, s.map(dates::weekday_of))))
        .collect();
    let convention = days::choose_convention(&digits);

    for ((r, p), (start, end)) in page.rows.iter().zip(&pre).zip(resolved) {
        let from_day = match p.day.token {
            DayToken::Named(n) => Some(n),
            DayToken::Digit(d) => {
                let wd = convention.weekday(d);
                if wd.is_none() {
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
        };
        if let (Some(wd), Some(s)) = (from_day, start) {
            if dates::weekday_of(s) != wd {
                sink.at(
                    r.line,
                    Code::WeekdayMismatch,
                    format!(
                        "day {:?} is {} but the start date {s} is a {}",
                        r.day,
                        weekday_name(wd),
                        weekday_name(dates::weekday_of(s))
                    ),
                );
            }
        }
        // No Day column (or an empty Day cell): the start date tells the weekday.
        let weekday = from_day.or_else(|| {
            (matches!(p.day.token, DayToken::Empty))
                .then(|| start.map(dates::weekday_of))
                .flatten()
        });
        let duration_days = match (start, end) {
            (Some(s), Some(e)) if e < s => {
                sink.at(
                    r.line,
                    Code::EndBeforeStart,
                    format!("completion date {e} is before start date {s}"),
                );
                None
            }
            (Some(s), Some(e)) => {
                let days = (e - s).num_days() + 1;
                if days > LONG_TASK_DAYS {
                    sink.at(
                        r.line,
                        Code::LongTask,
                        format!("task runs {days} days, from {s} to {e}; check the year and month"),
                    );
                }
                Some(days as i32)
            }
            _ => None,
        };
        let (title, details) = text::title_and_details(&r.task);
        if title.is_empty() {
            sink.at(
                r.line,
                Code::EmptyTask,
                format!("row {} has no task text", r.row_number),
            );
        }
        let fp = fingerprint(&format!("{title} {details}"));
        if TEMPLATE_ROWS.contains(&fp.as_str()) {
            sink.at(
                r.line,
                Code::TemplateRow,
                format!(
                    "row {} is an unedited FCJ template task ({title:?})",
                    r.row_number
                ),
            );
        }
        let row_number = r.row_number.to_string();
        let task_id = stable_id(&[ctx.intern, source_path, &row_number]);

        let task_labs = find_labs(&r.task, r.task_urls.iter().map(String::as_str));
        for lab in &task_labs {
            out.labs.push(TaskLab {
                task_id: task_id.clone(),
                intern: ctx.intern.to_string(),
                week,
                lab: *lab,
                source: LabSource::Task,
            });
        }
        for lab in find_labs(&r.reference, r.reference_urls.iter().map(String::as_str)) {
            if !task_labs.contains(&lab) {
                out.labs.push(TaskLab {
                    task_id: task_id.clone(),
                    intern: ctx.intern.to_string(),
                    week,
                    lab,
                    source: LabSource::Reference,
                });
            }
        }
        for (topic, category) in ctx.taxonomy.find(&format!("{title}\n{details}")) {
            out.topics.push(TaskTopic {
                task_id: task_id.clone(),
                intern: ctx.intern.to_string(),
                week,
                topic: topic.to_string(),
                category: category.to_string(),
            });
        }

        out.tasks.push(Task {
            task_id,
            intern: ctx.intern.to_string(),
            cohort: ctx.cohort.to_string(),
            week,
            lang: page.lang.as_str().to_string(),
            row_number: r.row_number as i32,
            day: r.day.clone(),
            weekday: weekday.map(i32::from),
            title,
            details,
            start_date: start,
            end_date: end,
            duration_days,
            reference: text::clean_lines(&r.reference).join("\n"),
            reference_urls: r.reference_urls.join("\n"),
            source_path: source_path.to_string(),
            source_line: r.line as i32,
        });
    }

    out.page = Some(Page {
        page_id: stable_id(&[ctx.intern, source_path]),
        intern: ctx.intern.to_string(),
        cohort: ctx.cohort.to_string(),
        week,
        lang: page.lang.as_str().to_string(),
        title: page.title.clone(),
        page_date,
        objectives: page.objectives.join("\n"),
        achievements: page.achievements.join("\n"),
        task_count: out.tasks.len() as i32,
        source_path: source_path.to_string(),
    });
    out
}

fn weekday_name(n: u8) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    .get(usize::from(n.max(1) - 1))
    .copied()
    .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
