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

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub status: Rect,
}

/// Splits the terminal; `None` when it is too small for anything but a notice.
#[must_use]
pub fn screen(area: Rect, focus: Focus, story_open: bool) -> Option<Screen> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (list, reader) = if area.width < NARROW_WIDTH {
        if focus == Focus::Reader && story_open {
            (None, Some(body))
        } else {
            (Some(body), None)
        }
    } else {
        let [list, reader] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                .areas(body);
        (Some(list), Some(reader))
    };
    Some(Screen {
        header,
        list,
        reader,
        status,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_both_panes() {
        let s = screen(Rect::new(0, 0, 120, 40), Focus::List, false).expect("fits");
        assert_eq!(s.list.map(|r| r.width), Some(48));
        assert!(s.reader.is_some());
    }

    #[test]
    fn narrow_terminals_show_one_pane() {
        let list = screen(Rect::new(0, 0, 60, 20), Focus::List, true).expect("fits");
        assert!(list.list.is_some() && list.reader.is_none());
        let story = screen(Rect::new(0, 0, 60, 20), Focus::Reader, true).expect("fits");
        assert!(story.list.is_none() && story.reader.is_some());
    }

    #[test]
    fn tiny_terminals_get_nothing() {
        for (w, h) in [(1, 1), (23, 40), (200, 5)] {
            assert!(screen(Rect::new(0, 0, w, h), Focus::List, false).is_none());
        }
    }
}
