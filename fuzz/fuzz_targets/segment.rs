//! Fuzz target `segment`: see `qari_fuzz::checks::segment` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari_fuzz::checks::segment(data));
