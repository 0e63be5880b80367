//! The one resolved settings object: the configuration (embedded defaults
//! with the user's file on top), then the command line's flags, then what
//! is known of the terminal. Every command and the reader take their layout
//! options, bidi mode, theme and keys from here and nowhere else.

use crate::bidi::{Dir, LamAlef, LayoutOptions, Order};
use crate::config::{BidiMode, Config, Keys, LamAlefSetting, ThemeName};

/// What the command line asks for, over the configuration (`None`: the
/// configuration decides).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--bidi`.
    pub bidi: Option<BidiMode>,
    /// `--shape`: turns shaping on.
    pub shape: bool,
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    /// A one-time hint for terminals known to reorder text by themselves
    /// or not to pass explicit bidi mode on.
    pub hint: Option<&'static str>,
}

impl Terminal {
    /// The terminal of this process.
    #[must_use]
    pub fn detect() -> Self {
        use std::io::IsTerminal;
        let stdout_tty = std::io::stdout().is_terminal();
        let size = stdout_tty
            .then(|| crossterm::terminal::size().ok())
            .flatten();
        Self {
            stdout_tty,
            stdin_tty: std::io::stdin().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
            dumb: std::env::var("TERM").is_ok_and(|t| t == "dumb"),
            columns: size.map(|(w, _)| usize::from(w).max(2)),
            rows: size.map(|(_, h)| usize::from(h).max(1)),
            hint: hint(
                &|v| std::env::var_os(v).filter(|x| !x.is_empty()).is_some(),
                &|v| std::env::var(v).ok(),
            ),
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
}

/// A hint for terminals that reorder text by themselves whatever qari asks,
/// or that do not pass qari's request on. `has` tells whether an
/// environment variable is set and non-empty, `get` reads one.
fn hint(has: &dyn Fn(&str) -> bool, get: &dyn Fn(&str) -> Option<String>) -> Option<&'static str> {
    if has("TMUX") {
        Some(
            "tmux does not pass bidi mode on: if Arabic reads reversed, set the outer terminal's bidi off",
        )
    } else if has("KONSOLE_DBUS_SESSION") || has("KONSOLE_VERSION") {
        Some(
            "Konsole reorders by itself: turn off its bidi (profile, Advanced) or run qari --bidi terminal",
        )
    } else if has("MLTERM") {
        Some("mlterm reorders by itself: set use_ctl=false or run qari --bidi terminal")
    } else if has("KITTY_WINDOW_ID") {
        Some("kitty reverses Arabic runs: set force_ltr yes in kitty.conf")
    } else if get("TERM_PROGRAM").is_some_and(|v| v == "Apple_Terminal") {
        Some("Terminal.app reorders by itself: run qari --bidi terminal")
    } else {
        None
    }
}

/// The resolved settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Who applies the bidirectional algorithm.
    pub bidi: BidiMode,
    /// Arabic presentation forms (only ever on when qari does the bidi).
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
    /// Resolves `config`, then `flags`, then the terminal.
    #[must_use]
    pub fn resolve(config: &Config, flags: &Overrides, terminal: Terminal) -> Self {
        let bidi = flags.bidi.unwrap_or(config.layout.bidi);
        Self {
            bidi,
            shape: (flags.shape || config.layout.shape) && bidi == BidiMode::App,
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
            order: if self.bidi == BidiMode::App {
                Order::Visual
            } else {
                Order::Logical
            },
            tab_width: self.tab_width,
            reveal: false,
        }
    }

    /// Whether output to standard output is wrapped in explicit bidi mode:
    /// qari orders the text and stdout is a terminal.
    #[must_use]
    pub fn explicit_stdout(&self) -> bool {
        self.bidi == BidiMode::App && self.terminal.stdout_tty && !self.terminal.dumb
    }

    /// Whether output to standard output may carry styles (bold, reverse…):
    /// a terminal that is not dumb.
    #[must_use]
    pub fn styled_stdout(&self) -> bool {
        self.terminal.stdout_tty && !self.terminal.dumb
    }

    /// The width printed output is laid out at: the terminal's, else
    /// `fallback`.
    #[must_use]
    pub fn output_width(&self, fallback: usize) -> usize {
        self.terminal.columns.unwrap_or(fallback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn explicit_mode_only_on_a_terminal_when_qari_orders() {
        let tty = Terminal {
            stdout_tty: true,
            stdin_tty: true,
            ..Terminal::default()
        };
        let s = Settings::resolve(&Config::default(), &Overrides::default(), tty.clone());
        assert!(s.explicit_stdout());
        let s = Settings::resolve(
            &Config::default(),
            &Overrides {
                bidi: Some(BidiMode::Terminal),
                ..Overrides::default()
            },
            tty,
        );
        assert!(!s.explicit_stdout());
        let piped = Settings::resolve(&Config::default(), &Overrides::default(), Terminal::pipe());
        assert!(!piped.explicit_stdout());
    }

    #[test]
    fn hints_name_the_terminal() {
        let env = |set: &'static [(&'static str, &'static str)]| {
            hint(&|v| set.iter().any(|(k, _)| *k == v), &|v| {
                set.iter()
                    .find(|(k, _)| *k == v)
                    .map(|(_, x)| (*x).to_owned())
            })
        };
        assert!(env(&[("TMUX", "1")]).is_some_and(|h| h.contains("tmux")));
        assert!(env(&[("KONSOLE_VERSION", "1")]).is_some_and(|h| h.contains("Konsole")));
        assert!(env(&[("TERM_PROGRAM", "Apple_Terminal")]).is_some());
        assert_eq!(env(&[("TERM_PROGRAM", "vscode")]), None);
        assert_eq!(env(&[]), None);
    }
}
