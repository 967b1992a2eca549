//! The words that name a section of a page, English and Vietnamese, as const
//! tables: every section-heading spelling the page readers know lives here
//! (column headers and cells have theirs in `columns.rs`: `SYNONYMS` and the
//! lists beside it).
//!
//! Each list is a meaning, not one site's headings: a heading *holds* one of
//! the words (a substring of the heading, lower case; the list readers also
//! fold diacritics away, `Công việc` = `Cong viec`, see `lists::has`). To teach
//! the readers a new layout's words, add them to the list of their meaning;
//! a word that needs a new meaning needs a new rule where the list is used.

// --- Sections of the Markdown outline (`markdown::classify`): objectives and
// achievements are collected from the page; a task word beats both.

/// A tasks section, never objectives or achievements.
pub const SECTION_TASK: &[&str] = &["task", "công việc", "nhiệm vụ"];
/// Objectives: the week's goals.
pub const SECTION_OBJECTIVE: &[&str] = &["objective", "goal", "mục tiêu"];
/// Achievements: what the week gave.
pub const SECTION_ACHIEVEMENT: &[&str] = &[
    "achievement",
    "achivement",
    "result",
    "outcome",
    "thành tựu",
    "kết quả",
    "đạt được",
];

// --- What a list page's heading announces (`lists::kind`), tried in this order.

/// A heading that names the week (`Week 3 Worklog`): its `worklog` names the page.
pub const WEEK: &[&str] = &["week", "tuần"];
/// The page's own name inside a week heading, dropped before the heading is read.
pub const WORKLOG: &[&str] = &["worklog", "work log", "work-log"];
/// What comes next: never the week's tasks.
pub const PLAN: &[&str] = &[
    "next week",
    "tuần sau",
    "tuần tới",
    "plan",
    "kế hoạch",
    "upcoming",
    "dự kiến",
];
/// Results: done work beside one of these is a result section (`Work results`).
pub const RESULT: &[&str] = &[
    "result",
    "outcome",
    "achiev",
    "kết quả",
    "thành tựu",
    "đạt được",
];
/// Goals: not the week's tasks.
pub const GOAL: &[&str] = &["objective", "goal", "mục tiêu", "target"];
/// Tasks or activities named outright (`Tasks`, `Công việc`, `Activities`).
pub const TASKS: &[&str] = &[
    "task",
    "công việc",
    "nhiệm vụ",
    "activit",
    "hoạt động",
    "việc đã làm",
];
/// Results, lessons, notes, references, summaries: not the week's tasks.
pub const NOT_WORK: &[&str] = &[
    "achiev",
    "result",
    "outcome",
    "thành tựu",
    "thành tích",
    "kết quả",
    "đạt được",
    "learned",
    "lesson",
    "bài học",
    "difficult",
    "khó khăn",
    "challenge",
    "note",
    "ghi chú",
    "resource",
    "tài nguyên",
    "tài liệu",
    "reference",
    "tham khảo",
    "summary",
    "tổng kết",
    "tóm tắt",
    "reflection",
    "solution",
    "giải pháp",
    "resolution",
    "giải quyết",
    "limitation",
    "hạn chế",
    "giới hạn",
    "risk",
    "rủi ro",
    "knowledge",
    "kiến thức",
    "takeaway",
    "assessment",
    "evaluation",
    "đánh giá",
    "overview",
    "tổng quan",
    "conclusion",
    "comment",
    "nhận xét",
    "information",
    "thông tin",
];
/// Work as whole words (not substrings: `Networking`, `Workshop`, `Framework`,
/// `Technology` and `Catalog` are not the week's work).
pub const WORK_WORDS: &[&str] = &["work", "works", "worked", "working", "log", "logs"];
/// Other ways of naming the week's work (`Daily log`, `Tiến độ`, `Nội dung`).
pub const WORK: &[&str] = &[
    "implemented",
    "thực hiện",
    "carried out",
    "triển khai",
    "daily",
    "nhật ký",
    "done",
    "đã làm",
    "accomplish",
    "i did",
    "progress",
    "tiến độ",
    "content",
    "nội dung",
];

// --- Work said to be done (`lists::names_done`).

/// Intended or unfinished, not done (`Tasks to be carried out`, `Việc cần làm`,
/// `Chưa hoàn thành`): the trailing spaces keep them words.
pub const NOT_DONE: &[&str] = &[
    "to be ",
    "to do",
    "cần ",
    "sẽ ",
    "chưa ",
    "not ",
    "unfinished",
    "incomplete",
    "pending",
];
/// A past or completed form of a work word (`Completed tasks`, `Công việc đã thực hiện`).
pub const DONE: &[&str] = &[
    "completed",
    "accomplished",
    "performed",
    "carried out",
    "done",
    "finished",
    "actual work",
    "what i did",
    "i worked on",
    "đã làm",
    "đã thực hiện",
    "đã triển khai",
    "hoàn thành",
    "đã hoàn thành",
];
