//! Integration tests: one binary, shared helpers in `common`.

// Helpers are test code too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod atomic;
mod bad_input;
mod cli;
mod cloud;
mod common;
mod consistency;
mod corpus;
mod day_pages;
mod duckdb;
mod end_to_end;
mod fuzz;
mod git;
mod identical;
mod interns;
mod interrupt;
mod lists;
mod narrative;
mod props;
mod readme;
mod report;
mod run;
mod safety;
mod scale;
mod seed;
mod shell;
mod site_panic;
mod sites;
mod spark;
mod structure;
mod tables;
mod threads;
mod truth;
