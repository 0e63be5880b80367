//! The reader's keymaps: terminal key events to actions, one map per
//! screen, built from the configuration's `[keys.*]` lists (the embedded
//! defaults with the user's changes on top).

use std::collections::BTreeMap;

pub use crate::config::keys::{Action, show_key};
use crate::config::keys::{Key, KeyCodeKey, parse_key};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::Keys;

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

/// The keymaps, per screen.
#[derive(Clone, Debug, Default)]
pub struct Keymaps {
    /// The library.
    pub library: Keymap,
    /// The reading screen.
    pub reading: Keymap,
    /// The compare screen.
    pub compare: Keymap,
}

impl Keymaps {
    /// Builds the keymaps from the configuration's lists.
    ///
    /// # Errors
    /// A key that cannot be parsed.
    pub fn from_config(keys: &Keys) -> Result<Self, String> {
        let map = |lists: &std::collections::BTreeMap<Action, Vec<String>>| {
            Keymap::from_lists(lists.iter().map(|(a, k)| (*a, k.as_slice())))
        };
        Ok(Self {
            library: map(&keys.library)?,
            reading: map(&keys.reading)?,
            compare: map(&keys.compare)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
