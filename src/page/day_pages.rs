//! Weeks split into day pages (`week5/day-3.md`,
//! `1.5-Week5/1.5.3-Day23-2026-03-11/_index.md`): each day page is that day's
//! work. Pure: a page's path, title and outline in; the site's pages in for
//! the decisions that need a week's other pages.

use std::sync::LazyLock;

use regex::Regex;

use super::markdown::{Block, Doc};
use super::{lists, week_in, ParsedPage, RawRow, HUGO_DIR};
use crate::normalize::{dates, days};

/// What a day page tells about its day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayPage {
    /// The folder of its week (`…/1-Worklog/1.5-Week5`), `/`-separated.
    pub week_folder: String,
    /// The page's own name: its file stem, or its folder for an index page.
    pub name: String,
    /// The day as the name or title writes it (`Day23`, `Thứ 3`).
    pub label: String,
    /// A day number (`Day 23`: 23), as written.
    pub number: Option<u32>,
    /// A weekday the name or title names (1 = Monday).
    pub weekday: Option<u8>,
    /// A date the name or title writes (`2026-03-11`), as written.
    pub date_text: Option<String>,
    /// Where `date_text` came from, for messages.
    pub date_from: &'static str,
    /// Its place among its week's day pages in its language (1 = first), set
    /// by [`link_site`] when the week has at most 7 of them.
    pub position: Option<u32>,
    /// Its week's range is the one its week page writes (set by [`link_site`]).
    pub range_from_week: bool,
}

impl DayPage {
    /// The weekday the page holds: named, else its place in the week.
    pub fn weekday(&self) -> Option<u8> {
        self.weekday
            .or(self.position.and_then(|p| u8::try_from(p).ok()))
    }
}

static DAY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\p{L}])((?:day|ngày|ngay)[\s_.-]*0*(\d{1,3}))(?:$|[^0-9])")
        .expect("static regex")
});

/// A day as named: label, number, weekday, date text.
type Named = (String, Option<u32>, Option<u8>, Option<String>);

/// The day a name (`1.5.3-Day23-2026-03-11`, `day-3`, `monday`, `thu-3`) or a
/// title (`Day 23 - S3`, `Thứ 3 (17/03)`) names: label, number, weekday, date.
fn day_named(text: &str, title: bool) -> Option<Named> {
    if title {
        let (label, date) = lists::day_of(text)?;
        let number = DAY_NAME
            .captures(&label)
            .and_then(|c| c.get(2)?.as_str().parse().ok());
        let weekday = days::parse_day(&label).token.named();
        return (number.is_some() || weekday.is_some() || date.is_some())
            .then_some((label, number, weekday, date));
    }
    let found = DAY_NAME.captures(text);
    let label = found
        .as_ref()
        .and_then(|c| Some(c.get(1)?.as_str().to_string()));
    let number = found.and_then(|c| c.get(2)?.as_str().parse().ok());
    let date = dates::with_found(text, |f| {
        f.iter()
            .find(|f| f.strict)
            .map(|f| text[f.start..f.end].to_string())
    });
    // Words of the name as a Day cell, two then one at a time: `thu-3` is Thứ 3, `monday` Monday.
    let plain = dates::strip_dates(text);
    let words: Vec<&str> = plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let pairs = words.windows(2).map(|w| w.join(" "));
    let weekday_word = pairs
        .chain(words.iter().map(|w| w.to_string()))
        .find(|w| days::parse_day(w).token.named().is_some());
    let weekday = weekday_word
        .as_deref()
        .and_then(|w| days::parse_day(w).token.named());
    if number.is_none() && weekday.is_none() && date.is_none() {
        return None;
    }
    let label = label.or(weekday_word).unwrap_or_default();
    Some((label, number, weekday, date))
}

/// A page below a week's folder whose own name or title names a day: the
/// week it belongs to and what it tells about its day. `parts` is the page's
/// path, `/`-split; the week page itself (`1.5-Week5/_index.md`, `week-05.md`)
/// is not one.
/// `hugo`: a bare Hugo number may name the week (inside a worklog section).
pub fn detect(
    parts: &[&str],
    title: Option<&str>,
    heading: Option<&str>,
    hugo: bool,
) -> Option<(u32, DayPage)> {
    let file = *parts.last()?;
    let stem = file.split('.').next().unwrap_or("");
    let index = stem == "_index" || stem == "index";
    let (own_at, week_at) = if index {
        (parts.len().checked_sub(2)?, parts.len().checked_sub(3)?)
    } else {
        (parts.len() - 1, parts.len().checked_sub(2)?)
    };
    let own = if index { parts[own_at] } else { stem };
    let week_dir = parts[week_at];
    if week_in(own).is_some() {
        return None;
    }
    // The week folder names its week (`week5`, `1.5-Week5`), or numbers it the
    // Hugo way with the day inside it (`1.5-…/1.5.3-…`).
    let hugo = |d: &str| -> Option<u32> {
        if !hugo {
            return None;
        }
        let c = HUGO_DIR.captures(d)?;
        let prefix = &d[..c.get(1)?.end()];
        own.starts_with(&format!("{prefix}."))
            .then(|| c.get(1)?.as_str().parse().ok())
            .flatten()
    };
    let week = week_in(week_dir).or_else(|| hugo(week_dir))?;
    let (named, from) = match day_named(own, false) {
        Some(n) => (n, "its name"),
        None => match title.and_then(|t| day_named(t, true)) {
            Some(n) => (n, "its title"),
            None => (
                heading.and_then(|h| day_named(h, true))?,
                "its first heading",
            ),
        },
    };
    let (label, number, weekday, date_text) = named;
    let mut date_from = from;
    // A date the name does not write may be in the title (`Day 3 - 11/03/2026`).
    let date_text = date_text.or_else(|| {
        let t = title.and_then(|t| day_named(t, true))?.3?;
        date_from = "its title";
        Some(t)
    });
    Some((
        week,
        DayPage {
            week_folder: parts[..=week_at].join("/"),
            name: own.to_string(),
            label,
            number,
            weekday,
            date_text,
            date_from,
            position: None,
            range_from_week: false,
        },
    ))
}

/// A day page without a tasks table or list: the page is one task, its title
/// the page's title and its text the details.
pub fn page_task(doc: &Doc, title: &str, body_line: u32) -> RawRow {
    let mut details = Vec::new();
    let mut urls = Vec::new();
    let mut line = None;
    for b in &doc.blocks {
        if let Block::Para {
            line: l,
            text,
            urls: u,
            ..
        }
        | Block::Item {
            line: l,
            text,
            urls: u,
            ..
        } = b
        {
            line.get_or_insert(*l);
            if !text.trim().is_empty() {
                details.push(text.trim().to_string());
            }
            urls.extend(u.iter().cloned());
        }
    }
    let mut task = title.trim().to_string();
    for d in details {
        task.push('\n');
        task.push_str(&d);
    }
    RawRow {
        row_number: 1,
        line: line.unwrap_or(body_line),
        task,
        task_urls: urls,
        single_date: true,
        ..RawRow::default()
    }
}

/// A finding of [`link_site`] for one page: (page index, line, message).
pub type Finding = (usize, u32, String);

/// The key a week page is found by from its day pages: its folder for an
/// index page (`…/1.5-Week5/_index.md`), else the folder its stem names
/// (`…/week5.md` beside `…/week5/`).
fn week_key(source_path: &str) -> Option<String> {
    let (dir, file) = source_path.rsplit_once('/')?;
    let stem = file.split('.').next().unwrap_or("");
    Some(if stem == "_index" || stem == "index" {
        dir.to_string()
    } else {
        format!("{dir}/{stem}")
    })
}

/// Site-level decisions on day pages (`pages` are one site's parsed pages):
/// each day page's place in its week (its weekday when nothing names one),
/// the front-matter dates of a week's day pages when they all differ (a
/// template date copied to every page never does), and the week page's rows
/// that repeat a day page's day, which are taken out (counted on the day page)
/// with a finding each. Returns the findings.
pub fn link_site(pages: &mut [Option<&mut ParsedPage>]) -> Vec<Finding> {
    use std::collections::BTreeMap;
    let mut findings = Vec::new();
    // Day pages by week folder and language, in their days' order.
    let mut weeks: BTreeMap<(String, &'static str), Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(d) = p.as_ref().and_then(|p| p.day_page.as_ref()) {
            weeks
                .entry((
                    d.week_folder.clone(),
                    p.as_ref().map_or("", |p| p.lang.as_str()),
                ))
                .or_default()
                .push(i);
        }
    }
    for ((folder, lang), idxs) in &mut weeks {
        idxs.sort_by_key(|&i| {
            let d = day_of(pages, i);
            (
                d.as_ref().and_then(|d| d.number),
                pages[i].as_ref().map(|p| p.source_path.clone()),
            )
        });
        // The week page of this folder and language: the range it writes is its days' too.
        let week_page = (0..pages.len()).find(|&j| {
            pages[j].as_ref().is_some_and(|p| {
                p.day_page.is_none()
                    && p.lang.as_str() == *lang
                    && week_key(&p.source_path).as_deref() == Some(folder.as_str())
            })
        });
        // (A table page keeps no range of its own: its rows have dates; read its headings.)
        let week_range = week_page.and_then(|j| {
            let w = pages[j].as_ref()?;
            w.week_range.clone().or_else(|| {
                w.headings
                    .iter()
                    .find(|(_, h)| matches!(dates::scan_range(h), (dates::Scan::Date(_), Some(_))))
                    .cloned()
            })
        });
        date_day_pages(pages, idxs, &week_range, &mut findings);
        let days: Vec<DayPage> = idxs.iter().filter_map(|&i| day_of(pages, i)).collect();
        if let Some(j) = week_page {
            drop_repeated_rows(pages, j, &days, &mut findings);
        }
    }
    findings
}

fn day_of(pages: &[Option<&mut ParsedPage>], i: usize) -> Option<DayPage> {
    pages[i].as_ref()?.day_page.clone()
}

/// The day pages of one week (`idxs`, in their days' order): each one's place,
/// the week's range, its front-matter date when the week's all differ, and
/// the rows that write no date of their own dated by the page's day.
fn date_day_pages(
    pages: &mut [Option<&mut ParsedPage>],
    idxs: &[usize],
    week_range: &Option<(u32, String)>,
    findings: &mut Vec<Finding>,
) {
    let fronts: Vec<Option<String>> = idxs
        .iter()
        .map(|&i| pages[i].as_ref().and_then(|p| p.front.date.clone()))
        .collect();
    let mut distinct: Vec<&String> = fronts.iter().flatten().collect();
    distinct.sort();
    distinct.dedup();
    let fronts_differ = idxs.len() >= 2 && distinct.len() == idxs.len();
    for (k, &i) in idxs.iter().enumerate() {
        let Some(p) = pages[i].as_mut() else { continue };
        let Some(d) = p.day_page.as_mut() else {
            continue;
        };
        if idxs.len() <= 7 {
            d.position = Some(k as u32 + 1);
        }
        if p.week_range.is_none() && week_range.is_some() {
            p.week_range.clone_from(week_range);
            d.range_from_week = true;
        }
        if d.date_text.is_none() && fronts_differ {
            d.date_text.clone_from(&fronts[k]);
            d.date_from = "its front-matter date (each day page of the week has its own)";
        }
        let why = match (&d.date_text, d.weekday, d.position) {
            (Some(t), _, _) => format!("the date {t:?} from {}", d.date_from),
            (None, Some(w), _) => format!("its weekday ({})", days::WEEKDAYS[usize::from(w.clamp(1, 7) - 1)]),
            (None, None, Some(k)) if k <= 7 => format!(
                "its place in the week: day page {k} of {}, a {} (dated in the week's range when the site gives one)",
                idxs.len(),
                days::WEEKDAYS[k as usize - 1]
            ),
            _ => "no date: its week has more than 7 day pages".to_string(),
        };
        let (date, label) = (d.date_text.clone(), d.label.clone());
        if let Some((line, undated_rows)) = date_rows(&mut p.rows, &date, &label) {
            findings.push((
                i,
                line,
                format!(
                    "a day page of week {}: {} {why}",
                    p.week.unwrap_or(0),
                    if undated_rows == 1 {
                        "its task without a date of its own takes".to_string()
                    } else {
                        format!("its {undated_rows} tasks without a date of their own take")
                    }
                ),
            ));
        }
    }
}

/// Rows that write no date of their own take the page's day (its `date` and,
/// when it names a weekday, its `label`). Returns the first such row's line
/// and how many there were.
fn date_rows(rows: &mut [RawRow], date: &Option<String>, label: &str) -> Option<(u32, usize)> {
    let mut undated_rows = 0;
    let mut line = None;
    for r in rows {
        let undated = r.start.as_deref().is_none_or(dates::is_blank)
            && r.end.as_deref().is_none_or(dates::is_blank);
        if undated {
            undated_rows += 1;
            line.get_or_insert(r.line);
            r.start.clone_from(date);
            r.single_date = true;
            let named = days::parse_day(label).token.named().is_some();
            if named && !r.day.chars().any(char::is_alphanumeric) {
                r.day.clear();
                r.day.push_str(label);
            }
        }
    }
    line.map(|l| (l, undated_rows))
}

/// The week page's (`pages[j]`) rows that stand for one of its `days`: taken
/// out, each with a finding (the task is counted on the day page).
fn drop_repeated_rows(
    pages: &mut [Option<&mut ParsedPage>],
    j: usize,
    days: &[DayPage],
    findings: &mut Vec<Finding>,
) {
    let Some(w) = pages[j].as_mut() else { return };
    w.day_pages = days.len() as u32;
    let rows = std::mem::take(&mut w.rows);
    for r in rows {
        match days.iter().find(|d| repeats(&r, d)) {
            Some(d) => findings.push((
                j,
                r.line,
                format!(
                    "row {} is the day the day page {:?} holds ({}); its task is counted there, not twice",
                    r.row_number,
                    d.name,
                    if d.label.is_empty() { d.date_text.clone().unwrap_or_default() } else { d.label.clone() }
                ),
            )),
            None => w.rows.push(r),
        }
    }
}

/// A week page's row stands for a day page: it links to it, or names its day
/// (the same day number, weekday or date).
fn repeats(r: &RawRow, d: &DayPage) -> bool {
    let name = d.name.to_lowercase();
    if r.task_urls
        .iter()
        .chain(&r.reference_urls)
        .any(|u| u.to_lowercase().contains(&name))
    {
        return true;
    }
    let number = DAY_NAME
        .captures(&r.day)
        .and_then(|c| c.get(2)?.as_str().parse::<u32>().ok());
    if number.is_some() && number == d.number {
        return true;
    }
    let weekday = days::parse_day(&r.day).token.named();
    if weekday.is_some() && weekday == d.weekday {
        return true;
    }
    let date = |t: &str| match dates::scan(t) {
        dates::Scan::Date(x) => Some(x),
        _ => None,
    };
    match (
        r.start.as_deref().and_then(date),
        d.date_text.as_deref().and_then(date),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn det(path: &str, title: Option<&str>) -> Option<(u32, DayPage)> {
        let parts: Vec<&str> = path.split('/').collect();
        detect(&parts, title, None, path.contains("Worklog"))
    }

    #[test]
    fn day_pages_are_found_below_their_week() {
        let (w, d) = det(
            "s/content/1-Worklog/1.5-Week5/1.5.3-Day23-2026-03-11/_index.md",
            None,
        )
        .unwrap();
        assert_eq!(w, 5);
        assert_eq!(
            (d.number, d.date_text.as_deref()),
            (Some(23), Some("2026-03-11"))
        );
        assert_eq!(d.week_folder, "s/content/1-Worklog/1.5-Week5");
        let (w, d) = det("s/content/worklog/week5/day-3.md", None).unwrap();
        assert_eq!((w, d.number, d.label.as_str()), (5, Some(3), "day-3"));
        let (_, d) = det("s/content/worklog/week-2/thu-3.vi.md", None).unwrap();
        assert_eq!(d.weekday, Some(2));
        let (_, d) = det(
            "s/content/worklog/tuan-2/notes.md",
            Some("Day 4 - 12/03/2026"),
        )
        .unwrap();
        assert_eq!(
            (d.number, d.date_text.as_deref()),
            (Some(4), Some("12/03/2026"))
        );
        // Hugo numbers: the day folder inside its week's number.
        let (w, _) = det("s/content/1-Worklog/1.2-Cloud/1.2.1-Monday/_index.md", None).unwrap();
        assert_eq!(w, 2);
        // Not day pages: the week pages themselves, a page naming no day, a page in no week.
        assert!(det("s/content/1-Worklog/1.5-Week5/_index.md", None).is_none());
        assert!(det("s/content/1-Worklog/week-05.md", None).is_none());
        assert!(det("s/content/1-Worklog/week5/lab-notes.md", Some("Lab notes")).is_none());
        assert!(det("s/content/1-Worklog/day-3.md", None).is_none());
        assert!(det("s/content/3-Blog/3.1-Blog1/3.1.2-Day2/_index.md", None).is_none());
    }
}
