//! Column roles of a table: the header is a hint, the cells are the evidence.
//!
//! Every header spelling this tool knows lives in [`SYNONYMS`]. A column whose
//! cells are mostly dates is a date column whatever its header says; a Day
//! column holding dates gives the dates; the task column is the one holding the
//! work description even under an unknown header; columns with no role are kept
//! as notes (or hours when they hold durations), never dropped.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::markdown::Table;
use crate::normalize::{dates, days, memo, text};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Weekday names or numbers.
    Day,
    /// The work description.
    Task,
    Start,
    End,
    /// One date per row (start = end), or a range `A – B` in one cell.
    Date,
    Reference,
    /// A running number (`No.`, `STT`): carries no information of its own.
    Ordinal,
    /// Time spent (`4h`, `2 giờ`).
    Hours,
    /// Anything else: kept as a note `Header: value`.
    Notes,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Day => "Day",
            Role::Task => "Task",
            Role::Start => "Start Date",
            Role::End => "Completion Date",
            Role::Date => "Date",
            Role::Reference => "Reference",
            Role::Ordinal => "ordinal",
            Role::Hours => "hours",
            Role::Notes => "notes",
        }
    }
}

/// How a synonym matches the folded header.
#[derive(Clone, Copy)]
enum Match {
    /// The whole header.
    Exact,
    /// A whole word (or words) of the header.
    Word,
    /// Anywhere in the header.
    Part,
}

/// Header synonyms, English and Vietnamese, tried in order (first match wins).
/// Order matters: "Completed Tasks" is a task column, "Completion Date" is not,
/// so task words are tried before end words unless the header says "date".
const SYNONYMS: &[(Role, Match, &[&str])] = &[
    (
        Role::Ordinal,
        Match::Exact,
        &[
            "no",
            "no.",
            "#",
            "stt",
            "nr",
            "số thứ tự",
            "thứ tự",
            "index",
            "số",
            "tt",
        ],
    ),
    (
        Role::Hours,
        Match::Part,
        &[
            "hour",
            "time spent",
            "duration",
            "effort",
            "số giờ",
            "thời lượng",
        ],
    ),
    (Role::Hours, Match::Word, &["giờ", "hrs"]),
    // Task words, unless the header also names a date (see `task_unless_date`).
    (
        Role::Task,
        Match::Part,
        &[
            "task",
            "công việc",
            "nhiệm vụ",
            "activit",
            "hoạt động",
            "nội dung",
            "content",
            "description",
            "mô tả",
            "to-do",
            "todo",
            "việc",
        ],
    ),
    (Role::Task, Match::Word, &["work", "item", "items", "làm"]),
    (
        Role::Start,
        Match::Part,
        &["start", "bắt đầu", "begin", "từ ngày"],
    ),
    (Role::Start, Match::Word, &["bđ", "bd", "from"]),
    (
        Role::End,
        Match::Part,
        &[
            "completion",
            "complete",
            "end date",
            "finish",
            "hoàn thành",
            "kết thúc",
            "due",
            "deadline",
            "đến ngày",
        ],
    ),
    (Role::End, Match::Word, &["ht", "kt", "end", "to"]),
    // Whole words: "kiến thức" (knowledge) is not "thứ", "Today" is not "day".
    (
        Role::Day,
        Match::Word,
        &["day", "days", "thứ", "weekday", "weekdays"],
    ),
    (Role::Day, Match::Exact, &["ngày", "thu"]),
    (
        Role::Date,
        Match::Part,
        &["date", "ngày tháng", "thời gian", "time", "period"],
    ),
    (Role::Date, Match::Word, &["ngày"]),
    (
        Role::Reference,
        Match::Part,
        &[
            "reference",
            "resource",
            "tài liệu",
            "nguồn",
            "link",
            "material",
            "source",
            "tham khảo",
            "tài nguyên",
            "url",
            "lab",
            "project",
            "dự án",
        ],
    ),
];

/// Words of a header that plainly names a date (not a vague `Time` or `Period`):
/// as whole words, and longer than three letters anywhere ([`says_date`]).
const SAYS_DATE: &[&str] = &[
    "date",
    "ngày",
    "start",
    "bắt đầu",
    "bđ",
    "end",
    "kết thúc",
    "hoàn thành",
    "ht",
    "completion",
    "from",
    "to",
    "từ",
    "đến",
];

/// A task header that names work done ([`names_work`]) holds one of these as a word,
const WORK_HEADER_WORDS: &[&str] = &["work", "làm"];
/// or one of these anywhere.
const WORK_HEADER_PARTS: &[&str] = &[
    "task",
    "việc",
    "nhiệm vụ",
    "activit",
    "hoạt động",
    "to-do",
    "todo",
];

/// A cell that names a time rather than a task, the whole cell ([`is_time_label`]).
const TIME_LABELS: &[&str] = &[
    "time",
    "date",
    "dates",
    "period",
    "duration",
    "timeline",
    "time period",
    "week",
    "thời gian",
    "khoảng thời gian",
    "thời hạn",
    "ngày",
    "tuần",
];

/// Lower-case, NFC, markup-free header text.
fn fold_header(h: &str) -> String {
    // ASCII is its own NFC.
    let h: String = if h.is_ascii() {
        h.to_ascii_lowercase()
    } else {
        h.nfc().collect::<String>().to_lowercase()
    };
    h.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | ':' | '`'))
        .to_string()
}

/// A folded header and its words, split once for all the synonyms tried on it.
struct Folded<'a> {
    text: &'a str,
    tokens: Vec<&'a str>,
}

impl<'a> Folded<'a> {
    fn new(text: &'a str) -> Self {
        let tokens = text
            .split(|c: char| !c.is_alphanumeric() && c != '.')
            .filter(|t| !t.is_empty())
            .collect();
        Folded { text, tokens }
    }

    fn matches(&self, how: Match, words: &[&str]) -> bool {
        let h = self.text;
        match how {
            Match::Exact => words.contains(&h),
            Match::Part => words.iter().any(|w| h.contains(w)),
            Match::Word => words.iter().any(|w| {
                if !w.contains(' ') {
                    return self.tokens.contains(w);
                }
                let ws: Vec<&str> = w.split(' ').collect();
                self.tokens
                    .windows(ws.len())
                    .any(|win| win == ws.as_slice())
            }),
        }
    }
}

/// The role a header names, if any (English or Vietnamese, any case, markup stripped).
pub fn header_hint(h: &str) -> Option<Role> {
    let h = fold_header(h);
    if h.is_empty() {
        return None;
    }
    let names_date = h.contains("date") || h.contains("ngày");
    let folded = Folded::new(&h);
    SYNONYMS.iter().find_map(|(role, how, words)| {
        // "Completed Tasks" is the task column, "Ngày thực hiện công việc" is not.
        if *role == Role::Task && names_date {
            return None;
        }
        folded.matches(*how, words).then_some(*role)
    })
}

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*~?\d+(?:[.,]\d+)?\s*(?:h|hr|hrs|hours?|giờ|tiếng|m|min|mins|minutes?|phút|days?|ngày)\b")
        .expect("static regex")
});

thread_local! {
    static HEADERS: memo::Table<(Option<Role>, bool)> = memo::table();
}

/// [`header_hint`] and [`says_date`] of a header. Headers repeat from page to
/// page (`Task`, `Start Date`, `Ngày`), and matching one against every synonym
/// costs more than the rest of its column's profile.
fn header_facts(h: &str) -> (Option<Role>, bool) {
    memo::get_or(&HEADERS, h, |h| (header_hint(h), says_date(h)))
}

/// A header that plainly names a date (not a vague `Time` or `Period`).
fn says_date(header: &str) -> bool {
    let h = fold_header(header);
    let folded = Folded::new(&h);
    SAYS_DATE
        .iter()
        .any(|w| folded.matches(Match::Word, &[w]) || (w.chars().count() > 3 && h.contains(w)))
}

/// Longest cell of an id column (`T3.1`, `W05-T2`).
const ID_LEN: usize = 8;

/// Longest cell still read as a possible Day, date or duration cell.
const SHORT_CELL: usize = 48;

/// What the cells of one column look like (over its non-empty cells).
#[derive(Debug, Clone, Copy, Default)]
struct Profile {
    filled: usize,
    dates: usize,
    named_days: usize,
    digit_days: usize,
    durations: usize,
    urls: usize,
    /// Cells of more than one word, and one-word cells that are not codes
    /// (a code mixes letters and digits: `T3.1`, `W5-2`).
    multiword: usize,
    not_codes: usize,
    /// Digits 1, 2, 3, … in row order.
    sequence: bool,
    mean_len: usize,
}

impl Profile {
    fn share(&self, n: usize) -> f64 {
        if self.filled == 0 {
            0.0
        } else {
            n as f64 / self.filled as f64
        }
    }
    fn mostly_dates(&self) -> bool {
        self.dates >= 1 && self.share(self.dates) > 0.6
    }
    fn mostly_days(&self) -> bool {
        self.share(self.named_days + self.digit_days) > 0.6
    }
}

fn profile(table: &Table, col: usize) -> Profile {
    let mut p = Profile {
        sequence: true,
        ..Profile::default()
    };
    let mut total_len = 0usize;
    for (i, row) in table.rows.iter().enumerate() {
        let Some(cell) = row.cells.get(col) else {
            continue;
        };
        // Cleaning a long task cell costs more than the rest of the profile: only
        // short cells are cleaned, long ones are counted as they are.
        let raw_len = cell.text.chars().count();
        let t = if raw_len <= 2 * SHORT_CELL {
            text::one_line(&cell.text)
        } else {
            String::new()
        };
        if raw_len <= 2 * SHORT_CELL && t.is_empty() && cell.urls.is_empty() {
            continue;
        }
        // A stray second delimiter row (`|---|---|`) says nothing of its column.
        if !t.is_empty() && t.bytes().all(|b| matches!(b, b'-' | b':' | b' ')) {
            continue;
        }
        p.filled += 1;
        let len = if raw_len <= 2 * SHORT_CELL {
            t.chars().count()
        } else {
            raw_len
        };
        total_len += len;
        // Day, date and duration cells are short; long text is a task or a note.
        if len <= SHORT_CELL {
            if dates::is_date_like(&t) {
                p.dates += 1;
            }
            // parse_day leaves a cell's dates aside itself.
            match days::parse_day(&t).token {
                days::DayToken::Named(_) => p.named_days += 1,
                days::DayToken::Digit(_) => p.digit_days += 1,
                _ => {}
            }
            if len <= 20 && DURATION.is_match(&t) {
                p.durations += 1;
            }
        }
        if !cell.urls.is_empty() {
            p.urls += 1;
        }
        if len > SHORT_CELL || t.split_whitespace().nth(1).is_some() {
            p.multiword += 1;
        } else if !(t.chars().any(|c| c.is_ascii_digit()) && t.chars().any(char::is_alphabetic)) {
            p.not_codes += 1;
        }
        if !is_number(t.trim_end_matches('.'), i + 1) {
            p.sequence = false;
        }
    }
    p.sequence &= p.filled >= 2;
    p.mean_len = total_len / p.filled.max(1);
    p
}

/// `s` is `n` written in decimal (what `s == n.to_string()` tells, without the String).
fn is_number(s: &str, n: usize) -> bool {
    !s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit()) && s.parse() == Ok(n)
}

/// Column positions of a tasks table, decided from header hints and cell contents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Columns {
    pub day: Option<usize>,
    pub task: usize,
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// A single date column (start = end, or a range in the cell).
    pub date: Option<usize>,
    pub reference: Option<usize>,
    pub hours: Option<usize>,
    /// Other columns, kept as `Header: value` notes (position, header text).
    pub notes: Vec<(usize, String)>,
    pub vietnamese: bool,
    /// Columns whose header named another role than their cells show, for diagnostics:
    /// (position, header, role used).
    pub read_by_content: Vec<(usize, String, Role)>,
}

impl Columns {
    /// Whether the table gives any date at all.
    pub fn has_dates(&self) -> bool {
        self.start.is_some() || self.end.is_some() || self.date.is_some()
    }
}

/// Decide the columns of a table, or `None` when it is not a tasks table: a tasks
/// table has a task column and a Day or date column (by header or by content).
/// A cell that names a time rather than a task (`Time`, `Thời gian:`, `Period`).
pub(crate) fn is_time_label(cell: &str) -> bool {
    let c = text::one_line(cell).to_lowercase();
    let c = c.trim_matches(|ch: char| !ch.is_alphanumeric());
    TIME_LABELS.contains(&c)
}

/// A two-column key/value summary (`Content | Details`, `Time | May 4 – May 10`):
/// its only dates sit beside a time label, so the column of dates was found in
/// a table that lists facts about the week, not tasks. Read for the week's range.
fn is_summary_table(table: &Table, content_dates: &[usize], task: usize) -> bool {
    let [date_col] = content_dates else {
        return false;
    };
    if table.header.len() != 2 {
        return false;
    }
    let mut dated = table
        .rows
        .iter()
        .filter(|r| {
            r.cells
                .get(*date_col)
                .is_some_and(|c| dates::with_found(&c.text, |found| !found.is_empty()))
        })
        .peekable();
    dated.peek().is_some()
        && dated.all(|r| r.cells.get(task).is_some_and(|c| is_time_label(&c.text)))
}

pub fn detect(table: &Table) -> Option<Columns> {
    roles(table).filter(|c| c.day.is_some() || c.has_dates())
}

/// A table of the week's work with no Day or date column (`# | Task | Status`,
/// `Workstream | Work completed | Result`): its task column is named so by its
/// header, beside at least one other column. Only read when the page has no
/// dated tasks table; its rows are dated by the week's range.
pub fn detect_undated(table: &Table) -> Option<Columns> {
    let c = roles(table)?;
    let by_header = !c.read_by_content.iter().any(|(i, _, _)| *i == c.task);
    let work = names_work(&text::one_line(&table.header[c.task].text));
    (c.day.is_none() && !c.has_dates() && by_header && work && table.header.len() >= 2).then_some(c)
}

/// A task header that names work done (`Task`, `Work completed`, `Công việc`),
/// not only a description (`Description`, `Content`, `Mô tả`): without a Day or
/// date column, a glossary (`Component | Description`) or a key/value summary
/// (`Content | Details`) has the shape of a tasks table, and only the header
/// tells it apart.
fn names_work(header: &str) -> bool {
    let h = fold_header(header);
    let folded = Folded::new(&h);
    folded.matches(Match::Word, WORK_HEADER_WORDS) || folded.matches(Match::Part, WORK_HEADER_PARTS)
}

/// The columns of a table, decided by named passes in this order (each pass
/// gives roles only to columns still without one, unless it says otherwise):
///
/// 1. [`Passes::new`]: every column's header hint and cell profile;
/// 2. [`Passes::dates_by_header`]: date headers whose cells do not deny it;
/// 3. [`Passes::dates_by_content`]: columns of dates under other headers;
/// 4. [`Passes::pair_single_dates`]: two `Date` columns are start and end;
/// 5. [`Passes::day`]: the Day column, by header or by weekday cells;
/// 6. [`Passes::ordinals_and_hours`]: running numbers and durations;
/// 7. [`Passes::task`]: the task column (no tasks table without one);
/// 8. [`Passes::reference`]: the reference column;
/// 9. [`Passes::dates_by_header_only`]: with no dates in the cells, headers that plainly name them;
///
/// then [`Passes::columns`] reads the roles off, the rest as notes.
fn roles(table: &Table) -> Option<Columns> {
    let mut p = Passes::new(table);
    let content_dates = p.dates_by_header();
    let taken = p.dates_by_content(&content_dates);
    p.pair_single_dates();
    let day = p.day();
    p.ordinals_and_hours();
    let task = p.task(&taken)?;
    let reference = p.reference();
    let day = p.dates_by_header_only(day);
    Some(p.columns(day, task, reference))
}

/// What the passes of [`roles`] share: each column's evidence (header text,
/// the role its header hints, whether it plainly says "date", its cells'
/// profile) and the roles given so far.
struct Passes<'t> {
    table: &'t Table,
    width: usize,
    headers: Vec<String>,
    hints: Vec<Option<Role>>,
    says_date: Vec<bool>,
    profiles: Vec<Profile>,
    roles: Vec<Option<Role>>,
    /// Columns given another role than their header hints: (position, header, role).
    by_content: Vec<(usize, String, Role)>,
}

impl<'t> Passes<'t> {
    fn new(table: &'t Table) -> Self {
        let width = table.header.len();
        let headers: Vec<String> = table
            .header
            .iter()
            .map(|c| text::one_line(&c.text))
            .collect();
        let (mut hints, says_date): (Vec<Option<Role>>, Vec<bool>) =
            headers.iter().map(|h| header_facts(h)).unzip();
        let profiles: Vec<Profile> = (0..width).map(|i| profile(table, i)).collect();
        // A task header over short one-word codes (`Task ID`: `T3.1`) names the
        // task's id, not its text: the column is read by its cells like any other.
        // Only when another column holds text the task can be: else the codes
        // (`1h`, `0m`) are the only task text the table has, and dropping the
        // header would lose its rows to `other_table`.
        // A column whose header gives it another role (Day, dates, hours, …)
        // holds no task text whatever its cells say (`**bold**` under Day).
        let codes_only = |p: &Profile| p.multiword + p.not_codes == 0;
        let may_hold_task: Vec<bool> = hints
            .iter()
            .map(|h| matches!(h, None | Some(Role::Task | Role::Notes)))
            .collect();
        let other_text = |i: usize| {
            profiles
                .iter()
                .enumerate()
                .any(|(j, q)| j != i && may_hold_task[j] && q.filled > 0 && !codes_only(q))
        };
        for (i, (h, p)) in hints.iter_mut().zip(&profiles).enumerate() {
            if *h == Some(Role::Task)
                && p.filled > 0
                && codes_only(p)
                && p.mean_len <= ID_LEN
                && other_text(i)
            {
                *h = None;
            }
        }
        Passes {
            table,
            width,
            headers,
            hints,
            says_date,
            profiles,
            roles: vec![None; width],
            by_content: Vec::new(),
        }
    }

    fn has(&self, r: Role) -> bool {
        self.roles.contains(&Some(r))
    }

    fn unassigned(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.width).filter(|&i| self.roles[i].is_none())
    }

    /// A dedicated date column by header, unless its cells plainly are not
    /// dates. A header that says "date" keeps its column (odd cells are
    /// diagnosed row by row) unless the cells are weekdays or durations; a
    /// vaguer one (`Time`, `Thời gian`, `Period`) needs a date in its cells.
    fn dated_by_header(&self, i: usize) -> bool {
        let p = &self.profiles[i];
        matches!(self.hints[i], Some(Role::Start | Role::End | Role::Date))
            && (p.dates > 0
                || p.filled == 0
                || (self.says_date[i]
                    && p.share(p.named_days + p.digit_days) < 0.5
                    && p.share(p.durations) < 0.5))
    }

    /// Pass 2: date columns by header. Returns the columns whose cells are
    /// mostly dates under no date header (read by pass 3).
    fn dates_by_header(&mut self) -> Vec<usize> {
        for i in 0..self.width {
            if self.dated_by_header(i) {
                self.roles[i] = self.hints[i];
            }
        }
        let content_dates: Vec<usize> = self
            .unassigned()
            .filter(|&i| self.profiles[i].mostly_dates())
            .filter(|&i| self.hints[i] != Some(Role::Task))
            .collect();
        // A date header over cells without a date (clock times `9:00`, `08h30`) gives
        // way when another column holds dates: it is kept as a note.
        let holds_dates = |i: usize| self.profiles[i].dates > 0;
        let any_dates = !content_dates.is_empty()
            || (0..self.width).any(|i| self.roles[i].is_some() && holds_dates(i));
        if any_dates {
            for i in 0..self.width {
                let p = &self.profiles[i];
                if self.roles[i].is_some() && p.filled > 0 && p.dates == 0 {
                    self.roles[i] = None;
                }
            }
        }
        content_dates
    }

    /// Pass 3: columns of dates under other headers (`Ngày`, `Day`, none) give
    /// the start or the single date when no header does; two of them are start
    /// and end. Returns the columns it gave a role.
    fn dates_by_content(&mut self, content_dates: &[usize]) -> Vec<usize> {
        let mut taken: Vec<usize> = Vec::new();
        for &i in content_dates {
            if !self.has(Role::Start) && !self.has(Role::Date) {
                self.roles[i] = Some(if self.has(Role::End) {
                    Role::Start
                } else {
                    Role::Date
                });
                taken.push(i);
            } else if let ([first], false) = (taken.as_slice(), self.has(Role::End)) {
                self.roles[*first] = Some(Role::Start);
                self.roles[i] = Some(Role::End);
                taken.push(i);
            } else if self.has(Role::Start) && !self.has(Role::End) {
                // A Start column by header and dates under another (`Done`, `✅`): the end.
                self.roles[i] = Some(Role::End);
                taken.push(i);
            }
        }
        for &i in &taken {
            if let Some(r) = self.roles[i] {
                if self.hints[i] != Some(r) {
                    self.by_content.push((i, self.headers[i].clone(), r));
                }
            }
        }
        taken
    }

    /// Pass 4: two single-date columns by header are really start and end; a
    /// `Date` beside an end (`Completion Date`, `Deadline`) is the start.
    fn pair_single_dates(&mut self) {
        let single: Vec<usize> = (0..self.width)
            .filter(|&i| self.roles[i] == Some(Role::Date))
            .collect();
        if !self.has(Role::Start) {
            if single.len() >= 2 {
                self.roles[single[0]] = Some(Role::Start);
                self.roles[single[1]] = Some(Role::End);
            } else if let ([one], true) = (single.as_slice(), self.has(Role::End)) {
                self.roles[*one] = Some(Role::Start);
            }
        } else {
            // Start and a Date both: the Date column is only kept as a note.
            for &i in &single {
                self.roles[i] = None;
            }
        }
    }

    /// Pass 5: the Day column: a Day header over weekday cells (or empty ones),
    /// or weekday cells under any header. A Day column read as the date column
    /// (`Thứ 2, 04/05/2026`, or plain dates under a Day header) still gives its
    /// weekday names: it is returned, keeping its date role.
    fn day(&mut self) -> Option<usize> {
        let (hints, profiles) = (&self.hints, &self.profiles);
        let day = self
            .unassigned()
            .find(|&i| {
                hints[i] == Some(Role::Day)
                    && (profiles[i].filled == 0
                        || profiles[i].mostly_days()
                        || profiles[i].named_days > 0)
            })
            .or_else(|| {
                self.unassigned().find(|&i| {
                    matches!(hints[i], None | Some(Role::Date) | Some(Role::Notes))
                        && profiles[i].filled > 0
                        && (profiles[i].share(profiles[i].named_days) > 0.6
                            || (hints[i].is_none()
                                && self.headers[i].is_empty()
                                && profiles[i].mostly_days()))
                })
            });
        if let Some(i) = day {
            self.roles[i] = Some(Role::Day);
            if self.hints[i] != Some(Role::Day) {
                self.by_content
                    .push((i, self.headers[i].clone(), Role::Day));
            }
        }
        day.or_else(|| {
            (0..self.width).find(|&i| {
                self.roles[i] == Some(Role::Date)
                    && (self.hints[i] == Some(Role::Day) || self.profiles[i].named_days > 0)
            })
        })
    }

    /// Pass 6: running numbers (`No.`, `1, 2, 3` under no header) and time spent.
    fn ordinals_and_hours(&mut self) {
        for i in 0..self.width {
            if self.roles[i].is_some() {
                continue;
            }
            let (hint, p) = (self.hints[i], &self.profiles[i]);
            if hint == Some(Role::Ordinal) || (p.sequence && hint.is_none()) {
                self.roles[i] = Some(Role::Ordinal);
            } else if hint == Some(Role::Hours)
                || (p.share(p.durations) > 0.6 && hint != Some(Role::Task))
            {
                self.roles[i] = Some(Role::Hours);
            }
        }
    }

    /// Pass 7: the task column: the first task header, else the column with the
    /// longest text. `None` when there is none, or when the table is a
    /// key/value summary of the week (`taken`: the columns pass 3 dated).
    fn task(&mut self, taken: &[usize]) -> Option<usize> {
        let (hints, profiles) = (&self.hints, &self.profiles);
        let task = self
            .unassigned()
            .find(|&i| hints[i] == Some(Role::Task))
            .or_else(|| {
                self.unassigned()
                    .filter(|&i| {
                        !matches!(
                            hints[i],
                            Some(
                                Role::Reference | Role::Day | Role::Start | Role::End | Role::Date
                            )
                        )
                    })
                    .filter(|&i| {
                        profiles[i].filled > 0 && profiles[i].share(profiles[i].urls) < 0.8
                    })
                    .max_by_key(|&i| (profiles[i].mean_len, std::cmp::Reverse(i)))
            })?;
        if is_summary_table(self.table, taken, task) {
            return None;
        }
        self.roles[task] = Some(Role::Task);
        if self.hints[task] != Some(Role::Task) {
            self.by_content
                .push((task, self.headers[task].clone(), Role::Task));
        }
        Some(task)
    }

    /// Pass 8: the reference column: a reference header, else links under no header.
    fn reference(&mut self) -> Option<usize> {
        let (hints, profiles) = (&self.hints, &self.profiles);
        let reference = self
            .unassigned()
            .find(|&i| hints[i] == Some(Role::Reference))
            .or_else(|| {
                self.unassigned().find(|&i| {
                    hints[i].is_none()
                        && profiles[i].filled > 0
                        && profiles[i].share(profiles[i].urls) > 0.6
                })
            });
        if let Some(i) = reference {
            self.roles[i] = Some(Role::Reference);
        }
        reference
    }

    /// Pass 9: cells support no Day or date column: a header that plainly names
    /// one still makes this a tasks table (its odd cells are diagnosed row by
    /// row); a vague one (`Time`, `Period`) does not. Returns the Day column.
    fn dates_by_header_only(&mut self, mut day: Option<usize>) -> Option<usize> {
        if day.is_some()
            || self
                .roles
                .iter()
                .any(|r| matches!(r, Some(Role::Start | Role::End | Role::Date)))
        {
            return day;
        }
        for i in 0..self.width {
            match self.hints[i] {
                Some(Role::Day) if self.roles[i].is_none() && day.is_none() => {
                    self.roles[i] = Some(Role::Day);
                    day = Some(i);
                }
                Some(r @ (Role::Start | Role::End | Role::Date))
                    if self.roles[i].is_none() && self.says_date[i] =>
                {
                    self.roles[i] = Some(r);
                }
                _ => {}
            }
        }
        day
    }

    /// The roles read off: the rest are notes.
    fn columns(self, day: Option<usize>, task: usize, reference: Option<usize>) -> Columns {
        let find = |r: Role| (0..self.width).find(|&i| self.roles[i] == Some(r));
        Columns {
            day,
            task,
            start: find(Role::Start),
            end: find(Role::End),
            date: find(Role::Date),
            reference,
            hours: find(Role::Hours),
            // The time-spent column is kept as written in the notes too (`Time Spent: 2h30`).
            notes: (0..self.width)
                .filter(|&i| {
                    (self.roles[i].is_none()
                        && (self.profiles[i].filled > 0 || !self.headers[i].is_empty()))
                        || self.roles[i] == Some(Role::Hours)
                })
                .map(|i| (i, self.headers[i].clone()))
                .collect(),
            vietnamese: !self.table.header[task].text.is_ascii(),
            read_by_content: self.by_content,
        }
    }
}

/// A measurement, not a day or a date: a short cell opening with a number that
/// has a decimal or thousands separator, is above 31, or carries `%` or `x`
/// (`18,302`, `0.02%`, `73.1 ms`, `4.9x`, `~100 req/s`).
fn is_metric(cell: &str) -> bool {
    // Long cells (task text) are no measurement: not cleaned at all.
    if cell.len() > 96 {
        return false;
    }
    // A measurement opens with a digit: without one, no copy to clean.
    if !cell.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let t = text::one_line(cell);
    let t = t.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    if t.chars().count() > 24 {
        return false;
    }
    let t = t.trim_start_matches(['~', '+', '-', '≈', '<', '>', '±', '−']);
    let num: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        .collect();
    if !num.starts_with(|c: char| c.is_ascii_digit()) || num.ends_with(['.', ',']) {
        return false;
    }
    let unit = t[num.len()..].trim_start();
    let measured = num.contains(['.', ','])
        || num.parse::<u64>().is_ok_and(|n| n > 31)
        || unit.starts_with(['%', 'x', '×']);
    // Dates are not measurements: `04/05/2026`, `2026-05-04`, `12.06.2026`.
    // Asked last: most cells (`2`, `04/05/2026`) fail the tests above.
    measured && !dates::with_found(t, |f| f.iter().any(|d| d.strict))
}

/// A table read as a tasks table that holds results: two or more columns whose
/// cells are mostly measurements (a load-test table, metrics before and after).
/// Its "dates" are numbers like `19.03 s` or `4.9x`, its task column a label.
pub fn is_data_table(table: &Table, cols: &Columns) -> Option<usize> {
    let metric_columns = (0..table.header.len())
        .filter(|&i| i != cols.task)
        .filter(|&i| {
            let filled: Vec<&str> = table
                .rows
                .iter()
                .filter_map(|r| r.cells.get(i))
                .map(|c| c.text.as_str())
                .filter(|t| !text::is_blank(t))
                .collect();
            let metric = filled.iter().filter(|t| is_metric(t)).count();
            !filled.is_empty() && metric * 10 > filled.len() * 6
        })
        .count();
    (metric_columns >= 2).then_some(metric_columns)
}

/// Compile this module's patterns now (see `page::warm`).
pub(crate) fn warm() {
    LazyLock::force(&DURATION);
}

#[cfg(test)]
mod tests {
    use super::super::markdown;
    use super::*;

    fn table(md: &str) -> Table {
        markdown::parse(md, 1).tables.remove(0)
    }

    #[test]
    fn header_synonyms_english_vietnamese_and_abbreviations() {
        use Role::*;
        for (h, r) in [
            ("Day", Day),
            ("Thứ", Day),
            ("Task", Task),
            ("Completed Tasks", Task),
            ("Work Completed", Task),
            ("Nội dung công việc", Task),
            ("Work Items", Task),
            ("Start Date", Start),
            ("Ngày bắt đầu", Start),
            ("Ngày BĐ", Start),
            ("Completion Date", End),
            ("Ngày HT", End),
            ("End", End),
            ("Date", Date),
            ("Reference Material", Reference),
            ("Lab / Project", Reference),
            ("No.", Ordinal),
            ("STT", Ordinal),
            ("Time Spent", Hours),
        ] {
            assert_eq!(header_hint(h), Some(r), "{h}");
        }
        assert_eq!(header_hint("Result"), None);
        assert_eq!(header_hint("Nhóm kiến thức"), None);
        assert_eq!(header_hint("Today's work"), Some(Task));
        assert_eq!(header_hint(""), None);
    }

    #[test]
    fn a_single_date_column_and_an_ordinal() {
        let t = table("| No. | Date | Work Completed | Time Spent | Result |\n|---|---|---|---|---|\n| 1 | 04/05/2026 | Set up the AWS account | 4h | done |\n| 2 | 05/05/2026 | Launched EC2 | 3h | ok |\n");
        let c = detect(&t).unwrap();
        assert_eq!(
            (c.day, c.task, c.date, c.start, c.end, c.hours),
            (None, 2, Some(1), None, None, Some(3))
        );
        assert_eq!(
            c.notes,
            vec![(3, "Time Spent".to_string()), (4, "Result".to_string())]
        );
    }

    #[test]
    fn cells_decide_over_the_header() {
        // A Day column whose cells are dates gives the dates.
        let t = table(
            "| Day | Task |\n|---|---|\n| 04/17/2026 | a |\n| 04/18/2026 – 04/19/2026 | b |\n",
        );
        let c = detect(&t).unwrap();
        assert_eq!((c.day, c.date), (Some(0), Some(0)));
        // An empty header over weekday names is the Day column.
        let t = table("|  | Task | Start Date |\n|---|---|---|\n| Mon | a | 15/09/2025 |\n| Tue | b | 16/09/2025 |\n");
        assert_eq!(detect(&t).unwrap().day, Some(0));
        // An unknown task header: the longest text column.
        let t = table("| Ngày | Việc đã xong | Ghi chú |\n|---|---|---|\n| 12/06 | Learned IAM policies and roles in depth | x |\n| 13/06 | Built a VPC with two subnets | y |\n");
        let c = detect(&t).unwrap();
        assert_eq!((c.task, c.date), (1, Some(0)));
    }

    #[test]
    fn a_date_beside_an_end_or_a_deadline_is_the_start() {
        for md in [
            "| Day | Task | Date | Completion Date |\n|---|---|---|---|\n| Mon | a | 15/09/2025 | 16/09/2025 |\n",
            "| Deadline | Task | Date | Status |\n|---|---|---|---|\n| 19/09/2025 | a | 15/09/2025 | ok |\n",
        ] {
            let c = detect(&table(md)).unwrap();
            let (start, end) = (c.start.unwrap(), c.end.unwrap());
            assert_eq!(table(md).header[start].text, "Date", "{md}");
            assert_ne!(start, end);
        }
        // A `Ngày` column of dates beside `Ngày hoàn thành` is the start.
        let c = detect(&table("| Thứ | Công việc | Ngày | Ngày hoàn thành |\n|---|---|---|---|\n| Thứ 2 | a | 15/09/2025 | 16/09/2025 |\n")).unwrap();
        assert_eq!((c.day, c.start, c.end), (Some(0), Some(2), Some(3)));
        // Clock times under Start/End give way to the Date column, also under `Ngày`.
        let c = detect(&table("| Ngày | Công việc | Bắt đầu | Kết thúc |\n|---|---|---|---|\n| 15/09/2025 | a | 08h30 | 17h00 |\n")).unwrap();
        assert_eq!((c.date, c.start, c.end), (Some(0), None, None));
        let c = detect(&table("| Date | Task | Start | End |\n|---|---|---|---|\n| 15/09/2025 | a | 9:00 AM | 11:30 |\n")).unwrap();
        assert_eq!((c.date, c.start, c.end), (Some(0), None, None));
        assert_eq!(c.notes.len(), 2);
    }

    #[test]
    fn a_task_header_over_codes_is_the_task_when_no_other_column_holds_text() {
        // Found by the row-accounting property: `| | 1h |` under a full header
        // lost its row to `other_table` once the Task header was taken for ids.
        let t = table(
            "| Day | Task | Start Date | Completion Date |\n|---|---|---|---|\n|  | 1h |  |  |\n",
        );
        let c = detect(&t).unwrap();
        assert_eq!((c.task, c.hours), (1, None));
        // Text under a header of another role (Day) is no task text either.
        let t = table(
            "| Day | Task | Start Date | Completion Date | Reference |\n|---|---|---|---|---|\n|  | T2 |\n| **bold** |  |\n",
        );
        assert_eq!(detect(&t).map(|c| c.task), Some(1));
        // Beside a column of text the codes are still ids, read as a note.
        let t = table(
            "| Task | Description | Date |\n|---|---|---|\n| T3.1 | Built a VPC | 04/05/2026 |\n",
        );
        assert_eq!(detect(&t).unwrap().task, 1);
    }

    #[test]
    fn a_vague_time_header_over_durations_is_hours() {
        let t = table("| Ngày | Công việc | Thời gian |\n|---|---|---|\n| 04/05/2026 | Học IAM | 2 giờ |\n| 05/05/2026 | Học VPC | 3 giờ |\n");
        let c = detect(&t).unwrap();
        assert_eq!((c.date, c.hours, c.start), (Some(0), Some(2), None));
    }

    #[test]
    fn key_value_summary_tables_are_not_tasks_tables() {
        let t = table("| Content | Details |\n|---|---|\n| Time | May 4, 2026 - May 10, 2026 |\n| Goal | Learn EC2 |\n| Status | done |\n");
        assert!(detect(&t).is_none());
        let t = table(
            "| Criteria | Amazon RDS | Amazon DynamoDB |\n|---|---|---|\n| Model | SQL | NoSQL |\n",
        );
        assert!(detect(&t).is_none());
        // A plan with a vague Time column of week numbers is not a tasks table either.
        let t = table("| Phase | Time | Main content |\n|---|---|---|\n| Phase 1 | Week 1 - Week 4 | Study the FCJ material |\n");
        assert!(detect(&t).is_none());
        let t = table("| Nhóm kiến thức | Nội dung |\n|---|---|\n| Tổng quan cloud | Khái niệm điện toán đám mây |\n");
        assert!(detect(&t).is_none());
    }
}
