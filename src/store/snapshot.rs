//! Reading many things from one unchanging state of the library, while other programs write.

use rusqlite::{Transaction, TransactionBehavior};

use super::{Store, StoreError};

impl Store {
    /// Runs `read` against one snapshot of the library: everything it reads comes from the same
    /// moment, even if another program adds or removes stories meanwhile (a WAL reader keeps its
    /// snapshot until its transaction ends, and never blocks writers). Used by exports, so a
    /// story removed halfway through is still exported rather than failing the export.
    ///
    /// # Errors
    /// When the snapshot cannot be taken, or whatever `read` returns.
    pub fn in_snapshot<T>(
        &self,
        read: impl FnOnce(&Self) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        // Deferred, whatever the connection's default: a reader must not take the write lock.
        let snapshot = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)
            .map_err(StoreError::from)?;
        // A deferred transaction takes its snapshot at its first read: take it now.
        snapshot
            .query_row("SELECT count(*) FROM articles", [], |_| Ok(()))
            .map_err(StoreError::from)?;
        let result = read(self);
        // Nothing was written; ending the transaction releases the snapshot.
        snapshot.rollback().map_err(StoreError::from)?;
        result
    }
}
