//! `run [QUERY.sql]... [-e SQL]`: SQL files over the dataset with DataFusion.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Instant;

use anyhow::{bail, Context};
use datafusion::prelude::SessionContext;
use regex::Regex;

use super::{extract_options, guard, EXIT_FAILURE, EXIT_OK};
use crate::cli::{DatasetLocation, ReadOpts, RunArgs};
use crate::dataset::Table;
use crate::output::{self, Format};
use crate::sql::columns::Columns;
use crate::sql::{engine, script};

/// The input `run` and `report` read when neither --data nor --input is given.
pub const DEFAULT_INPUT: &str = "sample_data";

/// One SQL source: a file or an -e string.
struct Job {
    /// Shown in errors: the file path, or `-e #N`.
    origin: String,
    /// Base name for `-o` files.
    stem: String,
    /// An `-e` statement (its results are titled by their SQL).
    inline: bool,
    text: Result<String, String>,
}

/// What `run` and `report` read (for [`guard::refuse_overlap`]): the dataset,
/// or the pages (by default ./sample_data) and what reading them uses.
pub fn sources(
    data: Option<&DatasetLocation>,
    input: &[PathBuf],
    read: &ReadOpts,
) -> Vec<guard::Input> {
    let mut out = Vec::new();
    match data {
        Some(DatasetLocation::S3(_)) => {}
        Some(DatasetLocation::Local(dir)) => out.push(guard::Input {
            what: "dataset",
            path: dir.to_path_buf(),
        }),
        None if input.is_empty() && read.repos.is_none() => out.push(guard::Input {
            what: "input",
            path: PathBuf::from(DEFAULT_INPUT),
        }),
        None => out.extend(guard::paths(input)),
    }
    if data.is_none() {
        out.extend(guard::read_inputs(read));
    }
    out
}

/// A session and the number of input errors found extracting in memory (0
/// for a dataset: `extract` reported those when it wrote it).
pub struct Session {
    pub ctx: SessionContext,
    pub input_errors: usize,
}

/// Build the session from --data, --input and/or --repos, or ./sample_data.
/// Pages extracted in memory are held as `columns` (a dataset is read in
/// place, only what each statement reads). Input errors of an in-memory
/// extraction are summed up on stderr.
pub fn session(
    data: Option<&DatasetLocation>,
    input: &[PathBuf],
    read: &ReadOpts,
    columns: &Columns,
    rt: &tokio::runtime::Runtime,
) -> anyhow::Result<Session> {
    if let Some(data) = data {
        let ctx = match data {
            DatasetLocation::S3(loc) => rt.block_on(engine::for_s3(loc)),
            DatasetLocation::Local(dir) => rt.block_on(engine::for_dataset(dir)),
        }
        .with_context(|| format!("opening dataset {data}"))?;
        return Ok(Session {
            ctx,
            input_errors: 0,
        });
    }
    let inputs: Vec<PathBuf> = if !input.is_empty() {
        input.to_vec()
    } else if read.repos.is_some() {
        // Only the repositories: no default folder.
        Vec::new()
    } else {
        let default = PathBuf::from(DEFAULT_INPUT);
        if !default.is_dir() {
            bail!("no input: pass --data DIR (a dataset written by `worklog-analyze extract`) or --input PATH (worklog pages; repeat it for several); ./{DEFAULT_INPUT} was not found in this folder");
        }
        vec![default]
    };
    let opts = extract_options(read)?;
    let (ctx, mut codes) = engine::for_pages(&inputs, &opts, columns).context("reading inputs")?;
    let input_errors = codes.len();
    if input_errors > 0 {
        codes.sort_unstable();
        codes.dedup();
        eprintln!(
            "error: {input_errors} input error(s) ({}); the results are from what could be read (worklog-analyze check for details)",
            codes.join(", ")
        );
    }
    Ok(Session { ctx, input_errors })
}

static LINE_COL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Line: (\d+), Column: (\d+)").expect("static regex"));

/// `origin:line[:col]: message`, with the available tables listed for an unknown table.
fn describe_error(
    origin: &str,
    stmt_line: usize,
    err: &datafusion::error::DataFusionError,
) -> String {
    let msg = err.to_string();
    let location = match LINE_COL.captures(&msg) {
        Some(c) => {
            let l: usize = c[1].parse().unwrap_or(1);
            format!("{origin}:{}:{}", stmt_line + l - 1, &c[2])
        }
        None => format!("{origin}:{stmt_line}"),
    };
    let mut out = format!("{location}: {msg}");
    if msg.contains("not found") && msg.contains("table") {
        let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
        out.push_str(&format!(
            " (available tables: {}; and views created earlier in this run)",
            names.join(", ")
        ));
    }
    out
}

fn out_path(dir: &Path, stem: &str, n: usize, format: Format) -> PathBuf {
    let name = if n <= 1 {
        stem.to_string()
    } else {
        format!("{stem}-{n}")
    };
    dir.join(format!("{name}.{}", format.extension()))
}

/// The format: `--format`, else a table on a terminal and CSV when piped.
fn output_format(args: &RunArgs) -> anyhow::Result<Format> {
    let stdout_tty = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if stdout_tty {
        Format::Table
    } else {
        Format::Csv
    });
    if format == Format::Parquet && args.output.is_none() && stdout_tty {
        bail!("--format parquet writes binary: pass -o DIR, or redirect stdout to a file");
    }
    Ok(format)
}

/// The SQL files in order, then the `-e` statements.
fn jobs(args: &RunArgs) -> Vec<Job> {
    let mut jobs: Vec<Job> = args
        .queries
        .iter()
        .map(|p| Job {
            origin: p.display().to_string(),
            stem: p
                .file_stem()
                .map_or_else(|| "query".into(), |s| s.to_string_lossy().into_owned()),
            // Editors on Windows save "UTF-8 with BOM"; the parser would choke on it.
            inline: false,
            text: std::fs::read_to_string(p)
                .map(|t| t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t))
                .map_err(|e| format!("cannot read: {e}")),
        })
        .collect();
    jobs.extend(args.sql.iter().enumerate().map(|(i, s)| Job {
        origin: format!("-e #{}", i + 1),
        stem: format!("inline-{}", i + 1),
        inline: true,
        text: Ok(s.clone()),
    }));
    jobs
}

/// Where results go: one file each under `-o DIR`, or stdout (see [`output::stream`]).
struct Emitter<'a> {
    format: Format,
    out: Option<&'a Path>,
    verbose: bool,
    stdout: output::stream::Results<output::PipeWatch<std::io::StdoutLock<'static>>>,
    /// A format that holds one result per stream (Parquet), bound for stdout:
    /// the result is held until the end, so a second one is refused before
    /// anything is written. With where it came from.
    held: Option<(String, Vec<u8>)>,
    /// What the command reads: `-o` files must not overwrite it.
    sources: Vec<guard::Input>,
}

impl Emitter<'_> {
    /// Result `n` of `job`, titled `title`.
    fn emit(
        &mut self,
        job: &Job,
        n: usize,
        title: &str,
        description: &str,
        schema: &datafusion::arrow::datatypes::SchemaRef,
        batches: &[datafusion::arrow::array::RecordBatch],
    ) -> anyhow::Result<()> {
        match self.out {
            Some(dir) => {
                let path = out_path(dir, &job.stem, n, self.format);
                // A page given as --input may sit in DIR under this very name.
                guard::refuse_overlap(
                    &path,
                    "-o",
                    guard::Writes::Into,
                    self.sources.iter().cloned(),
                )?;
                let mut buf = Vec::new();
                output::write(&mut buf, self.format, schema, batches)?;
                crate::atomic::write_atomic(&path, &buf)
                    .with_context(|| format!("writing {}", path.display()))?;
                if self.verbose {
                    eprintln!("{}: wrote {}", job.origin, path.display());
                }
            }
            None if self.format.one_per_stream() => {
                let here = if n > 1 {
                    format!("{} (result {n})", job.origin)
                } else {
                    job.origin.clone()
                };
                if let Some((first, _)) = &self.held {
                    bail!(
                        "--format {} writes one result to stdout, but there are several ({first}, then {here}); nothing was written: pass -o DIR to write one file per result, or run one query at a time",
                        self.format.extension()
                    );
                }
                let mut buf = Vec::new();
                output::write(&mut buf, self.format, schema, batches)?;
                self.held = Some((here, buf));
            }
            None => self.stdout.result(title, description, schema, batches)?,
        }
        Ok(())
    }
}

/// How many read-only statements run at once, counting the one whose result
/// is being written: while the main thread plans statements and writes a
/// result, the next ones execute on the runtime's threads.
const IN_FLIGHT: usize = 3;

/// A statement's result, and when it was ready (for `-v`: its time, not the
/// time it waited for the results before it to be written).
type Batches = (
    datafusion::error::Result<Vec<datafusion::arrow::array::RecordBatch>>,
    Instant,
);

/// A statement planned (and maybe running), or its job's failure, waiting
/// for the results before it to be written: what the user sees comes in the
/// order of the statements.
struct Pending {
    job: usize,
    line: usize,
    started: Instant,
    outcome: Outcome,
}

enum Outcome {
    /// Result `n` of its job, titled `title`, executing on the runtime.
    Running {
        n: usize,
        title: String,
        description: String,
        schema: datafusion::arrow::datatypes::SchemaRef,
        task: tokio::task::JoinHandle<Batches>,
    },
    /// A read-only statement with no columns (nothing to show when it succeeds).
    Silent(tokio::task::JoinHandle<Batches>),
    /// The job's error, already worded.
    Failed(String),
}

/// The statements of all jobs, planned in order and written in order.
struct Runner<'a> {
    jobs: &'a [Job],
    ctx: &'a SessionContext,
    access: engine::Access,
    rt: &'a tokio::runtime::Runtime,
    vars: &'a HashMap<String, String>,
    emitter: Emitter<'a>,
    queue: std::collections::VecDeque<Pending>,
    /// Per job: one of its statements failed (its later results are dropped).
    failed: Vec<bool>,
}

fn describe(origin: &str, line: usize, e: crate::error::Error) -> String {
    match e {
        crate::error::Error::DataFusion(e) => describe_error(origin, line, &e),
        e => format!("{origin}:{line}: {e}"),
    }
}

impl Runner<'_> {
    /// Plan job `j`'s statements and queue them, up to the first that fails to plan.
    fn plan_job(&mut self, j: usize) -> anyhow::Result<()> {
        let job = &self.jobs[j];
        let text = match &job.text {
            Ok(t) => t,
            Err(e) => return self.push(j, 0, Outcome::Failed(format!("{}: {e}", job.origin))),
        };
        let s = script::parse(text, &job.stem);
        let mut n = 0usize;
        for stmt in &s.statements {
            let started = Instant::now();
            let sql = match script::substitute(&stmt.sql, self.vars, stmt.line) {
                Ok(sql) => sql,
                Err(e) => {
                    let msg = format!("{}: {e}", job.origin);
                    return self.push(j, stmt.line, Outcome::Failed(msg));
                }
            };
            let ctx = self.ctx;
            let planned = self.rt.block_on(engine::plan(ctx, &sql, self.access));
            let plan = match planned {
                Ok(plan) => plan,
                Err(e) => {
                    let msg = describe(&job.origin, stmt.line, e);
                    return self.push(j, stmt.line, Outcome::Failed(msg));
                }
            };
            let task = if engine::only_reads(&plan) {
                let df = self.rt.block_on(ctx.execute_logical_plan(plan));
                df.map(|df| {
                    let schema = df.schema().inner().clone();
                    let task = self.rt.spawn(async move {
                        let done = df.collect().await;
                        (done, Instant::now())
                    });
                    (schema, task)
                })
            } else {
                // DDL, and under --unsafe-sql writes: what they change must not be
                // seen by a statement before them, nor missed by one after them;
                // nor may they run after an earlier statement of their job failed.
                self.drain(0)?;
                if self.failed[j] {
                    return Ok(());
                }
                self.rt.block_on(async {
                    // The schema after executing: a view's DDL shows none.
                    let df = ctx.execute_logical_plan(plan).await?;
                    let schema = df.schema().inner().clone();
                    let done = (df.collect().await, Instant::now());
                    Ok((schema, self.rt.spawn(std::future::ready(done))))
                })
            };
            let (schema, task) = match task {
                Ok(task) => task,
                Err(e) => {
                    let msg = describe_error(&job.origin, stmt.line, &e);
                    return self.push(j, stmt.line, Outcome::Failed(msg));
                }
            };
            let outcome = if schema.fields().is_empty() {
                // DDL such as CREATE VIEW: nothing to show.
                Outcome::Silent(task)
            } else {
                n += 1;
                let title = if job.inline && s.title == job.stem {
                    // An -e statement without a `-- title:` (the fallback is its stem) is named by its SQL.
                    stmt.sql.clone()
                } else if n > 1 {
                    format!("{} ({n})", s.title)
                } else {
                    s.title.clone()
                };
                Outcome::Running {
                    n,
                    title,
                    description: s.description.clone(),
                    schema,
                    task,
                }
            };
            self.push_at(j, stmt.line, started, outcome)?;
        }
        Ok(())
    }

    /// Queue a job's failure (timed from now).
    fn push(&mut self, job: usize, line: usize, outcome: Outcome) -> anyhow::Result<()> {
        self.push_at(job, line, Instant::now(), outcome)
    }

    /// Queue a statement's outcome, writing the oldest results past [`IN_FLIGHT`].
    fn push_at(
        &mut self,
        job: usize,
        line: usize,
        started: Instant,
        outcome: Outcome,
    ) -> anyhow::Result<()> {
        self.queue.push_back(Pending {
            job,
            line,
            started,
            outcome,
        });
        self.drain(IN_FLIGHT - 1)
    }

    /// Write the oldest results until at most `keep` are waiting.
    fn drain(&mut self, keep: usize) -> anyhow::Result<()> {
        while self.queue.len() > keep {
            let Some(p) = self.queue.pop_front() else {
                break;
            };
            self.finish(p)?;
        }
        Ok(())
    }

    fn finish(&mut self, p: Pending) -> anyhow::Result<()> {
        let job = &self.jobs[p.job];
        let (task, shown) = match p.outcome {
            Outcome::Failed(msg) => {
                if !self.failed[p.job] {
                    eprintln!("error: {msg}");
                    self.failed[p.job] = true;
                }
                return Ok(());
            }
            Outcome::Silent(task) => (task, None),
            Outcome::Running {
                n,
                title,
                description,
                schema,
                task,
            } => (task, Some((n, title, description, schema))),
        };
        if self.failed[p.job] {
            // Planned before an earlier statement of its job failed; it only reads.
            task.abort();
            return Ok(());
        }
        let (batches, ready) = match self.rt.block_on(task) {
            Ok((Ok(batches), ready)) => (batches, ready),
            Ok((Err(e), _)) => {
                eprintln!("error: {}", describe_error(&job.origin, p.line, &e));
                self.failed[p.job] = true;
                return Ok(());
            }
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
        let Some((n, title, description, schema)) = shown else {
            return Ok(());
        };
        self.emitter
            .emit(job, n, &title, &description, &schema, &batches)?;
        if self.emitter.verbose {
            let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
            eprintln!(
                "{}:{}: {rows} rows in {:.1} ms",
                job.origin,
                p.line,
                (ready - p.started).as_secs_f64() * 1e3
            );
        }
        Ok(())
    }
}

pub fn run(args: &RunArgs) -> anyhow::Result<i32> {
    if args.queries.is_empty() && args.sql.is_empty() {
        bail!("nothing to run: give SQL files (e.g. queries/*.sql) or -e \"SELECT ...\"");
    }
    let format = output_format(args)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let sources = sources(args.data.as_ref(), &args.input, &args.read);
    if let Some(dir) = &args.output {
        guard::refuse_overlap(dir, "-o", guard::Writes::Into, sources.iter().cloned())?;
    }
    let Session { ctx, input_errors } = session(
        args.data.as_ref(),
        &args.input,
        &args.read,
        // The statements are the user's: every column may be read.
        &Columns::All,
        &rt,
    )?;
    if let (Some(DatasetLocation::Local(dir)), false) = (&args.data, args.unsafe_sql) {
        rt.block_on(engine::cache_tables(&ctx, dir, engine::CACHE_LIMIT))
            .with_context(|| format!("opening dataset {}", dir.display()))?;
    }
    if let Some(dir) = &args.output {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let vars: HashMap<String, String> = args.vars.iter().cloned().collect();
    let emitter = Emitter {
        format,
        out: args.output.as_deref(),
        verbose: args.verbose,
        stdout: output::stream::Results::new(output::PipeWatch(std::io::stdout().lock()), format),
        held: None,
        sources,
    };
    let access = if args.unsafe_sql {
        engine::Access::Unrestricted
    } else {
        engine::Access::ReadOnly
    };
    let jobs = jobs(args);
    let mut runner = Runner {
        jobs: &jobs,
        ctx: &ctx,
        access,
        rt: &rt,
        vars: &vars,
        emitter,
        queue: Default::default(),
        failed: vec![false; jobs.len()],
    };
    for j in 0..jobs.len() {
        runner.plan_job(j)?;
    }
    runner.drain(0)?;
    let failed = runner.failed.iter().filter(|f| **f).count();
    let mut emitter = runner.emitter;
    if let Some((_, bytes)) = emitter.held.take() {
        emitter.stdout.get_mut().write_all(&bytes)?;
    }
    emitter.stdout.finish()?;
    if failed > 0 {
        eprintln!("{failed} SQL source(s) failed");
        return Ok(EXIT_FAILURE);
    }
    // The results are written, but from inputs that were not all read.
    Ok(if input_errors > 0 {
        EXIT_FAILURE
    } else {
        EXIT_OK
    })
}
