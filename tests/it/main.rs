//! Integration tests: one binary, shared helpers in `common`.

mod atomic;
mod bad_input;
mod cli;
mod cloud;
mod common;
mod consistency;
mod corpus;
mod duckdb;
mod end_to_end;
mod fuzz;
mod git;
mod lists;
mod props;
mod report;
mod run;
mod scale;
mod seed;
mod sites;
