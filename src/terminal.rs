//! Which terminal qari is talking to, and how to send it text so that it
//! reads right there. The findings behind every rule are in
//! `docs/terminals.md` (each proven on screenshots of the real terminal).
//!
//! - [`probe`] asks the terminal (DECRQM for mode 8 and XTVERSION and DA2,
//!   with DA1 as a sentinel, at most 100 ms, never on a pipe) and, inside
//!   tmux, whether passthrough is on; it reads the environment.
//! - [`identify`] (pure) turns what was learnt into a [`Profile`]: what the
//!   terminal is, whether it reorders text by itself and can be told not
//!   to, whether it joins Arabic letters.
//! - [`Profile::strategy`] (pure) picks how rows are sent: explicit mode,
//!   visual order, visual order fenced against a second reordering, or
//!   runs handed back to the terminal's own bidi; and whether qari shapes.

pub mod probe;

use crate::bidi::Wire;

/// What qari learnt from the environment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Env {
    /// `(name, value)` of the variables of interest that are set.
    pub vars: Vec<(String, String)>,
}

/// The variables [`Env::detect`] reads.
pub const ENV_VARS: &[&str] = &[
    "TERM",
    "TERM_PROGRAM",
    "VTE_VERSION",
    "KONSOLE_VERSION",
    "KONSOLE_DBUS_SESSION",
    "KITTY_WINDOW_ID",
    "MLTERM",
    "XTERM_VERSION",
    "ALACRITTY_WINDOW_ID",
    "ALACRITTY_SOCKET",
    "WEZTERM_EXECUTABLE",
    "WT_SESSION",
    "TMUX",
    "COLORTERM",
];

impl Env {
    /// This process's environment.
    #[must_use]
    pub fn detect() -> Self {
        Self {
            vars: ENV_VARS
                .iter()
                .filter_map(|v| {
                    std::env::var(v)
                        .ok()
                        .filter(|x| !x.is_empty())
                        .map(|x| ((*v).to_owned(), x))
                })
                .collect(),
        }
    }

    /// A variable's value, when set and not empty.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// What the terminal answered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers {
    /// DECRQM for ANSI mode 8 (BDSM): `Some(0)` not recognized, `Some(1)`
    /// set (implicit bidi), `Some(2)` reset (explicit), other values as
    /// given; `None` no answer.
    pub decrqm8: Option<u8>,
    /// XTVERSION's text (`XTerm(379)`, `Konsole 22.12.3`, `kitty(0.26.5)`,
    /// `tmux 3.3a`…).
    pub xtversion: Option<String>,
    /// DA2's parameters (`41;379;0` → `[41, 379, 0]`).
    pub da2: Option<Vec<u32>>,
    /// The DA1 sentinel came back: the terminal answers queries.
    pub da1: bool,
    /// Inside tmux: passthrough is allowed (`allow-passthrough on`).
    pub tmux_passthrough: Option<bool>,
    /// Inside tmux with passthrough: the outer terminal's DECRQM for mode 8.
    pub outer_decrqm8: Option<u8>,
}

impl Answers {
    /// Parses the bytes a terminal sent back: every DECRQM, XTVERSION,
    /// DA2 and DA1 answer found in them.
    #[must_use]
    pub fn parse(bytes: &[u8]) -> Self {
        let mut a = Self::default();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != 0x1b {
                i += 1;
                continue;
            }
            let rest = &bytes[i..];
            if let Some(body) = rest.strip_prefix(b"\x1bP>|") {
                // XTVERSION: DCS > | text ST
                let end = body
                    .windows(2)
                    .position(|w| w == b"\x1b\\")
                    .unwrap_or(body.len());
                a.xtversion = Some(String::from_utf8_lossy(&body[..end]).into_owned());
                i += 4 + end;
                continue;
            }
            if let Some(body) = rest.strip_prefix(b"\x1b[") {
                let end = body
                    .iter()
                    .position(|b| (0x40..=0x7e).contains(b))
                    .unwrap_or(body.len());
                let (params, fin) = (&body[..end], body.get(end).copied());
                match (params.first(), fin) {
                    (Some(b'?'), Some(b'c')) => a.da1 = true,
                    (Some(b'>'), Some(b'c')) => a.da2 = Some(numbers(&params[1..])),
                    (_, Some(b'y')) if params.ends_with(b"$") => {
                        let n = numbers(&params[..params.len() - 1]);
                        if n.first() == Some(&8) {
                            a.decrqm8 = n.get(1).and_then(|v| u8::try_from(*v).ok());
                        }
                    }
                    _ => {}
                }
                i += 2 + end + 1;
                continue;
            }
            i += 1;
        }
        a
    }
}

fn numbers(s: &[u8]) -> Vec<u32> {
    String::from_utf8_lossy(s)
        .split(';')
        .filter_map(|x| x.trim().parse().ok())
        .collect()
}

/// Kinds of terminals qari knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// VTE (GNOME Terminal, Tilix, xfce4-terminal, sakura…), and any
    /// terminal that knows mode 8 (BDSM): explicit mode works.
    Vte,
    /// xterm.
    Xterm,
    /// Alacritty.
    Alacritty,
    /// foot, Ghostty, Windows Terminal, WezTerm, iTerm2: no bidi of their
    /// own by default (by their documentation; not tried here).
    NoBidi,
    /// Konsole: reorders by itself, per line; cannot be told not to.
    Konsole,
    /// mlterm: reorders by itself ("ctl").
    Mlterm,
    /// kitty: reverses the letters of each chunk holding Arabic.
    Kitty,
    /// Apple's Terminal: reorders by itself (not tried here).
    AppleTerminal,
    /// Nothing recognized.
    Unknown,
}

impl Kind {
    /// A name for people.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Vte => "VTE (bidi mode switchable)",
            Self::Xterm => "xterm",
            Self::Alacritty => "Alacritty",
            Self::NoBidi => "a terminal without bidi of its own",
            Self::Konsole => "Konsole",
            Self::Mlterm => "mlterm",
            Self::Kitty => "kitty",
            Self::AppleTerminal => "Terminal.app",
            Self::Unknown => "an unknown terminal",
        }
    }
}

/// tmux between qari and the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tmux {
    /// `allow-passthrough on`: wrapped sequences reach the outer terminal.
    pub passthrough: bool,
}

/// What qari concludes about the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The terminal that draws (the outer one, behind tmux).
    pub kind: Kind,
    /// tmux in between, if it is.
    pub tmux: Option<Tmux>,
    /// How sure the identification is: from an answer of the terminal
    /// (`true`) or from the environment alone.
    pub answered: bool,
}

/// How rows are sent to the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Explicit bidi mode (`CSI 8 l`, `CSI 1 SP k`), rows in visual order;
    /// `wrapped`: the sequences wrapped for tmux passthrough.
    Explicit {
        /// Wrapped for tmux.
        wrapped: bool,
    },
    /// Rows as laid out, sent with this [`Wire`] form.
    Rows(Wire),
    /// Rows as laid out, every line of output opened by an LRM and an LRO
    /// ([`crate::render::ansi::LINE_OVERRIDE`]): the terminal draws the
    /// rest of the line in the order sent. For a terminal that reorders
    /// lines by itself and counts every invisible mark as a column of the
    /// line (mlterm): the two marks go once per line, and lines are two
    /// columns narrower than the terminal so that nothing overflows.
    Override,
}

impl Profile {
    /// The strategy for this terminal, and whether qari shapes Arabic
    /// (presentation forms) by default.
    #[must_use]
    pub fn strategy(&self) -> (Strategy, bool) {
        match (self.kind, self.tmux) {
            (Kind::Vte, None) => (Strategy::Explicit { wrapped: false }, false),
            (Kind::Vte, Some(t)) if t.passthrough => (Strategy::Explicit { wrapped: true }, false),
            // tmux swallows the mode sequences: the outer terminal goes on
            // reordering; fenced rows survive that (docs/terminals.md §4).
            (_, Some(_)) => (Strategy::Rows(Wire::Fenced), true),
            (Kind::Xterm | Kind::Alacritty | Kind::NoBidi, None) => {
                (Strategy::Rows(Wire::Visual), true)
            }
            (Kind::Konsole, None) => (Strategy::Rows(Wire::Runs), true),
            (Kind::Mlterm, None) => (Strategy::Override, true),
            (Kind::Kitty, None) => (Strategy::Rows(Wire::Chunks), true),
            (Kind::AppleTerminal | Kind::Unknown, None) => (Strategy::Rows(Wire::Fenced), true),
        }
    }

    /// What the user can set, once, to make this terminal simpler to
    /// serve (and more robust), when qari's encoding is a workaround.
    #[must_use]
    pub fn advice(&self) -> Option<&'static str> {
        match (self.kind, self.tmux) {
            (_, Some(t)) if !t.passthrough => {
                Some("tmux hides qari's bidi switch: `set -g allow-passthrough on` fixes it")
            }
            (Kind::Konsole, None) => Some(
                "Konsole reorders text; qari works around it (or turn off its Bi-Directional text)",
            ),
            (Kind::Mlterm, None) => {
                Some("mlterm reorders text; qari sends lines as drawn, its last two columns empty")
            }
            (Kind::Kitty, None) => Some(
                "kitty reverses Arabic words; qari works around it (or force_ltr + --bidi app)",
            ),
            (Kind::Unknown | Kind::AppleTerminal, None) => Some(
                "unknown terminal: if Arabic reads wrong, `qari doctor` finds what reads right",
            ),
            _ => None,
        }
    }
}

/// Identifies the terminal from the environment and its answers.
#[must_use]
pub fn identify(env: &Env, answers: &Answers) -> Profile {
    let xt = answers.xtversion.as_deref().unwrap_or("");
    let da2 = answers.da2.as_ref().and_then(|v| v.first().copied());
    let term = env.get("TERM").unwrap_or("");
    let program = env.get("TERM_PROGRAM").unwrap_or("");
    let in_tmux = env.has("TMUX") || xt.starts_with("tmux") || da2 == Some(84);
    let tmux = in_tmux.then(|| Tmux {
        passthrough: answers.tmux_passthrough.unwrap_or(false),
    });
    // Behind tmux, tmux answers the queries itself: the outer terminal is
    // known from its own (wrapped) answer, else from the environment tmux
    // was started in.
    let decrqm = if in_tmux {
        answers.outer_decrqm8
    } else {
        answers.decrqm8
    };
    let (kind, answered) = if matches!(decrqm, Some(1 | 2)) {
        (Kind::Vte, true)
    } else if !in_tmux && xt.starts_with("Konsole") {
        (Kind::Konsole, true)
    } else if !in_tmux && xt.starts_with("kitty") {
        (Kind::Kitty, true)
    } else if !in_tmux && xt.starts_with("XTerm") {
        (Kind::Xterm, true)
    } else if !in_tmux && (da2 == Some(24) && decrqm == Some(0)) {
        (Kind::Mlterm, true)
    } else if env.has("KONSOLE_VERSION") || env.has("KONSOLE_DBUS_SESSION") {
        (Kind::Konsole, false)
    } else if env.has("KITTY_WINDOW_ID") || term == "xterm-kitty" {
        (Kind::Kitty, false)
    } else if env.has("MLTERM") || term == "mlterm" {
        (Kind::Mlterm, false)
    } else if env.has("VTE_VERSION") {
        (Kind::Vte, false)
    } else if env.has("XTERM_VERSION") {
        (Kind::Xterm, false)
    } else if env.has("ALACRITTY_WINDOW_ID") || env.has("ALACRITTY_SOCKET") || term == "alacritty" {
        (Kind::Alacritty, false)
    } else if env.has("WT_SESSION")
        || env.has("WEZTERM_EXECUTABLE")
        || matches!(program, "WezTerm" | "ghostty" | "iTerm.app")
        || term == "foot"
        || term.starts_with("foot-")
        || term == "xterm-ghostty"
    {
        (Kind::NoBidi, false)
    } else if program == "Apple_Terminal" {
        (Kind::AppleTerminal, false)
    } else {
        (Kind::Unknown, false)
    };
    Profile {
        kind,
        tmux,
        answered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Env {
        Env {
            vars: vars
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn advice_fits_a_status_line() {
        // The reader shows it on its last line after the position (about
        // 13 columns): it must fit 100 columns, or its end (the remedy) is
        // cut off.
        let kinds = [
            Kind::Vte,
            Kind::Xterm,
            Kind::Alacritty,
            Kind::NoBidi,
            Kind::Konsole,
            Kind::Mlterm,
            Kind::Kitty,
            Kind::AppleTerminal,
            Kind::Unknown,
        ];
        for kind in kinds {
            for tmux in [None, Some(Tmux { passthrough: false })] {
                let p = Profile {
                    kind,
                    tmux,
                    answered: true,
                };
                if let Some(a) = p.advice() {
                    let w = unicode_width::UnicodeWidthStr::width(a);
                    assert!(w <= 84, "{kind:?}: {w} columns: {a}");
                }
            }
        }
    }

    #[test]
    fn answers_are_parsed_in_any_order() {
        let a = Answers::parse(b"\x1b[8;1$y\x1bP>|XTerm(379)\x1b\\\x1b[>41;379;0c\x1b[?64;1;2c");
        assert_eq!(a.decrqm8, Some(1));
        assert_eq!(a.xtversion.as_deref(), Some("XTerm(379)"));
        assert_eq!(a.da2, Some(vec![41, 379, 0]));
        assert!(a.da1);
        let none = Answers::parse(b"\x1b[?62;1;4c");
        assert_eq!((none.decrqm8, none.da1), (None, true));
        assert_eq!(Answers::parse(b"garbage\x1b[").decrqm8, None);
    }

    #[test]
    fn an_answer_outweighs_the_environment() {
        // A Konsole that leaked into an xterm: xterm's answer wins.
        let a = Answers::parse(b"\x1bP>|XTerm(379)\x1b\\\x1b[?64c");
        let p = identify(&env(&[("KONSOLE_VERSION", "221203")]), &a);
        assert_eq!((p.kind, p.answered), (Kind::Xterm, true));
        assert_eq!(p.strategy(), (Strategy::Rows(Wire::Visual), true));
    }

    #[test]
    fn tmux_passes_explicit_mode_only_with_passthrough() {
        let tmux = env(&[("TMUX", "/tmp/t,1,0"), ("VTE_VERSION", "7006")]);
        let mut a = Answers::parse(b"\x1bP>|tmux 3.3a\x1b\\\x1b[?1;2c");
        assert_eq!(
            identify(&tmux, &a).strategy().0,
            Strategy::Rows(Wire::Fenced)
        );
        a.tmux_passthrough = Some(true);
        a.outer_decrqm8 = Some(1);
        assert_eq!(
            identify(&tmux, &a).strategy().0,
            Strategy::Explicit { wrapped: true }
        );
    }
}
