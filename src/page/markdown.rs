//! Markdown body → headings, tables (cells as plain lines + URLs) and the
//! objective/achievement bullets, every piece with its 1-based source line.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::words;
use crate::normalize::text;

/// Cells longer than this are truncated (and diagnosed by the caller).
pub const MAX_CELL_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Plain text; `<br>` and list breaks become `\n`. Markup is stripped.
    pub text: String,
    /// Link targets and bare URLs, in order, without duplicates.
    pub urls: Vec<String>,
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<Cell>,
    /// Cells counted on the source line itself (pulldown-cmark pads and truncates).
    pub source_cells: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub line: u32,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
    /// Rows broken across two source lines and joined: (line of the row, line it continued on).
    pub joined: Vec<(u32, u32)>,
}

/// A line that looks like part of a table (starts with `|`) but is in no table
/// Markdown recognises: after a blank line, a comment or a lone `|` that ended
/// the table, or under a header whose delimiter row does not match it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stray {
    /// A line of only pipes and spaces.
    LonePipe { line: u32 },
    /// A header line followed by a delimiter row, not read as a table.
    MalformedHeader { line: u32, text: String },
    /// A row-looking line outside any table.
    Row { line: u32, text: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: u32,
}

/// One top-level piece of the page, in order: what a list-layout page is read from.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Index into [`Doc::headings`].
    Heading(usize),
    /// Index into [`Doc::tables`].
    Table(usize),
    /// A paragraph outside lists and tables. `lead` is its opening bold text
    /// (`**Day 2:** …`), `bold_only` when that is all it holds (a pseudo-heading).
    Para {
        line: u32,
        text: String,
        lead: Option<String>,
        bold_only: bool,
        urls: Vec<String>,
    },
    /// One list item's own text (its sub-items are items of their own), depth 1 = top level.
    Item {
        line: u32,
        depth: usize,
        text: String,
        lead: Option<String>,
        urls: Vec<String>,
    },
}

#[derive(Debug, Default)]
pub struct Doc {
    pub headings: Vec<Heading>,
    pub tables: Vec<Table>,
    pub objectives: Vec<String>,
    pub achievements: Vec<String>,
    pub strays: Vec<Stray>,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Copy, PartialEq)]
enum Section {
    Other,
    Objectives,
    Achievements,
}

fn classify(heading: &str) -> Section {
    let h = heading.to_lowercase();
    let has = |list: &[&str]| list.iter().any(|w| h.contains(w));
    if has(words::SECTION_TASK) {
        Section::Other
    } else if has(words::SECTION_OBJECTIVE) {
        Section::Objectives
    } else if has(words::SECTION_ACHIEVEMENT) {
        Section::Achievements
    } else {
        Section::Other
    }
}

/// Count the cells written on one table line: unescaped pipes, minus the outer ones.
pub fn count_source_cells(line: &str) -> usize {
    // A table inside a blockquote: the `>` markers are not part of the row.
    let t = line
        .trim()
        .trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    // `\\` and `|` are ASCII, found by a vectorised search (rows are long and
    // hold few of them): a `|` is escaped when an odd run of `\\` ends right
    // before it, every other byte ending a run as its character would.
    let (mut pipes, mut last_pipe) = (0usize, None);
    // The run of backslashes that ends at byte `run_end`, and its length.
    let (mut run_end, mut run) = (usize::MAX, 0usize);
    for i in memchr::memchr2_iter(b'\\', b'|', t.as_bytes()) {
        let escaped = run_end == i && run % 2 == 1;
        if t.as_bytes()[i] == b'\\' {
            run = if run_end == i { run + 1 } else { 1 };
            run_end = i + 1;
        } else if !escaped {
            pipes += 1;
            last_pipe = Some(i);
        }
    }
    let mut n = pipes + 1;
    if t.starts_with('|') {
        n -= 1;
    }
    if t.len() > 1 && last_pipe == Some(t.len() - 1) {
        n -= 1;
    }
    n.max(1)
}

struct Lines {
    starts: Vec<usize>,
    first: u32,
}

impl Lines {
    fn new(body: &str, first: u32) -> Self {
        let mut starts = vec![0];
        // One vectorised scan of the body: a per-line searcher call, or a
        // branch per byte, cost more.
        starts.extend(memchr::memchr_iter(b'\n', body.as_bytes()).map(|i| i + 1));
        Lines { starts, first }
    }
    fn line_of(&self, offset: usize) -> u32 {
        let idx = self
            .starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1);
        self.first + idx as u32
    }
    /// The text of `line`, or `None` past the end.
    fn get<'a>(&self, body: &'a str, line: u32) -> Option<&'a str> {
        let i = line.checked_sub(self.first)? as usize;
        let start = *self.starts.get(i)?;
        (start < body.len()).then(|| self.text(body, line))
    }
    fn text<'a>(&self, body: &'a str, line: u32) -> &'a str {
        let i = (line - self.first) as usize;
        let start = self.starts[i];
        let end = self.starts.get(i + 1).copied().unwrap_or(body.len());
        &body[start..end]
    }
}

fn is_br(html: &str) -> bool {
    // Prefixes compared in place: a lower-cased copy per tag cost an
    // allocation for every `<br>` of every cell.
    let h = html.trim().as_bytes();
    let starts = |p: &[u8]| h.get(..p.len()).is_some_and(|w| w.eq_ignore_ascii_case(p));
    starts(b"<br") || starts(b"</p") || starts(b"<p") || starts(b"</li") || starts(b"<li")
}

/// The text of a `<summary>…</summary>` element on one line, tags stripped.
fn summary_text(html: &str) -> Option<String> {
    // The tags found in any ASCII case, in place: most HTML is `<br>`.
    let open = find_ci(html, "<summary", 0)?;
    let start = open + html[open..].find('>')? + 1;
    let end = find_ci(html, "</summary", start)?;
    let mut out = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = text::squash_spaces(out.trim());
    (!out.is_empty()).then_some(out)
}

fn href(html: &str) -> Option<String> {
    // The first `href=` in any case (ASCII case keeps byte offsets).
    let i = html
        .as_bytes()
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"href="))?;
    let rest = &html[i + 5..];
    let (quote, rest) = match rest.chars().next()? {
        q @ ('"' | '\'') => (q, &rest[1..]),
        _ => (' ', rest),
    };
    let end = rest.find([quote, '>']).unwrap_or(rest.len());
    Some(rest[..end].trim().to_string())
}

/// [`text::bare_urls`], run only on text holding `http://` or `https://`, as
/// every bare URL does: most cells and items hold none, and a vectorised search
/// for `:` costs less than the pattern's (or a substring searcher's) set-up.
fn bare_urls(t: &str) -> impl Iterator<Item = &str> {
    let b = t.as_bytes();
    let scheme = memchr::memchr_iter(b':', b).any(|i| {
        b[i + 1..].starts_with(b"//") && (b[..i].ends_with(b"http") || b[..i].ends_with(b"https"))
    });
    scheme.then(|| text::bare_urls(t)).into_iter().flatten()
}

#[derive(Default)]
struct CellBuf {
    cell: Cell,
}

impl CellBuf {
    fn push(&mut self, s: &str) {
        if self.cell.truncated {
            return;
        }
        self.cell.text.push_str(s);
        if text::truncate_in_place(&mut self.cell.text, MAX_CELL_BYTES) {
            self.cell.truncated = true;
        }
    }
    fn url(&mut self, u: &str) {
        let u = u.trim();
        if !u.is_empty()
            && !u.starts_with('#')
            && !self.cell.urls.iter().any(|x| x == u)
            && self.cell.urls.len() < 256
        {
            self.cell.urls.push(u.to_string());
        }
    }
    fn finish(mut self) -> Cell {
        let bare: Vec<String> = bare_urls(&self.cell.text).map(str::to_string).collect();
        for u in bare {
            self.url(&u);
        }
        self.cell
    }
}

/// Parse a Markdown body whose first line is line `first_line` of the file.
pub fn parse(body: &str, first_line: u32) -> Doc {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut r = Reader::new(body, first_line);
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        r.event(event, range);
    }
    r.finish()
}

type Span = std::ops::Range<usize>;

/// A heading being read: its level, text so far and line.
struct OpenHeading {
    level: u8,
    text: String,
    line: u32,
}

/// One pass over pulldown-cmark's events: what is open (heading, table, row,
/// cell, list item, paragraph, bold lead) and what the page has given so far.
/// [`Reader::event`] is the one match; each event kind has its own method.
struct Reader<'a> {
    body: &'a str,
    lines: Lines,
    doc: Doc,
    /// The kind of the last heading's section (objectives/achievements are collected).
    section: Section,
    heading: Option<OpenHeading>,
    table: Option<Table>,
    row: Option<Row>,
    cell: Option<CellBuf>,
    in_head: bool,
    /// List nesting: 0 outside lists. `item` is the innermost item's own text
    /// (a sub-item flushes its parent's text first), `item_lines` each open item's line.
    item_depth: usize,
    item: String,
    item_lines: Vec<u32>,
    /// A paragraph outside lists and cells, and its first line.
    para: Option<String>,
    para_line: u32,
    /// The opening bold text of the item or paragraph (`**Day 2:**`), while
    /// `lead_open` it is still being read; `strong` counts nested bold.
    lead: Option<String>,
    strong: usize,
    lead_open: bool,
    /// Links of the item or paragraph being read.
    block_urls: Vec<String>,
    /// Byte ranges of code and HTML blocks, and (`table_lines`) the lines of
    /// tables' headers and rows: `|` lines there are not strays. A table's
    /// lines, not its range: when pulldown-cmark stops padding a table's short
    /// rows (2^18 cells in all, a header far wider than its rows), the rest of
    /// the table's range is a paragraph, whose `|` lines must be reported, not lost.
    covered: Vec<Span>,
    /// Code blocks: an HTML `<table>` inside one is shown, not a table.
    code: Vec<Span>,
    table_lines: Vec<u32>,
    /// Struck-through text in a cell is the author's own correction (`~~17/09~~ 18/09`).
    struck: usize,
}

impl<'a> Reader<'a> {
    fn new(body: &'a str, first_line: u32) -> Self {
        Reader {
            body,
            lines: Lines::new(body, first_line),
            doc: Doc::default(),
            section: Section::Other,
            heading: None,
            table: None,
            row: None,
            cell: None,
            in_head: false,
            item_depth: 0,
            item: String::new(),
            item_lines: Vec::new(),
            para: None,
            para_line: 0,
            lead: None,
            strong: 0,
            lead_open: false,
            block_urls: Vec::new(),
            covered: Vec::new(),
            code: Vec::new(),
            table_lines: Vec::new(),
            struck: 0,
        }
    }

    fn event(&mut self, event: Event<'_>, range: Span) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => self.start_heading(level, &range),
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::Table(_)) => self.start_table(&range),
            Event::End(TagEnd::Table) => self.end_table(),
            Event::Start(Tag::CodeBlock(_)) => {
                self.code.push(range.clone());
                self.covered.push(range)
            }
            Event::Start(Tag::HtmlBlock) => self.covered.push(range),
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.table_lines.push(self.lines.line_of(range.start));
            }
            Event::End(TagEnd::TableHead) => self.in_head = false,
            // The empty row pulldown-cmark ends a table with when it stops
            // padding (its line's text follows as a paragraph): not a row.
            Event::Start(Tag::TableRow) if range.is_empty() => self.row = None,
            Event::Start(Tag::TableRow) => self.start_row(&range),
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (self.table.as_mut(), self.row.take()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => self.start_cell(&range),
            Event::End(TagEnd::TableCell) => self.end_cell(),
            Event::Start(Tag::Link { dest_url, .. }) => self.link(&dest_url),
            Event::Start(Tag::Item) => self.start_item(&range),
            Event::End(TagEnd::Item) => self.end_item(),
            Event::Start(Tag::Paragraph) if self.item_depth == 0 && self.cell.is_none() => {
                self.para = Some(String::new());
                self.para_line = self.lines.line_of(range.start);
            }
            Event::End(TagEnd::Paragraph) => self.end_paragraph(),
            Event::Start(Tag::Strong) => self.start_strong(),
            Event::End(TagEnd::Strong) => {
                self.strong = self.strong.saturating_sub(1);
                if self.strong == 0 {
                    self.lead_open = false;
                }
            }
            Event::Start(Tag::Strikethrough) => self.struck += 1,
            Event::End(TagEnd::Strikethrough) => self.struck = self.struck.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::InlineHtml(h) | Event::Html(h) => self.html(&h, &range),
            Event::SoftBreak | Event::HardBreak => self.line_break(),
            _ => {}
        }
    }

    /// The page read: strays and HTML tables come from the source lines.
    fn finish(mut self) -> Doc {
        self.table_lines.sort_unstable();
        let (body, lines) = (self.body, &self.lines);
        self.doc.strays = strays(body, lines, &self.covered, &self.table_lines);
        add_html_tables(&mut self.doc, body, lines, &self.code, &self.table_lines);
        self.doc
    }

    fn start_heading(&mut self, level: HeadingLevel, range: &Span) {
        let level = match level {
            HeadingLevel::H1 => 1,
            HeadingLevel::H2 => 2,
            HeadingLevel::H3 => 3,
            HeadingLevel::H4 => 4,
            HeadingLevel::H5 => 5,
            HeadingLevel::H6 => 6,
        };
        self.heading = Some(OpenHeading {
            level,
            text: String::new(),
            line: self.lines.line_of(range.start),
        });
    }

    fn end_heading(&mut self) {
        if let Some(OpenHeading {
            level,
            text: t,
            line,
        }) = self.heading.take()
        {
            let t = text::squash_spaces(t.trim());
            self.section = classify(&t);
            self.doc
                .blocks
                .push(Block::Heading(self.doc.headings.len()));
            self.doc.headings.push(Heading {
                level,
                text: t,
                line,
            });
        }
    }

    fn start_table(&mut self, range: &Span) {
        // A table inside a table: the outer one is one pulldown-cmark
        // stopped padding, which holds the rest of the page. It is
        // complete: keep it (the new one replaced it, unread, before).
        if let Some(t) = self.table.take() {
            self.push_table(t);
        }
        self.table = Some(Table {
            line: self.lines.line_of(range.start),
            header: Vec::new(),
            rows: Vec::new(),
            joined: Vec::new(),
        });
    }

    fn end_table(&mut self) {
        if let Some(mut t) = self.table.take() {
            join_broken_rows(&mut t, self.body, &self.lines);
            self.push_table(t);
        }
    }

    fn push_table(&mut self, t: Table) {
        self.doc.blocks.push(Block::Table(self.doc.tables.len()));
        self.doc.tables.push(t);
    }

    fn start_row(&mut self, range: &Span) {
        let line = self.lines.line_of(range.start);
        self.table_lines.push(line);
        let source_cells = count_source_cells(self.lines.text(self.body, line));
        self.row = Some(Row {
            line,
            cells: Vec::new(),
            source_cells,
        });
    }

    fn start_cell(&mut self, range: &Span) {
        // The cell's source is about as long as its text: one allocation,
        // not one per doubling (a third of the parse's reallocations).
        let mut c = CellBuf::default();
        c.cell.text.reserve(range.len().min(MAX_CELL_BYTES));
        self.cell = Some(c);
    }

    fn end_cell(&mut self) {
        if let Some(c) = self.cell.take() {
            let c = c.finish();
            match (self.in_head, self.table.as_mut(), self.row.as_mut()) {
                (true, Some(t), _) => t.header.push(c),
                (false, _, Some(r)) => r.cells.push(c),
                _ => {}
            }
        }
    }

    fn link(&mut self, dest_url: &str) {
        if let Some(c) = self.cell.as_mut() {
            c.url(dest_url);
        } else if (self.item_depth > 0 || self.para.is_some())
            && !dest_url.starts_with('#')
            && !self.block_urls.iter().any(|u| u == dest_url)
        {
            self.block_urls.push(dest_url.to_string());
        }
    }

    fn start_item(&mut self, range: &Span) {
        // A sub-item: its parent's own text ends here.
        if self.item_depth > 0 {
            let line = self.item_lines.last().copied().unwrap_or(0);
            self.flush_item(line);
        }
        self.item_lines.push(self.lines.line_of(range.start));
        self.item_depth += 1;
    }

    fn end_item(&mut self) {
        let line = self.item_lines.pop().unwrap_or(0);
        self.flush_item(line);
        self.item_depth = self.item_depth.saturating_sub(1);
    }

    /// The item's text so far as a block (and an objective/achievement in those sections).
    fn flush_item(&mut self, line: u32) {
        let text = text::squash_spaces(text::strip_bullet(&self.item));
        self.item.clear();
        let lead = self.lead.take();
        let mut urls = std::mem::take(&mut self.block_urls);
        if text.is_empty() {
            return;
        }
        urls.extend(bare_urls(&text).map(str::to_string));
        urls.dedup();
        match self.section {
            Section::Objectives => self.doc.objectives.push(text.clone()),
            Section::Achievements => self.doc.achievements.push(text.clone()),
            Section::Other => {}
        }
        self.doc.blocks.push(Block::Item {
            line,
            depth: self.item_depth,
            text,
            lead: lead.map(|l| text::squash_spaces(l.trim())),
            urls,
        });
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.para.take() else {
            return;
        };
        // Prose (not bullets) under an objectives/achievements heading: one line per line.
        if self.item_depth == 0 && self.section != Section::Other {
            for l in p.lines() {
                let line = text::squash_spaces(text::strip_bullet(l));
                match self.section {
                    Section::Objectives if !line.is_empty() => self.doc.objectives.push(line),
                    Section::Achievements if !line.is_empty() => self.doc.achievements.push(line),
                    _ => {}
                }
            }
        }
        let lead = self.lead.take().map(|l| text::squash_spaces(l.trim()));
        let text = p.trim().to_string();
        let bold_only = lead
            .as_deref()
            .is_some_and(|l| text.trim_end_matches(':').trim() == l.trim_end_matches(':').trim());
        let mut urls = std::mem::take(&mut self.block_urls);
        urls.extend(bare_urls(&text).map(str::to_string));
        urls.dedup();
        if !text.is_empty() {
            self.doc.blocks.push(Block::Para {
                line: self.para_line,
                text,
                lead,
                bold_only,
                urls,
            });
        }
    }

    fn start_strong(&mut self) {
        self.strong += 1;
        // Bold text that opens an item or a paragraph is its lead (`**Day 2:**`).
        let open_text = if self.item_depth > 0 {
            Some(&self.item)
        } else {
            self.para.as_ref()
        };
        if self.strong == 1
            && self.cell.is_none()
            && self.heading.is_none()
            && open_text.is_some_and(|t| t.trim().is_empty())
        {
            self.lead_open = true;
            self.lead = Some(String::new());
        }
    }

    fn text(&mut self, t: &str) {
        if let Some(c) = self.cell.as_mut() {
            if self.struck == 0 {
                c.push(t);
            }
        } else if let Some(h) = self.heading.as_mut() {
            h.text.push_str(t);
        } else if self.item_depth > 0 {
            self.item.push_str(t);
        } else if let Some(p) = self.para.as_mut() {
            p.push_str(t);
        }
        if self.lead_open && self.cell.is_none() && self.heading.is_none() {
            if let Some(l) = self.lead.as_mut() {
                l.push_str(t);
            }
        }
    }

    fn html(&mut self, h: &str, range: &Span) {
        // `<details><summary>Day 1 - Monday</summary>`: the summary titles
        // what follows, like a bold line.
        if self.cell.is_none() && self.heading.is_none() {
            if let Some(t) = summary_text(h) {
                self.doc.blocks.push(Block::Para {
                    line: self.lines.line_of(range.start),
                    text: t.clone(),
                    lead: Some(t),
                    bold_only: true,
                    urls: Vec::new(),
                });
            }
        }
        if let Some(c) = self.cell.as_mut() {
            if is_br(h) {
                c.push("\n");
            } else if let Some(u) = href(h) {
                c.url(&u);
            }
        } else if is_br(h) && self.item_depth > 0 {
            self.item.push(' ');
        }
    }

    fn line_break(&mut self) {
        if let Some(c) = self.cell.as_mut() {
            c.push("\n");
        } else if self.item_depth > 0 {
            self.item.push(' ');
        } else if let Some(p) = self.para.as_mut() {
            p.push('\n');
        }
    }
}

/// A row cut by a raw line break inside a cell (`| 2 | Learned IAM` then
/// `and policies | 05/05/2026 |`) reads as two short rows; the second line
/// starts without a `|`. When the two lines' cells make up the header's count
/// (the cut cell counted once), or when a full row leaves its last cell open
/// (no closing `|`) and the next line has no `|` at all, they are one row:
/// joined, the cut cell's two parts on two lines.
fn join_broken_rows(t: &mut Table, body: &str, lines: &Lines) {
    let width = t.header.len();
    let mut i = 0;
    // The last source line of row `i` (a joined row ends on its last part's line).
    let mut last = t.rows.first().map_or(0, |r| r.line);
    while i + 1 < t.rows.len() {
        let (a, b) = (&t.rows[i], &t.rows[i + 1]);
        let b_text = lines.text(body, b.line).trim_start();
        let a_open = !lines.text(body, last).trim_end().ends_with('|');
        let next_line = b.line == last + 1 && !b_text.starts_with(['|', '>']);
        // The cut inside a middle cell, or (a full row whose last cell is left
        // open) inside the last one, the next line holding no `|` of its own.
        let cut = next_line
            && ((a.source_cells < width && a.source_cells + b.source_cells == width + 1)
                || (a.source_cells == width && a_open && b.source_cells == 1));
        if !cut {
            i += 1;
            last = t.rows.get(i).map_or(0, |r| r.line);
            continue;
        }
        let b = t.rows.remove(i + 1);
        let a = &mut t.rows[i];
        let k = a.source_cells - 1;
        a.cells.truncate(a.source_cells);
        let mut rest = b.cells.into_iter().take(b.source_cells);
        if let (Some(cut_cell), Some(first)) = (a.cells.get_mut(k), rest.next()) {
            if !first.text.trim().is_empty() {
                cut_cell.text.push('\n');
                cut_cell.text.push_str(first.text.trim_start_matches('\n'));
            }
            for u in first.urls {
                if !cut_cell.urls.contains(&u) {
                    cut_cell.urls.push(u);
                }
            }
        }
        a.cells.extend(rest);
        a.cells.resize(width, Cell::default());
        a.source_cells = width;
        t.joined.push((a.line, b.line));
        // The same row may take a further line (a last cell over several lines).
        last = b.line;
    }
}

/// HTML `<table>`s (outside code blocks) join the Markdown tables, all in source order.
/// A `<tr>` on a line of a Markdown table (`table_lines`, sorted) is text in that
/// table's cell, not a second row on the same line.
fn add_html_tables(
    doc: &mut Doc,
    body: &str,
    lines: &Lines,
    code: &[std::ops::Range<usize>],
    table_lines: &[u32],
) {
    let in_markdown = |line: u32| table_lines.binary_search(&line).is_ok();
    let mut html = html_tables(body, lines, code);
    for t in &mut html {
        t.rows.retain(|r| !in_markdown(r.line));
    }
    html.retain(|t| !(in_markdown(t.line) && t.rows.is_empty()));
    if html.is_empty() {
        return;
    }
    let mut all: Vec<(Table, Option<usize>)> = std::mem::take(&mut doc.tables)
        .into_iter()
        .enumerate()
        .map(|(i, t)| (t, Some(i)))
        .chain(html.into_iter().map(|t| (t, None)))
        .collect();
    all.sort_by_key(|(t, _)| t.line);
    let mut new_index = vec![0; all.len()];
    for (n, (_, old)) in all.iter().enumerate() {
        if let Some(o) = old {
            new_index[*o] = n;
        }
    }
    for b in &mut doc.blocks {
        if let Block::Table(i) = b {
            *i = new_index[*i];
        }
    }
    doc.tables = all.into_iter().map(|(t, _)| t).collect();
}

/// Byte offset of the next `needle` (ASCII, starting with `<`) in `hay` at or
/// after `from`, any case. Jumps from `<` to `<` (a memchr search): most
/// pages hold none, so the scan costs about one pass over their bytes.
fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let first = char::from(*n.first()?);
    let mut at = from;
    while let Some(i) = hay.get(at..)?.find(first) {
        let p = at + i;
        if h.get(p..p + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
        {
            return Some(p);
        }
        at = p + 1;
    }
    None
}

/// Forward searches for one needle in one text, remembered: a table's rows and
/// a row's cells are searched front to back, so a needle that is absent (or far
/// ahead) is not searched for again from every cell (that was quadratic on a
/// row of thousands of cells). `from` must never decrease between calls.
struct Ahead<'a> {
    hay: &'a str,
    needle: &'static str,
    tag: bool,
    /// The last answer: the first match at or after every `from` asked so far.
    last: Option<Option<usize>>,
}

impl<'a> Ahead<'a> {
    fn tag(hay: &'a str, needle: &'static str) -> Self {
        Ahead {
            hay,
            needle,
            tag: true,
            last: None,
        }
    }
    fn text(hay: &'a str, needle: &'static str) -> Self {
        Ahead {
            hay,
            needle,
            tag: false,
            last: None,
        }
    }
    fn next(&mut self, from: usize) -> Option<usize> {
        match self.last {
            Some(None) => return None,
            Some(Some(p)) if p >= from => return Some(p),
            _ => {}
        }
        let found = if self.tag {
            find_tag(self.hay, self.needle, from)
        } else {
            find_ci(self.hay, self.needle, from)
        };
        self.last = Some(found);
        found
    }
}

/// The next tag opening `<name` (followed by `>`, a space or `/`) at or after `from`.
fn find_tag(hay: &str, name: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = find_ci(hay, name, at) {
        let next = hay.as_bytes().get(i + name.len()).copied();
        if matches!(next, Some(b'>' | b' ' | b'\t' | b'\n' | b'/')) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Every `<table>` of the body as a [`Table`]: `<tr>` rows (line of each `<tr>`),
/// `<th>`/`<td>` cells cleaned like Markdown cells (`<br>` and list items break
/// lines, links give URLs, other tags go). The header is the first row when it
/// holds `<th>` cells or sits in `<thead>`, else the first row all the same.
fn html_tables(body: &str, lines: &Lines, code: &[std::ops::Range<usize>]) -> Vec<Table> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = find_tag(body, "<table", at) {
        let close = find_ci(body, "</table", open).unwrap_or(body.len());
        at = close.max(open + 1);
        if code.iter().any(|r| r.contains(&open)) {
            continue;
        }
        let inner = &body[open..close];
        let mut rows: Vec<Row> = Vec::new();
        let mut header_cells: Option<Vec<Cell>> = None;
        let (mut next_tr, mut next_close) = (Ahead::tag(inner, "<tr"), Ahead::text(inner, "</tr"));
        // A row is in the `<thead>` when one opened before it and none closed
        // (the ends of the first `<thead` and `</thead`).
        let (thead, thead_end) = (
            find_ci(inner, "<thead", 0).map_or(usize::MAX, |p| p + "<thead".len()),
            find_ci(inner, "</thead", 0).map_or(usize::MAX, |p| p + "</thead".len()),
        );
        let mut r = 0;
        while let Some(tr) = next_tr.next(r) {
            let end = [next_close.next(tr + 3), next_tr.next(tr + 3)]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(inner.len());
            r = end.max(tr + 1);
            let (cells, any_th) = html_cells(&inner[tr..end]);
            if cells.is_empty() {
                continue;
            }
            let in_thead = thead <= tr && thead_end > tr;
            if header_cells.is_none() && rows.is_empty() && (any_th || in_thead) {
                header_cells = Some(cells);
                continue;
            }
            rows.push(Row {
                line: lines.line_of(open + tr),
                source_cells: cells.len(),
                cells,
            });
        }
        let header = match header_cells {
            Some(h) => h,
            None if !rows.is_empty() => rows.remove(0).cells,
            None => continue,
        };
        out.push(Table {
            line: lines.line_of(open),
            header,
            rows,
            joined: Vec::new(),
        });
    }
    out
}

/// The `<th>`/`<td>` cells of one `<tr>`, and whether any is a `<th>`.
fn html_cells(tr: &str) -> (Vec<Cell>, bool) {
    let mut cells = Vec::new();
    let mut any_th = false;
    let (mut next_td, mut next_th) = (Ahead::tag(tr, "<td"), Ahead::tag(tr, "<th"));
    let (mut td_end, mut th_end) = (Ahead::text(tr, "</td"), Ahead::text(tr, "</th"));
    let mut at = 0;
    loop {
        let td = next_td.next(at);
        let th = next_th.next(at);
        let (start, is_th) = match (td, th) {
            (Some(a), Some(b)) if b < a => (b, true),
            (Some(a), _) => (a, false),
            (None, Some(b)) => (b, true),
            (None, None) => break,
        };
        any_th |= is_th;
        let content = tr[start..].find('>').map_or(tr.len(), |i| start + i + 1);
        let end = [
            td_end.next(content),
            th_end.next(content),
            next_td.next(content),
            next_th.next(content),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(tr.len());
        cells.push(html_cell(&tr[content..end]));
        at = end.max(start + 1);
    }
    (cells, any_th)
}

/// One cell's HTML as a [`Cell`]: tags stripped, line breaks kept, entities decoded.
fn html_cell(html: &str) -> Cell {
    let mut c = CellBuf::default();
    let mut text = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt].replace('\n', " "));
        let Some(gt) = rest[lt..].find('>') else {
            text.push_str(&rest[lt..]);
            rest = "";
            break;
        };
        let tag = &rest[lt..lt + gt + 1];
        if is_br(tag) {
            text.push('\n');
        } else if let Some(u) = href(tag) {
            c.url(&u);
        }
        rest = &rest[lt + gt + 1..];
    }
    text.push_str(&rest.replace('\n', " "));
    let text = decode_entities(&text);
    let lines: Vec<&str> = text.split('\n').map(str::trim).collect();
    c.push(lines.join("\n").trim_matches('\n'));
    c.finish()
}

/// The HTML entities worklog cells use; others stay as written.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&nbsp;", " ")
        .replace("&emsp;", "\u{2003}")
        .replace("&ensp;", "\u{2002}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&ndash;", "–")
        .replace("&mdash;", "—")
        .replace("&amp;", "&")
}

fn is_delimiter_row(t: &str) -> bool {
    let t = t.trim();
    // The character test first: it stops at the first byte of most lines.
    t.bytes()
        .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
        && t.contains('-')
        && t.contains('|')
}

/// Table-looking lines outside every table Markdown recognised.
fn strays(
    body: &str,
    lines: &Lines,
    covered: &[std::ops::Range<usize>],
    table_lines: &[u32],
) -> Vec<Stray> {
    // Blocks in order, overlaps merged, walked beside the lines: one pass, not
    // a search of every block per line (quadratic on a page of many fences).
    let mut blocks: Vec<std::ops::Range<usize>> = covered.to_vec();
    blocks.sort_unstable_by_key(|r| r.start);
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(blocks.len());
    for r in blocks {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut block = 0;
    let mut out = Vec::new();
    for (i, &start) in lines.starts.iter().enumerate() {
        let line = lines.first + i as u32;
        while merged.get(block).is_some_and(|r| r.end <= start) {
            block += 1;
        }
        if start >= body.len()
            || table_lines.binary_search(&line).is_ok()
            || merged.get(block).is_some_and(|r| r.contains(&start))
        {
            continue;
        }
        let text = lines.text(body, line);
        if !text.trim_start().starts_with('|') || is_delimiter_row(text) {
            continue;
        }
        let text = text.trim_end().to_string();
        let next_is_delimiter = lines.get(body, line + 1).is_some_and(is_delimiter_row);
        out.push(if text.chars().all(|c| c == '|' || c.is_whitespace()) {
            Stray::LonePipe { line }
        } else if next_is_delimiter {
            Stray::MalformedHeader { line, text }
        } else {
            Stray::Row { line, text }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_past_pulldown_cmarks_padding_limit_are_strays_not_lost() {
        // A header of 100,000 columns over rows of 2 cells: pulldown-cmark pads
        // two rows (2^18 cells), then ends the table with an empty row and
        // reads the rest of its lines as a paragraph inside it.
        let md = format!(
            "| Day | Task |{}\n|{}\n| 2 | a |\n| 3 | b |\n| 4 | c |\n| 5 | d |\n",
            " x |".repeat(100_000),
            "---|".repeat(100_002)
        );
        let doc = parse(&format!("{md}\n| A | B |\n| - | - |\n| 1 | 2 |\n"), 1);
        let rows: Vec<u32> = doc.tables[0].rows.iter().map(|r| r.line).collect();
        assert_eq!(rows, [3, 4]);
        // The rest of the page is inside that table, a table below too: both are read.
        assert_eq!(doc.tables.len(), 2);
        assert_eq!((doc.tables[1].line, doc.tables[1].rows[0].line), (8, 10));
        assert_eq!(
            doc.strays,
            [
                Stray::Row {
                    line: 5,
                    text: "| 4 | c |".into()
                },
                Stray::Row {
                    line: 6,
                    text: "| 5 | d |".into()
                }
            ]
        );
    }

    /// The byte-by-byte reading [`count_source_cells`] replaced.
    fn count_source_cells_bytewise(line: &str) -> usize {
        let t = line
            .trim()
            .trim_start_matches(|c: char| c == '>' || c.is_whitespace());
        let (mut pipes, mut last_pipe) = (0usize, None);
        let mut escaped = false;
        for (i, b) in t.bytes().enumerate() {
            match b {
                b'\\' if !escaped => escaped = true,
                b'|' if !escaped => {
                    pipes += 1;
                    last_pipe = Some(i);
                }
                _ => escaped = false,
            }
            if b != b'\\' {
                escaped = false;
            }
        }
        let mut n = pipes + 1;
        if t.starts_with('|') {
            n -= 1;
        }
        if t.len() > 1 && last_pipe == Some(t.len() - 1) {
            n -= 1;
        }
        n.max(1)
    }

    proptest::proptest! {
        #[test]
        fn cell_count_agrees_with_the_bytewise_reading(s in "[|\\\\ a>é\t]{0,24}") {
            proptest::prop_assert_eq!(count_source_cells(&s), count_source_cells_bytewise(&s), "{:?}", s);
        }
    }

    #[test]
    fn counts_cells_on_the_source_line() {
        assert_eq!(count_source_cells("| 1 | a | b |"), 3);
        assert_eq!(count_source_cells("| 1 | a | b"), 3);
        assert_eq!(count_source_cells("1 | a | b |"), 3);
        assert_eq!(count_source_cells("| 1 | a \\| x | b |"), 3);
        assert_eq!(count_source_cells("| 1 | a | b | |"), 4);
        assert_eq!(count_source_cells("|"), 1);
        assert_eq!(count_source_cells("just text"), 1);
        assert_eq!(count_source_cells("| a \\\\| b | c \\\\\\| d |"), 3);
    }

    #[test]
    fn table_cells_keep_lines_urls_and_line_numbers() {
        let md = "intro\n\n| Day | Task | Ref |\n| --- | --- | --- |\n| 2 | **Lab 35**<br>- Glue&emsp;crawler<br/> - Athena | [x](https://000035.awsstudygroup.com/) <https://a.io> |\n| 3 | `code` | <a href=\"https://000021.awsstudygroup.com/\">w</a> |\n";
        let doc = parse(md, 10);
        assert_eq!(doc.tables.len(), 1);
        let t = &doc.tables[0];
        assert_eq!(t.line, 12);
        assert_eq!(
            t.header.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            ["Day", "Task", "Ref"]
        );
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 14);
        assert_eq!(
            t.rows[0].cells[1].text,
            "Lab 35\n- Glue\u{2003}crawler\n - Athena"
        );
        assert_eq!(
            t.rows[0].cells[2].urls,
            ["https://000035.awsstudygroup.com/", "https://a.io"]
        );
        assert_eq!(t.rows[1].cells[1].text, "code");
        assert_eq!(
            t.rows[1].cells[2].urls,
            ["https://000021.awsstudygroup.com/"]
        );
    }

    #[test]
    fn objectives_and_achievements_are_bullets_under_their_headings() {
        let md = "### Week 7 Objectives:\n\n- Learn S3\n- Learn EC2\n  - nested one\n\n### Tasks to be carried out this week:\n\n- not an objective\n\n### Week 7 Achievements:\n\n* Built a lake\n";
        let doc = parse(md, 1);
        assert_eq!(doc.objectives, ["Learn S3", "Learn EC2", "nested one"]);
        assert_eq!(doc.achievements, ["Built a lake"]);
        assert_eq!(doc.headings.len(), 3);
        assert_eq!(doc.headings[2].line, 11);
    }

    #[test]
    fn huge_cells_are_truncated() {
        let big = "x".repeat(MAX_CELL_BYTES * 3);
        let md = format!("| Task | Start Date |\n| --- | --- |\n| {big} | 1/1/2025 |\n");
        let doc = parse(&md, 1);
        let c = &doc.tables[0].rows[0].cells[0];
        assert!(c.truncated);
        assert_eq!(c.text.len(), MAX_CELL_BYTES);
    }
}
