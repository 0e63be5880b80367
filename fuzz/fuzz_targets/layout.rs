//! Fuzz target `layout`: see `qari_fuzz::checks::layout` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari_fuzz::checks::layout(data));
