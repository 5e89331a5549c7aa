//! The reading pane: the open story's wrapped lines from the scroll position, and how far in we are.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    Block, Padding, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};

use super::theme::Theme;
use crate::tui::layout::{self, READER_PADDING};
use crate::tui::model::{Focus, LineKind, Model};

pub(super) fn render(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: &Theme) {
    let focused = model.focus == Focus::Reader;
    let mut block = Block::bordered()
        .padding(Padding::horizontal(READER_PADDING))
        .border_style(if focused {
            theme.focused_border
        } else {
            theme.border
        });
    let rows = layout::reader_rows(area);
    let Some(story) = &model.story else {
        let hint = if model.stories.is_empty() {
            ""
        } else {
            "Select a story to read it."
        };
        frame.render_widget(Paragraph::new(hint).style(theme.dim).block(block), area);
        return;
    };
    let total = story.lines.len();
    if total > rows {
        let end = (story.scroll + rows).min(total);
        let percent = end * 100 / total.max(1);
        block = block.title_bottom(Line::from(format!(" {percent}% ")).right_aligned());
    }
    let lines: Vec<Line<'_>> = story
        .lines
        .iter()
        .skip(story.scroll)
        .take(rows)
        .map(|line| {
            let style = match line.kind {
                LineKind::Title => theme.title,
                LineKind::Meta => theme.dim,
                LineKind::Blank | LineKind::Body => ratatui::style::Style::new(),
            };
            Line::styled(line.text.as_str(), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
    if total > rows {
        let mut state = ScrollbarState::new(total.saturating_sub(rows)).position(story.scroll);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            area.inner(Margin::new(0, 1)),
            &mut state,
        );
    }
}
