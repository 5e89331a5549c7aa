//! One entity across the library's stories: a bare surname ("Trump") stands for the one full
//! name of the library that ends in it ("Donald Trump"), and an acronym ("WHO") for the one
//! expansion any story defined for it ("World Health Organization"). Kept in `entities` as
//! `canonical_id`, updated as each new entity or definition is written, so reading it costs one
//! join and writing it a few index look-ups per new name, never a pass over the library.

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use crate::entities::canonical;
#[cfg(test)]
use crate::text::fold;

/// 11 -> 12: the library-wide canonical entity of bare surnames and acronyms.
pub(super) const MIGRATION: &str = r"
    -- The entity this one stands for across the library (NULL: itself). Only bare surnames and
    -- acronyms point anywhere, and only at full names and expansions, which point nowhere, so
    -- one step always reaches the canonical entity.
    ALTER TABLE entities ADD COLUMN canonical_id INTEGER;
    -- The last word of a PERSON's full name (folded), to find the full names a surname may mean.
    ALTER TABLE entities ADD COLUMN surname TEXT;
    -- The letters of an ORG or MISC name written as an acronym ('u.n.' -> 'un').
    ALTER TABLE entities ADD COLUMN acronym TEXT;
    -- Both computed by the same Rust functions that fill them for new entities (`register`).
    UPDATE entities SET surname = entity_surname(label, name) WHERE label = 'PERSON';
    UPDATE entities SET acronym = entity_acronym(label, name) WHERE label IN ('ORG', 'MISC');
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

/// The folded surname of a PERSON's full name (see [`canonical::surname`]).
pub(super) fn surname(label: &str, name: &str) -> Option<String> {
    (label == "PERSON")
        .then(|| canonical::surname(name))
        .flatten()
}

/// The letters of an ORG or MISC name written as an acronym.
pub(super) fn acronym(label: &str, name: &str) -> Option<String> {
    matches!(label, "ORG" | "MISC")
        .then(|| canonical::acronym_key(name))
        .flatten()
}

/// The SQL functions the migration fills the new columns with: `entity_surname(label, name)`
/// and `entity_acronym(label, name)`, the same rules as for entities written later.
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("entity_surname", 2, flags, |ctx| {
        let (label, name) = (ctx.get::<String>(0)?, ctx.get::<String>(1)?);
        Ok(surname(&label, &name))
    })?;
    conn.create_scalar_function("entity_acronym", 2, flags, |ctx| {
        let (label, name) = (ctx.get::<String>(0)?, ctx.get::<String>(1)?);
        Ok(acronym(&label, &name))
    })
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
        match surname(label, name) {
            Some(word) => resolve_surname(conn, &word)?,
            None if !key.contains(' ') => resolve_surname(conn, key)?,
            None => {}
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_surname_comes_from_a_full_name_only() {
        assert_eq!(surname("PERSON", "Donald Trump").as_deref(), Some("trump"));
        assert_eq!(
            surname("PERSON", "Ludwig van Beethoven").as_deref(),
            Some("beethoven")
        );
        assert_eq!(
            surname("PERSON", "Martin Luther King Jr.").as_deref(),
            Some("king")
        );
        assert_eq!(surname("PERSON", "J. R. Núñez").as_deref(), Some("nunez"));
        for junk in [
            "Trump",
            ". Lokaka",
            "for. Morkaka",
            "Marco Sharma Northern Power Ltd. Renkaka",
            "Donald van",
            "Daniel Kowalski. Kaquine",
            "Mateo Bellini.\n\nRenharen",
            "Hey Siri",
            "An October",
        ] {
            assert_eq!(surname("PERSON", junk), None, "{junk}");
        }
        assert_eq!(surname("ORG", "Donald Trump"), None);
    }

    #[test]
    fn an_older_library_learns_its_surnames_when_upgraded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("library.db");
        {
            let mut conn = Connection::open(&path).expect("open");
            let tx = conn.transaction().expect("transaction");
            let version = super::super::schema::schema_before(&tx, MIGRATION);
            for (label, name) in [
                ("PERSON", "Donald Trump"),
                ("PERSON", "Trump"),
                ("PERSON", "Boris Johnson"),
                ("PERSON", "Dwayne Johnson"),
                ("PERSON", "Johnson"),
                ("PERSON", "for. Lokaka"),
                ("PERSON", "Lokaka"),
                ("ORG", "U.N."),
            ] {
                tx.execute(
                    "INSERT INTO entities (label, name, key) VALUES (?1, ?2, ?3)",
                    params![label, name, fold(name)],
                )
                .expect("entity");
            }
            tx.pragma_update(None, "user_version", i64::try_from(version).expect("small"))
                .expect("version");
            tx.commit().expect("commit");
        }
        let store = Store::open(&path).expect("the old library opens and is upgraded");
        let canonical = |name: &str| -> Option<String> {
            store
                .conn
                .query_row(
                    "SELECT c.name FROM entities e JOIN entities c ON c.id = e.canonical_id \
                     WHERE e.name = ?1",
                    [name],
                    |row| row.get(0),
                )
                .optional()
                .expect("query")
        };
        assert_eq!(canonical("Trump").as_deref(), Some("Donald Trump"));
        assert_eq!(canonical("Johnson"), None);
        assert_eq!(canonical("Lokaka"), None);
        let letters: Option<String> = store
            .conn
            .query_row(
                "SELECT acronym FROM entities WHERE name = 'U.N.'",
                [],
                |row| row.get(0),
            )
            .expect("acronym");
        assert_eq!(letters.as_deref(), Some("un"));
    }

    #[test]
    fn a_story_naming_an_entity_two_ways_counts_once() {
        use crate::article::Article;
        use crate::entities::Label;
        use crate::store::{Inserted, Mention};
        let mut store = Store::open_in_memory().expect("store");
        let mut ids = Vec::new();
        for body in ["Donald Trump spoke. Trump left.", "Trump spoke again."] {
            let Inserted::New(id) = store.insert(&Article::new("Talks", body)).expect("insert")
            else {
                panic!("a new story");
            };
            ids.push(id);
        }
        let person = |start: usize, end: usize, name: &str| Mention {
            start,
            end,
            label: Label::Person,
            name: name.to_owned(),
            acronym: None,
        };
        // Stored as two entities, as stories analysed apart would store them.
        store
            .set_mentions(
                &[
                    (
                        ids[0],
                        vec![person(0, 12, "Donald Trump"), person(20, 25, "Trump")],
                    ),
                    (ids[1], vec![person(0, 5, "Trump")]),
                ],
                1,
            )
            .expect("mentions");
        let top = store.top_entities(Some(Label::Person), 5).expect("top");
        assert_eq!(top.len(), 1, "{top:?}");
        assert_eq!(
            (top[0].name.as_str(), top[0].stories, top[0].mentions),
            ("Donald Trump", 2, 3)
        );
        let names: Vec<String> = store
            .mentions(ids[1])
            .expect("mentions")
            .into_iter()
            .map(|m| m.name)
            .collect();
        assert_eq!(names, ["Donald Trump"]);
    }
}
