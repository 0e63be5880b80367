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
    let rtl = cp.wrapping_sub(RTL_FIRST);
    if rtl < RTL_LEN {
        return RTL[rtl as usize];
    }
    if cp.wrapping_sub(0xFE70) <= 0xFEFE - 0xFE70 {
        // Arabic Presentation Forms-B but the BOM: what shaping writes.
        return BidiClass::AL;
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

const RTL_FIRST: u32 = 0x590;
const RTL_LEN: u32 = 0x700 - RTL_FIRST;

/// The classes of Hebrew and Arabic (U+0590–U+06FF), where nearly every
/// lookup in a right-to-left text lands: one load from a static table, no
/// block to fill first (runs of unicode-bidi's table, checked by a test).
static RTL: [BidiClass; RTL_LEN as usize] = {
    use BidiClass::{AL, AN, CS, EN, ET, NSM, ON, R};
    const RUNS: &[(u32, u32, BidiClass)] = &[
        (0x0590, 0x0590, R),
        (0x0591, 0x05BD, NSM),
        (0x05BE, 0x05BE, R),
        (0x05BF, 0x05BF, NSM),
        (0x05C0, 0x05C0, R),
        (0x05C1, 0x05C2, NSM),
        (0x05C3, 0x05C3, R),
        (0x05C4, 0x05C5, NSM),
        (0x05C6, 0x05C6, R),
        (0x05C7, 0x05C7, NSM),
        (0x05C8, 0x05FF, R),
        (0x0600, 0x0605, AN),
        (0x0606, 0x0607, ON),
        (0x0608, 0x0608, AL),
        (0x0609, 0x060A, ET),
        (0x060B, 0x060B, AL),
        (0x060C, 0x060C, CS),
        (0x060D, 0x060D, AL),
        (0x060E, 0x060F, ON),
        (0x0610, 0x061A, NSM),
        (0x061B, 0x064A, AL),
        (0x064B, 0x065F, NSM),
        (0x0660, 0x0669, AN),
        (0x066A, 0x066A, ET),
        (0x066B, 0x066C, AN),
        (0x066D, 0x066F, AL),
        (0x0670, 0x0670, NSM),
        (0x0671, 0x06D5, AL),
        (0x06D6, 0x06DC, NSM),
        (0x06DD, 0x06DD, AN),
        (0x06DE, 0x06DE, ON),
        (0x06DF, 0x06E4, NSM),
        (0x06E5, 0x06E6, AL),
        (0x06E7, 0x06E8, NSM),
        (0x06E9, 0x06E9, ON),
        (0x06EA, 0x06ED, NSM),
        (0x06EE, 0x06EF, AL),
        (0x06F0, 0x06F9, EN),
        (0x06FA, 0x06FF, AL),
    ];
    let mut t = [BidiClass::ON; RTL_LEN as usize];
    let mut r = 0;
    while r < RUNS.len() {
        let (first, last, class) = RUNS[r];
        let mut cp = first;
        while cp <= last {
            t[(cp - RTL_FIRST) as usize] = class;
            cp += 1;
        }
        r += 1;
    }
    t
};

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
