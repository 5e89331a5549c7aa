//! The sidebar's state: the views, subscriptions (by folder) and tags a list can be filtered to,
//! each with its unread and total counts, and which entry is selected.

use crate::article::Counts;
use crate::store::SidebarCounts;
use crate::text::single_line;

use super::View;

/// Terminal width from which the sidebar is shown by default.
pub const SIDEBAR_DEFAULT_WIDTH: u16 = 140;

/// What a sidebar row stands for, which decides how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// All, unread, bookmarked and the config's saved views.
    View,
    /// A title over a group ("Feeds", "Tags"); not selectable.
    Heading,
    /// A folder of subscriptions; choosing it shows every feed inside.
    Folder,
    Feed,
    Tag,
}

/// One row of the sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidebarEntry {
    pub kind: EntryKind,
    /// The name shown, already made safe for the terminal.
    pub label: String,
    /// The list this entry filters to; `None` for headings.
    pub view: Option<View>,
    pub counts: Counts,
    /// Indentation level: feeds inside a folder are one deeper.
    pub depth: u8,
}

/// The sidebar pane.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sidebar {
    /// Whether the pane is on; toggled by a key and remembered between sessions.
    pub shown: bool,
    pub entries: Vec<SidebarEntry>,
    /// Index into `entries`; always a selectable entry once entries are loaded.
    pub selected: usize,
}

impl Sidebar {
    /// A sidebar shown by default on terminals wide enough for three panes.
    #[must_use]
    pub fn for_width(width: u16) -> Self {
        Self {
            shown: width >= SIDEBAR_DEFAULT_WIDTH,
            entries: Vec::new(),
            selected: 0,
        }
    }

    /// Rebuilds the rows from fresh counts, keeping the same entry selected by name.
    pub fn update(&mut self, views: &[View], counts: &SidebarCounts) {
        let previous = self.selected_entry().map(|e| (e.kind, e.label.clone()));
        self.entries = entries(views, counts);
        self.selected = previous
            .and_then(|(kind, label)| {
                self.entries
                    .iter()
                    .position(|e| e.kind == kind && e.label == label)
            })
            .or_else(|| self.entries.iter().position(|e| e.view.is_some()))
            .unwrap_or(0);
    }

    /// The entry under the cursor.
    #[must_use]
    pub fn selected_entry(&self) -> Option<&SidebarEntry> {
        self.entries.get(self.selected)
    }

    /// The selected entry's view, unless a heading is selected.
    #[must_use]
    pub fn selected_view(&self) -> Option<&View> {
        self.selected_entry().and_then(|e| e.view.as_ref())
    }

    /// Moves the cursor by `delta` selectable entries, stopping at either end.
    pub fn move_by(&mut self, delta: isize) {
        let selectable: Vec<usize> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.view.is_some())
            .map(|(i, _)| i)
            .collect();
        let Some(last) = selectable.len().checked_sub(1) else {
            return;
        };
        let at = selectable
            .iter()
            .position(|&i| i >= self.selected)
            .unwrap_or(last);
        let target = at.saturating_add_signed(delta).min(last);
        self.selected = selectable[target];
    }

    /// Selects the entry showing `view`, when there is one.
    pub fn select_view(&mut self, view: &View) {
        if let Some(index) = self
            .entries
            .iter()
            .position(|e| e.view.as_ref() == Some(view))
        {
            self.selected = index;
        }
    }

    /// The first feed after the one showing `view` (wrapping round) with unread stories, for
    /// moving on when a feed has been read through.
    #[must_use]
    pub fn next_unread_feed(&self, view: &View) -> Option<&SidebarEntry> {
        let feeds: Vec<&SidebarEntry> = self
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Feed)
            .collect();
        let here = feeds.iter().position(|e| e.view.as_ref() == Some(view))?;
        (1..feeds.len())
            .map(|step| feeds[(here + step) % feeds.len()])
            .find(|e| e.counts.unread > 0)
    }

    /// Whether `view` is one of the sidebar's feeds.
    #[must_use]
    pub fn is_feed(&self, view: &View) -> bool {
        self.entries
            .iter()
            .any(|e| e.kind == EntryKind::Feed && e.view.as_ref() == Some(view))
    }
}

/// The view of one subscription: a `feed:` search anyone could type.
#[must_use]
pub fn feed_view(title: &str) -> View {
    View::of_query(single_line(title), feed_term(title))
}

fn feed_term(title: &str) -> String {
    format!("feed:\"{}\"", title.replace('"', ""))
}

fn entries(views: &[View], counts: &SidebarCounts) -> Vec<SidebarEntry> {
    let mut rows = Vec::new();
    let builtin = [counts.all, unread_only(counts.all), counts.bookmarked];
    for (index, view) in views.iter().enumerate() {
        let counts = match index {
            0..=2 => builtin[index],
            _ => counts.views.get(index - 3).copied().unwrap_or_default(),
        };
        rows.push(SidebarEntry {
            kind: EntryKind::View,
            label: single_line(&view.name),
            view: Some(view.clone()),
            counts,
            depth: 0,
        });
    }
    if !counts.feeds.is_empty() {
        rows.push(heading("Feeds"));
    }
    let mut folder: Option<&str> = None;
    for feed in &counts.feeds {
        if feed.folder.is_some() && feed.folder.as_deref() != folder {
            folder = feed.folder.as_deref();
            let members: Vec<_> = counts
                .feeds
                .iter()
                .filter(|f| f.folder.as_deref() == folder)
                .collect();
            let query = members
                .iter()
                .map(|f| feed_term(&f.title))
                .collect::<Vec<_>>()
                .join(" OR ");
            let name = single_line(folder.unwrap_or_default());
            rows.push(SidebarEntry {
                kind: EntryKind::Folder,
                label: name.clone(),
                view: Some(View::of_query(format!("Folder {name}"), query)),
                counts: members.iter().fold(Counts::default(), |sum, f| Counts {
                    total: sum.total + f.counts.total,
                    unread: sum.unread + f.counts.unread,
                }),
                depth: 0,
            });
        }
        rows.push(SidebarEntry {
            kind: EntryKind::Feed,
            label: single_line(&feed.title),
            view: Some(feed_view(&feed.title)),
            counts: feed.counts,
            depth: u8::from(feed.folder.is_some()),
        });
    }
    if !counts.tags.is_empty() {
        rows.push(heading("Tags"));
    }
    for (name, tag_counts) in &counts.tags {
        rows.push(SidebarEntry {
            kind: EntryKind::Tag,
            label: format!("#{}", single_line(name)),
            view: Some(View::of_query(
                format!("#{}", single_line(name)),
                format!("tag:\"{}\"", name.replace('"', "")),
            )),
            counts: *tag_counts,
            depth: 0,
        });
    }
    rows
}

fn unread_only(all: Counts) -> Counts {
    Counts {
        total: all.unread,
        unread: all.unread,
    }
}

fn heading(label: &str) -> SidebarEntry {
    SidebarEntry {
        kind: EntryKind::Heading,
        label: label.to_owned(),
        view: None,
        counts: Counts::default(),
        depth: 0,
    }
}
