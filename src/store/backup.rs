//! Backups: a consistent copy of the library written beside its destination and renamed into
//! place, so a failed or killed backup never replaces a good one.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Store, StoreError};

/// Why a backup failed, with the file it was going to.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "cannot write a backup to {path}: {cause}; the previous file there (if any) is unchanged"
    )]
    Write {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{0} is the library itself; give the backup another name")]
    SameFile(PathBuf),
    #[error("the backup to {path} failed ({cause}); the previous file there (if any) is unchanged")]
    Copy { path: PathBuf, cause: StoreError },
    #[error(
        "the copy made for {path} did not pass SQLite's check ({verdict}); the previous file there \
         (if any) is unchanged; run `newsdesk export` to save what can be read"
    )]
    Check { path: PathBuf, verdict: String },
}

impl Store {
    /// Writes a consistent copy of the library to `destination` (a file, or a folder to put a
    /// dated file in) and returns the file written. The copy is one read transaction
    /// (`VACUUM INTO`), so other programs may go on writing meanwhile; it is written to a
    /// temporary file beside the destination, checked, flushed to disk, then renamed over it.
    ///
    /// # Errors
    /// When the destination cannot be written or is the library itself.
    pub fn backup(&self, destination: &Path) -> Result<PathBuf, BackupError> {
        let target = if destination.is_dir() {
            let stamp = chrono::Local::now().format("%Y-%m-%d-%H%M%S");
            destination.join(format!("newsdesk-{stamp}.db"))
        } else {
            destination.to_path_buf()
        };
        let write = |cause| BackupError::Write {
            path: target.clone(),
            cause,
        };
        let copy = |cause| BackupError::Copy {
            path: target.clone(),
            cause,
        };
        if let (Some(library), Ok(target)) = (self.path(), target.canonicalize())
            && library.canonicalize().ok() == Some(target.clone())
        {
            return Err(BackupError::SameFile(target));
        }
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temporary = tempfile::Builder::new()
            .prefix(".newsdesk-backup-")
            .suffix(".db")
            .tempfile_in(&folder)
            .map_err(write)?;
        self.conn
            .execute("VACUUM INTO ?1", [temporary.path().to_string_lossy()])
            .map_err(|e| copy(e.into()))?;
        let verdict: String =
            Connection::open_with_flags(temporary.path(), OpenFlags::SQLITE_OPEN_READ_ONLY)
                .and_then(|copy| copy.query_row("PRAGMA quick_check", [], |row| row.get(0)))
                .map_err(|e| copy(e.into()))?;
        if verdict != "ok" {
            return Err(BackupError::Check {
                path: target,
                verdict,
            });
        }
        temporary.as_file().sync_all().map_err(write)?;
        temporary.persist(&target).map_err(|e| write(e.error))?;
        // The rename itself survives a power loss only once the folder is flushed too.
        if let Ok(dir) = std::fs::File::open(&folder) {
            let _ = dir.sync_all();
        }
        Ok(target)
    }
}
