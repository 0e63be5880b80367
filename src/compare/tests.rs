use super::*;

const A: &str = "نجا زعيم تنظيم الدولة من محاولة انقلاب نفذها مقاتلون أجانب في سوريا.
وعرض التنظيم مكافأة لمن يقتل قائد المحاولة الجزائري.
وقُتل شخصان في الاشتباك مع الحراس الشخصيين.";

fn strip_marks(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{0652}'))
        .collect()
}

#[test]
fn a_text_against_itself_without_tashkeel_is_identical() {
    let voweled = "نَجَا زَعِيمُ التَّنظِيمِ مِن مُحَاوَلَةِ انقِلابٍ. وَعَرَضَ التَّنظِيمُ مُكَافَأَةً لِمَن يَقتُلُ القَائِدَ.";
    let c = compare(voweled, &strip_marks(voweled), &Options::default(), None);
    assert_eq!(c.groups.len(), 2);
    assert!(
        c.groups
            .iter()
            .all(|g| g.kind == Kind::Identical && !g.moved)
    );
    assert!(
        c.groups
            .iter()
            .all(|g| g.ops.iter().all(|o| o.tag == Tag::Equal))
    );
    assert!((c.scores.resemblance - 1.0).abs() < 1e-6);
    assert!(c.scores.near_duplicate);
    assert!((c.scores.similarity - 1.0).abs() < 1e-6);
    assert_eq!(c.rows(), [(Some(0), Some(0)), (Some(1), Some(1))]);
}

#[test]
fn hamza_teh_marbuta_tatweel_and_clitics_are_no_difference() {
    let a = "وأعلنت الحكومة المصرية خطة جديدة للمدرسة";
    let b = "واعلنت الحكومه المصريـــة خطه جديدة والمدرسة";
    let c = compare(a, b, &Options::default(), None);
    assert_eq!(c.groups.len(), 1);
    assert_eq!(c.groups[0].kind, Kind::Identical);
    assert!(c.left.differing.is_empty() && c.right.differing.is_empty());
    // A real change is one replaced word, pointing at its bytes.
    let c = compare(
        a,
        "وأعلنت الحكومة المصرية خطة قديمة للمدرسة",
        &Options::default(),
        None,
    );
    assert_eq!(c.groups[0].kind, Kind::Paraphrase);
    let at = |t: &str, r: &Range<usize>| t[r.clone()].to_owned();
    assert_eq!(at(a, &c.left.differing[0]), "جديدة");
    let changed: Vec<&WordOp> = c.groups[0]
        .ops
        .iter()
        .filter(|o| o.tag != Tag::Equal)
        .collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].tag, Tag::Replace);
    assert_eq!(at(a, &changed[0].left), "جديدة");
}

#[test]
fn swapped_sentences_make_one_moved_group() {
    let s: Vec<&str> = A.lines().collect();
    let b = format!("{}\n{}\n{}", s[0], s[2], s[1]);
    let c = compare(A, &b, &Options::default(), None);
    assert_eq!(c.groups.len(), 3);
    assert_eq!(c.groups.iter().filter(|g| g.moved).count(), 1);
    let counts = c.counts();
    assert_eq!(
        (
            counts.shared,
            counts.moved,
            counts.left_only,
            counts.right_only
        ),
        (4, 2, 0, 0)
    );
    // Links follow meaning, not position.
    for g in &c.groups {
        let (i, j) = (g.left[0], g.right[0]);
        assert_eq!(s[i], &b[c.right.sentences[j].range.clone()]);
    }
}

#[test]
fn merged_sentences_form_one_partial_group() {
    let s: Vec<&str> = A.lines().collect();
    // Right merges left 1 and 2 into one sentence, with a word changed.
    let merged = format!(
        "{}\n{}، {}",
        s[0],
        s[1].trim_end_matches('.'),
        s[2].trim_start_matches('و').replace("الاشتباك", "المواجهة")
    );
    let c = compare(A, &merged, &Options::default(), None);
    let g = c
        .groups
        .iter()
        .find(|g| g.right == [1])
        .expect("a group for the merge");
    assert_eq!(g.left, [1, 2]);
    assert_eq!(g.kind, Kind::Partial);
}

#[test]
fn unrelated_texts_link_nothing_and_unique_sentences_stand_alone() {
    let other = "ارتفعت أسعار القمح في الأسواق العالمية بعد موجة الجفاف.
وتوقع خبراء الزراعة تراجع المحصول هذا العام.";
    let c = compare(A, other, &Options::default(), None);
    assert!(c.groups.is_empty(), "{:?}", c.groups);
    assert_eq!(c.scores.similarity, 0.0);
    assert_eq!(
        c.rows(),
        [
            (Some(0), None),
            (Some(1), None),
            (Some(2), None),
            (None, Some(0)),
            (None, Some(1))
        ]
    );
    // Added residue stays unlinked; the rest still links.
    let c = compare(
        A,
        &format!("Array\n{A}\nترك الرد\n{other}"),
        &Options::default(),
        None,
    );
    let counts = c.counts();
    assert_eq!(
        (
            counts.shared,
            counts.moved,
            counts.left_only,
            counts.right_only
        ),
        (6, 0, 0, 4)
    );
    assert!(c.scores.coverage_left > 0.99 && c.scores.coverage_right < 0.7);
}

#[test]
fn similarity_is_symmetric_bounded_and_one_on_itself() {
    let o = Options::default();
    let b = "تعرض زعيم داعش لمحاولة انقلاب نفذها أجانب";
    let (pa, pb, empty) = (
        Profile::of(A, 0..A.len()),
        Profile::of(b, 0..b.len()),
        Profile::default(),
    );
    let idf = PairIdf::new([&pa, &pb]);
    let keys = std::cell::RefCell::new(text::Keys::default());
    let v = |p: &Profile| Vector::of(p, &idf, &idf, &mut keys.borrow_mut());
    let sim = |x: &Profile, y: &Profile| combined(&o, x, y, &v(x), &v(y));
    assert!((sim(&pa, &pa) - 1.0).abs() < 1e-5);
    assert!((sim(&pa, &pb) - sim(&pb, &pa)).abs() < 1e-6);
    assert!(sim(&pa, &pb) > 0.0 && sim(&pa, &pb) < 1.0);
    assert_eq!(sim(&empty, &pb), 0.0);
}

#[test]
fn rows_show_every_sentence_once_in_order_on_each_side() {
    let s: Vec<&str> = A.lines().collect();
    let b = format!(
        "جملة لا علاقة لها بالموضوع أبدا.\n{}\n{}\n{}",
        s[2], s[0], s[1]
    );
    let c = compare(A, &b, &Options::default(), None);
    let rows = c.rows();
    let left: Vec<usize> = rows.iter().filter_map(|r| r.0).collect();
    let right: Vec<usize> = rows.iter().filter_map(|r| r.1).collect();
    assert_eq!(left, [0, 1, 2]);
    assert_eq!(right, [0, 1, 2, 3]);
    assert!(rows.iter().all(|r| r.0.is_some() || r.1.is_some()));
}

#[test]
fn empty_and_odd_inputs_do_not_panic() {
    let o = Options::default();
    for (a, b) in [
        ("", ""),
        ("", A),
        (A, ""),
        ("...", "؟؟"),
        ("\n\n\n", "x"),
        ("١٢٣ 456", "123 ٤٥٦"),
    ] {
        let c = compare(a, b, &o, None);
        let rows = c.rows();
        assert_eq!(
            rows.iter().filter(|r| r.0.is_some()).count(),
            c.left.sentences.len()
        );
        assert_eq!(
            rows.iter().filter(|r| r.1.is_some()).count(),
            c.right.sentences.len()
        );
    }
    // Digits in either script are the same number.
    let c = compare("١٢٣ 456", "123 ٤٥٦", &o, None);
    assert_eq!(c.groups.len(), 1);
    assert_eq!(c.groups[0].kind, Kind::Identical);
}

#[test]
fn texts_shorter_than_a_shingle_are_near_duplicates_of_themselves() {
    let c = compare("وصل الوفد", "وَصَلَ الوفد", &Options::default(), None);
    assert!(c.scores.near_duplicate);
    let c = compare("وصل الوفد", "غادر الوفد", &Options::default(), None);
    assert!(!c.scores.near_duplicate);
}

#[test]
fn past_the_pair_limit_sentences_are_compared_near_their_place_only() {
    // 40 distinct sentences against themselves, the last one moved to the
    // top: with every pair scored it is found (moved); with a band of a
    // few sentences it is too far and shows as unmatched on both sides.
    let letters: Vec<char> = "بتثجحخدذرزسشصضطظعغفق".chars().collect();
    let word = |k: usize| -> String {
        [
            'م',
            letters[k % 20],
            letters[(k / 20) % 20],
            letters[(k / 400) % 20],
        ]
        .iter()
        .collect()
    };
    let s: Vec<String> = (0..40)
        .map(|i| {
            let words: Vec<String> = (0..5).map(|w| word((i * 5 + w) * 1_237 + 11)).collect();
            words.join(" ") + "."
        })
        .collect();
    let a = s.join("\n");
    let mut moved = s.clone();
    let last = moved.pop().expect("last");
    moved.insert(0, last);
    let b = moved.join("\n");
    let full = compare(&a, &b, &Options::default(), None);
    assert!(full.cut.is_none());
    assert_eq!(full.counts().left_only + full.counts().right_only, 0);
    let opts = Options {
        max_pairs: 400,
        ..Options::default()
    };
    let cut = compare(&a, &b, &opts, None);
    let c = cut.cut.expect("cut off");
    assert_eq!((c.pairs, c.band), (1600, 4));
    assert!(c.scored <= 400, "{c:?}");
    assert!(c.to_string().contains("within 4 of its place"), "{c}");
    assert_eq!((cut.counts().left_only, cut.counts().right_only), (1, 1));
    // Every sentence is still shown once, in order, on each side.
    let rows = cut.rows();
    let left: Vec<usize> = rows.iter().filter_map(|r| r.0).collect();
    let right: Vec<usize> = rows.iter().filter_map(|r| r.1).collect();
    assert_eq!(left, (0..40).collect::<Vec<_>>());
    assert_eq!(right, (0..40).collect::<Vec<_>>());
}
