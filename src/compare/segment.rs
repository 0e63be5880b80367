//! Sentence segmentation for comparison (docs/compare.md §2): a hard break
//! at every line end (LF, CR, NEL, PS: the layout engine's paragraphs), and inside a line after `.` `!` `?` `؟`
//! `…` `۔` followed by whitespace (closing quotes and brackets may come
//! between). Never at `،` `؛`, never inside a number (`3.5`, `٣٫٥`), never
//! after a single Latin capital (`U.S. ` is a known miss, kept simple).

use std::ops::Range;

/// One sentence: a byte range into the text (trimmed of surrounding
/// whitespace) and the number of the paragraph (line) it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Bytes of the sentence in the text it was cut from.
    pub range: Range<usize>,
    /// Paragraph number, counting non-empty lines from 0.
    pub para: usize,
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\u{061F}' | '\u{2026}' | '\u{06D4}')
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '\u{201D}'
            | '\u{2019}'
            | '\u{00BB}'
            | '\u{203A}'
            | '\u{201C}'
    )
}

/// Cuts `text` into sentences, in order; whitespace-only stretches are no
/// sentence.
#[must_use]
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut para = 0;
    let mut line_start = 0;
    for line in text.split_inclusive(['\n', '\r', '\u{85}', '\u{2029}']) {
        let before = out.len();
        split_line(line, line_start, para, &mut out);
        if out.len() > before {
            para += 1;
        }
        line_start += line.len();
    }
    out
}

fn push_trimmed(text: &str, offset: usize, para: usize, out: &mut Vec<Sentence>) {
    // A byte order mark is no part of the first sentence.
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    let start = offset + (text.len() - trimmed.len());
    let trimmed = trimmed.trim_end();
    if !trimmed.is_empty() {
        out.push(Sentence {
            range: start..start + trimmed.len(),
            para,
        });
    }
}

fn split_line(line: &str, offset: usize, para: usize, out: &mut Vec<Sentence>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut start = 0;
    let mut k = 0;
    while k < chars.len() {
        let (_, c) = chars[k];
        if !is_terminal(c) {
            k += 1;
            continue;
        }
        // A run of terminals ("...", "?!") and closing quotes after it.
        let mut end = k + 1;
        while end < chars.len() && is_terminal(chars[end].1) {
            end += 1;
        }
        while end < chars.len() && is_closing(chars[end].1) {
            end += 1;
        }
        let followed_by_space = end == chars.len() || chars[end].1.is_whitespace();
        let after_digit = k > 0 && chars[k - 1].1.is_numeric();
        let before_digit = chars.get(k + 1).is_some_and(|&(_, n)| n.is_numeric());
        let in_number = c == '.' && after_digit && before_digit;
        let initial = c == '.'
            && end == k + 1
            && k > 0
            && chars[k - 1].1.is_ascii_uppercase()
            && (k < 2 || !chars[k - 2].1.is_alphanumeric());
        if followed_by_space && !in_number && !initial {
            let cut = chars.get(end).map_or(line.len(), |&(b, _)| b);
            push_trimmed(&line[start..cut], offset + start, para, out);
            start = cut;
        }
        k = end;
    }
    push_trimmed(&line[start..], offset + start, para, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| &text[s.range.clone()])
            .collect()
    }

    #[test]
    fn lines_are_paragraphs_and_hard_breaks() {
        let t = "عنوان\n\nقال الرجل. ثم ذهب\r\n  آخر سطر  \n";
        let s = sentences(t);
        assert_eq!(cut(t), ["عنوان", "قال الرجل.", "ثم ذهب", "آخر سطر"]);
        assert_eq!(s.iter().map(|s| s.para).collect::<Vec<_>>(), [0, 1, 1, 2]);
    }

    #[test]
    fn terminals_and_quotes() {
        let t = "هل جاء؟ نعم! قال: \"علموا بذلك.\" وانتهى… ثم ماذا؟! لا";
        assert_eq!(
            cut(t),
            [
                "هل جاء؟",
                "نعم!",
                "قال: \"علموا بذلك.\"",
                "وانتهى…",
                "ثم ماذا؟!",
                "لا"
            ]
        );
        let t = "قال “علموا بذلك.” وكان هناك... اشتباك";
        assert_eq!(cut(t), ["قال “علموا بذلك.”", "وكان هناك...", "اشتباك"]);
    }

    #[test]
    fn no_break_in_numbers_commas_or_initials() {
        let t = "ارتفع بنسبة 3.5 في المئة، و٣٫٥ أخرى؛ قال J. Smith ذلك.";
        assert_eq!(cut(t), [t]);
        // A terminal glued to the next word is not a break either.
        assert_eq!(cut("انتهى.وقال"), ["انتهى.وقال"]);
        assert_eq!(cut("in 2019. Then"), ["in 2019.", "Then"]);
    }

    #[test]
    fn ranges_are_exact_and_cover_all_text() {
        let t = "\u{FEFF} أ. ب؟  ج \n\n د۔ ه";
        let s = sentences(t);
        let rebuilt: String = t
            .char_indices()
            .filter(|(i, c)| {
                !c.is_whitespace() && *c != '\u{FEFF}' && !s.iter().any(|s| s.range.contains(i))
            })
            .map(|(_, c)| c)
            .collect();
        assert_eq!(rebuilt, "", "every non-space character is in a sentence");
        assert_eq!(cut(t), ["أ.", "ب؟", "ج", "د۔", "ه"]);
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\t\n").is_empty());
        assert_eq!(cut("أ\rب\u{2029}ج\u{85}د"), ["أ", "ب", "ج", "د"]);
    }
}
