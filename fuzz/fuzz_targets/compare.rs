//! Fuzz target `compare`: see `qari_fuzz::checks::compare` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari_fuzz::checks::compare(data));
