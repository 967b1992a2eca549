//! DataFusion: registering the tables, and SQL files with their headers.

pub mod cache;
pub mod columns;
pub mod engine;
pub mod script;
