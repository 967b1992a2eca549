//! DataFusion: registering the tables, and SQL files with their headers.

pub mod engine;
pub mod script;
