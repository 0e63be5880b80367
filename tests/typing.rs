//! Typing without the script's keyboard (docs/search.md Q11, §7a): words
//! typed in Latin letters, read as the same keys on the Arabic, Persian and
//! Hebrew layouts (K1–K3) and as romanizations (T1–T5), on a small corpus
//! of the three scripts and English. Readings rank below matches of what
//! was typed, and never apply in strict mode.

use qari::search::{Engine, Parsed};

#[path = "common/jsonl_engine.rs"]
mod jsonl_engine;

const DOCS: &[(&str, &str)] = &[
    ("ar-baghdadi", "قال البغدادي إن العراق بلد كبير"),
    ("ar-hob", "كتب الشاعر عن الحب في دمشق"),
    ("ar-school", "افتتحت مدرسة جديدة في القاهرة"),
    ("ar-book", "قرأ محمد كتاب السلام في بغداد"),
    ("ar-gaza", "غزة وقطر وصباح الخير قال خالد"),
    ("ar-umar", "وصل عمر وحسن إلى فلسطين"),
    ("he-shalom", "שָׁלוֹם עֲלֵיכֶם אָמַר מֹשֶׁה"),
    ("he-torah", "תּוֹרָה מִסִּינַי בִּירוּשָׁלַיִם"),
    ("he-david", "דָּוִד מֶלֶךְ יִשְׂרָאֵל שָׁמַר שַׁבָּת"),
    ("he-chaim", "חַיִּים וּבְרֵאשִׁית"),
    ("fa-book", "این کتاب را حافظ در شیراز نوشت"),
    ("fa-love", "عشق و دوست در تهران گل می‌کند"),
    ("fa-father", "پدر و زندگی"),
    ("en-hob", "the hob in the kitchen; a pf file"),
];

fn engine() -> (tempfile::TempDir, Engine) {
    jsonl_engine::engine(DOCS)
}

fn ids(e: &Engine, q: &str, strict: bool) -> Vec<String> {
    let parsed = Parsed::new(q, strict);
    let res = e.search(&parsed, 50).expect("search");
    res.hits
        .iter()
        .filter_map(|h| e.details(h, &res.matcher, 40))
        .map(|d| d.id)
        .collect()
}

fn finds(e: &Engine, q: &str, id: &str) {
    let got = ids(e, q, false);
    assert!(
        got.iter().any(|g| g == id),
        "{q:?} should find {id}: {got:?}"
    );
}

#[test]
fn keys_of_the_arabic_persian_and_hebrew_layouts() {
    let (_d, e) = engine();
    let cases = [
        ("hgfy]h]d ", "ar-baghdadi"),
        ("hguvhr ", "ar-baghdadi"),
        ("pf ", "ar-hob"),
        ("]lar ", "ar-hob"),
        ("l]vsm ", "ar-school"),
        ("hgrhivm ", "ar-school"),
        ("lpl] ", "ar-book"),
        ("hgsghl ", "ar-book"),
        ("fy]h] ", "ar-book"),
        ("y.m ", "ar-gaza"),
        ("r'v ", "ar-gaza"),
        ("ohg] ", "ar-gaza"),
        ("wfhp ", "ar-gaza"),
        ("akuo ", "he-shalom"),
        ("nav ", "he-shalom"),
        (",urv ", "he-torah"),
        ("sus ", "he-david"),
        ("ac, ", "he-david"),
        ("hartk ", "he-david"),
        ("nkl ", "he-david"),
        ("phtz ", "fa-book"),
        ("advhc ", "fa-book"),
        ("uar ", "fa-love"),
        ("jivhk ", "fa-love"),
        ("n,sj ", "fa-love"),
        ("mnv ", "fa-father"),
        // The word being typed: the keys so far are a prefix.
        ("hgfy]", "ar-baghdadi"),
        ("akuo", "he-shalom"),
    ];
    assert!(cases.len() >= 20);
    for (q, id) in cases {
        finds(&e, q, id);
    }
}

#[test]
fn ambiguous_keys_find_every_reading() {
    let (_d, e) = engine();
    // ;jhf is كتاب on the Arabic layout and کتاب on the Persian one.
    let got = ids(&e, ";jhf ", false);
    assert!(got.contains(&"ar-book".to_owned()) && got.contains(&"fa-book".to_owned()));
    // 'g is گل on the Persian layout (طل on the Arabic one: no such word).
    assert_eq!(ids(&e, "'g ", false), ["fa-love"]);
    // pf is also an English word of the corpus: the word as typed ranks
    // first, the reading as حب after it.
    assert_eq!(ids(&e, "pf ", false), ["en-hob", "ar-hob"]);
    // hob: English first, then the Arabizi reading حب.
    assert_eq!(ids(&e, "hob ", false), ["en-hob", "ar-hob"]);
    // In strict mode nothing is read another way.
    assert_eq!(ids(&e, "hgfy]h]d ", true), Vec::<String>::new());
    assert_eq!(ids(&e, "pf ", true), ["en-hob"]);
}

#[test]
fn romanizations() {
    let (_d, e) = engine();
    let cases = [
        // T1 Buckwalter.
        ("AlbgdAdy ", "ar-baghdadi"),
        ("mdrsp ", "ar-school"),
        ("ktAb ", "ar-book"),
        // T2 Arabizi.
        ("albaghdadi ", "ar-baghdadi"),
        ("al3iraq ", "ar-baghdadi"),
        ("3irak ", "ar-baghdadi"),
        ("7ob ", "ar-hob"),
        ("dimashq ", "ar-hob"),
        ("madrasa ", "ar-school"),
        ("alqahira ", "ar-school"),
        ("muhammad ", "ar-book"),
        ("kitab ", "ar-book"),
        ("baghdad ", "ar-book"),
        ("ghaza ", "ar-gaza"),
        ("khaled ", "ar-gaza"),
        ("qatar ", "ar-gaza"),
        ("omar ", "ar-umar"),
        ("hasan ", "ar-umar"),
        // T3 Hebrew.
        ("shalom ", "he-shalom"),
        ("moshe ", "he-shalom"),
        ("torah ", "he-torah"),
        ("david ", "he-david"),
        ("shabbat ", "he-david"),
        ("melech ", "he-david"),
        ("chaim ", "he-chaim"),
        // T4 Persian.
        ("ketab ", "fa-book"),
        ("hafez ", "fa-book"),
        ("shiraz ", "fa-book"),
        ("eshgh ", "fa-love"),
        ("doost ", "fa-love"),
        ("tehran ", "fa-love"),
        ("mikonad ", "fa-love"),
        ("pedar ", "fa-father"),
        ("zendegi ", "fa-father"),
    ];
    assert!(cases.len() >= 20);
    let missed: Vec<(&str, Vec<String>)> = cases
        .iter()
        .filter_map(|&(q, id)| {
            let got = ids(&e, q, false);
            (!got.iter().any(|g| g == id)).then_some((q, got))
        })
        .collect();
    assert!(missed.is_empty(), "{missed:?}");
}

#[test]
fn romanizations_that_stand_for_several_words() {
    let (_d, e) = engine();
    // kitab/ketab: Arabic كتاب and Persian کتاب, the same letters folded.
    let got = ids(&e, "ketab ", false);
    assert!(got.contains(&"ar-book".to_owned()) && got.contains(&"fa-book".to_owned()));
    // A romanization that is no word of the corpus finds nothing, and the
    // query is not pending.
    let p = Parsed::new("zzqxv ", false);
    assert!(!p.pending);
    assert!(ids(&e, "zzqxv ", false).is_empty());
    // Latin words of the corpus are still found as they are.
    assert_eq!(ids(&e, "kitchen ", false), ["en-hob"]);
}
