//! `qari dups` on a test set with known answers (issue 16): the sample's
//! five articles, each with two edited copies, a partial copy and a
//! paraphrase; real texts of other stories (Hafez, the Tanakh, the
//! Mishnah, suras of the Quran) as strangers; the same suras in imla'i
//! spelling as spelling variants. Pair precision and recall of the
//! clusters, decided by how the test made each file, never by qari.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
#[path = "common/cli.rs"]
mod cli;

fn data(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).expect("fixture")
}

/// The `text` fields of a JSON Lines file of the real-text excerpts.
fn texts(rel: &str) -> Vec<String> {
    data(rel)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .collect()
}

/// What a file is: its story (documents of one story are copies of each
/// other) and its kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Original,
    Edited,
    Partial,
    Paraphrase,
    Stranger,
    Spelling,
}

fn sample_articles() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed"))
        .collect()
}

/// `text` with every `step`-th word (from `from`) replaced by `with`.
fn replace_every(text: &str, step: usize, from: usize, with: &str) -> String {
    text.split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i >= from && (i - from).is_multiple_of(step) {
                with
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Writes the test set into `dir`: file name → (story, kind).
fn write_set(dir: &Path) -> BTreeMap<String, (String, Kind)> {
    let mut truth = BTreeMap::new();
    let mut put = |name: String, text: &str, story: String, kind: Kind| {
        std::fs::write(dir.join(&name), text).expect("write");
        truth.insert(name.trim_end_matches(".txt").to_owned(), (story, kind));
    };
    let hafez = texts("tests/data/texts/hafez.jsonl");
    for (i, a) in sample_articles().iter().enumerate() {
        let story = format!("story{i}");
        put(format!("o{i}.txt"), a, story.clone(), Kind::Original);
        // A copy with a word in 25 changed and a line added.
        let edited = format!(
            "{}\nتحديث: أضيفت هذه الفقرة بعد النشر.",
            replace_every(a, 25, 3, "وقد")
        );
        put(format!("a{i}.txt"), &edited, story.clone(), Kind::Edited);
        // A copy without its first paragraph, a word in 30 changed.
        let rest = a.split_once('\n').map_or(a.as_str(), |(_, r)| r);
        put(
            format!("b{i}.txt"),
            &replace_every(rest, 30, 7, "كذلك"),
            story.clone(),
            Kind::Edited,
        );
        // Its first 60 %, then 60 words of another text: a partial copy.
        let w = words(a);
        let own = words(&hafez[i]);
        let partial = format!(
            "{}\n{}",
            w[..w.len() * 6 / 10].join(" "),
            own.iter().take(60).copied().collect::<Vec<_>>().join(" ")
        );
        put(format!("p{i}.txt"), &partial, story.clone(), Kind::Partial);
        // Its lines in reverse order, a word in 4 changed: a paraphrase.
        let lines: Vec<&str> = a.lines().rev().collect();
        let para = replace_every(&lines.join("\n"), 4, 1, "أيضا");
        put(format!("x{i}.txt"), &para, story, Kind::Paraphrase);
    }
    for (k, t) in hafez.iter().enumerate().skip(5) {
        put(
            format!("hafez{k:02}.txt"),
            t,
            format!("hafez{k}"),
            Kind::Stranger,
        );
    }
    for (set, rel) in [("tanakh", "tanakh"), ("mishnah", "mishnah")] {
        for (k, t) in texts(&format!("tests/data/texts/{rel}.jsonl"))
            .iter()
            .enumerate()
        {
            put(
                format!("{set}{k:02}.txt"),
                t,
                format!("{set}{k}"),
                Kind::Stranger,
            );
        }
    }
    let uthmani = texts("tests/data/texts/quran-uthmani.jsonl");
    let imlai = texts("tests/data/texts/quran-imlai.jsonl");
    for (k, t) in uthmani.iter().enumerate() {
        put(
            format!("sura{k:02}u.txt"),
            t,
            format!("sura{k}"),
            Kind::Stranger,
        );
    }
    for (k, t) in imlai.iter().enumerate() {
        put(
            format!("sura{k:02}i.txt"),
            t,
            format!("sura{k}"),
            Kind::Spelling,
        );
    }
    truth
}

fn pairs_of(groups: &[Vec<String>]) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for g in groups {
        for (k, a) in g.iter().enumerate() {
            for b in &g[k + 1..] {
                out.insert((a.min(b).clone(), a.max(b).clone()));
            }
        }
    }
    out
}

#[test]
fn dups_finds_the_copies_of_each_story_and_nothing_else() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("set");
    std::fs::create_dir(&dir).expect("dir");
    let truth = write_set(&dir);
    let out = cli::qari(
        &["dups", "--json", dir.to_str().expect("utf-8")],
        &tmp.path().join("cache"),
    );
    let clusters: Vec<Vec<String>> = cli::json_lines(&out)
        .into_iter()
        .map(|c| {
            c["members"]
                .as_array()
                .expect("members")
                .iter()
                .map(|m| m["id"].as_str().expect("id").to_owned())
                .collect()
        })
        .collect();
    let found = pairs_of(&clusters);
    let kind = |id: &str| truth.get(id).map(|t| t.1);
    let story = |id: &str| truth.get(id).map(|t| t.0.clone());
    // The pairs that must be found: the original, its edited copies and
    // its partial copy, story by story.
    let near: Vec<Vec<String>> = (0..5)
        .map(|i| {
            ["o", "a", "b", "p"]
                .iter()
                .map(|k| format!("{k}{i}"))
                .collect()
        })
        .collect();
    let must = pairs_of(&near);
    let hit = must.intersection(&found).count();
    let recall = hit as f64 / must.len() as f64;
    // Every pair found must be of one story.
    let right = found
        .iter()
        .filter(|(a, b)| story(a).is_some() && story(a) == story(b))
        .count();
    let precision = if found.is_empty() {
        1.0
    } else {
        right as f64 / found.len() as f64
    };
    // Reported apart: paraphrases and spelling variants found with their story.
    let para = (0..5)
        .filter(|i| found.contains(&(format!("o{i}"), format!("x{i}"))))
        .count();
    let spelled = (0..20)
        .filter(|k| found.contains(&(format!("sura{k:02}i"), format!("sura{k:02}u"))))
        .count();
    eprintln!(
        "near copies: precision {precision:.3}, recall {recall:.3} ({hit} of {} pairs); \
         paraphrases found {para} of 5; spelling variants {spelled} of 20; {} pairs found",
        must.len(),
        found.len()
    );
    let wrong: Vec<_> = found
        .iter()
        .filter(|(a, b)| story(a) != story(b))
        .map(|(a, b)| format!("{a}~{b} ({:?}, {:?})", kind(a), kind(b)))
        .collect();
    assert!(precision >= 0.95, "precision {precision}: {wrong:?}");
    let missed: Vec<_> = must.difference(&found).collect();
    assert!(recall >= 0.95, "recall {recall}: missed {missed:?}");
    // Each story's origin is its original (the largest; no dates here)
    // or the edited copy with a line added.
    for c in &clusters {
        let first = &c[0];
        assert!(
            matches!(
                kind(first),
                Some(Kind::Original | Kind::Edited | Kind::Stranger | Kind::Spelling)
            ),
            "{c:?}"
        );
    }
}

#[test]
fn reuse_finds_the_copied_passage_with_its_bytes_on_both_sides() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("set");
    std::fs::create_dir(&dir).expect("dir");
    write_set(&dir);
    let mut f1s = Vec::new();
    for i in 0..5 {
        let out = cli::qari(
            &[
                "reuse",
                "--json",
                &format!("p{i}"),
                "--corpus",
                dir.to_str().expect("utf-8"),
            ],
            &tmp.path().join("cache"),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let passages: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        let mine = std::fs::read_to_string(dir.join(format!("p{i}.txt"))).expect("p");
        let original = std::fs::read_to_string(dir.join(format!("o{i}.txt"))).expect("o");
        // What was copied: the part of p before its added line.
        let copied = mine.find('\n').expect("two parts");
        let mut predicted = vec![false; mine.len()];
        for p in passages
            .iter()
            .filter(|p| p["other"]["id"] == format!("o{i}"))
        {
            let (a, b) = (
                p["range"][0].as_u64().expect("a") as usize,
                p["range"][1].as_u64().expect("b") as usize,
            );
            predicted[a..b].iter_mut().for_each(|x| *x = true);
            // The other side slices the same words out of the original.
            let (c, d) = (
                p["other"]["range"][0].as_u64().expect("c") as usize,
                p["other"]["range"][1].as_u64().expect("d") as usize,
            );
            // Both ends are the same words (a passage may bridge a changed
            // word inside): compared without marks and punctuation.
            let bare = |w: &str| -> String {
                w.chars()
                    .filter(|c| {
                        !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
                            && !c.is_ascii_punctuation()
                            && !matches!(c, '،' | '؛' | '؟')
                    })
                    .collect()
            };
            let ends = |t: &str| -> Vec<String> {
                let w: Vec<String> = t.split_whitespace().map(bare).collect();
                [&w[..2], &w[w.len() - 2..]].concat()
            };
            assert_eq!(
                ends(&mine[a..b]),
                ends(&original[c..d]),
                "p{i} {a}..{b} against o{i} {c}..{d}"
            );
        }
        let tp = predicted[..copied].iter().filter(|&&x| x).count() as f64;
        let fp = predicted[copied..].iter().filter(|&&x| x).count() as f64;
        let fn_ = copied as f64 - tp;
        let f1 = 2.0 * tp / (2.0 * tp + fp + fn_);
        f1s.push(f1);
    }
    let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
    eprintln!("reuse span F1 (byte level) per partial copy: {f1s:.3?}, mean {mean:.3}");
    assert!(mean >= 0.95, "{f1s:?}");
}

#[test]
fn reuse_with_one_other_document_only() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("set");
    std::fs::create_dir(&dir).expect("dir");
    write_set(&dir);
    let run = |args: &[&str]| {
        let out = cli::qari(args, &tmp.path().join("cache"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
            .collect::<Vec<_>>()
    };
    let d = dir.to_str().expect("utf-8");
    // In the corpus, by id: against o0 only.
    let within = run(&["reuse", "--json", "p0", "--with", "o0", "--corpus", d]);
    assert!(!within.is_empty());
    assert!(within.iter().all(|p| p["other"]["id"] == "o0"));
    // Two files given by path.
    let p0 = dir.join("p0.txt");
    let o0 = dir.join("o0.txt");
    let files = run(&[
        "reuse",
        "--json",
        p0.to_str().expect("utf-8"),
        "--with",
        o0.to_str().expect("utf-8"),
    ]);
    let ranges = |v: &[serde_json::Value]| -> Vec<(u64, u64)> {
        v.iter()
            .map(|p| {
                (
                    p["range"][0].as_u64().expect("a"),
                    p["range"][1].as_u64().expect("b"),
                )
            })
            .collect()
    };
    assert_eq!(
        ranges(&files),
        ranges(&within),
        "the same passages either way"
    );
    // A stranger shares nothing.
    assert!(run(&["reuse", "--json", "p0", "--with", "tanakh00", "--corpus", d]).is_empty());
}

#[test]
fn dups_keeps_its_signatures_with_the_index_and_signs_only_what_changed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("set");
    std::fs::create_dir(&dir).expect("dir");
    write_set(&dir);
    let n = std::fs::read_dir(&dir).expect("dir").count();
    let run = || {
        let out = cli::qari(
            &["dups", dir.to_str().expect("utf-8")],
            &tmp.path().join("cache"),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (first, err) = run();
    assert!(
        err.contains(&format!("{n} documents ({n} read and signed, 0 kept")),
        "{err}"
    );
    let (again, err) = run();
    assert_eq!(again, first, "the same clusters from the kept signatures");
    assert!(
        err.contains(&format!("({} read and signed, {n} kept", 0)),
        "{err}"
    );
    // A new copy of o3, and o1 edited in place: only those two are read.
    let o3 = std::fs::read_to_string(dir.join("o3.txt")).expect("o3");
    std::fs::write(dir.join("new-copy.txt"), o3.replace(" في ", " فى ")).expect("write");
    let o1 = std::fs::read_to_string(dir.join("o1.txt")).expect("o1");
    std::fs::write(dir.join("o1.txt"), format!("{o1}\nسطر أضيف.")).expect("write");
    let (third, err) = run();
    assert!(
        err.contains(&format!(
            "{} documents (2 read and signed, {} kept",
            n + 1,
            n - 1
        )),
        "{err}"
    );
    assert!(
        third.contains("new-copy"),
        "the new copy joins its story:\n{third}"
    );
}
