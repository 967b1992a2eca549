//! Cell text: bullets, entities and markup → plain lines, title and details.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// Characters that only pad text (`&emsp;`, `&nbsp;`, zero-width) and count as white space here.
fn is_pad(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{2060}')
}

/// The ASCII bytes `char::is_whitespace` accepts (the only ASCII pads).
pub(crate) const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Vietnamese diacritics removed (`Thứ Hai` → `Thu Hai`, `đ` → `d`), for matching
/// text typed with or without them, in either Unicode normal form.
pub fn strip_diacritics(s: &str) -> Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    // Most day cells and English text are ASCII: nothing to decompose.
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.nfd()
            .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
            .map(|c| if c == 'đ' { 'd' } else { c })
            .collect(),
    )
}

/// Trim padding and a leading list marker (`-`, `+`, `*`, `•`, `–`) from one line.
/// Numbered markers (`1.`) are content and stay.
pub fn strip_bullet(line: &str) -> &str {
    let mut s = line.trim_matches(is_pad);
    loop {
        let mut chars = s.chars();
        match chars.next() {
            Some('-' | '+' | '*' | '•' | '–' | '·' | '◦' | '▪')
                if chars.clone().next().is_none_or(is_pad) =>
            {
                s = chars.as_str().trim_matches(is_pad);
            }
            _ => return s,
        }
    }
}

/// `line` is already its words with one space between them: no padding but
/// single ASCII spaces inside it. Decodes only the characters whose lead bytes
/// can start a non-ASCII pad (U+0085 … U+FEFF); a control byte is left to the
/// full split.
fn is_squashed(line: &str) -> bool {
    let bytes = line.as_bytes();
    if bytes.first() == Some(&b' ') {
        return false;
    }
    // Plain ASCII (most lines) is answered with whole-slice tests that the
    // compiler vectorises, instead of a branch per byte.
    if line.is_ascii() {
        let control = bytes.iter().fold(false, |acc, &b| acc | (b < 0x20));
        // (`contains("  ")` costs a searcher's set-up per line: ~10x this.)
        let doubled = bytes
            .iter()
            .zip(bytes.iter().skip(1))
            .fold(false, |acc, (&x, &y)| acc | ((x == b' ') & (y == b' ')));
        return !control && bytes.last() != Some(&b' ') && !doubled;
    }
    let mut space = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b' ' {
            if space {
                return false;
            }
            space = true;
            continue;
        }
        space = false;
        let maybe_pad = match b {
            0..=0x1f => return false,
            0xc2 | 0xe3 | 0xef => true,
            0xe1 => bytes.get(i + 1) == Some(&0x9a),
            0xe2 => matches!(bytes.get(i + 1), Some(0x80 | 0x81)),
            _ => false,
        };
        if maybe_pad && line[i..].chars().next().is_some_and(is_pad) {
            return false;
        }
    }
    !space
}

/// Append the words of `line` to `out`, one space between them.
fn push_words(out: &mut String, line: &str) {
    // Most lines are clean already: copied whole.
    if is_squashed(line) {
        out.push_str(line);
        return;
    }
    let bytes = line.as_bytes();
    let mut word: Option<usize> = None;
    let mut first = true;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII bytes are tested as they are; other characters are decoded.
        let (pad, len) = match bytes[i] {
            b if b.is_ascii() => (is_ascii_space(b), 1),
            _ => {
                let c = line[i..].chars().next().unwrap_or(' ');
                (is_pad(c), c.len_utf8())
            }
        };
        match (pad, word) {
            (true, Some(start)) => {
                if !first {
                    out.push(' ');
                }
                out.push_str(&line[start..i]);
                first = false;
                word = None;
            }
            (false, None) => word = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word {
        if !first {
            out.push(' ');
        }
        out.push_str(&line[start..]);
    }
}

/// Collapse runs of padding inside a line to one space.
pub fn squash_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    push_words(&mut out, line);
    out
}

/// The non-empty lines of `text`, trimmed of padding and list markers (empty
/// exactly when a line has no word).
fn bulletless_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(strip_bullet).filter(|l| !l.is_empty())
}

/// `lines` with their padding squashed, joined by `sep`, built in place.
fn join_words<'a>(lines: impl Iterator<Item = &'a str>, sep: char, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    for line in lines {
        if !out.is_empty() {
            out.push(sep);
        }
        push_words(&mut out, line);
    }
    out
}

/// The clean lines of a cell (see [`clean_lines`]), joined by `sep`, built in place.
pub fn clean_joined(text: &str, sep: char) -> String {
    join_words(bulletless_lines(text), sep, text.len())
}

/// Clean lines of a cell: bullets stripped, spaces squashed, empty lines dropped.
pub fn clean_lines(text: &str) -> Vec<String> {
    bulletless_lines(text).map(squash_spaces).collect()
}

/// Split a Task cell into its title (first line) and details (the rest, one line per bullet).
pub fn title_and_details(text: &str) -> (String, String) {
    let mut lines = bulletless_lines(text);
    let title = lines.next().map(squash_spaces).unwrap_or_default();
    (title, join_words(lines, '\n', 0))
}

/// The cell has no clean line: [`one_line`] would be empty.
pub fn is_blank(text: &str) -> bool {
    bulletless_lines(text).next().is_none()
}

/// The cell as one line of plain text (used for Day and date cells).
pub fn one_line(text: &str) -> String {
    clean_joined(text, ' ')
}

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"https?://[^\s<>()\[\]{}|"'`]+"#).expect("static regex"));

/// Bare URLs written as text (pulldown-cmark only links `<…>` and `[…](…)`).
pub fn bare_urls(text: &str) -> impl Iterator<Item = &str> {
    URL.find_iter(text)
        .map(|m| m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']))
}

/// Truncate to at most `max` bytes on a char boundary; returns whether it cut.
pub fn truncate_in_place(s: &mut String, max: usize) -> bool {
    if s.len() <= max {
        return false;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    true
}

/// Compile this module's patterns now (see `normalize::warm`).
pub(crate) fn warm() {
    LazyLock::force(&URL);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_and_padding_are_stripped() {
        assert_eq!(strip_bullet("- Learn EC2"), "Learn EC2");
        assert_eq!(strip_bullet("\u{2003} + Compute "), "Compute");
        assert_eq!(strip_bullet("\u{a0}\u{a0} + EBS"), "EBS");
        assert_eq!(strip_bullet("* - nested"), "nested");
        assert_eq!(strip_bullet("1. Upload raw data"), "1. Upload raw data");
        assert_eq!(strip_bullet("-5 degrees"), "-5 degrees");
        assert_eq!(strip_bullet("-"), "");
    }

    #[test]
    fn title_is_first_line_details_one_per_bullet() {
        let cell =
            "Lab 35: DataLake on AWS\n- Introduction:\n \u{2003}+ Glue\n\n- Athena  queries \n";
        let (t, d) = title_and_details(cell);
        assert_eq!(t, "Lab 35: DataLake on AWS");
        assert_eq!(d, "Introduction:\nGlue\nAthena queries");
        assert_eq!(title_and_details(""), (String::new(), String::new()));
        assert_eq!(title_and_details("\n- only\n").0, "only");
    }

    /// The cleaners as first written, for the equivalence tests below.
    fn clean_lines_ref(text: &str) -> Vec<String> {
        let squash = |l: &str| {
            l.split(is_pad)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        text.lines()
            .map(|l| squash(strip_bullet(l)))
            .filter(|l| !l.is_empty())
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn cleaners_agree_with_their_first_form(text in "[a-z \t\n\r\u{1}\u{b}\u{c}\u{a0}\u{a9}\u{1680}\u{1ea1}\u{2003}\u{2013}\u{200b}\u{2060}\u{3000}\u{feff}\u{85}ă*+•-]{0,40}") {
            let lines = clean_lines_ref(&text);
            proptest::prop_assert_eq!(&clean_lines(&text), &lines);
            proptest::prop_assert_eq!(one_line(&text), lines.join(" "));
            proptest::prop_assert_eq!(is_blank(&text), lines.is_empty());
            proptest::prop_assert_eq!(clean_joined(&text, '\n'), lines.join("\n"));
            let mut it = lines.iter();
            let title = it.next().cloned().unwrap_or_default();
            let details = it.cloned().collect::<Vec<_>>().join("\n");
            proptest::prop_assert_eq!(title_and_details(&text), (title, details));
            for l in text.lines() {
                let words = l.split(is_pad).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
                // A control byte is left to the full split: `is_squashed` may say no to a clean line.
                proptest::prop_assert!(!is_squashed(l) || words == l);
                // And without one, a clean line is known as clean.
                if !l.bytes().any(|b| b < 0x20) && words == l {
                    proptest::prop_assert!(is_squashed(l), "{:?}", l);
                }
                proptest::prop_assert_eq!(squash_spaces(l), words);
            }
        }
    }

    #[test]
    fn urls_are_found_in_text() {
        let v: Vec<_> =
            bare_urls("see https://000035.awsstudygroup.com/, and (http://x.io/a).").collect();
        assert_eq!(v, ["https://000035.awsstudygroup.com/", "http://x.io/a"]);
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        let mut s = "ăăă".to_string();
        assert!(truncate_in_place(&mut s, 3));
        assert_eq!(s, "ă");
        assert!(!truncate_in_place(&mut s, 10));
    }
}
