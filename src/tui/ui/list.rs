//! The list pane: one row per story, the selection highlighted, a scrollbar when it overflows.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::theme::Theme;
use crate::article::ArticleSummary;
use crate::text::{truncate, width};
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;
use crate::tui::layout;
use crate::tui::model::{Focus, Model, story_date};

pub(super) fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    model: &Model,
    keymap: &Keymap,
    theme: &Theme,
) {
    let focused = model.focus == Focus::List;
    let block = Block::bordered()
        .title(" Stories ")
        .border_style(theme.pane_border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = layout::list_rows(area);
    let room = usize::from(inner.width);
    if model.loaded && model.counts.total == 0 {
        let back_hint = keymap
            .keys_for(Action::Back)
            .first()
            .map_or_else(String::new, |key| format!("{key} shows every story"));
        let notice = Paragraph::new(vec![
            Line::from(""),
            Line::styled("No stories match.", theme.title).centered(),
            Line::styled(back_hint, theme.dim).centered(),
        ]);
        frame.render_widget(notice, inner);
        return;
    }
    let end = (model.list_offset + rows).min(model.counts.total);
    let lines: Vec<Line<'_>> = (model.list_offset..end)
        .flat_map(|index| match model.story_at(index) {
            Some(story) => story_rows(story, room, index == model.selected, theme),
            None => [Line::styled("   …", theme.dim), Line::from("")],
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    if model.counts.total > rows {
        let mut state = ScrollbarState::new(model.counts.total.saturating_sub(rows))
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

/// The two rows of one story: marks and title, then source and date.
fn story_rows<'a>(
    story: &'a ArticleSummary,
    room: usize,
    selected: bool,
    theme: &Theme,
) -> [Line<'a>; 2] {
    let unread = if story.read { " " } else { "●" };
    let bookmark = if story.bookmarked { "★" } else { " " };
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
    let title = truncate(&story.title, room.saturating_sub(3));
    let title_gap = room.saturating_sub(3 + width(&title));
    let date = story_date(story.published, story.saved);
    let details = match story.source.as_deref() {
        Some(source) if !source.is_empty() => format!("{source} · {date}"),
        _ => date,
    };
    let details = truncate(&details, room.saturating_sub(3));
    let details_gap = room.saturating_sub(3 + width(&details));
    [
        Line::from(vec![
            Span::styled(unread, base.patch(theme.unread)),
            Span::styled(bookmark, base.patch(theme.bookmark)),
            Span::styled(" ", base),
            Span::styled(title, title_style),
            Span::styled(" ".repeat(title_gap), base),
        ]),
        Line::from(vec![
            Span::styled("   ", base),
            Span::styled(details, if selected { base } else { theme.dim }),
            Span::styled(" ".repeat(details_gap), base),
        ]),
    ]
}
