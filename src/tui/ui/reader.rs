//! The reading pane: the open story's wrapped lines from the scroll position, and how far in we are.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Padding, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};

use super::theme::Theme;
use crate::text::words_starting_with;
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
    let words = model.highlight_words();
    let lines: Vec<Line<'_>> = story
        .lines
        .iter()
        .skip(story.scroll)
        .take(rows)
        .map(|line| match line.kind {
            LineKind::Title => Line::styled(line.text.as_str(), theme.title),
            LineKind::Meta => Line::styled(line.text.as_str(), theme.dim),
            LineKind::Blank | LineKind::Body => highlighted(&line.text, &words, theme),
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

/// A body line with the search words marked.
fn highlighted<'a>(text: &'a str, words: &[String], theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    let mut done = 0;
    for range in words_starting_with(text, words) {
        spans.push(Span::raw(&text[done..range.start]));
        spans.push(Span::styled(&text[range.clone()], theme.highlight));
        done = range.end;
    }
    spans.push(Span::raw(&text[done..]));
    Line::from(spans)
}
