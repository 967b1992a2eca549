//! Command-line definitions only (clap derive). Doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::cloud::location::DatasetLocation;
use crate::normalize::dates::Order;

/// Turn weekly FCJ worklog pages into Athena-ready, Hive-partitioned Parquet
/// and query them with DataFusion SQL.
#[derive(Debug, Parser)]
#[command(
    name = "worklog-analyze",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_help = "Typical use:\n  worklog-analyze check sample_data\n  worklog-analyze extract sample_data -o dataset\n  worklog-analyze run --data dataset queries/*.sql"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Extract(ExtractArgs),
    Check(CheckArgs),
    Run(RunArgs),
    Schema(SchemaArgs),
    Athena(AthenaArgs),
    Export(ExportArgs),
    Report(ReportArgs),
    Gen(GenArgs),
    Completions(CompletionsArgs),
    Man(ManArgs),
}

/// Parse the command line, refusing what clap's rules cannot say: a reading
/// option with `--data` (it would do nothing). Exits 2 on a usage error.
pub fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = Cli::command();
    let matches = cmd.get_matches_mut();
    let result = refuse_reading_options(&matches)
        .and_then(|()| Cli::from_arg_matches(&matches).map_err(|e| e.to_string()));
    match result {
        Ok(cli) => cli,
        Err(msg) => {
            let sub = matches.subcommand_name().unwrap_or_default().to_string();
            let sub = cmd.find_subcommand_mut(&sub).cloned().unwrap_or(cmd);
            clap::Error::raw(clap::error::ErrorKind::ArgumentConflict, msg + "\n")
                .with_cmd(&sub)
                .exit()
        }
    }
}

/// `--data DIR` reads a dataset whose pages were read when it was extracted:
/// an option about reading pages given with it would be silently ignored.
fn refuse_reading_options(matches: &clap::ArgMatches) -> Result<(), String> {
    use clap::parser::ValueSource;
    let Some((_, sub)) = matches.subcommand() else {
        return Ok(());
    };
    let given = |id: &str| {
        sub.try_get_raw(id)
            .ok()
            .flatten()
            .is_some_and(|_| sub.value_source(id) == Some(ValueSource::CommandLine))
    };
    if !given("data") {
        return Ok(());
    }
    if given("threads") {
        return Err("-j/--threads sets how many threads read and parse pages, but --data reads a dataset whose pages were read when it was extracted, so it would change nothing: drop -j, or pass it to `extract` (or read the pages with --input PATH instead of --data)".to_string());
    }
    let read = ReadOpts::augment_args(clap::Command::new("read"));
    for arg in read.get_arguments() {
        if given(arg.get_id().as_str()) {
            let name = arg.get_long().unwrap_or(arg.get_id().as_str());
            return Err(format!(
                "--{name} is an option for reading pages, but --data reads a dataset whose pages were read when it was extracted, so it would change nothing: drop --{name}, or pass it to `extract` (or read the pages with --input PATH instead of --data)"
            ));
        }
    }
    Ok(())
}

/// How pages are read: shared by extract, check and run --input.
#[derive(Debug, Clone, Args)]
pub struct ReadOpts {
    /// Intern name for every page (default: each site's root folder name): for
    /// one site, or pages of one intern. Pages with one intern name are one site:
    /// their dates are resolved together, so an input holding several Hugo sites
    /// is refused.
    #[arg(long, value_name = "NAME")]
    pub intern: Option<String>,
    /// Cohort label stored with every row.
    #[arg(long, value_name = "LABEL", default_value = "")]
    pub cohort: String,
    /// Day/month order for dates that nothing on their page decides.
    #[arg(long, value_enum, default_value_t = Order::Dmy)]
    pub date_order: Order,
    /// AWS service taxonomy YAML for task_topics (default: the bundled one).
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Also read the git repositories FILE lists, one a line: URL or local path
    /// (relative to FILE's folder), then optionally the intern name (`-` for the repository's name) and a
    /// branch, tag or commit (default: the remote HEAD). `#` starts a comment.
    #[arg(long, value_name = "FILE")]
    pub repos: Option<PathBuf>,
    /// Where repositories are cloned and fetched (default: the user's cache
    /// folder, e.g. ~/.cache/worklog-analyze/repos).
    #[arg(long, value_name = "DIR", requires = "repos")]
    pub cache: Option<PathBuf>,
    /// Pages larger than this are not read (a `page_too_large` error): bytes,
    /// or a size such as 512KiB, 16MiB, 1GiB (kB, MB, GB are powers of 1000).
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    pub max_page_size: u64,
    /// Repositories fetched at once.
    #[arg(long, value_name = "N", default_value_t = 8, requires = "repos", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub fetch_jobs: u16,
}

/// How many threads read pages: shared by extract, check, run and report.
/// Not a reading option of [`ReadOpts`]: it changes how fast, never what.
#[derive(Debug, Clone, Copy, Args)]
pub struct ThreadOpts {
    /// Threads that read, parse and write, in all (0, the default: one per core).
    #[arg(short = 'j', long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=1024))]
    pub threads: u16,
}

/// Extract worklog pages into a Hive-partitioned Parquet dataset.
///
/// PATH may be a single page, a Hugo site, or a cohort folder holding many
/// sites; --repos FILE adds git repositories (then PATH is optional). The
/// dataset is written to a temporary folder beside DIR and renamed into place
/// only when complete: a failed run leaves DIR untouched. Extracting again into
/// DIR re-parses only the sites whose pages changed (--full parses all).
/// DIR must not be, hold or lie inside an input. Exits 1 when anything could
/// not be read (the dataset of the rest is written; nothing is written when
/// no weekly page was read), or with --strict on any warning.
///
/// Example: worklog-analyze extract --repos repos.txt -o dataset
#[derive(Debug, Args)]
#[command(
    override_usage = "worklog-analyze extract [OPTIONS] -o <DIR> <PATH>...\n       worklog-analyze extract [OPTIONS] -o <DIR> --repos <FILE> [PATH]..."
)]
pub struct ExtractArgs {
    /// Pages, Hugo sites or cohort folders to read (at least one, unless --repos).
    #[arg(required_unless_present = "repos", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Dataset folder to write (replaced atomically), or s3://bucket/prefix to write
    /// it straight to S3 (as `export` does).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace DIR even when it is not a worklog-analyze dataset (never a
    /// folder holding Markdown pages, nor an input or the repository cache).
    #[arg(long)]
    pub force: bool,
    /// Exit 1 when any warning is found, as with an error (the dataset is
    /// still written).
    #[arg(long)]
    pub strict: bool,
    /// Parquet compression.
    #[arg(long, value_enum, default_value_t = Compression::Snappy)]
    pub compression: Compression,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Parse every page, even when DIR holds a dataset of the same inputs (by
    /// default, sites whose pages are all unchanged reuse their rows from DIR).
    #[arg(long)]
    pub full: bool,
    #[command(flatten)]
    pub read: ReadOpts,
    #[command(flatten)]
    pub threads: ThreadOpts,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Compression {
    Snappy,
    Zstd,
}

impl From<Compression> for crate::dataset::parquet::Codec {
    fn from(c: Compression) -> Self {
        match c {
            Compression::Snappy => Self::Snappy,
            Compression::Zstd => Self::Zstd,
        }
    }
}

/// Report every diagnostic: path:line: severity[code]: message.
///
/// The path opens from where the command ran (the input as given, then the
/// file's path inside it: sample_data/chi-le/content/…); the dataset's
/// source_path column holds the same file relative to its input (chi-le/content/…).
/// Exits 1 when any error exists (an input that could not be read, a page
/// over the size limit, a PATH without a weekly page), with --strict also on
/// any warning; else 0.
#[derive(Debug, Args)]
#[command(
    override_usage = "worklog-analyze check [OPTIONS] <PATH>...\n       worklog-analyze check [OPTIONS] --repos <FILE> [PATH]...\n       worklog-analyze check --codes"
)]
pub struct CheckArgs {
    /// Pages, Hugo sites or cohort folders to check (at least one, unless --repos
    /// or --codes).
    #[arg(value_name = "PATH", required_unless_present_any = ["codes", "repos"])]
    pub paths: Vec<PathBuf>,
    /// Exit 1 on any warning too (errors always exit 1); with --summary, on
    /// any unexplained disagreement.
    #[arg(long)]
    pub strict: bool,
    /// Lowest severity to print.
    #[arg(long, value_enum, default_value_t = MinSeverity::Info)]
    pub min_severity: MinSeverity,
    /// How diagnostics are written. In json and github the summary line goes
    /// to stderr, so stdout holds diagnostics only.
    #[arg(long, value_enum, default_value_t = crate::output::diagnostics::DiagFormat::Text)]
    pub format: crate::output::diagnostics::DiagFormat,
    /// List every diagnostic code with its severity and meaning, then exit.
    #[arg(long)]
    pub codes: bool,
    /// Print only the consistency figures (rows accounted, dates read, weekday,
    /// twin and week-order agreement, flagged vs unexplained disagreements).
    #[arg(long)]
    pub summary: bool,
    #[command(flatten)]
    pub read: ReadOpts,
    #[command(flatten)]
    pub threads: ThreadOpts,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MinSeverity {
    Info,
    Warning,
    Error,
}

impl From<MinSeverity> for crate::diag::Severity {
    fn from(m: MinSeverity) -> Self {
        match m {
            MinSeverity::Info => Self::Info,
            MinSeverity::Warning => Self::Warning,
            MinSeverity::Error => Self::Error,
        }
    }
}

/// Run SQL files (and -e statements) over a dataset with DataFusion.
///
/// Files run in the order given, each may hold several statements; views one
/// file creates are visible to the next. Header comments `-- title:` and
/// `-- description:` name each result. Tables: tasks, task_labs, task_topics,
/// pages, diagnostics (see `worklog-analyze schema`).
///
/// Input: --data DIR (an extracted dataset), or --input PATH (pages
/// extracted in memory; repeat it for several), or by default ./sample_data.
///
/// Several results in one stream: table and markdown title each result. In
/// csv, tsv, json and ndjson one result is that format alone; several are
/// named: csv and tsv put a `# title` line before each result's header and a
/// blank line between results, json writes one array of {"title", "rows"},
/// ndjson one {"result": title, "row": {…}} per row. NULL is
/// printed as NULL in table and markdown, an empty field in csv and tsv, and
/// null in json and ndjson.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// SQL files to run, in order.
    #[arg(value_name = "QUERY.sql")]
    pub queries: Vec<PathBuf>,
    /// SQL to run after the files (repeatable). Its results are titled by the
    /// statement, unless it starts with a `-- title:` line.
    #[arg(
        short = 'e',
        long = "sql",
        value_name = "SQL",
        allow_hyphen_values = true
    )]
    pub sql: Vec<String>,
    /// An extracted dataset folder, or s3://bucket/prefix where `export` put one
    /// (read in place; AWS credentials and endpoint from the environment). Its
    /// pages were read when it was extracted: the reading options (--intern,
    /// --date-order, …) are refused with it.
    #[arg(long, value_name = "DIR|S3_URL", conflicts_with_all = ["input", "repos"], value_parser = DatasetLocation::parse)]
    pub data: Option<DatasetLocation>,
    /// Pages, a site or a cohort folder to extract in memory (no files written);
    /// repeat for several: --input a --input b.
    #[arg(long, value_name = "PATH")]
    pub input: Vec<PathBuf>,
    /// Output format (default: table on a terminal, csv when piped).
    #[arg(short, long, value_enum)]
    pub format: Option<crate::output::Format>,
    /// Write one file per result into DIR, named after the SQL file.
    #[arg(short, long = "output", visible_alias = "out", value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Substitute ${NAME} in SQL files and -e statements (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// Print row counts and timings on stderr.
    #[arg(short, long)]
    pub verbose: bool,
    /// Run every statement DataFusion knows, not only queries and views: COPY … TO,
    /// INSERT, CREATE EXTERNAL TABLE, CREATE TABLE, DROP TABLE, SET… can then read
    /// and write any file you can. Only for SQL you wrote or trust.
    #[arg(long)]
    pub unsafe_sql: bool,
    #[command(flatten)]
    pub read: ReadOpts,
    #[command(flatten)]
    pub threads: ThreadOpts,
}

/// `16MiB`, `512 KiB`, `2MB`, `1000`: a size in bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("expected a size such as 16MiB or 1000000, got {s:?}"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        u => {
            return Err(format!(
                "unknown size unit {u:?} in {s:?} (use B, KiB, MiB, GiB, kB, MB or GB)"
            ))
        }
    };
    let bytes = n
        .checked_mul(mult)
        .ok_or_else(|| format!("{s:?} is too large"))?;
    if bytes == 0 {
        return Err("the size must be at least 1 byte".into());
    }
    Ok(bytes)
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=VALUE, got {s:?}"))?;
    let k = k.trim();
    if k.is_empty() || !k.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(format!("variable name {k:?} must be letters, digits or _"));
    }
    Ok((k.to_string(), v.to_string()))
}

/// Print the Athena DDL (CREATE DATABASE / EXTERNAL TABLE) for a dataset on S3
///
/// A database and one external table per dataset table, partitioned by week with
/// partition projection (no crawler, no MSCK REPAIR TABLE). Columns and types come
/// from the same schema module as the Parquet files.
///
/// Example:
///   worklog-analyze athena --location s3://my-bucket/worklogs --data dataset > worklogs.sql
#[derive(Debug, Args)]
pub struct AthenaArgs {
    /// Where the dataset is (or will be) on S3: s3://bucket/prefix (as given to `export --to`).
    #[arg(long, value_name = "S3_URL")]
    pub location: String,
    /// Athena database (Glue catalog database) to create the tables in.
    #[arg(long, value_name = "NAME", default_value = "worklogs")]
    pub database: String,
    /// Prefix for every table name (`fcj_` gives fcj_tasks, fcj_pages, …).
    #[arg(long, value_name = "P", default_value = "")]
    pub table_prefix: String,
    /// A dataset (folder or s3:// URL) whose manifest gives the weeks to project
    /// (default: weeks 0 to 99).
    #[arg(long, value_name = "DIR|S3_URL", value_parser = DatasetLocation::parse)]
    pub data: Option<DatasetLocation>,
    /// Weeks partition projection enumerates, FIRST,LAST (overrides --data).
    #[arg(long, value_name = "FIRST,LAST", value_parser = parse_weeks)]
    pub weeks: Option<(i32, i32)>,
}

fn parse_weeks(s: &str) -> Result<(i32, i32), String> {
    let (a, b) = s
        .split_once([',', '-'])
        .ok_or_else(|| format!("expected FIRST,LAST (e.g. 0,14), got {s:?}"))?;
    let a: i32 = a
        .trim()
        .parse()
        .map_err(|_| format!("{a:?} is not a week number"))?;
    let b: i32 = b
        .trim()
        .parse()
        .map_err(|_| format!("{b:?} is not a week number"))?;
    if a < 0 || b < a {
        return Err(format!("weeks {a},{b}: need 0 <= FIRST <= LAST"));
    }
    Ok((a, b))
}

/// Upload a dataset folder to S3 (and QuickSight CSV + manifests with --quicksight)
///
/// Credentials, region and endpoint come from the standard AWS environment variables
/// (AWS_ENDPOINT_URL included; requests are path-style). Data files go first,
/// _manifest.json next; then objects under the dataset's table and quicksight/
/// prefixes that the new dataset does not hold (a previous export's weeks) are
/// removed, so the prefix holds exactly this dataset. Other objects under the
/// prefix are never touched. A failure lists what was written and exits 1.
///
/// Example:
///   worklog-analyze export dataset --to s3://my-bucket/worklogs
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The dataset folder (written by `extract -o DIR`).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Destination: s3://bucket/prefix.
    #[arg(long, value_name = "S3_URL")]
    pub to: String,
    /// List what would be written and the stale objects that would be removed;
    /// write and remove nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also write every table as CSV with a QuickSight manifest per table
    /// (quicksight/TABLE/TABLE.csv and quicksight/TABLE.manifest.json).
    #[arg(long)]
    pub quicksight: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Write a self-contained HTML cohort report (charts, per-intern timelines, data quality)
///
/// One file, no network: inline CSS and SVG. The numbers come from SQL run by the
/// same engine as `run`. Each task is counted once (the primary language of
/// bilingual sites).
///
/// Example: worklog-analyze report --data dataset -o report.html
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// An extracted dataset folder (or s3://bucket/prefix). The reading options
    /// (--intern, --date-order, …) are refused with it.
    #[arg(long, value_name = "DIR|S3_URL", conflicts_with_all = ["input", "repos"], value_parser = DatasetLocation::parse)]
    pub data: Option<DatasetLocation>,
    /// Pages, a site or a cohort folder to extract in memory (default:
    /// ./sample_data); repeat for several: --input a --input b.
    #[arg(long, value_name = "PATH")]
    pub input: Vec<PathBuf>,
    /// The HTML file to write (atomically). A folder (a path ending in `/`, or
    /// an existing folder) gets DIR/index.html, the overview, and one page per
    /// intern in DIR/interns/: light to open at any cohort size.
    #[arg(short, long, value_name = "FILE|DIR/")]
    pub output: PathBuf,
    /// Report title.
    #[arg(long, default_value = "FCJ cohort report")]
    pub title: String,
    /// Interns the overview charts show before grouping the rest as "others".
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub top: usize,
    /// An intern with no task in the cohort's last N weeks (the N weeks up to
    /// the cohort's latest task date; flagged rows left out) is marked quiet
    /// and listed first.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=520))]
    pub quiet_weeks: u32,
    #[command(flatten)]
    pub read: ReadOpts,
    #[command(flatten)]
    pub threads: ThreadOpts,
}

/// Write a synthetic cohort of Hugo worklog sites (for benchmarks and tests).
///
/// Deterministic from --seed: the same arguments give the same bytes in every
/// version. Sites vary as real ones do: English and Vietnamese twins (either
/// as the default language), single-language sites, day styles (2..7, Monday,
/// Mon, Mon (15/9), Day 1), date styles (dd/mm/yyyy, mm/dd/yyyy, ISO,
/// dd-mm-yyyy, d/m/yyyy, d/m without year), tables without a Day column, list
/// pages with day headings, padded tables, `<br>` cells with lab references
/// and URLs, and some broken pages (impossible date, short row, the FCJ
/// template's rows, unclosed front matter, a non-UTF-8 byte, an empty file).
/// `DIR/gen-truth.tsv` lists every task row as generated (file, line, dates, lab).
///
/// Example: worklog-analyze gen --interns 1000 --weeks 12 -o cohort
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Number of intern sites.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub interns: usize,
    /// Weekly pages per site and language.
    #[arg(long, value_name = "W", default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=60))]
    pub weeks: u32,
    /// Seed of the cohort.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Percent of weekly pages with a planted breakage.
    #[arg(long, value_name = "PERCENT", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub broken: u32,
    /// The cohort folder to write (replaced atomically; must be empty, missing
    /// or an earlier generated cohort unless --force).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace DIR even if it holds something else.
    #[arg(long)]
    pub force: bool,
}

/// Print every table's columns, types and meaning.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Only this table.
    #[arg(value_name = "TABLE")]
    pub table: Option<String>,
    /// Print as Markdown (for docs).
    #[arg(long)]
    pub markdown: bool,
}

/// Print a shell completion script to stdout.
///
/// bash: worklog-analyze completions bash > ~/.local/share/bash-completion/completions/worklog-analyze
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Print the man page (roff) to stdout.
///
/// The page lists the subcommands; `--dir` also writes one page per
/// subcommand (worklog-analyze-check.1, …) with its options.
///
/// Example: worklog-analyze man > worklog-analyze.1 && man -l worklog-analyze.1
#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// Write worklog-analyze.1 and every subcommand's page into DIR (created
    /// if missing; pages of those names are replaced) instead of stdout.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("512 KiB"), Ok(512 << 10));
        assert_eq!(parse_size("2MB"), Ok(2_000_000));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("1.5MiB").is_err());
        assert!(parse_size("3 parsecs").is_err());
        assert!(parse_size("99999999999GiB").is_err());
    }

    #[test]
    fn vars_parse() {
        assert_eq!(parse_var("week=7"), Ok(("week".into(), "7".into())));
        assert!(parse_var("week").is_err());
        assert!(parse_var("a b=1").is_err());
    }
}
