//! Opening a library: recognising the file before anything is written, opening it for reading
//! only where it cannot be written, and bringing its schema up to date.

use std::path::Path;

use rusqlite::{Connection, MAIN_DB, OpenFlags, TransactionBehavior};

use super::{BUSY_TIMEOUT, Store, StoreError, register_functions, schema};

impl Store {
    /// Opens (creating if needed) the library at `path` and brings its schema up to date.
    ///
    /// # Errors
    /// When the file cannot be opened, is not a library, or was written by a newer version.
    /// A library SQLite cannot write to (its folder or the file is read-only) is opened for
    /// reading only: reading works, and each change fails with [`StoreError::ReadOnly`] saying
    /// why, instead of the library being reported as damaged.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(|cause| StoreError::Open {
            path: path.to_path_buf(),
            cause,
        })?;
        // SQLite opens a file it may not write to for reading only.
        if conn.is_readonly(MAIN_DB).unwrap_or(false) {
            drop(conn);
            return Self::open_read_only(path, "the file is read-only", false);
        }
        match Self::prepare(conn, path) {
            // In a folder it cannot write to, SQLite fails to create the files it keeps beside
            // the library; only then is the folder looked at.
            Err(error) if refused_writing(&error) => match unwritable_folder(path) {
                Some(reason) => Self::open_read_only(path, &reason, true),
                None => Err(error),
            },
            other => other,
        }
    }

    /// Opens a library for reading only; `reason` says why it cannot be written. A library that
    /// would need an upgrade (or does not exist yet) is refused, since that needs writing.
    ///
    /// In a folder nobody can write to, SQLite cannot create the `-shm` file a WAL library needs
    /// even for reading, so the file is opened as immutable: no program without write access to
    /// the folder can change it meanwhile either.
    pub(super) fn open_read_only(
        path: &Path,
        reason: &str,
        immutable: bool,
    ) -> Result<Self, StoreError> {
        let open_error = |cause| StoreError::Open {
            path: path.to_path_buf(),
            cause,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = if immutable {
            let absolute = path
                .canonicalize()
                .map_err(|e| open_error(rusqlite::Error::InvalidPath(e.to_string().into())))?;
            let mut uri = url::Url::from_file_path(&absolute)
                .map_err(|()| open_error(rusqlite::Error::InvalidPath(absolute.clone())))?;
            uri.set_query(Some("immutable=1"));
            Connection::open_with_flags(uri.as_str(), flags)
        } else {
            Connection::open_with_flags(path, flags)
        }
        .map_err(open_error)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let corrupt = |cause| StoreError::Corrupt {
            path: path.to_path_buf(),
            cause,
        };
        let cannot = |need| StoreError::CannotUpgrade {
            path: path.to_path_buf(),
            reason: reason.to_owned(),
            need,
        };
        match schema::identify(&conn).map_err(corrupt)? {
            schema::Kind::Foreign => {
                return Err(StoreError::Foreign {
                    path: path.to_path_buf(),
                });
            }
            schema::Kind::Empty => return Err(cannot("a new library must be written")),
            schema::Kind::Library { version, .. } if version > schema::CURRENT_VERSION => {
                return Err(StoreError::TooNew {
                    path: path.to_path_buf(),
                    found: version,
                    supported: schema::CURRENT_VERSION,
                });
            }
            schema::Kind::Library { version, .. } if version < schema::CURRENT_VERSION => {
                return Err(cannot(
                    "it was written by an older newsdesk and must be upgraded first",
                ));
            }
            schema::Kind::Library { .. } => {}
        }
        register_functions(&conn)?;
        let store = Self {
            conn,
            seen_version: std::cell::Cell::new(0),
        };
        store.changed_elsewhere()?;
        Ok(store)
    }

    /// A library that lives only in memory; for tests and throwaway work.
    ///
    /// # Errors
    /// Only if SQLite itself cannot start.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::prepare(Connection::open_in_memory()?, Path::new(":memory:"))
    }

    fn prepare(mut conn: Connection, path: &Path) -> Result<Self, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Every transaction here may write, so each takes the write lock when it begins: a
        // deferred one that read first cannot wait for the lock later (in WAL mode SQLite fails
        // that upgrade at once instead of calling the busy handler), so it would fail at once.
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        // Recognising the file first detects a damaged or foreign one before anything is written.
        let corrupt = |cause| StoreError::Corrupt {
            path: path.to_path_buf(),
            cause,
        };
        let version = match schema::identify(&conn).map_err(corrupt)? {
            schema::Kind::Foreign => {
                return Err(StoreError::Foreign {
                    path: path.to_path_buf(),
                });
            }
            schema::Kind::Empty => 0,
            schema::Kind::Library { version, .. } => version,
        };
        if version > schema::CURRENT_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: schema::CURRENT_VERSION,
            });
        }
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .map_err(corrupt)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
        register_functions(&conn)?;
        migrate(&mut conn, path)?;
        let store = Self {
            conn,
            seen_version: std::cell::Cell::new(0),
        };
        store.changed_elsewhere()?;
        Ok(store)
    }
}

/// Marks the library as newsdesk's and brings its schema up to date, in one transaction. The
/// file is looked at again once the write lock is held, in case another newsdesk opening the same
/// new library got there first.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let failed = |cause: rusqlite::Error| StoreError::Migration {
        path: path.to_path_buf(),
        reason: first_line(&cause),
    };
    let (version, marked) = match schema::identify(conn)? {
        schema::Kind::Library { version, marked } => (version, marked),
        _ => (0, false),
    };
    if marked && version == schema::CURRENT_VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let version = match schema::identify(&tx)? {
        schema::Kind::Library { version, .. } => version,
        schema::Kind::Empty => 0,
        schema::Kind::Foreign => {
            return Err(StoreError::Foreign {
                path: path.to_path_buf(),
            });
        }
    };
    for step in schema::MIGRATIONS
        .get(version as usize..)
        .unwrap_or_default()
    {
        tx.execute_batch(step).map_err(failed)?;
    }
    tx.pragma_update(None, "user_version", schema::CURRENT_VERSION)?;
    tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}

/// SQLite's reason without the statement it came from (a migration's SQL is long).
fn first_line(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string(),
    }
    .lines()
    .next()
    .unwrap_or_default()
    .to_owned()
}

/// Whether opening failed because SQLite could not write or create a file.
fn refused_writing(error: &StoreError) -> bool {
    use rusqlite::ErrorCode::{CannotOpen, PermissionDenied, ReadOnly};
    let cause = match error {
        StoreError::Corrupt { cause, .. } | StoreError::Open { cause, .. } => cause,
        StoreError::ReadOnly(cause) | StoreError::Sqlite(cause) => cause,
        _ => return false,
    };
    matches!(
        cause.sqlite_error_code(),
        Some(ReadOnly | CannotOpen | PermissionDenied)
    )
}

/// Why the folder of the library at `path` cannot take the files SQLite creates beside it (the
/// `-wal` and `-shm` files), found by creating and removing a file there; `None` when it can,
/// or when the folder is missing (opening then says so).
fn unwritable_folder(path: &Path) -> Option<String> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !folder.is_dir() || !path.exists() {
        return None;
    }
    match tempfile::Builder::new()
        .prefix(".newsdesk-probe-")
        .tempfile_in(folder)
    {
        Ok(_) => None,
        Err(error) => Some(format!(
            "its folder {} is not writable: {error}",
            folder.display()
        )),
    }
}
