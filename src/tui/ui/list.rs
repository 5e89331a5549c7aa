//! The list pane: one row per story, the selection highlighted, a scrollbar when it overflows.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::theme::Theme;
use crate::article::ArticleSummary;
use crate::text::{truncate, width};
use crate::tui::layout;
use crate::tui::model::{Focus, Model};

/// Below this inner width the source and date are left out of each row.
const ROOM_FOR_DETAILS: usize = 44;
/// Widest source name shown in a row.
const SOURCE_COLUMNS: usize = 16;

pub(super) fn render(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: &Theme) {
    let focused = model.focus == Focus::List;
    let block = Block::bordered()
        .title(" Stories ")
        .border_style(if focused {
            theme.focused_border
        } else {
            theme.border
        });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = layout::list_rows(area);
    let lines: Vec<Line<'_>> = model
        .stories
        .iter()
        .enumerate()
        .skip(model.list_offset)
        .take(rows)
        .map(|(index, story)| {
            row(
                story,
                usize::from(inner.width),
                index == model.selected,
                theme,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    if model.stories.len() > rows {
        let mut state = ScrollbarState::new(model.stories.len().saturating_sub(rows))
            .position(model.list_offset);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            area.inner(Margin::new(0, 1)),
            &mut state,
        );
    }
}

fn row<'a>(story: &'a ArticleSummary, room: usize, selected: bool, theme: &Theme) -> Line<'a> {
    let unread = if story.read { " " } else { "●" };
    let bookmark = if story.bookmarked { "★" } else { " " };
    let date = story
        .published
        .unwrap_or(story.saved)
        .format("%Y-%m-%d")
        .to_string();
    let details = match &story.source {
        Some(source) if !source.is_empty() => {
            format!("{} · {date}", truncate(source, SOURCE_COLUMNS))
        }
        _ => date,
    };
    let details = if room >= ROOM_FOR_DETAILS {
        details
    } else {
        String::new()
    };
    let title_room = room.saturating_sub(3 + width(&details) + usize::from(!details.is_empty()));
    let title = truncate(&story.title, title_room);
    let gap = room.saturating_sub(3 + width(&title) + width(&details));
    let base = if selected {
        theme.selection
    } else {
        Style::new()
    };
    let title_style = if story.read {
        base
    } else {
        base.patch(theme.title)
    };
    Line::from(vec![
        Span::styled(unread, base.patch(theme.unread)),
        Span::styled(bookmark, base.patch(theme.bookmark)),
        Span::styled(" ", base),
        Span::styled(title, title_style),
        Span::styled(" ".repeat(gap), base),
        Span::styled(details, if selected { base } else { theme.dim }),
    ])
}
