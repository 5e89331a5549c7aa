//! The highlights overlay: each passage of the open story on one row, marked in its colour,
//! its note under it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use super::theme::Theme;
use crate::highlight::Highlight;
use crate::text::{single_line, truncate};
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;
use crate::tui::model::passages::NOTE_MARK;

pub(super) fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    highlights: &[Highlight],
    selected: usize,
    keymap: &Keymap,
    theme: &Theme,
) {
    let box_width = area.width.saturating_sub(4).min(72);
    let room = usize::from(box_width.saturating_sub(4));
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut selected_row = 0;
    for (index, highlight) in highlights.iter().enumerate() {
        if index == selected {
            selected_row = lines.len();
        }
        let gone = if highlight.orphaned {
            " (no longer in the text)"
        } else {
            ""
        };
        let quote = format!(
            "\u{201c}{}\u{201d}{gone}",
            single_line(&highlight.anchor.quote)
        );
        let quote_style = if index == selected {
            theme.selection
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled("▌ ", theme.passage_mark(highlight.color)),
            Span::styled(truncate(&quote, room.saturating_sub(2)), quote_style),
        ]));
        if let Some(note) = &highlight.note {
            lines.push(Line::styled(
                truncate(&format!("  {NOTE_MARK}{}", single_line(note)), room),
                theme.dim,
            ));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        truncate(&keymap.hints(&[Action::Open, Action::Back]), room),
        theme.dim,
    ));
    let popup = super::popup(area, box_width, lines.len());
    let rows = usize::from(popup.height.saturating_sub(2)).max(1);
    let scroll = u16::try_from(selected_row.saturating_sub(rows.saturating_sub(3))).unwrap_or(0);
    let block = Block::bordered()
        .title(" Highlights in this story ")
        .padding(Padding::horizontal(1))
        .border_style(theme.focused_border);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}
