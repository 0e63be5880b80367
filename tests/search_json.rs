//! `qari list --json`, `qari search --json` and `qari index` on corpora
//! of every right-to-left language (issue 13): the language of each
//! document, close spellings flagged per hit, title matches as bytes of the
//! file, compressed JSON Lines read like plain ones, the build rate of text.

use std::io::Write;
use std::path::Path;

#[path = "common/cli.rs"]
mod cli;

use cli::{json_lines, qari};

/// Byte ranges, `[start, end]` pairs.
type Ranges = Vec<(usize, usize)>;

fn ranges(v: &serde_json::Value, key: &str) -> Ranges {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    (
                        r[0].as_u64().expect("start") as usize,
                        r[1].as_u64().expect("end") as usize,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn write_jsonl(path: &Path, records: &[serde_json::Value]) {
    let mut f = std::fs::File::create(path).expect("create");
    for r in records {
        writeln!(f, "{r}").expect("write");
    }
}

#[test]
fn list_json_gives_each_documents_language() {
    let tmp = tempfile::tempdir().expect("tmp");
    let c = tmp.path().join("c");
    std::fs::create_dir(&c).expect("dir");
    let docs = [
        ("a-ar.txt", "قال الرئيس إن المدرسة الجديدة في القاهرة كبيرة"),
        ("b-fa.txt", "که عشق آسان نمود اول ولی افتاد مشکل‌ها"),
        ("c-ur.txt", "اور ہم نے موسیٰ کو کتاب دی تھی"),
        ("d-he.txt", "בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם"),
        ("e-en.txt", "plain English text"),
    ];
    for (name, text) in docs {
        std::fs::write(c.join(name), text).expect("write");
    }
    let out = json_lines(&qari(
        &["list", "--json", c.to_str().expect("utf-8")],
        &tmp.path().join("cache"),
    ));
    let langs: Vec<&str> = out
        .iter()
        .map(|v| v.get("lang").and_then(|l| l.as_str()).unwrap_or(""))
        .collect();
    assert_eq!(langs, ["ar", "fa", "ur", "he", ""]);
}

#[test]
fn close_spellings_come_after_the_exact_hits_flagged() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("c.jsonl");
    // One document writes مسئول, six write the other hamza seat, مسؤول.
    let mut records = vec![serde_json::json!({"id": "exact", "text": "قال مسئول في الوزارة"})];
    for i in 0..6 {
        records.push(
            serde_json::json!({"id": format!("close-{i}"), "text": format!("قال مسؤول رقم {i}")}),
        );
    }
    records.push(serde_json::json!({"id": "none", "text": "لا شيء هنا"}));
    write_jsonl(&file, &records);
    let cache = tmp.path().join("cache");
    let path = file.to_str().expect("utf-8");
    let out = json_lines(&qari(&["search", "مسئول ", path, "--json"], &cache));
    let ids: Vec<&str> = out.iter().map(|v| v["id"].as_str().expect("id")).collect();
    assert_eq!(ids.len(), 7, "{ids:?}");
    assert_eq!(ids[0], "exact", "the exact hit ranks first");
    assert!(out[0].get("close").is_none(), "{}", out[0]);
    for v in &out[1..] {
        assert_eq!(v["close"], true, "{v}");
        // The match is the close spelling, in the file as stored.
        let file = std::fs::read(&file).expect("read");
        for (a, b) in ranges(v, "matches") {
            assert_eq!(std::str::from_utf8(&file[a..b]).expect("chars"), "مسؤول");
        }
    }
    // Strict: literal, never close.
    let out = json_lines(&qari(
        &["search", "مسئول ", path, "--json", "--strict"],
        &cache,
    ));
    assert_eq!(out.len(), 1);
    // Enough exact hits: no close spellings at all.
    let out = json_lines(&qari(&["search", "مسؤول ", path, "--json"], &cache));
    assert_eq!(out.len(), 6);
    assert!(out.iter().all(|v| v.get("close").is_none()));
}

#[test]
fn title_matches_are_bytes_of_the_file_plain_and_compressed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let plain = tmp.path().join("plain");
    let gz = tmp.path().join("gz");
    std::fs::create_dir(&plain).expect("dir");
    std::fs::create_dir(&gz).expect("dir");
    // The title is written with a JSON escape before the word, so its
    // bytes in the file are not those of the decoded title.
    let line = "{\"id\":\"t1\",\"title\":\"\\u0041 \u{0627}\u{0644}\u{0628}\u{063A}\u{062F}\u{0627}\u{062F}\u{064A} \u{064A}\u{0642}\u{0648}\u{0644}\",\"text\":\"\u{0644}\u{0627} \u{0634}\u{064A}\u{0621}\"}\n\
                {\"id\":\"t2\",\"title\":\"x\",\"text\":\"\u{0642}\u{0627}\u{0644} \u{0627}\u{0644}\u{0628}\u{063A}\u{062F}\u{0627}\u{062F}\u{064A}\"}\n";
    std::fs::write(plain.join("a.jsonl"), line).expect("write");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(line.as_bytes()).expect("gzip");
    std::fs::write(gz.join("a.jsonl.gz"), enc.finish().expect("gzip")).expect("write");
    let cache = tmp.path().join("cache");
    let mut seen = Vec::new();
    for dir in [&plain, &gz] {
        let out = json_lines(&qari(
            &[
                "search",
                "البغدادي ",
                dir.to_str().expect("utf-8"),
                "--json",
            ],
            &cache,
        ));
        let mut by_id: Vec<(String, Ranges, Ranges)> = out
            .iter()
            .map(|v| {
                (
                    v["id"].as_str().expect("id").to_owned(),
                    ranges(v, "matches"),
                    ranges(v, "title_highlights"),
                )
            })
            .collect();
        by_id.sort();
        assert_eq!(by_id.len(), 2, "{out:?}");
        let (t1, t2) = (&by_id[0], &by_id[1]);
        // The title-only hit has its match, in the file's bytes.
        assert_eq!(t1.1.len(), 1, "{t1:?}");
        let (a, b) = t1.1[0];
        assert_eq!(&line[a..b], "البغدادي");
        // ... and where it is in the title.
        let title = out
            .iter()
            .find(|v| v["id"] == "t1")
            .and_then(|v| v["title"].as_str())
            .expect("title");
        let (ta, tb) = t1.2[0];
        assert_eq!(&title[ta..tb], "البغدادي");
        // A text hit: its match in the file, no title highlights.
        assert!(t2.2.is_empty());
        let (a, b) = t2.1[0];
        assert_eq!(&line[a..b], "البغدادي");
        seen.push(by_id);
    }
    // A compressed file gives the same ranges (of its decompressed bytes).
    assert_eq!(seen[0], seen[1]);
}

#[test]
fn index_reports_the_rate_of_text() {
    let tmp = tempfile::tempdir().expect("tmp");
    let c = tmp.path().join("c");
    std::fs::create_dir(&c).expect("dir");
    // Compressible text: the compressed file is far smaller than its text.
    let text = "قال الرئيس إن المدرسة الجديدة كبيرة ".repeat(2000);
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(
        serde_json::json!({"id": "a", "text": text})
            .to_string()
            .as_bytes(),
    )
    .expect("gzip");
    let gz = enc.finish().expect("gzip");
    assert!(gz.len() * 20 < text.len());
    std::fs::write(c.join("a.jsonl.gz"), gz).expect("write");
    let o = qari(
        &["index", c.to_str().expect("utf-8")],
        &tmp.path().join("cache"),
    );
    let out = String::from_utf8(o.stdout).expect("UTF-8");
    assert!(o.status.success(), "{out}");
    // 1 document, its text (not the compressed size) as the MB measured.
    let mb = format!("{:.1} MB of text", text.len() as f64 / 1e6);
    assert!(out.contains(&mb), "{out}");
}

/// The compressed fixtures (tests/data/compressed/README.md).
fn compressed_data() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/compressed")
}

#[test]
fn gzip_zstd_xz_and_bzip2_files_are_read_and_matches_are_bytes_of_the_decompressed_file() {
    let data = compressed_data();
    let jsonl = std::fs::read_to_string(data.join("src.jsonl")).expect("src.jsonl");
    let txt = std::fs::read_to_string(data.join("src.txt")).expect("src.txt");
    let tmp = tempfile::tempdir().expect("tmp");
    for kind in ["gz", "zst", "xz", "bz2"] {
        let dir = data.join(kind);
        let out = json_lines(&qari(
            &[
                "search",
                "البغدادي ",
                dir.to_str().expect("utf-8"),
                "--json",
            ],
            &tmp.path().join(kind),
        ));
        let mut ids: Vec<&str> = out.iter().map(|v| v["id"].as_str().expect("id")).collect();
        ids.sort_unstable();
        let want: &[&str] = if kind == "zst" {
            &["b", "r1", "two-frames"]
        } else {
            &["b", "r1"]
        };
        assert_eq!(ids, want, "{kind}");
        for v in &out {
            let path = v["path"].as_str().expect("path");
            let source = if path.contains(".txt.") { &txt } else { &jsonl };
            let matches = ranges(v, "matches");
            assert!(!matches.is_empty(), "{kind}: {v}");
            for (a, b) in matches {
                // Offsets into the file as decompressed (a second zstd
                // frame continues the first).
                let file = if path.contains("two-frames") {
                    format!("{txt}{txt}")
                } else {
                    source.clone()
                };
                assert_eq!(&file[a..b], "البغدادي", "{kind}: {path}");
            }
        }
    }
}

#[test]
fn a_truncated_zstd_or_xz_file_is_a_warning_and_the_rest_is_read() {
    let dir = compressed_data().join("broken");
    let tmp = tempfile::tempdir().expect("tmp");
    let o = qari(
        &["list", "--json", dir.to_str().expect("utf-8")],
        tmp.path(),
    );
    let listed = json_lines(&o);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["id"], "ok");
    let err = String::from_utf8_lossy(&o.stderr);
    for name in ["cut.jsonl.zst", "cut.txt.xz"] {
        assert!(
            err.lines()
                .any(|l| l.contains(name) && l.contains("skipped")),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_compressed_file_is_read_by_its_content_whatever_its_name_says() {
    let data = compressed_data();
    let jsonl = std::fs::read_to_string(data.join("src.jsonl")).expect("src.jsonl");
    let txt = std::fs::read_to_string(data.join("src.txt")).expect("src.txt");
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("c");
    std::fs::create_dir(&dir).expect("dir");
    // gzip named as plain JSON Lines, zstd named as plain text, xz named
    // as gzip.
    for (from, to) in [
        ("gz/a.jsonl.gz", "a.jsonl"),
        ("zst/b.txt.zst", "b.txt"),
        ("xz/a.jsonl.xz", "c.jsonl.gz"),
    ] {
        std::fs::copy(data.join(from), dir.join(to)).expect("copy");
    }
    let out = json_lines(&qari(
        &[
            "search",
            "البغدادي ",
            dir.to_str().expect("utf-8"),
            "--json",
        ],
        &tmp.path().join("cache"),
    ));
    let mut paths: Vec<&str> = out
        .iter()
        .map(|v| v["path"].as_str().expect("path"))
        .map(|p| p.rsplit('/').next().expect("name"))
        .collect();
    paths.sort_unstable();
    assert_eq!(paths, ["a.jsonl", "b.txt", "c.jsonl.gz"], "{out:?}");
    for v in &out {
        let path = v["path"].as_str().expect("path");
        let source = if path.ends_with("b.txt") {
            &txt
        } else {
            &jsonl
        };
        let matches = ranges(v, "matches");
        assert!(!matches.is_empty(), "{v}");
        for (a, b) in matches {
            assert_eq!(&source[a..b], "البغدادي", "{path}");
        }
    }
}
