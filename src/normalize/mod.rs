//! Pure normalisers: each turns one kind of cell text into typed values.
//! None of them touch files or Arrow; all are unit-tested in place.

pub mod dates;
pub mod days;
pub mod labs;
pub(crate) mod memo;
pub mod text;
pub mod topics;

/// Compile every pattern the normalisers use. Each compiles on first use
/// anyway; a run calls this on a spare core while it walks its inputs, so the
/// parsing threads do not wait on the compile (~10 ms in all).
pub fn warm() {
    rayon::join(dates::warm, || {
        days::warm();
        labs::warm();
        text::warm();
    });
}
