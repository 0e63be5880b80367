//! The search engine end to end on small corpora: the 15 acceptance pairs
//! and negative checks of docs/search.md §15, prefix completions and
//! their highlights, phrases and exclusions, fuzzy retry, strict mode,
//! snippets, related documents, and the persistent index (incremental
//! updates, a damaged, locked or half-built index, a build killed midway,
//! a manifest that lags behind the index).

use std::path::{Path, PathBuf};

use qari::corpus::{DocKey, LoadOptions};
use qari::search::{Engine, IndexOptions, Parsed};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

/// An empty corpus folder and a cache folder in a temporary directory
/// (kept alive by the first value).
fn folders() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    let cache = tmp.path().join("cache");
    std::fs::create_dir(&corpus).expect("dir");
    (tmp, corpus, cache)
}

fn open(corpus: &Path, cache: &Path) -> (Engine, qari::search::Report) {
    open_with(corpus, cache, IndexOptions::default())
}

fn open_with(corpus: &Path, cache: &Path, opts: IndexOptions) -> (Engine, qari::search::Report) {
    Engine::open(
        &[corpus.to_path_buf()],
        &LoadOptions::default(),
        &IndexOptions {
            cache: Some(cache.to_path_buf()),
            ..opts
        },
        &mut |_| {},
    )
    .expect("open")
}

/// The titles (first lines) of the documents matching `q`.
fn titles(e: &Engine, q: &str, strict: bool) -> Vec<String> {
    let r = e.search(&Parsed::new(q, strict), 50).expect("search");
    r.hits
        .iter()
        .filter_map(|h| e.details(h, &r.matcher, 80))
        .map(|d| d.title)
        .collect()
}

/// The acceptance pairs: (query, document text, rule).
const PAIRS: &[(&str, &str)] = &[
    ("احمد ", "قال أحمد كلمته"),
    ("اسلام ", "عن إسلام اليوم"),
    ("القران ", "تلاوة القرآن الكريم"),
    ("أحمد ", "وصل احمد صباحا"),
    ("مستشفي ", "نقل إلى مستشفى المدينة"),
    ("علي ", "وقف على الباب"),
    ("القاهره ", "في القاهرة أمس"),
    ("محمد ", "وقال مُحَمَّدٌ إنه"),
    ("مدرسة ", "بنيت مَدْرَسَة جديدة"),
    ("العربية ", "اللغة العربيـــة جميلة"),
    ("ان ", "إنّ الخبر صحيح"),
    ("الاسكندريه ", "ميناء الإسكندرية القديم"),
    ("اعل", "أعلنَ الوزير"),
    ("٢٠٢٤ ", "في عام 2024 وقع"),
    ("ايران ", "زيارة ایران الرسمية"),
];

fn pair_corpus() -> (tempfile::TempDir, Engine) {
    let (tmp, corpus, cache) = folders();
    for (i, (_, text)) in PAIRS.iter().enumerate() {
        write(&corpus, &format!("p{i:02}.txt"), text);
    }
    write(&corpus, "n1.txt", "قرأت مكتبة المدينة");
    write(&corpus, "n2.txt", "المسؤول الأول قال");
    write(&corpus, "n3.txt", "مدرسه بلا سقف");
    write(&corpus, "n4.txt", "رقم ٢٠٢٤ بالهندية");
    let (e, _) = open(&corpus, &cache);
    (tmp, e)
}

#[test]
fn the_fifteen_pairs_match() {
    let (_tmp, e) = pair_corpus();
    for (q, text) in PAIRS {
        let found = titles(&e, q, false);
        assert!(
            found.iter().any(|t| t == text),
            "{q:?} should find {text:?}, found {found:?}"
        );
    }
    // 9: both spellings; 14: both directions.
    assert!(titles(&e, "مدرسة ", false).contains(&"مدرسه بلا سقف".to_owned()));
    assert!(titles(&e, "2024 ", false).contains(&"رقم ٢٠٢٤ بالهندية".to_owned()));
}

#[test]
fn negative_checks() {
    let (_tmp, e) = pair_corpus();
    // No infix: nothing matches exactly (only the fuzzy retry, flagged as
    // such, may offer a close spelling).
    for q in ["سلام ", "كتب "] {
        let r = e.search(&Parsed::new(q, false), 10).expect("search");
        assert!(r.hits.is_empty() || r.fuzzy, "{q}");
    }
    // A one-letter partial word does not expand (Q3).
    let p = Parsed::new("م", false);
    assert!(p.pending);
    assert!(e.search(&p, 10).expect("search").hits.is_empty());
    // مسؤول and مسئول stay distinct when the exact word exists…
    let r = e.search(&Parsed::new("مسؤول ", false), 10).expect("search");
    assert!(!r.fuzzy);
    // …and only the fuzzy retry connects them when it does not.
    let r = e.search(&Parsed::new("مسئول ", false), 10).expect("search");
    assert!(r.fuzzy, "0 exact hits → fuzzy retry");
    assert_eq!(r.total, 1);
    // Strict mode (Q7).
    assert!(!titles(&e, "احمد ", true).contains(&"قال أحمد كلمته".to_owned()));
    assert!(titles(&e, "أحمد ", true).contains(&"قال أحمد كلمته".to_owned()));
    // Nor does strict mode fall back to close spellings.
    let r = e.search(&Parsed::new("مسئول ", true), 10).expect("search");
    assert!(!r.fuzzy && r.hits.is_empty());
}

#[test]
fn prefixes_phrases_exclusions_and_highlights() {
    let (_tmp, corpus, cache) = folders();
    write(
        &corpus,
        "a.txt",
        "عنوان أ\nذهب الطلاب إلى والمدرسة صباحا ثم إلى المدرسةِ الثانية",
    );
    write(
        &corpus,
        "b.txt",
        "عنوان ب\nوزير الخارجية قال إن المدرس غائب",
    );
    write(
        &corpus,
        "c.txt",
        "عنوان ج\nقال وزير الداخلية إن الخارجية بعيدة",
    );
    let (e, _) = open(&corpus, &cache);

    // Clitic-aware prefix (Q4): مدر finds والمدرسة and المدرس.
    let r = e.search(&Parsed::new("مدر", false), 10).expect("search");
    assert_eq!(r.total, 2);
    let d = e
        .details(
            &r.hits
                .iter()
                .copied()
                .find(|h| {
                    e.details(h, &r.matcher, 200)
                        .is_some_and(|d| d.title == "عنوان أ")
                })
                .expect("a"),
            &r.matcher,
            200,
        )
        .expect("details");
    let text = std::fs::read_to_string(corpus.join("a.txt")).expect("read");
    let words: Vec<&str> = r
        .matcher
        .hits(&text)
        .into_iter()
        .map(|h| &text[h])
        .collect();
    assert_eq!(
        words,
        vec!["والمدرسة", "المدرسةِ"],
        "prefix completions highlighted"
    );
    // Snippet highlights are the same bytes.
    for h in &d.snippet.highlights {
        let s = &d.snippet.text[h.clone()];
        assert!(s == "والمدرسة" || s == "المدرسةِ", "{s}");
    }
    assert_eq!(d.snippet.highlights.len(), 2);

    // Words are ANDed.
    assert_eq!(titles(&e, "وزير الخارجية ", false).len(), 2);
    // A phrase needs the order.
    assert_eq!(titles(&e, "\"وزير الخارجية\"", false), vec!["عنوان ب"]);
    // Exclusion.
    assert_eq!(titles(&e, "وزير -الداخلية", false), vec!["عنوان ب"]);
    // A phrase prefix.
    assert_eq!(titles(&e, "\"وزير الخا\"*", false), vec!["عنوان ب"]);
}

#[test]
fn related_documents_share_words() {
    let (_tmp, corpus, cache) = folders();
    let a = "زلزال قوي يضرب المدينة الساحلية ويهدم المباني القديمة ويشرد السكان";
    write(&corpus, "a.txt", a);
    write(
        &corpus,
        "b.txt",
        "زلزال قوي يهدم المباني القديمة في المدينة الساحلية",
    );
    write(
        &corpus,
        "c.txt",
        "مباراة كرة القدم انتهت بالتعادل في الملعب الكبير",
    );
    write(
        &corpus,
        "d.txt",
        "الانتخابات البلدية تجري في المدينة الأسبوع المقبل",
    );
    let (e, _) = open(&corpus, &cache);
    let path = corpus.join("a.txt");
    let hits = e
        .related(
            &DocKey {
                path: path.display().to_string(),
                line: None,
            },
            5,
        )
        .expect("related");
    let first = e
        .details(&hits[0], &qari::search::Matcher::default(), 40)
        .expect("details");
    assert!(first.key.path.ends_with("b.txt"), "{}", first.key);
    assert!(hits.iter().all(|h| {
        e.details(h, &qari::search::Matcher::default(), 40)
            .is_some_and(|d| !d.key.path.ends_with("a.txt"))
    }));
}

#[test]
fn persistent_index_updates_incrementally() {
    let (_tmp, corpus, cache) = folders();
    write(&corpus, "a.txt", "القاهرة مدينة كبيرة");
    write(&corpus, "b.txt", "الإسكندرية على البحر");
    let (_, r) = open(&corpus, &cache);
    assert_eq!((r.added, r.changed, r.removed, r.unchanged), (2, 0, 0, 0));
    // Nothing changed: nothing written.
    let (e, r) = open(&corpus, &cache);
    assert_eq!(
        (r.added, r.changed, r.removed, r.unchanged),
        (2 - 2, 0, 0, 2)
    );
    assert!(!r.touched());
    drop(e);
    // Added, changed, removed.
    write(&corpus, "c.txt", "أسوان في الجنوب");
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(&corpus, "a.txt", "القاهرة عاصمة مصر");
    std::fs::remove_file(corpus.join("b.txt")).expect("rm");
    let (e, r) = open(&corpus, &cache);
    assert_eq!((r.added, r.changed, r.removed, r.unchanged), (1, 1, 1, 0));
    assert_eq!(e.num_docs(), 2);
    assert!(titles(&e, "الاسكندرية ", false).is_empty());
    assert_eq!(titles(&e, "عاصمة ", false), vec!["القاهرة عاصمة مصر"]);
    assert!(titles(&e, "كبيرة ", false).is_empty());
    assert_eq!(titles(&e, "اسوان ", false), vec!["أسوان في الجنوب"]);
    // The corpus folder holds only what we wrote.
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["a.txt", "c.txt"]);
}

#[test]
fn damaged_index_is_rebuilt() {
    let (_tmp, corpus, cache) = folders();
    write(&corpus, "a.txt", "القاهرة مدينة كبيرة");
    drop(open(&corpus, &cache));
    std::fs::write(cache.join("meta.json"), b"{ not json").expect("corrupt");
    let (e, r) = open(&corpus, &cache);
    assert!(r.rebuilt.is_some(), "a damaged index is rebuilt");
    assert_eq!(titles(&e, "القاهرة ", false), vec!["القاهرة مدينة كبيرة"]);
    // Segment files gone: rebuilt too.
    drop(e);
    for f in std::fs::read_dir(&cache).expect("ls") {
        let p = f.expect("entry").path();
        if p.extension().is_some_and(|x| x == "idx") {
            std::fs::remove_file(p).expect("rm");
        }
    }
    let (e, r) = open(&corpus, &cache);
    assert!(r.rebuilt.is_some());
    assert_eq!(e.num_docs(), 1);
}

#[test]
fn the_manifest_is_the_commits_own_payload() {
    // The commit's payload (in tantivy's meta.json, written with the
    // commit) names the catalog of files and documents as of that commit;
    // no other catalog is left beside it.
    let (_tmp, corpus, cache) = folders();
    write(&corpus, "a.txt", "القاهرة مدينة كبيرة");
    write(&corpus, "b.txt", "الإسكندرية على البحر");
    drop(open(&corpus, &cache));
    write(&corpus, "c.txt", "أسوان في الجنوب");
    drop(open(&corpus, &cache));
    let metas = tantivy::Index::open_in_dir(&cache)
        .expect("open")
        .load_metas()
        .expect("metas");
    let payload: serde_json::Value =
        serde_json::from_str(metas.payload.as_deref().expect("a payload")).expect("json");
    assert_eq!(payload["opstamp"], metas.opstamp);
    assert_eq!(
        (payload["files"].as_u64(), payload["docs"].as_u64()),
        (Some(3), Some(3))
    );
    let catalog = payload["catalog"].as_str().expect("catalog");
    assert_eq!(catalog, format!("qari-catalog-{}.bin", metas.opstamp));
    let catalogs: Vec<String> = std::fs::read_dir(&cache)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("qari-catalog-"))
        .collect();
    assert_eq!(catalogs, [catalog]);
    // The reader's listing comes from it, with the ids and titles a walk
    // of the corpus gives.
    let listed = qari::search::listed(std::slice::from_ref(&corpus), Some(&cache)).expect("listed");
    let walked = qari::corpus::Corpus::load(std::slice::from_ref(&corpus), &LoadOptions::default())
        .expect("load");
    assert!(listed.is_listed());
    let rows = |c: &qari::corpus::Corpus| -> Vec<_> {
        c.iter()
            .map(|d| {
                (
                    d.id.clone(),
                    d.path.clone(),
                    d.title.clone(),
                    d.words,
                    d.direction,
                    d.lang,
                    d.bytes,
                )
            })
            .collect()
    };
    assert_eq!(rows(&listed), rows(&walked));
    assert_eq!(
        listed.text(2).expect("text").text,
        walked.text(2).expect("text").text
    );
}

#[test]
fn locked_index_is_searched_as_it_is() {
    let (_tmp, corpus, cache) = folders();
    write(&corpus, "a.txt", "القاهرة مدينة كبيرة");
    drop(open(&corpus, &cache));
    write(&corpus, "b.txt", "الإسكندرية على البحر");
    // Another process holds the writer lock.
    let other = tantivy::Index::open_in_dir(&cache).expect("open");
    let lock = other
        .writer::<tantivy::TantivyDocument>(15 << 20)
        .expect("writer");
    let (e, r) = open(&corpus, &cache);
    assert!(r.stale.is_some(), "{r:?}");
    assert_eq!(e.num_docs(), 1);
    drop(lock);
    let (e, r) = open(&corpus, &cache);
    assert_eq!(r.added, 1);
    assert_eq!(e.num_docs(), 2);
}

/// Sixty small files, each mentioning القاهرة once.
fn sixty_files(corpus: &Path) {
    for i in 0..60 {
        write(
            corpus,
            &format!("d{i:02}.txt"),
            &format!("خبر {i}\nوصل الوفد إلى القاهرة في اليوم {i}\n"),
        );
    }
}

/// How many documents match القاهرة, and whether each is there once.
fn cairo_once_each(e: &Engine) -> usize {
    let r = e
        .search(&Parsed::new("القاهرة ", false), 1000)
        .expect("search");
    let mut keys: Vec<String> = r
        .hits
        .iter()
        .filter_map(|h| e.details(h, &r.matcher, 20))
        .map(|d| d.key.to_string())
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "a document indexed twice");
    assert_eq!(r.total, n);
    n
}

#[test]
fn a_build_killed_midway_is_resumed_by_the_next_run() {
    let (_tmp, corpus, cache) = folders();
    sixty_files(&corpus);
    // Commit every ~600 bytes (about 8 files); stop after 40 files as a
    // killed run would, without a last commit.
    let (e, r) = open_with(
        &corpus,
        &cache,
        IndexOptions {
            commit_bytes: 600,
            stop_after_files: Some(40),
            ..IndexOptions::default()
        },
    );
    assert!(r.stopped);
    let kept = cairo_once_each(&e);
    assert!(kept > 0 && kept <= 40, "{kept} documents committed");
    drop(e);
    let (e, r) = open(&corpus, &cache);
    assert!(!r.stopped);
    assert_eq!(r.added, 60 - kept, "resumed, not restarted: {r:?}");
    assert_eq!(e.num_docs(), 60);
    assert_eq!(cairo_once_each(&e), 60);
}

#[test]
fn qaris_own_files_lagging_behind_the_index_never_duplicate() {
    // What a run killed after a commit and before qari's own files leaves:
    // the index has more than those files say. Nothing is indexed twice,
    // and the next run has nothing to do.
    let (_tmp, corpus, cache) = folders();
    sixty_files(&corpus);
    let small_commits = IndexOptions {
        commit_bytes: 600,
        stop_after_files: Some(20),
        ..IndexOptions::default()
    };
    drop(open_with(&corpus, &cache, small_commits));
    let own: Vec<(std::path::PathBuf, Vec<u8>)> = std::fs::read_dir(&cache)
        .expect("ls")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("qari-"))
        })
        .map(|p| (p.clone(), std::fs::read(&p).expect("read")))
        .collect();
    let (e, r) = open(&corpus, &cache);
    assert_eq!(e.num_docs(), 60);
    assert!(r.added > 0);
    drop(e);
    for (p, bytes) in &own {
        std::fs::write(p, bytes).expect("put back qari's old files");
    }
    let (e, r) = open(&corpus, &cache);
    assert!(!r.touched(), "{r:?}");
    assert_eq!(e.num_docs(), 60);
    assert_eq!(cairo_once_each(&e), 60);
}

#[test]
fn files_changed_behind_qaris_back_are_verified_and_a_damaged_index_rebuilt() {
    let (_tmp, corpus, cache) = folders();
    sixty_files(&corpus);
    drop(open(&corpus, &cache));
    // One flipped byte in the term dictionary: its checksum no longer
    // matches (the file's size and time changed, so it is checked).
    let term = std::fs::read_dir(&cache)
        .expect("ls")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|x| x == "term"))
        .expect("a term file");
    let mut bytes = std::fs::read(&term).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&term, bytes).expect("corrupt");
    let (e, r) = open(&corpus, &cache);
    let why = r.rebuilt.expect("rebuilt");
    assert!(why.contains("checksum mismatch"), "{why}");
    assert_eq!(cairo_once_each(&e), 60);
    drop(e);
    // Untouched since: not checked again, not rebuilt.
    let (_, r) = open(&corpus, &cache);
    assert!(r.rebuilt.is_none() && !r.touched(), "{r:?}");
}

#[test]
fn a_damaged_index_found_while_searching_is_rebuilt_on_request() {
    let (_tmp, corpus, cache) = folders();
    write(&corpus, "a.txt", "القاهرة مدينة كبيرة");
    drop(open(&corpus, &cache));
    let (e, r) = open_with(
        &corpus,
        &cache,
        IndexOptions {
            rebuild: Some("the index is damaged (test)".to_owned()),
            ..IndexOptions::default()
        },
    );
    assert_eq!(r.rebuilt.as_deref(), Some("the index is damaged (test)"));
    assert_eq!(titles(&e, "القاهرة ", false), vec!["القاهرة مدينة كبيرة"]);
}

/// Sets the modification time of `dir` and every folder below it a minute
/// back, as for a corpus that has not been touched for a while.
fn age_folders(dir: &Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            }
        }
        std::fs::File::open(&d)
            .expect("open folder")
            .set_modified(past)
            .expect("age folder");
    }
}

#[test]
fn freshness_comes_from_the_folders_between_full_checks() {
    let (_tmp, corpus, cache) = folders();
    std::fs::create_dir(corpus.join("sub")).expect("dir");
    write(&corpus.join("sub"), "a.txt", "القاهرة مدينة كبيرة");
    write(&corpus.join("sub"), "b.txt", "الإسكندرية على البحر");
    age_folders(&corpus);
    let (_, r) = open(&corpus, &cache);
    assert_eq!((r.added, r.quick), (2, false));
    // Nothing changed: only the folders are looked at.
    let (_, r) = open(&corpus, &cache);
    assert_eq!((r.unchanged, r.quick), (2, true));
    // Each change below is found by the next search.
    let step = |what: &str, change: &dyn Fn()| {
        change();
        let (e, r) = open(&corpus, &cache);
        assert!(!r.quick, "{what}: the folders alone were trusted");
        drop(e);
        // A folder changed just now is not trusted (its clock may not
        // tick before it changes again): no record, the next search checks
        // every file again, and records once the folders are older.
        let (_, r) = open(&corpus, &cache);
        assert!(!r.quick, "{what}: a racy folder was trusted");
        age_folders(&corpus);
        let (_, r) = open(&corpus, &cache);
        assert!(!r.quick, "{what}: the record of a racy walk was trusted");
        let (e, r) = open(&corpus, &cache);
        assert!(r.quick, "{what}: no quick check after the full one");
        e
    };
    let e = step("added", &|| {
        write(&corpus.join("sub"), "c.txt", "أسوان في الجنوب");
    });
    assert_eq!(titles(&e, "اسوان ", false), vec!["أسوان في الجنوب"]);
    let e = step("removed", &|| {
        std::fs::remove_file(corpus.join("sub/b.txt")).expect("rm");
    });
    assert!(titles(&e, "الاسكندرية ", false).is_empty());
    let e = step("renamed", &|| {
        std::fs::rename(corpus.join("sub/a.txt"), corpus.join("sub/z.txt")).expect("mv");
    });
    let r = e
        .search(&Parsed::new("القاهرة ", false), 10)
        .expect("search");
    let ids: Vec<String> = r
        .hits
        .iter()
        .filter_map(|h| e.details(h, &r.matcher, 40))
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, vec!["z".to_owned()]);
    let e = step("folder added", &|| {
        std::fs::create_dir(corpus.join("new")).expect("dir");
        write(&corpus.join("new"), "d.txt", "طنطا في الدلتا");
    });
    assert_eq!(titles(&e, "طنطا ", false), vec!["طنطا في الدلتا"]);
    // Edited in place (same size, new content): the folder does not
    // change. A search within FULL_CHECK_EVERY of the last full check
    // trusts it (documented); `qari index` (every file) and a search after
    // that time see the edit.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(&corpus.join("sub"), "c.txt", "أسوان في الشمال");
    let (_, r) = open(&corpus, &cache);
    assert!(r.quick);
    let (e, r) = open_with(
        &corpus,
        &cache,
        IndexOptions {
            full_check_every: std::time::Duration::ZERO,
            ..IndexOptions::default()
        },
    );
    assert_eq!((r.changed, r.quick), (1, false));
    assert_eq!(titles(&e, "الشمال ", false), vec!["أسوان في الشمال"]);
    // An old full check is not trusted.
    age_folders(&corpus);
    let (_, r) = open_with(
        &corpus,
        &cache,
        IndexOptions {
            full_check_every: std::time::Duration::from_nanos(1),
            ..IndexOptions::default()
        },
    );
    assert!(!r.quick);
}

#[test]
fn a_damaged_catalog_means_a_rebuild_never_a_stale_index() {
    let (_tmp, corpus, cache) = folders();
    sixty_files(&corpus);
    drop(open(&corpus, &cache));
    let catalog = std::fs::read_dir(&cache)
        .expect("ls")
        .map(|e| e.expect("entry").path())
        .find(|p| p.to_string_lossy().contains("qari-catalog-"))
        .expect("a catalog");
    let mut bytes = std::fs::read(&catalog).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&catalog, bytes).expect("damage");
    // A file added: the update has to read the catalog.
    write(&corpus, "new.txt", "وصل الوفد إلى القاهرة");
    let (e, r) = open(&corpus, &cache);
    let why = r.rebuilt.clone().expect("rebuilt");
    assert!(why.contains("catalog"), "{why}");
    assert!(r.stale.is_none(), "{r:?}");
    assert_eq!(cairo_once_each(&e), 61);
}

#[test]
fn a_word_being_typed_with_too_many_completions_says_its_count_is_a_lower_bound() {
    // 1,500 distinct words beginning with زر (more than PREFIX_TERMS in
    // any segment), one document each; and a prefix with few completions.
    let (_tmp, corpus, cache) = folders();
    let letters: Vec<char> = "بتثجحخدذسشصضطظعغفقكلمنهوي".chars().collect();
    let mut n = 0;
    'outer: for a in &letters {
        for b in &letters {
            for c in &letters[..3] {
                write(
                    &corpus,
                    &format!("d{n:04}.txt"),
                    &format!("خبر\nكلمة زر{a}{b}{c} هنا\n"),
                );
                n += 1;
                if n == 1500 {
                    break 'outer;
                }
            }
        }
    }
    write(&corpus, "few.txt", "خبر\nقرطبة وقرطاج\n");
    let (e, _) = open(&corpus, &cache);
    let r = e.search(&Parsed::new("زر", false), 10).expect("search");
    assert!(
        r.partial,
        "more than {} completions: {} found",
        qari::search::PREFIX_TERMS,
        r.total
    );
    assert!(
        r.total >= qari::search::PREFIX_TERMS as usize && r.total < 1500,
        "{}",
        r.total
    );
    // Completed words are searched whole.
    let r = e.search(&Parsed::new("زرتثب ", false), 10).expect("search");
    assert!(!r.partial);
    assert!(r.total >= 1);
    let r = e.search(&Parsed::new("قرط", false), 10).expect("search");
    assert!(!r.partial);
    assert_eq!(r.total, 1);
}
