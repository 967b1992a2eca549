//! Weekly pages written without a tasks table: tasks from day headings or from
//! the items of the work section, and the week's range from a heading or a
//! summary table. Pure: the page's outline in, tasks out.

use super::markdown::{Block, Doc};
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

/// `h` (already folded) holds one of `words` (folded here).
fn has(h: &str, words: &[&str]) -> bool {
    words.iter().any(|w| h.contains(&fold(w)))
}

/// Classify a heading by its words (English and Vietnamese). A plan or goal
/// never holds the week's tasks; an explicit task word beats a result word
/// (`Kết quả công việc`), a generic work word does not (`Work results`).
fn kind(heading: &str) -> Kind {
    let h = fold(heading);
    // `Week 3 Worklog` names the page, not a section of it.
    let h = if has(&h, &["week", "tuần"]) {
        h.replace("worklog", " ")
            .replace("work log", " ")
            .replace("work-log", " ")
    } else {
        h
    };
    if has(
        &h,
        &[
            "next week",
            "tuần sau",
            "tuần tới",
            "plan",
            "kế hoạch",
            "upcoming",
            "dự kiến",
        ],
    ) {
        return Kind::Plan;
    }
    if has(&h, &["objective", "goal", "mục tiêu", "target"]) {
        return Kind::NotWork;
    }
    let explicit = has(
        &h,
        &[
            "task",
            "công việc",
            "nhiệm vụ",
            "activit",
            "hoạt động",
            "việc đã làm",
        ],
    );
    if explicit {
        return Kind::Work;
    }
    if has(
        &h,
        &[
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
            "summary",
            "tổng kết",
            "tóm tắt",
            "reflection",
            "overview",
            "tổng quan",
            "conclusion",
            "comment",
            "nhận xét",
            "information",
            "thông tin",
        ],
    ) {
        return Kind::NotWork;
    }
    if has(
        &h,
        &[
            "work",
            "implemented",
            "thực hiện",
            "carried out",
            "triển khai",
            "daily",
            "log",
            "nhật ký",
            "done",
            "đã làm",
            "accomplish",
            "i did",
            "progress",
            "tiến độ",
            "content",
            "nội dung",
        ],
    ) {
        return Kind::Work;
    }
    Kind::Other
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
    let mut out = Vec::new();
    for (k, &(i, _)) in anchors.iter().enumerate() {
        let next_anchor = anchors.get(k + 1).map_or(doc.blocks.len(), |a| a.0);
        match &doc.blocks[i] {
            Block::Heading(h) => {
                let Some(hd) = doc.headings.get(*h) else {
                    continue;
                };
                // Heads are in block order.
                let hk = heads.binary_search_by_key(&i, |x| x.block).unwrap_or(0);
                let end = section_end(heads, hk, doc.blocks.len()).min(next_anchor);
                out.push(task(doc, hd.line, &hd.text, i + 1, end, &[]));
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
                out.push(task(
                    doc,
                    *line,
                    lead.as_deref().unwrap_or(""),
                    i + 1,
                    end,
                    urls,
                ));
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
                out.push(t);
            }
            Block::Table(_) => {}
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Tasks from the first work section that holds any: one per sub-heading, else
/// one per bold group (a bold line and the list under it) and per top-level item,
/// else one per paragraph.
fn section_tasks(doc: &Doc, heads: &[Head]) -> Option<(Vec<ListTask>, usize)> {
    for (k, h) in heads.iter().enumerate() {
        if kind(&h.text) != Kind::Work {
            continue;
        }
        // The work section ends at its own end, or at a goal, result or plan
        // heading nested in it (`# Công việc` … `### Kết quả đạt được`).
        let end = heads[k + 1..]
            .iter()
            .take_while(|x| x.level > h.level)
            .find(|x| matches!(kind(&x.text), Kind::NotWork | Kind::Plan))
            .map_or(section_end(heads, k, doc.blocks.len()), |x| x.block);
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
        if !out.is_empty() {
            return Some((out, k));
        }
    }
    None
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
    let (tasks, k) = section_tasks(doc, &heads)?;
    Some(ListLayout {
        tasks,
        source: ListSource::Section {
            heading: heads[k].text.clone(),
            line: heads[k].line,
        },
    })
}

/// The week's range as the page writes it: a heading with two dates
/// (`## Week 2 (16/03/2026 - 20/03/2026)`), else a two-column summary table cell
/// (`Time | May 4, 2026 - May 10, 2026`). Returns the line and the text.
pub fn week_range(doc: &Doc) -> Option<(u32, String)> {
    let is_range = |t: &str| matches!(dates::scan_range(t), (dates::Scan::Date(_), Some(_)));
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
            ..
        } = b
        else {
            return None;
        };
        let first = text.lines().next().unwrap_or("");
        let label = first
            .split(':')
            .next()
            .unwrap_or("")
            .trim_matches(non_alnum)
            .to_lowercase();
        let labelled = first.contains(':')
            && (super::columns::is_time_label(&label) || has(&fold(&label), &["week", "tuần"]));
        ((*bold_only || labelled) && first.chars().count() <= 80 && is_range(first))
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
