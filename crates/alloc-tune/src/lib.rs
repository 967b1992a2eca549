//! mimalloc's purge delay, read and set. worklog-analyze forbids unsafe code;
//! these two calls into mimalloc's C API are the exception, audited here.
//!
//! mimalloc returns a freed page to the operating system only after it has
//! stayed unused for the purge delay (10 ms by default). `extract` frees pages
//! at such a rate that, at that delay, peak RSS at 24,000 pages is ~1.6x the
//! 2,400-page figure though the live heap grows 1.4x; at 1 ms it is ~1.45x, at
//! the same wall time (docs/performance.md, "The allocator's purge delay").

#![deny(clippy::undocumented_unsafe_blocks)]

use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};

/// `mi_option_purge_delay` in mimalloc v2's `mimalloc.h`, which the binding
/// does not export: between `mi_option_eager_commit_delay` (14) and
/// `mi_option_use_numa_nodes` (16), which it does.
const PURGE_DELAY: mi_option_t = libmimalloc_sys::mi_option_eager_commit_delay + 1;

/// mimalloc's documented default for the purge delay, in milliseconds.
pub const DEFAULT_PURGE_DELAY_MS: i64 = 10;

/// The purge delay now, in milliseconds.
// `c_long` is 32 bits on some targets (Windows), 64 here.
#[allow(clippy::useless_conversion)]
pub fn purge_delay_ms() -> i64 {
    // SAFETY: mi_option_get reads one entry of mimalloc's option table (an
    // in-range option number) and may be called at any time from any thread.
    i64::from(unsafe { mi_option_get(PURGE_DELAY) })
}

/// Why [`set_purge_delay_ms`] left the delay as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// The user chose one (`MIMALLOC_PURGE_DELAY` is set).
    UserChoice,
    /// The option read is not at its documented default, so the number may
    /// not be the purge delay in this mimalloc (a changed enum).
    Unrecognised(i64),
}

/// Set the purge delay to `ms` milliseconds, unless the user set
/// `MIMALLOC_PURGE_DELAY` or the option does not read as the purge delay.
pub fn set_purge_delay_ms(ms: i64) -> Result<(), Kept> {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return Err(Kept::UserChoice);
    }
    let now = purge_delay_ms();
    if now != DEFAULT_PURGE_DELAY_MS && now != ms {
        return Err(Kept::Unrecognised(now));
    }
    let value = std::ffi::c_long::try_from(ms).unwrap_or(std::ffi::c_long::MAX);
    // SAFETY: mi_option_set writes one entry of mimalloc's option table (an
    // in-range option number); mimalloc reads the delay each time it
    // schedules a purge, so it may change while allocations are live.
    unsafe { mi_option_set(PURGE_DELAY, value) };
    Ok(())
}
