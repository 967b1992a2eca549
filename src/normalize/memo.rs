//! A small per-thread memo for the pure cell readers.
//!
//! The same short cell is read several times (column profiling, the Day
//! parse, the row's date scan, `date_written`), and the same dates and Day
//! words recur across the rows and pages of a cohort; a reader is a pure
//! function of the text, so its answer is kept by text. Per thread, so the
//! parallel parse shares no lock; bounded, so a long run does not grow it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::thread::LocalKey;

/// Entries kept per reader and thread before the memo starts afresh.
const MAX_ENTRIES: usize = 4096;

/// Cells longer than this are read directly: long text rarely repeats and
/// hashing it costs more than it saves.
const MAX_KEY_BYTES: usize = 128;

pub type Table<V> = RefCell<HashMap<Box<str>, V, BuildHasherDefault<WordHasher>>>;

/// A memo table, empty.
pub fn table<V>() -> Table<V> {
    RefCell::new(HashMap::default())
}

/// A multiply-rotate hash over 8-byte words (the `FxHash` scheme): keys are
/// short cell texts of one run, where SipHash's flood resistance buys nothing
/// and costs most of a lookup.
#[derive(Default)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// `read(key)`, remembered by `key` in `memo`.
pub fn get_or<V: Clone>(
    memo: &'static LocalKey<Table<V>>,
    key: &str,
    read: impl FnOnce(&str) -> V,
) -> V {
    if key.len() > MAX_KEY_BYTES {
        return read(key);
    }
    if let Some(v) = memo.with(|m| m.borrow().get(key).cloned()) {
        return v;
    }
    // Computed without the memo borrowed: a reader may use another memo.
    let v = read(key);
    memo.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MAX_ENTRIES {
            m.clear();
        }
        m.insert(key.into(), v.clone());
    });
    v
}
