//! The reader's whole state: plain data, changed only by `update`, drawn by `ui`.

pub mod all_highlights;
pub mod entities;
pub mod passages;
pub mod select;
pub mod sidebar;
pub mod undo;

pub use entities::PanelEntity;

use std::ops::Range;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::article::{Article, ArticleId, ArticleSummary, Counts, TagCount, reading_minutes};
use crate::entities::Label;
use crate::highlight::Color as PassageColor;
use crate::query::{ParseError, Query};
use crate::store::Mention;
use crate::text::{sanitize, single_line};

/// Which pane keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// The views, feeds and tags on the left.
    Sidebar,
    #[default]
    List,
    Reader,
}

/// Where the reader was in a view, to come back to it with Esc (and after a restart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub view: View,
    /// The selected story, found again by id wherever it has moved.
    pub selected: Option<ArticleId>,
    /// Its row on screen, so the list comes back scrolled the same way.
    pub row: usize,
}

/// How many views back Esc can go.
pub const HISTORY_LIMIT: usize = 30;

/// A window drawn over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The key bindings, scrolled by `scroll` rows.
    Help { scroll: u16 },
    /// Every tag with its story count (from [`Model::known_tags`]); Enter filters by one.
    Tags { selected: usize },
    /// Adding and removing tags on one story.
    TagEditor(TagEditor),
    /// The open story's entities by kind, with mention counts; Enter lists every story that
    /// mentions the selected one.
    Entities {
        entities: Vec<PanelEntity>,
        selected: usize,
    },
    /// The open story's address and references, to open or copy.
    Links {
        links: Vec<StoryLink>,
        selected: usize,
    },
    /// The open story's highlights (in [`OpenStory::article`]), in the order of its text;
    /// Enter scrolls the story to the selected one.
    Highlights { selected: usize },
    /// Typing a highlight's note.
    Note(select::NoteEditor),
    /// Every highlight in the library, newest first (its state is
    /// [`Model::all_highlights`]); Enter opens the story at the passage.
    AllHighlights,
}

/// One address a story leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryLink {
    /// The reference number in the text (`[3]`); `None` for the story's own address.
    pub number: Option<usize>,
    /// What the address is, as the overlay shows it.
    pub label: String,
    pub url: String,
}

impl StoryLink {
    /// The story's own address first, then its references in order.
    #[must_use]
    pub fn of(article: &Article) -> Vec<Self> {
        let own = article.url.iter().map(|url| Self {
            number: None,
            label: "this story".into(),
            url: url.clone(),
        });
        let references = crate::html::link_list(&article.body)
            .into_iter()
            .map(|(n, url)| Self {
                number: Some(n),
                label: format!("[{n}]"),
                url,
            });
        own.chain(references).collect()
    }
}

/// The tag editor's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagEditor {
    pub story: ArticleId,
    pub title: String,
    /// The story's tags as they are now.
    pub tags: Vec<String>,
    /// The highlighted tag, which Delete removes.
    pub selected: Option<usize>,
    pub input: TextInput,
}

/// The search prompt at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub input: TextInput,
    /// Why the text does not parse yet, and where; the list keeps the last good query meanwhile.
    pub error: Option<ParseError>,
    /// The view to go back to when the search is cancelled.
    pub before: View,
}

/// One line of editable text with a cursor (a byte offset on a character boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub text: String,
    pub cursor: usize,
}

impl TextInput {
    /// An input holding `text`, the cursor at its end.
    #[must_use]
    pub fn with_text(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            cursor: text.len(),
        }
    }
}

/// What the list shows: a name for the header and the query behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub name: String,
    pub query_text: String,
    pub query: Query,
}

impl View {
    /// A view of a query built by the program (always valid), under a name for the header.
    #[must_use]
    pub fn of_query(name: String, query_text: String) -> Self {
        Self {
            name,
            query: crate::query::parse(&query_text).unwrap_or_default(),
            query_text,
        }
    }

    /// Every story, newest first.
    #[must_use]
    pub fn all() -> Self {
        Self {
            name: "All stories".into(),
            query_text: String::new(),
            query: Query::default(),
        }
    }
}

/// Whether a status message reports success or trouble.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    /// A change that `undo` can take back; the status bar says which key does it.
    Undoable,
    Error,
}

/// A short message in the status bar that fades after a few seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
    pub shown_at: Instant,
}

/// The reader's state.
#[derive(Debug, Clone)]
pub struct Model {
    /// Shown in the header: "demo" or the library file.
    pub library_label: String,
    /// The views on the number keys: built-in ones, then the config's saved searches.
    pub views: Vec<View>,
    pub view: View,
    /// Changes whenever the view does, so late answers for an old view are ignored.
    pub generation: u64,
    /// The loaded part of the list: stories `window_start..window_start + stories.len()`.
    pub stories: Vec<ArticleSummary>,
    pub window_start: usize,
    /// The offset of a window already asked for, so scrolling does not ask twice.
    pub pending_window: Option<usize>,
    /// Size and unread count of the whole view.
    pub counts: Counts,
    /// False until the first list arrives, so an empty library is not announced too early.
    pub loaded: bool,
    /// Index of the selected story in the whole view.
    pub selected: usize,
    /// First list row on screen.
    pub list_offset: usize,
    /// The story in the reading pane, wrapped for the current width.
    pub story: Option<OpenStory>,
    /// A passage of the open story being selected to highlight.
    pub selection: Option<select::Selection>,
    /// The library-wide highlights view, while it is shown or can be gone back to.
    pub all_highlights: Option<all_highlights::AllHighlights>,
    /// The colour the next highlight gets; the colour key cycles it.
    pub highlight_color: PassageColor,
    pub focus: Focus,
    pub overlay: Option<Overlay>,
    pub prompt: Option<Prompt>,
    /// Every tag in the library with its count, for the tag view and completion.
    pub known_tags: Vec<TagCount>,
    pub status: Option<Status>,
    /// Terminal size in columns and rows.
    pub size: (u16, u16),
    /// Longest reading line, from the config.
    pub measure: u16,
    /// Whether entities are coloured in the story.
    pub show_entities: bool,
    pub sidebar: sidebar::Sidebar,
    /// Changes that `undo` can take back.
    pub undo: undo::UndoStack,
    /// True while an undone change's result is taken in, so it is not recorded again.
    pub undoing: bool,
    /// What the undo on its way to the store takes back, for the status bar.
    pub pending_undo: Option<String>,
    /// Earlier views, newest last; Esc goes back to them.
    pub history: Vec<Place>,
    /// The row on screen to restore when the kept story of a reload is found.
    pub restore_row: Option<usize>,
    /// A story to open as soon as its row is loaded (next unread in another part of the list).
    pub open_when_loaded: Option<ArticleId>,
    /// Look for the first unread story once the next list arrives (after moving to another feed).
    pub unread_when_loaded: bool,
    /// Space at the end of a story moves on to the next unread one.
    pub space_next_unread: bool,
    /// Seconds a story must be in the reading pane before it counts as read; zero: on opening.
    pub mark_read_after: Duration,
    /// The story waiting to be marked read, and when.
    pub read_timer: Option<(ArticleId, Instant)>,
    /// The browser, clipboard and pipe programs, from the config.
    pub programs: crate::tui::external::Programs,
    /// Background refreshing: how often, when next, when last.
    pub refresh: AutoRefresh,
    /// Things for the owner of the terminal to do after this update (redraw, copy, run a
    /// program in the foreground); the event loop takes them.
    pub effects: Vec<crate::tui::external::Effect>,
    pub quit: bool,
}

/// The reader's own refreshing of subscriptions (`[refresh] every`): off unless configured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AutoRefresh {
    /// Time between refreshes of the due feeds; `None`: only on the refresh key.
    pub every: Option<Duration>,
    /// When the next one starts.
    pub next: Option<Instant>,
    /// When the last refresh finished, for the header.
    pub last: Option<DateTime<Utc>>,
    /// Interval and retention the refreshes use.
    pub options: crate::subscriptions::Options,
}

impl Model {
    /// The state before anything is loaded.
    #[must_use]
    pub fn new(library_label: impl Into<String>, measure: u16, size: (u16, u16)) -> Self {
        Self {
            library_label: library_label.into(),
            views: builtin_views(),
            view: View::all(),
            generation: 0,
            stories: Vec::new(),
            window_start: 0,
            pending_window: None,
            counts: Counts::default(),
            loaded: false,
            selected: 0,
            list_offset: 0,
            story: None,
            selection: None,
            all_highlights: None,
            highlight_color: PassageColor::default(),
            focus: Focus::List,
            overlay: None,
            prompt: None,
            known_tags: Vec::new(),
            status: None,
            size,
            measure,
            show_entities: true,
            sidebar: sidebar::Sidebar::for_width(size.0),
            undo: undo::UndoStack::default(),
            undoing: false,
            pending_undo: None,
            history: Vec::new(),
            restore_row: None,
            open_when_loaded: None,
            unread_when_loaded: false,
            space_next_unread: true,
            mark_read_after: Duration::ZERO,
            read_timer: None,
            programs: crate::tui::external::Programs::default(),
            refresh: AutoRefresh::default(),
            effects: Vec::new(),
            quit: false,
        }
    }

    /// The story under the list cursor, when its row is loaded.
    #[must_use]
    pub fn selected_story(&self) -> Option<&ArticleSummary> {
        self.story_at(self.selected)
    }

    /// The story at a position in the whole view, when its row is loaded.
    #[must_use]
    pub fn story_at(&self, index: usize) -> Option<&ArticleSummary> {
        index
            .checked_sub(self.window_start)
            .and_then(|i| self.stories.get(i))
    }

    /// Where the reader is now, to come back to.
    #[must_use]
    pub fn place(&self) -> Place {
        Place {
            view: self.view.clone(),
            selected: self.selected_story().map(|s| s.id),
            row: self.selected.saturating_sub(self.list_offset),
        }
    }

    /// Words of the active search, to highlight in the story.
    #[must_use]
    pub fn highlight_words(&self) -> Vec<String> {
        self.view
            .query
            .highlight_terms()
            .iter()
            .flat_map(|t| {
                t.split_whitespace()
                    .map(crate::text::fold)
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

/// The views every library has: 1 all, 2 unread, 3 bookmarked.
#[must_use]
pub fn builtin_views() -> Vec<View> {
    let mut views = vec![View::all()];
    for (name, text) in [("Unread", "is:unread"), ("Bookmarked", "is:bookmarked")] {
        if let Ok(query) = crate::query::parse(text) {
            views.push(View {
                name: name.into(),
                query_text: text.into(),
                query,
            });
        }
    }
    views
}

/// An open story and where the reader is in it.
#[derive(Debug, Clone)]
pub struct OpenStory {
    pub article: Article,
    /// Entities in the body, by byte offset, as stored by the recogniser.
    pub mentions: Vec<Mention>,
    pub lines: Vec<StoryLine>,
    /// The width `lines` were wrapped to.
    pub wrap_width: u16,
    /// First line on screen.
    pub scroll: usize,
    /// The position stored in the library, to know whether it needs saving.
    pub saved_position: u64,
    /// The line of the last search match jumped to, for "match 3 of 12".
    pub last_match: Option<usize>,
}

impl OpenStory {
    /// Lays a story out for `width` columns and restores its reading position.
    #[must_use]
    pub fn new(article: Article, mentions: Vec<Mention>, width: u16) -> Self {
        let lines = layout_story(&article, &mentions, width);
        let saved_position = article.position;
        let scroll = line_at_offset(&lines, saved_position);
        Self {
            article,
            mentions,
            lines,
            wrap_width: width,
            scroll,
            saved_position,
            last_match: None,
        }
    }

    /// Re-wraps for a new width, keeping the same text at the top of the pane.
    pub fn rewrap(&mut self, width: u16) {
        if width == self.wrap_width {
            return;
        }
        let top = self.position();
        self.lines = layout_story(&self.article, &self.mentions, width);
        self.wrap_width = width;
        self.scroll = line_at_offset(&self.lines, top);
    }

    /// Lays the story out again after its title, meta line or tags changed.
    pub fn relayout(&mut self) {
        let top = self.position();
        self.lines = layout_story(&self.article, &self.mentions, self.wrap_width);
        self.scroll = line_at_offset(&self.lines, top);
    }

    /// Byte offset into the body of the top line on screen: what gets saved as the position.
    #[must_use]
    pub fn position(&self) -> u64 {
        match self.lines.get(self.scroll) {
            Some(line) if line.kind == LineKind::Body => line.offset as u64,
            _ => 0,
        }
    }

    /// The id of the story, which a stored story always has.
    #[must_use]
    pub fn id(&self) -> Option<ArticleId> {
        self.article.id
    }
}

/// What a row of the reading pane holds, which decides its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Title,
    Meta,
    Blank,
    Body,
    /// A highlight's note, under the paragraph where its passage ends (or, for a passage no
    /// longer in the text, at the end of the story).
    Note(PassageColor),
}

/// One wrapped row of a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryLine {
    pub text: String,
    pub kind: LineKind,
    /// Byte offset in the (sanitised) body where the row starts; 0 for title and meta rows.
    pub offset: usize,
    /// Entities on this row: byte ranges in `text`. An entity broken over two rows has a part on
    /// each.
    pub marks: Vec<(Range<usize>, Label)>,
    /// Highlighted passages on this row: byte ranges in `text`, with their colour.
    pub passages: Vec<(Range<usize>, PassageColor)>,
}

/// The first row whose text starts at or before `offset`; 0 (the title) for offset 0.
fn line_at_offset(lines: &[StoryLine], offset: u64) -> usize {
    if offset == 0 {
        return 0;
    }
    lines
        .iter()
        .rposition(|l| l.kind == LineKind::Body && l.offset as u64 <= offset)
        .unwrap_or(0)
}

/// The short date shown in the list and the meta line.
#[must_use]
pub fn short_date(date: DateTime<Utc>) -> String {
    date.format("%-d %b %Y").to_string()
}

/// The date a story is shown with: when it was published, or, for a story that does not say,
/// when it was saved, worded so that it is not taken for a publication date.
#[must_use]
pub fn story_date(published: Option<DateTime<Utc>>, saved: DateTime<Utc>) -> String {
    match published {
        Some(date) => short_date(date),
        None => format!("saved {}", short_date(saved)),
    }
}

/// How a line is wrapped: at spaces and at hyphens between words, never inside a web address,
/// so that an address on screen can be copied whole; a line holding an address too long for the
/// pane lets it run past the edge rather than cutting it.
fn wrap_options(line: &str, width: usize) -> textwrap::Options<'static> {
    let mut addresses = line
        .split_whitespace()
        .filter(|word| is_address(word))
        .peekable();
    if addresses.peek().is_none() {
        return textwrap::Options::new(width);
    }
    let long_address = addresses.any(|word| crate::text::width(word) > width);
    // Unicode line breaking allows a break after '/' and '-', which is inside an address; a
    // line holding one breaks at spaces only, and elsewhere at hyphens between words.
    textwrap::Options::new(width)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::Custom(hyphens_outside_addresses))
        .break_words(!long_address)
}

/// Whether a word is a web address (after an opening bracket or quote).
pub(crate) fn is_address(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '[', '<', '"', '\'']);
    word.starts_with("http://") || word.starts_with("https://") || word.starts_with("www.")
}

/// Places after a hyphen between two letters or digits, as textwrap's hyphen splitter finds
/// them; none in an address.
fn hyphens_outside_addresses(word: &str) -> Vec<usize> {
    if is_address(word) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    chars
        .windows(3)
        .filter(|w| w[1].1 == '-' && w[0].1.is_alphanumeric() && w[2].1.is_alphanumeric())
        .map(|w| w[2].0)
        .collect()
}

/// Wraps a story's title, meta line and paragraphs to `width` columns, marking entities.
#[must_use]
pub fn layout_story(article: &Article, mentions: &[Mention], width: u16) -> Vec<StoryLine> {
    let width = usize::from(width.max(1));
    let mut lines = Vec::new();
    let push_wrapped = |text: &str, kind: LineKind, lines: &mut Vec<StoryLine>| {
        for row in textwrap::wrap(text, width) {
            lines.push(StoryLine {
                text: row.into_owned(),
                kind,
                offset: 0,
                marks: Vec::new(),
                passages: Vec::new(),
            });
        }
    };
    push_wrapped(&single_line(&article.title), LineKind::Title, &mut lines);
    push_wrapped(&meta_line(article), LineKind::Meta, &mut lines);
    if article.body.trim().is_empty() {
        lines.push(StoryLine {
            text: String::new(),
            kind: LineKind::Blank,
            offset: 0,
            marks: Vec::new(),
            passages: Vec::new(),
        });
        let why = article
            .not_downloaded
            .as_deref()
            .map_or_else(String::new, |reason| format!(" ({})", single_line(reason)));
        push_wrapped(
            &format!(
                "Saved as a link only: the text of this story has not been downloaded{why}. \
                 `newsdesk fetch` downloads it."
            ),
            LineKind::Meta,
            &mut lines,
        );
        return lines;
    }
    let body = sanitize(&article.body);
    // Stored offsets fit the stored text; text that had to be cleaned is shown unmarked.
    let (mentions, highlights) = if matches!(body, std::borrow::Cow::Borrowed(_)) {
        (mentions, passages::placed(&article.highlights, &body))
    } else {
        (&[][..], Vec::new())
    };
    let mut paragraph_start = 0;
    for paragraph in body.split("\n\n") {
        lines.push(StoryLine {
            text: String::new(),
            kind: LineKind::Blank,
            offset: paragraph_start,
            marks: Vec::new(),
            passages: Vec::new(),
        });
        let mut line_start = paragraph_start;
        for hard_line in paragraph.split('\n') {
            for row in textwrap::wrap(hard_line, wrap_options(hard_line, width)) {
                let offset = match &row {
                    std::borrow::Cow::Borrowed(slice) => {
                        line_start + (slice.as_ptr() as usize - hard_line.as_ptr() as usize)
                    }
                    std::borrow::Cow::Owned(_) => line_start,
                };
                let text = row.into_owned();
                let (marks, passages) = if body[offset..].starts_with(&text) {
                    let end = offset + text.len();
                    (
                        marks_within(mentions, offset, end),
                        passages::within(&highlights, offset, end),
                    )
                } else {
                    (Vec::new(), Vec::new())
                };
                lines.push(StoryLine {
                    text,
                    kind: LineKind::Body,
                    offset,
                    marks,
                    passages,
                });
            }
            line_start += hard_line.len() + 1;
        }
        let paragraph_end = paragraph_start + paragraph.len();
        for (note, color) in passages::notes_ending_in(&highlights, paragraph_start, paragraph_end)
        {
            passages::push_note(&note, color, paragraph_end, width, &mut lines);
        }
        paragraph_start = paragraph_end + 2;
    }
    for (text, color) in passages::orphans(&article.highlights) {
        passages::push_note(&text, color, body.len(), width, &mut lines);
    }
    lines
}

/// The parts of mentions that fall on the body range `start..end`, relative to `start`.
fn marks_within(mentions: &[Mention], start: usize, end: usize) -> Vec<(Range<usize>, Label)> {
    let first = mentions.partition_point(|m| m.end <= start);
    mentions[first..]
        .iter()
        .take_while(|m| m.start < end)
        .map(|m| (m.start.max(start) - start..m.end.min(end) - start, m.label))
        .collect()
}

/// source · author · date · reading time · tags
fn meta_line(article: &Article) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(article.source.as_deref().map(single_line));
    parts.extend(article.author.as_deref().map(single_line));
    parts.extend(match (article.published, article.saved) {
        (Some(date), _) => Some(short_date(date)),
        (None, Some(saved)) => Some(story_date(None, saved)),
        (None, None) => None,
    });
    parts.push(format!(
        "{} min read",
        reading_minutes(article.word_count())
    ));
    if !article.tags.is_empty() {
        let tags: Vec<String> = article
            .tags
            .iter()
            .map(|t| format!("#{}", single_line(t)))
            .collect();
        parts.push(tags.join(" "));
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(body: &str) -> Article {
        let mut article = Article::new("A title", body);
        article.id = Some(1);
        article
    }

    #[test]
    fn paragraphs_are_wrapped_and_separated() {
        let lines = layout_story(&article("one two three four\n\nfive"), &[], 9);
        let body: Vec<_> = lines
            .iter()
            .skip_while(|l| l.kind != LineKind::Blank)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(body, ["", "one two", "three", "four", "", "five"]);
    }

    #[test]
    fn an_entity_broken_over_two_rows_is_marked_on_both() {
        let text = "The visit of Gustavo Petro ended.";
        let mention = Mention {
            start: 13,
            end: 26,
            label: Label::Person,
            name: "Gustavo Petro".into(),
            acronym: None,
        };
        let lines = layout_story(&article(text), &[mention], 20);
        let marked: Vec<(&str, Label)> = lines
            .iter()
            .flat_map(|l| {
                l.marks
                    .iter()
                    .map(|(r, label)| (&l.text[r.clone()], *label))
            })
            .collect();
        assert_eq!(
            marked,
            [("Gustavo", Label::Person), ("Petro", Label::Person)]
        );
    }

    #[test]
    fn offsets_point_into_the_body() {
        let text = "one two three four\n\nfive six";
        let lines = layout_story(&article(text), &[], 9);
        for line in lines.iter().filter(|l| l.kind == LineKind::Body) {
            assert!(text[line.offset..].starts_with(&line.text), "{line:?}");
        }
    }

    #[test]
    fn the_reading_position_survives_a_rewrap() {
        let text = (0..40)
            .map(|i| format!("para {i} with some words in it"))
            .collect::<Vec<_>>()
            .join("\n\n");
        let mut story = OpenStory::new(article(&text), Vec::new(), 20);
        story.scroll = 30;
        let before = story.position();
        let top_text = story.lines[30].text.clone();
        story.rewrap(12);
        assert!(story.position() <= before);
        assert!(
            top_text.starts_with(
                story.lines[story.scroll]
                    .text
                    .split(' ')
                    .next()
                    .unwrap_or("")
            )
        );
        let reopened = OpenStory::new(
            Article {
                position: before,
                ..story.article.clone()
            },
            Vec::new(),
            20,
        );
        assert_eq!(reopened.scroll, 30);
    }
}
