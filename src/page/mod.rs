//! One page → owned structs ([`ParsedPage`]) and its diagnostics. Nothing here
//! knows about Arrow, other pages or the file system.

pub mod columns;
pub mod day_pages;
pub mod front_matter;
pub mod lists;
pub mod markdown;
pub mod overview;
pub mod tasks;
mod words;

use std::sync::LazyLock;

use regex::Regex;

use crate::diag::{Code, Sink};
pub use day_pages::DayPage;
pub use front_matter::FrontMatter;
pub use tasks::RawRow;

/// Pages larger than this are not read by default (`--max-page-size`): the
/// largest real page seen is 24 KB, and a 10 MB cell still fits.
pub const DEFAULT_MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

// Defined with the rows that store them; the page sets them.
pub use crate::model::{Lang, Layout};

/// Everything read from one page, before page-level normalisation.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    /// Path relative to the input root, `/`-separated.
    pub source_path: String,
    pub front: FrontMatter,
    pub title: String,
    pub lang: Lang,
    /// The week and where it came from; `None` when no source names one.
    pub week: Option<u32>,
    pub objectives: Vec<String>,
    pub achievements: Vec<String>,
    /// Data rows of every tasks table on the page.
    pub rows: Vec<RawRow>,
    pub has_tasks_table: bool,
    pub layout: Layout,
    /// Where a list page's tasks were read from.
    pub list_source: Option<lists::ListSource>,
    /// A list page's week range as written (line, text), from a heading or summary table.
    pub week_range: Option<(u32, String)>,
    /// A worklog section page's (no week) first sentence with two dates
    /// (`from May 11, 2026 to August 11, 2026`): maybe the internship's span,
    /// which the site's resolver weighs as the calendar's start.
    pub span: Option<(u32, String)>,
    /// The file name carries no language (`_index.md`): the site's default language.
    pub default_lang_file: bool,
    /// Data rows of every table on the page, tasks tables or not.
    pub table_rows: u32,
    /// Rows of tasks tables skipped as empty.
    pub empty_rows: u32,
    /// Rows of tables that are not tasks tables (`other_table`).
    pub other_table_rows: u32,
    /// Rows of overview tables (`overview_row`): the site's calendar, not tasks.
    pub overview_rows: u32,
    /// Rows of data tables (`data_table`): results and comparisons, not tasks.
    pub data_table_rows: u32,
    /// The weeks an overview table on this page lists, with their ranges as written.
    pub calendar: Vec<overview::CalendarWeek>,
    /// Heading texts with their lines (a heading may carry the week's range).
    pub headings: Vec<(u32, String)>,
    /// The page sits in a worklog folder or has a week in its title.
    pub looks_like_worklog: bool,
    /// The page holds one day of a week split into day pages.
    pub day_page: Option<DayPage>,
    /// A week page: how many day pages its folder holds in its language (set by the site).
    pub day_pages: u32,
}

static WEEK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)week|(?-u:\b)tuần|(?-u:\b)tuan)\s*[-_#:.]?\s*0*(\d{1,3})(?-u:\b)")
        .expect("static regex")
});
pub(super) static HUGO_DIR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d+\.0*(\d{1,3})(?:[-_. ]|$)").expect("static regex"));

/// A folder that holds worklog pages (`1-Worklog`, `work-log`, `nhat-ky`, `Nhật ký`).
pub fn is_worklog_folder(name: &str) -> bool {
    let n = name.to_lowercase();
    ["worklog", "work-log", "nhat-ky", "nhật ký"]
        .iter()
        .any(|w| n.contains(w))
}

/// Pages of a section whose week folders are numbered the Hugo way but name
/// no week (`1-Introduce/1.3-Cloud-basics/_index.md`): when at least two
/// other folders of the section number their weeks that way (`1.1-Week1`,
/// `1.2-…` titled `Week 2`), the section is a worklog and the number is the
/// week, whatever the section is called. Returns (page index, message) for
/// each page given a week.
pub fn section_weeks(pages: &mut [Option<&mut ParsedPage>]) -> Vec<(usize, String)> {
    use std::collections::{HashMap, HashSet};
    // (section, Hugo prefix, number): the page's folder under its section.
    let numbered = |p: &ParsedPage| -> Option<(String, String, u32, String)> {
        let parts: Vec<&str> = p.source_path.split('/').collect();
        let file = parts.last()?;
        let stem = file.split('.').next().unwrap_or("");
        if stem != "_index" && stem != "index" {
            return None;
        }
        let folder = *parts.get(parts.len().checked_sub(2)?)?;
        let c = HUGO_DIR.captures(folder)?;
        let n: u32 = c.get(1)?.as_str().parse().ok()?;
        let prefix = folder.split('.').next()?.to_string();
        let section = parts[..parts.len() - 2].join("/");
        Some((section, prefix, n, folder.to_string()))
    };
    // Folders whose page's week is the folder's number, per section and prefix.
    let mut weekly: HashMap<(String, String), HashSet<String>> = HashMap::new();
    for p in pages.iter().flatten() {
        if let Some((section, prefix, n, folder)) = numbered(p) {
            if p.week == Some(n) {
                weekly.entry((section, prefix)).or_default().insert(folder);
            }
        }
    }
    let mut out = Vec::new();
    for (i, p) in pages.iter_mut().enumerate() {
        let Some(p) = p.as_deref_mut() else { continue };
        if p.week.is_some() {
            continue;
        }
        let Some((section, prefix, n, folder)) = numbered(p) else {
            continue;
        };
        let Some(others) = weekly.get(&(section, prefix)) else {
            continue;
        };
        if others.iter().filter(|f| **f != folder).count() >= 2 {
            let mut seen: Vec<&String> = others.iter().collect();
            seen.sort();
            p.week = Some(n);
            p.looks_like_worklog = true;
            out.push((
                i,
                format!(
                    "week {n} from the folder name {folder:?}: the other folders of its section number their weeks the same way ({})",
                    seen.iter().take(3).map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    out
}

/// A week number named in `s` ("Week 7", "Tuần 07", "week-7").
pub fn week_in(s: &str) -> Option<u32> {
    WEEK.captures(s)?.get(1)?.as_str().parse().ok()
}

#[cfg(test)]
fn week_in_dir(dir: &str) -> Option<u32> {
    week_in(dir).or_else(|| hugo_week(dir))
}

/// The week of a Hugo-numbered folder (`1.7-…`), whatever else it names.
fn hugo_week(dir: &str) -> Option<u32> {
    HUGO_DIR.captures(dir)?.get(1)?.as_str().parse().ok()
}

/// Decode bytes: strip a UTF-8 BOM, replace invalid UTF-8, unify line ends.
pub fn decode(mut bytes: Vec<u8>, sink: &mut Sink) -> String {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    // The read buffer becomes the text: valid UTF-8 is not copied.
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let bytes = e.as_bytes();
            let e = e.utf8_error();
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u32;
            let bad = bytes.len()
                - String::from_utf8_lossy(bytes)
                    .chars()
                    .filter(|c| *c != '\u{fffd}')
                    .map(char::len_utf8)
                    .sum::<usize>();
            sink.at(line, Code::InvalidUtf8, format!("file is not valid UTF-8 (first bad byte at offset {}); about {bad} bytes replaced with U+FFFD", e.valid_up_to()));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// Tabs in table lines become spaces: pulldown-cmark does not read a delimiter
/// row like `|---\t|---\t|`. One byte for one byte, so offsets and lines stay put.
fn untab_tables(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\t') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('|') {
            out.push_str(&line.replace('\t', " "));
        } else {
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The language a file name states (`_index.vi.md`, `_index.en.md`); `None` for a
/// suffix-less file (`_index.md`), which is in the site's default language.
pub fn suffix_lang(file: &str) -> Option<Lang> {
    if file.ends_with(".vi.md") || file.ends_with(".vi.markdown") {
        Some(Lang::Vi)
    } else if file.ends_with(".en.md") || file.ends_with(".en.markdown") {
        Some(Lang::En)
    } else {
        None
    }
}

/// Letters only Vietnamese writes among the page's languages (tone marks, ă â đ ê ô ơ ư).
fn is_vietnamese_letter(c: char) -> bool {
    matches!(c,
        'à'..='ã' | 'è'..='ê' | 'ì' | 'í' | 'ò'..='õ' | 'ù' | 'ú' | 'ý' | 'ă' | 'đ' | 'ĩ' | 'ũ' | 'ơ' | 'ư'
        | '\u{1ea0}'..='\u{1ef9}'
        | 'À'..='Ã' | 'È'..='Ê' | 'Ì' | 'Í' | 'Ò'..='Õ' | 'Ù' | 'Ú' | 'Ý' | 'Ă' | 'Đ' | 'Ĩ' | 'Ũ' | 'Ơ' | 'Ư')
}

/// The body is Vietnamese prose: at least one word in five carries a Vietnamese
/// letter (English pages that quote a Vietnamese name stay far below that).
/// Decides the language of a page whose file name does not (`_index.md` on a
/// site whose default language is Vietnamese).
fn looks_vietnamese(body: &str) -> bool {
    // Words are runs of letters. A Vietnamese letter is a letter: tested first,
    // it spares the Unicode table lookup for most non-ASCII characters.
    let (mut words, mut vi) = (0usize, 0usize);
    let (mut in_word, mut word_vi) = (false, false);
    for c in body.chars() {
        let viet = !c.is_ascii() && is_vietnamese_letter(c);
        if viet || c.is_alphabetic() {
            if !in_word {
                words += 1;
                (in_word, word_vi) = (true, false);
            }
            word_vi |= viet;
        } else if in_word {
            vi += usize::from(word_vi);
            in_word = false;
        }
    }
    if in_word {
        vi += usize::from(word_vi);
    }
    words > 0 && vi * 5 >= words
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// `text.split_inclusive('\n')`, with the line ends found by a vectorised
/// search: the per-line `char` search cost 9 M instructions per 1,000 pages.
fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = ends.next().map_or(text.len(), |i| i + 1);
        let line = &text[start..end];
        start = end;
        Some(line)
    })
}

/// A delimiter row whose cell count differs from its header's (`| a | b |` over
/// `|---|---|---|`) stops Markdown reading the table at all; the author meant one.
/// Such rows are rewritten to the header's count (same line, so lines stay put)
/// and each is reported, so the table's rows are read, and flagged, not lost.
fn mend_delimiters<'a>(text: &'a str, sink: &mut Sink) -> std::borrow::Cow<'a, str> {
    let is_delim = |l: &str| {
        let t = l.trim();
        // The character test first: it stops at the first byte of most lines.
        t.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' '))
            && t.contains('-')
            && t.contains('|')
    };
    let mut fixes: Vec<(usize, usize)> = Vec::new();
    // Each line with the one above it, each tested once as a delimiter row.
    let mut above: Option<(&str, bool)> = None;
    for (i, delim) in lines_inclusive(text).enumerate() {
        let delim_is_delim = is_delim(delim);
        if let Some((head, head_is_delim)) = above {
            if delim_is_delim && head.trim_start().starts_with('|') && !head_is_delim {
                let want = markdown::count_source_cells(head);
                let got = markdown::count_source_cells(delim);
                if want != got && want > 1 {
                    fixes.push((i, want));
                }
            }
        }
        above = Some((delim, delim_is_delim));
    }
    if fixes.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    // The body's line 1 is the file's line 1 here: front matter is still in `text`.
    // Fixes are in line order: taken as their lines come (not searched per line).
    let mut fixes = fixes.into_iter().peekable();
    for (i, l) in lines_inclusive(text).enumerate() {
        match fixes.next_if(|f| f.0 == i) {
            Some((_, want)) => {
                let got = markdown::count_source_cells(l);
                sink.at(
                    i as u32 + 1,
                    Code::MalformedTable,
                    format!("the delimiter row has {got} cells but the header above has {want}; read as a table of {want} columns"),
                );
                out.push_str(&format!("|{}\n", "---|".repeat(want)));
            }
            None => out.push_str(l),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A page wrapped whole in a code fence (```` ```markdown ```` on the first line,
/// ```` ``` ```` on the last, front matter or a heading inside): the text inside,
/// from its first non-blank line, how many lines come before that, and the
/// opening fence's line. Markdown would read the whole page as one code block;
/// the author pasted a page.
fn unfence(text: &str) -> Option<(&str, u32, u32)> {
    let mut lines = text.split_inclusive('\n');
    let mut offset = 0usize;
    let mut skipped = 0u32;
    let opener = loop {
        let l = lines.next()?;
        offset += l.len();
        skipped += 1;
        if !l.trim().is_empty() {
            break l.trim();
        }
    };
    let mark = opener.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let run = opener.chars().take_while(|c| *c == mark).count();
    let info = opener[run..].trim().to_ascii_lowercase();
    if run < 3 || !matches!(info.as_str(), "" | "markdown" | "md") {
        return None;
    }
    let rest = &text[offset..];
    // The closing fence is the last non-blank line.
    let trimmed = rest.trim_end();
    let last_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let closer = trimmed[last_start..].trim();
    if closer.chars().count() < run || !closer.chars().all(|c| c == mark) {
        return None;
    }
    let inner = &rest[..last_start];
    let lead = inner.len() - inner.trim_start().len();
    let lead_lines = inner[..lead].matches('\n').count() as u32;
    let inner = &inner[inner[..lead].rfind('\n').map_or(0, |i| i + 1)..];
    let inner = inner.trim_start_matches([' ', '\t']);
    let first = inner.lines().next().unwrap_or("");
    let page_like = first.starts_with("---") || first.starts_with("+++") || first.starts_with('#');
    page_like.then_some((inner, skipped + lead_lines, skipped))
}

/// Parse one page's text. `source_path` is relative to the input root.
///
/// The steps, in order: the body is found (a pasted fence unwrapped, table
/// lines mended, the front matter split off), read as Markdown, its tables
/// read ([`Tables::read`]), its stray table lines reported, its week found
/// ([`Place::of`]), its language decided, and without a tasks table its lists
/// read ([`list_layout`]).
pub fn parse(source_path: &str, text: &str, sink: &mut Sink) -> ParsedPage {
    let (text, fence_lines) = unfence_page(text, sink);
    let mark = sink.items.len();
    let text = &untab_tables(text);
    let text = &mend_delimiters(text, sink);
    let mut split = front_matter::split(text);
    if let Some((line, msg)) = &split.problem {
        sink.at(*line, Code::BadFrontMatter, msg.clone());
    }
    for d in &mut sink.items[mark..] {
        if let Some(l) = d.line.as_mut() {
            *l += fence_lines;
        }
    }
    split.body_line += fence_lines;
    if fence_lines == 0 {
        unfence_body(&mut split, sink);
    }
    let doc = markdown::parse(split.body, split.body_line);

    // Each name read for a week once: the tables and the place both use them.
    let (path_week, title_week) = own_week(source_path, &split.front);
    let named_week = path_week.or(title_week);
    let tables = Tables::read(&doc, named_week, sink);
    report_strays(&doc.strays, sink);

    let title = split
        .front
        .title
        .clone()
        .or_else(|| doc.headings.first().map(|h| h.text.clone()))
        .unwrap_or_default();
    let place = Place::of(
        source_path,
        &split.front,
        (path_week, title_week),
        &doc,
        tables.has_tasks_table,
        sink,
    );
    let week = place.week;

    let lang = page_lang(place.file, tables.vietnamese_header, split.body);

    let mut rows = tables.rows;
    let (layout, list_source) = list_layout(
        &doc,
        tables.has_tasks_table,
        place.day.is_some(),
        &title,
        split.body_line,
        &mut rows,
    );
    // The week's range as written (a heading, summary table, labelled line, else
    // the title on its front-matter line): a list page's dates, and any page's
    // evidence for its year and order.
    let week_range = lists::week_range(&doc)
        .or_else(|| title_range(text, split.front.title.as_deref()?, fence_lines));
    let default_lang_file = suffix_lang(place.file).is_none();
    let span = if week.is_none() && place.in_worklog_dir {
        lists::stated_span(&doc)
    } else {
        None
    };

    ParsedPage {
        source_path: source_path.to_string(),
        front: split.front,
        title,
        lang,
        week,
        objectives: doc.objectives,
        achievements: doc.achievements,
        rows,
        has_tasks_table: tables.has_tasks_table,
        layout,
        list_source,
        week_range,
        span,
        default_lang_file,
        table_rows: tables.table_rows,
        empty_rows: tables.empty_rows,
        other_table_rows: tables.other_table_rows,
        overview_rows: tables.overview_rows,
        data_table_rows: tables.data_table_rows,
        calendar: tables.calendar,
        headings: doc
            .headings
            .iter()
            .map(|h| (h.line, h.text.clone()))
            .collect(),
        looks_like_worklog: place.in_worklog_dir || week.is_some(),
        day_page: place.day.map(|(_, d)| d),
        day_pages: 0,
    }
}

/// The file name's language; only a file name without one needs the body
/// read (a Vietnamese tasks header, or Vietnamese prose).
fn page_lang(file: &str, vietnamese_header: bool, body: &str) -> Lang {
    suffix_lang(file).unwrap_or_else(|| {
        if vietnamese_header || looks_vietnamese(body) {
            Lang::Vi
        } else {
            Lang::En
        }
    })
}

/// A page pasted inside a code fence is read inside it; its lines keep their
/// numbers: the text to read and how many lines come before it.
fn unfence_page<'t>(text: &'t str, sink: &mut Sink) -> (&'t str, u32) {
    match unfence(text) {
        Some((inner, skipped, opener)) => {
            sink.at(
                opener,
                Code::FencedPage,
                "the whole page is wrapped in a code fence; read the page inside it",
            );
            (inner, skipped)
        }
        None => (text, 0),
    }
}

/// Or the body alone, under the front matter, in a fence.
fn unfence_body(split: &mut front_matter::Split<'_>, sink: &mut Sink) {
    if split.body_line <= 1 {
        return;
    }
    if let Some((inner, skipped, opener)) = unfence(split.body) {
        sink.at(
            split.body_line + opener - 1,
            Code::FencedPage,
            "the page's body is wrapped in a code fence; read the page inside it",
        );
        split.body = inner;
        split.body_line += skipped;
    }
}

/// The week's range the front-matter title writes, on the title's line.
fn title_range(text: &str, title: &str, fence_lines: u32) -> Option<(u32, String)> {
    let range = lists::title_range(title)?;
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("title"))
        .map_or(1, |i| i as u32 + 1 + fence_lines);
    Some((line, range))
}

/// What a page's tables gave: the tasks tables' rows, and the rows of every
/// other kind of table counted.
struct Tables {
    rows: Vec<RawRow>,
    has_tasks_table: bool,
    vietnamese_header: bool,
    /// The page's number of the next tasks table's first row: row numbers
    /// count skipped rows too, so they match the page.
    next_row: u32,
    /// The dated tasks tables read so far (each row knows its table).
    tasks_tables: u32,
    table_rows: u32,
    empty_rows: u32,
    other_table_rows: u32,
    overview_rows: u32,
    data_table_rows: u32,
    calendar: Vec<overview::CalendarWeek>,
}

impl Tables {
    /// Tasks tables, found by header wherever they are; then, with none, an
    /// undated table of named work on a weekly page.
    fn read(doc: &markdown::Doc, named_week: Option<u32>, sink: &mut Sink) -> Tables {
        let mut t = Tables {
            rows: Vec::new(),
            has_tasks_table: false,
            vietnamese_header: false,
            next_row: 1,
            tasks_tables: 0,
            table_rows: 0,
            empty_rows: 0,
            other_table_rows: 0,
            overview_rows: 0,
            data_table_rows: 0,
            calendar: Vec::new(),
        };
        let mut undated = Vec::new();
        for table in &doc.tables {
            if let Some(cols) = t.table(table, named_week, sink) {
                undated.push((table, cols));
            }
        }
        t.undated(doc, named_week, undated, sink);
        t
    }

    /// One table: an overview, a data table, a dated tasks table (its rows
    /// read) or another table. An undated table of named work is returned: it
    /// is decided once every table is seen.
    fn table(
        &mut self,
        table: &markdown::Table,
        named_week: Option<u32>,
        sink: &mut Sink,
    ) -> Option<columns::Columns> {
        // A joined row counts its second line too (`joined_row` accounts for it).
        self.table_rows += (table.rows.len() + table.joined.len()) as u32;
        for &(a, b) in &table.joined {
            sink.at(
                b,
                Code::JoinedRow,
                format!("this line continues the row at line {a} (a line break inside a cell); joined into one row"),
            );
        }
        if let Some(weeks) = overview::read(table, named_week) {
            self.overview_rows += table.rows.len() as u32;
            report_overview(table, &weeks, sink);
            self.calendar.extend(weeks);
            return None;
        }
        let detected = columns::detect(table);
        if let Some(n) = detected
            .as_ref()
            .and_then(|c| columns::is_data_table(table, c))
        {
            self.data_table_rows += table.rows.len() as u32;
            let header: Vec<&str> = table.header.iter().map(|c| c.text.trim()).collect();
            sink.at(
                table.line,
                Code::DataTable,
                format!(
                    "table with header {:?} holds results ({n} columns of measurements), not tasks; its {} rows (lines {}–{}) were not read as tasks",
                    header.join(" | "),
                    table.rows.len(),
                    table.rows.first().map_or(table.line, |r| r.line),
                    table.rows.last().map_or(table.line, |r| r.line),
                ),
            );
            return None;
        }
        match detected {
            Some(cols) => {
                self.dated(table, &cols, sink);
                None
            }
            None => match columns::detect_undated(table) {
                Some(cols) => Some(cols),
                None => {
                    other_table(table, &mut self.other_table_rows, sink);
                    None
                }
            },
        }
    }

    /// A dated tasks table: its rows, its columns read by content reported.
    fn dated(&mut self, table: &markdown::Table, cols: &columns::Columns, sink: &mut Sink) {
        if !self.has_tasks_table {
            missing_columns(cols, table.line, sink);
        }
        for (i, header, role) in &cols.read_by_content {
            sink.at(
                table.line,
                Code::ColumnByContent,
                format!(
                    "column {} ({header:?}) read as the {} column from its cells",
                    i + 1,
                    role.name()
                ),
            );
        }
        self.has_tasks_table = true;
        self.vietnamese_header |= cols.vietnamese;
        let mut got = tasks::rows(table, cols, self.next_row, sink);
        got.iter_mut().for_each(|r| r.table = self.tasks_tables);
        self.tasks_tables += 1;
        self.empty_rows += (table.rows.len() - got.len()) as u32;
        self.rows.append(&mut got);
        self.next_row += table.rows.len() as u32;
    }

    /// No dated tasks table on a weekly page: its first table of named work
    /// (`# | Task | Status`) is the week's tasks table, dated by the week's range,
    /// unless day headings date the week's work themselves (the table then sums
    /// it up). The other undated tables are other tables.
    fn undated(
        &mut self,
        doc: &markdown::Doc,
        named_week: Option<u32>,
        undated: Vec<(&markdown::Table, columns::Columns)>,
        sink: &mut Sink,
    ) {
        let mut undated = undated.into_iter();
        let day_headings =
            || lists::read(doc).is_some_and(|l| matches!(l.source, lists::ListSource::Days { .. }));
        if !self.has_tasks_table && named_week.is_some() && undated.len() > 0 && !day_headings() {
            if let Some((table, cols)) = undated.next() {
                missing_columns(&cols, table.line, sink);
                self.has_tasks_table = true;
                self.vietnamese_header |= cols.vietnamese;
                let mut got = tasks::rows(table, &cols, self.next_row, sink);
                self.empty_rows += (table.rows.len() - got.len()) as u32;
                self.rows.append(&mut got);
            }
        }
        for (table, _) in undated {
            other_table(table, &mut self.other_table_rows, sink);
        }
    }
}

/// Table-looking lines outside every table, each reported where it is.
fn report_strays(strays: &[markdown::Stray], sink: &mut Sink) {
    for stray in strays {
        match stray {
            markdown::Stray::LonePipe { line } => sink.at(*line, Code::EmptyRow, "a lone `|` line (it also ends a Markdown table)"),
            markdown::Stray::MalformedHeader { line, text } => sink.at(
                *line,
                Code::MalformedTable,
                format!("table header {:?} is not read as a table: its delimiter row below has a different number of cells; its rows are reported as orphan_row", short(text)),
            ),
            markdown::Stray::Row { line, text } => sink.at(
                *line,
                Code::OrphanRow,
                format!("line looks like a table row but belongs to no table (a blank line, comment or lone `|` ended the table above, or its header is malformed); not extracted: {:?}", short(text)),
            ),
        }
    }
}

/// Where a page sits: its file name, whether a worklog folder holds it, the
/// day it holds (a day page) and its week.
struct Place<'p> {
    file: &'p str,
    in_worklog_dir: bool,
    day: Option<(u32, DayPage)>,
    week: Option<u32>,
}

impl<'p> Place<'p> {
    /// Week: folder name, then front matter `week`, then title, then the first
    /// heading naming one; the first source that names one wins, and another
    /// that disagrees is reported.
    /// `(path_week, title_week)` is [`own_week`]'s answer for the page.
    fn of(
        source_path: &'p str,
        front: &FrontMatter,
        (path_week, title_week): (Option<u32>, Option<u32>),
        doc: &markdown::Doc,
        has_tasks_table: bool,
        sink: &mut Sink,
    ) -> Place<'p> {
        let path_parts: Vec<&str> = source_path.split('/').collect();
        let file = path_parts.last().copied().unwrap_or("");
        let stem = file.split('.').next().unwrap_or("");
        let in_worklog_dir = path_parts.iter().any(|p| is_worklog_folder(p));
        // `3.1-Blog1` is a Hugo section number, not a week: the bare `N.M-` form counts
        // only inside a worklog folder or on a page with a tasks table.
        // `path_week` is `week_in` of that folder (or of the file's stem).
        let dir_week = if stem == "_index" || stem == "index" {
            path_parts.iter().rev().nth(1).and_then(|d| {
                path_week.or_else(|| {
                    (in_worklog_dir || has_tasks_table)
                        .then(|| hugo_week(d))
                        .flatten()
                })
            })
        } else {
            path_week
        };
        // A day page below its week's folder takes the week of that folder.
        let day = day_pages::detect(
            &path_parts,
            front.title.as_deref(),
            doc.headings.first().map(|h| h.text.as_str()),
            in_worklog_dir || has_tasks_table,
        );
        let dir_week = day.as_ref().map(|(w, _)| *w).or(dir_week);
        let candidates = [
            ("the folder name", dir_week),
            (
                "the front-matter week",
                front.week.as_deref().and_then(|w| w.trim().parse().ok()),
            ),
            ("the title", title_week),
            (
                "a heading",
                doc.headings.iter().find_map(|h| week_in(&h.text)),
            ),
        ];
        let week = candidates.iter().find_map(|(_, w)| *w);
        if let Some(w) = week {
            let chosen = candidates
                .iter()
                .find(|(_, x)| *x == Some(w))
                .map_or("", |c| c.0);
            for (what, other) in &candidates {
                if let Some(o) = other.filter(|o| *o != w) {
                    sink.push(
                        Some(1),
                        Code::WeekMismatch,
                        format!("{what} says week {o} but {chosen} says week {w}; using {w}"),
                    );
                    break;
                }
            }
        }
        Place {
            file,
            in_worklog_dir,
            day,
            week,
        }
    }
}

/// The page's layout and, for a list page, where its tasks came from. No
/// tasks table: the day headings or the work section's items are the `rows`.
/// A day page that writes no tasks is one task: the day's work. So is one
/// whose only structure is a few items or paragraphs: its title names the
/// day's work, the text is its details (a report's sections stay tasks).
fn list_layout(
    doc: &markdown::Doc,
    has_tasks_table: bool,
    day_page: bool,
    title: &str,
    body_line: u32,
    rows: &mut Vec<RawRow>,
) -> (Layout, Option<lists::ListSource>) {
    let mut layout = if has_tasks_table {
        Layout::Table
    } else {
        Layout::None
    };
    let mut list_source = None;
    if !has_tasks_table {
        if let Some(l) = lists::read(doc) {
            layout = Layout::List;
            *rows = l
                .tasks
                .into_iter()
                .enumerate()
                .map(|(i, t)| list_row(i as u32 + 1, t))
                .collect();
            list_source = Some(l.source);
        }
    }
    let unstructured = matches!(
        list_source,
        Some(lists::ListSource::Narrative {
            how: lists::Narrative::Untitled,
            ..
        })
    );
    if day_page && (rows.is_empty() || unstructured) {
        rows.clear();
        rows.push(day_pages::page_task(doc, title, body_line));
        layout = Layout::List;
        list_source = Some(lists::ListSource::DayPage { line: rows[0].line });
    }
    (layout, list_source)
}

/// An `other_table` note: a table that is not a tasks table, its rows skipped.
fn other_table(table: &markdown::Table, other_table_rows: &mut u32, sink: &mut Sink) {
    *other_table_rows += table.rows.len() as u32;
    let header: Vec<&str> = table.header.iter().map(|c| c.text.trim()).collect();
    sink.at(
        table.line,
        Code::OtherTable,
        format!("table with header {:?} is not a tasks table (no task column with a Day or date column); its {} rows were skipped", header.join(" | "), table.rows.len()),
    );
}

/// The week a page names in its file or folder name or its title, before its
/// tables are read (the full decision below also weighs headings and Hugo folder numbers).
/// Returned apart, (file or folder, title), since [`Place::of`] weighs each.
fn own_week(source_path: &str, front: &FrontMatter) -> (Option<u32>, Option<u32>) {
    let parts: Vec<&str> = source_path.split('/').collect();
    let file = parts.last().copied().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let named = if stem == "_index" || stem == "index" {
        parts.iter().rev().nth(1).and_then(|d| week_in(d))
    } else {
        week_in(stem)
    };
    (named, front.title.as_deref().and_then(week_in))
}

/// One `overview_row` note per row of an overview table: its week and range.
fn report_overview(table: &markdown::Table, weeks: &[overview::CalendarWeek], sink: &mut Sink) {
    for r in &table.rows {
        let msg = match weeks.iter().find(|w| w.line == r.line) {
            Some(w) => format!(
                "row of an overview table (week {}{}): the site's calendar, not a task",
                w.week,
                w.range
                    .as_deref()
                    .map(|x| format!(", {x}"))
                    .unwrap_or_default()
            ),
            None => "row of an overview table without a week: not a task".to_string(),
        };
        sink.at(r.line, Code::OverviewRow, msg);
    }
}

/// A list task as a raw row: the title and details are the Task cell, a date in
/// the title is its one Date cell.
fn list_row(row_number: u32, t: lists::ListTask) -> RawRow {
    let mut task = t.title;
    for d in t.details {
        task.push('\n');
        task.push_str(&d);
    }
    RawRow {
        row_number,
        line: t.line,
        day: t.day,
        task,
        task_urls: t.urls,
        start: t.date_text,
        end: None,
        single_date: true,
        ..RawRow::default()
    }
}

/// One `missing_column` info per kind of column the first tasks table lacks.
fn missing_columns(cols: &columns::Columns, line: u32, sink: &mut Sink) {
    let mut missing = Vec::new();
    if cols.day.is_none() {
        missing.push("Day");
    }
    if !cols.has_dates() {
        missing.push("date");
    } else if cols.start.is_none() && cols.date.is_none() {
        missing.push("Start Date");
    } else if cols.end.is_none() && cols.date.is_none() {
        missing.push("Completion Date");
    }
    if cols.reference.is_none() {
        missing.push("Reference");
    }
    for m in missing {
        sink.at(
            line,
            Code::MissingColumn,
            format!("the tasks table has no {m} column"),
        );
    }
}

/// Compile the page parser's patterns now (see `normalize::warm`).
pub fn warm() {
    LazyLock::force(&WEEK);
    LazyLock::force(&HUGO_DIR);
    columns::warm();
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn lines_inclusive_is_split_inclusive(text in "(a|é|\\n|\\r| |\\|){0,40}") {
            let ours: Vec<&str> = lines_inclusive(&text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            proptest::prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn week_numbers() {
        assert_eq!(week_in("Week 7 Worklog"), Some(7));
        assert_eq!(week_in("Worklog Tuần 12"), Some(12));
        assert_eq!(week_in("week-03"), Some(3));
        assert_eq!(week_in("Weekly"), None);
        assert_eq!(week_in_dir("1.7-Week7"), Some(7));
        assert_eq!(week_in_dir("1.10-Tuan"), Some(10));
        assert_eq!(week_in_dir("1-Worklog"), None);
    }

    #[test]
    fn vietnamese_letters_are_letters() {
        // `looks_vietnamese` counts them inside words without the letter test.
        let all = ('\u{c0}'..='\u{1ef9}').filter(|c| is_vietnamese_letter(*c));
        assert!(all.clone().count() > 100);
        assert!(all.clone().all(char::is_alphabetic));
        assert!(looks_vietnamese("Tìm hiểu về AWS và EC2"));
        assert!(!looks_vietnamese(
            "Learned about AWS and EC2 with Nguyễn today"
        ));
        assert!(!looks_vietnamese("123 --- !!"));
    }

    proptest::proptest! {
        #[test]
        fn looks_vietnamese_counts_words_as_before(body in "[a-zA-Z0-9 .,ăđờÀẠ\u{300}\u{1ef9}\n-]{0,40}") {
            let words: Vec<&str> = body.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
            let vi = words.iter().filter(|w| w.chars().any(is_vietnamese_letter)).count();
            proptest::prop_assert_eq!(looks_vietnamese(&body), !words.is_empty() && vi * 5 >= words.len());
        }
    }

    #[test]
    fn decode_handles_bom_crlf_and_bad_bytes() {
        let mut sink = Sink::new("p.md");
        assert_eq!(decode(b"\xef\xbb\xbfa\r\nb".to_vec(), &mut sink), "a\nb");
        assert!(sink.items.is_empty());
        let s = decode(b"ok\nbad \xff\xfe here".to_vec(), &mut sink);
        assert!(s.contains("bad \u{fffd}\u{fffd} here"));
        assert_eq!(sink.items[0].code, Code::InvalidUtf8);
        assert_eq!(sink.items[0].line, Some(2));
    }

    #[test]
    fn only_a_fence_around_a_whole_page_is_unwrapped() {
        let page = "\n```markdown\n\n---\ntitle: Week 1\n---\n# Tasks\n```\n\n";
        assert_eq!(
            unfence(page),
            Some(("---\ntitle: Week 1\n---\n# Tasks\n", 3, 2))
        );
        assert!(unfence("~~~~\n# Week 2\n- a\n~~~~\n").is_some());
        // A code block that opens the page, text after the fence, another language.
        assert_eq!(unfence("```\n# a\n```\nmore text\n"), None);
        assert_eq!(unfence("```bash\n# comment\nls\n```\n"), None);
        assert_eq!(unfence("```\nls -la\n```\n"), None);
        assert_eq!(unfence("---\ntitle: x\n---\n"), None);
    }

    #[test]
    fn folder_beats_title_and_mismatch_is_reported() {
        let mut sink = Sink::new("x");
        let p = parse(
            "site/content/1-Worklog/1.7-Week7/_index.md",
            "---\ntitle: Week 6 Worklog\n---\n| Day | Task |\n|---|---|\n| 2 | a |\n",
            &mut sink,
        );
        assert_eq!(p.week, Some(7));
        assert!(sink.items.iter().any(|d| d.code == Code::WeekMismatch));
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].line, 6);
    }
}
