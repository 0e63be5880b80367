//! The binary run as a user runs it, for the command-line tests: no user
//! configuration, the cache given, from a folder of no interest.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `qari ARGS` with its cache in `cache`.
pub fn qari(args: &[&str], cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("qari-tests-no-config"),
        )
        .env("XDG_CACHE_HOME", cache)
        .env_remove("QARI_CONFIG")
        .output()
        .expect("run qari")
}

/// The JSON objects of a successful run's output, one per line.
pub fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone())
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}
