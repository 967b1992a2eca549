//! Chart geometry, pure: query results in, shapes out. The template draws the
//! shapes as inline SVG (`<rect>`, `<text>`, `<line>`), so no script and no network.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub fill: String,
    /// Tooltip (`<title>`).
    pub title: String,
    pub stroke: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    pub size: f64,
    /// Text colour when not the page's (white on a dark cell).
    pub fill: Option<&'static str>,
    /// The full text as a tooltip (`<title>`) when `text` was shortened.
    pub full: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Line {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

/// One chart: an SVG of `width` × `height` user units.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Chart {
    /// Stable name (`data-chart`), for tests and links.
    pub id: &'static str,
    pub title: String,
    pub width: f64,
    pub height: f64,
    pub rects: Vec<Rect>,
    pub labels: Vec<Label>,
    pub lines: Vec<Line>,
    /// A sentence under the chart (what was left out, how to read it).
    pub note: String,
}

impl Chart {
    fn new(id: &'static str, title: &str, width: f64, height: f64) -> Self {
        Chart {
            id,
            title: title.to_string(),
            width,
            height,
            rects: Vec::new(),
            labels: Vec::new(),
            lines: Vec::new(),
            note: String::new(),
        }
    }
    fn label(&mut self, x: f64, y: f64, text: impl Into<String>, anchor: &'static str, size: f64) {
        self.labels.push(Label {
            x,
            y,
            text: text.into(),
            anchor,
            size,
            fill: None,
            full: None,
        });
    }
    /// A name label, shortened from the middle to `max_w` with the full name as
    /// its tooltip.
    fn name(&mut self, x: f64, y: f64, name: &str, anchor: &'static str, size: f64, max_w: f64) {
        let short = shorten_middle(name, size, max_w);
        self.labels.push(Label {
            x,
            y,
            full: (short != name).then(|| name.to_string()),
            text: short,
            anchor,
            size,
            fill: None,
        });
    }
}

/// A colour-blind-safe palette (Okabe–Ito), then grey for "others".
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
];

/// White → dark blue by `v / max`.
fn shade(v: i64, max: i64) -> String {
    if v <= 0 || max <= 0 {
        return "#f3f4f6".into();
    }
    let t = (v as f64 / max as f64).clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64| (a + (b - a) * (0.15 + 0.85 * t)).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        lerp(230.0, 8.0),
        lerp(240.0, 69.0),
        lerp(250.0, 148.0)
    )
}

/// The width of `s` at font `size`, over-estimated for common sans-serif fonts
/// (DejaVu Sans, the widest usual fallback): a label column sized by it
/// holds the label.
pub fn text_width(s: &str, size: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.36,
            'f' | 't' | 'r' | '-' | '(' | ')' | '[' | ']' => 0.48,
            'm' | 'w' | 'M' | 'W' | '@' | '%' => 1.0,
            'A'..='Z' | '0'..='9' | '_' | '#' | '&' => 0.78,
            c if c.is_ascii() => 0.62,
            // Wide scripts (CJK, emoji) take a full em or more.
            c if (c as u32) >= 0x1100 && !matches!(c as u32, 0x1E00..=0x1EFF) => 1.1,
            // Latin with diacritics (Vietnamese) and other alphabets.
            _ => 0.66,
        })
        .sum();
    em * size
}

/// `s` itself when it fits in `max_w` at `size`, else its start and end with
/// `…` between (the start and end of `owner__repository` tell names apart).
pub fn shorten_middle(s: &str, size: f64, max_w: f64) -> String {
    if text_width(s, size) <= max_w {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let budget = max_w - text_width("…", size);
    let (mut head, mut tail) = (0usize, 0usize);
    let mut used = 0.0;
    // Take characters alternately from each end while they fit.
    while head + tail < chars.len() {
        let from_head = head <= tail;
        let next = if from_head {
            head
        } else {
            chars.len() - 1 - tail
        };
        let w = text_width(&chars[next].to_string(), size);
        if used + w > budget {
            break;
        }
        used += w;
        if from_head {
            head += 1;
        } else {
            tail += 1;
        }
    }
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// Labels wider than this are shortened from the middle (full name in the tooltip).
const MAX_LABEL_W: f64 = 320.0;

/// The left column for `names` at `size`: as wide as the widest, at most
/// [`MAX_LABEL_W`], plus padding.
fn label_column<'a>(names: impl Iterator<Item = &'a str>, size: f64) -> f64 {
    let widest = names.map(|n| text_width(n, size)).fold(40.0, f64::max);
    widest.min(MAX_LABEL_W) + 16.0
}

/// Heatmap geometry: the week-label band above the grid, and a cell's size.
const HEAT_TOP: f64 = 34.0;
const HEAT_CELL_W: f64 = 34.0;
const HEAT_CELL_H: f64 = 22.0;

/// One heatmap row: an intern (or the summed others) with its task count per
/// week and its gap weeks.
struct HeatRow {
    name: String,
    counts: BTreeMap<i64, i64>,
    gaps: BTreeSet<i64>,
}

/// Tasks per intern × week. The `top` interns with the most tasks get a row each,
/// the rest one "others" row (their sum); weeks inside an intern's range with no
/// task (`gaps`) are outlined in red.
pub fn heatmap(cells: &[(String, i64, i64)], gaps: &[(String, i64)], top: usize) -> Chart {
    let weeks = heatmap_weeks(cells, gaps);
    let (rows, shown, others) = heatmap_rows(cells, gaps, top);
    // The scale comes from the shown interns only: the summed row would
    // otherwise make every other cell pale.
    let max = rows
        .iter()
        .take(shown)
        .flat_map(|r| r.counts.values().copied())
        .max()
        .unwrap_or(1);
    let left = label_column(rows.iter().map(|r| r.name.as_str()), 12.0);
    let mut c = Chart::new(
        "heatmap",
        "Tasks per intern and week",
        left + HEAT_CELL_W * weeks.len().max(1) as f64 + 10.0,
        HEAT_TOP + HEAT_CELL_H * rows.len().max(1) as f64 + 10.0,
    );
    for (j, w) in weeks.iter().enumerate() {
        c.label(
            left + HEAT_CELL_W * j as f64 + HEAT_CELL_W / 2.0,
            HEAT_TOP - 10.0,
            format!("w{w}"),
            "middle",
            11.0,
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = HEAT_TOP + HEAT_CELL_H * i as f64;
        c.name(
            left - 8.0,
            y + HEAT_CELL_H * 0.68,
            &row.name,
            "end",
            12.0,
            MAX_LABEL_W,
        );
        for (j, w) in weeks.iter().enumerate() {
            let x = left + HEAT_CELL_W * j as f64;
            heatmap_cell(&mut c, row, *w, (x, y), i >= shown, max);
        }
    }
    c.note = heatmap_note(shown, others);
    c
}

/// Every week any intern has a task or a gap in, in order: the columns.
fn heatmap_weeks(cells: &[(String, i64, i64)], gaps: &[(String, i64)]) -> Vec<i64> {
    let weeks: BTreeSet<i64> = cells
        .iter()
        .map(|c| c.1)
        .chain(gaps.iter().map(|g| g.1))
        .collect();
    weeks.into_iter().collect()
}

/// The `top` interns with the most tasks (ties by name), then one row summing
/// the rest so a large cohort stays readable; returns the rows, how many are
/// interns and how many interns were summed.
fn heatmap_rows(
    cells: &[(String, i64, i64)],
    gaps: &[(String, i64)],
    top: usize,
) -> (Vec<HeatRow>, usize, usize) {
    let mut totals: BTreeMap<&str, i64> = BTreeMap::new();
    for (i, _, n) in cells {
        *totals.entry(i.as_str()).or_default() += n;
    }
    let mut order: Vec<(&str, i64)> = totals.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown: Vec<&str> = order.iter().take(top).map(|x| x.0).collect();
    let others = order.len().saturating_sub(shown.len());
    let mut rows: Vec<HeatRow> = shown
        .iter()
        .map(|name| HeatRow {
            name: name.to_string(),
            counts: cells
                .iter()
                .filter(|c| c.0 == *name)
                .map(|c| (c.1, c.2))
                .collect(),
            gaps: gaps.iter().filter(|g| g.0 == *name).map(|g| g.1).collect(),
        })
        .collect();
    if others > 0 {
        let mut counts = BTreeMap::new();
        for c in cells.iter().filter(|c| !shown.contains(&c.0.as_str())) {
            *counts.entry(c.1).or_default() += c.2;
        }
        // A sum of interns has no gaps of its own.
        rows.push(HeatRow {
            name: format!("{others} others (sum)"),
            counts,
            gaps: BTreeSet::new(),
        });
    }
    (rows, shown.len(), others)
}

/// One cell of `row` in week `w` at `(x, y)`: its shade, hover title and count.
/// The summed row is shaded on its own doubled scale so it does not saturate.
fn heatmap_cell(c: &mut Chart, row: &HeatRow, w: i64, (x, y): (f64, f64), summed: bool, max: i64) {
    let n = row.counts.get(&w).copied().unwrap_or(0);
    let is_gap = row.gaps.contains(&w);
    c.rects.push(Rect {
        x: x + 1.0,
        y: y + 1.0,
        w: HEAT_CELL_W - 2.0,
        h: HEAT_CELL_H - 2.0,
        fill: if is_gap {
            "#fde8e8".into()
        } else if summed {
            shade(n, n.max(max) * 2)
        } else {
            shade(n, max)
        },
        title: format!(
            "{}, week {w}: {n} tasks{}",
            row.name,
            if is_gap { " (no activity)" } else { "" }
        ),
        stroke: is_gap.then(|| "#c81e1e".to_string()),
    });
    if n > 0 {
        c.label(
            x + HEAT_CELL_W / 2.0,
            y + HEAT_CELL_H * 0.68,
            n.to_string(),
            "middle",
            11.0,
        );
        // White on the darker half of the scale, so counts stay readable.
        if !summed && n * 2 > max {
            if let Some(l) = c.labels.last_mut() {
                l.fill = Some("#ffffff");
            }
        }
    }
}

fn heatmap_note(shown: usize, others: usize) -> String {
    format!(
        "Each task counted once (primary language). Red outline: a week inside the intern's first–last week with no task.{}",
        if others > 0 {
            format!(" The {shown} interns with the most tasks are shown; the other {others} are summed in the last row.")
        } else {
            String::new()
        }
    )
}

/// Horizontal bars, longest first; `top` bars at most.
pub fn bars(
    id: &'static str,
    title: &str,
    values: &[(String, i64)],
    top: usize,
    unit: &str,
) -> Chart {
    let mut v: Vec<&(String, i64)> = values.iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let shown: Vec<&&(String, i64)> = v.iter().take(top).collect();
    let max = shown.iter().map(|x| x.1).max().unwrap_or(1).max(1);
    let left = label_column(shown.iter().map(|x| x.0.as_str()), 12.0);
    let (bar_h, plot_w) = (20.0, 420.0);
    let mut c = Chart::new(
        id,
        title,
        left + plot_w + 60.0,
        10.0 + bar_h * shown.len().max(1) as f64 + 10.0,
    );
    for (i, (name, n)) in shown.iter().map(|x| (&x.0, x.1)).enumerate() {
        let y = 10.0 + bar_h * i as f64;
        let w = plot_w * n as f64 / max as f64;
        c.name(left - 8.0, y + bar_h * 0.7, name, "end", 12.0, MAX_LABEL_W);
        c.rects.push(Rect {
            x: left,
            y: y + 2.0,
            w: w.max(1.0),
            h: bar_h - 4.0,
            fill: PALETTE[0].into(),
            title: format!("{name}: {n} {unit}"),
            stroke: None,
        });
        c.label(
            left + w + 6.0,
            y + bar_h * 0.7,
            n.to_string(),
            "start",
            11.0,
        );
    }
    if v.len() > shown.len() {
        c.note = format!("Top {} of {}.", shown.len(), v.len());
    }
    c
}

/// The colour of category `slot` of `named` ones; "Other" (slot = named) is grey.
fn colour(slot: usize, named: usize) -> &'static str {
    if slot >= named {
        PALETTE[PALETTE.len() - 1]
    } else {
        PALETTE[slot.min(PALETTE.len() - 2)]
    }
}

/// Stacked vertical bars: per week, tasks per category; the `top` categories
/// overall get a colour each, the rest are "Other".
pub fn stacked(values: &[(i64, String, i64)], top: usize) -> Chart {
    let mut totals: BTreeMap<&str, i64> = BTreeMap::new();
    for (_, cat, n) in values {
        *totals.entry(cat.as_str()).or_default() += n;
    }
    let mut cats: Vec<(&str, i64)> = totals.into_iter().collect();
    cats.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let named: Vec<&str> = cats
        .iter()
        .take(top.min(PALETTE.len() - 1))
        .map(|c| c.0)
        .collect();
    let has_other = cats.len() > named.len();
    let weeks: Vec<i64> = values
        .iter()
        .map(|v| v.0)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut per: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (w, cat, n) in values {
        let slot = named.iter().position(|c| c == cat).unwrap_or(named.len());
        per.entry(*w).or_insert_with(|| vec![0; named.len() + 1])[slot] += n;
    }
    let max = per
        .values()
        .map(|v| v.iter().sum::<i64>())
        .max()
        .unwrap_or(1)
        .max(1);
    let (left, top_pad, plot_h, bw) = (40.0, 22.0, 220.0, 34.0);
    let legend_x = left + (bw + 12.0) * weeks.len().max(1) as f64 + 20.0;
    let legend_w = label_column(named.iter().copied().chain(["Other"]), 12.0);
    let mut c = Chart::new(
        "topics",
        "Topics per week (tasks per AWS service category)",
        legend_x + 18.0 + legend_w,
        top_pad + plot_h + 40.0,
    );
    c.lines.push(Line {
        x1: left,
        y1: top_pad + plot_h,
        x2: legend_x - 10.0,
        y2: top_pad + plot_h,
    });
    for (j, w) in weeks.iter().enumerate() {
        let x = left + (bw + 12.0) * j as f64 + 6.0;
        let mut y = top_pad + plot_h;
        for (slot, n) in per[w].iter().enumerate() {
            if *n == 0 {
                continue;
            }
            let h = plot_h * *n as f64 / max as f64;
            y -= h;
            let cat = named.get(slot).copied().unwrap_or("Other");
            c.rects.push(Rect {
                x,
                y,
                w: bw,
                h,
                fill: colour(slot, named.len()).into(),
                title: format!("week {w}, {cat}: {n} tasks"),
                stroke: None,
            });
        }
        c.label(
            x + bw / 2.0,
            top_pad + plot_h + 16.0,
            format!("w{w}"),
            "middle",
            11.0,
        );
        c.label(
            x + bw / 2.0,
            y - 4.0,
            per[w].iter().sum::<i64>().to_string(),
            "middle",
            10.0,
        );
    }
    let legend: Vec<&str> = named
        .iter()
        .copied()
        .chain(has_other.then_some("Other"))
        .collect();
    for (k, cat) in legend.iter().enumerate() {
        let y = top_pad + 18.0 * k as f64;
        c.rects.push(Rect {
            x: legend_x,
            y,
            w: 12.0,
            h: 12.0,
            fill: colour(k, named.len()).into(),
            title: cat.to_string(),
            stroke: None,
        });
        c.name(legend_x + 18.0, y + 10.0, cat, "start", 12.0, MAX_LABEL_W);
    }
    c
}

/// Task durations in day buckets.
pub fn durations(values: &[(i64, i64)]) -> Chart {
    const BUCKETS: [(&str, i64, i64); 9] = [
        ("1", 1, 1),
        ("2", 2, 2),
        ("3", 3, 3),
        ("4", 4, 4),
        ("5", 5, 5),
        ("6–7", 6, 7),
        ("8–14", 8, 14),
        ("15–31", 15, 31),
        (">31", 32, i64::MAX),
    ];
    let counts: Vec<i64> = BUCKETS
        .iter()
        .map(|(_, lo, hi)| {
            values
                .iter()
                .filter(|(d, _)| d >= lo && d <= hi)
                .map(|x| x.1)
                .sum()
        })
        .collect();
    let max = counts.iter().copied().max().unwrap_or(1).max(1);
    let (left, top_pad, plot_h, bw) = (40.0, 16.0, 180.0, 44.0);
    let mut c = Chart::new(
        "durations",
        "Task durations (days)",
        left + (bw + 10.0) * 9.0 + 20.0,
        top_pad + plot_h + 40.0,
    );
    for (j, ((label, _, _), n)) in BUCKETS.iter().zip(&counts).enumerate() {
        let x = left + (bw + 10.0) * j as f64;
        let h = plot_h * *n as f64 / max as f64;
        c.rects.push(Rect {
            x,
            y: top_pad + plot_h - h,
            w: bw,
            h,
            fill: PALETTE[2].into(),
            title: format!("{label} days: {n} tasks"),
            stroke: None,
        });
        c.label(
            x + bw / 2.0,
            top_pad + plot_h + 16.0,
            *label,
            "middle",
            11.0,
        );
        c.label(
            x + bw / 2.0,
            top_pad + plot_h - h - 4.0,
            n.to_string(),
            "middle",
            10.0,
        );
    }
    c.lines.push(Line {
        x1: left,
        y1: top_pad + plot_h,
        x2: left + (bw + 10.0) * 9.0,
        y2: top_pad + plot_h,
    });
    c.note =
        "Tasks with both dates of their own (a list task dated only by its week has no duration)."
            .into();
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heatmap_keeps_top_rows_sums_others_and_marks_gaps() {
        let cells = vec![
            ("a".to_string(), 1, 5),
            ("a".to_string(), 3, 2),
            ("b".to_string(), 1, 1),
            ("c".to_string(), 2, 1),
        ];
        let gaps = vec![("a".to_string(), 2)];
        let h = heatmap(&cells, &gaps, 2);
        // 2 shown rows + others × weeks 1..3.
        assert_eq!(h.rects.len(), 3 * 3);
        assert!(h
            .rects
            .iter()
            .any(|r| r.stroke.is_some() && r.title == "a, week 2: 0 tasks (no activity)"));
        assert!(h.labels.iter().any(|l| l.text == "1 others (sum)"));
        assert!(h.note.contains("other 1"));
    }

    #[test]
    fn stacked_groups_small_categories_as_other() {
        let v = vec![
            (1, "Compute".to_string(), 3),
            (1, "Storage".to_string(), 2),
            (2, "Analytics".to_string(), 1),
        ];
        let s = stacked(&v, 2);
        assert!(s.labels.iter().any(|l| l.text == "Other"));
        assert_eq!(
            s.rects
                .iter()
                .filter(|r| r.title.starts_with("week"))
                .count(),
            3
        );
    }

    #[test]
    fn long_names_are_shortened_in_the_middle_and_keep_the_full_name() {
        let long = "nguyen-thi-thanh-huong-2003__aws-first-cloud-journey-internship-worklog-2025";
        let b = bars(
            "labs",
            "t",
            &[(long.to_string(), 3), ("ab".to_string(), 1)],
            10,
            "labs",
        );
        let l = b.labels.iter().find(|l| l.full.is_some()).unwrap();
        assert_eq!(l.full.as_deref(), Some(long));
        let (head, tail) = l.text.split_once('…').unwrap();
        assert!(long.starts_with(head) && long.ends_with(tail), "{}", l.text);
        assert!(text_width(&l.text, 12.0) <= MAX_LABEL_W);
        // The column holds the shortened label, and a short name is left whole.
        assert!(b.rects[0].x >= text_width(&l.text, 12.0) + 8.0);
        assert!(b.labels.iter().any(|l| l.text == "ab" && l.full.is_none()));
        // A cohort of short names gets a narrow column.
        let short = bars("labs", "t", &[("ab".to_string(), 1)], 10, "labs");
        assert!(short.rects[0].x < 60.0);
        assert_eq!(shorten_middle("abc", 12.0, 100.0), "abc");
        assert_eq!(shorten_middle("abcdefghij", 10.0, 0.0), "…");
    }

    #[test]
    fn durations_bucket() {
        let d = durations(&[(1, 4), (2, 1), (6, 2), (7, 1), (40, 1)]);
        let t: Vec<&str> = d.rects.iter().map(|r| r.title.as_str()).collect();
        assert!(t.contains(&"6–7 days: 3 tasks"));
        assert!(t.contains(&">31 days: 1 tasks"));
    }
}
