//! Fuzz target `decode`: see `qari_fuzz::checks::decode` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| qari_fuzz::checks::decode(data));
