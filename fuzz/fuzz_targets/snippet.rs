//! Fuzz target `snippet`: see `qari_fuzz::checks::snippet` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari_fuzz::checks::snippet(data));
