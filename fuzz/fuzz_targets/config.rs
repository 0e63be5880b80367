//! Fuzz target `config`: see `qari_fuzz::checks::config` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari_fuzz::checks::config(data));
