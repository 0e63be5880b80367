//! Corpora as they come (issue 15): CSV and TSV (and the markup formats)
//! listed with their metadata, searched with byte ranges that slice the
//! matched words out of the files as stored, and malformed files
//! reported per file with the other documents kept.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn qari(args: &[&str], cache: &Path) -> Output {
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

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone())
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

fn data(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir)
}

/// A copy of fixture folder `dir` in a fresh temporary folder (the index
/// lives in the cache; the copy keeps the repository's folder untouched
/// by any accident).
fn copy_of(dir: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let to = tmp.path().join(dir);
    std::fs::create_dir(&to).expect("dir");
    for e in std::fs::read_dir(data(dir)).expect("fixtures") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
    }
    (tmp, to)
}

/// Every `matches` range of every hit of `query` slices a word that
/// `expected` accepts out of the hit's file as stored; returns the hits.
fn search_slices(
    corpus: &Path,
    cache: &Path,
    query: &str,
    expected: &dyn Fn(&str) -> bool,
) -> Vec<serde_json::Value> {
    let out = json_lines(&qari(
        &[
            "search",
            "--json",
            "-n",
            "100",
            query,
            corpus.to_str().expect("utf-8"),
        ],
        cache,
    ));
    assert!(!out.is_empty(), "{query}: no hit");
    for hit in &out {
        let path = corpus
            .parent()
            .expect("parent")
            .join(hit["path"].as_str().expect("path"));
        let path = if path.exists() {
            path
        } else {
            PathBuf::from(hit["path"].as_str().expect("path"))
        };
        let bytes = std::fs::read(&path).expect("stored file");
        let matches = hit["matches"].as_array().expect("matches");
        assert!(!matches.is_empty(), "{hit}");
        for m in matches {
            let (a, b) = (
                m[0].as_u64().expect("start") as usize,
                m[1].as_u64().expect("end") as usize,
            );
            let word = std::str::from_utf8(&bytes[a..b]).expect("a range on characters");
            assert!(expected(word), "{query}: {word:?} at {a}..{b} in {hit}");
        }
    }
    out
}

#[test]
fn csv_and_tsv_records_are_documents_with_their_metadata() {
    let (tmp, c) = copy_of("csv");
    let out = qari(
        &["list", "--json", c.to_str().expect("utf-8")],
        &tmp.path().join("cache"),
    );
    let docs = json_lines(&out);
    let by_id = |id: &str| {
        docs.iter()
            .find(|d| d["id"] == id)
            .unwrap_or_else(|| panic!("{id} listed: {docs:?}"))
    };
    let aj = by_id("aj-1");
    assert_eq!(aj["title"], "انتخابات في الباغوز");
    assert_eq!(aj["source"], "الجزيرة");
    assert_eq!(aj["date"], "7 فبراير/شباط 2019");
    assert_eq!(aj["date_iso"], "2019-02-07");
    assert_eq!(aj["meta"]["section"], "سياسة");
    assert_eq!(aj["line"], 2);
    // The record after a quoted line break starts on line 4.
    assert_eq!(by_id("bbc-1")["line"], 4);
    assert_eq!(by_id("hz-1")["date_iso"], "2019-03-14");
    assert_eq!(by_id("hz-1")["lang"], "he");
    assert_eq!(by_id("fa-1")["lang"], "fa");
    // TSV: commas are text; the title column named `title`.
    let tsv = by_id("news:2");
    assert_eq!(tsv["title"], "عنوان أول");
    assert_eq!(tsv["date_iso"], "2019-01-15");
    // The broken quote costs its record only, with a warning naming the line.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("broken-quote.csv:2: skipped: a quote opened in this record is never closed"),
        "{stderr}"
    );
    assert_eq!(by_id("3")["title"], "النص \"الثالث\"");
    assert!(
        docs.iter().all(|d| d["id"] != "1"),
        "the broken record is not listed"
    );
    // No text column named: the longest is the text, and a warning says so.
    assert!(
        stderr.contains("no-text-column.csv: no text column named"),
        "{stderr}"
    );
    assert_eq!(by_id("no-text-column:2")["words"], 11);
}

#[test]
fn csv_matches_are_byte_ranges_of_the_stored_file() {
    let (tmp, c) = copy_of("csv");
    let cache = tmp.path().join("cache");
    // A doubled quote and a line break inside the quoted text come before
    // the second match in `aj-1`; commas in TSV text.
    let hits = search_slices(&c, &cache, "الباغوز", &|w| w == "الباغوز");
    let ids: Vec<&str> = hits.iter().filter_map(|h| h["id"].as_str()).collect();
    for id in ["aj-1", "news:2", "2"] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    search_slices(&c, &cache, "الانتخابات", &|w| w == "الانتخابات");
    search_slices(&c, &cache, "ירושלים", &|w| w == "ירושלים");
    // Persian کتاب folds with Arabic كتاب (docs/search.md).
    search_slices(&c, &cache, "کتاب", &|w| {
        w.contains("کتاب") || w.contains("كتاب")
    });
}

#[test]
fn a_corpus_qari_toml_names_its_fields_and_date_order() {
    let (tmp, c) = copy_of("local-config");
    let out = qari(
        &["list", "--json", c.to_str().expect("utf-8")],
        &tmp.path().join("cache"),
    );
    let docs = json_lines(&out);
    let by_id = |id: &str| {
        docs.iter()
            .find(|d| d["id"] == id)
            .unwrap_or_else(|| panic!("{id} listed: {docs:?}"))
    };
    // `matn` is the text although a `text` field exists; that one is kept
    // as metadata.
    let x1 = by_id("x1");
    assert_eq!(x1["title"], "عنوان الخبر");
    assert_eq!(x1["words"], 4, "نص الخبر عن الباغوز");
    assert_eq!(x1["meta"]["text"], "ليس هذا النص");
    assert_eq!(x1["source"], "الجزيرة");
    // Month first, as the file says: 02/07/2019 is 7 February.
    assert_eq!(x1["date_iso"], "2019-02-07");
    // The named date field wins over a `date` field.
    let x2 = by_id("x2");
    assert_eq!(x2["date_iso"], "2019-12-25");
    assert_eq!(x2["meta"]["date"], "2000-01-01");
    // The same names for CSV columns.
    let c1 = by_id("c1");
    assert_eq!(c1["source"], "الأهرام");
    assert_eq!(c1["date_iso"], "2019-03-01");
    // Searched, the text read again is `matn`.
    let hits = search_slices(&c, &tmp.path().join("cache"), "الباغوز", &|w| {
        w == "الباغوز"
    });
    assert_eq!(hits.len(), 2);
}

/// `s` with the XML references it holds decoded (the five named ones and
/// numeric ones): what a range over a reference stands for.
fn unescape_xml(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(end) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let name = &tail[1..end];
        let c = match name.to_ascii_lowercase().as_str() {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n if n.starts_with("#x") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&tail[..=end]),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn xml_and_sgml_documents_with_their_metadata_and_malformed_ones_reported() {
    let (tmp, c) = copy_of("xml");
    let out = qari(
        &["list", "--json", c.to_str().expect("utf-8")],
        &tmp.path().join("cache"),
    );
    let docs = json_lines(&out);
    let by_id = |id: &str| {
        docs.iter()
            .find(|d| d["id"] == id)
            .unwrap_or_else(|| panic!("{id} listed: {docs:?}"))
    };
    // OSIAN-style attributes: the title's reference decoded, date, source, URL.
    let aj = by_id("aljazeera-1");
    assert_eq!(aj["title"], "الطقس & المناخ في الخليج");
    assert_eq!(aj["date_iso"], "2017-05-03");
    assert_eq!(aj["source"], "الجزيرة");
    assert_eq!(aj["url"], "http://example.com/news/1");
    assert_eq!(by_id("bbc-2")["url"], "http://example.com/news/2?a=1&b=2");
    // Gigaword: the headline, the dateline kept apart, the date and the
    // source from the LDC id.
    let afp = by_id("AFP_ARB_20010101.0001");
    assert_eq!(afp["title"], "افتتاح معرض القاهرة الدولي للكتاب");
    assert_eq!(afp["meta"]["dateline"], "القاهرة 1-1 (اف ب) -");
    assert_eq!(afp["date_iso"], "2001-01-01");
    assert_eq!(afp["source"], "AFP_ARB");
    // The unclosed document is a warning with its line; the others are kept.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("malformed.sgml:6: skipped: unclosed <DOC>"),
        "{stderr}"
    );
    by_id("M1");
    by_id("M3");
    assert!(docs.iter().all(|d| d["id"] != "M2"));
}

#[test]
fn xml_matches_are_byte_ranges_of_the_stored_file() {
    let (tmp, c) = copy_of("xml");
    let cache = tmp.path().join("cache");
    // After `&AMP;` in Gigaword SGML, after references and CDATA in OSIAN
    // XML, in a TEI body, in a title attribute.
    for (q, want) in [
        ("الشركة", "الشركة"),
        ("نيويورك", "نيويورك"),
        ("الفقرة", "الفقرة"),
        ("المناخ", "المناخ"),
        ("خام", "خام"),
    ] {
        search_slices(&c, &cache, q, &|w| unescape_xml(w).contains(want));
    }
}
