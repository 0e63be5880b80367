//! Actions and the keymap: the defaults of `assets/config.toml`
//! (`[keys.library]`, `[keys.reading]`, `[keys.compare]`) with the user's changes on top.
//! A key is written as a character (`j`, `G`, `+`), a name (`space`,
//! `enter`, `esc`, `up`, `down`, `left`, `right`, `pageup`, `pagedown`,
//! `home`, `end`, `tab`, `backspace`) or `ctrl-x`.

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
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

/// The keymap key for a terminal key event, if it is one the keymap can name.
#[must_use]
pub fn from_event(ev: &KeyEvent) -> Option<Key> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let code = match ev.code {
        KeyCode::Char(c) => KeyCodeKey::Char(c),
        KeyCode::Enter => KeyCodeKey::Named("enter"),
        KeyCode::Esc => KeyCodeKey::Named("esc"),
        KeyCode::Up => KeyCodeKey::Named("up"),
        KeyCode::Down => KeyCodeKey::Named("down"),
        KeyCode::Left => KeyCodeKey::Named("left"),
        KeyCode::Right => KeyCodeKey::Named("right"),
        KeyCode::PageUp => KeyCodeKey::Named("pageup"),
        KeyCode::PageDown => KeyCodeKey::Named("pagedown"),
        KeyCode::Home => KeyCodeKey::Named("home"),
        KeyCode::End => KeyCodeKey::Named("end"),
        KeyCode::Tab => KeyCodeKey::Named("tab"),
        KeyCode::Backspace => KeyCodeKey::Named("backspace"),
        _ => return None,
    };
    Some(Key { code, ctrl })
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

/// Keys to actions, for one view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keymap {
    map: BTreeMap<Key, Action>,
}

impl Keymap {
    /// Builds a keymap from `action → keys` lists. Later lists win.
    ///
    /// # Errors
    /// A key that cannot be parsed.
    pub fn from_lists<'a>(
        lists: impl IntoIterator<Item = (Action, &'a [String])>,
    ) -> Result<Self, String> {
        let mut map = BTreeMap::new();
        for (action, keys) in lists {
            // A list given again replaces the action's keys.
            map.retain(|_, a| *a != action);
            for k in keys {
                map.insert(parse_key(k)?, action);
            }
        }
        Ok(Self { map })
    }

    /// The action bound to a key event.
    #[must_use]
    pub fn action(&self, ev: &KeyEvent) -> Option<Action> {
        let key = from_event(ev)?;
        // Shifted letters arrive as uppercase characters, with or without
        // the SHIFT flag: the character alone decides.
        self.map.get(&key).copied()
    }

    /// Every binding, grouped by action, for the help view.
    #[must_use]
    pub fn bindings(&self) -> BTreeMap<Action, Vec<Key>> {
        let mut out: BTreeMap<Action, Vec<Key>> = BTreeMap::new();
        for (k, a) in &self.map {
            out.entry(*a).or_default().push(*k);
        }
        out
    }
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

    #[test]
    fn later_lists_replace_an_actions_keys() {
        let a = ["j".to_owned(), "down".to_owned()];
        let b = ["n".to_owned()];
        let km = Keymap::from_lists([(Action::Down, &a[..]), (Action::Down, &b[..])]).expect("ok");
        let ev = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(km.action(&ev), Some(Action::Down));
        let ev = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(km.action(&ev), None);
    }
}
