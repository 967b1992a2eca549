//! The report as HTML: a minijinja template (HTML auto-escaping on, so page
//! text such as `<script>` in a task cell is shown as text), inline CSS and
//! SVG, no script and no network. Either one file ([`render`]) or, for a
//! large cohort, an overview ([`render_index`]) plus one page per intern
//! ([`render_intern`], at [`intern_file`]), each self-contained.

use minijinja::{context, Environment};
use serde::Serialize;

use super::charts::{self, Chart};
use super::data::{Intern, Quiet, ReportData, UpdatedFrom};
use crate::error::{Error, Result};

const TEMPLATE: &str = include_str!("report.html");

/// How many interns, categories and bars the overview shows before "others".
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub top: usize,
}

/// One line of the overview's intern table.
#[derive(Serialize)]
struct InternLine<'a> {
    name: &'a str,
    href: String,
    quiet: bool,
    last_task: &'a str,
    last_updated: &'a str,
    updated_from: UpdatedFrom,
    tasks: i64,
    flagged: i64,
    labs: i64,
    weeks: usize,
    findings: usize,
}

/// The page of intern `i` in a report folder, relative to its `index.html`.
pub fn intern_file(i: &Intern) -> String {
    format!("interns/{}.html", i.anchor)
}

fn charts(d: &ReportData, limits: Limits) -> Vec<Chart> {
    vec![
        charts::heatmap(&d.tasks_per_week, &d.gaps, limits.top),
        charts::bars(
            "labs",
            "Labs completed per intern (distinct FCJ labs named)",
            &d.labs_per_intern,
            limits.top,
            "labs",
        ),
        charts::stacked(&d.topics_per_week, 6),
        charts::durations(&d.durations),
    ]
}

fn lines(d: &ReportData, href: impl Fn(&Intern) -> String) -> Vec<InternLine<'_>> {
    d.interns
        .iter()
        .map(|i| InternLine {
            name: &i.name,
            href: href(i),
            quiet: i.quiet,
            last_task: &i.last_task,
            last_updated: &i.last_updated,
            updated_from: i.updated_from,
            tasks: i.tasks,
            flagged: i.flagged,
            labs: i.labs,
            weeks: i.weeks.len(),
            findings: i.diagnostics.len(),
        })
        .collect()
}

/// The template once; each page renders from it.
pub struct Renderer {
    env: Environment<'static>,
}

impl Renderer {
    pub fn new() -> Result<Self> {
        let mut env = Environment::new();
        env.add_template("report.html", TEMPLATE)
            .map_err(|e| Error::Template(e.to_string()))?;
        Ok(Renderer { env })
    }

    fn page(&self, ctx: minijinja::Value) -> Result<String> {
        self.env
            .get_template("report.html")
            .map_err(|e| Error::Template(e.to_string()))?
            .render(ctx)
            .map_err(|e| Error::Template(format!("{e:#}")))
    }

    /// The whole report in one file: overview, every intern's section, data quality.
    pub fn single(&self, d: &ReportData, title: &str, limits: Limits) -> Result<String> {
        self.page(context! {
            mode => "single",
            title => title,
            version => env!("CARGO_PKG_VERSION"),
            o => d.overview,
            quiet => d.quiet,
            charts => charts(d, limits),
            rows => lines(d, |i| format!("#{}", i.anchor)),
            interns => d.interns,
            by_code => d.diagnostics_by_code,
            by_intern => d.diagnostics_by_intern,
        })
    }

    /// A report folder's `index.html`: overview and data quality, the interns
    /// linked to their pages. Its size grows by one table line per intern.
    pub fn index(&self, d: &ReportData, title: &str, limits: Limits) -> Result<String> {
        self.page(context! {
            mode => "index",
            title => title,
            version => env!("CARGO_PKG_VERSION"),
            o => d.overview,
            quiet => d.quiet,
            charts => charts(d, limits),
            rows => lines(d, intern_file),
            by_code => d.diagnostics_by_code,
            by_intern => d.diagnostics_by_intern,
        })
    }

    /// One intern's page in a report folder ([`intern_file`]).
    pub fn intern(&self, i: &Intern, quiet: &Quiet, title: &str) -> Result<String> {
        self.page(context! {
            mode => "intern",
            title => title,
            version => env!("CARGO_PKG_VERSION"),
            quiet => quiet,
            interns => [i],
        })
    }
}

/// The report as one HTML file.
pub fn render(d: &ReportData, title: &str, limits: Limits) -> Result<String> {
    Renderer::new()?.single(d, title, limits)
}

/// A report folder's overview page.
pub fn render_index(d: &ReportData, title: &str, limits: Limits) -> Result<String> {
    Renderer::new()?.index(d, title, limits)
}

/// One intern's page of a report folder.
pub fn render_intern(i: &Intern, quiet: &Quiet, title: &str) -> Result<String> {
    Renderer::new()?.intern(i, quiet, title)
}
