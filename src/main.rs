//! Thin entry point: parse arguments, run a subcommand, map errors to exit codes.

use std::process::ExitCode;

use worklog_analyze::cli::Command;
use worklog_analyze::cmd;

// Parsing makes many small strings: mimalloc measured 16 % less wall time than
// glibc at 24,000 pages (README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's purge delay while extracting, in milliseconds (see `main`).
const EXTRACT_PURGE_DELAY_MS: i64 = 1;

/// True when the error is a closed stdout (`| head`): exit quietly then, as ripgrep does.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes, each said once: many errors' messages already
/// include their cause's (an I/O error's path, a wrapped S3 error), which
/// `{:#}` would repeat.
fn once(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let c = cause.to_string();
        if out.contains(&c) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&c);
    }
    out
}

fn main() -> ExitCode {
    let cli = worklog_analyze::cli::parse();
    // The commands that write files: an interrupt removes their temporary ones.
    let writes = match &cli.command {
        Command::Extract(_) | Command::Gen(_) | Command::Export(_) | Command::Report(_) => true,
        Command::Run(a) => a.output.is_some(),
        _ => false,
    };
    if writes {
        if let Err(e) = worklog_analyze::interrupt::install() {
            eprintln!("warning: cannot handle interrupts ({e}); one may leave temporary files");
        }
    }
    // extract frees pages fast enough that mimalloc's default purge delay
    // (10 ms) kept ~15 MB more resident at 24,000 pages, for no speed: 1 ms.
    // The queries are ~9 % slower at 1 ms, so only extract sets it. A user's
    // MIMALLOC_PURGE_DELAY wins (docs/performance.md).
    if matches!(cli.command, Command::Extract(_)) {
        let _ = alloc_tune::set_purge_delay_ms(EXTRACT_PURGE_DELAY_MS);
    }
    // -j N: decided once, before any parallel work.
    let threads = match &cli.command {
        Command::Extract(a) => Some(a.threads.threads),
        Command::Check(a) => Some(a.threads.threads),
        Command::Run(a) => Some(a.threads.threads),
        Command::Report(a) => Some(a.threads.threads),
        _ => None,
    };
    let result = cmd::set_threads(threads).and_then(|()| match &cli.command {
        Command::Extract(a) => cmd::extract::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Run(a) => cmd::run::run(a),
        Command::Schema(a) => cmd::schema::run(a),
        Command::Athena(a) => cmd::athena::run(a),
        Command::Export(a) => cmd::export::run(a),
        Command::Report(a) => cmd::report::run(a),
        Command::Gen(a) => cmd::gen::run(a),
        Command::Completions(a) => cmd::completions::run(a),
        Command::Man(a) => cmd::man::run(a),
    });
    // Interrupted: the cleanup thread exits with the signal's code.
    worklog_analyze::interrupt::settle();
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) if is_broken_pipe(&e) || worklog_analyze::output::broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", once(&e));
            ExitCode::from(cmd::EXIT_FAILURE as u8)
        }
    }
}
