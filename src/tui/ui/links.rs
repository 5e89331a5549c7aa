//! The links overlay: the open story's address and its references, one per row, never wrapped
//! inside an address (a long one is cut with "…"; copying gives it whole).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::text::{single_line, truncate, width};
use crate::tui::action::Action;
use crate::tui::external::Hyperlink;
use crate::tui::keymap::Keymap;
use crate::tui::layout;
use crate::tui::model::{Model, StoryLink, is_address};

pub(super) fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    links: &[StoryLink],
    selected: usize,
    keymap: &Keymap,
    theme: &Theme,
) {
    let box_width = area.width.saturating_sub(4);
    let room = usize::from(box_width.saturating_sub(4));
    let label_width = links.iter().map(|l| width(&l.label)).max().unwrap_or(0);
    let mut lines: Vec<Line<'_>> = links
        .iter()
        .enumerate()
        .map(|(index, link)| {
            let base = if index == selected {
                theme.selection
            } else {
                Style::new()
            };
            let label = format!("{:<label_width$}  ", link.label);
            let url = truncate(&single_line(&link.url), room.saturating_sub(width(&label)));
            let gap = room.saturating_sub(width(&label) + width(&url));
            Line::from(vec![
                Span::styled(label, base.patch(theme.dim)),
                Span::styled(url, base),
                Span::styled(" ".repeat(gap), base),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    let hints = keymap.hints(&[Action::Open, Action::CopyUrl, Action::Back]);
    lines.push(Line::styled(
        truncate(&format!("{hints} · 1-9 open reference N"), room),
        theme.dim,
    ));
    super::list_overlay(
        frame,
        area,
        box_width,
        " Links in this story ",
        lines,
        selected,
        2,
        theme,
    );
}

/// The web addresses the reading pane shows, where they are drawn: marked as hyperlinks after
/// the frame (a pure function of the model, like the frame itself). None while an overlay
/// covers the pane.
#[must_use]
pub fn hyperlinks(model: &Model) -> Vec<Hyperlink> {
    let (Some(story), None) = (&model.story, &model.overlay) else {
        return Vec::new();
    };
    let area = Rect::new(0, 0, model.size.0, model.size.1);
    let Some(reader) = layout::screen(area, model.focus, true, model.sidebar.shown)
        .and_then(|screen| screen.reader)
    else {
        return Vec::new();
    };
    let left = reader.x + 1 + layout::READER_PADDING;
    let right = (reader.x + reader.width).saturating_sub(1 + layout::READER_PADDING);
    let mut links = Vec::new();
    for (row, line) in story
        .lines
        .iter()
        .skip(story.scroll)
        .take(layout::reader_rows(reader))
        .enumerate()
    {
        let Ok(row) = u16::try_from(row) else { break };
        let mut from = 0;
        for word in line.text.split(' ') {
            let start = from;
            from += word.len() + 1;
            if !is_address(word) {
                continue;
            }
            let lead = word.len() - word.trim_start_matches(['(', '[', '<', '"', '\'']).len();
            let address =
                word[lead..].trim_end_matches(['.', ',', ';', ':', ')', ']', '>', '"', '\'']);
            let Ok(column) = u16::try_from(width(&line.text[..start + lead])) else {
                continue;
            };
            let x = left.saturating_add(column);
            if x >= right {
                continue;
            }
            // Only what fits in the pane is written over; an address running past the edge
            // stays clipped, and the link still leads to all of it.
            let text: String = address.chars().take(usize::from(right - x)).collect();
            let url = if address.starts_with("www.") {
                format!("https://{address}")
            } else {
                address.to_owned()
            };
            links.push(Hyperlink {
                x,
                y: reader.y + 1 + row,
                text,
                url,
            });
        }
    }
    links
}
