//! A small per-thread memo for the pure cell readers.
//!
//! The same short cell is read several times (column profiling, the Day
//! parse, the row's date scan, `date_written`), and the same dates and Day
//! words recur across the rows and pages of a cohort; a reader is a pure
//! function of the text, so its answer is kept by text. Per thread, so the
//! parallel parse shares no lock; bounded, so a long run does not grow it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::thread::LocalKey;

/// Entries kept per reader and thread before the memo starts afresh.
const MAX_ENTRIES: usize = 4096;

/// Cells longer than this are read directly: long text rarely repeats and
/// hashing it costs more than it saves.
pub const MAX_KEY_BYTES: usize = 128;

pub type Table<V> = RefCell<HashMap<Box<str>, V>>;

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
