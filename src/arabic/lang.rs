//! The language of a text, told from its letters (docs/search.md §2a,
//! L1–L3): Hebrew, or, among texts in the Arabic script, Urdu (letters only
//! Urdu uses), Persian (letters Persian and Urdu add to Arabic) or Arabic.
//! Stored per document, so that the rules that fit only one language (the
//! proclitics of Arabic, the compounds of Persian, Urdu's do-chashmi heh)
//! apply only there.

/// A document's language, as far as qari's rules care.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Not written in a right-to-left script qari knows (or no letters).
    #[default]
    Other,
    /// Arabic.
    Arabic,
    /// Persian.
    Persian,
    /// Urdu.
    Urdu,
    /// Hebrew.
    Hebrew,
}

impl Lang {
    /// The ISO 639-1 code (`ar`, `fa`, `ur`, `he`), empty for [`Lang::Other`].
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Other => "",
            Self::Arabic => "ar",
            Self::Persian => "fa",
            Self::Urdu => "ur",
            Self::Hebrew => "he",
        }
    }

    /// The language a user names: its code (`ar`, `fa`, `ur`, `he`, also
    /// `iw` and `pes`), its English name, or its own name (`عربي`,
    /// `فارسی`, `اردو`, `עברית`); `None` for any other.
    #[must_use]
    pub fn named(name: &str) -> Option<Self> {
        let n = name.trim().to_lowercase();
        let l = match n.as_str() {
            "ar" | "ara" | "arabic" | "عربي" | "عربية" | "العربية" => Self::Arabic,
            "fa" | "fas" | "per" | "pes" | "persian" | "farsi" | "فارسی" | "فارسي" => {
                Self::Persian
            }
            "ur" | "urd" | "urdu" | "اردو" => Self::Urdu,
            "he" | "iw" | "heb" | "hebrew" | "עברית" => Self::Hebrew,
            _ => return None,
        };
        Some(l)
    }

    /// The language of a code written by [`Lang::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Self {
        match code {
            "ar" => Self::Arabic,
            "fa" => Self::Persian,
            "ur" => Self::Urdu,
            "he" => Self::Hebrew,
            _ => Self::Other,
        }
    }

    /// Whether Arabic's proclitics are looked through (`و` `ف` `ب` `ك` `ل`
    /// and the article): in Arabic, and in texts of no known language.
    #[must_use]
    pub fn arabic_clitics(self) -> bool {
        matches!(self, Self::Arabic | Self::Other)
    }
}

/// Letters counted to tell a text's language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Letters {
    /// Hebrew letters (U+05D0–U+05EA).
    pub hebrew: usize,
    /// Letters of the Arabic script (U+0620–U+06FF and its supplements).
    pub arabic_script: usize,
    /// Letters Persian and Urdu add: پ چ ژ گ, and their own yeh and keheh
    /// ی ک.
    pub persian: usize,
    /// Letters only Urdu uses: ٹ ڈ ڑ ں ھ ہ ۃ ے.
    pub urdu: usize,
}

/// What [`Letters::add`] counts a character as: 0 nothing, 1 Hebrew, 2 a
/// letter of the Arabic script, 3 also Persian, 4 also Urdu (for callers
/// that look classes up once per character kind).
#[must_use]
pub fn letter_class(c: char) -> u8 {
    let mut l = Letters::default();
    l.add(c);
    match (l.hebrew, l.urdu, l.persian, l.arabic_script) {
        (1, ..) => 1,
        (_, 1, ..) => 4,
        (_, _, 1, _) => 3,
        (_, _, _, 1) => 2,
        _ => 0,
    }
}

impl Letters {
    /// Counts a character of [`letter_class`] `class`.
    #[inline]
    pub fn add_class(&mut self, class: u8) {
        match class {
            1 => self.hebrew += 1,
            2 => self.arabic_script += 1,
            3 => {
                self.arabic_script += 1;
                self.persian += 1;
            }
            4 => {
                self.arabic_script += 1;
                self.urdu += 1;
            }
            _ => {}
        }
    }

    /// Counts one character.
    #[inline]
    pub fn add(&mut self, c: char) {
        match c {
            '\u{05D0}'..='\u{05EA}' => self.hebrew += 1,
            '\u{0679}' | '\u{0688}' | '\u{0691}' | '\u{06BA}' | '\u{06BE}' | '\u{06C1}'
            | '\u{06C3}' | '\u{06D2}' => {
                self.arabic_script += 1;
                self.urdu += 1;
            }
            '\u{067E}' | '\u{0686}' | '\u{0698}' | '\u{06AF}' | '\u{06CC}' | '\u{06A9}' => {
                self.arabic_script += 1;
                self.persian += 1;
            }
            '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}' => {
                self.arabic_script += 1;
            }
            _ => {}
        }
    }

    /// Adds another count.
    pub fn merge(&mut self, other: &Self) {
        self.hebrew += other.hebrew;
        self.arabic_script += other.arabic_script;
        self.persian += other.persian;
        self.urdu += other.urdu;
    }

    /// The language these letters tell (L1–L3 of docs/search.md §2a).
    #[must_use]
    pub fn lang(&self) -> Lang {
        if self.hebrew == 0 && self.arabic_script == 0 {
            Lang::Other
        } else if self.hebrew > self.arabic_script {
            // L1: more Hebrew letters than Arabic-script ones.
            Lang::Hebrew
        } else if self.urdu * 50 >= self.arabic_script {
            // L2: at least 2% of the letters are Urdu's own.
            Lang::Urdu
        } else if self.persian * 200 >= self.arabic_script {
            // L3: at least 0.5% are پ چ ژ گ ی ک.
            Lang::Persian
        } else {
            Lang::Arabic
        }
    }
}

/// The language of `text` (docs/search.md §2a).
#[must_use]
pub fn detect(text: &str) -> Lang {
    let mut l = Letters::default();
    for c in text.chars() {
        if !c.is_ascii() {
            l.add(c);
        }
    }
    l.lang()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_count_as_characters_do() {
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            let (mut by_char, mut by_class) = (Letters::default(), Letters::default());
            by_char.add(c);
            by_class.add_class(letter_class(c));
            assert_eq!(by_char, by_class, "{c:?}");
            // The corpus statistics look classes up only in this range.
            if !('\u{0500}'..'\u{0700}').contains(&c) {
                assert_eq!(letter_class(c), 0, "{c:?}");
            }
        }
    }

    #[test]
    fn each_language_from_its_letters() {
        assert_eq!(detect("قال الرئيس إن المدرسة في القاهرة"), Lang::Arabic);
        assert_eq!(
            detect("الا یا ایها الساقی ادر کاسا و ناولها که عشق آسان نمود اول ولی افتاد مشکل ها"),
            Lang::Persian
        );
        // The Persian letters of a text typed with Arabic ي and ك still tell.
        assert_eq!(
            detect("تنها تو را مى‌پرستيم و از تو يارى مى‌جوييم"),
            Lang::Persian
        );
        assert_eq!(
            detect("شروع الله کا نام لے کر جو بڑا مہربان نہایت رحم والا ہے"),
            Lang::Urdu
        );
        assert_eq!(detect("בְּרֵאשִׁ֖ית בָּרָ֣א אֱלֹהִ֑ים"), Lang::Hebrew);
        assert_eq!(detect("The Guardian, 2024"), Lang::Other);
        assert_eq!(detect(""), Lang::Other);
        for l in [
            Lang::Arabic,
            Lang::Persian,
            Lang::Urdu,
            Lang::Hebrew,
            Lang::Other,
        ] {
            assert_eq!(Lang::from_code(l.code()), l);
        }
    }
}
