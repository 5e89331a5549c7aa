//! The links overlay: the open story's address and its references, one per row, never wrapped
//! inside an address (a long one is cut with "…"; copying gives it whole).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use super::theme::Theme;
use crate::text::{single_line, truncate, width};
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;
use crate::tui::model::StoryLink;

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
    let height = area
        .height
        .saturating_sub(2)
        .min(u16::try_from(lines.len() + 2).unwrap_or(u16::MAX));
    let popup = Rect::new(
        area.x + (area.width - box_width) / 2,
        area.y + (area.height - height) / 2,
        box_width,
        height,
    );
    let rows = usize::from(height.saturating_sub(2)).max(1);
    let scroll = u16::try_from(selected.saturating_sub(rows.saturating_sub(3))).unwrap_or(0);
    let block = Block::bordered()
        .title(" Links in this story ")
        .padding(Padding::horizontal(1))
        .border_style(theme.focused_border);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}
