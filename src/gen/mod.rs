//! A synthetic cohort: Hugo worklog sites that vary the way real ones do
//! (`../shared/corpus/README.md`), deterministic from a seed. Pure: a site is
//! built in memory as files plus the truth of every task row; `cmd/gen.rs`
//! writes it. Used by the benchmark and by tests as a population with known answers.

mod bank;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// SplitMix64: tiny, fast and fixed forever, so a seed gives the same cohort in
/// every version (a general-purpose RNG crate may change its streams).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }
    /// A generator for item `index` of stream `seed`: independent streams, so
    /// seed 2's site 1 is not seed 1's site 2.
    pub fn for_item(seed: u64, index: u64) -> Self {
        let mut r = Rng(seed);
        let s = r.next_u64();
        let mut r = Rng(index ^ 0x5851_F42D_4C95_7F2D);
        Rng(s ^ r.next_u64())
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How a site writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    Dmy,
    Mdy,
    Iso,
    DmyDash,
    DmyUnpadded,
    /// `15/9`: the year comes from the front matter.
    DmNoYear,
}

/// How a site writes the day column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayStyle {
    /// `2`..`7`, Thứ 2 = Monday.
    Digit,
    Name,
    Short,
    /// `Mon (15/9)` / `Thứ 2 (15/9)`.
    WithDate,
    /// `Day 1`..: the n-th working day.
    DayN,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Table,
    /// A tasks table without a Day column.
    NoDay,
    /// Day headings instead of a table.
    List,
}

/// What was planted on a broken page (its rows are left out of the truth).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakage {
    /// An impossible date (31/02) in one row: the row stays, the date is flagged.
    BadDate,
    /// One row lost its last cells.
    ShortRow,
    /// The FCJ template's own rows, dates and all.
    Template,
    /// Front matter opened and never closed.
    UnclosedFrontMatter,
    /// A byte that is not UTF-8 inside a task cell.
    NotUtf8,
    /// Nothing at all.
    Empty,
}

const BREAKAGES: [Breakage; 6] = [
    Breakage::BadDate,
    Breakage::ShortRow,
    Breakage::Template,
    Breakage::UnclosedFrontMatter,
    Breakage::NotUtf8,
    Breakage::Empty,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Vi,
}

/// One task row as the generator meant it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthRow {
    pub path: String,
    /// 1-based line of the row (table row or day heading).
    pub line: usize,
    pub week: u32,
    pub lang: Lang,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub lab: Option<u32>,
    /// Set on every row of a page with a planted breakage.
    pub broken: Option<Breakage>,
}

#[derive(Debug, Clone)]
pub struct GenFile {
    /// Relative to the cohort folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub name: String,
    pub files: Vec<GenFile>,
    pub truth: Vec<TruthRow>,
}

#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub seed: u64,
    pub weeks: u32,
    /// Percent of weekly pages with a planted breakage.
    pub broken_percent: u32,
}

/// How one site writes everything, drawn once per site.
struct Style {
    date: DateStyle,
    day: DayStyle,
    layout: Layout,
    /// `_index.md` is Vietnamese and the English twin is `_index.en.md`.
    vi_default: bool,
    /// Only the default language is written.
    single_language: bool,
    /// Cells padded with spaces to a fixed width.
    padded: bool,
    header: usize,
    /// Front matter keeps the template's placeholder date.
    placeholder_date: bool,
}

fn draw_style(rng: &mut Rng) -> Style {
    let date = match rng.below(100) {
        0..=59 => DateStyle::Dmy,
        60..=74 => DateStyle::Mdy,
        75..=84 => DateStyle::Iso,
        85..=89 => DateStyle::DmyDash,
        90..=94 => DateStyle::DmyUnpadded,
        _ => DateStyle::DmNoYear,
    };
    let day = match rng.below(100) {
        0..=54 => DayStyle::Digit,
        55..=74 => DayStyle::Name,
        75..=82 => DayStyle::Short,
        83..=92 => DayStyle::WithDate,
        _ => DayStyle::DayN,
    };
    let layout = match rng.below(100) {
        0..=89 => Layout::Table,
        90..=94 => Layout::NoDay,
        _ => Layout::List,
    };
    Style {
        date,
        day,
        layout,
        vi_default: rng.chance(15),
        single_language: rng.chance(8),
        padded: rng.chance(10),
        header: rng.below(4),
        // A year-less site needs a real front-matter year.
        placeholder_date: date != DateStyle::DmNoYear && rng.chance(10),
    }
}

fn fmt_date(d: NaiveDate, style: DateStyle) -> String {
    let (y, m, dd) = (d.year(), d.month(), d.day());
    match style {
        DateStyle::Dmy => format!("{dd:02}/{m:02}/{y}"),
        DateStyle::Mdy => format!("{m:02}/{dd:02}/{y}"),
        DateStyle::Iso => format!("{y}-{m:02}-{dd:02}"),
        DateStyle::DmyDash => format!("{dd:02}-{m:02}-{y}"),
        DateStyle::DmyUnpadded => format!("{dd}/{m}/{y}"),
        DateStyle::DmNoYear => format!("{dd}/{m}"),
    }
}

const EN_DAYS: [&str; 7] = crate::normalize::days::WEEKDAYS;
const VI_DAYS: [&str; 7] = [
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ Nhật",
];

fn fmt_day(d: NaiveDate, nth: usize, style: DayStyle, lang: Lang) -> String {
    let wd = d.weekday().num_days_from_monday() as usize;
    let digit = if wd == 6 {
        "CN".to_string()
    } else {
        (wd + 2).to_string()
    };
    match (style, lang) {
        (DayStyle::Digit, _) => digit,
        (DayStyle::Name, Lang::En) => EN_DAYS[wd].to_string(),
        (DayStyle::Name, Lang::Vi) => VI_DAYS[wd].to_string(),
        (DayStyle::Short, Lang::En) => EN_DAYS[wd][..3].to_string(),
        (DayStyle::Short, Lang::Vi) => format!("T{digit}"),
        (DayStyle::WithDate, Lang::En) => {
            format!("{} ({}/{})", &EN_DAYS[wd][..3], d.day(), d.month())
        }
        (DayStyle::WithDate, Lang::Vi) => format!("Thứ {digit} ({}/{})", d.day(), d.month()),
        (DayStyle::DayN, Lang::En) => format!("Day {nth}"),
        (DayStyle::DayN, Lang::Vi) => format!("Ngày {nth}"),
    }
}

const EN_HEADERS: [[&str; 5]; 4] = [
    [
        "Day",
        "Task",
        "Start Date",
        "Completion Date",
        "Reference Material",
    ],
    ["Day", "Task", "Start Date", "End Date", "Resources"],
    [
        "Day",
        "Tasks",
        "Start Date",
        "Completion Date",
        "Learning Resources",
    ],
    ["Day", "Task", "Start Date", "End Date", "Resource Links"],
];
const VI_HEADERS: [[&str; 5]; 4] = [
    [
        "Thứ",
        "Công việc",
        "Ngày bắt đầu",
        "Ngày hoàn thành",
        "Nguồn tài liệu",
    ],
    [
        "Thứ",
        "Công việc",
        "Ngày bắt đầu",
        "Ngày kết thúc",
        "Tài nguyên",
    ],
    [
        "Ngày",
        "Nhiệm vụ",
        "Ngày bắt đầu",
        "Ngày hoàn thành",
        "Tài liệu tham khảo",
    ],
    [
        "Ngày",
        "Công việc",
        "Bắt đầu",
        "Hoàn thành",
        "Tài liệu tham khảo",
    ],
];

/// One planned task, shared by both language pages of a week.
struct Planned {
    start: NaiveDate,
    end: NaiveDate,
    topic: usize,
    items: Vec<usize>,
    bold_title: bool,
    lab_in_text: bool,
    reference: usize,
    /// A tail per item (index into the tails, or none).
    tails: Vec<Option<usize>>,
    /// A second topic in the same cell.
    also: Option<(usize, Vec<usize>)>,
}

fn plan_week(rng: &mut Rng, monday: NaiveDate) -> Vec<Planned> {
    // Mostly Monday to Friday; sometimes a day is skipped or Saturday is worked.
    let mut days: Vec<u64> = (0..5).collect();
    if rng.chance(20) {
        days.remove(rng.below(days.len()));
    }
    if rng.chance(15) {
        days.push(5);
    }
    let topics: Vec<usize> = (0..3).map(|_| rng.below(bank::TOPICS.len())).collect();
    days.iter()
        .enumerate()
        .map(|(k, &off)| {
            let start = monday + Days::new(off);
            let next = days.get(k + 1).copied().unwrap_or(off + 1);
            // Now and then a task runs into the next working day.
            let end = if next > off + 1 || rng.chance(15) {
                start + Days::new(1)
            } else {
                start
            };
            let items_of = |rng: &mut Rng, topic: usize| -> Vec<usize> {
                let n = bank::TOPICS[topic].en_items.len();
                let count = 2.min(n) + rng.below(n - 2.min(n) + 1);
                let first = rng.below(n);
                (0..count).map(|i| (first + i) % n).collect()
            };
            let topic = topics[rng.below(topics.len())];
            let items = items_of(rng, topic);
            let also = rng.chance(40).then(|| {
                let t = topics[rng.below(topics.len())];
                (t, items_of(rng, t))
            });
            let tails = (0..8)
                .map(|_| rng.chance(80).then(|| rng.below(bank::EN_TAILS.len())))
                .collect();
            Planned {
                start,
                end,
                topic,
                items,
                tails,
                also,
                bold_title: rng.chance(60),
                lab_in_text: rng.chance(25),
                reference: rng.below(4),
            }
        })
        .collect()
}

fn task_cell(p: &Planned, lang: Lang) -> String {
    let block = |topic: usize, items: &[usize], first: bool| -> String {
        let t = &bank::TOPICS[topic];
        let (title, texts, tails) = match lang {
            Lang::En => (t.en, t.en_items, bank::EN_TAILS),
            Lang::Vi => (t.vi, t.vi_items, bank::VI_TAILS),
        };
        let mut s = String::new();
        if !first {
            s.push_str(" <br> ");
        }
        s.push_str(&if p.bold_title {
            format!("- **{title}:** ")
        } else {
            format!("- {title}: ")
        });
        for (k, &i) in items.iter().enumerate() {
            s.push_str(if p.bold_title {
                "<br>&emsp; + "
            } else {
                "<br> - "
            });
            s.push_str(texts[i]);
            if let Some(Some(tail)) = p.tails.get(k) {
                s.push_str(tails[*tail]);
            }
        }
        s
    };
    let mut s = block(p.topic, &p.items, true);
    if let Some((t, items)) = &p.also {
        s.push_str(&block(*t, items, false));
    }
    let t = &bank::TOPICS[p.topic];
    if let (true, Some(lab)) = (p.lab_in_text, t.lab) {
        s.push_str(&match lang {
            Lang::En => format!(" <br> - Practice: Lab {lab}"),
            Lang::Vi => format!(" <br> - Thực hành: Lab {lab}"),
        });
    }
    s
}

fn reference_cell(p: &Planned) -> String {
    match (bank::TOPICS[p.topic].lab, p.reference) {
        (Some(lab), 0 | 1) => format!("<https://{lab:06}.awsstudygroup.com/>"),
        (Some(lab), 2) => format!("[Lab {lab}](https://{lab:06}.awsstudygroup.com/)"),
        (_, r) => bank::OTHER_REFS[r % bank::OTHER_REFS.len()].to_string(),
    }
}

fn lab_of(p: &Planned) -> Option<u32> {
    let t = &bank::TOPICS[p.topic];
    let in_ref = matches!(p.reference, 0..=2);
    t.lab.filter(|_| in_ref || p.lab_in_text)
}

fn pad(cell: &str, width: usize) -> String {
    let n = cell.chars().count();
    if n >= width {
        cell.to_string()
    } else {
        format!("{cell}{}", " ".repeat(width - n))
    }
}

struct PageOut {
    text: String,
    /// Line of each planned row (1-based).
    lines: Vec<usize>,
}

/// A weekly page in the shape real FCJ worklogs share: front matter, an
/// intro, objectives, the tasks (table or day list), achievements. Draws
/// nothing from the RNG: everything random is already in `style` and `plan`,
/// so the twin pages of a week describe the same tasks.
fn weekly_page(
    style: &Style,
    lang: Lang,
    week: u32,
    monday: NaiveDate,
    plan: &[Planned],
    breakage: Option<Breakage>,
) -> PageOut {
    let mut out: Vec<String> = Vec::new();
    push_front_matter(&mut out, style, lang, week, monday, breakage);
    let topics = page_topics(plan);
    out.push(intro(lang, week, plan));
    out.push(String::new());
    push_objectives(&mut out, lang, week, &topics);
    out.push(String::new());
    out.push(match lang {
        Lang::En => "### Tasks to be carried out this week:".into(),
        Lang::Vi => "### Các công việc cần triển khai trong tuần này:".into(),
    });
    out.push(String::new());
    let lines = match style.layout {
        Layout::List => push_day_list(&mut out, style, lang, plan),
        Layout::Table | Layout::NoDay => push_tasks_table(&mut out, style, lang, plan, breakage),
    };
    out.push(String::new());
    push_achievements(&mut out, lang, week, &topics);
    out.push(String::new());
    PageOut {
        text: out.join("\n"),
        lines,
    }
}

/// Hugo front matter, then a blank line. An `UnclosedFrontMatter` page never
/// writes the closing `---`, so everything after it is swallowed.
fn push_front_matter(
    out: &mut Vec<String>,
    style: &Style,
    lang: Lang,
    week: u32,
    monday: NaiveDate,
    breakage: Option<Breakage>,
) {
    let fm_date = if style.placeholder_date {
        "2024-01-01".to_string()
    } else {
        monday.format("%Y-%m-%d").to_string()
    };
    let title = match lang {
        Lang::En => format!("Week {week} Worklog"),
        Lang::Vi => format!("Worklog Tuần {week}"),
    };
    out.push("---".into());
    out.push(format!("title: \"{title}\""));
    out.push(format!("date: {fm_date}"));
    out.push(format!("weight: {week}"));
    out.push("chapter: false".into());
    out.push(format!("pre: \" <b> 1.{week}. </b> \""));
    if breakage != Some(Breakage::UnclosedFrontMatter) {
        out.push("---".into());
    }
    out.push(String::new());
}

/// The week's distinct main topics in plan order (objectives and achievements
/// list each once).
fn page_topics(plan: &[Planned]) -> Vec<usize> {
    let mut t: Vec<usize> = Vec::new();
    for p in plan {
        if !t.contains(&p.topic) {
            t.push(p.topic);
        }
    }
    t
}

/// Most real pages open with a sentence or two before the objectives.
fn intro(lang: Lang, week: u32, plan: &[Planned]) -> String {
    let first = &bank::TOPICS[plan.first().map_or(0, |p| p.topic)];
    match lang {
        Lang::En => format!(
            "This page records what I studied and practised in week {week} of the First Cloud Journey internship: the goals of the week, the tasks of each day with their dates and the material I used, and what I achieved. The main subject this week was {}.",
            first.en
        ),
        Lang::Vi => format!(
            "Trang này ghi lại những gì mình đã học và thực hành trong tuần {week} của chương trình thực tập First Cloud Journey: mục tiêu của tuần, công việc từng ngày kèm ngày thực hiện và tài liệu tham khảo, và kết quả đạt được. Chủ đề chính của tuần này là {}.",
            first.vi
        ),
    }
}

/// The objectives heading and a bullet or two per topic: prose bullets that
/// mention topics but are not tasks, as on real pages.
fn push_objectives(out: &mut Vec<String>, lang: Lang, week: u32, topics: &[usize]) {
    out.push(match lang {
        Lang::En => format!("### Week {week} Objectives:"),
        Lang::Vi => format!("### Mục tiêu tuần {week}:"),
    });
    out.push(String::new());
    for &t in topics {
        let t = &bank::TOPICS[t];
        out.push(match lang {
            Lang::En => format!("* Learn and practise {}: {}.", t.en, t.en_items[0]),
            Lang::Vi => format!("* Tìm hiểu và thực hành {}: {}.", t.vi, t.vi_items[0]),
        });
        if let (Some(en), Some(vi)) = (t.en_items.get(1), t.vi_items.get(1)) {
            out.push(match lang {
                Lang::En => format!("* Be able to: {}.", en.to_lowercase()),
                Lang::Vi => format!("* Có thể: {}.", vi.to_lowercase()),
            });
        }
    }
}

/// `Layout::List`: one `### Day n - weekday, date` heading per task with its
/// items as bullets. Returns the 1-based line of each heading (the truth line).
fn push_day_list(out: &mut Vec<String>, style: &Style, lang: Lang, plan: &[Planned]) -> Vec<usize> {
    let mut lines = Vec::new();
    for (n, p) in plan.iter().enumerate() {
        let wd = p.start.weekday().num_days_from_monday() as usize;
        let date = fmt_date(p.start, style.date);
        out.push(match lang {
            Lang::En => format!("### Day {} - {}, {date}", n + 1, EN_DAYS[wd]),
            Lang::Vi => format!("### Ngày {} - {}, {date}", n + 1, VI_DAYS[wd]),
        });
        // `out.len()` after the push: the heading's own 1-based line.
        lines.push(out.len());
        out.push(String::new());
        // The same items a table cell would hold, unwrapped from its `<br>` markup.
        for item in task_cell(p, lang).split("<br>") {
            let item = item.trim().trim_start_matches("&emsp;").trim();
            let item = item.trim_start_matches(['-', '+']).trim();
            if !item.is_empty() {
                out.push(format!("- {item}"));
            }
        }
        let r = reference_cell(p);
        if !r.is_empty() {
            out.push(format!("- {r}"));
        }
        out.push(String::new());
    }
    lines
}

/// Column widths of a padded site (Day, Task, Start, End, Reference).
const PADDED_WIDTHS: [usize; 5] = [8, 160, 14, 16, 48];

/// `Layout::Table` / `Layout::NoDay`: the header, the separator and one row
/// per task. Returns the 1-based line of each task row (the truth line).
fn push_tasks_table(
    out: &mut Vec<String>,
    style: &Style,
    lang: Lang,
    plan: &[Planned],
    breakage: Option<Breakage>,
) -> Vec<usize> {
    let headers = match lang {
        Lang::En => EN_HEADERS[style.header],
        Lang::Vi => VI_HEADERS[style.header],
    };
    // A NoDay table drops the first column; widths stay keyed by full-table column.
    let skip = usize::from(style.layout == Layout::NoDay);
    let row = |cells: &[String]| -> String {
        let cells: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(c, s)| {
                let width = if style.padded {
                    PADDED_WIDTHS[c + skip]
                } else {
                    0
                };
                pad(s, width)
            })
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    let head: Vec<String> = headers[skip..].iter().map(|s| s.to_string()).collect();
    out.push(row(&head));
    out.push(format!("|{}", " --- |".repeat(head.len())));
    let mut lines = Vec::new();
    for (n, p) in plan.iter().enumerate() {
        let mut cells: Vec<String> = Vec::new();
        if skip == 0 {
            cells.push(fmt_day(p.start, n + 1, style.day, lang));
        }
        cells.extend(row_cells(style, lang, n, p, breakage));
        if n == 1 && breakage == Some(Breakage::ShortRow) {
            cells.truncate(cells.len() - 2);
        }
        // `out.len() + 1` before the push: this row's 1-based line.
        lines.push(out.len() + 1);
        out.push(row(&cells));
    }
    lines
}

/// Task, start, end and reference cells of row `n`, with the planted
/// `Template` (the FCJ template's own rows) and `BadDate` (31/02 in the first
/// row) faults; `ShortRow` is cut by the caller, Day cell included.
fn row_cells(
    style: &Style,
    lang: Lang,
    n: usize,
    p: &Planned,
    breakage: Option<Breakage>,
) -> [String; 4] {
    if breakage == Some(Breakage::Template) {
        let (task, d) = bank::TEMPLATE_ROWS[n % bank::TEMPLATE_ROWS.len()];
        return [
            task.to_string(),
            d.to_string(),
            d.to_string(),
            "<https://cloudjourney.awsstudygroup.com/>".into(),
        ];
    }
    let start = if n == 0 && breakage == Some(Breakage::BadDate) {
        "31/02/2025".to_string()
    } else {
        fmt_date(p.start, style.date)
    };
    [
        task_cell(p, lang),
        start,
        fmt_date(p.end, style.date),
        reference_cell(p),
    ]
}

/// The achievements heading: a bullet per topic, then the stock lines, a
/// different subset each week (as people vary them by hand).
fn push_achievements(out: &mut Vec<String>, lang: Lang, week: u32, topics: &[usize]) {
    out.push(match lang {
        Lang::En => format!("### Week {week} Achievements:"),
        Lang::Vi => format!("### Kết quả đạt được tuần {week}:"),
    });
    out.push(String::new());
    for &t in topics {
        let t = &bank::TOPICS[t];
        out.push(match lang {
            Lang::En => format!("* Can explain and use {} in a small lab.", t.en),
            Lang::Vi => format!("* Hiểu và sử dụng được {} trong một bài lab nhỏ.", t.vi),
        });
    }
    for (k, (en, vi)) in bank::EN_ACHIEVED.iter().zip(bank::VI_ACHIEVED).enumerate() {
        if !(week as usize + k).is_multiple_of(3) {
            out.push(match lang {
                Lang::En => format!("* {en}."),
                Lang::Vi => format!("* {vi}."),
            });
        }
    }
}

fn section_page(lang: Lang, weeks: u32) -> String {
    let mut s = String::from("---\n");
    s.push_str(match lang {
        Lang::En => "title: \"Worklog\"\n",
        Lang::Vi => "title: \"Nhật ký công việc\"\n",
    });
    s.push_str("date: 2024-01-01\nweight: 1\nchapter: false\npre: \" <b> 1. </b> \"\n---\n\n");
    for w in 1..=weeks {
        s.push_str(&match lang {
            Lang::En => format!("- **Week {w}:** [Worklog of week {w}](1.{w}-week{w}/)\n"),
            Lang::Vi => format!("- **Tuần {w}:** [Nhật ký tuần {w}](1.{w}-week{w}/)\n"),
        });
    }
    s
}

/// The name of site `index` (unique within a cohort).
pub fn site_name(seed: u64, index: usize) -> String {
    let mut rng = Rng::for_item(seed ^ 0xA076_1D64_78BD_642F, index as u64);
    format!(
        "{}-{}-{index:05}",
        rng.pick(bank::GIVEN),
        rng.pick(bank::FAMILY)
    )
}

/// Site `index` of the cohort drawn from `params.seed`.
pub fn site(params: &Params, index: usize) -> Site {
    let name = site_name(params.seed, index);
    let mut rng = Rng::for_item(params.seed, index as u64);
    let style = draw_style(&mut rng);
    // Cohorts start on a Monday between September 2025 and early 2026.
    let first_monday = NaiveDate::from_ymd_opt(2025, 9, 8).unwrap_or_default()
        + Days::new(7 * rng.below(20) as u64);
    debug_assert_eq!(first_monday.weekday(), Weekday::Mon);
    let mut files = Vec::new();
    let mut truth = Vec::new();
    files.push(GenFile {
        path: format!("{name}/hugo.toml"),
        bytes: format!(
            "baseURL = \"https://{name}.github.io/fcj-worklog/\"\nlanguageCode = \"en-us\"\ntitle = \"FCJ Worklog - {name}\"\n"
        )
        .into_bytes(),
    });
    let base = format!("{name}/content/1-Worklog");
    let (default, other) = if style.vi_default {
        (Lang::Vi, Lang::En)
    } else {
        (Lang::En, Lang::Vi)
    };
    let other_suffix = if style.vi_default { "en" } else { "vi" };
    let langs: Vec<(Lang, String)> = std::iter::once((default, "_index.md".to_string()))
        .chain((!style.single_language).then(|| (other, format!("_index.{other_suffix}.md"))))
        .collect();
    for (lang, file) in &langs {
        files.push(GenFile {
            path: format!("{base}/{file}"),
            bytes: section_page(*lang, params.weeks).into_bytes(),
        });
    }
    for week in 1..=params.weeks {
        let monday = first_monday + Days::new(7 * (week as u64 - 1));
        let plan = plan_week(&mut rng, monday);
        for (lang, file) in &langs {
            let path = format!("{base}/1.{week}-Week{week}/{file}");
            let breakage = rng
                .chance(params.broken_percent)
                .then(|| *rng.pick(&BREAKAGES));
            let page = weekly_page(&style, *lang, week, monday, &plan, breakage);
            let mut bytes = match breakage {
                Some(Breakage::Empty) => Vec::new(),
                _ => page.text.into_bytes(),
            };
            if breakage == Some(Breakage::NotUtf8) {
                // Inside the first task cell, not in markup the table needs.
                if let Some(at) = bytes.windows(4).position(|w| w == b"<br>") {
                    bytes.insert(at, 0xFF);
                }
            }
            if breakage != Some(Breakage::Empty) {
                // A day heading names one day: its task ends where it starts.
                let list = style.layout == Layout::List;
                for (p, &line) in plan.iter().zip(&page.lines) {
                    truth.push(TruthRow {
                        path: path.clone(),
                        line,
                        week,
                        lang: *lang,
                        start: p.start,
                        end: if list { p.start } else { p.end },
                        lab: lab_of(p),
                        broken: breakage,
                    });
                }
            }
            files.push(GenFile { path, bytes });
        }
    }
    Site { name, files, truth }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_site_other_seed_other_site() {
        let p = Params {
            seed: 7,
            weeks: 3,
            broken_percent: 5,
        };
        let a = site(&p, 4);
        let b = site(&p, 4);
        assert_eq!(a.name, b.name);
        assert_eq!(
            a.files.iter().map(|f| &f.bytes).collect::<Vec<_>>(),
            b.files.iter().map(|f| &f.bytes).collect::<Vec<_>>()
        );
        let c = site(&Params { seed: 8, ..p }, 4);
        assert_ne!(
            a.files.iter().map(|f| &f.bytes).collect::<Vec<_>>(),
            c.files.iter().map(|f| &f.bytes).collect::<Vec<_>>()
        );
    }

    #[test]
    fn truth_lines_point_at_rows() {
        let p = Params {
            seed: 1,
            weeks: 4,
            broken_percent: 0,
        };
        for i in 0..30 {
            let s = site(&p, i);
            for t in &s.truth {
                let f = s.files.iter().find(|f| f.path == t.path).expect("file");
                let text = String::from_utf8_lossy(&f.bytes);
                let line = text.lines().nth(t.line - 1).expect("line");
                assert!(
                    line.starts_with('|') || line.starts_with("### "),
                    "{}:{} is {line:?}",
                    t.path,
                    t.line
                );
            }
        }
    }

    #[test]
    fn rng_is_fixed() {
        // The stream must never change: cohorts are named by seed in benchmarks.
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
    }
}
