//! Bytes to text, keeping the way back: every decoded text offset maps to a
//! byte offset in the file as stored (decompressed, for gzip files).
//!
//! - Valid UTF-8 is used as is (the map is the identity).
//! - Invalid UTF-8 is decoded lossily, each bad sequence becoming U+FFFD, and
//!   reported by the caller.
//! - Text that is mostly not UTF-8 is handed to chardetng; a single-byte
//!   legacy encoding such as Windows-1256 is decoded with encoding_rs.
//! - `--encoding` forces an encoding for every file.
//! - JSON string literals are unescaped with the same kind of map.

use encoding_rs::Encoding;

/// Maps offsets in a decoded text to offsets in its source, piecewise: between
/// two anchors, text and source advance together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// `(text offset, source offset)`, sorted; empty means identity.
    anchors: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The identity map.
    #[must_use]
    pub fn identity() -> Self {
        Self::default()
    }

    /// Whether this map is the identity.
    #[must_use]
    pub fn is_identity(&self) -> bool {
        self.anchors.is_empty()
    }

    fn push(&mut self, text: usize, src: usize) {
        if self.anchors.last().is_some_and(|&(t, _)| t == text) {
            self.anchors.pop();
        }
        self.anchors.push((text, src));
    }

    /// The source offset of text offset `t` (a character boundary).
    #[must_use]
    pub fn to_source(&self, t: usize) -> usize {
        let i = self.anchors.partition_point(|&(at, _)| at <= t);
        if i == 0 {
            return t;
        }
        let (at, src) = self.anchors[i - 1];
        src + (t - at)
    }
}

/// A decoded text and how it was obtained.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Text offsets to source offsets.
    pub map: OffsetMap,
    /// The encoding used (`"utf-8"`, `"windows-1256"`…).
    pub encoding: &'static str,
    /// How many invalid byte sequences became U+FFFD.
    pub replaced: usize,
    /// Whether the encoding was detected rather than UTF-8 or forced.
    pub detected: bool,
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
    if enc == encoding_rs::UTF_8 || enc.is_single_byte() {
        Ok(enc)
    } else {
        Err(format!(
            "encoding '{label}' is not supported: use UTF-8 or a single-byte encoding such as windows-1256"
        ))
    }
}

/// Decodes `bytes`, with `forced` overriding detection.
#[must_use]
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    decode_owned(bytes.to_vec(), forced)
}

/// [`decode`], reusing the buffer when it holds valid UTF-8.
#[must_use]
pub fn decode_owned(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Decoded {
    match forced {
        Some(enc) if enc != encoding_rs::UTF_8 => return decode_single_byte(&bytes, enc, false),
        Some(_) => return decode_utf8_lossy(&bytes),
        None => {}
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return Decoded {
                text,
                map: OffsetMap::identity(),
                encoding: "utf-8",
                replaced: 0,
                detected: false,
            };
        }
        Err(e) => e.into_bytes(),
    };
    let bytes = bytes.as_slice();
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
            return decode_single_byte(bytes, guess, true);
        }
    }
    decode_utf8_lossy(bytes)
}

fn decode_utf8_lossy(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut map = OffsetMap::identity();
    let mut src = 0;
    let mut replaced = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        src += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            map.push(text.len(), src);
            text.push('\u{FFFD}');
            src += chunk.invalid().len();
            map.push(text.len(), src);
            replaced += 1;
        }
    }
    Decoded {
        text,
        map,
        encoding: "utf-8",
        replaced,
        detected: false,
    }
}

fn decode_single_byte(bytes: &[u8], enc: &'static Encoding, detected: bool) -> Decoded {
    let (cow, _) = enc.decode_without_bom_handling(bytes);
    let mut map = OffsetMap::identity();
    let mut replaced = 0;
    // One character per byte: anchor wherever the two stop advancing together.
    for (src, (t, c)) in cow.char_indices().enumerate() {
        if c.len_utf8() != 1 {
            map.push(t, src);
            map.push(t + c.len_utf8(), src + 1);
        }
        if c == '\u{FFFD}' {
            replaced += 1;
        }
    }
    Decoded {
        text: cow.into_owned(),
        map,
        encoding: enc.name(),
        replaced,
        detected,
    }
}

/// Unescapes a JSON string literal (quotes included) found at `offset` in its
/// source; returns the string and its map to source offsets, or `None` when
/// the literal is malformed.
#[must_use]
pub fn json_string(raw: &str, offset: usize) -> Option<(String, OffsetMap)> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let base = offset + 1;
    let mut out = String::with_capacity(inner.len());
    let mut map = OffsetMap::identity();
    map.push(0, base);
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(rel) = inner[i..].find('\\') else {
            out.push_str(&inner[i..]);
            break;
        };
        out.push_str(&inner[i..i + rel]);
        i += rel;
        let (c, len) = match *bytes.get(i + 1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => {
                let hi = u32::from_str_radix(inner.get(i + 2..i + 6)?, 16).ok()?;
                if (0xD800..0xDC00).contains(&hi)
                    && inner.get(i + 6..i + 8) == Some("\\u")
                    && let Some(lo) = inner
                        .get(i + 8..i + 12)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .filter(|lo| (0xDC00..0xE000).contains(lo))
                {
                    let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?;
                    (c, 12)
                } else {
                    (char::from_u32(hi).unwrap_or('\u{FFFD}'), 6)
                }
            }
            _ => return None,
        };
        map.push(out.len(), base + i);
        out.push(c);
        i += len;
        map.push(out.len(), base + i);
    }
    Some((out, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_identity() {
        let d = decode("سلام".as_bytes(), None);
        assert_eq!(d.text, "سلام");
        assert!(d.map.is_identity());
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
        assert_eq!(&b[d.map.to_source(at)..], "عليكم".as_bytes());
    }

    #[test]
    fn windows_1256_is_detected_and_mapped() {
        let text = "قالت الصحيفة البريطانية إن زعيم التنظيم نجا من محاولة انقلاب نفذها مقاتلون أجانب في سوريا";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, "windows-1256");
        assert!(d.detected);
        assert_eq!(d.text, text);
        let at = d.text.find("نجا").expect("word");
        let src = d.map.to_source(at);
        let end = d.map.to_source(at + "نجا".len());
        assert_eq!(end - src, 3, "three single-byte letters");
        let forced = decode(&bytes, Some(encoding_for_label("cp1256").expect("label")));
        assert_eq!(forced.text, text);
    }

    #[test]
    fn json_strings_keep_offsets() {
        let line = r#"{"text": "a\"b\u0628\n\ud83d\ude00c"}"#;
        let start = line.find("\"a").expect("literal");
        let raw = &line[start..line.len() - 1];
        let (s, map) = json_string(raw, start).expect("valid");
        assert_eq!(s, "a\"b\u{0628}\n\u{1F600}c");
        let b = s.find('b').expect("b");
        assert_eq!(&line[map.to_source(b)..map.to_source(b + 1)], "b");
        let beh = s.find('\u{0628}').expect("beh");
        assert_eq!(&line[map.to_source(beh)..map.to_source(beh + 2)], "\\u0628");
        let c = s.find('c').expect("c");
        assert_eq!(&line[map.to_source(c)..map.to_source(c + 1)], "c");
        assert!(json_string("\"bad\\", 0).is_none());
    }

    #[test]
    fn unsupported_labels_are_errors() {
        assert!(encoding_for_label("nope").is_err());
        assert!(encoding_for_label("shift_jis").is_err());
        assert!(encoding_for_label("windows-1256").is_ok());
    }
}
