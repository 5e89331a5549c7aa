//! The library's highlights view: each highlight as its quote marked in its colour, the first
//! line of its note, and the story it is on, newest first, with the keys at the foot.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use super::theme::Theme;
use crate::text::{sanitize, single_line, truncate, width};
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;
use crate::tui::layout;
use crate::tui::model::all_highlights::{AllHighlights, HighlightRow};
use crate::tui::model::passages::NOTE_MARK;
use crate::tui::model::short_date;

/// Shown before the filter's words.
const FILTER_LEADER: &str = "/ ";

/// Said before the story of a highlight whose passage is gone from the story's text.
const ORPHANED: &str = "no longer in the text · ";

pub(super) fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    view: &AllHighlights,
    keymap: &Keymap,
    theme: &Theme,
) {
    let popup = layout::all_highlights_box(area);
    let room = usize::from(popup.width.saturating_sub(4));
    let rows = layout::all_highlights_rows(area);
    let mut lines: Vec<Line<'_>> = Vec::new();
    let first = view.first_on_screen(rows);
    for (index, row) in view.rows.iter().enumerate().skip(first) {
        // The first entry is drawn even where it does not fit whole (a very short terminal).
        if !lines.is_empty() && lines.len() + row.height() > rows {
            break;
        }
        entry(&mut lines, row, index == view.selected, room, theme);
    }
    lines.truncate(rows);
    let filter = sanitize(&view.filter.text);
    match view.total {
        None => lines.push(Line::styled("loading…", theme.dim)),
        Some(0) if !filter.is_empty() => lines.push(Line::styled(
            truncate(
                &format!("No highlight holds \u{201c}{filter}\u{201d}"),
                room,
            ),
            theme.dim,
        )),
        Some(_) => {}
    }
    lines.resize(rows, Line::from(""));
    lines.push(if view.typing || !filter.is_empty() {
        Line::from(vec![
            Span::styled(FILTER_LEADER, theme.accent),
            Span::raw(truncate(&filter, room.saturating_sub(width(FILTER_LEADER)))),
        ])
    } else {
        Line::from("")
    });
    let keys = if view.typing {
        "enter keep the filter  esc clear it".to_owned()
    } else {
        super::labelled_hints(
            keymap,
            &[
                (&[Action::Open], "open at the passage"),
                (&[Action::Note], "note"),
                (&[Action::Remove], "delete"),
                (&[Action::Undo], "undo"),
                (&[Action::Search], "filter"),
                (&[Action::Back], "back"),
            ],
        )
    };
    lines.push(Line::styled(truncate(keys.trim_start(), room), theme.dim));
    let what = if filter.is_empty() {
        "Highlights in the library".to_owned()
    } else {
        format!("Highlights holding \u{201c}{filter}\u{201d}")
    };
    let title = match view.total {
        Some(total) if total > view.rows.len() => format!(
            " {what}: {total}, newest first ({} loaded) ",
            view.rows.len()
        ),
        Some(total) => format!(" {what}: {total}, newest first "),
        None => format!(" {what} "),
    };
    let block = Block::bordered()
        .title(truncate(&title, usize::from(popup.width.saturating_sub(2))))
        .padding(Padding::horizontal(1))
        .border_style(theme.focused_border);
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
    if view.typing {
        // Inside the border and padding, on the filter's row, after the leader.
        let typed =
            width(FILTER_LEADER) + width(&sanitize(&view.filter.text[..view.filter.cursor]));
        let column = popup.x + 2 + u16::try_from(typed).unwrap_or(u16::MAX);
        let row = popup.y + popup.height.saturating_sub(3);
        if column < popup.right().saturating_sub(2) {
            frame.set_cursor_position(Position::new(column, row));
        }
    }
}

/// One highlight's rows: the quote, the first line of the note, the story.
fn entry<'a>(
    lines: &mut Vec<Line<'a>>,
    row: &HighlightRow,
    selected: bool,
    room: usize,
    theme: &Theme,
) {
    let highlight = &row.highlight;
    lines.push(super::highlights::quote_line(
        highlight, "", selected, room, theme,
    ));
    if let Some(note) = &highlight.note {
        let first = note.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let more = if note.trim().lines().count() > 1 {
            " …"
        } else {
            ""
        };
        lines.push(Line::styled(
            truncate(&format!("  {NOTE_MARK}{}{more}", single_line(first)), room),
            theme.passage_mark(highlight.color),
        ));
    }
    let story = &row.story;
    let mut about = vec![story.title.clone()];
    about.extend(story.source.clone());
    about.push(format!("highlighted {}", short_date(highlight.created)));
    let mut spans = vec![Span::raw("  ")];
    let mut used = 2;
    if highlight.orphaned {
        spans.push(Span::styled(ORPHANED, theme.error));
        used += crate::text::width(ORPHANED);
    }
    spans.push(Span::styled(
        truncate(&about.join(" · "), room.saturating_sub(used)),
        theme.dim,
    ));
    lines.push(Line::from(spans));
}
