//! qari's fuzz targets share their invariant checks (`checks.rs`), which
//! `tests/fuzz_regressions.rs` also runs on every crash input kept.
#![allow(missing_docs)]

pub mod checks;
