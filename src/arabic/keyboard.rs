//! Keyboard layouts (docs/search.md §7a, K1–K3): what the keys pressed on
//! a Latin (US) layout would have typed on the Arabic, Persian or Hebrew
//! layout. `hgfy]h]d` typed with the layout set to English is `البغدادي`.

/// A keyboard layout of a right-to-left script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Arabic (101), as on Windows, macOS and X11 (`ara`).
    Arabic,
    /// Persian standard (ISIRI 9147, X11 `ir`).
    Persian,
    /// Hebrew (SI-1452, X11 `il`).
    Hebrew,
}

/// Unshifted keys of the US layout, in the order of the tables below.
const KEYS: &str = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./";

/// K1: what each key of [`KEYS`] types on the Arabic layout (`b` types the
/// ligature لا).
const ARABIC: [&str; 34] = [
    "ذ", "ض", "ص", "ث", "ق", "ف", "غ", "ع", "ه", "خ", "ح", "ج", "د", "ش", "س", "ي", "ب", "ل", "ا",
    "ت", "ن", "م", "ك", "ط", "ئ", "ء", "ؤ", "ر", "لا", "ى", "ة", "و", "ز", "ظ",
];

/// K1: the Arabic layout's shifted letters (the others type marks or
/// punctuation, kept as typed).
const ARABIC_SHIFTED: [(char, &str); 8] = [
    ('T', "لإ"),
    ('Y', "إ"),
    ('G', "لأ"),
    ('H', "أ"),
    ('B', "لآ"),
    ('N', "آ"),
    ('J', "ـ"),
    ('K', "،"),
];

/// K2: what each key of [`KEYS`] types on the Persian layout.
const PERSIAN: [&str; 34] = [
    "`", "ض", "ص", "ث", "ق", "ف", "غ", "ع", "ه", "خ", "ح", "ج", "چ", "ش", "س", "ی", "ب", "ل", "ا",
    "ت", "ن", "م", "ک", "گ", "ظ", "ط", "ز", "ر", "ذ", "د", "پ", "و", ".", "/",
];

/// K2: the Persian layout's shifted letters.
const PERSIAN_SHIFTED: [(char, &str); 3] = [('C', "ژ"), ('H', "آ"), ('V', "\u{200C}")];

/// K3: what each key of [`KEYS`] types on the Hebrew layout (no shifted
/// letters: a capital types what its small letter does).
const HEBREW: [&str; 34] = [
    ";", "/", "'", "ק", "ר", "א", "ט", "ו", "ן", "ם", "פ", "]", "[", "ש", "ד", "ג", "כ", "ע", "י",
    "ח", "ל", "ך", "ף", ",", "ז", "ס", "ב", "ה", "נ", "מ", "צ", "ת", "ץ", ".",
];

impl Layout {
    /// Every layout, in the order queries try them.
    pub const ALL: [Self; 3] = [Self::Arabic, Self::Persian, Self::Hebrew];

    fn table(self) -> &'static [&'static str; 34] {
        match self {
            Self::Arabic => &ARABIC,
            Self::Persian => &PERSIAN,
            Self::Hebrew => &HEBREW,
        }
    }

    fn shifted(self, c: char) -> Option<&'static str> {
        let table: &[(char, &str)] = match self {
            Self::Arabic => &ARABIC_SHIFTED,
            Self::Persian => &PERSIAN_SHIFTED,
            Self::Hebrew => &[],
        };
        table.iter().find(|(k, _)| *k == c).map(|(_, s)| *s)
    }

    /// What `c`, pressed on a US layout, types on this layout; `None` for a
    /// key it leaves as it is (digits, space, most shifted keys).
    #[must_use]
    pub fn key(self, c: char) -> Option<&'static str> {
        if let Some(s) = self.shifted(c) {
            return Some(s);
        }
        let lower = if c.is_ascii_uppercase() {
            if self == Self::Hebrew {
                c.to_ascii_lowercase()
            } else {
                return None;
            }
        } else {
            c
        };
        KEYS.find(lower).map(|i| self.table()[i])
    }

    /// `text` as typed on this layout by the same keys.
    #[must_use]
    pub fn convert(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() * 2);
        for c in text.chars() {
            match self.key(c) {
                Some(s) => out.push_str(s),
                None => out.push(c),
            }
        }
        out
    }

    /// The layout for a text in `lang`, if it has one.
    #[must_use]
    pub fn for_lang(lang: super::Lang) -> Option<Self> {
        match lang {
            super::Lang::Arabic => Some(Self::Arabic),
            super::Lang::Persian | super::Lang::Urdu => Some(Self::Persian),
            super::Lang::Hebrew => Some(Self::Hebrew),
            super::Lang::Other => None,
        }
    }

    /// A short name for the status line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Arabic => "ar",
            Self::Persian => "fa",
            Self::Hebrew => "he",
        }
    }
}

/// Whether a word typed in the search box could be keys of another layout
/// or a romanization: printable ASCII only, with a letter in it.
#[must_use]
pub fn is_latin_typed(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_graphic()) && word.chars().any(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_cover_every_key() {
        assert_eq!(KEYS.chars().count(), 34);
        // No key types nothing, and the letters of each script are all
        // there.
        for l in Layout::ALL {
            assert!(l.table().iter().all(|s| !s.is_empty()));
        }
        for c in "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars() {
            assert!(ARABIC.iter().any(|s| s.contains(c)), "{c}");
        }
        for c in "אבגדהוזחטיכלמנסעפצקרשתךםןףץ".chars() {
            assert!(HEBREW.iter().any(|s| s.contains(c)), "{c}");
        }
        for c in "پچگکی".chars() {
            assert!(PERSIAN.iter().any(|s| s.contains(c)), "{c}");
        }
    }
}
