//! The sidebar pane: views, feeds (under their folders) and tags, each with unread/total counts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::theme::Theme;
use crate::text::{truncate, width};
use crate::tui::layout;
use crate::tui::model::sidebar::{EntryKind, SidebarEntry};
use crate::tui::model::{Focus, Model};

pub(super) fn render(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: &Theme) {
    let focused = model.focus == Focus::Sidebar;
    let block = Block::bordered()
        .title(" Library ")
        .border_style(theme.pane_border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let sidebar = &model.sidebar;
    if sidebar.entries.is_empty() {
        frame.render_widget(Paragraph::new(Line::styled(" loading…", theme.dim)), inner);
        return;
    }
    let rows = layout::sidebar_rows(area);
    let offset = layout::sidebar_offset(sidebar.selected, rows);
    let room = usize::from(inner.width);
    let lines: Vec<Line<'_>> = sidebar
        .entries
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(index, entry)| {
            let chosen = entry.view.as_ref() == Some(&model.view);
            row(
                entry,
                room,
                index == sidebar.selected,
                focused,
                chosen,
                theme,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One entry: its name, indented by depth, and "unread/total" at the right edge.
fn row<'a>(
    entry: &'a SidebarEntry,
    room: usize,
    selected: bool,
    focused: bool,
    chosen: bool,
    theme: &Theme,
) -> Line<'a> {
    if entry.kind == EntryKind::Heading {
        return Line::styled(truncate(&entry.label, room), theme.accent);
    }
    let counts = format!("{}/{}", entry.counts.unread, entry.counts.total);
    let marker = if chosen { "▸" } else { " " };
    let indent = "  ".repeat(usize::from(entry.depth));
    let name_room = room.saturating_sub(width(&counts) + 1);
    let name = truncate(&format!("{marker}{indent}{}", entry.label), name_room);
    let gap = room.saturating_sub(width(&name) + width(&counts));
    let name_style = if entry.counts.unread > 0 {
        theme.unread
    } else {
        ratatui::style::Style::default()
    };
    let line = Line::from(vec![
        Span::styled(name, name_style),
        Span::raw(" ".repeat(gap)),
        Span::styled(counts, theme.dim),
    ]);
    if selected && focused {
        line.style(theme.selection)
    } else if selected {
        line.style(theme.title)
    } else {
        line
    }
}
