//! Titles: the first meaningful line of a document, skipping the residue
//! that scrapers leave behind (a lone `Array`, "enable JavaScript" notices,
//! punctuation-only lines, share buttons…).

/// Longest title kept, in characters.
const MAX_TITLE_CHARS: usize = 200;

/// Lines that are scraping residue when they make up a whole line.
const RESIDUE_LINES: &[&str] = &[
    "array",
    "null",
    "undefined",
    "advertisement",
    "share",
    "print",
    "إعلان",
    "اعلان",
    "شارك",
    "مشاركة",
    "طباعة",
];

/// Whether a (trimmed) line is scraping residue rather than content.
#[must_use]
pub(crate) fn is_residue(line: &str) -> bool {
    let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if line.is_empty() || !line.chars().any(char::is_alphanumeric) {
        return true;
    }
    let lower = line.to_lowercase();
    if RESIDUE_LINES.contains(&lower.as_str()) {
        return true;
    }
    line.chars().count() < 200
        && (lower.contains("javascript")
            || lower.contains("جافا سكريبت")
            || lower.contains("جافاسكريبت")
            || lower.contains("enable cookies"))
}

/// Collapses whitespace and caps the length at a word boundary.
#[must_use]
pub(crate) fn clean_title(line: &str) -> String {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = String::new();
    for w in words {
        let next = out.chars().count() + usize::from(!out.is_empty()) + w.chars().count();
        if next > MAX_TITLE_CHARS {
            if out.is_empty() {
                out = w.chars().take(MAX_TITLE_CHARS).collect();
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The first meaningful line of `text`, cleaned, if any.
#[must_use]
pub(crate) fn title_of(text: &str) -> Option<String> {
    crate::bidi::paragraphs(text)
        .map(|(_, line)| line)
        .find(|line| !is_residue(line))
        .map(clean_title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residue_is_skipped() {
        let text = "Array\n\n  ...  \nSorry, you need to enable JavaScript to visit this website.\n\nعنوان المقال\nنص";
        assert_eq!(title_of(text).as_deref(), Some("عنوان المقال"));
        assert_eq!(title_of("\n\n- - -\n"), None);
        assert!(is_residue("Array"));
        assert!(!is_residue("Array of hope for Syria"));
    }

    #[test]
    fn long_titles_are_capped_at_a_word() {
        let long = "كلمة ".repeat(100);
        let t = clean_title(&long);
        assert!(t.ends_with('…'));
        assert!(t.chars().count() <= MAX_TITLE_CHARS + 1);
    }
}
