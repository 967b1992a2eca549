//! A bug must cost one page or one site, loudly, not the whole run: panics in
//! a page's parse or a site's stages are caught and become diagnostics.

use std::cell::{Cell, RefCell};

/// The per-site stages, in the order they run (named in `internal_error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    DayPages,
    Scan,
    Dates,
    Apply,
    Twins,
    Checks,
    TwinDates,
}

impl Stage {
    const ALL: [Stage; 7] = [
        Stage::DayPages,
        Stage::Scan,
        Stage::Dates,
        Stage::Apply,
        Stage::Twins,
        Stage::Checks,
        Stage::TwinDates,
    ];

    /// In a diagnostic's message.
    pub fn name(self) -> &'static str {
        match self {
            Stage::DayPages => "placing day pages in their weeks",
            Stage::Scan => "reading the date cells",
            Stage::Dates => "date resolution",
            Stage::Apply => "applying the date decisions",
            Stage::Twins => "pairing en/vi twins",
            Stage::Checks => "cross-page checks",
            Stage::TwinDates => "borrowing twin dates",
        }
    }

    /// In the test switch.
    fn id(self) -> &'static str {
        match self {
            Stage::DayPages => "day-pages",
            Stage::Scan => "scan",
            Stage::Dates => "dates",
            Stage::Apply => "apply",
            Stage::Twins => "twins",
            Stage::Checks => "checks",
            Stage::TwinDates => "twin-dates",
        }
    }
}

/// Where one site is in its stages: the one running is named if it panics.
pub struct Stages<'a> {
    pub intern: &'a str,
    current: Cell<Stage>,
}

impl<'a> Stages<'a> {
    pub fn new(intern: &'a str) -> Self {
        Stages {
            intern,
            current: Cell::new(Stage::DayPages),
        }
    }

    /// Stage `s` starts.
    pub fn enter(&self, s: Stage) {
        self.current.set(s);
        test_switch(self.intern, s);
    }

    pub fn current(&self) -> Stage {
        self.current.get()
    }
}

thread_local! {
    /// Set while [`catch`] runs on this thread: the panic hook records, not prints.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// The last panic [`catch`] saw on this thread: message and place.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Run `f`; a panic in it becomes `Err(message and where it happened)`,
/// without the default hook's lines on stderr (the diagnostic says it all).
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was = CATCHING.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(was));
    result.map_err(|payload| {
        LAST.with(|l| l.borrow_mut().take()).unwrap_or_else(|| {
            // Raised on another thread (a rayon job), whose hook printed it.
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string())
        })
    })
}

/// Chain a hook in front of the existing one, once per process.
fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CATCHING.with(Cell::get) {
                let message = info.payload_as_str().unwrap_or("a panic without a message");
                let at = info
                    .location()
                    .map(|l| format!(" (at {}:{})", l.file(), l.line()))
                    .unwrap_or_default();
                LAST.with(|l| *l.borrow_mut() = Some(format!("{message}{at}")));
            } else {
                previous(info);
            }
        }));
    });
}

/// Test-only switch (compiled in, documented as test-only in the README):
/// `WORKLOG_ANALYZE_TEST_PANIC_SITE=INTERN` panics in INTERN's cross-page
/// checks, `INTERN:STAGE` in another stage (`scan`, `dates`, `apply`,
/// `twins`, `checks`, `twin-dates`), so a test can see one site fail alone.
fn test_switch(intern: &str, stage: Stage) {
    static SWITCH: std::sync::OnceLock<Option<(String, Stage)>> = std::sync::OnceLock::new();
    let switch = SWITCH.get_or_init(|| {
        let v = std::env::var("WORKLOG_ANALYZE_TEST_PANIC_SITE").ok()?;
        let named = v.rsplit_once(':').and_then(|(site, id)| {
            let s = Stage::ALL.into_iter().find(|s| s.id() == id)?;
            Some((site.to_string(), s))
        });
        Some(named.unwrap_or((v, Stage::Checks)))
    });
    if let Some((site, at)) = switch {
        if site == intern && *at == stage {
            panic!("test panic (WORKLOG_ANALYZE_TEST_PANIC_SITE={site})");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_gives_its_message_and_place() {
        let e = catch(|| -> u8 { panic!("boom {}", 7) }).unwrap_err();
        assert!(e.starts_with("boom 7 (at src/extract/isolate.rs:"), "{e}");
        assert_eq!(catch(|| 5), Ok(5));
        // A panic on a rayon thread comes back with its message.
        let e = catch(|| rayon::join(|| (), || -> () { panic!("far away") })).unwrap_err();
        assert!(e.starts_with("far away"), "{e}");
    }
}
