//! The tag overlays: every tag with its count, and the editor for one story's tags.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use super::popup;
use super::theme::Theme;
use crate::text::{single_line, truncate, width};
use crate::tui::edit::TAG_EDITOR_KEYS;
use crate::tui::model::{Model, TagEditor};

pub(super) fn render_list(
    frame: &mut Frame<'_>,
    area: Rect,
    model: &Model,
    selected: usize,
    theme: &Theme,
) {
    let box_area = popup(area, 48, model.known_tags.len().max(1));
    let room = usize::from(box_area.width.saturating_sub(4));
    let rows = usize::from(box_area.height.saturating_sub(2));
    let first = selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line<'_>> = if model.known_tags.is_empty() {
        vec![Line::styled("No tags yet.", theme.dim)]
    } else {
        model
            .known_tags
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .map(|(index, tag)| {
                let count = tag.stories.to_string();
                let name = truncate(
                    &single_line(&tag.name),
                    room.saturating_sub(count.len() + 1),
                );
                let gap = room.saturating_sub(width(&name) + count.len());
                let style = if index == selected {
                    theme.selection
                } else {
                    Style::new()
                };
                Line::from(vec![
                    Span::styled(name, style),
                    Span::styled(" ".repeat(gap), style),
                    Span::styled(count, if index == selected { style } else { theme.dim }),
                ])
            })
            .collect()
    };
    let block = Block::bordered()
        .title(" Tags ")
        .padding(Padding::horizontal(1))
        .border_style(theme.focused_border);
    frame.render_widget(Clear, box_area);
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}

pub(super) fn render_editor(frame: &mut Frame<'_>, area: Rect, editor: &TagEditor, theme: &Theme) {
    let mut lines: Vec<Line<'_>> = Vec::new();
    if editor.tags.is_empty() {
        lines.push(Line::styled("No tags yet.", theme.dim));
    }
    for (index, tag) in editor.tags.iter().enumerate() {
        let style = if editor.selected == Some(index) {
            theme.selection
        } else {
            theme.accent
        };
        lines.push(Line::styled(format!("#{}", single_line(tag)), style));
    }
    lines.push(Line::from(""));
    let label = "Add: ";
    lines.push(Line::from(vec![
        Span::styled(label, theme.title),
        Span::raw(single_line(&editor.input.text)),
    ]));
    lines.push(Line::styled(TAG_EDITOR_KEYS, theme.dim));
    let box_area = popup(area, 64, lines.len());
    let title = format!(
        " Tags · {} ",
        truncate(
            &editor.title,
            usize::from(box_area.width.saturating_sub(12))
        )
    );
    let block = Block::bordered()
        .title(title)
        .padding(Padding::horizontal(1))
        .border_style(theme.focused_border);
    let inner = block.inner(box_area);
    let input_row = u16::try_from(lines.len().saturating_sub(2)).unwrap_or(0);
    frame.render_widget(Clear, box_area);
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
    let column = width(label) + width(&editor.input.text[..editor.input.cursor]);
    let column = u16::try_from(column).unwrap_or(u16::MAX);
    if column < inner.width && input_row < inner.height {
        frame.set_cursor_position(Position::new(inner.x + column, inner.y + input_row));
    }
}
