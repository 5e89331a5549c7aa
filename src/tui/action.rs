//! Everything a user can ask the reader to do. The snake_case names are the words used in the
//! config file, the help screen and the tests.

use serde::{Deserialize, Serialize};

/// A bindable command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Next story, or scroll the story down a line.
    MoveDown,
    /// Previous story, or scroll the story up a line.
    MoveUp,
    /// First story, or top of the story.
    First,
    /// Last story, or end of the story.
    Last,
    /// Half a page down.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// A page down.
    PageDown,
    /// A page up.
    PageUp,
    /// Page through the open story, opening the selected one if none is open.
    ReadOn,
    /// Move focus to the other pane.
    SwitchPane,
    /// Focus the story list.
    FocusList,
    /// Focus the reading pane.
    FocusReader,
    /// Open the selected story.
    Open,
    /// Close the overlay or go back to the list.
    Back,
    /// Mark the selected story read or unread.
    ToggleRead,
    /// Open the story's web address in the browser.
    OpenInBrowser,
    /// Show every key binding.
    Help,
    /// Leave newsdesk.
    Quit,
}

/// Headings of the help screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Moving,
    Reading,
    Stories,
    General,
}

impl Group {
    /// The heading as shown.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Moving => "Moving",
            Self::Reading => "Reading",
            Self::Stories => "Stories",
            Self::General => "General",
        }
    }
}

impl Action {
    /// Every action, in help-screen order.
    pub const ALL: [Self; 18] = [
        Self::MoveDown,
        Self::MoveUp,
        Self::First,
        Self::Last,
        Self::HalfPageDown,
        Self::HalfPageUp,
        Self::PageDown,
        Self::PageUp,
        Self::SwitchPane,
        Self::FocusList,
        Self::FocusReader,
        Self::Open,
        Self::ReadOn,
        Self::Back,
        Self::ToggleRead,
        Self::OpenInBrowser,
        Self::Help,
        Self::Quit,
    ];

    /// The name used in the config file.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::MoveDown => "move_down",
            Self::MoveUp => "move_up",
            Self::First => "first",
            Self::Last => "last",
            Self::HalfPageDown => "half_page_down",
            Self::HalfPageUp => "half_page_up",
            Self::PageDown => "page_down",
            Self::PageUp => "page_up",
            Self::ReadOn => "read_on",
            Self::SwitchPane => "switch_pane",
            Self::FocusList => "focus_list",
            Self::FocusReader => "focus_reader",
            Self::Open => "open",
            Self::Back => "back",
            Self::ToggleRead => "toggle_read",
            Self::OpenInBrowser => "open_in_browser",
            Self::Help => "help",
            Self::Quit => "quit",
        }
    }

    /// Looks an action up by its config name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// One line for the help screen.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Self::MoveDown => "next story / scroll down",
            Self::MoveUp => "previous story / scroll up",
            Self::First => "first story / top of story",
            Self::Last => "last story / end of story",
            Self::HalfPageDown => "half a page down",
            Self::HalfPageUp => "half a page up",
            Self::PageDown => "a page down",
            Self::PageUp => "a page up",
            Self::ReadOn => "page through the story",
            Self::SwitchPane => "switch between list and story",
            Self::FocusList => "focus the list",
            Self::FocusReader => "focus the story",
            Self::Open => "open the selected story",
            Self::Back => "go back / close",
            Self::ToggleRead => "mark read / unread",
            Self::OpenInBrowser => "open the web page in a browser",
            Self::Help => "show this help",
            Self::Quit => "quit",
        }
    }

    /// A word or two for the status bar; `None` keeps the action out of the hints.
    #[must_use]
    pub fn hint(self) -> Option<&'static str> {
        match self {
            Self::MoveDown => Some("down"),
            Self::MoveUp => Some("up"),
            Self::Open => Some("open"),
            Self::SwitchPane => Some("pane"),
            Self::ToggleRead => Some("read"),
            Self::OpenInBrowser => Some("browser"),
            Self::Help => Some("help"),
            Self::Quit => Some("quit"),
            Self::Back => Some("back"),
            Self::ReadOn => Some("page"),
            _ => None,
        }
    }

    /// The help-screen heading this action sits under.
    #[must_use]
    pub fn group(self) -> Group {
        match self {
            Self::MoveDown
            | Self::MoveUp
            | Self::First
            | Self::Last
            | Self::HalfPageDown
            | Self::HalfPageUp
            | Self::PageDown
            | Self::PageUp
            | Self::SwitchPane
            | Self::FocusList
            | Self::FocusReader => Group::Moving,
            Self::Open | Self::ReadOn | Self::Back => Group::Reading,
            Self::ToggleRead | Self::OpenInBrowser => Group::Stories,
            Self::Help | Self::Quit => Group::General,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(action));
            let json = serde_json::to_string(&action).expect("serialize");
            assert_eq!(json, format!("\"{}\"", action.name()));
        }
    }
}
