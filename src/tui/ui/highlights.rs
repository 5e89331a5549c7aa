//! The highlights overlay: each passage of the open story on one row, marked in its colour,
//! its note under it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

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
        lines.push(quote_line(highlight, gone, index == selected, room, theme));
        if let Some(note) = &highlight.note {
            lines.push(Line::styled(
                truncate(&format!("  {NOTE_MARK}{}", single_line(note)), room),
                theme.dim,
            ));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        truncate(
            &keymap.hints(&[Action::Open, Action::Note, Action::Remove, Action::Back]),
            room,
        ),
        theme.dim,
    ));
    super::list_overlay(
        frame,
        area,
        box_width,
        " Highlights in this story ",
        lines,
        selected_row,
        2,
        theme,
    );
}

/// A highlight's first row, here and in the library's view: a bar in its colour, then its
/// quote (and `after`) cut to `room` columns, in reverse video when it is the selected one.
pub(super) fn quote_line(
    highlight: &Highlight,
    after: &str,
    selected: bool,
    room: usize,
    theme: &Theme,
) -> Line<'static> {
    let quote = format!(
        "\u{201c}{}\u{201d}{after}",
        single_line(&highlight.anchor.quote)
    );
    let style = if selected {
        theme.selection
    } else {
        ratatui::style::Style::new()
    };
    Line::from(vec![
        Span::styled("▌ ", theme.passage_mark(highlight.color)),
        Span::styled(truncate(&quote, room.saturating_sub(2)), style),
    ])
}
