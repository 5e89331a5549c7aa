//! The note editor: a box with the passage's first words, the note's lines and the cursor.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use super::theme::Theme;
use crate::text::{sanitize, single_line, truncate, width};
use crate::tui::edit::NOTE_EDITOR_KEYS;
use crate::tui::model::select::{NoteEditor, NoteTarget};

/// Rows the note can take on screen; a longer note scrolls with the cursor.
const NOTE_ROWS: usize = 6;

pub(super) fn render(frame: &mut Frame<'_>, area: Rect, editor: &NoteEditor, theme: &Theme) {
    let title = match &editor.target {
        NoteTarget::New { highlight, .. } => format!(
            " Note on \u{201c}{}\u{201d} ",
            single_line(&highlight.anchor.quote)
        ),
        NoteTarget::Edit { .. } => " Edit the note ".to_owned(),
    };
    let text_lines: Vec<&str> = editor.text.split('\n').collect();
    let cursor_row = editor.text[..editor.cursor].matches('\n').count();
    let first = cursor_row.saturating_sub(NOTE_ROWS - 1);
    let mut lines: Vec<Line<'_>> = text_lines
        .iter()
        .skip(first)
        .take(NOTE_ROWS)
        .map(|l| Line::raw(sanitize(l).into_owned()))
        .collect();
    while lines.len() < NOTE_ROWS.min(3) {
        lines.push(Line::raw(""));
    }
    let typed_rows = lines.len();
    lines.push(Line::styled(NOTE_EDITOR_KEYS, theme.dim));
    let box_area = super::popup(area, 72, lines.len());
    let title = truncate(&title, usize::from(box_area.width.saturating_sub(4)));
    let block = Block::bordered()
        .title(title)
        .padding(Padding::horizontal(1))
        .border_style(theme.focused_border);
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
    let line_start = editor.text[..editor.cursor]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let column = width(&editor.text[line_start..editor.cursor]);
    let row = cursor_row - first;
    if let (Ok(column), Ok(row)) = (u16::try_from(column), u16::try_from(row))
        && column < inner.width
        && usize::from(row) < typed_rows
        && row < inner.height
    {
        frame.set_cursor_position(Position::new(inner.x + column, inner.y + row));
    }
}
