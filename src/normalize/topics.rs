//! Task text → canonical AWS services, from a taxonomy YAML with aliases.
//!
//! Matching is whole-word and case-insensitive; at each position the longest
//! alias wins, so "IAM Identity Center" is not also "IAM".

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The taxonomy bundled into the binary (`taxonomy/aws-services.yaml`).
pub const BUNDLED: &str = include_str!("../../taxonomy/aws-services.yaml");

#[derive(Debug, Deserialize)]
struct File {
    services: Vec<Service>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Service {
    name: String,
    category: String,
    #[serde(default)]
    aliases: Vec<String>,
}

/// A compiled taxonomy.
///
/// Matching walks a trie of the aliases over a lower-cased, space-collapsed
/// copy of the text and checks word boundaries itself. (A regex alternation of
/// ~800 aliases with Unicode `\b` falls back to a slow engine on Vietnamese
/// text: it took 14 of 16 seconds on 7,500 pages. An Aho-Corasick DFA searched
/// about as fast but took 42 M instructions to build, a tenth of a 1,000-page
/// run.)
///
/// The bundled YAML is read, and the trie built, on first use (or by
/// [`Taxonomy::warm`]), so that a run can do both on one core while the other
/// walks the input folders. A taxonomy file is read at once, so its errors
/// come before any work.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    aliases: Arc<OnceLock<Aliases>>,
    matcher: Arc<OnceLock<Trie>>,
    /// Hash of the YAML it was built from: a changed taxonomy changes every
    /// site's rows, so incremental extraction must not reuse them.
    fingerprint: String,
}

/// A taxonomy's services and aliases, as read from its YAML.
#[derive(Debug)]
struct Aliases {
    /// Every alias, in matching form ([`key`]); pattern id = index.
    patterns: Vec<String>,
    /// Pattern id → service index.
    pattern_service: Vec<usize>,
    services: Vec<(String, String)>,
}

/// ASCII byte → its byte in a key: lower case, white space (as
/// `char::is_whitespace` reads ASCII) a space. Arithmetic, not a table, so
/// that a loop over bytes runs as vector instructions.
const fn key_byte(b: u8) -> u8 {
    let space = (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let upper = b.wrapping_sub(b'A') < 26;
    if space {
        b' '
    } else {
        b | ((upper as u8) << 5)
    }
}

/// Lower case with every run of white space as one space: the form both aliases and text are matched in.
fn key(s: &str) -> String {
    // `str::to_lowercase` reads a capital sigma by its context (a word-final ς),
    // so text with one is lowered whole; any other character lowers alone,
    // word by word in one pass.
    if s.contains('Σ') {
        return s
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
    }
    // Text that is squashed already (one white-space byte between words, as
    // task cells are after cleaning) and whose other characters lower to
    // themselves (Vietnamese text is lower case but for its capitals) only
    // needs its ASCII mapped: every byte by `key_byte`, no branch per byte.
    if is_key_ready(s) {
        // Non-ASCII bytes (0x80..) pass through `key_byte` unchanged.
        let mapped: Vec<u8> = s.bytes().map(key_byte).collect();
        if let Ok(k) = String::from_utf8(mapped) {
            return k;
        }
    }
    let mut out = String::with_capacity(s.len());
    // A space is written before the next word, so none trails.
    let mut space = false;
    let mut rest = s;
    while !rest.is_empty() {
        // A run of visible ASCII is copied and lowered whole (most text).
        let run = rest
            .bytes()
            .position(|b| !b.is_ascii_graphic())
            .unwrap_or(rest.len());
        if run > 0 {
            if space {
                out.push(' ');
                space = false;
            }
            let start = out.len();
            out.push_str(&rest[..run]);
            out[start..].make_ascii_lowercase();
            rest = &rest[run..];
            continue;
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        // Most non-ASCII letters here are lower case already (Vietnamese
        // text): a property lookup is cheaper than the case-mapping search.
        if c.is_lowercase() {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Whether [`key`] of `s` is `s` with its bytes mapped by [`key_byte`]: no
/// white space to squash, and every non-ASCII character lowers to itself.
fn is_key_ready(s: &str) -> bool {
    let b = s.as_bytes();
    let space = |c: u8| key_byte(c) == b' ';
    if b.first().is_some_and(|&c| space(c)) || b.last().is_some_and(|&c| space(c)) {
        return false;
    }
    // Two white-space bytes in a row; a fold the compiler vectorises.
    let doubled = b
        .iter()
        .zip(b.iter().skip(1))
        .fold(false, |acc, (&x, &y)| acc | (space(x) & space(y)));
    if doubled {
        return false;
    }
    if s.is_ascii() {
        return true;
    }
    // Only the non-ASCII characters are decoded.
    let mut i = 0;
    while let Some(off) = b
        .get(i..)
        .and_then(|r| r.iter().position(|&c| !c.is_ascii()))
    {
        i += off;
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            return false;
        };
        if c.is_whitespace() || !lowers_to_itself(c) {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// A character `char::to_lowercase` leaves as it is (checked for every
/// character by a test): lower case, or neither a letter nor upper case.
fn lowers_to_itself(c: char) -> bool {
    c.is_lowercase() || !(c.is_alphabetic() || c.is_uppercase())
}

/// Total alias bytes a taxonomy may hold (the bundled one has ~12 KB): the
/// trie has at most one node per byte, far below its `u32` ids' limit.
const MAX_ALIAS_BYTES: usize = 16 << 20;

/// A taxonomy written as the bundled one is: comments, `version: N`,
/// `services:`, and items of `  - name: X`, `    category: X` and
/// `    aliases: [X, X]` lines whose values are plain words, read without the
/// YAML parser (which took 13 M instructions for the bundled file, a run's
/// largest fixed cost after the patterns). Anything else (`None`) goes to the
/// parser; a test checks the two agree on the bundled file.
fn simple_services(text: &str) -> Option<Vec<Service>> {
    // The fields of the item being read: name, category, aliases.
    type Fields = (Option<String>, Option<String>, Option<Vec<String>>);
    let mut services: Vec<Service> = Vec::new();
    let mut version = false;
    let mut in_services = false;
    let mut item: Option<Fields> = None;
    let finish = |item: Option<Fields>, services: &mut Vec<Service>| {
        if let Some((name, category, aliases)) = item {
            services.push(Service {
                name: name?,
                category: category?,
                aliases: aliases.unwrap_or_default(),
            });
        }
        Some(())
    };
    for line in text.split('\n') {
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !in_services {
            if let Some(n) = line.strip_prefix("version: ") {
                if version || n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                version = true;
            } else if line == "services:" {
                in_services = true;
            } else {
                return None;
            }
            continue;
        }
        let (fields, value) = if let Some(rest) = line.strip_prefix("  - ") {
            finish(item.take(), &mut services)?;
            (item.insert((None, None, None)), rest)
        } else if let Some(rest) = line.strip_prefix("    ") {
            (item.as_mut()?, rest)
        } else {
            return None;
        };
        let (key, value) = value.split_once(": ")?;
        match key {
            "name" if fields.0.is_none() => fields.0 = Some(plain_word(value)?.to_string()),
            "category" if fields.1.is_none() => fields.1 = Some(plain_word(value)?.to_string()),
            "aliases" if fields.2.is_none() => {
                let inner = value.strip_prefix('[')?.strip_suffix(']')?;
                fields.2 = Some(if inner.is_empty() {
                    Vec::new()
                } else {
                    inner
                        .split(", ")
                        .map(|a| plain_word(a).map(str::to_string))
                        .collect::<Option<_>>()?
                });
            }
            _ => return None,
        }
    }
    finish(item, &mut services)?;
    // An empty `services:` is null to YAML.
    (!services.is_empty()).then_some(services)
}

/// A plain YAML scalar that reads as the text written, in a block or a flow
/// sequence: a letter, then letters, digits, spaces and `& ( ) . / + _ -`, no
/// trailing space, and not a word YAML reads as a bool or null.
fn plain_word(v: &str) -> Option<&str> {
    let b = v.as_bytes();
    let plain = b.first().is_some_and(u8::is_ascii_alphabetic)
        && !v.ends_with(' ')
        && b.iter().all(|&c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    b' ' | b'&' | b'(' | b')' | b'.' | b'/' | b'+' | b'_' | b'-'
                )
        });
    let special = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
        .iter()
        .any(|w| v.eq_ignore_ascii_case(w));
    (plain && !special).then_some(v)
}

impl Aliases {
    fn read(text: &str, origin: &str) -> Result<Self> {
        let err = |message: String| Error::Taxonomy {
            path: origin.to_string(),
            message,
        };
        let options = serde_saphyr::options! {
            budget: serde_saphyr::budget! { max_aliases: 0, max_anchors: 0, max_depth: 16 },
        };
        let file = match simple_services(text) {
            Some(services) => File { services },
            None => serde_saphyr::from_str_with_options(text, options)
                .map_err(|e| err(e.to_string()))?,
        };
        let mut by_alias: HashMap<String, usize> = HashMap::new();
        let mut services: Vec<(String, String)> = Vec::new();
        for (i, s) in file.services.into_iter().enumerate() {
            if s.name.trim().is_empty() || s.category.trim().is_empty() {
                return Err(err(format!(
                    "service #{} needs a name and a category",
                    i + 1
                )));
            }
            for alias in std::iter::once(&s.name).chain(&s.aliases) {
                let k = key(alias);
                if k.is_empty() {
                    continue;
                }
                if let Some(prev) = by_alias.insert(k, i) {
                    if prev != i {
                        return Err(err(format!(
                            "alias {alias:?} of {:?} is also an alias of {:?}",
                            s.name, services[prev].0
                        )));
                    }
                }
            }
            services.push((s.name, s.category));
        }
        let (patterns, pattern_service): (Vec<String>, Vec<usize>) = by_alias.into_iter().unzip();
        // Within these bounds the trie's ids cannot overflow (see `matcher`).
        let bytes: usize = patterns.iter().map(String::len).sum();
        if bytes > MAX_ALIAS_BYTES {
            return Err(err(format!(
                "the aliases total {bytes} bytes; at most {MAX_ALIAS_BYTES} are supported"
            )));
        }
        Ok(Aliases {
            patterns,
            pattern_service,
            services,
        })
    }
}

impl Taxonomy {
    /// The bundled taxonomy; its YAML is read on first use (it cannot fail:
    /// `bundled_taxonomy_loads_and_covers_fcj_services` reads it).
    pub fn bundled() -> Self {
        Taxonomy {
            aliases: Arc::new(OnceLock::new()),
            matcher: Arc::new(OnceLock::new()),
            fingerprint: crate::model::stable_id(&[BUNDLED]),
        }
    }

    pub fn from_path(path: &std::path::Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::from_yaml(&text, &path.display().to_string())
    }

    pub fn from_yaml(text: &str, origin: &str) -> Result<Self> {
        Ok(Taxonomy {
            aliases: Arc::new(OnceLock::from(Aliases::read(text, origin)?)),
            matcher: Arc::new(OnceLock::new()),
            fingerprint: crate::model::stable_id(&[text]),
        })
    }

    fn aliases(&self) -> &Aliases {
        // Only the bundled taxonomy is read here (a file's is read at load);
        // `bundled_taxonomy_loads_and_covers_fcj_services` reads it too.
        self.aliases.get_or_init(|| {
            Aliases::read(BUNDLED, "bundled taxonomy").expect("the bundled taxonomy is valid")
        })
    }

    /// Read the YAML and build the trie now, off the critical path.
    pub fn warm(&self) {
        self.matcher();
    }

    fn matcher(&self) -> &Trie {
        self.matcher
            .get_or_init(|| Trie::new(&self.aliases().patterns))
    }

    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    pub fn len(&self) -> usize {
        self.aliases().services.len()
    }

    pub fn is_empty(&self) -> bool {
        self.aliases().services.is_empty()
    }

    /// Distinct (service, category) pairs named in `text`, in order of first mention.
    /// Whole words only, case-insensitive; at each position the longest alias wins.
    pub fn find<'a>(&'a self, text: &str) -> Vec<(&'a str, &'a str)> {
        let hay = key(text);
        let aliases = self.aliases();
        let mut seen = Vec::new();
        for pattern in self.matcher().find(&hay) {
            let service = aliases.pattern_service[pattern];
            if !seen.contains(&service) {
                seen.push(service);
            }
        }
        seen.into_iter()
            .map(|i| {
                let (name, category) = &aliases.services[i];
                (name.as_str(), category.as_str())
            })
            .collect()
    }
}

/// No node or no pattern.
const NONE: u32 = u32::MAX;

/// Transitions held in a table, at most (1 MB of `u32`): the nodes nearest
/// the root, where most walks end, answer from it; deeper ones search their
/// few children.
const DENSE_CELLS: usize = 1 << 18;

/// The aliases as a byte trie. At each place a word may start, the longest
/// alias that ends at a word boundary is taken and the search goes on after
/// it: what an overlapping search for every alias, with the glued ones
/// dropped and then the leftmost-longest kept, gives (tests compare the two).
/// Building it touches each alias byte a few times (~5 M instructions for the
/// bundled taxonomy, against 42 M for an Aho-Corasick DFA that searched no
/// faster); a search walks the trie only from word starts, as deep as the text
/// follows an alias.
#[derive(Debug)]
struct Trie {
    /// First byte → node, or [`NONE`].
    root: Box<[u32; 256]>,
    /// Per node (numbered breadth first): its children's run in `edges`, and
    /// the pattern ending there.
    nodes: Vec<TrieNode>,
    /// (byte, child), each node's run sorted by byte.
    edges: Vec<(u8, u32)>,
    /// Byte → its column in `dense` (0: in no alias).
    class: [u8; 256],
    /// Columns per row of `dense`.
    width: usize,
    /// The first `dense.len() / width` nodes' children, a row each.
    dense: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct TrieNode {
    edges: u32,
    len: u32,
    pattern: u32,
}

impl Trie {
    fn new(patterns: &[String]) -> Self {
        Self::with_dense_cells(patterns, DENSE_CELLS)
    }

    fn with_dense_cells(patterns: &[String], dense_cells: usize) -> Self {
        // Built with a child list per node (ids in order of creation), then
        // numbered breadth first and laid out flat.
        let mut children: Vec<Vec<(u8, u32)>> = Vec::new();
        let mut pattern_at: Vec<u32> = Vec::new();
        let mut first: Vec<(u8, u32)> = Vec::new();
        let mut class = [0u8; 256];
        let mut width = 1;
        for (id, p) in patterns.iter().enumerate() {
            let Some((&head, rest)) = p.as_bytes().split_first() else {
                continue;
            };
            for &b in p.as_bytes() {
                if class[usize::from(b)] == 0 {
                    // At most 243 distinct bytes: UTF-8 has no 0xc0, 0xc1, 0xf5..=0xff.
                    class[usize::from(b)] = width as u8;
                    width += 1;
                }
            }
            let mut node = match first.binary_search_by_key(&head, |e| e.0) {
                Ok(i) => first[i].1,
                Err(i) => {
                    let n = children.len() as u32;
                    first.insert(i, (head, n));
                    children.push(Vec::new());
                    pattern_at.push(NONE);
                    n
                }
            };
            for &b in rest {
                let next = children.len() as u32;
                let list = &mut children[node as usize];
                node = match list.binary_search_by_key(&b, |e| e.0) {
                    Ok(i) => list[i].1,
                    Err(i) => {
                        list.insert(i, (b, next));
                        children.push(Vec::new());
                        pattern_at.push(NONE);
                        next
                    }
                };
            }
            pattern_at[node as usize] = id as u32;
        }
        // Breadth-first order: creation id of each new id, and back.
        let mut order: Vec<u32> = first.iter().map(|e| e.1).collect();
        let mut k = 0;
        while let Some(&n) = order.get(k) {
            order.extend(children[n as usize].iter().map(|e| e.1));
            k += 1;
        }
        let mut new_id = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        let mut root = Box::new([NONE; 256]);
        for &(b, n) in &first {
            root[usize::from(b)] = new_id[n as usize];
        }
        let rows = order.len().min(dense_cells / width);
        let mut dense = vec![NONE; rows * width];
        let mut nodes = Vec::with_capacity(order.len());
        let mut edges = Vec::with_capacity(order.len());
        for (new, &old) in order.iter().enumerate() {
            let list = &children[old as usize];
            nodes.push(TrieNode {
                edges: edges.len() as u32,
                len: list.len() as u32,
                pattern: pattern_at[old as usize],
            });
            for &(b, c) in list {
                let c = new_id[c as usize];
                edges.push((b, c));
                if new < rows {
                    dense[new * width + usize::from(class[usize::from(b)])] = c;
                }
            }
        }
        Trie {
            root,
            nodes,
            edges,
            class,
            width,
            dense,
        }
    }

    fn child(&self, node: u32, b: u8) -> u32 {
        let row = node as usize * self.width;
        if row < self.dense.len() {
            return match self.class[usize::from(b)] {
                0 => NONE,
                c => self.dense[row + usize::from(c)],
            };
        }
        let n = self.nodes[node as usize];
        let run = &self.edges[n.edges as usize..(n.edges + n.len) as usize];
        match run.binary_search_by_key(&b, |e| e.0) {
            Ok(i) => run[i].1,
            Err(_) => NONE,
        }
    }

    /// The patterns found in `hay` (a [`key`]), left to right: at each start,
    /// the longest one not glued to a word character on either side; matches
    /// never overlap.
    fn find(&self, hay: &str) -> Vec<usize> {
        let b = hay.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(&c) = b.get(i) {
            // An alias may start here if one starts with this byte (none
            // starts inside a UTF-8 sequence: aliases are text), and, if that
            // is a word character, it does not follow one.
            let first = self.root[usize::from(c)];
            if first != NONE && !(word_at(hay, i) && word_before(hay, i)) {
                if let Some((end, pattern)) = self.longest(hay, i, first) {
                    out.push(pattern as usize);
                    i = end;
                    continue;
                }
            }
            i += 1;
            // The rest of an ASCII word follows a word character: skipped.
            if ASCII_WORD[usize::from(c)] {
                while b.get(i).is_some_and(|&c| ASCII_WORD[usize::from(c)]) {
                    i += 1;
                }
            }
        }
        out
    }

    /// The longest alias at `hay[i..]` (whose first byte leads to `first`)
    /// that does not end glued to a word character: its end and pattern.
    fn longest(&self, hay: &str, i: usize, first: u32) -> Option<(usize, u32)> {
        let b = hay.as_bytes();
        let mut node = first;
        let mut j = i + 1;
        let mut best = None;
        loop {
            let pattern = self.nodes[node as usize].pattern;
            if pattern != NONE && !(word_before(hay, j) && word_at(hay, j)) {
                best = Some((j, pattern));
            }
            let Some(&next) = b.get(j) else {
                return best;
            };
            node = self.child(node, next);
            if node == NONE {
                return best;
            }
            j += 1;
        }
    }
}

/// ASCII bytes that are word characters ([`word_char`]).
const ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    t
};

/// A word character (alphanumeric or `_`), with the letters of Vietnamese text (Latin-1
/// and Latin Extended letters, Latin Extended Additional) answered without
/// the Unicode tables, whose lookup cost more than the search (a test checks
/// the ranges).
fn word_char(c: char) -> bool {
    let u = u32::from(c);
    match u {
        0..=0x7f => ASCII_WORD[u as usize],
        0xd7 | 0xf7 => false,
        0xc0..=0x24f | 0x1e00..=0x1eff => true,
        _ => c.is_alphanumeric(),
    }
}

/// Whether the character starting at byte `i` of `s` (a char boundary) is a
/// word character; false at the end.
#[inline]
fn word_at(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        Some(&b) if b < 0x80 => ASCII_WORD[usize::from(b)],
        Some(_) => s
            .get(i..)
            .and_then(|r| r.chars().next())
            .is_some_and(word_char),
        None => false,
    }
}

/// Whether the character ending at byte `i` of `s` (a char boundary) is a
/// word character; false at the start.
#[inline]
fn word_before(s: &str, i: usize) -> bool {
    match i.checked_sub(1).and_then(|k| s.as_bytes().get(k)) {
        Some(&b) if b < 0x80 => ASCII_WORD[usize::from(b)],
        Some(_) => s
            .get(..i)
            .and_then(|r| r.chars().next_back())
            .is_some_and(word_char),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word character: what `word_char` answers faster.
    fn is_word(c: Option<char>) -> bool {
        c.is_some_and(|c| c.is_alphanumeric() || c == '_')
    }

    fn names(t: &Taxonomy, s: &str) -> Vec<String> {
        t.find(s).into_iter().map(|(n, _)| n.to_string()).collect()
    }

    #[test]
    fn bundled_taxonomy_loads_and_covers_fcj_services() {
        let t = Taxonomy::bundled();
        assert!(t.len() >= 80, "{}", t.len());
        for (text, want) in [
            ("Created an S3 bucket", "Amazon S3"),
            ("Simple Storage Service", "Amazon S3"),
            ("Ran the Glue Crawler", "AWS Glue"),
            ("queried with athena", "Amazon Athena"),
            ("Route53 hosted zone", "Amazon Route 53"),
            ("Lambda functions behind API Gateway", "AWS Lambda"),
            ("Deployed a CloudFormation stack", "AWS CloudFormation"),
            ("Tìm hiểu Amazon DynamoDB và IAM", "Amazon DynamoDB"),
        ] {
            assert!(
                names(&t, text).contains(&want.to_string()),
                "{text} → {:?}",
                names(&t, text)
            );
        }
        assert_eq!(t.find("Amazon S3").first().map(|p| p.1), Some("Storage"));
    }

    #[test]
    fn whole_words_only_and_longest_match_wins() {
        let t = Taxonomy::bundled();
        assert!(names(&t, "vec2 and glued and IAMs").is_empty());
        let n = names(&t, "IAM Identity Center and IAM roles");
        assert!(n.contains(&"AWS IAM Identity Center".to_string()), "{n:?}");
        assert_eq!(n.len(), 2, "{n:?}");
        assert_eq!(
            names(&t, "backup the config and connect"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn key_byte_agrees_with_char() {
        for b in 0u8..=255 {
            if !b.is_ascii() {
                assert_eq!(key_byte(b), b, "{b:#04x}");
                continue;
            }
            let c = char::from(b);
            let want = if c.is_whitespace() {
                b' '
            } else {
                b.to_ascii_lowercase()
            };
            assert_eq!(key_byte(b), want, "{b:#04x}");
        }
    }

    #[test]
    fn a_lower_case_character_lowers_to_itself() {
        // What `key`'s shortcut for lower-case characters relies on, for every char.
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if c.is_lowercase() {
                assert!(c.to_lowercase().eq([c]), "{c:?} U+{:04X}", u32::from(c));
                // And a letter, which `extract::cells::is_template` relies on.
                assert!(c.is_alphanumeric(), "{c:?} U+{:04X}", u32::from(c));
            }
        }
    }

    #[test]
    fn lowers_to_itself_is_exact_where_it_says_so() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if lowers_to_itself(c) {
                assert!(c.to_lowercase().eq([c]), "{c:?} U+{:04X}", u32::from(c));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn key_agrees_with_lowering_the_joined_words(s in "[a-zA-Z0-9 \t\n\r\u{b}\u{c}\u{1}\u{1c}\u{7f}\u{85}\u{a0}\u{2003}ĂăİΣσẞǅẠạ.,!~]{0,30}") {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            proptest::prop_assert_eq!(key(&s), want);
        }

        // Cleaned cells (one space or line break between words) take `key`'s
        // shortcut whenever their letters allow it.
        #[test]
        fn key_of_clean_text_agrees_too(words in proptest::collection::vec(("[a-zA-Z0-9ĂăİΣσẞǅẠạ.,!~\u{1}]{1,6}", "[ \n\t]"), 0..8)) {
            let s: String = words.iter().map(|(w, sep)| format!("{w}{sep}")).collect::<String>();
            let s = s.trim_end();
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            proptest::prop_assert_eq!(key(s), want);
        }
    }

    /// The matching `Trie::find` replaced: every alias found by an
    /// overlapping Aho-Corasick search, glued ones dropped, leftmost-longest kept.
    fn overlapping_search(patterns: &[String], hay: &str) -> Vec<usize> {
        let ac = aho_corasick::AhoCorasick::new(patterns).unwrap();
        let mut found: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(hay)
            .filter(|m| {
                let alias = &hay[m.start()..m.end()];
                let before = hay[..m.start()].chars().next_back();
                let after = hay[m.end()..].chars().next();
                let glued_before = is_word(alias.chars().next()) && is_word(before);
                let glued_after = is_word(alias.chars().next_back()) && is_word(after);
                !(glued_before || glued_after)
            })
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut last_end = 0;
        for (start, end, pattern) in found {
            if start >= last_end {
                last_end = end;
                out.push(pattern);
            }
        }
        out
    }

    #[test]
    fn trie_agrees_with_an_overlapping_search_on_the_bundled_aliases() {
        let t = Taxonomy::bundled();
        let patterns = &t.aliases().patterns;
        let mut texts: Vec<String> = vec![
            "Created an S3 bucket, then Amazon S3 Glacier and s3glacier".into(),
            "IAM Identity Center and IAM roles; aws iam-identity center".into(),
            "ec2 vec2 ec2s _ec2 ec2_ (ec2) ec2.x x.ec2 amazon ec2 auto scaling".into(),
            "tìm hiểu amazon dynamodb và iam, cloudwatch events/cloudwatch".into(),
        ];
        // Every alias alone, glued to a letter, a digit or another alias.
        for p in patterns {
            texts.push(p.clone());
            texts.push(format!("x{p} {p}y ({p}) {p}{p} {p} {p}_ đ{p}"));
        }
        for hay in &texts {
            let hay = key(hay);
            assert_eq!(
                t.matcher().find(&hay),
                overlapping_search(patterns, &hay),
                "{hay}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn trie_agrees_with_an_overlapping_search(
            patterns in proptest::collection::hash_set("[ab_.é ]{1,4}", 1..12),
            hay in "[ab_.é ]{0,40}",
        ) {
            let patterns: Vec<String> = patterns.into_iter().collect();
            let want = overlapping_search(&patterns, &hay);
            // All nodes in the table, some, or none.
            for cells in [DENSE_CELLS, 40, 0] {
                let trie = Trie::with_dense_cells(&patterns, cells);
                proptest::prop_assert_eq!(trie.find(&hay), want.clone(), "{}", cells);
            }
        }
    }

    #[test]
    fn word_char_is_is_word() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                word_char(c),
                is_word(Some(c)),
                "{c:?} U+{:04X}",
                u32::from(c)
            );
        }
    }

    fn by_yaml(text: &str) -> Option<Vec<Service>> {
        serde_saphyr::from_str::<File>(text)
            .ok()
            .map(|f| f.services)
    }

    #[test]
    fn the_bundled_taxonomy_reads_alike_without_the_yaml_parser() {
        let fast = simple_services(BUNDLED).expect("the bundled taxonomy takes the fast path");
        assert!(fast.len() >= 80);
        assert_eq!(Some(fast), by_yaml(BUNDLED));
        // Shapes it leaves to the parser.
        for doc in [
            "services:\n  - name: A\n    category: B # note\n",
            "services:\n  - name: \"A\"\n    category: B\n",
            "services:\n  - name: A\n    category: B\n    aliases: [x,y]\n",
            "services:\n  - name: A\n    category: true\n",
            "services:\n  - name: A\n    category: B\n    extra: C\n",
            "services:\n  - name: A\n    name: B\n    category: B\n",
            "services:\r\n  - name: A\r\n    category: B\r\n",
            "services:\n- name: A\n  category: B\n",
            "version: 1\nversion: 2\nservices:\n",
            "other: 1\nservices:\n",
        ] {
            assert_eq!(simple_services(doc), None, "{doc:?}");
        }
    }

    proptest::proptest! {
        /// Whatever the fast path reads, the YAML parser reads alike.
        #[test]
        fn simple_services_agree_with_the_yaml_parser(
            items in proptest::collection::vec(
                ("[A-Za-z0-9 &:#,.'\"_-]{0,8}", "[A-Za-z0-9 &:#,.'_-]{0,8}",
                 proptest::option::of(proptest::collection::vec("[A-Za-z0-9 &:#.\\[_-]{0,6}", 0..3))),
                0..4),
            comment in proptest::bool::ANY,
        ) {
            let mut doc = String::from("version: 1\nservices:\n");
            for (name, category, aliases) in &items {
                if comment {
                    doc.push_str("  # a group\n\n");
                }
                doc.push_str(&format!("  - name: {name}\n    category: {category}\n"));
                if let Some(a) = aliases {
                    doc.push_str(&format!("    aliases: [{}]\n", a.join(", ")));
                }
            }
            if let Some(fast) = simple_services(&doc) {
                proptest::prop_assert_eq!(Some(fast), by_yaml(&doc), "{}", doc);
            }
        }
    }

    #[test]
    fn custom_taxonomy_and_its_errors() {
        let t = Taxonomy::from_yaml(
            "services:\n  - name: Foo Service\n    category: Misc\n    aliases: [Foo]\n",
            "t.yaml",
        )
        .unwrap();
        assert_eq!(
            t.find("using foo  service and FOO"),
            [("Foo Service", "Misc")]
        );
        let e = Taxonomy::from_yaml("services:\n  - {name: A, category: X, aliases: [z]}\n  - {name: B, category: X, aliases: [Z]}\n", "t.yaml").unwrap_err();
        assert!(e.to_string().contains("also an alias"), "{e}");
        assert!(Taxonomy::from_yaml("services: [", "t.yaml").is_err());
    }
}
