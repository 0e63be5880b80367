//! An in-memory search engine over small documents (id, text), written as
//! one JSON Lines file and loaded as any corpus is: what the analysis tests
//! search.

use std::io::Write;

use qari::corpus::{Corpus, LoadOptions};
use qari::search::Engine;

/// The engine of `docs` (id, text), and the folder its file is in (kept
/// alive by the caller).
pub fn engine(docs: &[(&str, &str)]) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.jsonl");
    let mut f = std::fs::File::create(&path).expect("create");
    for (id, text) in docs {
        writeln!(
            f,
            "{}",
            serde_json::json!({ "id": id, "title": "", "text": text })
        )
        .expect("write");
    }
    drop(f);
    let c = Corpus::load(&[path], &LoadOptions::default()).expect("corpus");
    let e = Engine::in_memory(&c).expect("index");
    (dir, e)
}
