//! The strategy qari picks for each real terminal, from what that terminal
//! really answered (`tests/data/terminals/*.txt`, recorded under Xvfb by
//! `scripts/real-terminals.sh probe`; format in that folder's README), and
//! for a terminal that answers nothing.

use qari::bidi::Wire;
use qari::terminal::{Answers, Env, Kind, Strategy, identify};

/// Decodes a recorded value: `\e` is ESC, `\\` a backslash, `\xHH` a byte.
fn unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'\\', Some(b'e')) => {
                out.push(0x1b);
                i += 2;
            }
            (b'\\', Some(b'\\')) => {
                out.push(b'\\');
                i += 2;
            }
            (b'\\', Some(b'x')) => {
                let hex = std::str::from_utf8(&b[i + 2..i + 4]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("hex byte"));
                i += 4;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// A record: its fields, in order.
fn record(name: &str) -> Vec<(String, String)> {
    let path = format!(
        "{}/tests/data/terminals/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// What qari's probe would have learnt from this terminal: its answers to
/// the three queries (sent together, answered in order) and, inside tmux,
/// passthrough and the outer terminal's answer to the wrapped query.
fn learnt(name: &str) -> (Env, Answers) {
    let rec = record(name);
    let field = |k: &str| {
        rec.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| unescape(v))
    };
    let mut bytes = Vec::new();
    for q in ["reply.decrqm8", "reply.xtversion", "reply.da2"] {
        bytes.extend(field(q).unwrap_or_default());
    }
    let mut answers = Answers::parse(&bytes);
    let env = Env {
        vars: rec
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("env.").map(|n| (n.to_owned(), v.clone())))
            .filter(|(n, _)| qari::terminal::ENV_VARS.contains(&n.as_str()))
            .collect(),
    };
    if let Some(p) = field("tmux.allow-passthrough") {
        let on = matches!(p.as_slice(), b"on" | b"all");
        answers.tmux_passthrough = Some(on);
        if on {
            answers.outer_decrqm8 = field("reply.decrqm8_wrapped_da1")
                .map(|b| Answers::parse(&b))
                .and_then(|a| a.decrqm8);
        }
    }
    (env, answers)
}

#[test]
fn each_recorded_terminal_gets_the_strategy_proven_for_it() {
    let cases = [
        ("xterm", Kind::Xterm, Strategy::Rows(Wire::Visual), true),
        (
            "alacritty",
            Kind::Alacritty,
            Strategy::Rows(Wire::Visual),
            true,
        ),
        (
            "sakura",
            Kind::Vte,
            Strategy::Explicit { wrapped: false },
            false,
        ),
        ("konsole", Kind::Konsole, Strategy::Rows(Wire::Runs), true),
        ("mlterm", Kind::Mlterm, Strategy::Override, true),
        ("kitty", Kind::Kitty, Strategy::Rows(Wire::Chunks), true),
        ("tmux-sakura", Kind::Vte, Strategy::Rows(Wire::Fenced), true),
        (
            "tmux-passthrough-sakura",
            Kind::Vte,
            Strategy::Explicit { wrapped: true },
            false,
        ),
    ];
    for (name, kind, strategy, shape) in cases {
        let (env, answers) = learnt(name);
        let profile = identify(&env, &answers);
        assert_eq!(profile.kind, kind, "{name}: {answers:?}");
        assert_eq!(profile.strategy(), (strategy, shape), "{name}");
    }
}

#[test]
fn the_answers_alone_identify_a_terminal_whose_environment_is_lost() {
    // Over ssh or su the environment variables are gone: what the terminal
    // answers still says which it is.
    for (name, kind) in [
        ("xterm", Kind::Xterm),
        ("sakura", Kind::Vte),
        ("konsole", Kind::Konsole),
        ("kitty", Kind::Kitty),
        ("mlterm", Kind::Mlterm),
    ] {
        let (_, answers) = learnt(name);
        let profile = identify(&Env::default(), &answers);
        assert_eq!(profile.kind, kind, "{name}");
        assert!(profile.answered, "{name}: from its answer");
    }
}

#[test]
fn a_terminal_that_answers_nothing_gets_the_safest_form_and_advice() {
    let profile = identify(&Env::default(), &Answers::default());
    assert_eq!(profile.kind, Kind::Unknown);
    assert_eq!(profile.strategy(), (Strategy::Rows(Wire::Fenced), true));
    assert!(profile.advice().is_some_and(|a| a.contains("qari doctor")));
}
