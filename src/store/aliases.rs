//! One entity across the library's stories: a bare surname ("Trump") stands for the one full
//! name of the library that ends in it ("Donald Trump"), and an acronym ("WHO") for the one
//! expansion any story defined for it ("World Health Organization"). Kept in `entities` as
//! `canonical_id`, updated as each new entity or definition is written, so reading it costs one
//! join and writing it a few index look-ups per new name, never a pass over the library.

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;

/// 10 -> 11: the library-wide canonical entity of bare surnames and acronyms.
pub(super) const MIGRATION: &str = r"
    -- The entity this one stands for across the library (NULL: itself). Only bare surnames and
    -- acronyms point anywhere, and only at full names and expansions, which point nowhere, so
    -- one step always reaches the canonical entity.
    ALTER TABLE entities ADD COLUMN canonical_id INTEGER;
    -- The last word of a PERSON's full name (folded), to find the full names a surname may mean.
    ALTER TABLE entities ADD COLUMN surname TEXT;
    -- The letters of an ORG or MISC name written as an acronym ('u.n.' -> 'un').
    ALTER TABLE entities ADD COLUMN acronym TEXT;
    UPDATE entities SET surname = substr(key, length(rtrim(key, replace(key, ' ', ''))) + 1)
        WHERE label = 'PERSON' AND instr(key, ' ') > 0;
    UPDATE entities SET acronym = lower(replace(name, '.', ''))
        WHERE label IN ('ORG', 'MISC') AND name NOT GLOB '*[^A-Z.]*'
        AND length(replace(name, '.', '')) BETWEEN 2 AND 6;
    CREATE INDEX entities_by_surname ON entities (surname) WHERE surname IS NOT NULL;
    CREATE INDEX entities_by_acronym ON entities (acronym) WHERE acronym IS NOT NULL;
    CREATE INDEX entities_by_canonical ON entities (canonical_id) WHERE canonical_id IS NOT NULL;
    -- Acronyms a story defined ('World Health Organization (WHO)'): letters -> the expansion.
    CREATE TABLE acronyms (
        acronym   TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        PRIMARY KEY (acronym, entity_id)
    ) WITHOUT ROWID;
    UPDATE entities SET canonical_id = (SELECT f.id FROM entities f WHERE f.surname = entities.key)
        WHERE label = 'PERSON' AND instr(key, ' ') = 0
        AND (SELECT count(*) FROM entities f WHERE f.surname = entities.key) = 1;
";

/// The folded last word of a person's full name, or `None` for a single word.
pub(super) fn surname(label: &str, key: &str) -> Option<String> {
    (label == "PERSON")
        .then(|| key.rsplit_once(' ').map(|(_, last)| last.to_owned()))
        .flatten()
}

/// The letters of an ORG or MISC name written as an acronym.
pub(super) fn acronym(label: &str, name: &str) -> Option<String> {
    matches!(label, "ORG" | "MISC")
        .then(|| crate::entities::canonical::acronym_key(name))
        .flatten()
}

/// Brings the canonical entity of a new entity, and of the names it may change, up to date.
pub(super) fn entity_added(
    conn: &Connection,
    label: &str,
    key: &str,
    name: &str,
) -> Result<(), StoreError> {
    if label == "PERSON" {
        // A new full name may make a bare surname mean it, or make it ambiguous; a new bare
        // name may have one full name to mean.
        let word = surname(label, key);
        resolve_surname(conn, word.as_deref().unwrap_or(key))?;
    } else if let Some(letters) = acronym(label, name) {
        resolve_acronym(conn, &letters)?;
    }
    Ok(())
}

/// Records that a story defined `letters` as the expansion `entity`, and points the acronym's
/// bare entities at it (or at nothing, when definitions now disagree).
pub(super) fn acronym_defined(
    conn: &Connection,
    letters: &str,
    entity: i64,
) -> Result<(), StoreError> {
    let added = conn
        .prepare_cached("INSERT OR IGNORE INTO acronyms (acronym, entity_id) VALUES (?1, ?2)")?
        .execute(params![letters, entity])?;
    if added > 0 {
        resolve_acronym(conn, letters)?;
    }
    Ok(())
}

/// Points the bare PERSON entity `word` at the one full name ending in it, or at nothing.
fn resolve_surname(conn: &Connection, word: &str) -> Result<(), StoreError> {
    let bare: Option<i64> = conn
        .prepare_cached("SELECT id FROM entities WHERE label = 'PERSON' AND key = ?1")?
        .query_row([word], |row| row.get(0))
        .optional()?;
    let Some(bare) = bare else {
        return Ok(());
    };
    let full: Vec<i64> = conn
        .prepare_cached("SELECT id FROM entities WHERE surname = ?1 LIMIT 2")?
        .query_map([word], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    point(conn, &[bare], only(&full))
}

/// Points the entities written as the acronym `letters` at its one defined expansion, or at
/// nothing.
fn resolve_acronym(conn: &Connection, letters: &str) -> Result<(), StoreError> {
    let bare: Vec<i64> = conn
        .prepare_cached("SELECT id FROM entities WHERE acronym = ?1")?
        .query_map([letters], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    if bare.is_empty() {
        return Ok(());
    }
    let expansions: Vec<i64> = conn
        .prepare_cached("SELECT entity_id FROM acronyms WHERE acronym = ?1 LIMIT 2")?
        .query_map([letters], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    point(conn, &bare, only(&expansions))
}

fn only(ids: &[i64]) -> Option<i64> {
    match ids {
        [one] => Some(*one),
        _ => None,
    }
}

fn point(conn: &Connection, entities: &[i64], target: Option<i64>) -> Result<(), StoreError> {
    for &entity in entities {
        conn.prepare_cached(
            "UPDATE entities SET canonical_id = ?2 WHERE id = ?1 AND canonical_id IS NOT ?2",
        )?
        .execute(params![entity, target])?;
    }
    Ok(())
}
