//! Property tests of the layout engine: random strings mixing Arabic,
//! Hebrew, Latin, digits, brackets, marks, bidi controls and control
//! characters never panic; every input character that is drawn appears in
//! exactly one cell; no row is wider than the width; no row holds ESC, a
//! control character or a bidi format character.

use proptest::prelude::*;
use qari::bidi::{self, Dir, LamAlef, LayoutOptions, Order, Row};
use unicode_segmentation::GraphemeCursor;

/// Characters the generator draws from, grouped so that each kind is common.
const POOL: &[&str] = &[
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءآأإؤئ",
    "אבגדהוזחטיכלמנסעפצקרשת",
    "abcdefghijklmnopqrstuvwxyzABCXYZ",
    "0123456789٠١٢٣٤٥٦٧٨٩۱۲",
    "()[]{}<>«»“”‹›＜＞",
    "\u{064B}\u{064C}\u{064E}\u{064F}\u{0650}\u{0651}\u{0652}\u{0670}\u{05B8}\u{05C1}\u{0301}\u{FE0F}",
    "\u{200E}\u{200F}\u{061C}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{FEFF}\u{00AD}\u{200B}",
    "\u{200C}\u{200D}\u{0640}",
    "\u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}\u{1c}\u{1f}\u{7f}\u{80}\u{85}\u{9b}\u{9f}",
    "\t     \u{A0}\u{2028}",
    ".,:;!?،؛؟-+/%$#&*_=",
    "中文字😀👍",
];

fn pool_chars() -> Vec<char> {
    POOL.iter().flat_map(|g| g.chars()).collect()
}

fn text_strategy() -> impl Strategy<Value = String> {
    let chars = pool_chars();
    prop::collection::vec(prop::sample::select(chars), 0..120)
        .prop_map(|v| v.into_iter().collect::<String>())
}

fn options() -> impl Strategy<Value = LayoutOptions> {
    (
        2usize..60,
        prop::option::of(prop_oneof![Just(Dir::Ltr), Just(Dir::Rtl)]),
        any::<bool>(),
        prop_oneof![Just(LamAlef::Ligature), Just(LamAlef::TwoCell)],
        prop_oneof![Just(Order::Visual), Just(Order::Logical)],
        any::<bool>(),
    )
        .prop_map(
            |(width, force, shape, lam_alef, order, reveal)| LayoutOptions {
                width,
                force,
                shape,
                lam_alef,
                order,
                reveal,
                ..LayoutOptions::default()
            },
        )
}

fn is_bidi_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Characters the engine never draws: bidi formats, other invisible format
/// characters, the line separator.
fn never_drawn(c: char) -> bool {
    is_bidi_format(c) || matches!(c, '\u{00AD}' | '\u{200B}' | '\u{2028}')
}

fn check(text: &str, opts: &LayoutOptions) -> Result<(), TestCaseError> {
    let rows: Vec<Row> = bidi::layout_paragraph(text, 0, &[], opts);
    prop_assert!(!rows.is_empty());
    let width = opts.width.max(2);
    let mut covered: Vec<Option<(usize, usize)>> = vec![None; text.len()];
    let mut next_row_start = 0;
    for (r, row) in rows.iter().enumerate() {
        prop_assert!(
            row.indent + row.width <= width,
            "row {r} is {} + {} wide",
            row.indent,
            row.width
        );
        prop_assert_eq!(
            row.width,
            row.cells
                .iter()
                .map(|c| usize::from(c.width))
                .sum::<usize>()
        );
        for c in row.text.chars() {
            prop_assert!(!c.is_control(), "control {:?} in row {}", c, r);
            if !opts.reveal {
                prop_assert!(!is_bidi_format(c), "bidi format {:?} in row {}", c, r);
            }
        }
        // Rows cover the paragraph in order, without gaps or overlaps.
        prop_assert_eq!(row.src.start, next_row_start);
        next_row_start = row.src.end;
        // (In reveal mode a ZWJ/ZWNJ marker is a cell of its own and may
        // start the next row, apart from the letter the joiner follows.)
        if r + 1 < rows.len() && !opts.reveal {
            let boundary = GraphemeCursor::new(row.src.end, text.len(), true)
                .is_boundary(text, 0)
                .unwrap_or(false);
            prop_assert!(
                boundary,
                "row {} ends inside a grapheme at {}",
                r,
                row.src.end
            );
        }
        // Cells: disjoint source ranges (a tab's spaces share one).
        let mut last: Option<std::ops::Range<usize>> = None;
        for cell in &row.cells {
            if last.as_ref() == Some(&cell.src) {
                continue;
            }
            last = Some(cell.src.clone());
            for b in cell.src.clone() {
                let owner = (r, cell.src.start);
                match covered[b] {
                    None => covered[b] = Some(owner),
                    Some(o) if o == owner && opts.reveal => {} // marker + character
                    Some(o) => prop_assert!(o == owner, "byte {} drawn twice", b),
                }
            }
        }
    }
    prop_assert_eq!(next_row_start, text.len());
    // Every character is drawn once, unless it is never drawn or is
    // whitespace hanging past the end of a row, with any invisible character
    // after it (a joiner, a mark on that joiner, a format character).
    let invisible = |c: char| {
        c.is_whitespace()
            || never_drawn(c)
            || matches!(c, '\u{200C}' | '\u{200D}')
            || unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::NSM
    };
    for (i, c) in text.char_indices() {
        if covered[i].is_some() || never_drawn(c) {
            continue;
        }
        let row = rows.iter().find(|row| row.src.contains(&i));
        let hanging = row.is_some_and(|row| {
            // The row's invisible tail must hold whitespace and reach `i`.
            let line = &text[row.src.clone()];
            let kept = line.trim_end_matches(invisible).len();
            let tail = &line[kept..];
            row.src.start + kept <= i && tail.chars().any(char::is_whitespace)
        });
        prop_assert!(hanging, "U+{:04X} at {} is not drawn", c as u32, i);
    }
    Ok(())
}

proptest! {
    // 3,000 cases by default; PROPTEST_CASES=… runs more.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_mixed_text_lays_out_soundly(text in text_strategy(), opts in options()) {
        check(&text, &opts)?;
    }
}

#[test]
fn deep_nesting_of_every_kind_is_sound() {
    for opener in [
        '\u{2066}', '\u{2067}', '\u{2068}', '\u{202A}', '\u{202B}', '\u{202D}', '\u{202E}',
    ] {
        let text: String = std::iter::repeat_n(opener, 140)
            .chain("9 abc عربي".chars())
            .collect();
        for width in [2, 5, 80] {
            let opts = LayoutOptions {
                width,
                ..LayoutOptions::default()
            };
            check(&text, &opts).expect("sound");
        }
    }
}
