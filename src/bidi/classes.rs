//! Bidi classes with O(1) lookups for the Basic Multilingual Plane.
//!
//! unicode-bidi finds a class by binary search over ~1,400 ranges; the
//! engine asks for the class of every character several times (marks,
//! separators, direction, and unicode-bidi's own analysis). Blocks of 256
//! code points are filled on first use and shared by every thread, and
//! [`Cached`] hands the same table to unicode-bidi as its data source.

use std::sync::OnceLock;

use unicode_bidi::{BidiClass, BidiDataSource};

type Block = [BidiClass; 256];

static BLOCKS: [OnceLock<Box<Block>>; 256] = [const { OnceLock::new() }; 256];

/// The bidi class of `c`. Small enough to be inlined into the loops that
/// ask it for every character; filling a block is kept out of line.
#[inline(always)]
#[must_use]
pub fn class(c: char) -> BidiClass {
    let cp = c as u32;
    if cp < 0x80 {
        return ASCII[cp as usize];
    }
    if cp > 0xFFFF {
        return unicode_bidi::bidi_class(c);
    }
    let block = match BLOCKS[(cp >> 8) as usize].get() {
        Some(block) => block,
        None => fill(cp),
    };
    block[(cp & 0xFF) as usize]
}

/// The block of `cp`, filled on first use.
#[cold]
#[inline(never)]
fn fill(cp: u32) -> &'static Block {
    BLOCKS[(cp >> 8) as usize].get_or_init(|| {
        let base = cp & !0xFF;
        Box::new(std::array::from_fn(|i| {
            char::from_u32(base + i as u32).map_or(BidiClass::L, unicode_bidi::bidi_class)
        }))
    })
}

/// The classes of ASCII, one load away.
static ASCII: [BidiClass; 128] = {
    let mut t = [BidiClass::ON; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = ascii(b as u8);
        b += 1;
    }
    t
};

const fn ascii(b: u8) -> BidiClass {
    use BidiClass::{B, BN, CS, EN, ES, ET, L, ON, S, WS};
    match b {
        b'0'..=b'9' => EN,
        b'a'..=b'z' | b'A'..=b'Z' => L,
        b' ' | 0x0C => WS,
        b'\t' | 0x0B | 0x1F => S,
        b'\n' | b'\r' | 0x1C..=0x1E => B,
        0x00..=0x08 | 0x0E..=0x1B | 0x7F => BN,
        b'+' | b'-' => ES,
        b'#' | b'$' | b'%' => ET,
        b',' | b'.' | b'/' | b':' => CS,
        _ => ON,
    }
}

/// unicode-bidi data source backed by [`class`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Cached;

impl BidiDataSource for Cached {
    #[inline]
    fn bidi_class(&self, c: char) -> BidiClass {
        class(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_unicode_bidi_everywhere() {
        for cp in 0..=0x10FFFF_u32 {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(class(c), unicode_bidi::bidi_class(c), "U+{cp:04X}");
            }
        }
    }
}
