//! Lab references in Task and Reference cells → lab numbers.
//!
//! Recognised: "Lab 35", "Lab35", "Lab: 35", "Lab 35-02" (→ 35), "Lab 9.4" (→ 9),
//! lists "Labs 1, 7, 9", "Lab 27 & 28", "Lab 30, 33 and 44" (each number),
//! a bare six-digit workshop id "000058" (→ 58), and the lab site
//! `https://000035.awsstudygroup.com/…` in text or a link target (→ 35).
//! `cloudjourney.awsstudygroup.com` is the course site, not a lab.

use std::sync::LazyLock;

use regex::Regex;

/// The highest number accepted as a lab (workshop ids run 000001..000999).
const MAX_LAB: u32 = 999;

// `(?-u:\b)`: a Unicode word boundary stops the fast DFA on any Vietnamese
// letter and falls back to a backtracker; every boundary here sits beside an
// ASCII letter or digit, where the ASCII one decides alike.
static LAB_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)labs?\s*[:#]?\s*(\d{1,6})(?-u:\b)").expect("static regex")
});
/// One more number of a list after a lab number (`, 7`, ` & 28`, ` and 44`, ` và 9`),
/// matched at the end of the previous one. Not a version or date part (`35-02`, `9.4`, `1/7`).
static LAB_LIST_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:,|&|(?-u:\b)and(?-u:\b)|và)\s*(?:labs?\s*)?(\d{1,3})(?:[^\d./\-]|[./\-][^\d]|[./\-]?$)")
        .expect("static regex")
});
/// The pattern [`workshop_ids`] matches by hand (tests compare the two).
#[cfg(test)]
static WORKSHOP_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\w.])000(\d{3})(?:[^\w]|$)").expect("static regex"));
static LAB_SITE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(\d{6})\.awsstudygroup\.com").expect("static regex"));

fn push(out: &mut Vec<i32>, n: u32) {
    if (1..=MAX_LAB).contains(&n) && !out.contains(&(n as i32)) {
        out.push(n as i32);
    }
}

/// The number in `digits` when they are all ASCII (a Unicode `\d` may match
/// other digits, which no lab number is written in).
fn ascii_number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// A span after a plural `Labs N` (`Labs 4 through 9`, `Labs 1-16`, `các lab 3 đến 5`).
static LAB_SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:-|–|(?-u:\b)through(?-u:\b)|(?-u:\b)to(?-u:\b)|đến)\s*(\d{1,3})(?:[^\d./\-]|[./\-][^\d]|[./\-]?$)")
        .expect("static regex")
});

/// The labs of a span `first`..=`last` after a plural `Labs`, at byte `at` of
/// `s`, and where it ends. Singular `Lab 35-02` is lab 35's part 2, not a span.
fn span_tail(s: &str, at: usize, first: u32, out: &mut Vec<i32>) -> usize {
    let Some(c) = LAB_SPAN.captures(&s[at..]) else {
        return at;
    };
    let Some((g, last)) = c
        .get(1)
        .and_then(|g| Some((g, ascii_number(g.as_str().as_bytes())?)))
    else {
        return at;
    };
    // A span runs forward and stays short; anything else is not one.
    if last <= first || last - first > 30 {
        return at;
    }
    for n in first + 1..=last {
        push(out, n);
    }
    at + g.end()
}

/// The numbers of a lab list after its first one, which ends at byte `at` of `s`.
fn list_tail(s: &str, mut at: usize, out: &mut Vec<i32>) {
    // A number followed by `.`, `-` or `/` and a digit is a version or a date, and
    // the first one also stops a list (`Lab 3, 2.5 hours`).
    while let Some(c) = LAB_LIST_NEXT.captures(&s[at..]) {
        let Some(g) = c.get(1) else { break };
        let Some(n) = ascii_number(g.as_str().as_bytes()) else {
            break;
        };
        push(out, n);
        at += g.end();
    }
}

/// Unicode decimal digits (`\d`), as `regex` reads them: sorted ranges.
static DIGITS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    use regex_syntax::hir::{Class, HirKind};
    match regex_syntax::parse(r"\d").map(|h| h.into_kind()) {
        Ok(HirKind::Class(Class::Unicode(c))) => {
            c.ranges().iter().map(|r| (r.start(), r.end())).collect()
        }
        // Not reached: `\d` is a Unicode class with `regex`'s default features.
        _ => vec![('0', '9')],
    }
});

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
        || (!c.is_ascii()
            && DIGITS
                .binary_search_by(|&(lo, hi)| {
                    if hi < c {
                        std::cmp::Ordering::Less
                    } else if lo > c {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .is_ok())
}

/// What `(?:^|[^\w.])000(\d{3})(?:[^\w]|$)` finds in `s` (Unicode `\w` and
/// `\d`), leftmost first and without overlaps, as `find_iter` would: a
/// workshop id, with the character before it and the one after it. Matched by
/// hand because its Unicode classes made that the costliest pattern to compile
/// (8.8 M instructions, more than the searches it ran).
fn workshop_ids(s: &str) -> Vec<&str> {
    let word = regex_syntax::is_word_character;
    // Where the id's match ends: three digits after `000` at `q`, then the
    // end or a character that is not a word one (taken into the match).
    let tail = |q: usize| {
        let mut rest = s.get(q + 3..)?.chars();
        for _ in 0..3 {
            rest.next().filter(|&c| is_digit(c))?;
        }
        match rest.clone().next() {
            None => Some(s.len()),
            Some(y) if !word(y) => Some(s.len() - rest.as_str().len() + y.len_utf8()),
            Some(_) => None,
        }
    };
    let mut out = Vec::new();
    // The next search starts at `at` (after the last match); `000` is looked for from `from`.
    let mut at = 0;
    let mut from = 0;
    while let Some(q) = s.get(from..).and_then(|r| r.find("000")).map(|i| from + i) {
        // A match starts at the text's start (`^`) or at the character before `000`.
        let found = match s[..q].chars().next_back() {
            None => tail(q).map(|end| (0, end)),
            Some(x) => {
                let p = q - x.len_utf8();
                if p >= at && !word(x) && x != '.' {
                    tail(q).map(|end| (p, end))
                } else {
                    None
                }
            }
        };
        match found {
            Some((p, end)) => {
                out.push(&s[p..end]);
                at = end;
                from = end;
            }
            None => from = q + 1,
        }
    }
    out
}

/// Every distinct lab named in `text` (and in link targets `urls`), in order of first mention.
pub fn find_labs<'a>(text: &str, urls: impl IntoIterator<Item = &'a str>) -> Vec<i32> {
    let mut out = Vec::new();
    // Matches are found without capture groups (a capture search costs a
    // second, slower engine); each number sits at a known place in its match.
    let mut scan = |s: &str| {
        // Every form needs a digit; each pattern also needs its own literal.
        if !s.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        // Lower-cased once, the literals are found by fast substring search.
        let lower = s.to_ascii_lowercase();
        if lower.contains("lab") {
            for m in LAB_WORD.find_iter(s) {
                // `lab`, spaces and `:`/`#` hold no digit: the number starts
                // at the match's first one and runs to its end.
                let end = m.end();
                let m = m.as_str();
                let digits = m.find(char::is_numeric).map_or("", |i| &m[i..]);
                if let Some(n) = ascii_number(digits.as_bytes()) {
                    push(&mut out, n);
                    let plural = m
                        .as_bytes()
                        .get(3)
                        .is_some_and(|b| b.eq_ignore_ascii_case(&b's'));
                    let end = if plural {
                        span_tail(s, end, n, &mut out)
                    } else {
                        end
                    };
                    list_tail(s, end, &mut out);
                }
            }
        }
        if s.contains("000") {
            for m in workshop_ids(s) {
                // At most one non-digit before `000`; the number is the next three.
                let m = m.as_bytes();
                let at = m.windows(3).position(|w| w == b"000").map(|i| i + 3);
                if let Some(n) = at.and_then(|i| ascii_number(m.get(i..i + 3)?)) {
                    push(&mut out, n);
                }
            }
        }
        if lower.contains(".awsstudygroup.") {
            for m in LAB_SITE.find_iter(s) {
                if let Some(n) = m.as_str().as_bytes().get(..6).and_then(ascii_number) {
                    push(&mut out, n);
                }
            }
        }
    };
    scan(text);
    for u in urls {
        scan(u);
    }
    out
}

/// Compile this module's patterns now (see `normalize::warm`).
pub(crate) fn warm() {
    LazyLock::force(&LAB_WORD);
    LazyLock::force(&LAB_LIST_NEXT);
    // `LAB_SPAN` waits for its first plural `Labs N` (none in many runs).
    LazyLock::force(&DIGITS);
    LazyLock::force(&LAB_SITE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labs(s: &str) -> Vec<i32> {
        find_labs(s, [])
    }

    #[test]
    fn lab_words() {
        assert_eq!(labs("Lab 35: DataLake on AWS"), [35]);
        assert_eq!(labs("Lab40:\n- Reviewed Glue"), [40]);
        assert_eq!(labs("Lab 35-02 and lab 9.4"), [35, 9]);
        assert_eq!(labs("Lab: 000005 - RDS"), [5]);
        assert_eq!(labs("LAB #12"), [12]);
        assert_eq!(labs("Lab 25 ... Lab 25 again"), [25]);
        assert_eq!(labs("Module 05-Lab22-2.1 - Tạo VPC"), [22]);
    }

    #[test]
    fn lab_lists() {
        assert_eq!(labs("Labs 1, 7, 9: IAM, EC2, S3"), [1, 7, 9]);
        assert_eq!(labs("lab 1, 7, 9"), [1, 7, 9]);
        assert_eq!(labs("Lab 30, 33 & 44: Governance"), [30, 33, 44]);
        assert_eq!(labs("Lab 27 and lab 28"), [27, 28]);
        assert_eq!(labs("Bài lab 12 và 13"), [12, 13]);
        // A version, a date or a decimal after a comma ends the list.
        assert_eq!(labs("Lab 35-02, 03"), [35]);
        assert_eq!(labs("Lab 3, 2.5 hours"), [3]);
        assert_eq!(labs("Lab 4, 16/03/2026"), [4]);
        assert_eq!(labs("Lab S3, 7"), Vec::<i32>::new());
        // A plural `Labs` with a span names each lab of it; a singular one, a part.
        assert_eq!(labs("Labs 4 through 9 signed off"), [4, 5, 6, 7, 8, 9]);
        assert_eq!(labs("AWS Labs 1-3 → Architecture"), [1, 2, 3]);
        assert_eq!(labs("Lab 1-16"), [1]);
        assert_eq!(labs("Labs 9-4"), [9]);
    }

    #[test]
    fn workshop_ids_and_lab_sites() {
        assert_eq!(
            labs("Finish labs: 000058 Manage Session Logs, 000019"),
            [58, 19]
        );
        assert_eq!(labs("https://000035.awsstudygroup.com/vi/"), [35]);
        assert_eq!(
            find_labs("Workshop", ["https://000021.awsstudygroup.com/"]),
            [21]
        );
    }

    #[test]
    fn non_labs() {
        assert!(labs("Clean up lab resources").is_empty());
        assert!(labs("https://cloudjourney.awsstudygroup.com/").is_empty());
        assert!(labs("TAKE_NOTES_%26_LABS/Module_03").is_empty());
        assert!(labs("account 988177864442 and 1000058").is_empty());
        assert!(labs("Module 04-02, Ticket #1, version 3.000123").is_empty());
        assert!(labs("laboratory 5, collab 7").is_empty());
    }

    /// The reading before matches lost their capture groups: the oracle.
    fn with_captures(s: &str) -> Vec<i32> {
        let mut out = Vec::new();
        for re in [&*LAB_WORD, &*WORKSHOP_ID, &*LAB_SITE] {
            for c in re.captures_iter(s) {
                if let Some(n) = c.get(1).and_then(|m| m.as_str().parse().ok()) {
                    push(&mut out, n);
                    if std::ptr::eq(re, &*LAB_WORD) {
                        let m = c.get(0).map_or("", |m| m.as_str());
                        let mut end = c.get(0).map_or(0, |m| m.end());
                        if m.len() > 3 && m[3..].starts_with(['s', 'S']) {
                            end = span_tail(s, end, n, &mut out);
                        }
                        list_tail(s, end, &mut out);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn workshop_ids_match_as_the_pattern_does() {
        for s in [
            "000123",
            "x000123",
            ".000123",
            " 000123 000456",
            "000123 000456",
            "0000123",
            "a 000123b",
            " 000123_",
            " 000123\u{300}",
            " 000١٢٣ 1",
            "é000123",
            "\u{203f}000123",
            " 000123\u{200d}",
            "-000123-000456-",
            "000000000",
            " 00012",
            "",
            "000",
        ] {
            let want: Vec<&str> = WORKSHOP_ID.find_iter(s).map(|m| m.as_str()).collect();
            assert_eq!(workshop_ids(s), want, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn workshop_ids_match_as_the_pattern_does_on_any_text(
            s in "(000|0|1|9|٣|０|\\.| |a|_|é|\u{300}|\u{203f}|\u{200d}|\n|-){0,16}"
        ) {
            let want: Vec<&str> = WORKSHOP_ID.find_iter(&s).map(|m| m.as_str()).collect();
            proptest::prop_assert_eq!(workshop_ids(&s), want);
        }

        #[test]
        fn numbers_are_read_as_the_capture_groups_read_them(
            s in "([lL][aA][bB]|000|\\.[aA]wsstudygroup\\.com|[0-9]{1,7}|[ :#.\\-_a-z]|٣|é){0,12}"
        ) {
            proptest::prop_assert_eq!(labs(&s), with_captures(&s));
        }
    }
}
