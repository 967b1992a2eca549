//! Interrupts (SIGINT, SIGTERM): the temporary files and folders this process
//! is writing are removed before it exits (130 for SIGINT, 143 for SIGTERM),
//! so a cancelled run leaves what was there before and no debris beside it.
//!
//! Writers [`register`] each temporary path and drop the guard once it is
//! renamed into place or removed. A thread waits for the signal, takes the
//! [`hold`] lock (so a rename into place is never cut in half), removes every
//! registered path and exits. A second signal exits at once.
//!
//! Temporary names carry their owner ([`owner_tag`]: process id and start
//! time), so a later run can tell debris of a killed process (`kill -9`, a
//! power loss) from the temporary folder of a run still going ([`owner_gone`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

/// Registered temporary paths, by registration number.
static TEMPS: Mutex<BTreeMap<u64, PathBuf>> = Mutex::new(BTreeMap::new());
static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
/// Held while a temporary folder is renamed into place, and by the cleanup
/// from the signal on (it never lets go: the process exits).
static HOLD: Mutex<()> = Mutex::new(());
/// Set by the cleanup thread before it removes anything.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not stop the cleanup.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A registered temporary path; dropping it unregisters the path (it was
/// renamed into place or removed by its owner).
#[derive(Debug)]
#[must_use]
pub struct Guard(u64);

impl Drop for Guard {
    fn drop(&mut self) {
        lock(&TEMPS).remove(&self.0);
    }
}

/// Remove `path` (a file or a folder) if the process is interrupted while `Guard` lives.
pub fn register(path: &Path) -> Guard {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    lock(&TEMPS).insert(id, path.to_path_buf());
    Guard(id)
}

/// Run `f` (a rename into place) without an interrupt's cleanup in the
/// middle: the cleanup waits for it.
pub fn hold<T>(f: impl FnOnce() -> T) -> T {
    let _held = lock(&HOLD);
    f()
}

/// Whether a signal arrived (the process is about to exit).
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Called as the command returns: if a signal arrived, the command's error is
/// likely the cleanup's doing (its files vanished); wait for the cleanup
/// thread to exit with the signal's code instead of reporting it.
pub fn settle() {
    if interrupted() {
        loop {
            std::thread::park();
        }
    }
}

/// Handle SIGINT and SIGTERM from now on (Unix; elsewhere a no-op).
pub fn install() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        use std::sync::Arc;
        let armed = Arc::new(AtomicBool::new(false));
        for sig in [SIGINT, SIGTERM] {
            // A second signal exits at once: a cleanup that hangs can be
            // stopped. Registered first, so it runs before the cleanup thread
            // is woken (registered after, it could see the flag the woken
            // thread just set and exit without cleaning up).
            signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&armed))?;
        }
        let cleanup = spawn_cleanup(Arc::clone(&armed));
        if cleanup.is_err() {
            // Without the thread, signals exit at once, as they did before.
            armed.store(true, Ordering::SeqCst);
        }
        cleanup?;
    }
    Ok(())
}

/// The thread that waits for the first signal, cleans up and exits.
#[cfg(unix)]
fn spawn_cleanup(armed: std::sync::Arc<AtomicBool>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use std::io::Write as _;
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("interrupt".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                INTERRUPTED.store(true, Ordering::SeqCst);
                armed.store(true, Ordering::SeqCst);
                let removed = clean_up();
                let name = if sig == SIGINT { "SIGINT" } else { "SIGTERM" };
                let what = match removed {
                    0 => String::new(),
                    1 => "; removed 1 temporary file or folder".to_string(),
                    n => format!("; removed {n} temporary files or folders"),
                };
                if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                    // Clear a progress line.
                    let _ = write!(std::io::stderr(), "\r\x1b[2K");
                }
                // Not eprintln!: a closed stderr must not stop the exit.
                let _ = writeln!(std::io::stderr(), "interrupted ({name}){what}");
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}

/// Remove every registered path, after any rename into place has finished.
/// Returns how many were there.
fn clean_up() -> usize {
    // Never released: no rename into place starts after this.
    std::mem::forget(lock(&HOLD));
    let paths: Vec<PathBuf> = lock(&TEMPS).values().cloned().collect();
    paths.iter().filter(|p| remove(p)).count()
}

/// Remove `path` (file or folder); true if it was there. Writers may still be
/// adding files to a folder as it is removed, so removal repeats until it is
/// gone (writers never recreate a temporary folder's root, see
/// `atomic::create_dirs_under`).
pub fn remove(path: &Path) -> bool {
    let mut existed = false;
    for _ in 0..100 {
        match std::fs::symlink_metadata(path) {
            Err(_) => return existed,
            Ok(m) => {
                existed = true;
                let _ = if m.is_dir() {
                    std::fs::remove_dir_all(path)
                } else {
                    std::fs::remove_file(path)
                };
            }
        }
        if std::fs::symlink_metadata(path).is_err() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    existed
}

/// This process, as temporary names record it: `PID.START` (START is the
/// process's start time in clock ticks since boot, so a reused PID is told
/// apart; 0 where it cannot be read).
pub fn owner_tag() -> &'static str {
    static TAG: OnceLock<String> = OnceLock::new();
    TAG.get_or_init(|| {
        let pid = std::process::id();
        format!("{pid}.{}", start_time(pid).unwrap_or(0))
    })
}

/// Whether the process a temporary name's tag (`PID.START`) records has
/// certainly exited. Unsure (another system, no `/proc`, a tag from elsewhere)
/// means not gone: a folder is removed only when its owner is known dead.
pub fn owner_gone(tag: &str) -> bool {
    let Some((pid, start)) = tag.split_once('.') else {
        return false;
    };
    let (Ok(pid), Ok(start)) = (pid.parse::<u32>(), start.parse::<u64>()) else {
        return false;
    };
    if pid == 0 || start == 0 || start_time(std::process::id()).is_none() {
        return false;
    }
    match process_state(pid) {
        // No such process, or another one that reuses its id.
        None => true,
        Some((state, started)) => started != start || matches!(state, 'Z' | 'X'),
    }
}

fn start_time(pid: u32) -> Option<u64> {
    process_state(pid).map(|(_, start)| start)
}

/// A process's state letter and start time, from `/proc/PID/stat` (Linux).
fn process_state(pid: u32) -> Option<(char, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `PID (COMM) STATE ...`: COMM may hold spaces and parentheses, so the
    // fields are counted from its last `)`. STATE is field 3, the start time 22.
    let (_, rest) = stat.rsplit_once(')')?;
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let start = fields.nth(18)?.parse().ok()?;
    Some((state, start))
}

/// Test hook (documented as such in the README): with
/// `WORKLOG_ANALYZE_TEST_PAUSE_AFTER_FILES=N`, the writer that finishes the
/// N-th temporary file prints a line and stops there, so a test can signal the
/// process mid-write without racing it.
pub fn file_written() {
    static PAUSE_AT: OnceLock<Option<usize>> = OnceLock::new();
    static WRITTEN: AtomicUsize = AtomicUsize::new(0);
    let at = *PAUSE_AT.get_or_init(|| {
        std::env::var("WORKLOG_ANALYZE_TEST_PAUSE_AFTER_FILES")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    let Some(at) = at else {
        return;
    };
    if WRITTEN.fetch_add(1, Ordering::SeqCst) + 1 == at {
        eprintln!("test pause: {at} files written");
        loop {
            std::thread::park();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_reaped_child_is_gone() {
        let tag = owner_tag();
        assert!(
            tag.starts_with(&format!("{}.", std::process::id())),
            "{tag}"
        );
        if tag.ends_with(".0") {
            eprintln!("note: no /proc here; liveness is never decided");
            return;
        }
        assert!(!owner_gone(tag));
        // The same PID with another start time is another (earlier) process.
        let (pid, start) = tag.split_once('.').unwrap();
        let other = format!("{pid}.{}", start.parse::<u64>().unwrap() - 1);
        assert!(owner_gone(&other));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let child_pid = child.id();
        child.wait().unwrap();
        assert!(owner_gone(&format!("{child_pid}.12345")));
        // Anything unreadable is kept.
        for odd in ["", "abc", "12", "12.x", "0.5", "5.0"] {
            assert!(!owner_gone(odd), "{odd}");
        }
    }

    #[test]
    fn remove_takes_files_and_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let (f, d) = (tmp.path().join("f"), tmp.path().join("d"));
        std::fs::write(&f, "x").unwrap();
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        std::fs::write(d.join("a/b/c"), "x").unwrap();
        assert!(remove(&f) && remove(&d));
        assert!(!f.exists() && !d.exists());
        assert!(!remove(&f));
    }
}
