//! Words typed in Latin letters read as romanizations (docs/search.md §7a,
//! T1–T5): Buckwalter's transliteration and the chat spellings of Arabic
//! (Arabizi: `3` for ع, `7` for ح, …), and common romanizations of Hebrew
//! and Persian. A romanization drops short vowels and conflates letters, so
//! a word gives several candidates, the likelier first; the index keeps
//! those that are words.

/// Where in the word a rule applies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    Any,
    Start,
    Middle,
    End,
}

/// One rule: Latin letters, and what they may stand for (the likelier
/// first).
struct Rule {
    latin: &'static str,
    at: At,
    options: &'static [&'static str],
}

const fn r(latin: &'static str, at: At, options: &'static [&'static str]) -> Rule {
    Rule { latin, at, options }
}

/// T2: Arabizi, the chat spelling of Arabic.
const ARABIZI: &[Rule] = &[
    r("3'", At::Any, &["غ"]),
    r("7'", At::Any, &["خ"]),
    r("6'", At::Any, &["ظ"]),
    r("9'", At::Any, &["ض"]),
    r("kh", At::Any, &["خ"]),
    r("gh", At::Any, &["غ", "ق"]),
    r("sh", At::Any, &["ش"]),
    r("ch", At::Any, &["ش"]),
    r("th", At::Any, &["ث", "ذ"]),
    r("dh", At::Any, &["ذ", "ض"]),
    r("ou", At::Any, &["و"]),
    r("oo", At::Any, &["و"]),
    r("ee", At::Any, &["ي"]),
    r("aa", At::Any, &["ا"]),
    r("ei", At::Any, &["ي"]),
    r("2", At::Any, &["ا", "ء", "ي", "و"]),
    r("3", At::Any, &["ع"]),
    r("5", At::Any, &["خ"]),
    r("6", At::Any, &["ط"]),
    r("7", At::Any, &["ح"]),
    r("8", At::Any, &["ق", "غ"]),
    r("9", At::Any, &["ص", "ق"]),
    r("b", At::Any, &["ب"]),
    r("p", At::Any, &["ب"]),
    r("t", At::End, &["ت", "ة", "ط"]),
    r("t", At::Any, &["ت", "ط"]),
    r("j", At::Any, &["ج"]),
    r("g", At::Any, &["ج", "غ", "ق"]),
    r("h", At::End, &["ه", "ح", "ة"]),
    r("h", At::Any, &["ه", "ح"]),
    r("d", At::Any, &["د", "ض"]),
    r("r", At::Any, &["ر"]),
    r("z", At::Any, &["ز", "ظ", "ذ"]),
    r("s", At::Any, &["س", "ص"]),
    r("f", At::Any, &["ف"]),
    r("v", At::Any, &["ف"]),
    r("q", At::Any, &["ق"]),
    r("k", At::Any, &["ك", "ق"]),
    r("l", At::Any, &["ل"]),
    r("m", At::Any, &["م"]),
    r("n", At::Any, &["ن"]),
    r("w", At::Any, &["و"]),
    r("y", At::Any, &["ي"]),
    r("x", At::Any, &["كس"]),
    r("a", At::Start, &["ا", "ع"]),
    r("a", At::End, &["ا", "ة", "ى", ""]),
    r("a", At::Middle, &["", "ا"]),
    r("e", At::Start, &["ا", "ع"]),
    r("e", At::End, &["ة", "", "ي"]),
    r("e", At::Middle, &["", "ي"]),
    r("i", At::Start, &["ا", "ع"]),
    r("i", At::End, &["ي"]),
    r("i", At::Middle, &["ي", ""]),
    r("o", At::Start, &["ا", "ع"]),
    r("o", At::End, &["و"]),
    r("o", At::Middle, &["", "و"]),
    r("u", At::Start, &["ا", "ع"]),
    r("u", At::Any, &["و", ""]),
];

/// T3: a common romanization of Hebrew (final letters are made final
/// afterwards).
const HEBREW: &[Rule] = &[
    r("sh", At::Any, &["ש"]),
    r("ch", At::Any, &["ח", "כ"]),
    r("kh", At::Any, &["כ", "ח"]),
    r("tz", At::Any, &["צ"]),
    r("ts", At::Any, &["צ"]),
    r("th", At::Any, &["ת"]),
    r("ph", At::Any, &["פ"]),
    r("ee", At::Any, &["י"]),
    r("oo", At::Any, &["ו"]),
    r("ai", At::Any, &["י", "יי", "אי"]),
    r("ei", At::Any, &["י"]),
    r("'", At::Any, &["א", "ע", ""]),
    r("b", At::Any, &["ב"]),
    r("v", At::Any, &["ו", "ב"]),
    r("g", At::Any, &["ג"]),
    r("j", At::Any, &["ג"]),
    r("d", At::Any, &["ד"]),
    r("h", At::Any, &["ה", "ח"]),
    r("w", At::Any, &["ו"]),
    r("z", At::Any, &["ז"]),
    r("t", At::Any, &["ת", "ט"]),
    r("y", At::Any, &["י"]),
    r("k", At::Any, &["כ", "ק"]),
    r("c", At::Any, &["כ", "ק"]),
    r("l", At::Any, &["ל"]),
    r("m", At::Any, &["מ"]),
    r("n", At::Any, &["נ"]),
    r("s", At::Any, &["ס", "ש"]),
    r("p", At::Any, &["פ"]),
    r("f", At::Any, &["פ"]),
    r("q", At::Any, &["ק"]),
    r("r", At::Any, &["ר"]),
    r("x", At::Any, &["קס"]),
    r("a", At::Start, &["א", "ע"]),
    r("a", At::End, &["ה", "א", ""]),
    r("a", At::Middle, &["", "א"]),
    r("e", At::Start, &["א", "ע"]),
    r("e", At::End, &["ה", "", "י"]),
    r("e", At::Middle, &["", "י"]),
    r("i", At::Start, &["א", "אי"]),
    r("i", At::Any, &["י", ""]),
    r("o", At::Start, &["א", "או"]),
    r("o", At::End, &["ו", "ה"]),
    r("o", At::Middle, &["ו", ""]),
    r("u", At::Start, &["או", "א"]),
    r("u", At::Any, &["ו"]),
];

/// T4: a common romanization of Persian (Finglish).
const PERSIAN: &[Rule] = &[
    r("kh", At::Any, &["خ"]),
    r("gh", At::Any, &["ق", "غ"]),
    r("sh", At::Any, &["ش"]),
    r("ch", At::Any, &["چ"]),
    r("zh", At::Any, &["ژ"]),
    r("ou", At::Any, &["و"]),
    r("oo", At::Any, &["و"]),
    r("ee", At::Any, &["ی"]),
    r("aa", At::Any, &["ا"]),
    r("ei", At::Any, &["ی"]),
    r("ey", At::Any, &["ی"]),
    r("'", At::Any, &["ع", ""]),
    r("b", At::Any, &["ب"]),
    r("p", At::Any, &["پ"]),
    r("t", At::Any, &["ت", "ط"]),
    r("j", At::Any, &["ج"]),
    r("g", At::Any, &["گ"]),
    r("h", At::Any, &["ه", "ح"]),
    r("d", At::Any, &["د"]),
    r("r", At::Any, &["ر"]),
    r("z", At::Any, &["ز", "ظ", "ذ", "ض"]),
    r("s", At::Any, &["س", "ص", "ث"]),
    r("f", At::Any, &["ف"]),
    r("q", At::Any, &["ق", "غ"]),
    r("k", At::Any, &["ک"]),
    r("c", At::Any, &["ک"]),
    r("l", At::Any, &["ل"]),
    r("m", At::Any, &["م"]),
    r("n", At::Any, &["ن"]),
    r("v", At::Any, &["و"]),
    r("w", At::Any, &["و"]),
    r("y", At::Any, &["ی"]),
    r("x", At::Any, &["خ"]),
    r("a", At::Start, &["ا", "آ", "ع"]),
    r("a", At::End, &["ه", "ا"]),
    r("a", At::Middle, &["", "ا"]),
    r("e", At::Start, &["ا", "ع"]),
    r("e", At::End, &["ه", "", "ی"]),
    r("e", At::Middle, &["", "ی"]),
    r("i", At::Start, &["ا", "ای"]),
    r("i", At::Any, &["ی", ""]),
    r("o", At::Start, &["ا", "او"]),
    r("o", At::End, &["و", ""]),
    r("o", At::Middle, &["", "و"]),
    r("u", At::Start, &["او"]),
    r("u", At::Any, &["و"]),
];

/// T1: Buckwalter's transliteration, one ASCII character per Arabic one.
const BUCKWALTER: [(char, char); 45] = [
    ('\'', 'ء'),
    ('|', 'آ'),
    ('>', 'أ'),
    ('&', 'ؤ'),
    ('<', 'إ'),
    ('}', 'ئ'),
    ('A', 'ا'),
    ('b', 'ب'),
    ('p', 'ة'),
    ('t', 'ت'),
    ('v', 'ث'),
    ('j', 'ج'),
    ('H', 'ح'),
    ('x', 'خ'),
    ('d', 'د'),
    ('*', 'ذ'),
    ('r', 'ر'),
    ('z', 'ز'),
    ('s', 'س'),
    ('$', 'ش'),
    ('S', 'ص'),
    ('D', 'ض'),
    ('T', 'ط'),
    ('Z', 'ظ'),
    ('E', 'ع'),
    ('g', 'غ'),
    ('_', 'ـ'),
    ('f', 'ف'),
    ('q', 'ق'),
    ('k', 'ك'),
    ('l', 'ل'),
    ('m', 'م'),
    ('n', 'ن'),
    ('h', 'ه'),
    ('w', 'و'),
    ('Y', 'ى'),
    ('y', 'ي'),
    ('F', '\u{064B}'),
    ('N', '\u{064C}'),
    ('K', '\u{064D}'),
    ('a', '\u{064E}'),
    ('u', '\u{064F}'),
    ('i', '\u{0650}'),
    ('~', '\u{0651}'),
    ('o', '\u{0652}'),
];

/// Candidates kept per scheme.
const MAX_CANDIDATES: usize = 24;

/// Partial spellings kept while reading a word.
const BEAM: usize = 256;

/// T1: the word in Buckwalter's transliteration, when every character is
/// one of it.
#[must_use]
pub fn buckwalter(word: &str) -> Option<String> {
    word.chars()
        .map(|c| {
            BUCKWALTER
                .iter()
                .find(|(b, _)| *b == c)
                .map(|(_, a)| *a)
                .or_else(|| (c == '`').then_some('\u{0670}'))
                .or_else(|| (c == '{').then_some('\u{0671}'))
        })
        .collect()
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Reads `word` (lowercase) with `rules`: every spelling the rules allow,
/// the likelier first (the sum of the options' ranks), at most `max`.
fn expand(word: &str, rules: &[Rule], max: usize) -> Vec<String> {
    // T5: a doubled consonant is one letter (a shadda): `muhammad`.
    let mut w = String::with_capacity(word.len());
    for c in word.chars() {
        let doubled = w.ends_with(c) && c.is_ascii_alphabetic() && !is_vowel(c as u8);
        if !doubled {
            w.push(c);
        }
    }
    let w = w.as_bytes();
    let mut open: Vec<(usize, String, usize)> = vec![(0, String::new(), 0)];
    let mut done: Vec<(usize, String)> = Vec::new();
    while !open.is_empty() {
        let mut next = Vec::new();
        for (pos, out, cost) in open {
            if pos == w.len() {
                done.push((cost, out));
                continue;
            }
            for rule in rules {
                let l = rule.latin.as_bytes();
                if !w[pos..].starts_with(l) {
                    continue;
                }
                let end = pos + l.len();
                let fits = match rule.at {
                    At::Any => true,
                    At::Start => pos == 0,
                    At::End => end == w.len() && pos > 0,
                    At::Middle => pos > 0 && end < w.len(),
                };
                if !fits {
                    continue;
                }
                for (rank, o) in rule.options.iter().enumerate() {
                    next.push((end, format!("{out}{o}"), cost + rank));
                }
            }
        }
        next.sort_by_key(|a| a.2);
        next.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        next.truncate(BEAM);
        open = next;
    }
    done.sort_by_key(|a| a.0);
    let mut out: Vec<String> = Vec::new();
    for (_, s) in done {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
            if out.len() == max {
                break;
            }
        }
    }
    out
}

/// Hebrew's final letters at the end of a word.
fn hebrew_finals(s: &str) -> String {
    let mut out: String = s.to_owned();
    if let Some(last) = out.pop() {
        out.push(match last {
            'כ' => 'ך',
            'מ' => 'ם',
            'נ' => 'ן',
            'פ' => 'ף',
            'צ' => 'ץ',
            c => c,
        });
    }
    out
}

/// Which romanization a candidate comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// T1.
    Buckwalter,
    /// T2.
    Arabizi,
    /// T3.
    Hebrew,
    /// T4.
    Persian,
}

/// The words `word` (typed in Latin letters) may stand for, in Arabic,
/// Hebrew and Persian letters, each with its scheme, the likelier first
/// within a scheme. At most `per_scheme` from each.
#[must_use]
pub fn candidates(word: &str, per_scheme: usize) -> Vec<(Scheme, String)> {
    let per_scheme = per_scheme.min(MAX_CANDIDATES);
    let mut out = Vec::new();
    if !word.is_ascii() || !word.chars().any(|c| c.is_ascii_alphabetic()) {
        return out;
    }
    if let Some(b) = buckwalter(word) {
        out.push((Scheme::Buckwalter, b));
    }
    let lower = word.to_ascii_lowercase();
    for s in expand(&lower, ARABIZI, per_scheme) {
        out.push((Scheme::Arabizi, s));
    }
    if !lower.chars().any(|c| c.is_ascii_digit()) {
        for s in expand(&lower, HEBREW, per_scheme) {
            out.push((Scheme::Hebrew, hebrew_finals(&s)));
        }
        for s in expand(&lower, PERSIAN, per_scheme) {
            out.push((Scheme::Persian, s));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, scheme: Scheme, expected: &str) -> bool {
        candidates(word, MAX_CANDIDATES)
            .iter()
            .any(|(s, c)| *s == scheme && c == expected)
    }

    #[test]
    fn each_scheme_reads_its_spelling() {
        assert_eq!(buckwalter("AlbgdAdy").as_deref(), Some("البغدادي"));
        assert_eq!(buckwalter("mdrsp").as_deref(), Some("مدرسة"));
        assert_eq!(buckwalter("abc#"), None);
        assert!(has("albaghdadi", Scheme::Arabizi, "البغدادي"));
        assert!(has("3irak", Scheme::Arabizi, "عراق"));
        assert!(has("7ob", Scheme::Arabizi, "حب"));
        assert!(has("muhammad", Scheme::Arabizi, "محمد"));
        assert!(has("shalom", Scheme::Hebrew, "שלום"));
        assert!(has("moshe", Scheme::Hebrew, "משה"));
        assert!(has("ketab", Scheme::Persian, "کتاب"));
    }

    #[test]
    fn candidates_are_few_and_only_for_latin_words() {
        assert!(candidates("مدرسة", 24).is_empty());
        assert!(candidates("2024", 24).is_empty());
        for w in ["albaghdadi", "yerushalayim", "mikonad"] {
            let c = candidates(w, 24);
            assert!(c.len() <= 1 + 3 * 24, "{w}: {}", c.len());
        }
    }
}
