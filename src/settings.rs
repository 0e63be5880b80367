//! The one resolved settings object: the configuration (embedded defaults
//! with the user's file on top), then the command line's flags, then what
//! is known of the terminal (its probe: [`crate::terminal`]). Every command
//! and the reader take their layout options, the way rows are sent, the
//! theme and the keys from here and nowhere else.

use crate::bidi::{Dir, LamAlef, LayoutOptions, Order, Wire};
use crate::config::{BidiMode, Config, Keys, LamAlefSetting, Send, Shape, ThemeName};
use crate::terminal::probe::Probed;
use crate::terminal::{Kind, Strategy};

/// What the command line asks for, over the configuration (`None`: the
/// configuration decides).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--bidi`.
    pub bidi: Option<BidiMode>,
    /// `--send`.
    pub send: Option<Send>,
    /// `--shape`.
    pub shape: Option<Shape>,
    /// `--lam-alef`.
    pub lam_alef: Option<LamAlefSetting>,
    /// `--theme`.
    pub theme: Option<ThemeName>,
    /// `--mouse`: turns mouse capture on.
    pub mouse: bool,
    /// `--no-pager`: print, never page.
    pub no_pager: bool,
}

/// What qari knows of the terminal it runs in.
#[derive(Clone, Debug, Default)]
pub struct Terminal {
    /// Standard output is a terminal.
    pub stdout_tty: bool,
    /// Standard input is a terminal.
    pub stdin_tty: bool,
    /// Standard error is a terminal.
    pub stderr_tty: bool,
    /// `TERM=dumb`: no full-screen reader, no escape sequences.
    pub dumb: bool,
    /// Columns of the terminal standard output goes to, when it is one.
    pub columns: Option<usize>,
    /// Its rows.
    pub rows: Option<usize>,
    /// What the probe found (only ever on a terminal).
    pub probed: Option<Probed>,
}

impl Terminal {
    /// The terminal of this process; it is probed only when standard
    /// output is a terminal and `probe` gives the probe's budget (the
    /// settings need to know it).
    #[must_use]
    pub fn detect(probe: Option<std::time::Duration>) -> Self {
        use std::io::IsTerminal;
        let stdout_tty = std::io::stdout().is_terminal();
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let size = stdout_tty
            .then(|| crossterm::terminal::size().ok())
            .flatten();
        Self {
            stdout_tty,
            stdin_tty: std::io::stdin().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
            dumb,
            columns: size.map(|(w, _)| usize::from(w).max(2)),
            rows: size.map(|(_, h)| usize::from(h).max(1)),
            probed: probe
                .filter(|_| stdout_tty && !dumb)
                .map(crate::terminal::probe::probe),
        }
    }

    /// No terminal at all: output to a pipe or file (tests, benchmarks).
    #[must_use]
    pub fn pipe() -> Self {
        Self::default()
    }

    /// Whether the full-screen reader can run with the library first:
    /// input and output are the terminal.
    #[must_use]
    pub fn interactive(&self) -> bool {
        self.stdout_tty && self.stdin_tty && !self.dumb
    }

    /// Whether output goes to a terminal a full-screen view can use (keys
    /// come from the terminal even when standard input is a pipe).
    #[must_use]
    pub fn screen(&self) -> bool {
        self.stdout_tty && !self.dumb
    }

    /// Whether standard output is a pipe (`| less`, `| head`), not a file.
    #[must_use]
    pub fn stdout_pipe() -> bool {
        rustix::fs::fstat(std::io::stdout()).is_ok_and(|st| {
            rustix::fs::FileType::from_raw_mode(st.st_mode) == rustix::fs::FileType::Fifo
        })
    }

    /// What the probe says the user could set to help, once.
    #[must_use]
    pub fn hint(&self) -> Option<&'static str> {
        self.probed.as_ref().and_then(|p| p.profile.advice())
    }
}

/// The resolved settings.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Who applies the bidirectional algorithm, as asked.
    pub bidi: BidiMode,
    /// Visual (qari orders) or logical order.
    pub order: Order,
    /// How visual rows are sent.
    pub wire: Wire,
    /// Explicit bidi mode is sent around output (`Some(true)`: wrapped for
    /// tmux passthrough).
    pub explicit: Option<bool>,
    /// What opens every line of output on the terminal (empty, or
    /// [`crate::render::ansi::LINE_OVERRIDE`] under
    /// [`Strategy::Override`]); see [`Settings::output_width`].
    pub line_prefix: &'static str,
    /// Arabic presentation forms (only ever on when qari orders the text).
    pub shape: bool,
    /// How lam + alef is drawn when shaping.
    pub lam_alef: LamAlef,
    /// Distance between tab stops.
    pub tab_width: usize,
    /// Widest reading column.
    pub max_width: usize,
    /// Mouse capture in the reader.
    pub mouse: bool,
    /// Colours.
    pub theme: ThemeName,
    /// `qari show` pages long documents on a terminal.
    pub pager: bool,
    /// Key bindings, per screen.
    pub keys: Keys,
    /// The terminal.
    pub terminal: Terminal,
}

impl Settings {
    /// Whether resolving settings of `config` and `flags` needs to know the
    /// terminal (anything left to `auto`).
    #[must_use]
    pub fn needs_probe(config: &Config, flags: &Overrides) -> bool {
        let bidi = flags.bidi.unwrap_or(config.layout.bidi);
        let shape = flags.shape.unwrap_or(config.layout.shape);
        let send = flags.send.unwrap_or(config.layout.send);
        (bidi == BidiMode::Auto && send == Send::Auto)
            || (bidi == BidiMode::App && shape == Shape::Auto)
    }

    /// Resolves `config`, then `flags`, then the terminal.
    #[must_use]
    pub fn resolve(config: &Config, flags: &Overrides, terminal: Terminal) -> Self {
        let bidi = flags.bidi.unwrap_or(config.layout.bidi);
        let profile = terminal.probed.as_ref().map(|p| p.profile);
        // What the terminal wants, when known: how rows go, and whether
        // qari shapes by default.
        // Output that is not a terminal gets plain visual rows, unshaped,
        // unless the command line asks for a form: a file or another
        // program must not get invisible marks meant for one terminal.
        let send = match (flags.send, terminal.screen()) {
            (Some(send), _) => send,
            (None, true) => config.layout.send,
            (None, false) => Send::Visual,
        };
        let (strategy, shape_default) = match (bidi, send, profile) {
            (BidiMode::Auto, Send::Explicit, _) => (Strategy::Explicit { wrapped: false }, false),
            (BidiMode::Auto, Send::Visual, _) => (
                Strategy::Rows(Wire::Visual),
                terminal.screen() || flags.send.is_some(),
            ),
            (BidiMode::Auto, Send::Fenced, _) => (Strategy::Rows(Wire::Fenced), true),
            (BidiMode::Auto, Send::Runs, _) => (Strategy::Rows(Wire::Runs), true),
            (BidiMode::Auto, Send::Chunks, _) => (Strategy::Rows(Wire::Chunks), true),
            (BidiMode::Auto, Send::Override, _) => (Strategy::Override, true),
            (BidiMode::Auto, Send::Auto, Some(p)) => p.strategy(),
            (BidiMode::App, _, p) => (
                Strategy::Explicit { wrapped: false },
                p.is_some_and(|p| p.kind != Kind::Vte),
            ),
            // A pipe, or logical order: visual rows as laid out, unshaped.
            _ => (Strategy::Rows(Wire::Visual), false),
        };
        let (order, wire, explicit) = match (bidi, strategy) {
            (BidiMode::Terminal, _) => (Order::Logical, Wire::Visual, None),
            // Off shows the text as stored: the reader keeps the terminal
            // from reordering it where it can.
            (BidiMode::Off, _) => (Order::Logical, Wire::Visual, Some(false)),
            (_, Strategy::Explicit { wrapped }) => (Order::Visual, Wire::Visual, Some(wrapped)),
            (_, Strategy::Rows(wire)) => (Order::Visual, wire, None),
            (_, Strategy::Override) => (Order::Visual, Wire::Visual, None),
        };
        let line_prefix = if order == Order::Visual && strategy == Strategy::Override {
            crate::render::ansi::LINE_OVERRIDE
        } else {
            ""
        };
        let shape = order == Order::Visual
            && match flags.shape.unwrap_or(config.layout.shape) {
                Shape::On => true,
                Shape::Off => false,
                Shape::Auto => shape_default,
            };
        Self {
            bidi,
            order,
            wire,
            explicit,
            line_prefix,
            shape,
            lam_alef: flags.lam_alef.unwrap_or(config.layout.lam_alef).into(),
            tab_width: config.layout.tab_width.max(1),
            max_width: config.layout.max_width.max(10),
            mouse: flags.mouse || config.reader.mouse,
            theme: flags.theme.unwrap_or(config.reader.theme),
            pager: config.reader.pager && !flags.no_pager,
            keys: config.keys.clone(),
            terminal,
        }
    }

    /// Layout options for text of fallback direction `fallback` at `width`
    /// columns.
    #[must_use]
    pub fn layout(&self, width: usize, fallback: Dir) -> LayoutOptions {
        LayoutOptions {
            width,
            fallback,
            force: (self.bidi == BidiMode::Off).then_some(Dir::Ltr),
            shape: self.shape,
            lam_alef: self.lam_alef,
            order: self.order,
            tab_width: self.tab_width,
            reveal: false,
            wire: self.wire,
        }
    }

    /// The explicit bidi mode sequences for printed output, when standard
    /// output is a terminal that wants them: (enter, restore).
    #[must_use]
    pub fn explicit_stdout(&self) -> Option<(&'static str, &'static str)> {
        use crate::render::ansi;
        if !self.terminal.stdout_tty || self.terminal.dumb || self.bidi == BidiMode::Off {
            return None;
        }
        match self.explicit? {
            false => Some((ansi::BIDI_EXPLICIT, ansi::BIDI_RESTORE)),
            true => Some((ansi::BIDI_EXPLICIT_TMUX, ansi::BIDI_RESTORE_TMUX)),
        }
    }

    /// Whether qari lays rows out in visual order for the terminal (rather
    /// than leaving the order to it).
    #[must_use]
    pub fn visual(&self) -> bool {
        self.order == Order::Visual && self.terminal.stdout_tty && !self.terminal.dumb
    }

    /// Whether output to standard output may carry styles (bold, reverse…):
    /// a terminal that is not dumb.
    #[must_use]
    pub fn styled_stdout(&self) -> bool {
        self.terminal.stdout_tty && !self.terminal.dumb
    }

    /// The width printed output is laid out at: the terminal's (less the
    /// [`Settings::reserved`] columns), else `fallback`.
    #[must_use]
    pub fn output_width(&self, fallback: usize) -> usize {
        self.terminal
            .columns
            .map_or(fallback, |c| c.saturating_sub(self.reserved()).max(2))
    }

    /// The columns at the end of each terminal line qari leaves empty: what
    /// [`Settings::line_prefix`] costs a terminal that counts each
    /// invisible mark as a column (under [`Strategy::Override`]).
    #[must_use]
    pub fn reserved(&self) -> usize {
        if self.line_prefix.is_empty() {
            0
        } else {
            crate::render::ansi::LINE_OVERRIDE_COLUMNS
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terminal::{Answers, Env, Profile, Tmux};

    fn probed(kind: Kind, tmux: Option<Tmux>) -> Terminal {
        Terminal {
            stdout_tty: true,
            stdin_tty: true,
            probed: Some(Probed {
                env: Env::default(),
                answers: Answers::default(),
                profile: Profile {
                    kind,
                    tmux,
                    answered: true,
                },
                elapsed: std::time::Duration::ZERO,
            }),
            ..Terminal::default()
        }
    }

    #[test]
    fn flags_override_the_configuration() {
        let config = crate::config::parse_over_defaults(
            "[layout]\nbidi = \"terminal\"\nshape = true\n",
            "c.toml",
        )
        .expect("valid");
        let s = Settings::resolve(&config, &Overrides::default(), Terminal::pipe());
        assert_eq!(s.bidi, BidiMode::Terminal);
        assert!(!s.shape, "shaping only when qari orders the text");
        assert_eq!(s.layout(40, Dir::Rtl).order, Order::Logical);
        let flags = Overrides {
            bidi: Some(BidiMode::App),
            ..Overrides::default()
        };
        let s = Settings::resolve(&config, &flags, Terminal::pipe());
        assert!(s.shape, "the file's shape = true applies under --bidi app");
        assert_eq!(s.layout(40, Dir::Rtl).order, Order::Visual);
        let off = Overrides {
            bidi: Some(BidiMode::Off),
            ..Overrides::default()
        };
        let s = Settings::resolve(&config, &off, Terminal::pipe());
        assert_eq!(s.layout(40, Dir::Rtl).force, Some(Dir::Ltr));
    }

    #[test]
    fn auto_follows_the_terminal() {
        let c = Config::default();
        let o = Overrides::default();
        // VTE: explicit mode, VTE joins the letters itself.
        let s = Settings::resolve(&c, &o, probed(Kind::Vte, None));
        assert_eq!(
            (s.explicit, s.wire, s.shape),
            (Some(false), Wire::Visual, false)
        );
        assert!(s.explicit_stdout().is_some());
        // xterm: visual rows, shaped, no mode sequences.
        let s = Settings::resolve(&c, &o, probed(Kind::Xterm, None));
        assert_eq!((s.explicit, s.wire, s.shape), (None, Wire::Visual, true));
        assert!(s.explicit_stdout().is_none());
        // Konsole: runs handed back to its own bidi, shaped.
        let s = Settings::resolve(&c, &o, probed(Kind::Konsole, None));
        assert_eq!((s.wire, s.shape), (Wire::Runs, true));
        // tmux with passthrough in front of VTE: wrapped sequences.
        let t = Some(Tmux { passthrough: true });
        let s = Settings::resolve(&c, &o, probed(Kind::Vte, t));
        assert_eq!(s.explicit, Some(true));
        // --shape off wins over the terminal.
        let off = Overrides {
            shape: Some(Shape::Off),
            ..Overrides::default()
        };
        assert!(!Settings::resolve(&c, &off, probed(Kind::Xterm, None)).shape);
        // mlterm: each line opened by LRM + LRO, two columns kept free for
        // the slots mlterm gives those marks; shaped.
        let mut mlterm = probed(Kind::Mlterm, None);
        mlterm.stdout_tty = true;
        mlterm.columns = Some(80);
        let s = Settings::resolve(&c, &o, mlterm.clone());
        assert_eq!(s.line_prefix, crate::render::ansi::LINE_OVERRIDE);
        assert_eq!((s.explicit, s.wire, s.shape), (None, Wire::Visual, true));
        assert_eq!((s.reserved(), s.output_width(100)), (2, 78));
        // Logical order asks for no prefix, and so keeps every column.
        let terminal = Overrides {
            bidi: Some(BidiMode::Terminal),
            ..Overrides::default()
        };
        let s = Settings::resolve(&c, &terminal, mlterm);
        assert_eq!((s.line_prefix, s.output_width(100)), ("", 80));
        // Asked for by name on any terminal.
        let asked = Overrides {
            send: Some(Send::Override),
            ..Overrides::default()
        };
        let s = Settings::resolve(&c, &asked, probed(Kind::Xterm, None));
        assert_eq!(s.line_prefix, crate::render::ansi::LINE_OVERRIDE);
        // A pipe: plain visual rows, no shaping, nothing probed.
        let s = Settings::resolve(&c, &o, Terminal::pipe());
        assert_eq!((s.explicit, s.wire, s.shape), (None, Wire::Visual, false));
        assert!(!Settings::needs_probe(
            &c,
            &Overrides {
                bidi: Some(BidiMode::App),
                shape: Some(Shape::On),
                ..Overrides::default()
            }
        ));
    }
}
