//! The reader's views on ratatui's TestBackend: insta snapshots of the
//! library, reading, help and inspect views at 80×24 and 120×40 on the
//! sample corpus, and buffer assertions for what snapshots do not record
//! (styles, cell contents).

use qari::config::keys::Action;
use qari::config::{BidiMode, Config, ThemeName};
use qari::corpus::Corpus;
use qari::settings::{Overrides, Settings, Terminal as Term};
use qari::tui::jobs::{Done, Kind};
use qari::tui::{App, Event, Screen, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn settings(config: &Config) -> Settings {
    let flags = Overrides {
        bidi: Some(BidiMode::App),
        theme: Some(ThemeName::Dark),
        ..Overrides::default()
    };
    Settings::resolve(config, &flags, Term::pipe())
}

fn app() -> App {
    let mut app = App::new(Corpus::sample(), &settings(&Config::default())).expect("app");
    app.status = None; // no terminal hint in snapshots
    app
}

fn key(app: &mut App, c: char) {
    app.key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    app.resize(w, h);
    t.draw(|f| draw(f, app)).expect("draw");
    t
}

#[test]
fn snapshots_at_two_sizes() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut a = app();
        insta::assert_snapshot!(format!("library_{w}x{h}"), render(&mut a, w, h).backend());
        a.act(Action::Down, 1);
        a.act(Action::Open, 1);
        insta::assert_snapshot!(format!("reading_{w}x{h}"), render(&mut a, w, h).backend());
        key(&mut a, '?');
        insta::assert_snapshot!(format!("help_{w}x{h}"), render(&mut a, w, h).backend());
        key(&mut a, '?');
        key(&mut a, 'i');
        insta::assert_snapshot!(format!("inspect_{w}x{h}"), render(&mut a, w, h).backend());
    }
}

#[test]
fn selected_row_is_styled_and_titles_are_right_aligned() {
    let mut a = app();
    let t = render(&mut a, 80, 24);
    let buf = t.backend().buffer();
    let sel = a.theme.selected;
    // Row 1 is the first document, selected across the whole width.
    assert_eq!(buf[(0, 1)].bg, sel.bg.expect("selection colour"));
    assert_eq!(buf[(79, 1)].bg, sel.bg.expect("selection colour"));
    // RTL titles end at the right edge: the last column holds the title's
    // first letter (ك of كشفت) and the one before it a letter too.
    assert_eq!(buf[(79, 1)].symbol(), "ك");
    // No cell anywhere holds a control character.
    for c in buf.content() {
        assert!(!c.symbol().chars().any(char::is_control));
    }
}

#[test]
fn filter_narrows_the_list_as_you_type() {
    let mut a = app();
    key(&mut a, '/');
    for c in "غارديان".chars() {
        key(&mut a, c);
    }
    assert_eq!(a.library.shown, vec![1]);
    a.key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    a.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(a.reader().map(|r| r.doc), Some(1));
}

#[test]
fn reading_view_scrolls_and_keeps_its_place_on_resize() {
    let mut a = app();
    a.act(Action::Open, 1);
    render(&mut a, 80, 24);
    for _ in 0..7 {
        key(&mut a, 'j');
    }
    let anchor = a.reader_mut().expect("open").anchor();
    assert!(anchor > 0);
    // Narrower: the row holding the anchor stays at the top.
    render(&mut a, 50, 24);
    let r = a.reader_mut().expect("open");
    let (p, row) = r.top;
    let src = r.rows(p)[row].src.clone();
    assert!(
        src.start <= anchor && anchor < src.end.max(src.start + 1),
        "{src:?} vs {anchor}"
    );
    // G then g.
    key(&mut a, 'G');
    let t = render(&mut a, 50, 24);
    let status: String = (0..50)
        .map(|x| t.backend().buffer()[(x, 23)].symbol().to_owned())
        .collect();
    assert!(status.contains("100%"), "{status}");
    key(&mut a, 'g');
    assert_eq!(a.reader().expect("open").top, (0, 0));
    // + and - change the column; = resets it.
    key(&mut a, '-');
    assert_eq!(a.reader().expect("open").column, 76);
    key(&mut a, '=');
    assert_eq!(a.reader().expect("open").column, 80);
    key(&mut a, 'q');
    assert_eq!(a.exit, None);
    key(&mut a, 'q');
    assert_eq!(a.exit, Some(0));
}

#[test]
fn inspect_shows_invisible_characters_as_styled_markers() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("hidden.txt");
    std::fs::write(
        &p,
        "کتاب\u{200C}ها و\u{00A0}\u{200F}نص\u{0640}ممدود \u{2067}abc\u{2069}\n",
    )
    .expect("write");
    let corpus = Corpus::load(&[p], &qari::corpus::LoadOptions::default()).expect("load");
    let mut a = App::new(corpus, &settings(&Config::default())).expect("app");
    a.act(Action::Open, 1);
    let markers = ['¦', '␣', '↼', '⁓', '⇤', '⇣'];
    let t = render(&mut a, 60, 10);
    let plain: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol().to_owned())
        .collect();
    assert!(!plain.contains(markers), "no markers before i: {plain}");
    key(&mut a, 'i');
    let t = render(&mut a, 60, 10);
    let buf = t.backend().buffer();
    for m in markers {
        let cell = buf
            .content()
            .iter()
            .find(|c| c.symbol().starts_with(m))
            .unwrap_or_else(|| panic!("marker {m} missing"));
        assert_eq!(cell.fg, a.theme.marker.fg.expect("marker colour"), "{m}");
    }
}

#[test]
fn remapped_keys_take_effect() {
    let cfg = qari::config::parse_over_defaults("[keys.reading]\ndown = [\"n\"]\n", "t.toml")
        .expect("valid");
    let mut a = App::new(Corpus::sample(), &settings(&cfg)).expect("app");
    a.act(Action::Open, 1);
    render(&mut a, 80, 24);
    key(&mut a, 'j');
    assert_eq!(a.reader().expect("open").top, (0, 0), "j no longer moves");
    key(&mut a, 'n');
    assert_ne!(a.reader().expect("open").top, (0, 0), "n moves down");
}

fn search_app() -> App {
    let mut a = app();
    a.attach_engine(qari::search::Engine::in_memory(&Corpus::sample()).expect("index"));
    a
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        key(a, c);
    }
}

#[test]
fn search_results_follow_the_query_and_highlight_the_matches() {
    let mut a = search_app();
    render(&mut a, 80, 24);
    key(&mut a, '/');
    typed(&mut a, "ال");
    // Only the article: not searched yet, the list stays.
    assert!(a.library.results.is_none());
    typed(&mut a, "رئ");
    let total = a.library.results.as_ref().expect("results").answer.total;
    assert!(total >= 1);
    typed(&mut a, "يسي ");
    let narrower = a.library.results.as_ref().expect("results").answer.total;
    assert!(narrower >= 1 && narrower <= total);
    let t = render(&mut a, 80, 24);
    insta::assert_snapshot!("search_80x24", t.backend());
    let buf = t.backend().buffer();
    // The snippet row of the first result holds highlighted cells, and they
    // spell the matched word (right to left: read the cells backwards).
    let hl = a.theme.highlight;
    let cells: Vec<String> = (0..80)
        .filter(|&x| buf[(x, 2)].bg == hl.bg.expect("highlight colour"))
        .map(|x| buf[(x, 2)].symbol().to_owned())
        .collect();
    let word: String = cells.iter().rev().map(String::as_str).collect();
    assert_eq!(
        qari::arabic::normalize(&word, qari::arabic::Fold::default()),
        "الرييسي"
    );
    // Enter opens the document at its first hit, every hit highlighted.
    a.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let r = a.reader_mut().expect("opened");
    assert!(!r.find.hits.is_empty());
    assert_eq!(r.find.current, Some(0));
}

#[test]
fn find_highlights_exactly_the_matched_bytes() {
    let mut a = search_app();
    render(&mut a, 80, 24);
    a.act(Action::Open, 1);
    key(&mut a, '/');
    typed(&mut a, "الدولة");
    a.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let t = render(&mut a, 80, 24);
    let status: String = (0..80)
        .map(|x| t.backend().buffer()[(x, 23)].symbol().to_owned())
        .collect();
    let r = a.reader_mut().expect("open");
    let n = r.find.hits.len();
    assert!(n >= 2, "{n}");
    assert!(status.contains(&format!("1/{n}")), "{status}");
    // In every paragraph, the highlighted cells' source bytes are exactly
    // the hits, after reordering.
    for p in 0..r.paras.len() {
        let range = r.paras[p].clone();
        let want: Vec<std::ops::Range<usize>> = r
            .find
            .hits
            .iter()
            .filter(|h| h.start < range.end && h.end > range.start)
            .cloned()
            .collect();
        let mut got: Vec<std::ops::Range<usize>> = r
            .rows(p)
            .iter()
            .flat_map(|row| row.cells.iter())
            .filter(|c| c.marks.contains(qari::marks::Marks::HIT))
            .map(|c| c.src.clone())
            .collect();
        got.sort_by_key(|x| x.start);
        let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
        for g in got {
            match merged.last_mut() {
                Some(m) if m.end == g.start => m.end = g.end,
                _ => merged.push(g),
            }
        }
        assert_eq!(merged, want, "paragraph {p}");
    }
    for h in &r.find.hits {
        let word = &r.text.text[h.clone()];
        assert_eq!(
            qari::arabic::normalize(word, qari::arabic::Fold::default()),
            "الدوله",
            "{word}"
        );
    }
    // n and N move through them, wrapping.
    key(&mut a, 'n');
    assert_eq!(a.reader().expect("open").find.current, Some(1));
    key(&mut a, 'N');
    key(&mut a, 'N');
    assert_eq!(a.reader().expect("open").find.current, Some(n - 1));
}

#[test]
fn related_documents_are_listed_in_the_library() {
    let mut a = search_app();
    render(&mut a, 80, 24);
    a.act(Action::Open, 1);
    key(&mut a, 'r');
    let r = a.library.results.as_ref().expect("related");
    assert!(r.like.is_some());
    assert!(!r.answer.rows.is_empty());
    // The document itself is not among them.
    assert!(r.docs.iter().all(|d| *d != Some(0)));
    let t = render(&mut a, 80, 24);
    insta::assert_snapshot!("related_80x24", t.backend());
}

#[test]
fn an_older_answer_is_never_drawn_after_a_newer_one() {
    let mut a = search_app();
    render(&mut a, 80, 24);
    key(&mut a, '/');
    typed(&mut a, "داعش");
    let old = a.library.results.as_ref().expect("results").answer.clone();
    typed(&mut a, " صيدنايا");
    let newer = a.library.results.as_ref().expect("results").answer.clone();
    assert!(newer.generation > old.generation);
    assert_ne!(old.total, newer.total);
    // A slow search thread delivers the old answer late: it is dropped.
    a.update(Event::Job(Done::Answer {
        kind: Kind::Search,
        generation: old.generation,
        answer: Box::new(old),
    }));
    let shown = &a.library.results.as_ref().expect("results").answer;
    assert_eq!(
        (shown.generation, shown.total),
        (newer.generation, newer.total)
    );
    // A partial word too short to search keeps the results shown (Q3).
    typed(&mut a, " ال");
    let kept = &a.library.results.as_ref().expect("results").answer;
    assert_eq!(kept.total, newer.total);
}

#[test]
fn a_result_opens_at_its_first_hit_even_with_a_remembered_place() {
    let mut a = search_app();
    render(&mut a, 80, 24);
    // Read document 0 down past its first hits, then go back.
    a.act(Action::Open, 1);
    for _ in 0..30 {
        key(&mut a, 'j');
    }
    key(&mut a, 'q');
    key(&mut a, '/');
    typed(&mut a, "البغدادي ");
    let first = a.library.results.as_ref().expect("results").docs[0];
    assert_eq!(first, Some(0));
    a.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let r = a.reader_mut().expect("open");
    assert_eq!(r.find.current, Some(0));
    let hit = r.find.hits[0].clone();
    // The first hit is on screen.
    let rows = r.visible(23);
    let on_screen = rows.iter().any(|&(p, k)| {
        let row = &r.rows(p)[k];
        row.src.start <= hit.start && hit.start < row.src.end
    });
    assert!(on_screen);
}

#[test]
fn enter_after_a_partial_word_too_short_to_search_opens_what_is_shown() {
    let mut a = search_app();
    render(&mut a, 80, 24);
    key(&mut a, '/');
    typed(&mut a, "صيدنايا ال");
    let shown = a.library.results.as_ref().expect("results").docs[0];
    a.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(a.reader().map(|r| Some(r.doc)), Some(shown));
    assert!(a.library.pending.is_none());
    // Nothing searched yet at all: Enter opens the selected document.
    let mut b = search_app();
    render(&mut b, 80, 24);
    key(&mut b, '/');
    typed(&mut b, "ال");
    b.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(b.reader().map(|r| r.doc), Some(0));
}

/// The library with 000 and 001 marked (space) and compared (c).
fn compared(w: u16, h: u16) -> App {
    let mut a = app();
    render(&mut a, w, h);
    key(&mut a, ' ');
    key(&mut a, ' ');
    assert_eq!(a.library.marked, [0, 1]);
    key(&mut a, 'c');
    assert!(matches!(a.screen, Screen::Compare(_)));
    a
}

fn screen_line(t: &Terminal<TestBackend>, y: u16) -> String {
    let buf = t.backend().buffer();
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

#[test]
fn compare_view_snapshots() {
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let mut a = compared(w, h);
        insta::assert_snapshot!(format!("compare_{w}x{h}"), render(&mut a, w, h).backend());
    }
    // Swapped, after the next difference, at 80 columns.
    let mut a = compared(80, 24);
    key(&mut a, ']');
    key(&mut a, ']');
    key(&mut a, 'x');
    insta::assert_snapshot!("compare_swapped_80x24", render(&mut a, 80, 24).backend());
}

#[test]
fn compare_view_aligns_styles_and_marks() {
    let mut a = compared(100, 30);
    let t = render(&mut a, 100, 30);
    let buf = t.backend().buffer();
    let theme = a.theme;
    let c = a.compare().expect("compare view");
    let pw = 48u16;
    // The header counts are the comparison's.
    let n = c.cmp.counts();
    assert!(screen_line(&t, 0).contains(&format!("{} shared · {} moved", n.shared, n.moved)));
    // Every linked block starts on one row on both sides: the first row of
    // each backbone pair has both halves' first rows.
    for l in &c.lines {
        let b = &c.cmp.blocks[l.block];
        if b.linked
            && l.halves.iter().any(|h| h.first)
            && l.halves[0].sentence == Some(b.left.start)
            && l.halves[0].first
        {
            assert!(l.halves[1].first && l.halves[1].sentence == Some(b.right.start));
        }
    }
    // Row 2: "Array" (right only) opposite filler, gutter '>'.
    assert!(screen_line(&t, 2).starts_with("╱╱╱"));
    assert_eq!(buf[(pw + 1, 2)].symbol(), ">");
    assert_eq!(buf[(0, 2)].fg, theme.filler.fg.expect("filler colour"));
    // Unmatched text is styled as such, differing words as such, and
    // shared words plainly; the same styles on both sides.
    let styled = |style: ratatui::style::Style| {
        buf.content()
            .iter()
            .filter(|cell| {
                cell.fg == style.fg.unwrap_or_default()
                    && cell.modifier.contains(style.add_modifier)
            })
            .count()
    };
    assert!(styled(theme.only) > 0, "right-only text styled");
    let differ_left = (2..29).any(|y| {
        (0..pw).any(|x| {
            buf[(x, y)].modifier.contains(theme.differ.add_modifier)
                && buf[(x, y)].fg == theme.differ.fg.unwrap_or_default()
        })
    });
    let differ_right = (2..29).any(|y| {
        (pw + 3..100).any(|x| {
            buf[(x, y)].modifier.contains(theme.differ.add_modifier)
                && buf[(x, y)].fg == theme.differ.fg.unwrap_or_default()
        })
    });
    assert!(differ_left && differ_right, "differing words on both sides");
    // Differing cells are exactly words the comparison marked as differing.
    for y in 2..29u16 {
        for x in 0..pw {
            let cell = &buf[(x, y)];
            if cell.modifier.contains(theme.differ.add_modifier)
                && cell.fg == theme.differ.fg.unwrap_or_default()
            {
                assert_ne!(
                    cell.symbol(),
                    " ",
                    "spaces between words are never styled as words"
                );
            }
        }
    }
    // No control characters anywhere.
    for cell in buf.content() {
        assert!(!cell.symbol().chars().any(char::is_control));
    }
}

#[test]
fn compare_view_keys_scroll_jump_swap_find_and_go_back() {
    let mut a = compared(80, 24);
    render(&mut a, 80, 24);
    let page = a.compare_page();
    // Scrolling is synchronized.
    key(&mut a, 'j');
    key(&mut a, 'j');
    assert_eq!(a.compare().expect("view").top, [2, 2]);
    // s: apart; the focused pane alone moves. Tab moves the focus.
    key(&mut a, 's');
    key(&mut a, 'j');
    assert_eq!(a.compare().expect("view").top, [3, 2]);
    a.key(&KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    key(&mut a, 'j');
    key(&mut a, 'j');
    assert_eq!(a.compare().expect("view").top, [3, 4]);
    // s again: together, following the focused pane.
    key(&mut a, 's');
    assert_eq!(a.compare().expect("view").top, [4, 4]);
    a.key(&KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    // ] goes through the differences in order and [ comes back.
    key(&mut a, 'g');
    let mut seen = Vec::new();
    for _ in 0..6 {
        key(&mut a, ']');
        let c = a.compare().expect("view");
        let k = c.cursor.expect("a difference");
        let top = c.top[0];
        assert!(k >= top && k < top + page, "the difference is on screen");
        seen.push(k);
    }
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    key(&mut a, '[');
    assert_eq!(a.compare().expect("view").cursor, Some(seen[4]));
    // Enter on a moved sentence shows its partner; Esc restores the view.
    let c = a.compare_mut().expect("view");
    let moved = (0..c.cmp.left.sentences.len())
        .find(|&s| c.cmp.mark(0, s) == qari::compare::SentenceMark::Moved)
        .expect("000↔001 has a moved sentence");
    let line = c.line_of(0, moved).expect("its line");
    c.set_top(line, page);
    c.cursor = None;
    let before = c.top;
    a.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let c = a.compare().expect("view");
    let (side, partner) = c.partner.expect("partner marked");
    assert_eq!(side, 1);
    let g = c.cmp.right.group[partner].expect("linked");
    assert!(c.cmp.groups[g].left.contains(&moved));
    let pl = c.line_of(1, partner).expect("partner line");
    assert!(pl >= c.top[1] && pl < c.top[1] + page, "partner on screen");
    a.key(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert_eq!(a.compare().expect("view").top, before);
    assert!(matches!(a.screen, Screen::Compare(_)));
    // x swaps the panes on screen, not the documents.
    let t = render(&mut a, 80, 24);
    let header = screen_line(&t, 1);
    key(&mut a, 'x');
    let t2 = render(&mut a, 80, 24);
    assert!(header.starts_with(" A ") && screen_line(&t2, 1).starts_with(" B "));
    // / finds in the focused pane (A), with the hits highlighted there.
    key(&mut a, '/');
    typed(&mut a, "البغدادي");
    a.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let c = a.compare().expect("view");
    assert!(c.find[0].hits.len() >= 3 && c.find[1].hits.is_empty());
    let t = render(&mut a, 80, 24);
    let buf = t.backend().buffer();
    let hl = a.theme.highlight.bg.expect("highlight colour");
    // A is on the right now: hits only there.
    assert!((2..23).any(|y| (41..80).any(|x| buf[(x, y)].bg == hl)));
    assert!(!(2..23).any(|y| (0..38).any(|x| buf[(x, y)].bg == hl)));
    // Esc goes back to the library.
    a.key(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(matches!(a.screen, Screen::Library));
}

#[test]
fn compare_keeps_its_place_on_resize_and_c_without_marks_uses_the_most_similar() {
    let mut a = compared(80, 24);
    render(&mut a, 80, 24);
    for _ in 0..30 {
        key(&mut a, 'j');
    }
    let c = a.compare().expect("view");
    let top_sentence = c.lines[c.top[0]..]
        .iter()
        .find_map(|l| l.halves[0].sentence);
    render(&mut a, 160, 48);
    let c = a.compare().expect("view");
    assert_eq!(
        c.lines[c.top[0]..]
            .iter()
            .find_map(|l| l.halves[0].sentence),
        top_sentence
    );
    let t = render(&mut a, 60, 15);
    assert!(screen_line(&t, 0).contains("similar"));
    // After a find in B, a resize keeps the hit's sentence on screen.
    let mut a = compared(80, 24);
    render(&mut a, 80, 24);
    a.key(&KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    key(&mut a, '/');
    typed(&mut a, "الجزيرة");
    a.key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    render(&mut a, 80, 24);
    let c = a.compare().expect("view");
    let before = c.top;
    assert!(before[1] > 0, "the hit is further down: {before:?}");
    let hit = c.find[1].hits[c.find[1].current.expect("current hit")].start;
    render(&mut a, 120, 30);
    let c = a.compare().expect("view");
    let page = a.compare_page();
    let on_screen = c.lines[c.top[1]..(c.top[1] + page).min(c.lines.len())]
        .iter()
        .any(|l| {
            l.halves[1]
                .row
                .as_ref()
                .is_some_and(|r| r.src.contains(&hit))
        });
    assert!(on_screen, "top {:?} → {:?}", before, c.top);
    // No marks: the selected document and its most similar one.
    let mut a = search_app();
    render(&mut a, 80, 24);
    key(&mut a, 'c');
    let c = a.compare().expect("compared with the most similar");
    assert_eq!(c.docs[0], 0);
    assert_ne!(c.docs[1], 0);
    // From the reading view too, and Esc returns there.
    let mut a = search_app();
    render(&mut a, 80, 24);
    a.act(Action::Open, 1);
    key(&mut a, 'c');
    assert!(matches!(a.screen, Screen::Compare(_)));
    a.key(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(matches!(a.screen, Screen::Reading(_)));
}

#[test]
fn y_copies_the_paragraph_or_the_selection_in_logical_order() {
    let mut a = app();
    a.act(Action::Open, 1);
    render(&mut a, 80, 24);
    // The paragraph at the top.
    key(&mut a, 'y');
    let r = a.reader().expect("open");
    let first = r.text.text[r.paras[0].clone()].to_owned();
    assert_eq!(a.clipboard.take(), Some(first));
    assert!(a.status.as_deref().is_some_and(|s| s.contains("copied")));
    // A drag across a whole row selects its text, in logical order,
    // whatever the direction the mouse went; releasing copies it.
    use ratatui::crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
    let mouse = |kind, column| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row: 2,
            modifiers: KeyModifiers::NONE,
        })
    };
    a.handle(&mouse(MouseEventKind::Down(MouseButton::Left), 0));
    a.handle(&mouse(MouseEventKind::Drag(MouseButton::Left), 79));
    a.handle(&mouse(MouseEventKind::Up(MouseButton::Left), 79));
    let r = a.reader().expect("open");
    let (p, k) = r.shown()[2];
    let row = r.cached(p)[k].clone();
    assert!(row.rtl, "an Arabic row");
    let want = r.text.text[row.src.clone()].trim_end().to_owned();
    let got = a.clipboard.take().expect("copied");
    assert_eq!(got.trim_end(), want);
    // The selected cells are drawn reversed.
    let t = render(&mut a, 80, 24);
    let buf = t.backend().buffer();
    let reversed = (0..80)
        .filter(|&x| {
            buf[(x, 2)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
        .count();
    assert!(reversed >= row.width, "{reversed} of {}", row.width);
    // A click without a drag selects nothing and copies nothing.
    a.handle(&mouse(MouseEventKind::Down(MouseButton::Left), 40));
    a.handle(&mouse(MouseEventKind::Up(MouseButton::Left), 40));
    assert_eq!(a.clipboard, None);
    assert_eq!(a.reader().expect("open").selected(), None);
    // In the compare view, y copies the focused pane's sentence.
    let mut c = compared(80, 24);
    key(&mut c, 'y');
    let copied = c.clipboard.take().expect("a sentence");
    let view = c.compare().expect("compare");
    assert!(
        view.cmp
            .left
            .sentences
            .iter()
            .any(|s| view.texts[0].text[s.range.clone()] == copied),
        "{copied}"
    );
}

#[test]
fn a_quick_answer_says_its_count_is_a_lower_bound_and_the_whole_one_keeps_the_selection() {
    let mut a = search_app();
    render(&mut a, 100, 24);
    key(&mut a, '/');
    typed(&mut a, "في ");
    let whole = a.library.results.as_ref().expect("results").answer.clone();
    assert!(
        whole.rows.len() >= 2,
        "the sample has several articles with في"
    );
    let generation = a.jobs.latest(Kind::Search);
    assert_eq!(whole.generation, generation);
    // As the search thread delivers for a search with many matches: the
    // best of the first matches, counted so far...
    let mut quick = whole.clone();
    quick.counting = true;
    quick.total = 2;
    a.on_done(Done::Answer {
        kind: Kind::Search,
        generation,
        answer: Box::new(quick),
    });
    let t = render(&mut a, 100, 24);
    assert!(
        screen_line(&t, 0).contains("2+ of 5 documents match"),
        "{}",
        screen_line(&t, 0)
    );
    // ...the user moves down meanwhile...
    a.act(Action::Down, 1);
    assert_eq!(a.library.selected, 1);
    // ...then the whole answer: the count without "+", the selection kept.
    a.on_done(Done::Answer {
        kind: Kind::Search,
        generation,
        answer: Box::new(whole.clone()),
    });
    let t = render(&mut a, 100, 24);
    let top = screen_line(&t, 0);
    assert!(
        top.contains(&format!("{} of 5 documents match", whole.total)) && !top.contains('+'),
        "{top}"
    );
    assert_eq!(a.library.selected, 1);
}

#[test]
fn a_corpus_of_one_document_says_document() {
    let corpus = Corpus::from_file_bytes(
        "a.txt",
        "عنوان\nنص".as_bytes(),
        &qari::corpus::LoadOptions::default(),
    );
    let mut a = App::new(corpus, &settings(&Config::default())).expect("app");
    let t = render(&mut a, 80, 24);
    let top = screen_line(&t, 0);
    assert!(
        top.contains(" 1 document ") && !top.contains("documents"),
        "{top}"
    );
}

/// The reader on the CSV fixture (dates and sources), its index in memory.
fn news_app() -> App {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/csv/news.csv"),
    )
    .expect("fixture");
    let corpus = Corpus::from_file_bytes("news.csv", &bytes, &qari::corpus::LoadOptions::default());
    let mut a = App::new(corpus, &settings(&Config::default())).expect("app");
    a.status = None;
    a.attach_engine(
        qari::search::Engine::in_memory(&Corpus::from_file_bytes(
            "news.csv",
            &bytes,
            &qari::corpus::LoadOptions::default(),
        ))
        .expect("index"),
    );
    a
}

#[test]
fn the_library_shows_dates_and_sources_when_there_is_room() {
    let mut a = news_app();
    let t = render(&mut a, 100, 12);
    let rows: Vec<String> = (1..5).map(|y| screen_line(&t, y)).collect();
    let aj = rows
        .iter()
        .find(|r| r.contains("aj-1"))
        .expect("aj-1 listed");
    assert!(aj.contains("2019-02-07"), "{aj}");
    let hz = rows
        .iter()
        .find(|r| r.contains("hz-1"))
        .expect("hz-1 listed");
    assert!(hz.contains("2019-03-14"), "{hz}");
    // The source column holds the source's letters (drawn right to left).
    assert!(
        "הארץ".chars().all(|c| hz.contains(c)),
        "the source הארץ in {hz}"
    );
    // Narrow: the title keeps its room, the columns go.
    let t = render(&mut a, 50, 12);
    assert!(!(1..5).any(|y| screen_line(&t, y).contains("2019-")));
}

#[test]
fn s_orders_the_corpus_by_date_and_f_shows_the_facets() {
    let mut a = news_app();
    render(&mut a, 110, 20);
    key(&mut a, 's');
    let t = render(&mut a, 110, 20);
    let top = screen_line(&t, 0);
    assert!(top.contains("newest first"), "{top}");
    // hz-1 (14 March 2019) is the newest; the dates go down the list.
    assert!(
        screen_line(&t, 1).contains("hz-1"),
        "{}",
        screen_line(&t, 1)
    );
    let dates: Vec<String> = (1..19)
        .map(|y| screen_line(&t, y))
        .filter_map(|l| {
            let i = l.find("2019-")?;
            Some(l[i..i + 10].to_owned())
        })
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    sorted.reverse();
    assert!(dates.len() >= 4, "{dates:?}");
    assert_eq!(dates, sorted);
    key(&mut a, 'F');
    let t = render(&mut a, 110, 20);
    let screen: Vec<String> = (0..20).map(|y| screen_line(&t, y)).collect();
    let line_with = |s: &str| {
        screen
            .iter()
            .find(|l| l.contains(s))
            .cloned()
            .unwrap_or_default()
    };
    assert!(!line_with(" sources").is_empty(), "{screen:#?}");
    // Three documents of February 2019 (7 Feb twice, 8 Feb), one of March.
    assert!(!line_with("│       3  2019-02").is_empty(), "{screen:#?}");
    assert!(!line_with("│       1  2019-03").is_empty(), "{screen:#?}");
    // Back to relevance after source: s four times in all.
    for _ in 0..3 {
        key(&mut a, 's');
    }
    assert!(!screen_line(&render(&mut a, 110, 20), 0).contains("first"));
}

#[test]
fn stories_list_clusters_open_one_compare_two_members_and_go_back() {
    // The sample and an edited copy of its first article.
    let first = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_f9c2f484621a2b4c.txt"),
    )
    .expect("seed");
    let tmp = tempfile::tempdir().expect("tmp");
    for e in std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"))
        .expect("seeds")
    {
        let e = e.expect("entry");
        std::fs::copy(e.path(), tmp.path().join(e.file_name())).expect("copy");
    }
    std::fs::write(tmp.path().join("copy.txt"), first.replace(" في ", " فى ")).expect("write");
    let corpus = Corpus::load(
        &[tmp.path().to_path_buf()],
        &qari::corpus::LoadOptions::default(),
    )
    .expect("corpus");
    let mut a = App::new(corpus, &settings(&Config::default())).expect("app");
    a.status = None;
    render(&mut a, 100, 16);
    a.act(Action::Stories, 1);
    let t = render(&mut a, 100, 16);
    // The corpus's path is a temporary folder: no path is drawn here.
    insta::assert_snapshot!("stories_100x16", t.backend());
    let top = screen_line(&t, 0);
    assert!(
        top.contains("1 story of near-copies in 6 documents"),
        "{top}"
    );
    assert!(
        screen_line(&t, 1).contains("2 docs"),
        "{}",
        screen_line(&t, 1)
    );
    // Enter: the story's documents as the list, the origin first.
    a.act(Action::Open, 1);
    let t = render(&mut a, 100, 16);
    insta::assert_snapshot!("story_opened_100x16", t.backend());
    assert!(
        screen_line(&t, 0).contains("story 1 of 1: 2 documents"),
        "{}",
        screen_line(&t, 0)
    );
    let rows = [screen_line(&t, 1), screen_line(&t, 2)];
    assert!(rows.iter().any(|r| r.contains("copy")), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("000_f9c2")), "{rows:?}");
    assert!(screen_line(&t, 3).trim().is_empty(), "two documents only");
    // c: the selected member against the origin.
    a.act(Action::Down, 1);
    a.act(Action::Compare, 1);
    assert!(a.compare().is_some(), "the compare view");
    let t = render(&mut a, 100, 16);
    assert!(
        screen_line(&t, 0).contains("near-duplicate"),
        "{}",
        screen_line(&t, 0)
    );
    // Back: the story, the stories, the library.
    a.act(Action::Back, 1);
    a.act(Action::Back, 1);
    let t = render(&mut a, 100, 16);
    assert!(
        screen_line(&t, 0).contains("stories") || screen_line(&t, 0).contains("story"),
        "{}",
        screen_line(&t, 0)
    );
    a.act(Action::Back, 1);
    let t = render(&mut a, 100, 16);
    assert!(
        screen_line(&t, 0).contains("6 documents") && !screen_line(&t, 0).contains("story"),
        "{}",
        screen_line(&t, 0)
    );
}

#[test]
fn r_underlines_the_passages_found_elsewhere_and_w_says_where() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let first = std::fs::read_to_string(seeds.join("000_f9c2f484621a2b4c.txt")).expect("seed");
    let tmp = tempfile::tempdir().expect("tmp");
    // Another document quoting the article's first paragraph, after words
    // of its own.
    let lead = first.lines().next().expect("a first line");
    std::fs::write(
        tmp.path().join("a-quote.txt"),
        format!("عنوان آخر\nنقلت صحيفة أخرى ما يلي عن الموضوع نفسه اليوم: {lead}\n"),
    )
    .expect("write");
    std::fs::copy(
        seeds.join("000_f9c2f484621a2b4c.txt"),
        tmp.path().join("b-article.txt"),
    )
    .expect("copy");
    let corpus = Corpus::load(
        &[tmp.path().to_path_buf()],
        &qari::corpus::LoadOptions::default(),
    )
    .expect("corpus");
    let mut a = App::new(corpus, &settings(&Config::default())).expect("app");
    a.status = None;
    render(&mut a, 100, 20);
    // Open the article (the second document).
    a.act(Action::Down, 1);
    a.act(Action::Open, 1);
    let underlined = |t: &Terminal<TestBackend>| {
        t.backend()
            .buffer()
            .content()
            .iter()
            .filter(|c| c.modifier.contains(ratatui::style::Modifier::UNDERLINED))
            .count()
    };
    assert_eq!(underlined(&render(&mut a, 100, 20)), 0);
    a.act(Action::Reused, 1);
    let t = render(&mut a, 100, 20);
    let r = a.reader().expect("reading");
    let passages = r.reused.clone().expect("found");
    // The first passage is the first paragraph, quoted by the other
    // document (the article repeats part of its lead later: a second,
    // shorter passage against the same quote).
    let (range, docs) = &passages[0];
    // (From its first word to its last: the final full stop is no word.)
    assert_eq!(
        r.text.text[range.clone()].trim(),
        lead.trim().trim_end_matches('.')
    );
    assert!(
        passages
            .iter()
            .all(|(_, d)| d.len() == 1 && d[0] == docs[0]),
        "{passages:?}"
    );
    assert!(underlined(&t) > 20, "the quoted paragraph is underlined");
    a.act(Action::Where, 1);
    let status = a.status.clone().unwrap_or_default();
    assert!(status.contains("also in: a-quote"), "{status}");
    // R again hides them.
    a.act(Action::Reused, 1);
    assert_eq!(underlined(&render(&mut a, 100, 20)), 0);
}
