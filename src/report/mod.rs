//! `report`: a self-contained HTML cohort report. The numbers come from SQL run
//! by the same engine as `run` ([`data`]); chart geometry is computed in
//! [`charts`] and drawn as inline SVG by a minijinja template ([`render`]).

pub mod charts;
pub mod data;
pub mod render;
