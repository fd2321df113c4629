use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A unique constraint was violated: somebody else wrote the same key first.
    #[error("the record already exists")]
    Conflict,
    /// A stored value cannot be read back into its domain type.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("unsupported database url: expected sqlite:// or postgres://")]
    UnsupportedUrl,
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
            _ => StoreError::Database(error),
        }
    }
}
