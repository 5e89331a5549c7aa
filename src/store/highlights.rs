//! Highlights and notes: their table and note index, saving and changing them, anchoring them
//! again when a story's text changes, and listing them per story or across the library.

use std::collections::HashSet;

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Store, StoreError, Window, from_timestamp};
use crate::article::ArticleId;
use crate::highlight::{Anchor, Color, Highlight, HighlightId, StoryHighlights, StoryRef};
use crate::query::Query;

/// Schema step 3 -> 4: the highlights table and a full-text index of their notes.
pub(super) const MIGRATION: &str = r"
    -- A marked passage: its quote with context (re-anchoring) and byte offsets in the body.
    CREATE TABLE highlights (
        id         INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        quote      TEXT NOT NULL,
        prefix     TEXT NOT NULL,
        suffix     TEXT NOT NULL,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        -- 1 when the quote could not be found in the story's current text.
        orphaned   INTEGER NOT NULL DEFAULT 0,
        color      TEXT NOT NULL,
        note       TEXT,
        created    INTEGER NOT NULL,
        updated    INTEGER
    );
    CREATE INDEX highlights_by_article ON highlights (article_id, start);
    CREATE INDEX highlights_by_created ON highlights (created DESC, id DESC);
    -- Words in notes, for searches; rowid = highlights.id.
    CREATE VIRTUAL TABLE highlights_fts USING fts5 (
        note,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER highlights_fts_insert AFTER INSERT ON highlights
    WHEN new.note IS NOT NULL BEGIN
        INSERT INTO highlights_fts (rowid, note) VALUES (new.id, new.note);
    END;
    CREATE TRIGGER highlights_fts_delete AFTER DELETE ON highlights BEGIN
        DELETE FROM highlights_fts WHERE rowid = old.id;
    END;
    CREATE TRIGGER highlights_fts_renote AFTER UPDATE OF note ON highlights BEGIN
        DELETE FROM highlights_fts WHERE rowid = old.id;
        INSERT INTO highlights_fts (rowid, note) SELECT new.id, new.note WHERE new.note IS NOT NULL;
    END;
";

/// A highlight `h` on story `a` holds every word of the JSON array `?1` (folded): none of them
/// is missing from its quote, note, story title and source, folded alike.
const HAS_WORDS: &str = "NOT EXISTS (SELECT 1 FROM json_each(?1) AS w WHERE instr(fold(h.quote \
     || ' ' || coalesce(h.note, '') || ' ' || a.title || ' ' || coalesce(a.source, '')), \
     w.value) = 0)";

/// The words of a filter typed in the reader, folded, as the JSON array [`HAS_WORDS`] reads.
fn filter_words(matching: &str) -> String {
    let words: Vec<String> = matching.split_whitespace().map(crate::text::fold).collect();
    serde_json::to_string(&words).unwrap_or_else(|_| "[]".to_owned())
}

/// The columns [`highlight_from_row`] reads, in order.
const COLUMNS: &str =
    "id, quote, prefix, suffix, start, end, orphaned, color, note, created, updated";

impl Store {
    /// Saves a highlight on a story, anchored to the story's current text. A highlight that
    /// carries an id (one being restored by undo) keeps it when the id is free.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the story does not exist.
    pub fn add_highlight(
        &mut self,
        article: ArticleId,
        highlight: &Highlight,
    ) -> Result<Highlight, StoreError> {
        let tx = self.conn.transaction()?;
        let body = body_of(&tx, article)?;
        let mut saved = highlight.clone();
        saved.reanchor(&body);
        saved.id = Some(insert_highlight(&tx, article, &saved)?);
        tx.commit()?;
        Ok(saved)
    }

    /// Highlights the first place `quote` occurs in a story's text (whitespace may differ).
    ///
    /// # Errors
    /// [`StoreError::QuoteNotFound`] when the story's text does not contain the quote;
    /// [`StoreError::NotFound`] when there is no such story.
    pub fn highlight_quote(
        &mut self,
        article: ArticleId,
        quote: &str,
        color: Color,
        note: Option<String>,
    ) -> Result<Highlight, StoreError> {
        let body = body_of(&self.conn, article)?;
        let anchor = crate::highlight::find_quote(&body, quote)
            .and_then(|range| Anchor::at(&body, range))
            .ok_or(StoreError::QuoteNotFound(article))?;
        self.add_highlight(article, &Highlight::new(anchor, color, note))
    }

    /// A story's highlights in the order of its text, orphaned ones last.
    ///
    /// # Errors
    /// On a database failure.
    pub fn highlights_of(&self, article: ArticleId) -> Result<Vec<Highlight>, StoreError> {
        highlights_in(&self.conn, article)
    }

    /// One highlight and the story it is on.
    ///
    /// # Errors
    /// [`StoreError::NoSuchHighlight`] when no highlight has this id.
    pub fn highlight(&self, id: HighlightId) -> Result<(ArticleId, Highlight), StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT article_id, {COLUMNS} FROM highlights WHERE id = ?1"
            ))?
            .query_row([id], |row| Ok((row.get(0)?, highlight_from_row(row, 1)?)))
            .optional()?
            .ok_or(StoreError::NoSuchHighlight(id))
    }

    /// Changes a highlight's colour and note (`None` removes the note).
    ///
    /// # Errors
    /// [`StoreError::NoSuchHighlight`] when no highlight has this id.
    pub fn update_highlight(
        &self,
        id: HighlightId,
        color: Color,
        note: Option<String>,
    ) -> Result<Highlight, StoreError> {
        let note = note.and_then(crate::highlight::clean_note);
        let changed = self.conn.execute(
            "UPDATE highlights SET color = ?2, note = ?3, updated = ?4 WHERE id = ?1",
            params![id, color.name(), note, Utc::now().timestamp()],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSuchHighlight(id));
        }
        Ok(self.highlight(id)?.1)
    }

    /// Deletes a highlight and its note; returns what was deleted, so it can be restored.
    ///
    /// # Errors
    /// [`StoreError::NoSuchHighlight`] when no highlight has this id.
    pub fn remove_highlight(
        &mut self,
        id: HighlightId,
    ) -> Result<(ArticleId, Highlight), StoreError> {
        let tx = self.conn.transaction()?;
        let found = tx
            .prepare_cached(&format!(
                "SELECT article_id, {COLUMNS} FROM highlights WHERE id = ?1"
            ))?
            .query_row([id], |row| Ok((row.get(0)?, highlight_from_row(row, 1)?)))
            .optional()?
            .ok_or(StoreError::NoSuchHighlight(id))?;
        tx.execute("DELETE FROM highlights WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(found)
    }

    /// Highlights grouped by story, the story highlighted most recently first: of every story,
    /// or of those a query matches.
    ///
    /// # Errors
    /// On a database failure.
    pub fn highlights(&self, query: &Query) -> Result<Vec<StoryHighlights>, StoreError> {
        let wanted: Option<HashSet<ArticleId>> = if query.filter.is_some() {
            Some(self.query_ids(query)?.into_iter().collect())
        } else {
            None
        };
        let ids: Vec<ArticleId> = self
            .conn
            .prepare_cached(
                "SELECT article_id FROM highlights GROUP BY article_id \
                 ORDER BY max(created) DESC, max(id) DESC",
            )?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        ids.into_iter()
            .filter(|id| wanted.as_ref().is_none_or(|set| set.contains(id)))
            .map(|id| {
                Ok(StoryHighlights {
                    story: self.story_ref(id)?,
                    highlights: self.highlights_of(id)?,
                })
            })
            .collect()
    }

    /// One page of the highlights across the library, newest first, each with its story, and
    /// how many there are in all: the reader's library-wide view, which loads a page at a time.
    /// With `matching`, only those holding every one of its words (in any case, with or without
    /// accents) in the quote, the note, or the story's title or source.
    ///
    /// # Errors
    /// On a database failure.
    pub fn recent_highlights(
        &self,
        matching: &str,
        window: Window,
    ) -> Result<(Vec<(StoryRef, Highlight)>, usize), StoreError> {
        let select = format!(
            "SELECT a.id, a.title, a.source, a.url, a.published, a.saved, {} \
             FROM highlights h JOIN articles a ON a.id = h.article_id",
            COLUMNS
                .split(", ")
                .map(|c| format!("h.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let read = |row: &Row<'_>| Ok((story_from_row(row)?, highlight_from_row(row, 6)?));
        if matching.trim().is_empty() {
            let total: i64 = self
                .conn
                .prepare_cached("SELECT count(*) FROM highlights")?
                .query_row([], |row| row.get(0))?;
            let limit = i64::try_from(window.limit).unwrap_or(i64::MAX);
            let offset = i64::try_from(window.offset).unwrap_or(i64::MAX);
            let rows = self
                .conn
                .prepare_cached(&format!(
                    "{select} ORDER BY h.created DESC, h.id DESC LIMIT ?1 OFFSET ?2"
                ))?
                .query_map([limit, offset], read)?
                .collect::<Result<_, _>>()?;
            return Ok((rows, usize::try_from(total).unwrap_or(0)));
        }
        // One pass folds each highlight's text once and gives the count; the page's rows are
        // then read by id.
        let ids: Vec<HighlightId> = self
            .conn
            .prepare_cached(&format!(
                "SELECT h.id FROM highlights h JOIN articles a ON a.id = h.article_id \
                 WHERE {HAS_WORDS} ORDER BY h.created DESC, h.id DESC"
            ))?
            .query_map([filter_words(matching)], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut by_id = self
            .conn
            .prepare_cached(&format!("{select} WHERE h.id = ?1"))?;
        let rows = ids
            .iter()
            .skip(window.offset)
            .take(window.limit)
            .map(|id| by_id.query_row([id], read))
            .collect::<Result<_, _>>()?;
        Ok((rows, ids.len()))
    }

    /// What names a story in a list of highlights.
    fn story_ref(&self, id: ArticleId) -> Result<StoryRef, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT id, title, source, url, published, saved FROM articles WHERE id = ?1",
            )?
            .query_row([id], story_from_row)
            .optional()?
            .ok_or(StoreError::NotFound(id))
    }
}

/// Saves a story's highlights (from an import) inside the caller's transaction, anchored to
/// `body`; one whose passage is not in `body` is kept, flagged orphaned.
pub(super) fn save_highlights(
    conn: &Connection,
    article: ArticleId,
    highlights: &[Highlight],
    body: &str,
) -> Result<(), StoreError> {
    for highlight in highlights {
        let mut highlight = highlight.clone();
        highlight.id = None;
        highlight.reanchor(body);
        insert_highlight(conn, article, &highlight)?;
    }
    Ok(())
}

/// Adds to a story already saved the highlights of another copy of it (an export or a
/// read-later file imported again) that it does not have yet: same quote and same note.
pub(super) fn merge_highlights(
    conn: &Connection,
    article: ArticleId,
    highlights: &[Highlight],
) -> Result<(), StoreError> {
    if highlights.is_empty() {
        return Ok(());
    }
    let existing = highlights_in(conn, article)?;
    let new: Vec<Highlight> = highlights
        .iter()
        .filter(|h| {
            !existing
                .iter()
                .any(|e| e.anchor.quote == h.anchor.quote && e.note == h.note)
        })
        .cloned()
        .collect();
    save_highlights(conn, article, &new, &body_of(conn, article)?)
}

/// Anchors a story's highlights again after its text changed, inside the caller's transaction.
pub(super) fn reanchor_in(
    conn: &Connection,
    article: ArticleId,
    body: &str,
) -> Result<(), StoreError> {
    for mut highlight in highlights_in(conn, article)? {
        highlight.reanchor(body);
        conn.prepare_cached(
            "UPDATE highlights SET start = ?2, end = ?3, orphaned = ?4 WHERE id = ?1",
        )?
        .execute(params![
            highlight.id,
            to_sql_offset(highlight.anchor.start),
            to_sql_offset(highlight.anchor.end),
            highlight.orphaned,
        ])?;
    }
    Ok(())
}

fn highlights_in(conn: &Connection, article: ArticleId) -> Result<Vec<Highlight>, StoreError> {
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM highlights WHERE article_id = ?1 ORDER BY orphaned, start, id"
        ))?
        .query_map([article], |row| highlight_from_row(row, 0))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

fn insert_highlight(
    conn: &Connection,
    article: ArticleId,
    highlight: &Highlight,
) -> Result<HighlightId, StoreError> {
    let free_id = match highlight.id {
        Some(id) => conn
            .prepare_cached("SELECT 1 FROM highlights WHERE id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_none()
            .then_some(id),
        None => None,
    };
    conn.prepare_cached(
        "INSERT INTO highlights (id, article_id, quote, prefix, suffix, start, end, orphaned, \
         color, note, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        free_id,
        article,
        highlight.anchor.quote,
        highlight.anchor.prefix,
        highlight.anchor.suffix,
        to_sql_offset(highlight.anchor.start),
        to_sql_offset(highlight.anchor.end),
        highlight.orphaned,
        highlight.color.name(),
        highlight
            .note
            .clone()
            .and_then(crate::highlight::clean_note),
        highlight.created.timestamp(),
        highlight.updated.map(|at| at.timestamp()),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// A story's text, or [`StoreError::NotFound`].
fn body_of(conn: &Connection, article: ArticleId) -> Result<String, StoreError> {
    conn.prepare_cached("SELECT body FROM bodies WHERE article_id = ?1")?
        .query_row([article], |row| row.get(0))
        .optional()?
        .ok_or(StoreError::NotFound(article))
}

/// A story's id, title, source, address, publication and saving time, in the first six columns.
fn story_from_row(row: &Row<'_>) -> rusqlite::Result<StoryRef> {
    Ok(StoryRef {
        id: row.get(0)?,
        title: row.get(1)?,
        source: row.get(2)?,
        url: row.get(3)?,
        published: row.get::<_, Option<i64>>(4)?.and_then(from_timestamp),
        saved: from_timestamp(row.get(5)?).unwrap_or_default(),
    })
}

fn highlight_from_row(row: &Row<'_>, first: usize) -> rusqlite::Result<Highlight> {
    let offset = |index: usize| -> rusqlite::Result<usize> {
        Ok(usize::try_from(row.get::<_, i64>(first + index)?).unwrap_or(0))
    };
    Ok(Highlight {
        id: Some(row.get(first)?),
        anchor: Anchor {
            quote: row.get(first + 1)?,
            prefix: row.get(first + 2)?,
            suffix: row.get(first + 3)?,
            start: offset(4)?,
            end: offset(5)?,
        },
        orphaned: row.get(first + 6)?,
        color: row.get::<_, String>(first + 7)?.parse().unwrap_or_default(),
        note: row.get(first + 8)?,
        created: from_timestamp(row.get(first + 9)?).unwrap_or_default(),
        updated: row
            .get::<_, Option<i64>>(first + 10)?
            .and_then(from_timestamp),
    })
}

fn to_sql_offset(offset: usize) -> i64 {
    i64::try_from(offset).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests;
