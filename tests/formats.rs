//! Corpora as they come (issue 15): CSV and TSV (and the markup formats)
//! listed with their metadata, searched with byte ranges that slice the
//! matched words out of the files as stored, and malformed files
//! reported per file with the other documents kept.

use std::path::{Path, PathBuf};

#[path = "common/cli.rs"]
mod cli;

use cli::{json_lines, qari};

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

/// The listed document of id `id`.
fn by_id<'a>(docs: &'a [serde_json::Value], id: &str) -> &'a serde_json::Value {
    docs.iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("{id} listed: {docs:?}"))
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
    let by_id = |id: &str| by_id(&docs, id);
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
    // A `.csv` separated by semicolons: told by its header line.
    let s1 = by_id("s1");
    assert_eq!(s1["title"], "عنوان");
    assert_eq!(s1["date_iso"], "2019-02-07");
}

#[test]
fn csv_matches_are_byte_ranges_of_the_stored_file() {
    let (tmp, c) = copy_of("csv");
    let cache = tmp.path().join("cache");
    // A doubled quote and a line break inside the quoted text come before
    // the second match in `aj-1`; commas in TSV text.
    let hits = search_slices(&c, &cache, "الباغوز", &|w| w == "الباغوز");
    let ids: Vec<&str> = hits.iter().filter_map(|h| h["id"].as_str()).collect();
    for id in ["aj-1", "news:2", "2", "s1"] {
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
    let by_id = |id: &str| by_id(&docs, id);
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
    let by_id = |id: &str| by_id(&docs, id);
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

/// One row of the Parquet fixture: id, title (null when `None`), text,
/// date (days since 1970-01-01, null when `None`), source.
type PqRow<'a> = (&'a str, Option<&'a str>, &'a str, Option<i32>, &'a str);

/// Writes `rows` as a Parquet file with the parquet crate (snappy pages,
/// `rows_per_group` rows to a row group).
fn write_parquet(path: &Path, rows: &[PqRow<'_>], rows_per_group: usize) {
    use parquet::data_type::{ByteArray, ByteArrayType, Int32Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use std::sync::Arc;
    let schema = Arc::new(
        parquet::schema::parser::parse_message_type(
            "message news { REQUIRED BYTE_ARRAY id (UTF8); OPTIONAL BYTE_ARRAY headline (UTF8); \
             REQUIRED BYTE_ARRAY content (UTF8); OPTIONAL INT32 published (DATE); \
             REQUIRED BYTE_ARRAY outlet (UTF8); REPEATED FLOAT embedding; }",
        )
        .expect("schema"),
    );
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(parquet::basic::Compression::SNAPPY)
            .build(),
    );
    let file = std::fs::File::create(path).expect("create");
    let mut w = SerializedFileWriter::new(file, schema, props).expect("writer");
    for group in rows.chunks(rows_per_group) {
        let mut rg = w.next_row_group().expect("row group");
        let mut k = 0;
        while let Some(mut col) = rg.next_column().expect("column") {
            let strings = |f: fn(&PqRow<'_>) -> Option<String>| -> (Vec<ByteArray>, Vec<i16>) {
                let defs = group.iter().map(|r| i16::from(f(r).is_some())).collect();
                let vals = group
                    .iter()
                    .filter_map(f)
                    .map(|s| ByteArray::from(s.as_str()))
                    .collect();
                (vals, defs)
            };
            match k {
                0 | 2 | 4 => {
                    let (vals, _) = strings(match k {
                        0 => |r| Some(r.0.to_owned()),
                        2 => |r| Some(r.2.to_owned()),
                        _ => |r| Some(r.4.to_owned()),
                    });
                    col.typed::<ByteArrayType>()
                        .write_batch(&vals, None, None)
                        .expect("write");
                }
                1 => {
                    let (vals, defs) = strings(|r| r.1.map(str::to_owned));
                    col.typed::<ByteArrayType>()
                        .write_batch(&vals, Some(&defs), None)
                        .expect("write");
                }
                3 => {
                    let defs: Vec<i16> = group.iter().map(|r| i16::from(r.3.is_some())).collect();
                    let vals: Vec<i32> = group.iter().filter_map(|r| r.3).collect();
                    col.typed::<Int32Type>()
                        .write_batch(&vals, Some(&defs), None)
                        .expect("write");
                }
                _ => {
                    // An embedding of two floats per row: not read.
                    let vals: Vec<f32> = group.iter().flat_map(|_| [0.5, 0.25]).collect();
                    let defs = vec![1i16; vals.len()];
                    let reps: Vec<i16> = (0..vals.len()).map(|i| i16::from(i % 2 == 1)).collect();
                    col.typed::<parquet::data_type::FloatType>()
                        .write_batch(&vals, Some(&defs), Some(&reps))
                        .expect("write");
                }
            }
            col.close().expect("close column");
            k += 1;
        }
        rg.close().expect("close row group");
    }
    w.close().expect("close");
}

/// The rows of `tests/data/parquet/news.parquet` (2019-02-07 is day
/// 17,934).
fn parquet_rows() -> Vec<PqRow<'static>> {
    vec![
        (
            "p1",
            Some("خبر الباغوز"),
            "قالت المصادر إن الباغوز هادئة اليوم.",
            Some(17_934),
            "الجزيرة",
        ),
        ("p2", None, "می‌خواهم کتاب‌ها را بخوانم.", None, "همشهری"),
        (
            "p3",
            Some("כותרת"),
            "הכנסת התכנסה היום לדיון על התקציב.",
            Some(17_935),
            "הארץ",
        ),
        (
            "p4",
            Some("عنوان"),
            "نص رابع عن الباغوز في مجموعة صفوف ثانية.",
            Some(17_960),
            "الجزيرة",
        ),
    ]
}

/// Writes the Parquet fixture again (`cargo test --test formats -- --ignored
/// write_parquet_fixture`): the committed file is what this writes.
#[test]
#[ignore = "writes the committed fixture"]
fn write_parquet_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/parquet");
    std::fs::create_dir_all(&dir).expect("dir");
    write_parquet(&dir.join("news.parquet"), &parquet_rows(), 3);
}

#[test]
fn parquet_rows_are_documents_with_their_metadata() {
    let (tmp, c) = copy_of("parquet");
    let rows = parquet_rows();
    // The committed fixture is what the writer writes (so its rows are
    // these).
    let fresh = tmp.path().join("fresh.parquet");
    write_parquet(&fresh, &rows, 3);
    assert_eq!(
        std::fs::read(&fresh).expect("fresh"),
        std::fs::read(c.join("news.parquet")).expect("fixture"),
        "tests/data/parquet/news.parquet is stale: run the ignored write_parquet_fixture"
    );
    // A damaged file beside it: a warning, the other file kept.
    let mut cut = std::fs::read(c.join("news.parquet")).expect("read");
    cut.truncate(cut.len() / 2);
    std::fs::write(c.join("cut.parquet"), &cut).expect("write");
    let cache = tmp.path().join("cache");
    let out = qari(&["list", "--json", c.to_str().expect("utf-8")], &cache);
    let docs = json_lines(&out);
    let docs: Vec<&serde_json::Value> = docs.iter().filter(|d| d["id"] != "README").collect();
    let ids: Vec<&str> = docs.iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(ids, ["p1", "p2", "p3", "p4"]);
    assert_eq!(docs[0]["title"], "خبر الباغوز");
    assert_eq!(docs[0]["date_iso"], "2019-02-07");
    assert_eq!(docs[0]["source"], "الجزيرة");
    assert_eq!(docs[0]["line"], 1, "the row");
    assert_eq!(docs[1]["lang"], "fa");
    assert!(docs[1].get("date").is_none());
    assert_eq!(docs[2]["date_iso"], "2019-02-08");
    assert_eq!(docs[3]["line"], 4, "a row of the second row group");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cut.parquet"), "{stderr}");
    // Searched: the matches are byte ranges in the row's text value.
    let out = qari(
        &["search", "--json", "الباغوز", c.to_str().expect("utf-8")],
        &cache,
    );
    let hits = json_lines(&out);
    assert_eq!(hits.len(), 2);
    for h in &hits {
        assert_eq!(h["offsets"], "text", "ranges in the value, said so");
        let text = rows
            .iter()
            .find(|r| r.0 == h["id"])
            .map(|r| r.2)
            .expect("a row");
        for m in h["matches"].as_array().expect("matches") {
            let (a, b) = (
                m[0].as_u64().expect("a") as usize,
                m[1].as_u64().expect("b") as usize,
            );
            if let Some(w) = text.get(a..b) {
                assert_eq!(w, "الباغوز", "{h}");
            } else {
                panic!("{a}..{b} outside the text value: {h}");
            }
        }
    }
    // Filters and sorting work on Parquet metadata too.
    let out = qari(
        &[
            "search",
            "--json",
            "source:الجزيرة",
            c.to_str().expect("utf-8"),
        ],
        &cache,
    );
    assert_eq!(json_lines(&out).len(), 2);
}

#[test]
fn html_pages_are_their_articles_with_their_metadata() {
    let (tmp, c) = copy_of("html");
    let cache = tmp.path().join("cache");
    let out = qari(&["list", "--json", c.to_str().expect("utf-8")], &cache);
    let docs = json_lines(&out);
    let by_id = |id: &str| by_id(&docs, id);
    let ar = by_id("ar_news");
    // og:title without the site name; date, source and URL from og: tags.
    assert_eq!(ar["title"], "اجتماع وزراء الخارجية العرب في القاهرة");
    assert_eq!(ar["date_iso"], "2024-03-05");
    assert_eq!(ar["source"], "الجزيرة نت");
    assert_eq!(
        ar["url"],
        "https://www.aljazeera.net/news/2024/3/5/arab-ministers"
    );
    assert_eq!(by_id("fa_zwnj")["lang"], "fa");
    assert_eq!(by_id("he_article")["lang"], "he");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no_body.html: no <body>: text taken from the whole page"),
        "{stderr}"
    );
    by_id("no_body");
    // The page's chrome is not searchable: menus, share buttons, comments,
    // scripts, the footer, the cookie banner, related articles.
    for chrome in [
        "الرئيسية",
        "فيسبوك",
        "تعليق",
        "سكربت",
        "الحقوق",
        "الارتباط",
        "صلة",
        "الشريط",
    ] {
        let out = qari(
            &[
                "search",
                "--json",
                &format!("{chrome} "),
                c.to_str().expect("utf-8"),
            ],
            &cache,
        );
        let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["id"].as_str().map(str::to_owned))
            .collect();
        assert!(
            !ids.contains(&"ar_news".to_owned()),
            "{chrome} found in {ids:?}"
        );
    }
    // The article is: byte ranges slice the page, through &nbsp;, &laquo;
    // and numeric references.
    for (q, want) in [
        ("طارئا", "طارئا"),
        ("اليوم", "اليوم"),
        ("خطير", "خطير"),
        ("جهودها", "جهودها"),
        ("الاجتماع", "الاجتماع"),
    ] {
        search_slices(&c, &cache, q, &|w| unescape_xml(w).contains(want));
    }
}

/// The bytes of the file a document path names: a file's, or an archive
/// member's (`….zip/m`, `….tar.gz/m`), decompressed when the member is
/// gzip-compressed: read with the zip, tar and flate2 crates directly.
fn stored_bytes(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let s = path.to_str().expect("utf-8");
    let raw = if let Some(i) = s.find(".zip/") {
        let mut z =
            zip::ZipArchive::new(std::fs::File::open(&s[..i + 4]).expect("zip")).expect("archive");
        let mut m = z.by_name(&s[i + 5..]).expect("member");
        let mut b = Vec::new();
        m.read_to_end(&mut b).expect("read");
        b
    } else if let Some(i) = s.find(".tar.gz/") {
        let gz = flate2::read::GzDecoder::new(std::fs::File::open(&s[..i + 7]).expect("tar"));
        let mut t = tar::Archive::new(gz);
        let mut found = None;
        for e in t.entries().expect("entries") {
            let mut e = e.expect("entry");
            if e.path().expect("path").to_str() == Some(&s[i + 8..]) {
                let mut b = Vec::new();
                e.read_to_end(&mut b).expect("read");
                found = Some(b);
                break;
            }
        }
        found.expect("member")
    } else {
        return std::fs::read(path).expect("file");
    };
    if s.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .expect("gunzip");
        return out;
    }
    raw
}

#[test]
fn archive_members_are_read_in_place_and_their_matches_slice_them() {
    let (tmp, c) = copy_of("archives");
    let cache = tmp.path().join("cache");
    let out = qari(&["list", "--json", c.to_str().expect("utf-8")], &cache);
    let docs = json_lines(&out);
    let paths: Vec<String> = docs
        .iter()
        .map(|d| {
            let p = d["path"].as_str().expect("path");
            p[p.rfind("archives/").map_or(0, |i| i + 9)..].to_owned()
        })
        .collect();
    for want in [
        "news.zip/2019/a.jsonl",
        "news.zip/b.txt",
        "news.zip/c.csv",
        "news.tar.gz/x/d.txt",
        "news.tar.gz/x/e.jsonl.gz",
    ] {
        assert!(paths.iter().any(|p| p == want), "{want} in {paths:?}");
    }
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("hidden") || p.contains("deep") || p.contains(".png"))
    );
    let z1 = docs.iter().find(|d| d["id"] == "z1").expect("z1");
    assert_eq!(z1["date_iso"], "2019-02-07");
    assert_eq!(z1["source"], "الجزيرة");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cut.zip: skipped"), "{stderr}");
    assert!(
        stderr.contains("inner.zip: skipped: an archive in an archive"),
        "{stderr}"
    );
    // Searched through the index: byte ranges slice each member's bytes.
    for q in ["الباغوز", "ירושלים", "القاهرة"] {
        let out = qari(&["search", "--json", q, c.to_str().expect("utf-8")], &cache);
        let hits = json_lines(&out);
        assert!(!hits.is_empty(), "{q}");
        for h in &hits {
            let bytes = stored_bytes(Path::new(h["path"].as_str().expect("path")));
            for m in h["matches"].as_array().expect("matches") {
                let (a, b) = (
                    m[0].as_u64().expect("a") as usize,
                    m[1].as_u64().expect("b") as usize,
                );
                let w = std::str::from_utf8(&bytes[a..b]).expect("characters");
                assert!(w.contains(q), "{q}: {w:?} in {h}");
            }
        }
    }
    // Shown by id: read again from the archive.
    let out = qari(
        &[
            "show",
            "--bidi",
            "off",
            "--corpus",
            c.to_str().expect("utf-8"),
            "e1",
        ],
        &cache,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("نص مضغوط داخل أرشيف مضغوط"));
}

#[test]
fn the_user_configuration_can_name_a_corpus_fields_by_its_path() {
    let tmp = tempfile::tempdir().expect("tmp");
    let c = tmp.path().join("ro-corpus");
    std::fs::create_dir(&c).expect("dir");
    std::fs::write(
        c.join("a.jsonl"),
        "{\"ref\": \"k1\", \"matn\": \"نص عن الباغوز\", \"yawm\": \"03/04/2019\", \"text\": \"ليس النص\"}\n",
    )
    .expect("write");
    let config = tmp.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[corpora.\"{}\"]\nfields = {{ text = \"matn\", id = \"ref\", date = \"yawm\" }}\ndates = {{ order = \"mdy\" }}\n",
            c.display()
        ),
    )
    .expect("write");
    let cache = tmp.path().join("cache");
    let list = |extra: &[&str]| {
        let mut args = vec!["list", "--json"];
        args.extend_from_slice(extra);
        args.push(c.to_str().expect("utf-8"));
        json_lines(&qari(&args, &cache))
    };
    let docs = list(&["--config", config.to_str().expect("utf-8")]);
    assert_eq!(docs[0]["id"], "k1");
    assert_eq!(
        docs[0]["date_iso"], "2019-03-04",
        "month first, as configured"
    );
    assert_eq!(docs[0]["meta"]["text"], "ليس النص");
    // Without the configuration: guessed (the `text` field is the text).
    let docs = list(&[]);
    assert_eq!(docs[0]["id"], "a:1");
    assert_eq!(docs[0]["words"], 2);
    // A wrong table is an error naming it.
    std::fs::write(
        &config,
        format!(
            "[corpora.\"{}\"]\nfields = {{ txet = \"matn\" }}\n",
            c.display()
        ),
    )
    .expect("write");
    let o = qari(
        &[
            "list",
            "--config",
            config.to_str().expect("utf-8"),
            c.to_str().expect("utf-8"),
        ],
        &cache,
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("corpora") && err.contains("txet"), "{err}");
}

#[test]
fn a_last_csv_record_without_a_line_end_is_read_again_for_its_byte_ranges() {
    let tmp = tempfile::tempdir().expect("tmp");
    let c = tmp.path().join("c");
    std::fs::create_dir(&c).expect("dir");
    std::fs::write(
        c.join("last.csv"),
        "id,text\nz0,سطر أول\nz1,نص أخير بلا سطر جديد عن الباغوز",
    )
    .expect("write");
    let hits = search_slices(&c, &tmp.path().join("cache"), "الباغوز", &|w| {
        w == "الباغوز"
    });
    assert_eq!(hits.len(), 1);
}
