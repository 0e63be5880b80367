//! Colours: dark and light themes in the terminal's 16-colour palette, and
//! a colourless one for `NO_COLOR` that keeps bold and reverse video.

use ratatui::style::{Color, Modifier, Style};

use crate::config::ThemeName;
use crate::marks::Marks;

/// The styles qari draws with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Text.
    pub base: Style,
    /// Title and status bars.
    pub bar: Style,
    /// The selected document.
    pub selected: Style,
    /// Search hits.
    pub highlight: Style,
    /// Inspect markers.
    pub marker: Style,
    /// Secondary text (ids, counts).
    pub dim: Style,
    /// Hints and warnings in the status bar.
    pub notice: Style,
    /// Compare: words that differ from the other side (the same on both
    /// sides: neither document is the "old" one).
    pub differ: Style,
    /// Compare: sentences linked to nothing.
    pub only: Style,
    /// Compare: sentences shown apart from their partner.
    pub moved: Style,
    /// Compare: filler rows opposite the other side's text.
    pub filler: Style,
}

impl Theme {
    /// The theme for a setting, `NO_COLOR` and the environment.
    #[must_use]
    pub fn pick(name: ThemeName) -> Self {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Self::plain();
        }
        let light = match name {
            ThemeName::Light => true,
            ThemeName::Dark => false,
            ThemeName::Auto => {
                std::env::var("QARI_THEME").is_ok_and(|v| v.eq_ignore_ascii_case("light"))
                    || std::env::var("COLORFGBG")
                        .ok()
                        .and_then(|v| v.rsplit(';').next().and_then(|b| b.parse::<u8>().ok()))
                        .is_some_and(|bg| bg == 7 || bg == 15)
            }
        };
        if light { Self::light() } else { Self::dark() }
    }

    /// For dark backgrounds.
    #[must_use]
    pub fn dark() -> Self {
        Self {
            base: Style::default(),
            bar: Style::default().fg(Color::Black).bg(Color::Gray),
            selected: Style::default().fg(Color::Black).bg(Color::Cyan),
            highlight: Style::default().fg(Color::Black).bg(Color::Yellow),
            marker: Style::default()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD),
            dim: Style::default().fg(Color::DarkGray),
            notice: Style::default().fg(Color::Black).bg(Color::Yellow),
            differ: Style::default()
                .fg(Color::LightCyan)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            only: Style::default()
                .fg(Color::Gray)
                .add_modifier(Modifier::ITALIC),
            moved: Style::default().fg(Color::LightBlue),
            filler: Style::default().fg(Color::DarkGray),
        }
    }

    /// For light backgrounds.
    #[must_use]
    pub fn light() -> Self {
        Self {
            base: Style::default(),
            bar: Style::default().fg(Color::White).bg(Color::DarkGray),
            selected: Style::default().fg(Color::White).bg(Color::Blue),
            highlight: Style::default().fg(Color::Black).bg(Color::LightYellow),
            marker: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            dim: Style::default().fg(Color::DarkGray),
            notice: Style::default().fg(Color::Black).bg(Color::LightYellow),
            differ: Style::default()
                .fg(Color::Blue)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            only: Style::default()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            moved: Style::default().fg(Color::Magenta),
            filler: Style::default().fg(Color::Gray),
        }
    }

    /// No colour at all (`NO_COLOR`): reverse video and bold only.
    #[must_use]
    pub fn plain() -> Self {
        Self {
            base: Style::default(),
            bar: Style::default().add_modifier(Modifier::REVERSED),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            highlight: Style::default().add_modifier(Modifier::REVERSED),
            marker: Style::default().add_modifier(Modifier::BOLD),
            dim: Style::default(),
            notice: Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            differ: Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            only: Style::default().add_modifier(Modifier::ITALIC),
            moved: Style::default().add_modifier(Modifier::ITALIC),
            filler: Style::default().add_modifier(Modifier::DIM),
        }
    }

    /// A cell's style from its marks: the selection over the current hit
    /// over hits over differing words over sentence marks.
    #[must_use]
    pub fn cell(&self, marks: Marks) -> Style {
        if marks.contains(Marks::SELECTED) {
            Style::default().add_modifier(Modifier::REVERSED)
        } else if marks.contains(Marks::CURRENT) {
            self.highlight
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else if marks.contains(Marks::HIT) {
            self.highlight
        } else if marks.contains(Marks::DIFFER) {
            self.differ
        } else if marks.contains(Marks::ONLY) {
            self.only
        } else if marks.contains(Marks::MOVED) {
            self.moved
        } else if marks.contains(Marks::REUSED) {
            Style::default().add_modifier(Modifier::UNDERLINED)
        } else {
            Style::default()
        }
    }
}
