//! Corpus loading: formats, ids, titles, encodings, bad input.

use std::io::Write;
use std::path::Path;

use super::title::is_residue;
use super::*;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, bytes).expect("write");
    p
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

#[test]
fn sample_has_five_rtl_documents_with_clean_titles() {
    let c = Corpus::sample();
    assert_eq!(c.docs.len(), 5);
    assert!(c.warnings.is_empty());
    for d in &c.docs {
        assert_eq!(d.direction, TextDirection::Rtl, "{}", d.id);
        assert!(d.words > 300, "{} has {} words", d.id, d.words);
        assert!(!is_residue(&d.title), "{}: {}", d.id, d.title);
        assert!(d.embedded);
    }
    assert_eq!(c.docs[0].id, "000_f9c2f484621a2b4c");
    assert!(c.docs[1].title.starts_with("صحيفة"), "{}", c.docs[1].title);
    assert!(c.docs[3].title.starts_with("تقلص"), "{}", c.docs[3].title);
    // The embedded text is the file, byte for byte.
    let t = c.text(2).expect("text");
    assert_eq!(t.text.as_bytes(), crate::sample::FILES[2].1);
}

#[test]
fn folders_are_walked_recursively_with_formats() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(root, "b/two.txt", "النص الثاني".as_bytes());
    write(root, "a/one.md", "# Title one\nbody".as_bytes());
    write(root, "a/three.txt.gz", &gzip("مضغوط هنا".as_bytes()));
    write(root, "a/ignored.bin", b"\x00\x01");
    write(root, ".hidden/x.txt", b"hidden");
    write(
        root,
        "c/news.jsonl",
        "{\"id\": \"n1\", \"headline\": \"عاجل\", \"content\": \"خبر\\nأول\"}\n\n{\"text\": \"بلا معرف\"}\nnot json\n{\"title\": \"no text\"}\n"
            .as_bytes(),
    );
    let c = Corpus::load(&[root.to_path_buf()], &LoadOptions::default()).expect("load");
    let ids: Vec<&str> = c.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["one", "three", "two", "n1", "news:3"]);
    // Texts read again from disk (large corpora) equal the retained ones.
    let reread = Corpus::load(
        &[root.to_path_buf()],
        &LoadOptions {
            retain_bytes: 0,
            ..LoadOptions::default()
        },
    )
    .expect("load");
    for i in 0..c.docs.len() {
        assert_eq!(
            c.text(i).expect("kept").text,
            reread.text(i).expect("read").text
        );
    }
    assert_eq!(c.docs[0].title, "# Title one");
    assert_eq!(c.docs[1].title, "مضغوط هنا");
    assert_eq!(c.docs[3].title, "عاجل");
    assert_eq!(c.docs[3].line, Some(1));
    assert_eq!(c.text(3).expect("jsonl").text, "خبر\nأول");
    assert_eq!(c.text(1).expect("gz").text, "مضغوط هنا");
    // Bad lines are reported with their line numbers, not dropped in silence.
    let places: Vec<&str> = c.warnings.iter().map(|w| w.place.as_str()).collect();
    assert!(
        places.iter().any(|p| p.ends_with("news.jsonl:4")),
        "{places:?}"
    );
    assert!(
        places.iter().any(|p| p.ends_with("news.jsonl:5")),
        "{places:?}"
    );
}

#[test]
fn jsonl_offsets_point_into_the_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let line1 = "{\"id\":\"a\",\"text\":\"x\"}\n";
    let line2 = "{\"id\":\"b\",\"text\":\"\\u0642\\u0627\\u0644 \\\"Reuters\\\" اليوم\"}\n";
    let p = write(tmp.path(), "c.jsonl", format!("{line1}{line2}").as_bytes());
    let c = Corpus::load(
        std::slice::from_ref(&p),
        &LoadOptions {
            retain_bytes: 0,
            ..LoadOptions::default()
        },
    )
    .expect("load");
    let t = c.text(1).expect("text");
    assert_eq!(t.text, "قال \"Reuters\" اليوم");
    let file = std::fs::read(&p).expect("read");
    let at = t.text.find("Reuters").expect("word");
    let r = t.range_to_source(at..at + 7);
    assert_eq!(&file[r], b"Reuters");
    let at = t.text.find("اليوم").expect("word");
    let r = t.range_to_source(at..at + "اليوم".len());
    assert_eq!(&file[r], "اليوم".as_bytes());
    let r = t.range_to_source(0..2);
    assert_eq!(&file[r], b"\\u0642");
}

#[test]
fn duplicate_ids_get_stable_suffixes() {
    let tmp = tempfile::tempdir().expect("tmp");
    write(tmp.path(), "x/doc.txt", b"one");
    write(tmp.path(), "y/doc.txt", b"two");
    write(tmp.path(), "z/doc.md", b"three");
    let c = Corpus::load(&[tmp.path().to_path_buf()], &LoadOptions::default()).expect("load");
    let ids: Vec<&str> = c.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["doc", "doc~2", "doc~3"]);
}

#[test]
fn bad_input_is_reported_not_dropped() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut bad = "نص سليم ".as_bytes().to_vec();
    bad.push(0xC3);
    bad.extend(" ثم نص".as_bytes());
    write(tmp.path(), "bad.txt", &bad);
    write(tmp.path(), "empty.txt", b"");
    write(tmp.path(), "nul.txt", b"a\x00b");
    let (cp, _, _) = encoding_rs::WINDOWS_1256
        .encode("هذا نص مكتوب بترميز ويندوز العربي القديم الذي ما زال شائعا في الأرشيف");
    write(tmp.path(), "legacy.txt", &cp);
    let c = Corpus::load(&[tmp.path().to_path_buf()], &LoadOptions::default()).expect("load");
    let by_id = |id: &str| c.docs.iter().find(|d| d.id == id).expect(id);
    assert!(by_id("bad").lossy);
    assert!(by_id("empty").empty);
    assert_eq!(by_id("empty").title, "empty");
    assert_eq!(by_id("legacy").encoding, "windows-1256");
    assert_eq!(by_id("bad").encoding, "utf-8");
    assert!(by_id("legacy").title.starts_with("هذا نص"));
    assert!(c.docs.iter().all(|d| d.id != "nul"));
    let msgs: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("bad.txt") && m.contains("invalid UTF-8")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("nul.txt") && m.contains("NUL")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("legacy.txt") && m.contains("windows-1256")),
        "{msgs:?}"
    );
}

#[test]
fn corrupt_gzip_is_a_warning() {
    let tmp = tempfile::tempdir().expect("tmp");
    write(tmp.path(), "broken.txt.gz", b"\x1f\x8b\x08\x00garbage");
    let c = Corpus::load(&[tmp.path().to_path_buf()], &LoadOptions::default()).expect("load");
    assert!(c.docs.is_empty());
    assert_eq!(c.warnings.len(), 1);
}

#[test]
fn documents_resolve_by_id_or_unique_prefix() {
    let c = Corpus::sample();
    assert_eq!(c.resolve("000").expect("prefix"), 0);
    assert_eq!(c.resolve("004_c0af4a274a0208a4").expect("id"), 4);
    match c.resolve("00") {
        Err(Error::AmbiguousDoc { candidates, .. }) => assert_eq!(candidates.len(), 5),
        other => panic!("expected ambiguity, got {other:?}"),
    }
    match c.resolve("zzz") {
        Err(Error::UnknownDoc { candidates, .. }) => assert_eq!(candidates.len(), 5),
        other => panic!("expected unknown, got {other:?}"),
    }
}

#[test]
fn missing_path_is_an_error() {
    let err = Corpus::load(&[PathBuf::from("/no/such/place")], &LoadOptions::default())
        .expect_err("missing");
    assert!(err.to_string().contains("/no/such/place"));
}

#[test]
fn a_legacy_jsonl_file_costs_map_memory_in_proportion_to_the_file() {
    // N records of Windows-1256 text: each record's map to the file's
    // bytes must cover that record only, and stay small next to the text.
    let tmp = tempfile::tempdir().expect("tmp");
    let sentence = "قالت الصحيفة إن الوفد وصل إلى القاهرة صباح اليوم ";
    let mut file = Vec::new();
    let n = 60;
    for i in 0..n {
        let line = format!("{{\"id\":\"r{i}\",\"text\":\"{}\"}}\n", sentence.repeat(4));
        file.extend(encoding_rs::WINDOWS_1256.encode(&line).0.iter());
    }
    let p = write(tmp.path(), "old.jsonl", &file);
    let c = Corpus::load(std::slice::from_ref(&p), &LoadOptions::default()).expect("load");
    assert_eq!(c.docs.len(), n);
    assert_eq!(c.docs[0].encoding, "windows-1256");
    let total: usize = (0..n)
        .map(|i| c.text(i).expect("text").map_heap_bytes())
        .sum();
    assert!(
        total <= file.len() / 4,
        "maps of {n} records take {total} bytes for a file of {} bytes",
        file.len()
    );
}

#[test]
fn records_are_read_again_from_their_line_alone() {
    // Gzip, Windows-1256 and a BOM: a record read again (large corpora)
    // equals the one read while loading, byte ranges included.
    let tmp = tempfile::tempdir().expect("tmp");
    let lines = "{\"id\":\"a\",\"text\":\"أول \\\"سطر\\\"\"}\r\n\r\n{\"id\":\"b\",\"text\":\"ثاني\\nسطر\"}\r\n";
    write(tmp.path(), "z.jsonl.gz", &gzip(lines.as_bytes()));
    let (cp, _, _) = encoding_rs::WINDOWS_1256.encode(lines);
    write(tmp.path(), "y.jsonl", &cp);
    write(tmp.path(), "x.jsonl", format!("\u{FEFF}{lines}").as_bytes());
    let paths = [tmp.path().to_path_buf()];
    let kept = Corpus::load(&paths, &LoadOptions::default()).expect("load");
    let again = Corpus::load(
        &paths,
        &LoadOptions {
            retain_bytes: 0,
            ..LoadOptions::default()
        },
    )
    .expect("load");
    assert_eq!(kept.docs.len(), 6, "{:?}", kept.warnings);
    for i in 0..kept.docs.len() {
        let (a, b) = (kept.text(i).expect("kept"), again.text(i).expect("read"));
        assert_eq!(a.text, b.text);
        for t in (0..=a.text.len()).filter(|&t| a.text.is_char_boundary(t)) {
            assert_eq!(a.to_source(t), b.to_source(t), "{} at {t}", kept.docs[i].id);
        }
    }
    let d = &kept.docs[5];
    assert_eq!((d.path.ends_with("z.jsonl.gz"), d.line), (true, Some(3)));
    assert_eq!(kept.text(5).expect("text").text, "ثاني\nسطر");
    // The BOM is not part of the first record; offsets skip it.
    let file = std::fs::read(tmp.path().join("x.jsonl")).expect("read");
    let t = kept.text(0).expect("text");
    let at = t.text.find("سطر").expect("word");
    assert_eq!(
        &file[t.range_to_source(at..at + "سطر".len())],
        "سطر".as_bytes()
    );
    // In the legacy file, one byte a letter.
    let t = kept.text(2).expect("text");
    let r = t.range_to_source(at..at + "سطر".len());
    assert_eq!(encoding_rs::WINDOWS_1256.decode(&cp[r.clone()]).0, "سطر");
    assert_eq!(r.len(), 3);
}

#[test]
fn documents_are_found_by_key() {
    let tmp = tempfile::tempdir().expect("tmp");
    write(tmp.path(), "b.txt", "نص".as_bytes());
    write(
        tmp.path(),
        "a.jsonl",
        b"{\"text\":\"one\"}\n{\"text\":\"two\"}\n",
    );
    let c = Corpus::load(&[tmp.path().to_path_buf()], &LoadOptions::default()).expect("load");
    for (i, d) in c.docs.iter().enumerate() {
        let key = d.key();
        assert_eq!(c.find(&key), Some(i));
        assert_eq!(key.to_string().parse::<DocKey>(), Ok(key));
    }
    assert_eq!(c.docs[1].key().line, Some(2));
    let missing = DocKey {
        path: c.docs[1].path.clone(),
        line: Some(3),
    };
    assert_eq!(c.find(&missing), None);
    let sample = Corpus::sample();
    let key = DocKey {
        path: "seeds/003_dd513b96dabf059e.txt".to_owned(),
        line: None,
    };
    assert_eq!(
        sample.find(&key).map(|i| &sample.docs[i].path),
        Some(&key.path)
    );
}

#[test]
fn utf16_files_with_a_bom_are_decoded_and_map_to_their_units() {
    let tmp = tempfile::tempdir().expect("tmp");
    let text = "سطر أول 𝕏\r\nثان";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let lines =
        "{\"id\":\"a\",\"text\":\"خبر \\u0628\"}\r\n\r\n{\"id\":\"b\",\"text\":\"ثان 𝕏\"}\n";
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(lines.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    write(tmp.path(), "le.txt", &le);
    write(tmp.path(), "be.jsonl", &be);
    for retain in [usize::MAX, 0] {
        let opts = LoadOptions {
            retain_bytes: retain,
            ..LoadOptions::default()
        };
        let c = Corpus::load(&[tmp.path().to_path_buf()], &opts).expect("load");
        let ids: Vec<&str> = c.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "le"], "{:?}", c.warnings);
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert_eq!(c.docs[2].encoding, "utf-16le");
        assert_eq!(c.text(2).expect("text").text, text);
        assert_eq!(c.text(1).expect("text").text, "ثان 𝕏");
        // Every character maps to the units that encode it.
        for (i, file, le) in [(2, &le, true), (1, &be, false)] {
            let t = c.text(i).expect("text");
            for (at, ch) in t.text.char_indices() {
                let r = t.range_to_source(at..at + ch.len_utf8());
                let units: Vec<u16> = file[r]
                    .chunks(2)
                    .map(|u| {
                        if le {
                            u16::from_le_bytes([u[0], u[1]])
                        } else {
                            u16::from_be_bytes([u[0], u[1]])
                        }
                    })
                    .collect();
                assert_eq!(String::from_utf16_lossy(&units), ch.to_string());
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn fifos_and_other_non_files_are_warnings_never_opened() {
    let tmp = tempfile::tempdir().expect("tmp");
    write(tmp.path(), "a.txt", "نص".as_bytes());
    let fifo = tmp.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", tmp.path().join("zero.txt")).expect("link");
    std::os::unix::fs::symlink(&fifo, tmp.path().join("via-link.txt")).expect("link");
    let c = Corpus::load(&[tmp.path().to_path_buf()], &LoadOptions::default()).expect("load");
    assert_eq!(c.docs.len(), 1);
    let msgs: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
    for (name, what) in [
        ("pipe.txt", "a FIFO"),
        ("zero.txt", "a device"),
        ("via-link.txt", "a FIFO"),
    ] {
        assert!(
            msgs.iter()
                .any(|m| m.contains(name) && m.contains(&format!("not a regular file ({what})"))),
            "{name}: {msgs:?}"
        );
    }
    // Named directly, a FIFO is a warning too, not a wait for a writer.
    let c = Corpus::load(&[fifo], &LoadOptions::default()).expect("load");
    assert!(
        c.docs.is_empty() && c.warnings.len() == 1,
        "{:?}",
        c.warnings
    );
}

#[test]
fn a_utf8_bom_is_no_part_of_the_first_record_whatever_the_encoding() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(
        encoding_rs::WINDOWS_1256
            .encode("{\"id\":\"a\",\"text\":\"أول\"}\n{\"id\":\"b\",\"text\":\"ثان\"}\n")
            .0
            .iter(),
    );
    let p = write(tmp.path(), "x.jsonl", &bytes);
    let c = Corpus::load(
        &[p],
        &LoadOptions {
            encoding: Some(encoding_rs::WINDOWS_1256),
            ..LoadOptions::default()
        },
    )
    .expect("load");
    assert_eq!(c.docs.len(), 2, "{:?}", c.warnings);
    assert_eq!(c.text(0).expect("text").text, "أول");
}

#[test]
fn each_document_streamed_is_as_loaded_and_stops_when_asked() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    write(d, "x/a.txt", "عنوان أول\nنص عربي قصير\n".as_bytes());
    write(d, "y/a.txt", "Second title\nsome English text\n".as_bytes());
    write(
        d,
        "z.jsonl",
        "{\"id\": \"a\", \"title\": \"ثالث\", \"text\": \"نص\"}\n{\"text\": \"بلا معرف\"}\n"
            .as_bytes(),
    );
    write(d, "bad.jsonl", b"{not json\n");
    let opts = LoadOptions::default();
    let loaded = Corpus::load(&[d.to_path_buf()], &opts).expect("load");
    let json = |m: &DocMeta| serde_json::to_string(m).expect("json");
    let mut streamed = Vec::new();
    let warnings = Corpus::each(&[d.to_path_buf()], &opts, &mut |m| {
        streamed.push(json(&m));
        true
    })
    .expect("each");
    let want: Vec<String> = loaded.docs.iter().map(json).collect();
    assert_eq!(streamed, want);
    assert!(
        want.iter().any(|j| j.contains("\"id\":\"a~2\"")),
        "{want:?}"
    );
    assert_eq!(warnings, loaded.warnings);
    // Told to stop after the first: no other document is handed over.
    let mut n = 0;
    Corpus::each(&[d.to_path_buf()], &opts, &mut |_| {
        n += 1;
        false
    })
    .expect("each");
    assert_eq!(n, 1);
}
