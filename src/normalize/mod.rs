//! Pure normalisers: each turns one kind of cell text into typed values.
//! None of them touch files or Arrow; all are unit-tested in place.

pub mod dates;
pub mod days;
pub mod labs;
pub(crate) mod memo;
pub mod text;
pub mod topics;
