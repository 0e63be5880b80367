//! Snippets: the stretch of a document with the most matches, cut at word
//! boundaries, with the matched bytes to highlight. Text stays in logical
//! order; the layout engine draws it.

use std::ops::Range;

/// A piece of a document around its matches.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    /// The text, line breaks and tabs turned into spaces.
    pub text: String,
    /// Byte ranges in `text` to highlight.
    pub highlights: Vec<Range<usize>>,
    /// Whether text was cut before and after.
    #[serde(skip)]
    pub cut: (bool, bool),
}

/// The best window of about `max_chars` characters of `text` for the
/// matches `hits` (sorted, disjoint byte ranges): the one holding the most
/// matches, starting a little before the first of them. Without matches,
/// the beginning of the text.
#[must_use]
pub fn make(text: &str, hits: &[Range<usize>], max_chars: usize) -> Snippet {
    let max_chars = max_chars.max(10);
    // Byte length of about `max_chars` characters from each hit: count in
    // characters by walking forward.
    let span_end = |from: usize, chars: usize| -> usize {
        text[from..]
            .char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| from + i)
    };
    let best = (0..hits.len())
        .map(|i| {
            let end = span_end(hits[i].start, max_chars * 3 / 4);
            let n = hits[i..].iter().take_while(|h| h.end <= end).count();
            (n, i)
        })
        .max_by_key(|&(n, i)| (n, std::cmp::Reverse(i)));
    let start = match best {
        Some((_, i)) => {
            // Back up a quarter of the window, to a word start, staying in
            // the hit's paragraph.
            let anchor = hits[i].start;
            let mut s = anchor;
            let mut mid_word = false;
            for (count, (j, c)) in text[..anchor].char_indices().rev().enumerate() {
                if c == '\n' {
                    break;
                }
                if count >= max_chars / 4 {
                    mid_word = !c.is_whitespace();
                    break;
                }
                s = j;
            }
            if mid_word && s < anchor {
                // Landed inside a word: start at the next one.
                match text[s..anchor]
                    .char_indices()
                    .find(|(_, c)| c.is_whitespace())
                {
                    Some((k, c)) => s + k + c.len_utf8(),
                    None => s,
                }
            } else {
                s
            }
        }
        None => 0,
    };
    // Skip leading whitespace.
    let start = start + (text[start..].len() - text[start..].trim_start().len());
    let mut end = span_end(start, max_chars);
    if end < text.len() {
        // Cut after the last whole word, unless a match would be split.
        if let Some(k) = text[start..end].rfind(char::is_whitespace)
            && k > 0
        {
            let cut = start + k;
            if !hits.iter().any(|h| h.start < cut && h.end > cut) {
                end = cut;
            }
        }
    }
    let end = start + text[start..end].trim_end().len();
    let piece: String = text[start..end]
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let highlights = hits
        .iter()
        .filter(|h| h.start >= start && h.end <= end)
        .map(|h| h.start - start..h.end - start)
        .collect();
    Snippet {
        text: piece,
        highlights,
        cut: (start > 0, end < text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_holds_the_matches() {
        let text = format!(
            "{} الهدف هنا والهدف {}",
            "كلمة ".repeat(100),
            "نص ".repeat(100)
        );
        let a = text.find("الهدف").unwrap_or(0);
        let b = text.find("والهدف").unwrap_or(0);
        let hits = vec![a..a + "الهدف".len(), b..b + "والهدف".len()];
        let s = make(&text, &hits, 60);
        assert_eq!(s.highlights.len(), 2);
        for (h, orig) in s.highlights.iter().zip(&hits) {
            assert_eq!(&s.text[h.clone()], &text[orig.clone()]);
        }
        assert!(s.text.chars().count() <= 60);
        assert!(s.cut.0 && s.cut.1);
        assert!(!s.text.starts_with(' '));
    }

    #[test]
    fn any_whitespace_and_any_hit_never_panics() {
        // NBSP, thin space, ideographic space, line separator: multi-byte
        // whitespace where the window is cut.
        let seps = ["\u{00A0}", "\u{2009}", "\u{3000}", "\u{2028}", " ", "\n"];
        for (k, sep) in seps.iter().enumerate() {
            let words: Vec<String> = (0..200).map(|i| format!("كلمة{i}")).collect();
            let text = words.join(sep);
            for at in (0..text.len()).step_by(97 + k) {
                if !text.is_char_boundary(at) {
                    continue;
                }
                let end = (at + 1..=text.len())
                    .find(|&e| text.is_char_boundary(e))
                    .unwrap_or(text.len());
                for chars in [10, 33, 80, 160] {
                    let s = make(&text, std::slice::from_ref(&(at..end)), chars);
                    for h in &s.highlights {
                        assert!(s.text.is_char_boundary(h.start) && s.text.is_char_boundary(h.end));
                    }
                }
            }
        }
    }

    #[test]
    fn a_line_start_is_kept_whole() {
        let text = "Array\nتقلص إقليم داعش يضطر قادة التنظيم";
        let at = text.find("داعش").unwrap_or(0);
        let s = make(text, std::slice::from_ref(&(at..at + "داعش".len())), 80);
        assert!(s.text.starts_with("تقلص"), "{}", s.text);
    }

    #[test]
    fn no_hits_gives_the_start() {
        let s = make("سطر أول\nسطر ثان", &[], 80);
        assert_eq!(s.text, "سطر أول سطر ثان");
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn short_text_whole() {
        let text = "قال المدرس";
        let at = text.find("المدرس").unwrap_or(0);
        let hits: Vec<std::ops::Range<usize>> = std::iter::once(at..text.len()).collect();
        let s = make(text, &hits, 80);
        assert_eq!(s.text, text);
        assert_eq!(&s.text[s.highlights[0].clone()], "المدرس");
    }
}
