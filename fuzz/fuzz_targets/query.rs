//! Fuzz target `query`: see `qari_fuzz::checks::query` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari_fuzz::checks::query(data));
