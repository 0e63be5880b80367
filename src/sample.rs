//! The sample corpus (`seeds/`), embedded in the binary so that `qari` works
//! from any directory.

include!(concat!(env!("OUT_DIR"), "/sample_files.rs"));

/// The folder the sample files come from, as shown in paths.
pub const DIR: &str = "seeds";
