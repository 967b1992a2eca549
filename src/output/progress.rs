//! The one progress line on stderr (reading pages, syncing repositories,
//! uploading): redrawn in place, shown only when asked for (not with `-q`) and
//! stderr is a terminal, so piped or logged stderr never holds escapes.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Erase the terminal line the cursor is on and return to its start.
const CLEAR_LINE: &str = "\r\x1b[2K";

/// A count of `total` things done, drawn as `LABEL: N/TOTAL UNIT` or, with a
/// bar, `LABEL [###   ] N/TOTAL NAME`. Shared by threads (`&self` everywhere).
pub struct Progress {
    shown: bool,
    label: &'static str,
    unit: &'static str,
    bar: bool,
    /// Redraw on every this many ticks (and on the last).
    every: usize,
    total: usize,
    done: AtomicUsize,
}

impl Progress {
    /// Width of the bar, and of the longest name drawn after it.
    const WIDTH: usize = 30;

    /// A progress line for `total` things, drawn when `wanted` and stderr is a terminal.
    pub fn new(label: &'static str, total: usize, wanted: bool) -> Progress {
        Progress {
            shown: wanted && total > 0 && std::io::stderr().is_terminal(),
            label,
            unit: "",
            bar: false,
            every: 1,
            total,
            done: AtomicUsize::new(0),
        }
    }

    /// Name the things counted (` objects`), drawn after the count.
    pub fn unit(mut self, unit: &'static str) -> Progress {
        self.unit = unit;
        self
    }

    /// Draw a bar, and the name of the last thing done after the count.
    pub fn with_bar(mut self) -> Progress {
        self.bar = true;
        self
    }

    /// Redraw only every `n` ticks (cheap ticks, many of them).
    pub fn every(mut self, n: usize) -> Progress {
        self.every = n.max(1);
        self
    }

    /// One more thing done.
    pub fn tick(&self) {
        self.tick_named("");
    }

    /// One more thing done, `name` (shown after a bar).
    pub fn tick_named(&self, name: &str) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(self.every) || n == self.total {
            self.draw(n, name);
        }
    }

    /// `n` things done so far.
    pub fn set(&self, n: usize) {
        self.done.store(n, Ordering::Relaxed);
        self.draw(n, "");
    }

    fn draw(&self, n: usize, name: &str) {
        if !self.shown {
            return;
        }
        let line = self.line(n, name);
        // A closed stderr must not stop the work it reports on.
        let _ = write!(std::io::stderr().lock(), "{CLEAR_LINE}{line}");
    }

    /// The text drawn for `n` done (without the escapes).
    fn line(&self, n: usize, name: &str) -> String {
        let (label, total, unit) = (self.label, self.total, self.unit);
        if !self.bar {
            return format!("{label}: {n}/{total}{unit}");
        }
        let filled = (Self::WIDTH * n / total.max(1)).min(Self::WIDTH);
        let name: String = name.chars().take(Self::WIDTH).collect();
        format!(
            "{label} [{}{}] {n}/{total}{unit} {name}",
            "#".repeat(filled),
            " ".repeat(Self::WIDTH - filled)
        )
    }

    /// Erase the line (the work is done, or stopped).
    pub fn finish(&self) {
        if self.shown {
            let _ = write!(std::io::stderr().lock(), "{CLEAR_LINE}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Progress;

    #[test]
    fn lines_as_each_display_drew_them() {
        let pages = Progress::new("reading pages", 100, true).every(64);
        assert_eq!(pages.line(64, ""), "reading pages: 64/100");
        let upload = Progress::new("uploading", 7, true).unit(" objects");
        assert_eq!(upload.line(3, ""), "uploading: 3/7 objects");
        let repos = Progress::new("repositories", 4, true).with_bar();
        assert_eq!(
            repos.line(1, "an-intern-with-a-very-long-name-indeed"),
            format!(
                "repositories [{}{}] 1/4 an-intern-with-a-very-long-nam",
                "#".repeat(7),
                " ".repeat(23)
            )
        );
        assert_eq!(
            repos.line(4, "x"),
            format!("repositories [{}] 4/4 x", "#".repeat(30))
        );
    }

    #[test]
    fn quiet_when_not_wanted_or_nothing_to_count() {
        // Test processes' stderr is rarely a terminal; not wanted is never shown.
        assert!(!Progress::new("reading pages", 10, false).shown);
        assert!(!Progress::new("reading pages", 0, true).shown);
    }
}
