//! The reference strings T1–T46 of docs/layout.md §13, and the other rules
//! of docs/layout.md that concern one paragraph (§2–§11).

use super::*;

/// How the table states the paragraph direction.
#[derive(Clone, Copy)]
enum Para {
    /// Detected from the first strong character.
    Auto,
    /// Forced (rule HL1).
    Force(Dir),
}

fn opts(para: Para, width: usize) -> LayoutOptions {
    LayoutOptions {
        width,
        force: match para {
            Para::Auto => None,
            Para::Force(d) => Some(d),
        },
        ..LayoutOptions::default()
    }
}

fn hex(s: &str) -> String {
    s.chars()
        .map(|c| format!("{:04X}", c as u32))
        .collect::<Vec<_>>()
        .join(" ")
}

fn visual_hex(input: &str, para: Para) -> String {
    let rows = raw_visual_rows(input, &opts(para, 10_000));
    assert_eq!(rows.len(), 1, "one row expected for {input:?}");
    hex(&rows[0])
}

const AUTO: Para = Para::Auto;
const RTL: Para = Para::Force(Dir::Rtl);
const LTR: Para = Para::Force(Dir::Ltr);

/// (name, direction, logical input, expected visual hex)
const TABLE: &[(&str, Para, &str, &str)] = &[
    (
        "T1",
        AUTO,
        "السلام عليكم",
        "0645 0643 064A 0644 0639 0020 0645 0627 0644 0633 0644 0627",
    ),
    (
        "T2",
        AUTO,
        "قالت وكالة Reuters إن الاجتماع انتهى.",
        "002E 0649 0647 062A 0646 0627 0020 0639 0627 0645 062A 062C 0627 0644 0627 0020 0646 0625 0020 0052 0065 0075 0074 0065 0072 0073 0020 0629 0644 0627 0643 0648 0020 062A 0644 0627 0642",
    ),
    (
        "T3",
        AUTO,
        "بلغ عدد السكان 4,500,000 نسمة عام 2024.",
        "002E 0032 0030 0032 0034 0020 0645 0627 0639 0020 0629 0645 0633 0646 0020 0034 002C 0035 0030 0030 002C 0030 0030 0030 0020 0646 0627 0643 0633 0644 0627 0020 062F 062F 0639 0020 063A 0644 0628",
    ),
    (
        "T4",
        AUTO,
        "دعت الأمم المتحدة (UN) إلى وقف إطلاق النار.",
        "002E 0631 0627 0646 0644 0627 0020 0642 0627 0644 0637 0625 0020 0641 0642 0648 0020 0649 0644 0625 0020 0028 0055 004E 0029 0020 0629 062F 062D 062A 0645 0644 0627 0020 0645 0645 0623 0644 0627 0020 062A 0639 062F",
    ),
    (
        "T5",
        AUTO,
        "قال (الرئيس) إن [الحكومة] ستجتمع.",
        "002E 0639 0645 062A 062C 062A 0633 0020 005B 0629 0645 0648 0643 062D 0644 0627 005D 0020 0646 0625 0020 0028 0633 064A 0626 0631 0644 0627 0029 0020 0644 0627 0642",
    ),
    (
        "T6",
        AUTO,
        "قال «نعم» ثم غادر.",
        "002E 0631 062F 0627 063A 0020 0645 062B 0020 00AB 0645 0639 0646 00BB 0020 0644 0627 0642",
    ),
    (
        "T7",
        AUTO,
        "في عام ٢٠٢٤ ارتفع المؤشر.",
        "002E 0631 0634 0624 0645 0644 0627 0020 0639 0641 062A 0631 0627 0020 0662 0660 0662 0664 0020 0645 0627 0639 0020 064A 0641",
    ),
    (
        "T8",
        AUTO,
        "ارتفع السعر بنسبة 5% إلى $100 أمس.",
        "002E 0633 0645 0623 0020 0031 0030 0030 0024 0020 0649 0644 0625 0020 0025 0035 0020 0629 0628 0633 0646 0628 0020 0631 0639 0633 0644 0627 0020 0639 0641 062A 0631 0627",
    ),
    (
        "T9",
        AUTO,
        "صدر القرار في 12/05/2024 رسميا.",
        "002E 0627 064A 0645 0633 0631 0020 0031 0032 002F 0030 0035 002F 0032 0030 0032 0034 0020 064A 0641 0020 0631 0627 0631 0642 0644 0627 0020 0631 062F 0635",
    ),
    (
        "T10",
        AUTO,
        "انخفضت الحرارة إلى -5 درجات.",
        "002E 062A 0627 062C 0631 062F 0020 0035 002D 0020 0649 0644 0625 0020 0629 0631 0627 0631 062D 0644 0627 0020 062A 0636 0641 062E 0646 0627",
    ),
    (
        "T11",
        AUTO,
        "استحوذت Apple, Inc. على الشركة.",
        "002E 0629 0643 0631 0634 0644 0627 0020 0649 0644 0639 0020 002E 0041 0070 0070 006C 0065 002C 0020 0049 006E 0063 0020 062A 0630 0648 062D 062A 0633 0627",
    ),
    (
        "T12",
        AUTO,
        "The word مرحبا means hello.",
        "0054 0068 0065 0020 0077 006F 0072 0064 0020 0627 0628 062D 0631 0645 0020 006D 0065 0061 006E 0073 0020 0068 0065 006C 006C 006F 002E",
    ),
    (
        "T13",
        AUTO,
        "هل تتكلم English?",
        "003F 0045 006E 0067 006C 0069 0073 0068 0020 0645 0644 0643 062A 062A 0020 0644 0647",
    ),
    (
        "T14",
        AUTO,
        "زوروا https://example.com/ar للمزيد",
        "062F 064A 0632 0645 0644 0644 0020 0068 0074 0074 0070 0073 003A 002F 002F 0065 0078 0061 006D 0070 006C 0065 002E 0063 006F 006D 002F 0061 0072 0020 0627 0648 0631 0648 0632",
    ),
    (
        "T15",
        AUTO,
        "العَرَبِيَّة لغةٌ جميلة",
        "0629 0644 064A 0645 062C 0020 0629 064C 063A 0644 0020 0629 064A 064E 0651 0628 0650 0631 064E 0639 064E 0644 0627",
    ),
    (
        "T15b",
        LTR,
        "\u{05E9}\u{05B8}\u{05C1}\u{05DC}\u{05D5}\u{05B9}\u{05DD}",
        "05DD 05D5 05B9 05DC 05E9 05B8 05C1",
    ),
    (
        "T16",
        AUTO,
        "A\u{05E9}\u{05B8}\u{05C1}\u{05DC}\u{05D5}\u{05B9}\u{05DD}12\u{FF1C}\u{05D0}",
        "0041 05D0 FF1E 0031 0032 05DD 05D5 05B9 05DC 05E9 05B8 05C1",
    ),
    (
        "T17",
        AUTO,
        "ملف report-v2.pdf (حجمه 3 MB) جاهز",
        "0632 0647 0627 062C 0020 0028 004D 0042 0020 0033 0020 0647 0645 062C 062D 0029 0020 0072 0065 0070 006F 0072 0074 002D 0076 0032 002E 0070 0064 0066 0020 0641 0644 0645",
    ),
    (
        "T18",
        LTR,
        "قال \"Hello, world!\" ثم ضحك",
        "0644 0627 0642 0020 0022 0048 0065 006C 006C 006F 002C 0020 0077 006F 0072 006C 0064 0021 0022 0020 0643 062D 0636 0020 0645 062B",
    ),
    (
        "T19",
        RTL,
        "Hello (world) 123",
        "0048 0065 006C 006C 006F 0020 0028 0077 006F 0072 006C 0064 0029 0020 0031 0032 0033",
    ),
    (
        "T20",
        AUTO,
        "\u{2068}Paris\u{2069} هي عاصمة فرنسا",
        "0627 0633 0646 0631 0641 0020 0629 0645 0635 0627 0639 0020 064A 0647 0020 2069 0050 0061 0072 0069 0073 2068",
    ),
    (
        "T23",
        AUTO,
        "اتصل على 011 123 4567 الآن",
        "0646 0622 0644 0627 0020 0034 0035 0036 0037 0020 0031 0032 0033 0020 0030 0031 0031 0020 0649 0644 0639 0020 0644 0635 062A 0627",
    ),
    (
        "T26",
        AUTO,
        "النسبة ١٢٫٥٪ فقط",
        "0637 0642 0641 0020 066A 0661 0662 066B 0665 0020 0629 0628 0633 0646 0644 0627",
    ),
    (
        "T27",
        AUTO,
        "سعره 1,250.50 دولار",
        "0631 0627 0644 0648 062F 0020 0031 002C 0032 0035 0030 002E 0035 0030 0020 0647 0631 0639 0633",
    ),
    (
        "T28",
        AUTO,
        "الإصدار v2.1 متاح",
        "062D 0627 062A 0645 0020 0076 0032 002E 0031 0020 0631 0627 062F 0635 0625 0644 0627",
    ),
    (
        "T29",
        AUTO,
        "قال: «الوضع (مستقر) الآن».",
        "002E 00AB 0646 0622 0644 0627 0020 0028 0631 0642 062A 0633 0645 0029 0020 0639 0636 0648 0644 0627 00BB 0020 003A 0644 0627 0642",
    ),
    (
        "T30",
        AUTO,
        "قال “نعم” ثم غادر",
        "0631 062F 0627 063A 0020 0645 062B 0020 201D 0645 0639 0646 201C 0020 0644 0627 0642",
    ),
    (
        "T31",
        AUTO,
        "ISBN 978-3-16 رقم",
        "0049 0053 0042 004E 0020 0039 0037 0038 002D 0033 002D 0031 0036 0020 0645 0642 0631",
    ),
    (
        "T32",
        LTR,
        "Price: 100 ريال (approx.)",
        "0050 0072 0069 0063 0065 003A 0020 0031 0030 0030 0020 0644 0627 064A 0631 0020 0028 0061 0070 0070 0072 006F 0078 002E 0029",
    ),
    (
        "T34",
        LTR,
        "car means רכב.",
        "0063 0061 0072 0020 006D 0065 0061 006E 0073 0020 05D1 05DB 05E8 002E",
    ),
    (
        "T35",
        RTL,
        "car means רכב.",
        "002E 05D1 05DB 05E8 0020 0063 0061 0072 0020 006D 0065 0061 006E 0073",
    ),
    (
        "T37",
        RTL,
        "אב(גד[&ef]!)gh",
        "0067 0068 0028 0021 005B 0065 0066 0026 005D 05D3 05D2 0029 05D1 05D0",
    ),
    (
        "T38",
        LTR,
        "אב(גד[&ef]!)gh",
        "05D1 05D0 0028 05D3 05D2 005B 0026 0065 0066 005D 0021 0029 0067 0068",
    ),
    (
        "T40",
        AUTO,
        "مرحبا\tعالم  ",
        "0020 0020 0645 0644 0627 0639 0009 0627 0628 062D 0631 0645",
    ),
    (
        "T41",
        AUTO,
        "abc\tאבג  ",
        "0061 0062 0063 0009 05D2 05D1 05D0 0020 0020",
    ),
    (
        "T42",
        RTL,
        "abc\tdef  ",
        "0020 0020 0064 0065 0066 0009 0061 0062 0063",
    ),
    (
        "T46",
        AUTO,
        "\u{06A9}\u{062A}\u{0627}\u{0628}\u{200C}\u{0647}\u{0627}",
        "0627 0647 200C 0628 0627 062A 06A9",
    ),
    (
        // Hafez: marks written after a ZWNJ stay with the letter before it
        // (one grapheme cluster); GNU FriBidi 1.0.8 `--reordernsm --vtol`
        // gives this order.
        "T47",
        AUTO,
        "آن تلخ وش که صوفی اُم\u{200C}ُّالخبائث خواند",
        "062F 0646 0627 0648 062E 0020 062B 0626 0627 0628 062E 0644 0627 0645 200C 064F 0651 0627 064F 0020 06CC 0641 0648 0635 0020 0647 06A9 0020 0634 0648 0020 062E 0644 062A 0020 0646 0622",
    ),
];

/// (name, input, a run the visual string must contain)
const PARTIAL: &[(&str, &str, &str)] = &[
    (
        "T22",
        "خلال الفترة 2024-2025 ارتفعت الأسعار",
        "0032 0030 0032 0035 002D 0032 0030 0032 0034",
    ),
    ("T24", "الساعة 10:30 صباحا", "0031 0030 003A 0033 0030"),
    (
        "T25",
        "بين عامي 1990–2000 تقريبا",
        "0032 0030 0030 0030 2013 0031 0039 0039 0030",
    ),
];

#[test]
fn reference_table_t1_to_t47() {
    let mut failures = Vec::new();
    for &(name, para, input, expected) in TABLE {
        let got = visual_hex(input, para);
        if got != expected {
            failures.push(format!("{name}:\n  expected {expected}\n  got      {got}"));
        }
    }
    for &(name, input, run) in PARTIAL {
        let got = visual_hex(input, AUTO);
        if !got.contains(run) {
            failures.push(format!("{name}: {got} lacks {run}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn t21_wraps_then_reorders_each_line() {
    let input =
        "أعلنت وزارة الصحة اليوم عن تسجيل 1,234 إصابة جديدة في مدينة New York وفقا لتقرير رسمي.";
    let rows = raw_visual_rows(input, &opts(AUTO, 22));
    let expected = [
        "0020 0629 062D 0635 0644 0627 0020 0629 0631 0627 0632 0648 0020 062A 0646 0644 0639 0623",
        "0020 0031 002C 0032 0033 0034 0020 0644 064A 062C 0633 062A 0020 0646 0639 0020 0645 0648 064A 0644 0627",
        "0020 0629 0646 064A 062F 0645 0020 064A 0641 0020 0629 062F 064A 062F 062C 0020 0629 0628 0627 0635 0625",
        "0020 0631 064A 0631 0642 062A 0644 0020 0627 0642 0641 0648 0020 004E 0065 0077 0020 0059 006F 0072 006B",
        "002E 064A 0645 0633 0631",
    ];
    let got: Vec<String> = rows.iter().map(|r| hex(r)).collect();
    assert_eq!(got, expected);
    // Drawn: every row is RTL (row 4 included) and right-aligned to 22.
    let drawn = layout_paragraph(input, 0, &[], &opts(AUTO, 22));
    for row in &drawn {
        assert!(row.rtl);
        assert_eq!(row.indent + row.width, 22, "row {:?}", row.text);
    }
}

#[test]
fn t20_isolates_are_stripped_when_drawn() {
    let rows = layout_paragraph(
        "\u{2068}Paris\u{2069} هي عاصمة فرنسا",
        0,
        &[],
        &opts(AUTO, 80),
    );
    assert_eq!(
        hex(&rows[0].text),
        "0627 0633 0646 0631 0641 0020 0629 0645 0635 0627 0639 0020 064A 0647 0020 0050 0061 0072 0069 0073"
    );
}

#[test]
fn t43_deep_isolates_do_not_panic() {
    let mut s = String::new();
    for i in 0..140 {
        s.push(if i % 2 == 0 { '\u{2067}' } else { '\u{2066}' });
    }
    s.push('9');
    for dir in [None, Some(Dir::Ltr), Some(Dir::Rtl)] {
        let o = LayoutOptions {
            force: dir,
            ..LayoutOptions::default()
        };
        let rows = layout_paragraph(&s, 0, &[], &o);
        let all: String = rows.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(all, "9");
    }
    // Deep embeddings too, and unpaired terminators, and a leading mark.
    let emb: String = "\u{202B}\u{202A}".repeat(70) + "x\u{202C}\u{2069}";
    let _ = layout_paragraph(&emb, 0, &[], &LayoutOptions::default());
    let rows = layout_paragraph("\u{0650}باب", 0, &[], &LayoutOptions::default());
    assert!(rows[0].text.contains('\u{25CC}'));
}

#[test]
fn t44_widths_are_per_cluster() {
    let o = LayoutOptions {
        order: Order::Logical,
        ..LayoutOptions::default()
    };
    let rows = layout_paragraph("سلامX", 0, &[], &o);
    let row = &rows[0];
    assert_eq!(row.width, 5);
    let cells: Vec<(usize, &str)> = row.positioned().map(|(x, c)| (x, row.symbol(c))).collect();
    assert_eq!(cells.len(), 5);
    assert_eq!(cells[4].1, "X");
    assert_eq!(cells[4].0 - row.indent, 4);
    // Right-aligned in 8 columns, "سلام" starts at x = 4.
    let rows = layout_paragraph("سلام", 0, &[], &opts(AUTO, 8));
    assert_eq!(rows[0].indent, 4);
    assert_eq!(rows[0].width, 4);
}

fn shaped(input: &str, lam_alef: LamAlef) -> Row {
    let o = LayoutOptions {
        shape: true,
        lam_alef,
        ..LayoutOptions::default()
    };
    layout_paragraph(input, 0, &[], &o).remove(0)
}

#[test]
fn t45_shaping_in_logical_order() {
    let two = shaped("سلام عليكم", LamAlef::TwoCell);
    assert_eq!(
        hex(&two.text),
        "FEE2 FEDC FEF4 FEE0 FECB 0020 FEE1 FE8E FEE0 FEB3"
    );
    let lig = shaped("سلام عليكم", LamAlef::Ligature);
    assert_eq!(
        hex(&lig.text),
        "FEE2 FEDC FEF4 FEE0 FECB 0020 FEE1 FEFC FEB3"
    );
    assert!(!lig.text.contains('\u{FEFF}'));
    // "السلام": 6 cells with two-cell, 5 with the ligature.
    assert_eq!(shaped("السلام", LamAlef::TwoCell).width, 6);
    assert_eq!(shaped("السلام", LamAlef::Ligature).width, 5);
    // Harakat are kept, after their letter, and no word ligature (U+FDF2).
    let voweled = shaped("العَرَبِيَّة", LamAlef::TwoCell);
    assert!(voweled.text.contains('\u{064E}') && voweled.text.contains('\u{0651}'));
    assert!(!shaped("الله", LamAlef::Ligature).text.contains('\u{FDF2}'));
}

#[test]
fn shaping_ignores_style_boundaries() {
    // A highlight on part of a word does not change the letters' forms.
    let o = LayoutOptions {
        shape: true,
        ..LayoutOptions::default()
    };
    let plain = layout_paragraph("مدرسة", 0, &[], &o).remove(0);
    let styled = layout_paragraph(
        "مدرسة",
        0,
        &[MarkSpan {
            range: 2..6,
            marks: Marks::HIT,
        }],
        &o,
    )
    .remove(0);
    assert_eq!(plain.text, styled.text);
    assert!(styled.cells.iter().any(|c| c.marks == Marks::HIT));
    assert!(styled.cells.iter().any(|c| c.marks.is_empty()));
}

#[test]
fn ligature_cell_maps_to_both_letters() {
    let row = shaped("سلام", LamAlef::Ligature);
    let lig = row
        .cells
        .iter()
        .find(|c| row.symbol(c) == "\u{FEFC}")
        .expect("ligature cell");
    assert_eq!(&"سلام"[lig.src.clone()], "لا");
}

#[test]
fn highlight_covers_exactly_the_matched_cells() {
    let text = "قالت وكالة Reuters إن الاجتماع انتهى.";
    let at = text.find("Reuters").expect("present");
    let rows = layout_paragraph(
        text,
        100,
        &[MarkSpan {
            range: 100 + at..100 + at + 7,
            marks: Marks::DIFFER,
        }],
        &LayoutOptions::default(),
    );
    let lit: Vec<&str> = rows[0]
        .cells
        .iter()
        .filter(|c| c.marks == Marks::DIFFER)
        .map(|c| rows[0].symbol(c))
        .collect();
    assert_eq!(lit.concat(), "Reuters");
    // Copying the cells' source ranges back gives the logical text.
    let mut srcs: Vec<_> = rows[0].cells.iter().map(|c| c.src.clone()).collect();
    srcs.sort_by_key(|r| r.start);
    let copied: String = srcs
        .iter()
        .map(|r| &text[r.start - 100..r.end - 100])
        .collect();
    assert_eq!(copied, text);
}

#[test]
fn marks_stay_on_their_base() {
    let rows = layout_paragraph("بَيت", 0, &[], &LayoutOptions::default());
    let row = &rows[0];
    let syms: Vec<&str> = row.cells.iter().map(|c| row.symbol(c)).collect();
    assert_eq!(syms, ["\u{062A}", "\u{064A}", "\u{0628}\u{064E}"]);
}

#[test]
fn controls_become_visible_placeholders() {
    let text = "a\u{1b}[2Jb\u{7}c\u{9b}d\u{7f}\u{0}\u{1b}]52;c;QQ==\u{7}";
    let rows = layout_paragraph(text, 0, &[], &LayoutOptions::default());
    for row in &rows {
        assert!(!row.text.chars().any(char::is_control), "{:?}", row.text);
    }
    assert!(rows[0].text.contains('\u{241B}'));
    assert!(rows[0].text.contains('\u{2407}'));
    assert!(rows[0].text.contains('\u{FFFD}'));
}

#[test]
fn paragraph_without_strong_character_takes_the_fallback() {
    let rtl = layout_paragraph("2024", 0, &[], &opts(AUTO, 10));
    assert!(rtl[0].rtl);
    assert_eq!(rtl[0].indent, 6);
    let ltr = layout_paragraph(
        "2024",
        0,
        &[],
        &LayoutOptions {
            fallback: Dir::Ltr,
            width: 10,
            ..LayoutOptions::default()
        },
    );
    assert_eq!(ltr[0].indent, 0);
}

#[test]
fn tabs_expand_from_the_start_edge() {
    let rows = layout_paragraph("ab\tc", 0, &[], &opts(LTR, 20));
    assert_eq!(rows[0].text, "ab      c");
    // RTL: stops measured from the right edge.
    let rows = layout_paragraph("אב\tג", 0, &[], &opts(AUTO, 20));
    assert_eq!(rows[0].text, "ג      בא");
    assert_eq!(rows[0].indent + rows[0].width, 20);
}

#[test]
fn long_word_breaks_at_unit_boundaries() {
    let rows = layout_paragraph("مرحبابكمجميعا", 0, &[], &opts(AUTO, 5));
    assert!(rows.len() >= 3);
    for r in &rows {
        assert!(r.width <= 5);
    }
}

#[test]
fn paragraphs_split_on_all_separators() {
    let parts: Vec<(usize, &str)> = paragraphs("a\nb\r\nc\rd\u{2029}e\u{85}f\n").collect();
    assert_eq!(
        parts,
        [(0, "a"), (2, "b"), (5, "c"), (7, "d"), (11, "e"), (14, "f")]
    );
    let blank: Vec<&str> = paragraphs("a\n\nb").map(|p| p.1).collect();
    assert_eq!(blank, ["a", "", "b"]);
    assert_eq!(paragraphs("").count(), 0);
}

#[test]
fn reveal_marks_invisible_characters() {
    let o = LayoutOptions {
        reveal: true,
        ..LayoutOptions::default()
    };
    let rows = layout_paragraph("کتاب\u{200C}ها\u{00A0}\u{200F}x\u{0640}", 0, &[], &o);
    let t = &rows[0].text;
    for m in ['¦', '␣', '↼', '⁓'] {
        assert!(t.contains(m), "{m} missing from {t:?}");
    }
}

#[test]
fn zero_width_joiners_stay_with_their_row() {
    let text = "ااااااااا\u{200c}";
    let rows = layout_paragraph(text, 0, &[], &opts(AUTO, 3));
    let ends: Vec<usize> = rows.iter().map(|r| r.src.end).collect();
    assert_eq!(ends.last(), Some(&text.len()), "{ends:?}");
    for r in &rows[..rows.len() - 1] {
        assert!(text.is_char_boundary(r.src.end));
        assert_ne!(r.src.end, 18, "{ends:?}");
    }
}

mod uniform {
    use super::super::{Dir, uniform_level};
    use crate::bidi::reorder::conformance;
    use proptest::prelude::*;

    const CHARS: &str = "ابتثجحخ אבג abcXYZ 019٣ ()[]«».,:;!?،؛؟-+/%$# \t\u{064E}\u{0651}\u{200C}\u{200D}\u{00A0}\u{0640}\u{05B8}";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        /// The fast path agrees with the full algorithm whenever it applies.
        #[test]
        fn uniform_fast_path_matches_full_analysis(
            v in prop::collection::vec(prop::sample::select(CHARS.chars().collect::<Vec<_>>()), 0..40),
            rtl in any::<bool>(),
        ) {
            let text: String = v.into_iter().collect();
            let dir = if rtl { Dir::Rtl } else { Dir::Ltr };
            if let Some(level) = uniform_level(&text, dir) {
                let full = conformance(&text, Some(dir));
                for l in full.levels.into_iter().flatten() {
                    prop_assert_eq!(l, level, "{:?}", text);
                }
            }
        }
    }
}

mod splitting {
    use super::super::paragraphs;
    use proptest::prelude::*;

    /// The splitter as the rule says it, one character at a time.
    fn reference(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2029}') {
                out.push((start, &text[start..i]));
                start = i + c.len_utf8();
                if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                    chars.next();
                    start += 1;
                }
            }
        }
        if start < text.len() {
            out.push((start, &text[start..]));
        }
        out
    }

    const CHARS: &str = "ab \n\r\u{85}\u{2029}\u{2028}\u{A0}—…“”é";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        /// The byte search splits exactly where the rule says.
        #[test]
        fn paragraphs_match_the_reference_splitter(
            v in prop::collection::vec(prop::sample::select(CHARS.chars().collect::<Vec<_>>()), 0..30),
        ) {
            let text: String = v.into_iter().collect();
            let got: Vec<(usize, &str)> = paragraphs(&text).collect();
            prop_assert_eq!(got, reference(&text), "{:?}", text);
        }
    }
}

mod text_rows {
    use super::super::{
        Dir, LamAlef, LayoutOptions, Order, Wire, layout_paragraph, layout_paragraph_text,
    };
    use proptest::prelude::*;

    const CHARS: &str = "ابتلأإآ אב ab 09٣ ()«» .,:-+%\t \u{064E}\u{200C}\u{200D}\u{202B}\u{202C}\u{2067}\u{2069}\u{00A0}\u{0001}";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Rows without cells are the full rows with their cells dropped.
        #[test]
        fn text_rows_are_the_rows_without_cells(
            v in prop::collection::vec(prop::sample::select(CHARS.chars().collect::<Vec<_>>()), 0..60),
            width in 2usize..30,
            shape in any::<bool>(),
            force in prop::sample::select(vec![None, Some(Dir::Ltr), Some(Dir::Rtl)]),
            logical in any::<bool>(),
            wire in prop::sample::select(vec![Wire::Visual, Wire::Fenced, Wire::Runs, Wire::Chunks]),
            base in 0usize..5,
        ) {
            let text: String = v.into_iter().collect();
            let opts = LayoutOptions {
                width,
                shape,
                force,
                order: if logical { Order::Logical } else { Order::Visual },
                wire,
                lam_alef: LamAlef::Ligature,
                ..LayoutOptions::default()
            };
            let full: Vec<_> = layout_paragraph(&text, base, &[], &opts)
                .into_iter()
                .map(|mut r| {
                    r.cells.clear();
                    r
                })
                .collect();
            prop_assert_eq!(layout_paragraph_text(&text, base, &opts), full, "{:?}", text);
        }
    }
}
