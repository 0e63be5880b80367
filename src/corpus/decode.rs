//! Bytes to text, keeping the way back: every decoded text offset maps to a
//! byte offset in the file as stored (decompressed, for compressed files).
//!
//! - Valid UTF-8 is used as is (the map is the identity).
//! - Invalid UTF-8 is decoded lossily, each bad sequence becoming U+FFFD, and
//!   reported by the caller.
//! - Text that is mostly not UTF-8 is handed to chardetng; a single-byte
//!   legacy encoding such as Windows-1256 is decoded with encoding_rs. A
//!   UTF-8 byte order mark settles it: UTF-8 (lossily if need be).
//! - UTF-16 with a byte order mark (what Windows editors save as
//!   "Unicode") is decoded with encoding_rs; offsets count its two-byte
//!   units.
//! - `--encoding` forces an encoding for every file.
//! - JSON string literals are unescaped with their map composed with the
//!   line's, straight to the file's bytes.
//!
//! The encoding is chosen once for a whole file (`detect`); a JSON Lines
//! file is then decoded line by line (`decode_part`).

use std::borrow::Cow;
use std::ops::Range;

use encoding_rs::Encoding;

pub use super::offsets::OffsetMap;
use super::offsets::{MapBuilder, Unit};

/// A decoded text and how it was obtained.
#[derive(Clone, Debug)]
pub(crate) struct Decoded {
    /// The text.
    pub text: String,
    /// Text offsets to source offsets.
    pub map: OffsetMap,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// How many invalid byte sequences became U+FFFD.
    pub replaced: usize,
}

/// The encoding of a whole file, found before decoding it piece by piece.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Detected {
    /// The encoding to decode with (UTF-8, lossily if need be, or a
    /// single-byte encoding).
    pub encoding: &'static Encoding,
    /// How many invalid byte sequences become U+FFFD.
    pub replaced: usize,
    /// Whether the encoding was detected rather than UTF-8 or forced.
    pub detected: bool,
}

/// The name qari gives an encoding: `utf-8`, or encoding_rs's name
/// (`windows-1256`…).
#[must_use]
pub fn name(enc: &'static Encoding) -> &'static str {
    if enc == encoding_rs::UTF_8 {
        "utf-8"
    } else if enc == encoding_rs::UTF_16LE {
        "utf-16le"
    } else if enc == encoding_rs::UTF_16BE {
        "utf-16be"
    } else {
        enc.name()
    }
}

/// Whether `enc` is UTF-16 (either byte order).
#[must_use]
pub(crate) fn is_utf16(enc: &'static Encoding) -> bool {
    enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE
}

/// The UTF-16 encoding a byte order mark at the start of `bytes` names.
fn utf16_of_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if !super::read::utf16_bom(bytes) {
        return None;
    }
    Some(if bytes[0] == 0xFF {
        encoding_rs::UTF_16LE
    } else {
        encoding_rs::UTF_16BE
    })
}

/// The byte order mark `enc` would start a file with, if `bytes` starts
/// with it (and `at_start`: only a file's first bytes can be one).
fn bom_len(bytes: &[u8], enc: &'static Encoding, at_start: bool) -> usize {
    let bom: &[u8] = if enc == encoding_rs::UTF_16LE {
        &[0xFF, 0xFE]
    } else if enc == encoding_rs::UTF_16BE {
        &[0xFE, 0xFF]
    } else {
        &[0xEF, 0xBB, 0xBF]
    };
    if at_start && bytes.starts_with(bom) {
        bom.len()
    } else {
        0
    }
}

/// Decodes UTF-16 `bytes` (found at `base` in the file; a byte order mark
/// is skipped at the file's start) with its map and the number of
/// replaced units (unpaired surrogates, an odd last byte).
fn decode_utf16(bytes: &[u8], enc: &'static Encoding, base: usize) -> (String, OffsetMap, usize) {
    let skip = bom_len(bytes, enc, base == 0);
    let body = &bytes[skip..];
    let even = body.len() & !1;
    let (text, errors) = enc.decode_without_bom_handling(&body[..even]);
    let mut text = text.into_owned();
    let mut replaced = if errors {
        text.matches('\u{FFFD}').count()
    } else {
        0
    };
    let mut map = MapBuilder::default();
    map.push_str(&text, base + skip, Unit::Utf16);
    if even < body.len() {
        map.push_char('\u{FFFD}', base + skip + even, 1);
        text.push('\u{FFFD}');
        replaced += 1;
    }
    (text, map.finish(), replaced)
}

/// Looks up an encoding label (`utf-8`, `windows-1256`, `cp1256`, `iso-8859-6`…).
///
/// # Errors
/// An unknown label, or an encoding qari cannot map back to bytes (only
/// UTF-8 and single-byte encodings are supported).
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, String> {
    let normalized = label.trim().to_ascii_lowercase();
    let normalized = match normalized.as_str() {
        "cp1256" | "win1256" | "arabic" => "windows-1256".to_owned(),
        "cp1255" | "win1255" => "windows-1255".to_owned(),
        _ => normalized,
    };
    let enc = Encoding::for_label(normalized.as_bytes())
        .ok_or_else(|| format!("unknown encoding '{label}'"))?;
    if enc == encoding_rs::UTF_8 || enc.is_single_byte() || is_utf16(enc) {
        Ok(enc)
    } else {
        Err(format!(
            "encoding '{label}' is not supported: use UTF-8, UTF-16 or a single-byte encoding such as windows-1256"
        ))
    }
}

/// Invalid sequences of `bytes` as UTF-8.
fn invalid_utf8(bytes: &[u8]) -> usize {
    bytes
        .utf8_chunks()
        .filter(|c| !c.invalid().is_empty())
        .count()
}

/// Code units of UTF-16 `bytes` that decode to U+FFFD: unpaired
/// surrogates, and an odd last byte.
fn unpaired_utf16(bytes: &[u8], enc: &'static Encoding) -> usize {
    let le = enc == encoding_rs::UTF_16LE;
    let units = bytes.chunks_exact(2).map(|u| {
        let (a, b) = (u16::from(u[0]), u16::from(u[1]));
        if le { a | (b << 8) } else { (a << 8) | b }
    });
    let mut bad = bytes.len() % 2;
    let mut pending_high = false;
    for u in units {
        let high = (0xD800..0xDC00).contains(&u);
        let low = (0xDC00..0xE000).contains(&u);
        if pending_high && !low {
            bad += 1;
        }
        if low && !pending_high {
            bad += 1;
        }
        pending_high = high;
    }
    bad + usize::from(pending_high)
}

/// Bytes of `bytes` that `enc` (single-byte) has no character for.
fn unmapped(bytes: &[u8], enc: &'static Encoding) -> usize {
    let mut table = [false; 128];
    for (i, slot) in table.iter_mut().enumerate() {
        let b = [0x80 + i as u8];
        *slot = enc.decode_without_bom_handling(&b).0 == "\u{FFFD}";
    }
    if !table.contains(&true) {
        return 0;
    }
    bytes
        .iter()
        .filter(|&&b| b >= 0x80 && table[usize::from(b - 0x80)])
        .count()
}

/// Chooses the encoding of `bytes`, with `forced` overriding detection.
#[must_use]
fn detect(bytes: &[u8], forced: Option<&'static Encoding>) -> Detected {
    let single = |encoding: &'static Encoding, detected| Detected {
        encoding,
        replaced: unmapped(bytes, encoding),
        detected,
    };
    let utf8 = |replaced| Detected {
        encoding: encoding_rs::UTF_8,
        replaced,
        detected: false,
    };
    let utf16 = |encoding: &'static Encoding, detected| Detected {
        encoding,
        replaced: unpaired_utf16(bytes, encoding),
        detected,
    };
    match forced {
        Some(enc) if is_utf16(enc) => return utf16(enc, false),
        Some(enc) if enc != encoding_rs::UTF_8 => return single(enc, false),
        Some(_) => return utf8(invalid_utf8(bytes)),
        None => {}
    }
    if std::str::from_utf8(bytes).is_ok() {
        return utf8(0);
    }
    if let Some(enc) = utf16_of_bom(bytes) {
        return utf16(enc, true);
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        // The file says it is UTF-8: a few bad bytes do not make it legacy.
        return utf8(invalid_utf8(bytes));
    }
    // Mostly UTF-8 with a few bad bytes, or a legacy encoding?
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if good <= bad {
        let mut det = chardetng::EncodingDetector::new();
        det.feed(bytes, true);
        let guess = det.guess(None, false);
        if guess.is_single_byte() {
            return single(guess, true);
        }
    }
    utf8(bad)
}

/// Decodes `bytes` (found at `base` in the file) with `enc` (UTF-8, lossily,
/// or single-byte), borrowing valid UTF-8.
#[must_use]
pub(crate) fn decode_part<'a>(
    bytes: &'a [u8],
    enc: &'static Encoding,
    base: usize,
) -> (Cow<'a, str>, OffsetMap) {
    if is_utf16(enc) {
        let (text, map, _) = decode_utf16(bytes, enc, base);
        return (Cow::Owned(text), map);
    }
    if enc != encoding_rs::UTF_8 {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        let mut map = MapBuilder::default();
        map.push_str(&text, base, Unit::Byte);
        return (text, map.finish());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(text), OffsetMap::shifted(base));
    }
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut map = MapBuilder::default();
    let mut src = base;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        src += map.push_str(chunk.valid(), src, Unit::Same);
        if !chunk.invalid().is_empty() {
            text.push('\u{FFFD}');
            map.push_char('\u{FFFD}', src, chunk.invalid().len());
            src += chunk.invalid().len();
        }
    }
    (Cow::Owned(text), map.finish())
}

/// The lines of `bytes`, each with its `\n` (the last one may have none).
pub(crate) fn lines(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', bytes);
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let end = ends.next().map_or(bytes.len(), |i| i + 1);
        let line = start..end;
        start = end;
        Some(line)
    })
}

/// A line without its line end (`\n`, `\r\n`, stray `\r`s).
pub(crate) fn trim_line_end(raw: &[u8]) -> &[u8] {
    let mut end = raw.len();
    while end > 0 && matches!(raw[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &raw[..end]
}

/// One line of a file, decoded on its own.
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of the line in the file as stored.
    pub at: usize,
    /// Its text, line end removed.
    pub text: Cow<'a, str>,
    /// Text offsets to the file's bytes.
    pub map: OffsetMap,
}

/// A whole file's bytes with their encoding chosen.
#[derive(Clone, Debug)]
pub(crate) enum Content {
    /// Valid UTF-8 (checked once, used as is).
    Utf8(String),
    /// Anything else: to decode with this encoding.
    Bytes(Vec<u8>, Detected),
}

impl Content {
    /// Chooses the encoding of a file's `bytes`, with `forced` overriding
    /// detection; valid UTF-8 keeps its buffer.
    #[must_use]
    pub fn new(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Self {
        if forced.is_none_or(|e| e == encoding_rs::UTF_8) {
            match String::from_utf8(bytes) {
                Ok(text) => Self::Utf8(text),
                Err(e) => {
                    let bytes = e.into_bytes();
                    let d = detect(&bytes, forced);
                    Self::Bytes(bytes, d)
                }
            }
        } else {
            let d = detect(&bytes, forced);
            Self::Bytes(bytes, d)
        }
    }

    /// The encoding chosen.
    #[must_use]
    pub fn detected(&self) -> Detected {
        match self {
            Self::Utf8(_) => Detected {
                encoding: encoding_rs::UTF_8,
                replaced: 0,
                detected: false,
            },
            Self::Bytes(_, d) => *d,
        }
    }

    /// The bytes as stored.
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Utf8(t) => t.as_bytes(),
            Self::Bytes(b, _) => b,
        }
    }

    /// Hands each line that is not blank to `each`, decoded on its own
    /// (line ends are ASCII: in every single-byte encoding and in UTF-8
    /// they end a character). UTF-16 is decoded whole first, its lines
    /// found in the text. A UTF-8 byte order mark is no part of the first
    /// line, whatever the encoding.
    pub fn for_each_line(&self, each: &mut dyn FnMut(Line<'_>)) {
        if let Self::Bytes(bytes, d) = self
            && is_utf16(d.encoding)
        {
            let (text, _, _) = decode_utf16(bytes, d.encoding, 0);
            let mut src = bom_len(bytes, d.encoding, true);
            for (n, line) in text.split_inclusive('\n').enumerate() {
                let at = src;
                src += line.encode_utf16().count() * 2;
                let trimmed = line.trim_end_matches(['\n', '\r']);
                if trimmed.trim().is_empty() {
                    continue;
                }
                let mut map = MapBuilder::default();
                map.push_str(trimmed, at, Unit::Utf16);
                each(Line {
                    number: n + 1,
                    at,
                    text: Cow::Borrowed(trimmed),
                    map: map.finish(),
                });
            }
            return;
        }
        let bytes = self.bytes();
        let legacy =
            !matches!(self, Self::Utf8(_)) && self.detected().encoding != encoding_rs::UTF_8;
        for (n, range) in lines(bytes).enumerate() {
            let mut at = range.start;
            if at == 0 && legacy {
                at = bom_len(bytes, encoding_rs::UTF_8, true);
            }
            let raw = trim_line_end(&bytes[at..range.end]);
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let Some((text, map)) = self.part(at..at + raw.len()) else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            each(Line {
                number: n + 1,
                at,
                text,
                map,
            });
        }
    }

    /// `self.bytes()[range]` (found at `range.start` in the file) decoded.
    #[must_use]
    fn part(&self, range: Range<usize>) -> Option<(Cow<'_, str>, OffsetMap)> {
        let at = range.start;
        match self {
            Self::Utf8(t) => Some((Cow::Borrowed(t.get(range)?), OffsetMap::shifted(at))),
            Self::Bytes(b, d) => Some(decode_part(b.get(range)?, d.encoding, at)),
        }
    }

    /// The whole file decoded.
    #[must_use]
    pub fn decode(self) -> Decoded {
        let d = self.detected();
        let (text, map) = match self {
            Self::Utf8(text) => (text, OffsetMap::identity()),
            Self::Bytes(bytes, d) => {
                let (text, map) = decode_part(&bytes, d.encoding, 0);
                (text.into_owned(), map)
            }
        };
        Decoded {
            text,
            map,
            encoding: d.encoding,
            replaced: d.replaced,
        }
    }
}

/// Decodes a whole file, with `forced` overriding detection; the buffer is
/// reused when it holds valid UTF-8.
#[must_use]
pub(crate) fn decode_owned(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Decoded {
    Content::new(bytes, forced).decode()
}

/// Unescapes the JSON string literal at `literal` (quotes included) in
/// `line`, a decoded line whose map to the file is `line_map`. Returns the
/// string and its map straight to the file, or `None` when the literal is
/// malformed.
#[must_use]
pub(crate) fn json_string(
    line: &str,
    literal: Range<usize>,
    line_map: &OffsetMap,
) -> Option<(String, OffsetMap)> {
    let raw = line.get(literal.clone())?;
    if raw.len() < 2 || !raw.starts_with('"') || !raw.ends_with('"') {
        return None;
    }
    // Byte offsets in `line`: the string's content is `i..end`.
    let end = literal.end - 1;
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(end - literal.start);
    let mut map = MapBuilder::default();
    let mut cur = line_map.cursor(line);
    let mut i = literal.start + 1;
    loop {
        let verbatim = line.get(i..end)?.find('\\').map_or(end, |k| i + k);
        cur.copy(i, verbatim, &mut out, &mut map);
        i = verbatim;
        if i == end {
            break;
        }
        let (c, len) = match *bytes.get(i + 1).filter(|_| i + 1 < end)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => {
                let hex = |from: usize| {
                    line.get(from..from + 4)
                        .filter(|_| from + 4 <= end)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                };
                let hi = hex(i + 2)?;
                if (0xD800..0xDC00).contains(&hi)
                    && line.get(i + 6..i + 8) == Some("\\u")
                    && let Some(lo) = hex(i + 8).filter(|lo| (0xDC00..0xE000).contains(lo))
                {
                    let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?;
                    (c, 12)
                } else {
                    (char::from_u32(hi).unwrap_or('\u{FFFD}'), 6)
                }
            }
            _ => return None,
        };
        let src = cur.src_at(i);
        let src_end = cur.src_at(i + len);
        map.push_char(c, src, src_end - src);
        out.push(c);
        i += len;
    }
    if out.is_empty() {
        // No character to carry the place: the empty string is where its
        // literal is.
        return Some((out, OffsetMap::shifted(cur.src_at(literal.start + 1))));
    }
    Some((out, map.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
        decode_owned(bytes.to_vec(), forced)
    }

    #[test]
    fn utf8_is_identity() {
        let d = decode("سلام".as_bytes(), None);
        assert_eq!(d.text, "سلام");
        assert_eq!(d.map, OffsetMap::identity());
        assert_eq!(d.replaced, 0);
    }

    #[test]
    fn invalid_utf8_is_replaced_and_mapped() {
        let mut b = "سلام ".as_bytes().to_vec();
        b.extend([0xFF, 0xFE]);
        b.extend(" عليكم".as_bytes());
        let d = decode(&b, None);
        assert_eq!(
            d.replaced, 2,
            "each invalid byte is one U+FFFD, as in String::from_utf8_lossy"
        );
        assert!(d.text.contains('\u{FFFD}'));
        let at = d.text.find("عليكم").expect("kept");
        assert_eq!(&b[d.map.to_source(&d.text, at)..], "عليكم".as_bytes());
        let bad = d.text.find('\u{FFFD}').expect("replacement");
        assert_eq!(d.map.to_source(&d.text, bad), "سلام ".len());
        assert_eq!(d.map.to_source(&d.text, bad + 3), "سلام ".len() + 1);
    }

    #[test]
    fn windows_1256_is_detected_and_mapped() {
        let text = "قالت الصحيفة البريطانية إن زعيم التنظيم نجا من محاولة انقلاب نفذها مقاتلون أجانب في سوريا";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1256);
        assert!(Content::new(bytes.to_vec(), None).detected().detected);
        assert_eq!(d.text, text);
        let at = d.text.find("نجا").expect("word");
        let src = d.map.to_source(&d.text, at);
        let end = d.map.to_source(&d.text, at + "نجا".len());
        assert_eq!(end - src, 3, "three single-byte letters");
        assert_eq!(src, text[..at].chars().count());
        let forced = decode(&bytes, Some(encoding_for_label("cp1256").expect("label")));
        assert_eq!(forced.text, text);
    }

    #[test]
    fn every_offset_of_a_long_legacy_text_maps_to_its_byte() {
        // Longer than a run: lookups cross checkpoints.
        let text = "مرحبا بالعالم، hello 123 ".repeat(600);
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&text);
        let d = decode(&bytes, Some(encoding_rs::WINDOWS_1256));
        assert!(d.map.runs() > 1 && d.map.runs() < text.len() / 1000);
        for (k, (t, _)) in d.text.char_indices().enumerate() {
            assert_eq!(d.map.to_source(&d.text, t), k);
        }
        assert_eq!(d.map.to_source(&d.text, d.text.len()), bytes.len());
    }

    #[test]
    fn json_strings_keep_offsets() {
        let line = r#"{"text": "a\"b\u0628\n\ud83d\ude00c"}"#;
        let start = line.find("\"a").expect("literal");
        let (s, map) =
            json_string(line, start..line.len() - 1, &OffsetMap::identity()).expect("valid");
        assert_eq!(s, "a\"b\u{0628}\n\u{1F600}c");
        let src = |t: usize| map.to_source(&s, t);
        let b = s.find('b').expect("b");
        assert_eq!(&line[src(b)..src(b + 1)], "b");
        let beh = s.find('\u{0628}').expect("beh");
        assert_eq!(&line[src(beh)..src(beh + 2)], "\\u0628");
        let emoji = s.find('\u{1F600}').expect("emoji");
        assert_eq!(&line[src(emoji)..src(emoji + 4)], "\\ud83d\\ude00");
        let c = s.find('c').expect("c");
        assert_eq!(&line[src(c)..src(c + 1)], "c");
        for bad in ["\"bad\\\"", "\"open", "\"", "\"\\u12\"", "\"\\x\""] {
            assert!(
                json_string(bad, 0..bad.len(), &OffsetMap::identity()).is_none(),
                "{bad}"
            );
        }
        let (empty, map) = json_string("ab\"\"", 2..4, &OffsetMap::shifted(10)).expect("empty");
        assert_eq!((empty.as_str(), map.to_source("", 0)), ("", 13));
    }

    #[test]
    fn ensure_ascii_strings_are_a_few_runs() {
        // Every Arabic letter a \uXXXX escape, as Python's json.dumps
        // writes by default.
        let text = "قالت الصحيفة إن الوفد وصل إلى القاهرة. ".repeat(50);
        let escaped: String = text
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    format!("\\u{:04x}", c as u32)
                }
            })
            .collect();
        let line = format!("{{\"text\":\"{escaped}\"}}");
        let at = line.find("\"\\u").expect("literal");
        let (s, map) =
            json_string(&line, at..line.len() - 1, &OffsetMap::shifted(100)).expect("valid");
        assert_eq!(s, text);
        assert!(
            map.runs() <= 1 + escaped.len() / crate::corpus::offsets::CHECKPOINT,
            "{}",
            map.runs()
        );
        for (t, c) in s.char_indices() {
            let a = map.to_source(&s, t) - 100;
            let b = map.to_source(&s, t + c.len_utf8()) - 100;
            let expected = if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\u{:04x}", c as u32)
            };
            assert_eq!(&line[a..b], expected);
        }
    }

    #[test]
    fn json_strings_in_legacy_lines_map_to_single_bytes() {
        let line = "{\"text\":\"خبر \\\"عاجل\\\" هنا\"}";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(line);
        let (decoded, line_map) = decode_part(&bytes, encoding_rs::WINDOWS_1256, 7);
        let at = decoded.find(":\"").expect("literal") + 1;
        let (s, map) = json_string(&decoded, at..decoded.len() - 1, &line_map).expect("valid");
        assert_eq!(s, "خبر \"عاجل\" هنا");
        let w = s.find("عاجل").expect("word");
        let a = map.to_source(&s, w) - 7;
        let b = map.to_source(&s, w + "عاجل".len()) - 7;
        assert_eq!(encoding_rs::WINDOWS_1256.decode(&bytes[a..b]).0, "عاجل");
        let q = s.find('"').expect("quote");
        let a = map.to_source(&s, q) - 7;
        assert_eq!(&bytes[a..a + 2], b"\\\"");
    }

    #[test]
    fn unsupported_labels_are_errors() {
        assert!(encoding_for_label("nope").is_err());
        assert!(encoding_for_label("shift_jis").is_err());
        assert!(encoding_for_label("windows-1256").is_ok());
    }
}
