//! Day cells → weekday (1 = Monday … 7 = Sunday).
//!
//! Named days (English, Vietnamese with or without diacritics) map directly.
//! Bare digits are ambiguous: Vietnamese "Thứ 2" = Monday, so most pages write
//! 2..7, but some number their days 1..5. [`DigitConvention`] is chosen per
//! table by the caller, from the digits seen and the dates' weekdays.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::memo;

/// What a Day cell says, before the digit convention is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayToken {
    /// A named weekday, 1 = Monday.
    Named(u8),
    /// A bare number ("2", "Day 3").
    Digit(u8),
    /// Empty cell.
    Empty,
    /// Text this module does not understand.
    Unknown,
}

impl DayToken {
    /// The weekday a named day gives.
    pub fn named(self) -> Option<u8> {
        match self {
            DayToken::Named(n) => Some(n),
            _ => None,
        }
    }

    /// The bare digit, before the page's digit convention applies.
    pub fn digit(self) -> Option<u8> {
        match self {
            DayToken::Digit(d) => Some(d),
            _ => None,
        }
    }
}

/// A parsed Day cell: the first day, the last day when it names several
/// (`Mon, Tue, Wed`, `3–6`), and a `(a, b)` date hint like `Mon (15/9)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCell {
    pub token: DayToken,
    /// The last day named, when the cell names more than one.
    pub last: Option<DayToken>,
    pub date_hint: Option<(u32, u32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitConvention {
    /// 1 = Monday … 7 = Sunday.
    OneIsMonday,
    /// Vietnamese: 2 = Monday … 7 = Saturday (8 = Sunday, rarely written).
    TwoIsMonday,
    /// A running day count (`1, 2, 3` while the dates skip days, or `16, 17`): no weekday.
    Count,
}

impl DigitConvention {
    pub fn weekday(self, d: u8) -> Option<u8> {
        match self {
            DigitConvention::OneIsMonday => (1..=7).contains(&d).then_some(d),
            // Lazily: `d - 1` overflows for a written 0.
            DigitConvention::TwoIsMonday => (2..=8).contains(&d).then(|| d - 1),
            DigitConvention::Count => None,
        }
    }
}

/// English weekday names, Monday first (index = ISO weekday - 1).
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

static HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*\d{2,4})?\s*\)")
        .expect("static regex")
});

/// Lower-case, NFC, markup-free form used for matching.
fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase().replace(['*', '_', '`'], "");
    }
    s.nfc()
        .collect::<String>()
        .to_lowercase()
        .replace(['*', '_', '`'], "")
}

/// Strip Vietnamese diacritics so "Thu Hai" and "Thứ Hai" match alike.
fn ascii_fold(s: &str) -> std::borrow::Cow<'_, str> {
    super::text::strip_diacritics(s)
}

fn named(word: &str) -> Option<u8> {
    named_folded(&ascii_fold(word.trim().trim_end_matches(['.', ':', ','])))
}

/// [`named`] of a word already trimmed and folded.
fn named_folded(w: &str) -> Option<u8> {
    Some(match w {
        "monday" | "mon" => 1,
        "tuesday" | "tue" | "tues" => 2,
        "wednesday" | "wed" => 3,
        "thursday" | "thu" | "thur" | "thurs" => 4,
        "friday" | "fri" => 5,
        "saturday" | "sat" => 6,
        "sunday" | "sun" => 7,
        "thu hai" | "thu 2" | "t2" => 1,
        "thu ba" | "thu 3" | "t3" => 2,
        "thu tu" | "thu bon" | "thu 4" | "t4" => 3,
        "thu nam" | "thu 5" | "t5" => 4,
        "thu sau" | "thu 6" | "t6" => 5,
        "thu bay" | "thu 7" | "t7" => 6,
        "chu nhat" | "cn" => 7,
        _ => return None,
    })
}

fn digit(word: &str) -> Option<u8> {
    digit_folded(&ascii_fold(word.trim().trim_end_matches(['.', ':'])))
}

/// [`digit`] of a word already trimmed and folded.
fn digit_folded(w: &str) -> Option<u8> {
    let w = w
        .strip_prefix("day")
        .or_else(|| w.strip_prefix("ngay"))
        .unwrap_or(w)
        .trim();
    // Up to 99: a running day count (`16`) is a number too; the convention decides.
    w.parse::<u8>().ok().filter(|d| *d <= 99)
}

/// One piece of a Day cell: a weekday name, a number, or the name in its leading words.
fn token_of(piece: &str) -> Option<DayToken> {
    let piece = piece.trim();
    if piece.is_empty() {
        return None;
    }
    // Without a `,` (the cell is split on it) the name and the number read the
    // same folded text: folded once (a long title's piece costs a decomposition).
    let folded = (!piece.contains(',')).then(|| ascii_fold(piece.trim_end_matches(['.', ':'])));
    let name = match &folded {
        Some(f) => named_folded(f),
        None => named(piece),
    };
    name.map(DayToken::Named)
        .or_else(|| {
            match &folded {
                Some(f) => digit_folded(f),
                None => digit(piece),
            }
            .map(DayToken::Digit)
        })
        // "Monday 15" or "Thứ 2 ngày 15": try the leading words alone.
        .or_else(|| {
            let words: Vec<&str> = piece.split_whitespace().collect();
            (1..=words.len().min(2))
                .rev()
                .find_map(|n| named(&words[..n].join(" ")))
                .map(DayToken::Named)
        })
}

thread_local! {
    static PARSED: memo::Table<DayCell> = memo::table();
}

/// Parse a Day cell (already plain text). Lists and ranges (`Sat - Sun`, `4 ,5`,
/// `Thứ 2 – Thứ 4`, `2 (Mon)`) give their first and last day; a name beats a
/// number written beside it. Dates in the cell are left to the date columns.
pub fn parse_day(cell: &str) -> DayCell {
    // Column profiling, list titles and the row scan read the same cells.
    memo::get_or(&PARSED, cell, parse_uncached)
}

fn parse_uncached(cell: &str) -> DayCell {
    let folded = fold(cell);
    // A hint is a date in parentheses: without a `(` there is none to look for.
    let has_paren = folded.contains('(');
    let date_hint = has_paren
        .then(|| HINT.captures(&folded))
        .flatten()
        .and_then(|c| {
            Some((
                c.get(1)?.as_str().parse().ok()?,
                c.get(2)?.as_str().parse().ok()?,
            ))
        });
    let without_hint = if has_paren {
        HINT.replace_all(&folded, " ")
    } else {
        std::borrow::Cow::Borrowed(folded.as_str())
    };
    let without_dates = super::dates::strip_dates(&without_hint);
    let mut text = without_dates
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for word in [" to ", " đến ", " and ", " và "] {
        if text.contains(word) {
            text = text.replace(word, ",");
        }
    }
    if text.trim_matches(|c: char| !c.is_alphanumeric()).is_empty() {
        // Nothing but a date (or nothing): the date tells the weekday.
        return DayCell {
            token: DayToken::Empty,
            last: None,
            date_hint,
        };
    }
    let tokens: Vec<DayToken> = text
        .split(['-', '–', '—', ',', '&', '/', '~', ';', '+', '(', ')'])
        .filter_map(token_of)
        .collect();
    let pick: Vec<DayToken> = if tokens.iter().any(|t| matches!(t, DayToken::Named(_))) {
        tokens
            .into_iter()
            .filter(|t| matches!(t, DayToken::Named(_)))
            .collect()
    } else {
        tokens
    };
    let token = pick.first().copied().unwrap_or(DayToken::Unknown);
    let last = pick
        .last()
        .copied()
        .filter(|l| pick.len() > 1 && *l != token);
    DayCell {
        token,
        last,
        date_hint,
    }
}

/// Choose the digit convention for a table: digits seen, and for each digit the
/// weekday of its row's start date where known.
pub fn choose_convention(digits: &[(u8, Option<u8>)]) -> DigitConvention {
    if digits.iter().any(|(d, _)| *d > 8) {
        return DigitConvention::Count;
    }
    let score = |c: DigitConvention| {
        digits
            .iter()
            .filter(|(d, wd)| wd.is_some() && c.weekday(*d) == *wd)
            .count()
    };
    let one = score(DigitConvention::OneIsMonday);
    let two = score(DigitConvention::TwoIsMonday);
    let dated = digits.iter().filter(|(_, wd)| wd.is_some()).count();
    // Neither convention explains most dated rows: the numbers count days.
    if dated >= 2 && one.max(two) * 2 < dated {
        return DigitConvention::Count;
    }
    if one != two {
        return if one > two {
            DigitConvention::OneIsMonday
        } else {
            DigitConvention::TwoIsMonday
        };
    }
    if digits.iter().any(|(d, _)| *d <= 1) {
        DigitConvention::OneIsMonday
    } else {
        DigitConvention::TwoIsMonday
    }
}

/// Compile this module's patterns now (see `normalize::warm`).
pub(crate) fn warm() {
    LazyLock::force(&HINT);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(s: &str) -> DayToken {
        parse_day(s).token
    }

    #[test]
    fn english_names_and_abbreviations() {
        assert_eq!(tok("Monday"), DayToken::Named(1));
        assert_eq!(tok("**Fri (7/11)**"), DayToken::Named(5));
        assert_eq!(tok("sun"), DayToken::Named(7));
        assert_eq!(tok("Thurs."), DayToken::Named(4));
        assert_eq!(tok("Sat - Sun"), DayToken::Named(6));
    }

    #[test]
    fn vietnamese_days() {
        assert_eq!(tok("Thứ Hai"), DayToken::Named(1));
        assert_eq!(tok("Thứ 2 (15/9)"), DayToken::Named(1));
        assert_eq!(tok("Thứ Bảy"), DayToken::Named(6));
        assert_eq!(tok("Chủ Nhật"), DayToken::Named(7));
        assert_eq!(tok("Chủ nhật"), DayToken::Named(7));
        assert_eq!(tok("CN"), DayToken::Named(7));
        assert_eq!(tok("Thu Tu"), DayToken::Named(3));
        // Decomposed (NFD) input matches too.
        assert_eq!(
            tok(&"Thứ Sáu".nfd().collect::<String>()),
            DayToken::Named(5)
        );
        assert_eq!(tok("Thứ 2 - Thứ 4"), DayToken::Named(1));
        assert_eq!(tok("Thứ Bảy - Chủ Nhật"), DayToken::Named(6));
    }

    #[test]
    fn digits_ranges_and_junk() {
        assert_eq!(tok("2"), DayToken::Digit(2));
        assert_eq!(tok("4 ,5"), DayToken::Digit(4));
        assert_eq!(tok("Day 3"), DayToken::Digit(3));
        assert_eq!(tok(""), DayToken::Empty);
        assert_eq!(tok("https://example.com/x"), DayToken::Unknown);
        assert_eq!(tok("420"), DayToken::Unknown);
        assert_eq!(tok("16"), DayToken::Digit(16));
    }

    #[test]
    fn lists_ranges_names_beside_numbers_and_dates() {
        assert_eq!(tok("2 (Mon)"), DayToken::Named(1));
        assert_eq!(tok("**6 (Fri)**"), DayToken::Named(5));
        let c = parse_day("Mon, Tue, Wed");
        assert_eq!(
            (c.token, c.last),
            (DayToken::Named(1), Some(DayToken::Named(3)))
        );
        let c = parse_day("3–6");
        assert_eq!(
            (c.token, c.last),
            (DayToken::Digit(3), Some(DayToken::Digit(6)))
        );
        let c = parse_day("2, 3, 4");
        assert_eq!(
            (c.token, c.last),
            (DayToken::Digit(2), Some(DayToken::Digit(4)))
        );
        assert_eq!(parse_day("Mon").last, None);
        assert_eq!(tok("04/17/2026"), DayToken::Empty);
        assert_eq!(tok("04/18/2026 – 04/19/2026"), DayToken::Empty);
        assert_eq!(tok("Thứ 2, 04/05/2026"), DayToken::Named(1));
        assert_eq!(tok("Monday, May 4, 2026"), DayToken::Named(1));
    }

    proptest::proptest! {
        /// Folding a piece once reads it as `named` and `digit` do on their own.
        #[test]
        fn token_of_reads_as_named_then_digit(piece in proptest::prop_oneof![
            "[a-zA-Z0-9 .:,ứủậàđ\u{301}\u{31b}]{0,12}",
            "(Mon|thu|Thứ|thứ|Thu\u{31b}\u{301}|T|Day|ngày|ngay|Chủ|CN|wed)[ .:,]{0,2}(2|7|12|Hai|nhật|0)?[ .:,]{0,2}(15)?",
        ]) {
            let piece = piece.trim();
            let want = if piece.is_empty() {
                None
            } else {
                named(piece)
                    .map(DayToken::Named)
                    .or_else(|| digit(piece).map(DayToken::Digit))
                    .or_else(|| {
                        let words: Vec<&str> = piece.split_whitespace().collect();
                        (1..=words.len().min(2))
                            .rev()
                            .find_map(|n| named(&words[..n].join(" ")))
                            .map(DayToken::Named)
                    })
            };
            proptest::prop_assert_eq!(token_of(piece), want);
        }
    }

    #[test]
    fn date_hint_is_kept() {
        assert_eq!(parse_day("Mon (15/9)").date_hint, Some((15, 9)));
        assert_eq!(parse_day("Thứ Hai (27/10)").date_hint, Some((27, 10)));
        assert_eq!(parse_day("Mon").date_hint, None);
    }

    #[test]
    fn convention_from_digits_and_dates() {
        use DigitConvention::*;
        assert_eq!(TwoIsMonday.weekday(2), Some(1));
        assert_eq!(TwoIsMonday.weekday(7), Some(6));
        assert_eq!(TwoIsMonday.weekday(1), None);
        // A written 0 is no weekday in either (it overflowed `d - 1`).
        assert_eq!(TwoIsMonday.weekday(0), None);
        assert_eq!(OneIsMonday.weekday(0), None);
        assert_eq!(OneIsMonday.weekday(5), Some(5));
        // No dates: a 1 means 1-based, otherwise Vietnamese.
        assert_eq!(choose_convention(&[(1, None), (2, None)]), OneIsMonday);
        assert_eq!(choose_convention(&[(2, None), (6, None)]), TwoIsMonday);
        // Dates decide: 2..5 whose dates are Tue..Fri are 1-based.
        let rows = [(2, Some(2)), (3, Some(3)), (4, Some(4)), (5, Some(5))];
        assert_eq!(choose_convention(&rows), OneIsMonday);
        let rows = [(2, Some(1)), (3, Some(2))];
        assert_eq!(choose_convention(&rows), TwoIsMonday);
        // 1, 2, 3, 4 on Fri, Sun, Mon, Wed: a running count, not weekdays.
        let rows = [(1, Some(5)), (2, Some(7)), (3, Some(1)), (4, Some(3))];
        assert_eq!(choose_convention(&rows), Count);
        assert_eq!(choose_convention(&[(16, None)]), Count);
    }
}
