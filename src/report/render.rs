//! The report as one HTML file: a minijinja template (HTML auto-escaping on, so
//! page text such as `<script>` in a task cell is shown as text), inline CSS and
//! SVG, no script and no network.

use minijinja::{context, Environment};
use serde::Serialize;

use super::charts::{self, Chart};
use super::data::ReportData;
use crate::error::{Error, Result};

const TEMPLATE: &str = include_str!("report.html");

/// How many interns, categories and bars the overview shows before "others".
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub top: usize,
}

#[derive(Serialize)]
struct Charts {
    heatmap: Chart,
    labs: Chart,
    topics: Chart,
    durations: Chart,
}

pub fn render(d: &ReportData, title: &str, limits: Limits) -> Result<String> {
    let charts = Charts {
        heatmap: charts::heatmap(&d.tasks_per_week, &d.gaps, limits.top),
        labs: charts::bars(
            "labs",
            "Labs completed per intern (distinct FCJ labs named)",
            &d.labs_per_intern,
            limits.top,
            "labs",
        ),
        topics: charts::stacked(&d.topics_per_week, 6),
        durations: charts::durations(&d.durations),
    };
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE)
        .map_err(|e| Error::Template(e.to_string()))?;
    let t = env
        .get_template("report.html")
        .map_err(|e| Error::Template(e.to_string()))?;
    t.render(context! {
        title => title,
        version => env!("CARGO_PKG_VERSION"),
        d => d,
        charts => charts,
        top => limits.top,
    })
    .map_err(|e| Error::Template(format!("{e:#}")))
}
