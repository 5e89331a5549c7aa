//! Keys to actions: a pure lookup built from the config, and the source of every hint and help
//! line, so what the screen says always matches what the keys do.

use std::collections::HashMap;
use std::fmt::Write as _;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Which table of bindings a key is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Lists, the story and overlays.
    Normal,
    /// A passage is being selected: the word keys come first, then the normal bindings.
    Selecting,
}

/// The bindings in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: HashMap<(KeyCode, KeyModifiers), Action>,
    /// Keys of the actions that only exist while selecting (see
    /// [`Action::only_while_selecting`]); they may repeat keys of `bindings`.
    selecting: HashMap<(KeyCode, KeyModifiers), Action>,
    /// Key names per action, as written in the config, for hints and help.
    names: Vec<(Action, Vec<String>)>,
}

/// A binding the config asked for that cannot be honoured.
#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    #[error("[keys] {0}: no such action; `newsdesk config --default` lists them")]
    UnknownAction(String),
    #[error("[keys] {action}: unknown key name {key:?}")]
    UnknownKey { action: String, key: String },
    #[error("[keys] {key:?} is bound to both {first} and {second}")]
    Conflict {
        key: String,
        first: &'static str,
        second: &'static str,
    },
}

impl Keymap {
    /// Builds the keymap from `[keys]` of the config (action name → key names).
    ///
    /// # Errors
    /// On an unknown action or key name, or one key bound to two actions.
    pub fn from_config<'a>(
        keys: impl IntoIterator<Item = (&'a String, &'a Vec<String>)>,
    ) -> Result<Self, KeymapError> {
        let mut bindings = HashMap::new();
        let mut selecting = HashMap::new();
        let mut names = Vec::new();
        for (action_name, key_names) in keys {
            let action = Action::from_name(action_name)
                .ok_or_else(|| KeymapError::UnknownAction(action_name.clone()))?;
            let table = if action.only_while_selecting() {
                &mut selecting
            } else {
                &mut bindings
            };
            for key_name in key_names {
                let key = parse_key(key_name).ok_or_else(|| KeymapError::UnknownKey {
                    action: action_name.clone(),
                    key: key_name.clone(),
                })?;
                if let Some(previous) = table.insert(key, action)
                    && previous != action
                {
                    return Err(KeymapError::Conflict {
                        key: key_name.clone(),
                        first: previous.name(),
                        second: action.name(),
                    });
                }
            }
            names.push((action, key_names.clone()));
        }
        names.sort_by_key(|(action, _)| Action::ALL.iter().position(|a| a == action));
        // A selection key must not hide a key that selection mode itself uses (`j`, Enter…).
        for (key, action) in &selecting {
            if let Some(hidden) = bindings.get(key).filter(|a| a.used_while_selecting()) {
                let key = names
                    .iter()
                    .find(|(a, _)| a == action)
                    .and_then(|(_, keys)| keys.iter().find(|k| parse_key(k) == Some(*key)))
                    .cloned()
                    .unwrap_or_default();
                return Err(KeymapError::Conflict {
                    key,
                    first: hidden.name(),
                    second: action.name(),
                });
            }
        }
        Ok(Self {
            bindings,
            selecting,
            names,
        })
    }

    /// The action bound to a key press outside selection mode, if any.
    #[must_use]
    pub fn resolve(&self, key: KeyEvent) -> Option<Action> {
        self.resolve_in(Mode::Normal, key)
    }

    /// The action bound to a key press in `mode`, if any.
    #[must_use]
    pub fn resolve_in(&self, mode: Mode, key: KeyEvent) -> Option<Action> {
        let mut modifiers = key.modifiers - KeyModifiers::SHIFT;
        if let KeyCode::BackTab = key.code {
            modifiers = KeyModifiers::NONE;
        }
        // Shift is part of the character for letters and symbols ("G", "?"), so it is ignored.
        let key = (key.code, modifiers);
        let selecting = match mode {
            Mode::Selecting => self.selecting.get(&key),
            Mode::Normal => None,
        };
        selecting.or_else(|| self.bindings.get(&key)).copied()
    }

    /// Key names bound to `action`, as the user wrote them.
    #[must_use]
    pub fn keys_for(&self, action: Action) -> &[String] {
        self.names
            .iter()
            .find(|(a, _)| *a == action)
            .map_or(&[], |(_, keys)| keys.as_slice())
    }

    /// `keys label` pairs for the status bar, for the given actions in order.
    #[must_use]
    pub fn hints(&self, actions: &[Action]) -> String {
        let mut line = String::new();
        for &action in actions {
            let (Some(label), Some(key)) = (action.hint(), self.keys_for(action).first()) else {
                continue;
            };
            if !line.is_empty() {
                line.push_str("  ");
            }
            let _ = write!(line, "{} {label}", display_key(key));
        }
        line
    }

    /// Every binding with its keys, in help-screen order.
    pub fn bindings(&self) -> impl Iterator<Item = (Action, String)> + '_ {
        self.names
            .iter()
            .filter(|(_, keys)| !keys.is_empty())
            .map(|(action, keys)| {
                let shown: Vec<String> = keys.iter().map(|k| display_key(k)).collect();
                (*action, shown.join(" "))
            })
    }
}

/// A key name as shown on screen: arrows as symbols, the rest as written.
fn display_key(name: &str) -> String {
    match name {
        "down" => "↓".into(),
        "up" => "↑".into(),
        "left" => "←".into(),
        "right" => "→".into(),
        other => other.to_owned(),
    }
}

/// Reads a key name from the config: a character, a named key, with `ctrl-`/`alt-` prefixes.
#[must_use]
pub fn parse_key(name: &str) -> Option<(KeyCode, KeyModifiers)> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = name;
    loop {
        if let Some(tail) = rest.strip_prefix("ctrl-") {
            modifiers |= KeyModifiers::CONTROL;
            rest = tail;
        } else if let Some(tail) = rest.strip_prefix("alt-") {
            modifiers |= KeyModifiers::ALT;
            rest = tail;
        } else {
            break;
        }
    }
    let code = match rest.to_ascii_lowercase().as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "shift-tab" | "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "backspace" => KeyCode::Backspace,
        "delete" => KeyCode::Delete,
        "insert" => KeyCode::Insert,
        lower => {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => KeyCode::Char(c),
                _ => {
                    let number = lower.strip_prefix('f')?.parse::<u8>().ok()?;
                    (1..=24).contains(&number).then_some(KeyCode::F(number))?
                }
            }
        }
    };
    Some((code, modifiers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn keymap() -> Keymap {
        let config = Config::defaults().expect("defaults");
        Keymap::from_config(&config.keys).expect("keymap")
    }

    #[test]
    fn every_action_has_a_default_key() {
        let keymap = keymap();
        for action in Action::ALL {
            assert!(
                !keymap.keys_for(action).is_empty(),
                "{} is unbound",
                action.name()
            );
        }
    }

    #[test]
    fn keys_resolve_with_and_without_shift() {
        let keymap = keymap();
        let press = |code, modifiers| keymap.resolve(KeyEvent::new(code, modifiers));
        assert_eq!(
            press(KeyCode::Char('j'), KeyModifiers::NONE),
            Some(Action::MoveDown)
        );
        assert_eq!(
            press(KeyCode::Char('G'), KeyModifiers::SHIFT),
            Some(Action::Last)
        );
        assert_eq!(
            press(KeyCode::Char('?'), KeyModifiers::SHIFT),
            Some(Action::Help)
        );
        assert_eq!(
            press(KeyCode::Char('d'), KeyModifiers::CONTROL),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            press(KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(Action::SwitchPane)
        );
        assert_eq!(press(KeyCode::Char('z'), KeyModifiers::NONE), None);
    }

    #[test]
    fn bad_bindings_are_reported() {
        let unknown_action = [("fly".to_string(), vec!["f".to_string()])];
        assert!(matches!(
            Keymap::from_config(unknown_action.iter().map(|(a, k)| (a, k))),
            Err(KeymapError::UnknownAction(_))
        ));
        let unknown_key = [("quit".to_string(), vec!["hyper-q".to_string()])];
        assert!(matches!(
            Keymap::from_config(unknown_key.iter().map(|(a, k)| (a, k))),
            Err(KeymapError::UnknownKey { .. })
        ));
        let conflict = [
            ("quit".to_string(), vec!["x".to_string()]),
            ("help".to_string(), vec!["x".to_string()]),
        ];
        assert!(matches!(
            Keymap::from_config(conflict.iter().map(|(a, k)| (a, k))),
            Err(KeymapError::Conflict { .. })
        ));
    }

    #[test]
    fn hints_follow_the_bindings() {
        let config = Config::from_layers(
            crate::config::DEFAULT_CONFIG,
            Some("[keys]\nquit = [\"x\"]\n"),
            "t",
        )
        .expect("config");
        let keymap = Keymap::from_config(&config.keys).expect("keymap");
        assert!(keymap.hints(&[Action::Quit]).contains("x quit"));
    }

    #[test]
    fn the_selection_keys_can_be_rebound() {
        let config = Config::from_layers(
            crate::config::DEFAULT_CONFIG,
            Some("[keys]\nselect = [\"x\"]\nnote = [\"ctrl-n\"]\n"),
            "t",
        )
        .expect("config");
        let keymap = Keymap::from_config(&config.keys).expect("keymap");
        let press = |code, modifiers| keymap.resolve(KeyEvent::new(code, modifiers));
        assert_eq!(
            press(KeyCode::Char('x'), KeyModifiers::NONE),
            Some(Action::Select)
        );
        assert_eq!(press(KeyCode::Char('v'), KeyModifiers::NONE), None);
        assert_eq!(
            press(KeyCode::Char('n'), KeyModifiers::CONTROL),
            Some(Action::Note)
        );
        assert_eq!(
            press(KeyCode::Char('}'), KeyModifiers::SHIFT),
            Some(Action::NextParagraph)
        );
    }

    #[test]
    fn word_keys_act_only_while_selecting() {
        let keymap = keymap();
        let press =
            |mode, c| keymap.resolve_in(mode, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        assert_eq!(press(Mode::Normal, 'h'), Some(Action::FocusList));
        assert_eq!(press(Mode::Selecting, 'h'), Some(Action::StartEarlier));
        assert_eq!(press(Mode::Normal, 'b'), Some(Action::ToggleBookmark));
        assert_eq!(press(Mode::Selecting, 'b'), Some(Action::PreviousWord));
        assert_eq!(press(Mode::Normal, 'w'), None);
        assert_eq!(press(Mode::Selecting, 'w'), Some(Action::NextWord));
        assert_eq!(press(Mode::Selecting, 'j'), Some(Action::MoveDown));
    }

    #[test]
    fn a_word_key_may_not_hide_a_selection_key() {
        let config = Config::from_layers(
            crate::config::DEFAULT_CONFIG,
            Some("[keys]\nnext_word = [\"j\"]\n"),
            "t",
        )
        .expect("config");
        let error = Keymap::from_config(&config.keys).expect_err("j extends by sentence");
        assert!(error.to_string().contains("\"j\""), "{error}");
        let rebound = Config::from_layers(
            crate::config::DEFAULT_CONFIG,
            Some("[keys]\nnext_word = [\"x\"]\n"),
            "t",
        )
        .expect("config");
        let keymap = Keymap::from_config(&rebound.keys).expect("keymap");
        let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(
            keymap.resolve_in(Mode::Selecting, x),
            Some(Action::NextWord)
        );
    }
}
