//! Where each pane goes for a terminal size; shared by update (paging, mouse) and render.

use ratatui::layout::{Constraint, Layout, Rect};

use super::model::Focus;

/// Below this width one pane is shown at a time.
pub const NARROW_WIDTH: u16 = 90;
/// Below this size only a "too small" notice fits.
pub const MIN_WIDTH: u16 = 24;
/// Below this height only a "too small" notice fits.
pub const MIN_HEIGHT: u16 = 6;
/// Columns of padding between the reading pane's border and its text, on each side.
pub const READER_PADDING: u16 = 1;

/// Columns of the sidebar beside the other panes.
pub const SIDEBAR_WIDTH: u16 = 30;

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    pub sidebar: Option<Rect>,
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub status: Rect,
}

/// Splits the terminal; `None` when it is too small for anything but a notice. With `sidebar`
/// on, a wide terminal gets the sidebar on the left and a narrow one shows it as a screen of
/// its own when it has focus.
#[must_use]
pub fn screen(area: Rect, focus: Focus, story_open: bool, sidebar: bool) -> Option<Screen> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut side = None;
    let (list, reader) = if area.width < NARROW_WIDTH {
        if sidebar && focus == Focus::Sidebar {
            side = Some(body);
            (None, None)
        } else if focus == Focus::Reader && story_open {
            (None, Some(body))
        } else {
            (Some(body), None)
        }
    } else {
        let body = if sidebar {
            let [left, rest] =
                Layout::horizontal([Constraint::Length(SIDEBAR_WIDTH), Constraint::Min(1)])
                    .areas(body);
            side = Some(left);
            rest
        } else {
            body
        };
        let [list, reader] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                .areas(body);
        (Some(list), Some(reader))
    };
    Some(Screen {
        header,
        sidebar: side,
        list,
        reader,
        status,
    })
}

/// Rows of entries visible inside the sidebar's border.
#[must_use]
pub fn sidebar_rows(sidebar: Rect) -> usize {
    usize::from(sidebar.height.saturating_sub(2))
}

/// The first sidebar entry on screen: the view scrolls only as far as keeps `selected` visible,
/// so update (mouse hits) and render agree without storing it.
#[must_use]
pub fn sidebar_offset(selected: usize, rows: usize) -> usize {
    selected.saturating_sub(rows.saturating_sub(1))
}

/// Terminal rows per story in the list: the title, then source and date.
pub const STORY_ROWS: u16 = 2;

/// Stories visible inside the list pane's border.
#[must_use]
pub fn list_rows(list: Rect) -> usize {
    usize::from(list.height.saturating_sub(2) / STORY_ROWS)
}

/// Rows of text visible inside the reading pane's border.
#[must_use]
pub fn reader_rows(reader: Rect) -> usize {
    usize::from(reader.height.saturating_sub(2))
}

/// Width the story is wrapped to: the pane's inner width, capped at the reading measure.
#[must_use]
pub fn reader_text_width(reader: Rect, measure: u16) -> u16 {
    reader
        .width
        .saturating_sub(2 + 2 * READER_PADDING)
        .min(measure)
        .max(1)
}

/// Widest the library's highlights view gets, so quotes stay readable lines.
pub const ALL_HIGHLIGHTS_WIDTH: u16 = 110;

/// The box of the library's highlights view: centred, as wide as fits up to
/// [`ALL_HIGHLIGHTS_WIDTH`], the terminal's height but for a row above and below.
#[must_use]
pub fn all_highlights_box(area: Rect) -> Rect {
    let width = area.width.saturating_sub(4).min(ALL_HIGHLIGHTS_WIDTH);
    let height = area.height.saturating_sub(2);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Rows for entries in that box: inside its border, above a blank row and the keys.
#[must_use]
pub fn all_highlights_rows(area: Rect) -> usize {
    usize::from(all_highlights_box(area).height.saturating_sub(4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_both_panes() {
        let s = screen(Rect::new(0, 0, 120, 40), Focus::List, false, false).expect("fits");
        assert_eq!(s.list.map(|r| r.width), Some(48));
        assert!(s.reader.is_some());
    }

    #[test]
    fn narrow_terminals_show_one_pane() {
        let list = screen(Rect::new(0, 0, 60, 20), Focus::List, true, false).expect("fits");
        assert!(list.list.is_some() && list.reader.is_none());
        let story = screen(Rect::new(0, 0, 60, 20), Focus::Reader, true, false).expect("fits");
        assert!(story.list.is_none() && story.reader.is_some());
    }

    #[test]
    fn the_sidebar_takes_the_left_or_a_screen_of_its_own() {
        let wide = screen(Rect::new(0, 0, 150, 40), Focus::List, true, true).expect("fits");
        assert_eq!(
            wide.sidebar.map(|r| (r.x, r.width)),
            Some((0, SIDEBAR_WIDTH))
        );
        assert_eq!(wide.list.map(|r| r.x), Some(SIDEBAR_WIDTH));
        let narrow = screen(Rect::new(0, 0, 60, 20), Focus::Sidebar, true, true).expect("fits");
        assert!(narrow.sidebar.is_some() && narrow.list.is_none() && narrow.reader.is_none());
        let hidden = screen(Rect::new(0, 0, 60, 20), Focus::List, true, true).expect("fits");
        assert!(hidden.sidebar.is_none() && hidden.list.is_some());
    }

    #[test]
    fn tiny_terminals_get_nothing() {
        for (w, h) in [(1, 1), (23, 40), (200, 5)] {
            assert!(screen(Rect::new(0, 0, w, h), Focus::List, false, false).is_none());
        }
    }
}
