//! The per-script rules of docs/search.md §2a–§4 and Q11 as a reader meets
//! them: a query typed plainly against documents written the other way,
//! through a real index (the unit tests next to the code check each key).

use qari::search::{Engine, Parsed};

#[path = "common/jsonl_engine.rs"]
mod jsonl_engine;

const DOCS: &[(&str, &str)] = &[
    // Hebrew (H1–H4).
    ("he-pointed", "בְּרֵאשִׁית בָּרָא אֱלֹהִ֑ים"),
    ("he-shabbat", "יוֹם שַׁבָּת קֹדֶשׁ"),
    ("he-beshabbat", "בְּשַׁבָּת קֹדֶשׁ יוֹם"),
    ("he-abbr", "חיילי צה״ל"),
    ("he-maqaf", "עַל־פְּנֵי הַמָּיִם"),
    // Quranic spelling (A1, A2) and every Arabic mark (N6).
    ("ar-alamin", "ٱلۡحَمۡدُ لِلَّهِ رَبِّ ٱلۡعَٰلَمِينَ"),
    ("ar-salat", "وَأَقِيمُواْ ٱلصَّلَوٰةَ"),
    ("ar-adam", "وَعَلَّمَ ءَادَمَ ٱلۡأَسۡمَآءَ"),
    ("ar-tanween", "وَهُدࣰى وَرَحۡمَةࣰ"),
    // Clitics (C1, C2).
    ("ar-lahu", "لَهُ مَا فِي السَّمَاوَاتِ"),
    ("ar-kadhalik", "وكذلك جعلناكم"),
    ("ar-jinna", "من الجنة والناس"),
    ("ar-jinnatun", "بِهِ جِنَّةٌ"),
    // Ligatures (W2).
    ("ar-saw", "قال محمدﷺ للناس"),
    // Persian compounds (W1, Q11).
    ("fa-joined", "او میکند"),
    ("fa-zwnj", "او می‌کند"),
    ("fa-spaced", "او می کند"),
    // Urdu (P2, P3, A1).
    ("ur-zakat-a", "اور زکوۃ دو"),
    ("ur-zakat-b", "اور زکاۃ دو"),
    ("ur-kaha", "اس نے کہا"),
    ("ur-khana", "کھانا کھاؤ"),
];

fn engine() -> (tempfile::TempDir, Engine) {
    jsonl_engine::engine(DOCS)
}

fn ids(e: &Engine, q: &str) -> Vec<String> {
    let parsed = Parsed::new(q, false);
    let res = e.search(&parsed, 50).expect("search");
    res.hits
        .iter()
        .filter_map(|h| e.details(h, &res.matcher, 40))
        .map(|d| d.id)
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn hebrew_points_prefixes_and_abbreviations() {
    let (_d, e) = engine();
    // H1: niqqud and cantillation ignored.
    assert_eq!(ids(&e, "אלהים "), ["he-pointed"]);
    // H4: the prefix ב looked through, at a lower weight than the word.
    assert_eq!(ids(&e, "שבת "), ["he-shabbat", "he-beshabbat"]);
    // H3: gershayim typed as `"`, not a phrase quote.
    assert_eq!(ids(&e, "צה\"ל "), ["he-abbr"]);
    // H2: maqaf separates words; the prefix ה looked through.
    assert_eq!(ids(&e, "פני "), ["he-maqaf"]);
    assert_eq!(ids(&e, "מים "), ["he-maqaf"]);
}

#[test]
fn quranic_spellings_and_marks() {
    let (_d, e) = engine();
    // A1: dagger alef, written out or not; A3 alef wasla.
    assert_eq!(ids(&e, "العالمين "), ["ar-alamin"]);
    assert_eq!(ids(&e, "العلمين "), ["ar-alamin"]);
    // A1: waw for alef.
    assert_eq!(ids(&e, "الصلاة "), ["ar-salat"]);
    // A2: hamza + alef.
    assert_eq!(ids(&e, "ادم "), ["ar-adam"]);
    // N6: open tanween removed.
    assert_eq!(ids(&e, "هدى "), ["ar-tanween"]);
    assert_eq!(ids(&e, "رحمة "), ["ar-tanween"]);
}

#[test]
fn the_article_keeps_its_meaning_and_short_words_are_seen() {
    let (_d, e) = engine();
    // C1: `الله` is not `له`, `الجنة` is not `جنة`.
    assert!(!ids(&e, "الله ").contains(&"ar-lahu".to_owned()));
    assert_eq!(ids(&e, "الجنة "), ["ar-jinna"]);
    // The bare word finds both.
    assert_eq!(sorted(ids(&e, "جنة ")), ["ar-jinna", "ar-jinnatun"]);
    // C2: a 5-letter word with ك, a conjunction before it.
    assert_eq!(ids(&e, "ذلك "), ["ar-kadhalik"]);
    // C4: لِلَّهِ is الله (and so is the ﷺ of another document, W2).
    assert_eq!(sorted(ids(&e, "الله ")), ["ar-alamin", "ar-saw"]);
}

#[test]
fn word_ligatures_are_words() {
    let (_d, e) = engine();
    // W2: ﷺ ends the word before it and stands for its words.
    assert_eq!(ids(&e, "محمد "), ["ar-saw"]);
    assert_eq!(ids(&e, "\"محمد صلى الله عليه وسلم\""), ["ar-saw"]);
}

#[test]
fn persian_compounds_joined_with_zwnj_or_spaced_find_each_other() {
    let (_d, e) = engine();
    let all = ["fa-joined", "fa-spaced", "fa-zwnj"];
    for q in ["میکند ", "می\u{200C}کند ", "می کند "] {
        assert_eq!(sorted(ids(&e, q)), all, "{q}");
    }
    // The verb alone finds the compounds written with ZWNJ or a space.
    assert_eq!(sorted(ids(&e, "کند ")), ["fa-spaced", "fa-zwnj"]);
}

#[test]
fn urdu_goal_heh_and_do_chashmi_heh() {
    let (_d, e) = engine();
    // P2 and A1: زکوٰۃ finds both spellings.
    assert_eq!(sorted(ids(&e, "زکوٰۃ ")), ["ur-zakat-a", "ur-zakat-b"]);
    assert_eq!(ids(&e, "زكوة "), ["ur-zakat-a"]);
    // P3: in Urdu, کہا (said) is not کھا (eat).
    assert_eq!(ids(&e, "کہا "), ["ur-kaha"]);
    assert_eq!(ids(&e, "کھانا "), ["ur-khana"]);
}
