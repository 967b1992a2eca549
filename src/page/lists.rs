//! Weekly pages written without a tasks table: tasks from day headings or from
//! the items of the work section, and the week's range from a heading or a
//! summary table. Pure: the page's outline in, tasks out.

use super::markdown::{Block, Doc};
use super::words;
use crate::normalize::dates;
use crate::normalize::days::{self, DayToken};
use crate::normalize::text;

/// One task read from a list layout.
#[derive(Debug, Clone, PartialEq)]
pub struct ListTask {
    pub line: u32,
    /// The day heading or item text (markup stripped).
    pub title: String,
    /// Bullets and prose under it, one line each.
    pub details: Vec<String>,
    pub urls: Vec<String>,
    /// The day named at the start of the title (`Day 2`, `Thứ Hai`), as written.
    pub day: String,
    /// The title, when it writes a date (the day's date).
    pub date_text: Option<String>,
}

/// Where a list page's tasks were read from (for the `list_layout` note).
#[derive(Debug, Clone, PartialEq)]
pub enum ListSource {
    /// One task per day heading (or bold day line, or day item).
    Days { first_line: u32 },
    /// One task per item or group of the work section under this heading.
    Section { heading: String, line: u32 },
    /// A day page that writes no list: the page is the day's one task.
    DayPage { line: u32 },
    /// A week written as a report, with no heading that names its work: one
    /// task per section of its work part (numbered or topic headings), or per
    /// ticked checklist item.
    Narrative { how: Narrative, line: u32 },
}

/// How a report-like page's work part was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Narrative {
    /// Numbered section headings (`## 1. …`, `### 4.2 …`), less goal and result ones.
    Numbered,
    /// Topic headings that are neither goals, results nor plans.
    Topics,
    /// Ticked checklist items (`- [x] …`).
    Checklist,
    /// The items, else the paragraphs, of a page with no section headings.
    Untitled,
}

impl Narrative {
    pub fn describe(self) -> &'static str {
        match self {
            Narrative::Numbered => "one per numbered section, less goals, results and plans",
            Narrative::Topics => "one per topic section, less goals, results and plans",
            Narrative::Checklist => "one per ticked checklist item",
            Narrative::Untitled => {
                "one per item, else per paragraph, of a page with no section headings"
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListLayout {
    pub tasks: Vec<ListTask>,
    pub source: ListSource,
}

/// What a section heading announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Work,
    /// What comes next: never the week's tasks, not even under day headings.
    Plan,
    /// Goals, results, notes: not the week's tasks.
    NotWork,
    Other,
}

/// Lower case without Vietnamese diacritics (`Công việc` = `Cong viec`), as
/// headings are compared: interns on keyboards without a Vietnamese layout type both.
fn fold(s: &str) -> String {
    let lower = s.to_lowercase();
    match text::strip_diacritics(&lower) {
        std::borrow::Cow::Borrowed(_) => lower,
        std::borrow::Cow::Owned(folded) => folded,
    }
}

/// `h` (already folded) holds one of `words` (folded here, once per list and
/// thread: folding every word list for every heading cost ~50 µs a heading).
/// The lists are static, so a list is known by its address and length: one
/// comparison per list, not a hash of every word on every call.
fn has(h: &str, words: &'static [&'static str]) -> bool {
    type Folded = Vec<(usize, usize, Box<[Box<str>]>)>;
    thread_local! {
        static FOLDED: std::cell::RefCell<Folded> = const { std::cell::RefCell::new(Vec::new()) };
    }
    FOLDED.with(|folded| {
        let mut folded = folded.borrow_mut();
        let key = (words.as_ptr() as usize, words.len());
        let i = match folded.iter().position(|(p, n, _)| (*p, *n) == key) {
            Some(i) => i,
            None => {
                folded.push((key.0, key.1, words.iter().map(|w| fold(w).into()).collect()));
                folded.len() - 1
            }
        };
        folded[i].2.iter().any(|f| h.contains(&**f))
    })
}

/// Classify a heading by its words (English and Vietnamese, [`words`]). A plan
/// or goal never holds the week's tasks; an explicit task word beats a result
/// word (`Kết quả công việc`), a generic work word does not (`Work results`).
fn kind(heading: &str) -> Kind {
    let mut h = fold(heading);
    // `Week 3 Worklog` names the page, not a section of it.
    if has(&h, words::WEEK) {
        for w in words::WORKLOG {
            h = h.replace(w, " ");
        }
    }
    if has(&h, words::PLAN) {
        return Kind::Plan;
    }
    // Work said to be done names the week's work, even beside a goal word
    // (`Objectives and completed work`) or a result word (`Kết quả công việc đã làm`).
    if names_done(&h) && !has(&h, words::RESULT) {
        return Kind::Work;
    }
    if has(&h, words::GOAL) {
        return Kind::NotWork;
    }
    if names_tasks(&h) {
        return Kind::Work;
    }
    if has(&h, words::NOT_WORK) {
        return Kind::NotWork;
    }
    if h.split(|c: char| !c.is_alphanumeric())
        .any(|w| words::WORK_WORDS.contains(&w))
        || has(&h, words::WORK)
    {
        return Kind::Work;
    }
    Kind::Other
}

/// `h` (folded) names tasks or activities outright (`Tasks`, `Công việc`, `Activities`).
fn names_tasks(h: &str) -> bool {
    has(h, words::TASKS)
}

/// `h` (folded) says its work was done: a past or completed form of a work word,
/// in English or Vietnamese (`Completed tasks`, `Work carried out`, `Công việc đã
/// thực hiện`, `Đã hoàn thành`). A small class of meanings, not one site's headings.
fn names_done(h: &str) -> bool {
    // `Tasks to be carried out`, `Việc cần làm`, `Sẽ thực hiện`: intended, not done;
    // `Unfinished`, `Not completed`, `Chưa hoàn thành`: not done either.
    !has(h, words::NOT_DONE) && has(h, words::DONE)
}

/// The day a title opens with, as written (`Day 2`, `Thứ Hai`, `Day 1 - Monday`),
/// and the part of the title that writes its date, if any.
#[derive(Debug, Clone, Default, PartialEq)]
struct DayMark {
    day: String,
    date_text: Option<String>,
}

fn non_alnum(c: char) -> bool {
    !c.is_alphanumeric()
}

fn has_strict_date(s: &str) -> bool {
    dates::with_found(s, |found| found.iter().any(|f| f.strict))
}

/// The day a title opens with and the date it writes, if any (see [`day_marker`]).
pub fn day_of(title: &str) -> Option<(String, Option<String>)> {
    day_marker(title).map(|m| (m.day, m.date_text))
}

/// The day a title opens with (`Day 2: …`, `Thứ 2 (16/03)`, `Monday, May 4, 2026`,
/// `T2 - 23/03`, `16/03/2026`), or `None` when it opens with something else.
/// A date-first title with two dates is a week's range, not a day.
fn day_marker(title: &str) -> Option<DayMark> {
    let t = title.trim_start_matches(non_alnum);
    // Where the first of `:`, ` - `, `–`, `—`, `|`, `(`, `[` starts: one pass
    // that stops there, not a search of the whole title for each.
    let cut = t
        .bytes()
        .enumerate()
        .position(|(i, b)| match b {
            b':' | b'|' | b'(' | b'[' => true,
            b' ' => t[i..].starts_with(" - "),
            0xe2 => t[i..].starts_with(['–', '—']),
            _ => false,
        })
        .unwrap_or(t.len());
    let first = t[..cut].trim();
    let rest = &t[cut..];
    let rest_words = rest.trim_start_matches(non_alnum);
    // The piece after the first: a weekday (`Day 1 - Monday`) or a day number (`Day 1 – 2`).
    let next_word = rest_words
        .split([',', ':', '(', ')', '|'])
        .next()
        .unwrap_or("")
        .trim_matches(non_alnum);
    // Each test is computed once and only when needed: most titles are not days.
    let next_named = || {
        !next_word.is_empty()
            && next_word.split_whitespace().count() <= 2
            && days::parse_day(next_word).token.named().is_some()
    };
    // One scan of `first` for both (a long title is not remembered).
    let (first_dated, first_no_dates) = dates::with_found(first, |found| {
        (
            found.iter().any(|f| f.strict),
            dates::strip_found(first, found),
        )
    });
    if first_dated && first_no_dates.trim_matches(non_alnum).is_empty() {
        if matches!(dates::scan_range(t), (dates::Scan::Date(_), Some(_))) {
            return None;
        }
        return Some(DayMark {
            day: if next_named() {
                next_word.to_string()
            } else {
                String::new()
            },
            date_text: Some(t.to_string()),
        });
    }
    // The day opens the title: `Mục tiêu tuần 12-13-14` names weeks, not day 13.
    // The lead is read first: unless it is a day itself, no title is one, and
    // a long title (not remembered) is not read twice when it is all lead.
    let lead = first
        .split(['-', '–', '—', ',', '/', '&', '+'])
        .next()
        .unwrap_or(first);
    let lead_token = days::parse_day(lead).token;
    if !matches!(lead_token, DayToken::Named(_) | DayToken::Digit(_)) {
        return None;
    }
    let token = if lead.len() == first.len() {
        lead_token
    } else {
        days::parse_day(first).token
    };
    if !matches!(token, DayToken::Named(_) | DayToken::Digit(_)) {
        return None;
    }
    if lead_token != token && lead_token.named().is_none() {
        return None;
    }
    let next_named = next_named();
    let next_number = token.digit().is_some()
        && next_word.len() <= 2
        && next_word.parse::<u8>().is_ok_and(|n| (1..=31).contains(&n));
    // The day as written: the first piece, with the next one when it is a day too.
    let day = if next_named || next_number {
        let end = rest
            .find(next_word)
            .map_or(cut, |i| cut + i + next_word.len());
        let mut d = dates::strip_dates(&t[..end]).trim().to_string();
        if d.contains('(') && !d.contains(')') {
            d.push(')');
        }
        d
    } else {
        first_no_dates.trim_matches(non_alnum).to_string()
    };
    // The date: only after the day, so `Day 1 - 23/03` is not a range `1-23/03`.
    let day_end = t[..cut].len();
    let date_text = if first_dated {
        Some(first.to_string())
    } else if has_strict_date(&t[day_end..]) {
        Some(t[day_end..].trim_start_matches(non_alnum).to_string())
    } else {
        None
    };
    Some(DayMark { day, date_text })
}

/// A heading or pseudo-heading (a paragraph that is only bold text) in the outline.
struct Head {
    block: usize,
    /// 1–6 for headings; 7 for bold-only paragraphs.
    level: u8,
    text: String,
    line: u32,
}

fn heads(doc: &Doc) -> Vec<Head> {
    doc.blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Heading(h) => doc.headings.get(*h).map(|h| Head {
                block: i,
                level: h.level,
                text: h.text.clone(),
                line: h.line,
            }),
            Block::Para {
                line,
                text,
                bold_only: true,
                ..
            } => Some(Head {
                block: i,
                level: 7,
                text: text.trim_end_matches(':').trim().to_string(),
                line: *line,
            }),
            _ => None,
        })
        .collect()
}

/// The block index where the section opened by `heads[k]` ends.
fn section_end(heads: &[Head], k: usize, total: usize) -> usize {
    heads[k + 1..]
        .iter()
        .find(|h| h.level <= heads[k].level)
        .map_or(total, |h| h.block)
}

/// The nearest enclosing heading of a block (a heading of lower level before it).
fn enclosing(heads: &[Head], block: usize, level: u8) -> Option<&Head> {
    heads
        .iter()
        .rev()
        .find(|h| h.block < block && h.level < level)
}

/// Detail lines of blocks `from..to` (items as bullets, prose line by line; tables skipped).
fn details(doc: &Doc, from: usize, to: usize, urls: &mut Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for b in &doc.blocks[from..to] {
        match b {
            Block::Item { text, urls: u, .. } | Block::Para { text, urls: u, .. } => {
                out.extend(text::clean_lines(text));
                for x in u {
                    if !urls.contains(x) {
                        urls.push(x.clone());
                    }
                }
            }
            Block::Heading(h) => {
                if let Some(h) = doc.headings.get(*h) {
                    out.push(h.text.clone());
                }
            }
            Block::Table(_) => {}
        }
    }
    out
}

fn task(doc: &Doc, line: u32, title: &str, from: usize, to: usize, urls: &[String]) -> ListTask {
    let mut all_urls = urls.to_vec();
    let details = details(doc, from, to, &mut all_urls);
    // A checklist box (`[x] Install Docker`) is no part of the title.
    let title = ["[x]", "[X]", "[ ]"]
        .iter()
        .find_map(|b| title.trim_start().strip_prefix(b))
        .unwrap_or(title);
    // Leading emoji and punctuation (`📅 Day 3`) are decoration, not the title.
    let title = text::squash_spaces(
        title
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim()
            .trim_end_matches(':')
            .trim(),
    );
    let mark = day_marker(&title).unwrap_or_default();
    ListTask {
        line,
        date_text: mark.date_text,
        title,
        details,
        urls: all_urls,
        day: mark.day,
    }
}

/// Tasks from day headings, bold day lines or day items (at least two of one
/// kind, or one that writes a date), outside plan and goal sections.
fn day_tasks(doc: &Doc, heads: &[Head]) -> Option<Vec<ListTask>> {
    let anchors = day_anchors(doc, heads)?;
    let mut out = Vec::new();
    for (k, &(i, _)) in anchors.iter().enumerate() {
        let next_anchor = anchors.get(k + 1).map_or(doc.blocks.len(), |a| a.0);
        out.extend(day_task(doc, heads, i, next_anchor));
    }
    (!out.is_empty()).then_some(out)
}

/// The blocks that open the page's days, as (block, writes a date): the largest
/// group of day headings (any level), of bold day lines or of day items.
fn day_anchors(doc: &Doc, heads: &[Head]) -> Option<Vec<(usize, bool)>> {
    // Candidates grouped by (kind, level): heading level, 7 = bold line, 10+depth = item.
    let mut groups: Vec<(u8, Vec<(usize, bool)>)> = Vec::new();
    // The headings before block `i` as the chain of nearest lower levels (a
    // monotonic stack): a block's nearest enclosing heading, of any level, is
    // on it, so each look is a few steps, not a scan of every heading before
    // (quadratic on a page of thousands of day headings).
    let mut chain: Vec<&Head> = Vec::new();
    let mut next_head = 0;
    for (i, b) in doc.blocks.iter().enumerate() {
        while let Some(h) = heads.get(next_head).filter(|h| h.block < i) {
            while chain.last().is_some_and(|c| c.level >= h.level) {
                chain.pop();
            }
            chain.push(h);
            next_head += 1;
        }
        let (level, title) = match b {
            Block::Heading(h) => match doc.headings.get(*h) {
                Some(h) => (h.level, h.text.as_str()),
                None => continue,
            },
            Block::Para {
                lead: Some(l),
                bold_only: true,
                ..
            } => (7, l.as_str()),
            Block::Item {
                depth: 1,
                lead,
                text,
                ..
            } => (11, lead.as_deref().unwrap_or(text.as_str())),
            _ => continue,
        };
        let Some(mark) = day_marker(title) else {
            continue;
        };
        let dated = mark.date_text.is_some();
        // Day headings are read anywhere but under a plan (`## Week 2 Objectives`
        // followed by `### Day 1` is a sibling written one level too deep); day
        // lines and items inside a goals or results list are that list's content.
        let enclosing = chain.iter().rev().find(|h| h.level < level.min(8));
        let skip = enclosing.is_some_and(|h| match kind(&h.text) {
            Kind::Plan => true,
            Kind::NotWork => level > 6,
            _ => false,
        });
        if skip {
            continue;
        }
        // Day headings of any level are one sequence (`## Day 1` then `### Day 2`
        // is one list written unevenly); bold lines and items are groups of their own.
        let kind = if level <= 6 { 0 } else { level };
        match groups.iter_mut().find(|g| g.0 == kind) {
            Some(g) => g.1.push((i, dated)),
            None => groups.push((kind, vec![(i, dated)])),
        }
    }
    let (_, anchors) = groups
        .into_iter()
        .filter(|(_, a)| a.len() >= 2 || a.iter().any(|x| x.1))
        .max_by_key(|(l, a)| (a.len(), std::cmp::Reverse(*l)))?;
    Some(anchors)
}

/// The task of the day opened at block `i`, which runs at most to `next_anchor`.
fn day_task(doc: &Doc, heads: &[Head], i: usize, next_anchor: usize) -> Option<ListTask> {
    match &doc.blocks[i] {
        Block::Heading(h) => {
            let hd = doc.headings.get(*h)?;
            // Heads are in block order.
            let hk = heads.binary_search_by_key(&i, |x| x.block).unwrap_or(0);
            let end = section_end(heads, hk, doc.blocks.len()).min(next_anchor);
            Some(task(doc, hd.line, &hd.text, i + 1, end, &[]))
        }
        Block::Para {
            line, lead, urls, ..
        } => {
            // A bold day line runs to the next day line or heading.
            let end = heads
                .iter()
                .find(|h| h.block > i)
                .map_or(doc.blocks.len(), |h| h.block)
                .min(next_anchor);
            Some(task(
                doc,
                *line,
                lead.as_deref().unwrap_or(""),
                i + 1,
                end,
                urls,
            ))
        }
        Block::Item {
            line,
            text,
            lead,
            urls,
            ..
        } => {
            // A day item holds its sub-items; `**Monday:** set up IAM` is the
            // task `set up IAM` on Monday.
            let end = item_end(doc, i, doc.blocks.len());
            let mut t = task(doc, *line, text, i + 1, end, urls);
            if let Some(l) = lead.as_deref() {
                let rest = text
                    .strip_prefix(l)
                    .unwrap_or("")
                    .trim_start_matches(|c: char| !c.is_alphanumeric());
                if !rest.is_empty() {
                    let mark = day_marker(l).unwrap_or_default();
                    t.title = rest.to_string();
                    t.day = mark.day;
                    t.date_text = mark.date_text;
                }
            }
            Some(t)
        }
        Block::Table(_) => None,
    }
}

/// Tasks from the first work section that holds any: one per sub-heading, else
/// one per bold group (a bold line and the list under it) and per top-level item,
/// else one per paragraph.
fn section_tasks(doc: &Doc, heads: &[Head]) -> Option<(Vec<ListTask>, usize)> {
    // A heading that names completed work wins over an earlier one that names
    // the week's work in general or as intended (`Tasks to be carried out` …
    // `Completed tasks`).
    let work: Vec<usize> = (0..heads.len())
        .filter(|&k| kind(&heads[k].text) == Kind::Work)
        .collect();
    let done = work
        .iter()
        .copied()
        .filter(|&k| names_done(&fold(&heads[k].text)));
    let rest = work
        .iter()
        .copied()
        .filter(|&k| !names_done(&fold(&heads[k].text)));
    for k in done.chain(rest) {
        let out = section_body(doc, heads, k);
        if !out.is_empty() {
            return Some((out, k));
        }
    }
    None
}

/// The tasks of the section under `heads[k]`: one per sub-heading, else one per
/// bold group and top-level item, else one per paragraph.
fn section_body(doc: &Doc, heads: &[Head], k: usize) -> Vec<ListTask> {
    let h = &heads[k];
    // The work section ends at its own end, or at a goal, result or plan
    // heading nested in it (`# Công việc` … `### Kết quả đạt được`) — unless
    // that heading stands between topic headings of its level: then it is a
    // topic whose words merely hold a result or note word (`### Managing
    // information with Secrets Manager` among other services' headings).
    let nested: Vec<&Head> = heads[k + 1..]
        .iter()
        .take_while(|x| x.level > h.level)
        .collect();
    let kinds: Vec<Kind> = nested.iter().map(|x| kind(&x.text)).collect();
    let topic_sibling = |i: usize, j: usize| {
        matches!(kinds[j], Kind::Other | Kind::Work)
            && nested[j].level == nested[i].level
            // No heading above their level between them.
            && nested[i.min(j)..=i.max(j)]
                .iter()
                .all(|x| x.level >= nested[i].level)
    };
    let amid_topics = |i: usize| {
        (0..i).any(|j| topic_sibling(i, j)) && (i + 1..nested.len()).any(|j| topic_sibling(i, j))
    };
    let end = (0..nested.len())
        .find(|&i| matches!(kinds[i], Kind::NotWork | Kind::Plan) && !amid_topics(i))
        .map_or(section_end(heads, k, doc.blocks.len()), |i| nested[i].block);
    let from = h.block + 1;
    // Sub-sections, each one task.
    let subs: Vec<usize> = (k + 1..heads.len())
        .take_while(|&j| heads[j].block < end)
        .filter(|&j| heads[j].level > h.level)
        .collect();
    let top = subs.iter().map(|&j| heads[j].level).min();
    let mut out = Vec::new();
    if let Some(top) = top {
        for &j in subs.iter().filter(|&&j| heads[j].level == top) {
            let e = section_end(heads, j, doc.blocks.len()).min(end);
            let urls = match &doc.blocks[heads[j].block] {
                Block::Para { urls, .. } => urls.clone(),
                _ => Vec::new(),
            };
            out.push(task(
                doc,
                heads[j].line,
                &heads[j].text,
                heads[j].block + 1,
                e,
                &urls,
            ));
        }
        // Items before the first sub-section are tasks too.
        let first_sub = subs.first().map_or(end, |&j| heads[j].block);
        let mut before = item_tasks(doc, from, first_sub);
        before.append(&mut out);
        out = before;
    } else {
        out = item_tasks(doc, from, end);
        if out.is_empty() {
            for b in &doc.blocks[from..end] {
                if let Block::Para {
                    line, text, urls, ..
                } = b
                {
                    let mut lines = text::clean_lines(text).into_iter();
                    let Some(title) = lines.next() else { continue };
                    let mut t = task(doc, *line, &title, from, from, urls);
                    t.details = lines.collect();
                    out.push(t);
                }
            }
        }
    }
    out
}

/// Where the top-level item at block `i` ends: after its sub-items (before `to`).
fn item_end(doc: &Doc, i: usize, to: usize) -> usize {
    doc.blocks[i + 1..to]
        .iter()
        .position(|b| !matches!(b, Block::Item { depth, .. } if *depth > 1))
        .map_or(to, |p| i + 1 + p)
}

/// One task per top-level item in `from..to`, its sub-items as details.
fn item_tasks(doc: &Doc, from: usize, to: usize) -> Vec<ListTask> {
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        if let Block::Item {
            line,
            depth: 1,
            text,
            urls,
            ..
        } = &doc.blocks[i]
        {
            let end = item_end(doc, i, to);
            out.push(task(doc, *line, text, i + 1, end, urls));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// The section number a heading opens with (`1.`, `2)`, `4.1`, `1.2.3`): how many
/// parts it has, or `None` when it opens with something else. A number must be
/// followed by a space (`2026 goals` and `5G` are not numbers of sections).
fn section_number(t: &str) -> Option<usize> {
    section_number_as(t, false)
}

/// [`section_number`], also taking a bare `3 Connecting to EC2` (no `.` or `)`)
/// when `bare`: on a page whose other headings are numbered `1.`, `2.`, … it is one.
fn section_number_as(t: &str, bare: bool) -> Option<usize> {
    let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
    let num_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ')'))
        .unwrap_or(t.len());
    let (num, rest) = t.split_at(num_end);
    let parts: Vec<&str> = num.trim_end_matches(['.', ')']).split('.').collect();
    let ok = !num.is_empty()
        && rest.starts_with(' ')
        && parts.iter().all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        // `12 hours` is not a section: one part needs `.` or `)`, unless the page's
        // other headings say so.
        && (parts.len() > 1 || num.ends_with(['.', ')']) || bare);
    ok.then_some(parts.len())
}

/// A heading that names the page or its week (`# Week 5 - Enrollment`, `#### Week 4 —
/// Storage layers`): the page's title, not a section of its work.
fn names_week(t: &str) -> bool {
    let f = fold(t);
    super::week_in(&f).is_some() && kind(t) == Kind::Other
}

/// A week written as a report: the sections of its work part. A section is a
/// candidate when its heading is not a goal, result or plan heading, does not
/// name the week, and it holds text; numbered headings, when the page numbers
/// them, are its sections (at the shallowest numbering depth with two or more);
/// else the candidates at the page's shallowest heading level. With no such
/// section, ticked checklist items (`- [x] …`) outside plans are the tasks.
fn narrative_tasks(doc: &Doc, heads: &[Head]) -> Option<(Vec<ListTask>, ListSource)> {
    let report = Report::new(doc, heads);
    let (chosen, how) = report.sections();
    // One section: its items or paragraphs are the tasks, as under a work heading.
    if let [k] = chosen[..] {
        let out = section_body(doc, heads, k);
        if let Some(first) = out.first() {
            let line = heads[k].line.min(first.line);
            return Some((out, ListSource::Narrative { how, line }));
        }
    }
    let out = report.section_tasks(&chosen, how);
    if let Some(first) = out.first() {
        let line = first.line;
        return Some((out, ListSource::Narrative { how, line }));
    }
    // Ticked checklist items anywhere outside a plan, goal or result section.
    let out = top_items(doc, heads, |text| {
        text.starts_with("[x]") || text.starts_with("[X]")
    });
    if let Some(first) = out.first() {
        let line = first.line;
        return Some((
            out,
            ListSource::Narrative {
                how: Narrative::Checklist,
                line,
            },
        ));
    }
    untitled_tasks(doc, heads)
}

/// A report-like page's outline, read by [`narrative_tasks`]: each heading's
/// kind (the rules look at them many times), and whether the page numbers its
/// sections `N.` (two or more such headings make a bare `N ` one of the same numbering).
struct Report<'d> {
    doc: &'d Doc,
    heads: &'d [Head],
    kinds: Vec<Kind>,
    dotted: bool,
}

impl<'d> Report<'d> {
    fn new(doc: &'d Doc, heads: &'d [Head]) -> Self {
        let kinds = heads.iter().map(|h| kind(&h.text)).collect();
        let dotted = heads
            .iter()
            .filter(|h| h.level <= 6 && section_number(&h.text) == Some(1))
            .count();
        Report {
            doc,
            heads,
            kinds,
            dotted: dotted >= 2,
        }
    }

    fn not_work(&self, k: usize) -> bool {
        matches!(self.kinds[k], Kind::NotWork | Kind::Plan)
    }

    fn number(&self, k: usize) -> Option<usize> {
        section_number_as(&self.heads[k].text, self.dotted)
    }

    /// Text, and not only a list of links (a section of references under a
    /// heading in other words: `Liên kết Workshop`, `Useful links`).
    fn holds_text(&self, from: usize, to: usize) -> bool {
        let text: Vec<&Block> = self.doc.blocks[from..to]
            .iter()
            .filter(|b| matches!(b, Block::Item { .. } | Block::Para { .. }))
            .collect();
        let link = |b: &&Block| matches!(b, Block::Item { text, urls, .. } if !urls.is_empty() && text.split_whitespace().count() <= 12);
        !text.is_empty() && !text.iter().all(link)
    }

    /// A section's extent: to the next heading of its level or above, or to a goal,
    /// result or plan heading inside it.
    fn extent(&self, k: usize) -> (usize, usize) {
        let heads = self.heads;
        let end = section_end(heads, k, self.doc.blocks.len());
        let cut = (k + 1..heads.len())
            .take_while(|&j| heads[j].block < end)
            .find(|&j| heads[j].level <= 6 && self.not_work(j))
            .map_or(end, |j| heads[j].block);
        (heads[k].block + 1, cut)
    }

    /// The work sections and how they were found: the candidates at the
    /// shallowest numbering depth with two or more, else at the page's
    /// shallowest heading level.
    fn sections(&self) -> (Vec<usize>, Narrative) {
        let heads = self.heads;
        // A heading under a goal, result or plan heading is that section's content:
        // one pass with the stack of enclosing headings.
        let mut under = vec![false; heads.len()];
        let mut stack: Vec<(u8, bool)> = Vec::new();
        for (k, h) in heads.iter().enumerate().filter(|(_, h)| h.level <= 6) {
            while stack.last().is_some_and(|s| s.0 >= h.level) {
                stack.pop();
            }
            under[k] = stack.iter().any(|s| s.1);
            stack.push((h.level, self.not_work(k)));
        }
        let excluded = |k: usize| under[k] || self.not_work(k) || names_week(&heads[k].text);
        let candidates: Vec<usize> = (0..heads.len())
            .filter(|&k| heads[k].level <= 6 && !excluded(k))
            .filter(|&k| {
                let (from, to) = self.extent(k);
                self.holds_text(from, to)
            })
            .collect();
        let numbered: Vec<(usize, usize)> = candidates
            .iter()
            .filter_map(|&k| Some((k, self.number(k)?)))
            .collect();
        // The numbering depth with two or more sections, shallowest first.
        if let Some(depth) = (1..=4).find(|d| numbered.iter().filter(|n| n.1 == *d).count() >= 2) {
            let chosen = numbered
                .iter()
                .filter(|n| n.1 == depth)
                .map(|n| n.0)
                .collect();
            return (chosen, Narrative::Numbered);
        }
        let chosen = match candidates.iter().map(|&k| heads[k].level).min() {
            Some(top) => candidates
                .iter()
                .copied()
                .filter(|&k| heads[k].level == top)
                .collect(),
            None => Vec::new(),
        };
        (chosen, Narrative::Topics)
    }

    /// One task per chosen section, each running to the next one at most.
    fn section_tasks(&self, chosen: &[usize], how: Narrative) -> Vec<ListTask> {
        let heads = self.heads;
        let mut out = Vec::new();
        for (i, &k) in chosen.iter().enumerate() {
            let (from, mut to) = self.extent(k);
            if how == Narrative::Numbered {
                to = self.numbered_end(k);
            }
            if let Some(&next) = chosen.get(i + 1) {
                to = to.min(heads[next].block);
            }
            out.push(task(self.doc, heads[k].line, &heads[k].text, from, to, &[]));
        }
        out
    }

    /// Numbers nest where levels may not (`## 4.` then `## 4.1`): a numbered
    /// section runs to the next number as shallow as its own, a heading above
    /// it, or a goal, result or plan heading of its level.
    fn numbered_end(&self, k: usize) -> usize {
        let heads = self.heads;
        let depth = self.number(k).unwrap_or(1);
        let level = heads[k].level;
        (k + 1..heads.len())
            .filter(|&j| heads[j].level <= 6)
            .find(|&j| {
                let x = &heads[j];
                x.level < level
                    || self.number(j).is_some_and(|d| d <= depth)
                    || (x.level == level && self.number(j).is_none())
                    || (x.level <= level && self.not_work(j))
            })
            .map_or(self.doc.blocks.len(), |j| heads[j].block)
    }
}

/// Block `i` lies in a goal, result or plan section (not the week's work).
fn in_goal_or_plan(heads: &[Head], i: usize) -> bool {
    enclosing(heads, i, 8).is_some_and(|h| matches!(kind(&h.text), Kind::NotWork | Kind::Plan))
}

/// The page's top-level items outside goal, result and plan sections whose
/// text `keep` accepts, each a task with its nested items as details.
fn top_items(doc: &Doc, heads: &[Head], keep: impl Fn(&str) -> bool) -> Vec<ListTask> {
    let total = doc.blocks.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < total {
        if let Block::Item {
            line,
            depth: 1,
            text,
            urls,
            ..
        } = &doc.blocks[i]
        {
            let end = item_end(doc, i, total);
            if keep(text) && !in_goal_or_plan(heads, i) {
                out.push(task(doc, *line, text, i + 1, end, urls));
            }
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// A page with no section headings (none but one naming the week): its
/// top-level items, else its paragraphs, outside goal, result and plan lines.
/// Labelled facts (`**Status:** Completed`, `**Dates:** …`) are not work, and a
/// page of a dozen words or fewer (`Not applicable to the current internship
/// period.`) writes none.
fn untitled_tasks(doc: &Doc, heads: &[Head]) -> Option<(Vec<ListTask>, ListSource)> {
    if heads.iter().any(|h| h.level <= 6 && !names_week(&h.text)) {
        return None;
    }
    let outside = |i: usize| !in_goal_or_plan(heads, i);
    let mut out = top_items(doc, heads, |_| true);
    if out.is_empty() {
        for (i, b) in doc.blocks.iter().enumerate() {
            let Block::Para {
                line,
                text,
                lead,
                bold_only: false,
                urls,
            } = b
            else {
                continue;
            };
            let words = text.split_whitespace().count();
            let labelled =
                lead.as_deref().is_some_and(|l| l.trim_end().ends_with(':')) && words <= 12;
            if labelled || !outside(i) {
                continue;
            }
            let mut lines = text::clean_lines(text).into_iter();
            let Some(title) = lines.next() else { continue };
            let mut t = task(doc, *line, &title, i, i, urls);
            t.details = lines.collect();
            out.push(t);
        }
        let words: usize = out
            .iter()
            .map(|t| {
                t.title.split_whitespace().count()
                    + t.details
                        .iter()
                        .map(|d| d.split_whitespace().count())
                        .sum::<usize>()
            })
            .sum();
        if words <= 12 {
            return None;
        }
    }
    let line = out.first()?.line;
    Some((
        out,
        ListSource::Narrative {
            how: Narrative::Untitled,
            line,
        },
    ))
}

/// The tasks of a page without a tasks table, or `None` when it writes none.
pub fn read(doc: &Doc) -> Option<ListLayout> {
    let heads = heads(doc);
    if let Some(tasks) = day_tasks(doc, &heads) {
        let first_line = tasks.first().map_or(1, |t| t.line);
        return Some(ListLayout {
            tasks,
            source: ListSource::Days { first_line },
        });
    }
    let Some((tasks, k)) = section_tasks(doc, &heads) else {
        let (tasks, source) = narrative_tasks(doc, &heads)?;
        return Some(ListLayout { tasks, source });
    };
    // A heading that only uses a work word (`4.6 Deploying Lambda`, `Viewing
    // execution logs`) inside a report of numbered sections is one of them: the
    // report's sections are the week's work, not that heading's items.
    let h = fold(&heads[k].text);
    if !names_tasks(&h) && !names_done(&h) {
        if let Some((tasks, source)) = narrative_tasks(doc, &heads).filter(|n| {
            matches!(
                n.1,
                ListSource::Narrative {
                    how: Narrative::Numbered,
                    ..
                }
            )
        }) {
            return Some(ListLayout { tasks, source });
        }
    }
    Some(ListLayout {
        tasks,
        source: ListSource::Section {
            heading: heads[k].text.clone(),
            line: heads[k].line,
        },
    })
}

/// The first paragraph or item that writes two full dates (`This log covers my
/// internship from May 11, 2026 to August 11, 2026.`): on a section page, the
/// span its weeks fall in. Whether it is one (long enough, agreeing with the
/// site's other dates) is the site resolver's decision.
pub fn stated_span(doc: &Doc) -> Option<(u32, String)> {
    doc.blocks.iter().find_map(|b| {
        let (Block::Para { line, text, .. } | Block::Item { line, text, .. }) = b else {
            return None;
        };
        text.lines().find_map(|l| {
            let (dates::Scan::Date(a), Some(b)) = dates::scan_range(l) else {
                return None;
            };
            (a.year().is_some() && b.year().is_some()).then(|| (*line, l.trim().to_string()))
        })
    })
}

/// A week's range in a page title (`Week 5 (16-22 June 2026) - Tardis`).
pub fn title_range(title: &str) -> Option<String> {
    matches!(dates::scan_range(title), (dates::Scan::Date(_), Some(_))).then(|| title.to_string())
}

/// The week's range as the page writes it: a heading with two dates
/// (`## Week 2 (16/03/2026 - 20/03/2026)`), else a two-column summary table cell
/// (`Time | May 4, 2026 - May 10, 2026`). Returns the line and the text.
pub fn week_range(doc: &Doc) -> Option<(u32, String)> {
    // A slipped date (`12//03/2026 – 18/03/2026`) is read as meant (and flagged where the range is read).
    let is_range = |t: &str| {
        let meant = match dates::mend(t) {
            Some(dates::Mend::Meant(m)) => std::borrow::Cow::Owned(m),
            _ => std::borrow::Cow::Borrowed(t),
        };
        matches!(dates::scan_range(&meant), (dates::Scan::Date(_), Some(_)))
    };
    if let Some(h) = doc.headings.iter().find(|h| is_range(&h.text)) {
        return Some((h.line, h.text.clone()));
    }
    let table = doc
        .tables
        .iter()
        .filter(|t| t.header.len() == 2)
        .flat_map(|t| t.rows.iter())
        .find_map(|r| {
            let v = r.cells.get(1)?;
            (v.text.chars().count() <= 60 && is_range(&v.text)).then(|| (r.line, v.text.clone()))
        });
    if table.is_some() {
        return table;
    }
    // A bold line (`**Week 2 (23/03/2026 - 27/03/2026)**`) or a labelled line
    // (`**Thời gian:** 16/03/2026 – 20/03/2026`, `📅 Time: Mar 16 – Mar 20, 2026`).
    doc.blocks.iter().find_map(|b| {
        let Block::Para {
            line,
            text,
            bold_only,
            lead,
            ..
        } = b
        else {
            return None;
        };
        let first = text.lines().next().unwrap_or("");
        // Folding the label costs ~20 times the range scan, so it is read last:
        // only for a short first line that holds a range.
        let labelled = || {
            let label = first
                .split(':')
                .next()
                .unwrap_or("")
                .trim_matches(non_alnum)
                .to_lowercase();
            // `Work period`, `Learning period`, `Thời gian thực hiện`: a time word ends
            // or opens the label.
            let words: Vec<&str> = label.split_whitespace().collect();
            let time_words = |w: &[&str]| super::columns::is_time_label(&w.join(" "));
            let n = words.len();
            let timed = super::columns::is_time_label(&label)
                || (n > 1
                    && n <= 4
                    && (time_words(&words[n - 1..])
                        || time_words(&words[..1])
                        || time_words(&words[..2.min(n)])));
            timed || has(&fold(&label), words::WEEK)
        };
        // `**16 June 2026 - 22 June 2026** — Tardis, a hackathon project`: a bold lead that is a range.
        let lead_range = lead
            .as_deref()
            .filter(|l| l.chars().count() <= 80 && is_range(l))
            .map(str::to_string);
        if let Some(l) = lead_range {
            return Some((*line, l));
        }
        // Only a line with a `:` has a label: the others (most) are not read for one.
        ((*bold_only || first.contains(':'))
            && first.chars().count() <= 80
            && is_range(first)
            && (*bold_only || labelled()))
        .then(|| (*line, first.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::markdown;

    fn read_md(md: &str) -> Option<ListLayout> {
        read(&markdown::parse(md, 1))
    }

    #[test]
    fn day_markers() {
        let m = |t: &str| day_marker(t).map(|m| (m.day, m.date_text));
        let some = |d: &str, dt: Option<&str>| Some((d.to_string(), dt.map(str::to_string)));
        assert_eq!(m("Day 2: AWS Account Setup"), some("Day 2", None));
        assert_eq!(
            m("Day 1 - Monday, May 4, 2026"),
            some("Day 1 - Monday", Some("Monday, May 4, 2026"))
        );
        assert_eq!(
            m("Ngày 1 - Thứ hai, 04/05/2026"),
            some("Ngày 1 - Thứ hai", Some("Thứ hai, 04/05/2026"))
        );
        assert_eq!(m("Thứ 3 (17/03)"), some("Thứ 3", Some("17/03)")));
        assert_eq!(m("📅 16/03/2026"), some("", Some("16/03/2026")));
        assert_eq!(
            m("05/11 (Monday): AWS Lambda"),
            some("Monday", Some("05/11 (Monday): AWS Lambda"))
        );
        // A day number before a date is not a day range (`1 - 23/03` is not 1–23 March).
        assert_eq!(m("T2 - 23/03"), some("T2", Some("23/03")));
        assert_eq!(m("Day 1 - 23/03/2026"), some("Day 1", Some("23/03/2026")));
        assert_eq!(m("Mon 03/23: S3 buckets"), some("Mon", Some("Mon 03/23")));
        assert_eq!(m("Day 1 (Monday)"), some("Day 1 (Monday)", None));
        assert_eq!(m("Day 1 – 2: IAM"), some("Day 1 – 2", None));
        assert_eq!(
            m("Wednesday, June 4, 2025"),
            some("Wednesday", Some("Wednesday, June 4, 2025"))
        );
        assert_eq!(m("Thursday - Friday"), some("Thursday - Friday", None));
        // A date-first range is the week's, not a day.
        assert_eq!(m("📅 Mar 16 – Mar 20, 2026"), None);
        assert_eq!(m("Week 2 (16/03/2026 - 20/03/2026)"), None);
        assert_eq!(m("Daily Work Log"), None);
        assert_eq!(m("2. Detailed work log"), None);
        assert_eq!(m("Overview"), None);
        assert_eq!(m("Mục tiêu tuần 12-13-14"), None);
        assert_eq!(m("Week 12-13-14 Objectives"), None);
        // A day whose title names a plan is still a day (`AWS Support Plan`).
        assert_eq!(
            m("Day 4: AWS Support Plan & Documentation"),
            some("Day 4", None)
        );
    }

    #[test]
    fn kinds() {
        assert_eq!(kind("Tasks Completed"), Kind::Work);
        assert_eq!(kind("Công việc đã làm"), Kind::Work);
        assert_eq!(kind("Cong viec da lam"), Kind::Work);
        assert_eq!(kind("Ke hoach tuan sau"), Kind::Plan);
        assert_eq!(kind("Muc tieu tuan 4"), Kind::NotWork);
        assert_eq!(kind("Content implemented during the week"), Kind::Work);
        assert_eq!(kind("Tasks for next week"), Kind::Plan);
        assert_eq!(kind("Week 2 Objectives"), Kind::NotWork);
        assert_eq!(kind("Kết quả đạt được"), Kind::NotWork);
        assert_eq!(kind("Week 3 Worklog"), Kind::Other);
        assert_eq!(kind("2. Detailed work log"), Kind::Work);
        assert_eq!(kind("What I did this week"), Kind::Work);
        // Done work beats a goal word; intent is not done; a workshop is not work.
        assert_eq!(kind("Objectives and completed work"), Kind::Work);
        assert_eq!(kind("Công việc đã thực hiện"), Kind::Work);
        assert!(!names_done(&fold("Tasks to be carried out this week")));
        assert!(names_done(&fold("Work carried out")));
        assert!(!names_done(&fold("Công việc chưa hoàn thành")));
        assert!(!names_done(&fold("Unfinished tasks")));
        assert_eq!(kind("Kết quả đã hoàn thành"), Kind::NotWork);
        assert_eq!(kind("Liên kết Workshop"), Kind::Other);
        assert_eq!(kind("1. Networking"), Kind::Other);
        assert_eq!(kind("Cloud Technology"), Kind::Other);
        assert_eq!(kind("Daily work log"), Kind::Work);
        assert_eq!(kind("7. Solutions"), Kind::NotWork);
        assert_eq!(kind("9. Đánh giá của bản thân"), Kind::NotWork);
        assert_eq!(kind("Giới hạn hiện tại"), Kind::NotWork);
    }

    #[test]
    fn section_numbers() {
        assert_eq!(section_number("1. Internship overview"), Some(1));
        assert_eq!(section_number("4.1 Creating an IAM user"), Some(2));
        assert_eq!(section_number("2) Setup"), Some(1));
        assert_eq!(section_number("1.2.3. Deep"), Some(3));
        assert_eq!(section_number("2026 goals"), None);
        assert_eq!(section_number("12 hours of labs"), None);
        assert_eq!(section_number("5G networks"), None);
        assert_eq!(section_number("Overview"), None);
        assert_eq!(section_number("3 Connecting to EC2"), None);
        assert_eq!(section_number_as("3 Connecting to EC2", true), Some(1));
    }

    #[test]
    fn a_report_gives_its_numbered_sections_nested_by_number() {
        // `## 4.` holds `## 4.1` at the same level; goals and reflections are out.
        let md = "## Objectives\n- IAM\n\n## 1. Cloud basics\nRead about regions.\n\n## 2. IAM\nIntro.\n\n## 2.1 Users\nCreated a user.\n\n## 2.2 Key Takeaways\nLeast privilege.\n\n## 3. Challenges Encountered\nMFA.\n\n## 4. Knowledge Gained\n- Policies\n";
        let l = read_md(md).expect("report");
        assert!(matches!(
            l.source,
            ListSource::Narrative {
                how: Narrative::Numbered,
                line: 4
            }
        ));
        let t: Vec<(&str, Vec<&str>)> = l
            .tasks
            .iter()
            .map(|t| {
                (
                    t.title.as_str(),
                    t.details.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            t,
            [
                ("1. Cloud basics", vec!["Read about regions."]),
                ("2. IAM", vec!["Intro.", "2.1 Users", "Created a user."]),
            ]
        );
    }

    #[test]
    fn topic_sections_skip_link_lists_and_week_titles() {
        let md = "# Week 3 - Storage\n\n## Buckets\n- Created two buckets\n\n## Links\n- [Lab 57](https://000057.awsstudygroup.com/)\n\n## Lessons learned\n- Versioning\n";
        let l = read_md(md).expect("report");
        let t: Vec<&str> = l.tasks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(t, ["Created two buckets"]);
        // No work written: nothing.
        assert_eq!(
            read_md("#### Week 10\n\nNot applicable to the current internship period.\n"),
            None
        );
    }

    #[test]
    fn day_headings_give_one_task_each_with_bullets_as_details() {
        let md = "## Overview\nIntro.\n\n## Tasks\n\n### Day 2: VPC Basics\n- Create a VPC\n- Subnets [doc](https://000003.awsstudygroup.com/)\n\n### Day 3: EC2\n- Launch t2.micro\n  - SSH in\n\n## Achievements\n- Built a VPC\n";
        let l = read_md(md).expect("list layout");
        assert!(matches!(l.source, ListSource::Days { first_line: 6 }));
        assert_eq!(l.tasks.len(), 2);
        assert_eq!(l.tasks[0].title, "Day 2: VPC Basics");
        assert_eq!(l.tasks[0].day, "Day 2");
        assert_eq!(l.tasks[0].details, ["Create a VPC", "Subnets doc"]);
        assert_eq!(l.tasks[0].urls, ["https://000003.awsstudygroup.com/"]);
        assert_eq!(l.tasks[1].details, ["Launch t2.micro", "SSH in"]);
        assert_eq!(l.tasks[1].line, 10);
        assert_eq!(l.tasks[0].date_text, None);
    }

    #[test]
    fn numbered_bold_list_under_the_work_heading() {
        let md = "## Week 2 (16/03/2026 - 20/03/2026)\n\n### Objectives\n- Learn IAM\n\n### Tasks Completed\n\n1. **Set up the AWS account**\n   - Enabled MFA\n   - Created an IAM user\n2. **Learned VPC**\n   - Lab 3\n\n### Next week\n- Monday: EC2\n- Tuesday: S3\n";
        let doc = markdown::parse(md, 1);
        let l = read(&doc).expect("list layout");
        assert_eq!(
            l.source,
            ListSource::Section {
                heading: "Tasks Completed".into(),
                line: 6
            }
        );
        let titles: Vec<&str> = l.tasks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Set up the AWS account", "Learned VPC"]);
        assert_eq!(l.tasks[0].details, ["Enabled MFA", "Created an IAM user"]);
        assert_eq!(week_range(&doc).map(|r| r.0), Some(1));
    }

    #[test]
    fn bold_groups_and_summary_table_range() {
        let md = "| Content | Details |\n|---|---|\n| Time | May 4, 2026 - May 10, 2026 |\n\n### Công việc trong tuần\n\n**Mạng:**\n- VPC\n- Subnet\n\n**Máy chủ:**\n- EC2\n";
        let doc = markdown::parse(md, 1);
        let l = read(&doc).expect("list layout");
        let titles: Vec<&str> = l.tasks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Mạng", "Máy chủ"]);
        assert_eq!(l.tasks[0].details, ["VPC", "Subnet"]);
        assert_eq!(
            week_range(&doc),
            Some((3, "May 4, 2026 - May 10, 2026".into()))
        );
    }

    #[test]
    fn day_headings_under_an_objectives_heading_one_level_up_are_read() {
        let md = "## Week 2 Objectives\n- Learn VPC\n\n### 📅 Day 1 – Monday\n- Lab 000003: a VPC\n\n### 📅 Day 2 – Tuesday\n- EC2\n\n## Plan for next week\n### Monday\n- Lambda\n### Tuesday\n- S3\n";
        let l = read_md(md).expect("list layout");
        let t: Vec<(&str, &str)> = l
            .tasks
            .iter()
            .map(|t| (t.title.as_str(), t.day.as_str()))
            .collect();
        assert_eq!(
            t,
            [
                ("Day 1 – Monday", "Day 1 – Monday"),
                ("Day 2 – Tuesday", "Day 2 – Tuesday")
            ]
        );
    }

    #[test]
    fn day_items_drop_the_day_from_the_title() {
        let md = "### This week\n- **Monday:** set up IAM users\n- **Thursday - Friday (19/03/2026):** Amazon S3\n  - versioning\n";
        let l = read_md(md).expect("list layout");
        let t: Vec<(&str, &str, bool)> = l
            .tasks
            .iter()
            .map(|t| (t.title.as_str(), t.day.as_str(), t.date_text.is_some()))
            .collect();
        assert_eq!(
            t,
            [
                ("set up IAM users", "Monday", false),
                ("Amazon S3", "Thursday - Friday", true)
            ]
        );
        assert_eq!(l.tasks[1].details, ["versioning"]);
    }

    #[test]
    fn week_ranges_in_labelled_and_bold_lines() {
        for (md, want) in [
            (
                "**Thời gian:** 16/03/2026 – 20/03/2026\n\n### Tasks\n- a\n",
                "Thời gian: 16/03/2026 – 20/03/2026",
            ),
            (
                "📅 Time: Mar 16 – Mar 20, 2026\n\n### Tasks\n- a\n",
                "📅 Time: Mar 16 – Mar 20, 2026",
            ),
            (
                "**Week 2 (23/03/2026 - 27/03/2026)**\n\n### Tasks\n- a\n",
                "Week 2 (23/03/2026 - 27/03/2026)",
            ),
        ] {
            let doc = markdown::parse(md, 1);
            assert_eq!(week_range(&doc), Some((1, want.to_string())), "{md}");
        }
        // A sentence that mentions two dates is not the week's range.
        let doc = markdown::parse("I moved the demo from 16/03/2026 to 20/03/2026.\n", 1);
        assert_eq!(week_range(&doc), None);
    }

    #[test]
    fn details_summary_is_a_heading_and_mixed_levels_are_one_sequence() {
        let md = "<details>\n<summary>Day 1 - Monday: Amazon ECS</summary>\n\n- Ran a container on Fargate\n\n</details>\n\n<details>\n<summary>Day 2 - Tuesday: Amazon EKS</summary>\n\n- A cluster\n\n</details>\n";
        let l = read_md(md).expect("list layout");
        let t: Vec<(&str, &str)> = l
            .tasks
            .iter()
            .map(|t| (t.title.as_str(), t.day.as_str()))
            .collect();
        assert_eq!(
            t,
            [
                ("Day 1 - Monday: Amazon ECS", "Day 1 - Monday"),
                ("Day 2 - Tuesday: Amazon EKS", "Day 2 - Tuesday")
            ]
        );
        assert_eq!(l.tasks[0].details, ["Ran a container on Fargate"]);
        let md = "## Day 1: IAM\n- a\n### Day 2: Organizations\n- b\n### Day 3: SCP\n- c\n## Day 4: Review\n- d\n";
        let l = read_md(md).expect("list layout");
        let t: Vec<&str> = l.tasks.iter().map(|t| t.details[0].as_str()).collect();
        assert_eq!(t, ["a", "b", "c", "d"]);
    }

    #[test]
    fn a_results_heading_nested_under_the_work_heading_ends_it() {
        let md = "### Muc tieu tuan 4\n* Database\n\n# Cong viec da lam\n\n1. **Hoc ve Amazon RDS**\n   - Tao DB instance\n2. **Thuc hanh Lab 05**\n\n### Ket qua dat duoc\n* Hieu RDS\n";
        let l = read_md(md).expect("list layout");
        let t: Vec<&str> = l.tasks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(t, ["Hoc ve Amazon RDS", "Thuc hanh Lab 05"]);
    }

    #[test]
    fn goals_and_results_only_is_not_a_list_page() {
        let md = "### Week 12 Objectives:\n* Final project\n\n### Week 12 Achievements:\n* Completed the final project\n";
        assert_eq!(read_md(md), None);
        let md = "### Plan for next week\n- Monday: EC2\n- Tuesday: S3\n";
        assert_eq!(read_md(md), None);
    }
}
