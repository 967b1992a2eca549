//! Lab references in Task and Reference cells → lab numbers.
//!
//! Recognised: "Lab 35", "Lab35", "Lab: 35", "Lab 35-02" (→ 35), "Lab 9.4" (→ 9),
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
    Regex::new(r"(?i)(?-u:\b)lab\s*[:#]?\s*(\d{1,6})(?-u:\b)").expect("static regex")
});
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
                let m = m.as_str();
                let digits = m.find(char::is_numeric).map_or("", |i| &m[i..]);
                if let Some(n) = ascii_number(digits.as_bytes()) {
                    push(&mut out, n);
                }
            }
        }
        if s.contains("000") {
            for m in WORKSHOP_ID.find_iter(s) {
                // At most one non-digit before `000`; the number is the next three.
                let m = m.as_str().as_bytes();
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
    LazyLock::force(&WORKSHOP_ID);
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
                }
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn numbers_are_read_as_the_capture_groups_read_them(
            s in "([lL][aA][bB]|000|\\.[aA]wsstudygroup\\.com|[0-9]{1,7}|[ :#.\\-_a-z]|٣|é){0,12}"
        ) {
            proptest::prop_assert_eq!(labs(&s), with_captures(&s));
        }
    }
}
