//! Everything a user can ask the reader to do. The snake_case names are the words used in the
//! config file, the help screen and the tests.

use serde::{Deserialize, Serialize};

/// A bindable command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String", into = "String")]
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
    /// Focus the pane to the left: the list from the story, the sidebar from the list.
    FocusList,
    /// Focus the pane to the right: the list from the sidebar, the story from the list.
    FocusReader,
    /// Show or hide the sidebar of views, feeds and tags.
    ToggleSidebar,
    /// Open the next unread story of the view, moving on to the next feed at the end of one.
    NextUnread,
    /// Open the previous unread story of the view.
    PreviousUnread,
    /// Open the selected story.
    Open,
    /// Close the overlay or go back to the list.
    Back,
    /// Mark the selected story read or unread.
    ToggleRead,
    /// Mark every story of the view read (in the sidebar: of the selected entry).
    MarkAllRead,
    /// Take back the last change: a mark, a bookmark, a tag change, a removal.
    Undo,
    /// Remove the selected story from the library (undo brings it back).
    Remove,
    /// Open the story's web address in the browser.
    OpenInBrowser,
    /// List the story's address and references, to open or copy one; 1-9 open reference N.
    ShowLinks,
    /// List the story's highlights and notes; Enter scrolls the story to one.
    ShowHighlights,
    /// List every highlight in the library, newest first; Enter opens the story at one.
    AllHighlights,
    /// Start selecting a passage of the open story, a sentence at a time, to highlight it.
    Select,
    /// While selecting: take in the rest of the paragraph, then the next one.
    NextParagraph,
    /// While selecting: give back the last paragraph (down to the first sentence).
    PreviousParagraph,
    /// While selecting: end the passage a word later, to highlight part of a sentence.
    NextWord,
    /// While selecting: end the passage a word earlier (down to one word).
    PreviousWord,
    /// While selecting: start the passage a word earlier.
    StartEarlier,
    /// While selecting: start the passage a word later (a one-word selection moves along).
    StartLater,
    /// The colour of the next highlight: the next of the few there are.
    CycleColor,
    /// While selecting: highlight with a note; in the highlights list: edit the note.
    Note,
    /// Copy the story's web address (or the selected link's).
    CopyUrl,
    /// Send the story to the `pipe_to` command, or the pager.
    PipeStory,
    /// Clear the screen and draw it again.
    Redraw,
    /// Bookmark the selected story, or remove its bookmark.
    ToggleBookmark,
    /// Add or remove tags on the selected story.
    EditTags,
    /// List every tag; choosing one filters the list.
    ShowTags,
    /// Type a query; the list follows as you type.
    Search,
    /// Scroll to the next line that matches the search.
    NextMatch,
    /// Scroll to the previous line that matches the search.
    PreviousMatch,
    /// List the open story's people, organisations and places; Enter finds other stories.
    ShowEntities,
    /// Colour entities in the story, or stop.
    ToggleHighlights,
    /// Scroll to the next line that mentions an entity.
    NextEntity,
    /// Scroll to the previous line that mentions an entity.
    PreviousEntity,
    /// Switch to view 1-9: all, unread, bookmarked, then the saved views of the config.
    View(u8),
    /// Fetch every subscribed feed in the background.
    Refresh,
    /// Download the full article of the open story (for feeds that give only a summary).
    FetchFullText,
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
    Finding,
    General,
}

/// Config names of the nine view actions.
const VIEW_NAMES: [&str; 9] = [
    "view_1", "view_2", "view_3", "view_4", "view_5", "view_6", "view_7", "view_8", "view_9",
];

impl Group {
    /// The heading as shown.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Moving => "Moving",
            Self::Reading => "Reading",
            Self::Stories => "Stories",
            Self::Finding => "Finding",
            Self::General => "General",
        }
    }
}

impl Action {
    /// Every action, in help-screen order.
    pub const ALL: [Self; 60] = [
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
        Self::ToggleSidebar,
        Self::Open,
        Self::ReadOn,
        Self::Back,
        Self::NextMatch,
        Self::PreviousMatch,
        Self::NextEntity,
        Self::PreviousEntity,
        Self::ToggleHighlights,
        Self::NextUnread,
        Self::PreviousUnread,
        Self::ToggleRead,
        Self::MarkAllRead,
        Self::Undo,
        Self::Remove,
        Self::ToggleBookmark,
        Self::EditTags,
        Self::OpenInBrowser,
        Self::ShowLinks,
        Self::ShowHighlights,
        Self::AllHighlights,
        Self::Select,
        Self::NextParagraph,
        Self::PreviousParagraph,
        Self::NextWord,
        Self::PreviousWord,
        Self::StartEarlier,
        Self::StartLater,
        Self::CycleColor,
        Self::Note,
        Self::CopyUrl,
        Self::PipeStory,
        Self::Search,
        Self::ShowTags,
        Self::ShowEntities,
        Self::View(1),
        Self::View(2),
        Self::View(3),
        Self::View(4),
        Self::View(5),
        Self::View(6),
        Self::View(7),
        Self::View(8),
        Self::View(9),
        Self::Refresh,
        Self::FetchFullText,
        Self::Redraw,
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
            Self::ToggleSidebar => "toggle_sidebar",
            Self::NextUnread => "next_unread",
            Self::PreviousUnread => "previous_unread",
            Self::MarkAllRead => "mark_all_read",
            Self::Undo => "undo",
            Self::Remove => "remove",
            Self::Open => "open",
            Self::Back => "back",
            Self::ToggleRead => "toggle_read",
            Self::OpenInBrowser => "open_in_browser",
            Self::ShowLinks => "show_links",
            Self::ShowHighlights => "show_highlights",
            Self::AllHighlights => "all_highlights",
            Self::Select => "select",
            Self::NextParagraph => "next_paragraph",
            Self::PreviousParagraph => "previous_paragraph",
            Self::NextWord => "next_word",
            Self::PreviousWord => "previous_word",
            Self::StartEarlier => "start_earlier",
            Self::StartLater => "start_later",
            Self::CycleColor => "cycle_color",
            Self::Note => "note",
            Self::CopyUrl => "copy_url",
            Self::PipeStory => "pipe_story",
            Self::Redraw => "redraw",
            Self::ToggleBookmark => "toggle_bookmark",
            Self::EditTags => "edit_tags",
            Self::ShowTags => "show_tags",
            Self::Search => "search",
            Self::NextMatch => "next_match",
            Self::PreviousMatch => "previous_match",
            Self::ShowEntities => "show_entities",
            Self::ToggleHighlights => "toggle_highlights",
            Self::NextEntity => "next_entity",
            Self::PreviousEntity => "previous_entity",
            Self::View(n) => VIEW_NAMES
                .get(usize::from(n).wrapping_sub(1))
                .copied()
                .unwrap_or("view"),
            Self::Refresh => "refresh",
            Self::FetchFullText => "fetch_full_text",
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
            Self::SwitchPane => "next pane",
            Self::FocusList => "pane to the left",
            Self::FocusReader => "pane to the right",
            Self::ToggleSidebar => "sidebar on / off",
            Self::NextUnread => "open the next unread story",
            Self::PreviousUnread => "open the previous unread story",
            Self::MarkAllRead => "mark every story here read",
            Self::Undo => "undo the last change",
            Self::Remove => "remove the story",
            Self::Open => "open the selected story",
            Self::Back => "go back / close",
            Self::ToggleRead => "mark read / unread",
            Self::OpenInBrowser => "open the web page in a browser",
            Self::ShowLinks => "links to open or copy",
            Self::ShowHighlights => "highlights and notes",
            Self::AllHighlights => "every highlight in the library",
            Self::Select => "select sentences to highlight",
            Self::NextParagraph => "selection: a paragraph more",
            Self::PreviousParagraph => "selection: a paragraph less",
            Self::NextWord => "selection: a word more",
            Self::PreviousWord => "selection: a word less",
            Self::StartEarlier => "selection: start a word back",
            Self::StartLater => "selection: start a word on",
            Self::CycleColor => "next highlight colour",
            Self::Note => "highlight + note / edit note",
            Self::CopyUrl => "copy the web address",
            Self::PipeStory => "send the story to a pager",
            Self::Redraw => "redraw the screen",
            Self::ToggleBookmark => "bookmark / remove bookmark",
            Self::EditTags => "edit the story's tags",
            Self::ShowTags => "list tags, pick one",
            Self::Search => "search as you type",
            Self::NextMatch => "next search match in the story",
            Self::PreviousMatch => "previous search match",
            Self::ShowEntities => "entities in the story",
            Self::ToggleHighlights => "colour entities on / off",
            Self::NextEntity => "next line with an entity",
            Self::PreviousEntity => "previous line with an entity",
            Self::View(_) => "switch view",
            Self::Refresh => "fetch subscribed feeds",
            Self::FetchFullText => "fetch the full article",
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
            Self::ShowLinks => Some("links"),
            Self::CopyUrl => Some("copy"),
            Self::ToggleBookmark => Some("bookmark"),
            Self::EditTags => Some("tags"),
            Self::Search => Some("search"),
            Self::ShowEntities => Some("entities"),
            Self::Help => Some("help"),
            Self::Quit => Some("quit"),
            Self::Back => Some("back"),
            Self::ReadOn => Some("page"),
            Self::NextUnread => Some("next unread"),
            Self::MarkAllRead => Some("all read"),
            Self::Undo => Some("undo"),
            Self::ToggleSidebar => Some("sidebar"),
            Self::Note => Some("note"),
            Self::AllHighlights => Some("highlights"),
            _ => None,
        }
    }

    /// Whether the action has keys only while a passage is being selected: such keys may also
    /// be bound to another action, which they do outside selection mode (`h` focuses the list,
    /// and moves the start of a selection).
    #[must_use]
    pub fn only_while_selecting(self) -> bool {
        matches!(
            self,
            Self::NextWord | Self::PreviousWord | Self::StartEarlier | Self::StartLater
        )
    }

    /// Whether selection mode gives the action a meaning of its own, so that a key bound only
    /// while selecting must not hide it.
    #[must_use]
    pub fn used_while_selecting(self) -> bool {
        matches!(
            self,
            Self::MoveDown
                | Self::MoveUp
                | Self::NextParagraph
                | Self::PreviousParagraph
                | Self::NextUnread
                | Self::PreviousUnread
                | Self::PageDown
                | Self::PageUp
                | Self::HalfPageDown
                | Self::HalfPageUp
                | Self::Open
                | Self::Select
                | Self::Note
                | Self::CycleColor
                | Self::Back
                | Self::Quit
        )
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
            | Self::FocusReader
            | Self::ToggleSidebar => Group::Moving,
            Self::Open
            | Self::ReadOn
            | Self::Back
            | Self::NextMatch
            | Self::PreviousMatch
            | Self::NextEntity
            | Self::PreviousEntity
            | Self::ToggleHighlights
            | Self::NextUnread
            | Self::PreviousUnread => Group::Reading,
            Self::ToggleRead
            | Self::MarkAllRead
            | Self::Undo
            | Self::Remove
            | Self::ToggleBookmark
            | Self::EditTags
            | Self::OpenInBrowser
            | Self::ShowLinks
            | Self::ShowHighlights
            | Self::AllHighlights
            | Self::Select
            | Self::NextParagraph
            | Self::PreviousParagraph
            | Self::NextWord
            | Self::PreviousWord
            | Self::StartEarlier
            | Self::StartLater
            | Self::CycleColor
            | Self::Note
            | Self::CopyUrl
            | Self::PipeStory
            | Self::Refresh
            | Self::FetchFullText => Group::Stories,
            Self::Search | Self::ShowTags | Self::ShowEntities | Self::View(_) => Group::Finding,
            Self::Redraw | Self::Help | Self::Quit => Group::General,
        }
    }
}

impl TryFrom<String> for Action {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Self::from_name(&name).ok_or_else(|| format!("no action named {name:?}"))
    }
}

impl From<Action> for String {
    fn from(action: Action) -> Self {
        action.name().to_owned()
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
