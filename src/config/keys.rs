//! The key vocabulary of the configuration: the actions keys can be bound
//! to (their names are those of `[keys.*]` in `assets/config.toml`) and how
//! a key is written: a character (`j`, `G`, `+`), a name (`space`,
//! `enter`, `esc`, `up`, `down`, `left`, `right`, `pageup`, `pagedown`,
//! `home`, `end`, `tab`, `backspace`) or `ctrl-x`. The reader turns
//! terminal events into these keys (`tui::keymap`).

use serde::Deserialize;

/// Everything a key can do. The names are those of the config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Move down one line (library: one document).
    Down,
    /// Move up one line.
    Up,
    /// Down one page.
    PageDown,
    /// Up one page.
    PageUp,
    /// Down half a page.
    HalfDown,
    /// Up half a page.
    HalfUp,
    /// To the top.
    Top,
    /// To the end.
    Bottom,
    /// Open the selected document.
    Open,
    /// Open the search box: library, full-text search of the corpus;
    /// reading view, find in the document.
    Search,
    /// Next hit in the document.
    NextHit,
    /// Previous hit in the document.
    PrevHit,
    /// List the documents most like this one.
    Related,
    /// Back to the library (reading view).
    Back,
    /// Quit qari (library).
    Quit,
    /// Show the keys.
    Help,
    /// Reading column wider.
    Wider,
    /// Reading column narrower.
    Narrower,
    /// Reading column back to the configured width.
    ResetWidth,
    /// Show invisible characters.
    Inspect,
    /// Mark or unmark the selected document for comparison (library).
    Mark,
    /// Compare the marked documents, or this one with its most similar.
    Compare,
    /// Next difference (compare view).
    NextDiff,
    /// Previous difference (compare view).
    PrevDiff,
    /// Scroll the panes together or apart (compare view).
    ToggleSync,
    /// Move the focus to the other pane (compare view).
    Focus,
    /// Swap the panes (compare view).
    Swap,
    /// Bring a moved passage's partner into view (compare view).
    Partner,
    /// Copy the current paragraph (or the selection) as text, through the
    /// terminal (OSC 52).
    Copy,
    /// Order the results by relevance, newest, oldest, source, in turn
    /// (library).
    Sort,
    /// Show or hide the hits per source and per month (library).
    Facets,
    /// The corpus's stories: clusters of near-duplicates (library).
    Stories,
    /// Underline the passages found in other documents (reading view).
    Reused,
    /// Say which documents hold the passage on screen (reading view).
    Where,
}

impl Action {
    /// One line for the help view.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Down => "down one line",
            Self::Up => "up one line",
            Self::PageDown => "down one page",
            Self::PageUp => "up one page",
            Self::HalfDown => "down half a page",
            Self::HalfUp => "up half a page",
            Self::Top => "to the top",
            Self::Bottom => "to the end",
            Self::Open => "open the selected document",
            Self::Search => "search (library: the corpus; reading: this document)",
            Self::NextHit => "next hit",
            Self::PrevHit => "previous hit",
            Self::Related => "documents like this one",
            Self::Back => "back to the library",
            Self::Quit => "quit",
            Self::Help => "show or hide this help",
            Self::Wider => "wider column",
            Self::Narrower => "narrower column",
            Self::ResetWidth => "column back to its width",
            Self::Inspect => "show invisible characters",
            Self::Mark => "mark for comparison (two at most)",
            Self::Compare => "compare the marked documents, or with the most similar",
            Self::NextDiff => "next difference",
            Self::PrevDiff => "previous difference",
            Self::ToggleSync => "scroll both panes together or apart",
            Self::Focus => "focus the other pane",
            Self::Swap => "swap the panes",
            Self::Partner => "show a moved passage's partner",
            Self::Copy => "copy the paragraph (or the selection) as text",
            Self::Sort => "order results: relevance, newest, oldest, source",
            Self::Facets => "show or hide hits per source and per month",
            Self::Stories => "stories: the documents that tell one story, in clusters",
            Self::Reused => "underline the passages found in other documents",
            Self::Where => "which documents hold the passage on screen",
        }
    }
}

/// A key as the keymap knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// The key.
    pub code: KeyCodeKey,
    /// Whether Control is held.
    pub ctrl: bool,
}

/// The subset of key codes the keymap uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeKey {
    /// A character.
    Char(char),
    /// A named key.
    Named(&'static str),
}

const NAMES: &[&str] = &[
    "space",
    "enter",
    "esc",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "home",
    "end",
    "tab",
    "backspace",
];

/// Parses `j`, `G`, `space`, `ctrl-d`…
///
/// # Errors
/// An unknown name.
pub fn parse_key(s: &str) -> Result<Key, String> {
    let (ctrl, rest) = match s.strip_prefix("ctrl-") {
        Some(r) if !r.is_empty() => (true, r),
        _ => (false, s),
    };
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => KeyCodeKey::Char(c),
        _ => {
            let lower = rest.to_ascii_lowercase();
            match NAMES.iter().find(|n| **n == lower) {
                Some(n) if *n == "space" => KeyCodeKey::Char(' '),
                Some(n) => KeyCodeKey::Named(n),
                None => {
                    return Err(format!(
                        "unknown key '{s}' (use a character, ctrl-x, or one of {})",
                        NAMES.join(", ")
                    ));
                }
            }
        }
    };
    Ok(Key { code, ctrl })
}

/// How a key is shown in the help view.
#[must_use]
pub fn show_key(k: Key) -> String {
    let base = match k.code {
        KeyCodeKey::Char(' ') => "space".to_owned(),
        KeyCodeKey::Char(c) => c.to_string(),
        KeyCodeKey::Named(n) => n.to_owned(),
    };
    if k.ctrl { format!("ctrl-{base}") } else { base }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse() {
        assert_eq!(parse_key("j").expect("j").code, KeyCodeKey::Char('j'));
        assert_eq!(
            parse_key("space").expect("space").code,
            KeyCodeKey::Char(' ')
        );
        let k = parse_key("ctrl-d").expect("ctrl");
        assert!(k.ctrl);
        assert_eq!(
            parse_key("PageDown").expect("named").code,
            KeyCodeKey::Named("pagedown")
        );
        assert!(parse_key("hyper-x").is_err());
        assert!(parse_key("").is_err());
    }
}
