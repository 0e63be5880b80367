//! Close spellings (docs/search.md Q6, S1–S4): the spellings of a word
//! that differ from it by one edit a writer makes when spelling the same
//! word another way, not any edit. Keys are normalized (§2), so hamza
//! seats, alef forms and teh marbuta are already folded.
//!
//! - S1 (Arabic script): one of `ا` `و` `ي` `ء` added or dropped (the
//!   defective and full spellings, the Quranic spellings the second key
//!   does not bridge); `و`/`ي` (hamza seats), `ت`/`ه` (teh marbuta written
//!   open), and the letters spoken alike (`ض ظ`, `ذ ز`, `س ص ث`, `ت ط`,
//!   `ه ح`, `ق غ`, Urdu's `ه ھ`) exchanged.
//! - S2 (Hebrew): `ו` or `י` added or dropped (ktiv male and haser:
//!   `ירושלם`/`ירושלים`); `ס ש`, `ט ת`, `כ ק`, `א ה` and a final letter
//!   with its other form exchanged.
//! - S3 (other scripts): any one insertion, deletion or substitution.
//! - S4: two adjacent letters exchanged (a typing slip), in words of 5
//!   letters or more.

/// Letters spoken or written alike, exchanged by S1 and S2.
const ALIKE: [&str; 17] = [
    "وي", "ته", "ضظ", "ذز", "سصث", "تط", "هح", "قغ", "هھ", "סש", "טת", "כק", "אה", "ךכ", "םמ",
    "ןנ", "ףפ",
];

/// Letters added or dropped by S1 and S2.
fn is_weak(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ي' | 'ء' | 'ו' | 'י')
}

fn script_of(c: char) -> u8 {
    match c {
        '\u{0590}'..='\u{05FF}' => 1,
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' => 2,
        _ => 0,
    }
}

fn alike(a: char, b: char) -> bool {
    a != b && ALIKE.iter().any(|g| g.contains(a) && g.contains(b))
}

/// Whether `b` is a close spelling of `a` (or `a` of `b`): S1–S4.
#[must_use]
pub fn is_close(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let rtl = a.iter().chain(&b).any(|&c| script_of(c) != 0);
    if a.len() == b.len() {
        let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        match diff[..] {
            [i] => !rtl || alike(a[i], b[i]),
            [i, j] => a.len() >= 5 && j == i + 1 && a[i] == b[j] && a[j] == b[i],
            _ => false,
        }
    } else {
        let (long, short) = if a.len() > b.len() {
            (&a, &b)
        } else {
            (&b, &a)
        };
        (0..long.len()).any(|i| {
            (!rtl || is_weak(long[i])) && long[..i].iter().chain(&long[i + 1..]).eq(short.iter())
        })
    }
}

/// The close spellings of a right-to-left word (S1, S2, S4), without the
/// word itself: what the index is asked for. Words of other scripts give
/// none (tantivy's own edit-distance query serves them, S3).
#[must_use]
pub fn variants(word: &str) -> Vec<String> {
    let w: Vec<char> = word.chars().collect();
    let Some(script) = w.iter().map(|&c| script_of(c)).find(|&s| s != 0) else {
        return Vec::new();
    };
    let weak: &[char] = if script == 1 {
        &['ו', 'י']
    } else {
        &['ا', 'و', 'ي', 'ء']
    };
    let mut out: Vec<String> = Vec::new();
    let mut push = |v: Vec<char>| {
        let s: String = v.into_iter().collect();
        if s != word && !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    };
    for i in 0..w.len() {
        // Exchanged.
        for g in ALIKE {
            if g.contains(w[i]) {
                for c in g.chars().filter(|&c| c != w[i] && script_of(c) == script) {
                    let mut v = w.clone();
                    v[i] = c;
                    push(v);
                }
            }
        }
        // Dropped.
        if weak.contains(&w[i]) {
            let mut v = w.clone();
            v.remove(i);
            push(v);
        }
        // Swapped.
        if w.len() >= 5 && i + 1 < w.len() {
            let mut v = w.clone();
            v.swap(i, i + 1);
            push(v);
        }
    }
    // Added.
    for i in 0..=w.len() {
        for &c in weak {
            let mut v = w.clone();
            v.insert(i, c);
            push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s1_arabic_spelling_variants() {
        assert!(is_close("مسيول", "مسوول")); // hamza seats
        assert!(is_close("الكتب", "الكتاب")); // defective alef
        assert!(is_close("رحمت", "رحمه")); // teh marbuta written open
        assert!(is_close("ضلال", "ظلال"));
        // Different words one edit apart are not spellings of each other.
        assert!(!is_close("النار", "النور"));
        assert!(!is_close("القران", "القرون"));
        assert!(!is_close("كتاب", "كباب"));
        assert!(!is_close("مدرسه", "مدرسه"));
    }

    #[test]
    fn s2_hebrew_full_and_defective() {
        assert!(is_close("ירושלם", "ירושלים"));
        assert!(is_close("כהן", "כוהן"));
        assert!(is_close("שלום", "שלום".replace('ו', "").as_str()));
        assert!(is_close("מלכ", "מלך"));
        assert!(!is_close("מלאך", "מלך"));
        assert!(!is_close("ברית", "ברכת"));
    }

    #[test]
    fn s3_s4_other_scripts_and_slips() {
        assert!(is_close("guardian", "gaurdian"));
        assert!(is_close("abcd", "abce"));
        assert!(is_close("مدرسه", "مدسره"));
        assert!(!is_close("مدر", "مرد"), "too short to swap");
    }

    #[test]
    fn variants_are_the_close_spellings() {
        for w in ["مسيول", "الكتاب", "ירושלים", "رحمه"] {
            let v = variants(w);
            assert!(!v.is_empty());
            for x in &v {
                assert!(is_close(w, x), "{w} {x}");
            }
        }
        assert!(variants("ירושלים").contains(&"ירושלם".to_owned()));
        assert!(variants("مسيول").contains(&"مسوول".to_owned()));
        assert!(variants("guardian").is_empty());
    }
}
