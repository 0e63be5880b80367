//! Offset maps: from offsets in a decoded text to byte offsets in its
//! source (the file as stored), the way back every range that leaves the
//! library takes.
//!
//! An [`OffsetMap`] is made of runs: stretches of text in which every
//! character takes the same number of source bytes by one rule (as many as
//! in UTF-8; one, for a single-byte encoding; six, for a JSON `\uXXXX`
//! escape of a non-ASCII character). A Windows-1256 line or a JSON string
//! written with `ensure_ascii` is one run per 4 KB of text, not one entry
//! per Arabic letter; a lookup counts characters from the start of its run.
//! A UTF-16 file is one run per 4 KB too (two bytes a character, four for
//! one outside the Basic Multilingual Plane).
//! A [`MapBuilder`] makes a map as text is appended; a `Cursor` reads one
//! for increasing offsets in linear time (to compose maps).

/// Longest run, in text bytes, whose lookups count characters: past it a
/// new run starts, so a lookup never counts more than about this many.
pub(crate) const CHECKPOINT: usize = 4096;

/// How the characters of a run take up source bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// As many bytes as in UTF-8: text and source advance together.
    Same,
    /// One byte per character (a single-byte encoding).
    Byte,
    /// ASCII one byte, other characters a JSON `\uXXXX` escape (6 bytes,
    /// 12 for a surrogate pair).
    Escaped,
    /// UTF-16: two bytes a character, four for a surrogate pair.
    Utf16,
}

const SAME: u8 = 1;
const BYTE: u8 = 2;
const ESCAPED: u8 = 4;
const UTF16: u8 = 8;
/// The units in which ASCII takes one byte a character.
const ASCII_UNITS: u8 = SAME | BYTE | ESCAPED;

impl Unit {
    fn bit(self) -> u8 {
        match self {
            Self::Same => SAME,
            Self::Byte => BYTE,
            Self::Escaped => ESCAPED,
            Self::Utf16 => UTF16,
        }
    }

    /// The preferred unit among `set` (never empty when called).
    fn of_set(set: u8) -> Self {
        if set & SAME != 0 {
            Self::Same
        } else if set & BYTE != 0 {
            Self::Byte
        } else if set & ESCAPED != 0 {
            Self::Escaped
        } else {
            Self::Utf16
        }
    }

    /// Source bytes of `c`.
    fn width(self, c: char) -> usize {
        match self {
            Self::Same => c.len_utf8(),
            Self::Byte => 1,
            Self::Escaped if c.is_ascii() => 1,
            Self::Escaped if (c as u32) < 0x1_0000 => 6,
            Self::Escaped => 12,
            Self::Utf16 => c.len_utf16() * 2,
        }
    }

    /// Source bytes of `s`.
    fn width_of(self, s: &str) -> usize {
        match self {
            Self::Same => s.len(),
            Self::Utf16 => s.chars().map(|c| c.len_utf16() * 2).sum(),
            _ if s.is_ascii() => s.len(),
            Self::Byte => s.chars().count(),
            Self::Escaped => s.chars().map(|c| self.width(c)).sum(),
        }
    }
}

/// Where a run starts and how its characters take up source bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    text: usize,
    src: usize,
    unit: Unit,
}

/// Maps offsets in a decoded text to offsets in its source. Lookups need
/// the text the map was made for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// Sorted by text offset; empty means the identity.
    runs: Vec<Run>,
}

impl OffsetMap {
    /// The identity map.
    #[must_use]
    pub fn identity() -> Self {
        Self::default()
    }

    /// Text offset `t` is source offset `base + t`.
    #[must_use]
    pub(crate) fn shifted(base: usize) -> Self {
        if base == 0 {
            return Self::identity();
        }
        Self {
            runs: vec![Run {
                text: 0,
                src: base,
                unit: Unit::Same,
            }],
        }
    }

    /// How many runs (tests of compactness).
    #[cfg(test)]
    pub(crate) fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Heap bytes held (tests of memory use).
    #[cfg(test)]
    pub(crate) fn heap_bytes(&self) -> usize {
        self.runs.capacity() * std::mem::size_of::<Run>()
    }

    /// The source offset of offset `t` of `text`, the text this map was
    /// made for. An offset inside a character counts from the character's
    /// start; a wrong text gives a wrong offset, never a panic.
    #[must_use]
    pub fn to_source(&self, text: &str, t: usize) -> usize {
        let i = self.runs.partition_point(|r| r.text <= t);
        let Some(r) = i.checked_sub(1).and_then(|i| self.runs.get(i)) else {
            return t;
        };
        if r.unit == Unit::Same {
            return r.src + (t - r.text);
        }
        let mut end = t.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        match text.get(r.text..end) {
            Some(piece) => r.src + r.unit.width_of(piece) + (t - end),
            None => r.src + (t - r.text),
        }
    }

    /// A reader of source offsets for increasing text offsets.
    pub(crate) fn cursor<'a>(&'a self, text: &'a str) -> Cursor<'a> {
        let first = self.runs.first().copied().unwrap_or(Run {
            text: 0,
            src: 0,
            unit: Unit::Same,
        });
        Cursor {
            map: self,
            text,
            next: 1,
            run: first,
            pos: first.text,
            src: first.src,
        }
    }
}

/// Source offsets of increasing text offsets in linear time overall.
pub(crate) struct Cursor<'a> {
    map: &'a OffsetMap,
    text: &'a str,
    /// Index of the run after the current one.
    next: usize,
    run: Run,
    /// A text offset in the current run and its source offset.
    pos: usize,
    src: usize,
}

impl Cursor<'_> {
    /// Where the current run ends (text offset).
    fn run_end(&self) -> usize {
        self.map.runs.get(self.next).map_or(usize::MAX, |r| r.text)
    }

    /// Moves to the run holding `t`.
    fn seek_run(&mut self, t: usize) {
        while let Some(r) = self.map.runs.get(self.next).filter(|r| r.text <= t) {
            self.run = *r;
            self.pos = r.text;
            self.src = r.src;
            self.next += 1;
        }
    }

    /// The source offset of text offset `t` (not before the last one asked).
    pub(crate) fn src_at(&mut self, t: usize) -> usize {
        self.seek_run(t);
        if t < self.pos {
            return self.map.to_source(self.text, t);
        }
        let piece = self.text.get(self.pos..t).unwrap_or_default();
        self.src += self.run.unit.width_of(piece);
        self.pos = t;
        self.src
    }

    /// Adds `text[a..b]` to `out` and `b`, split along this map's runs.
    pub(crate) fn copy(&mut self, a: usize, b: usize, out: &mut String, map: &mut MapBuilder) {
        let mut a = a;
        while a < b {
            let src = self.src_at(a);
            let end = b.min(self.run_end());
            let Some(piece) = self.text.get(a..end) else {
                return;
            };
            out.push_str(piece);
            self.src = src + map.push_str(piece, src, self.run.unit);
            self.pos = end;
            a = end;
        }
    }
}

/// The run being built.
#[derive(Clone, Copy, Debug)]
struct Open {
    text: usize,
    src: usize,
    /// Units every character so far agrees with.
    set: u8,
    /// Text bytes so far.
    len: usize,
    /// Source offset after the last character.
    next_src: usize,
    /// One character no unit describes: nothing may follow in this run.
    sealed: bool,
}

/// Builds an [`OffsetMap`] as text is appended (the caller keeps the text):
/// each piece says where its source starts and how many bytes it took.
#[derive(Debug, Default)]
pub(crate) struct MapBuilder {
    runs: Vec<Run>,
    open: Option<Open>,
    text_len: usize,
}

impl MapBuilder {
    fn close(&mut self) {
        if let Some(o) = self.open.take() {
            self.runs.push(Run {
                text: o.text,
                src: o.src,
                unit: Unit::of_set(o.set),
            });
        }
    }

    /// Appends `text_len` bytes of text whose characters all agree with
    /// `fit` and take `src_len` bytes from `src`.
    fn push(&mut self, fit: u8, text_len: usize, src: usize, src_len: usize) {
        let extend = self.open.is_some_and(|o| {
            let set = o.set & fit;
            !o.sealed && o.next_src == src && set != 0 && (set & SAME != 0 || o.len < CHECKPOINT)
        });
        match &mut self.open {
            Some(o) if extend => {
                o.set &= fit;
                o.len += text_len;
                o.next_src += src_len;
            }
            _ => {
                self.close();
                self.open = Some(Open {
                    text: self.text_len,
                    src,
                    set: if fit == 0 { SAME } else { fit },
                    len: text_len,
                    next_src: src + src_len,
                    sealed: fit == 0,
                });
            }
        }
        self.text_len += text_len;
    }

    /// Appends `s`, each character taking source bytes by `unit` from
    /// `src`; returns the source bytes taken.
    pub(crate) fn push_str(&mut self, s: &str, src: usize, unit: Unit) -> usize {
        let mut rest = s;
        let mut at = src;
        while !rest.is_empty() {
            let mut cut = rest.len().min(CHECKPOINT);
            while !rest.is_char_boundary(cut) {
                cut += 1;
            }
            let (piece, tail) = rest.split_at(cut);
            let fit = if piece.is_ascii() && unit != Unit::Utf16 {
                ASCII_UNITS
            } else {
                unit.bit()
            };
            let len = unit.width_of(piece);
            self.push(fit, piece.len(), at, len);
            at += len;
            rest = tail;
        }
        at - src
    }

    /// Appends one character that took `src_len` bytes from `src`.
    pub(crate) fn push_char(&mut self, c: char, src: usize, src_len: usize) {
        let fit = [Unit::Same, Unit::Byte, Unit::Escaped, Unit::Utf16]
            .into_iter()
            .filter(|u| u.width(c) == src_len)
            .fold(0, |m, u| m | u.bit());
        self.push(fit, c.len_utf8(), src, src_len);
    }

    /// The map.
    pub(crate) fn finish(mut self) -> OffsetMap {
        self.close();
        let mut map = OffsetMap { runs: self.runs };
        if map.runs.len() == 1 && map.runs[0].src == 0 && map.runs[0].unit == Unit::Same {
            map.runs.clear();
        }
        map.runs.shrink_to_fit();
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_follow_the_widths_of_characters() {
        // "ab" as stored, then an escape of 6 bytes, a sealed character
        // (2 bytes for 1), then one-byte letters.
        let mut b = MapBuilder::default();
        let mut text = String::new();
        text.push_str("ab");
        b.push_str("ab", 10, Unit::Same);
        text.push('\u{0628}');
        b.push_char('\u{0628}', 12, 6);
        text.push('\n');
        b.push_char('\n', 18, 2);
        text.push_str("سلام");
        b.push_str("سلام", 20, Unit::Byte);
        let map = b.finish();
        let src = |t| map.to_source(&text, t);
        assert_eq!(
            [src(0), src(1), src(2), src(4), src(5)],
            [10, 11, 12, 18, 20]
        );
        assert_eq!([src(7), src(13)], [21, 24]);
        assert_eq!(map.runs(), 3, "{map:?}");
        // A wrong text or an offset inside a character: no panic.
        let _ = map.to_source("", 100);
        let _ = map.to_source(&text, 6);
    }

    #[test]
    fn long_runs_get_checkpoints() {
        let text = "مرحبا ".repeat(2000);
        let mut b = MapBuilder::default();
        b.push_str(&text, 0, Unit::Byte);
        let map = b.finish();
        assert!(
            map.runs() >= text.len() / (2 * CHECKPOINT),
            "{}",
            map.runs()
        );
        let mut cur = map.cursor(&text);
        for (k, (t, _)) in text.char_indices().enumerate().step_by(97) {
            assert_eq!(map.to_source(&text, t), k);
            assert_eq!(cur.src_at(t), k);
        }
    }
}
