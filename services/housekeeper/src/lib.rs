//! The housekeeper component: removes data whose time is over (spec §15). Expired entities are
//! already hidden by the read rules; this reclaims their storage once the retention period has passed.

use std::sync::Arc;
use std::time::Duration;

use backbone_blob::{BlobError, BlobStore};
use backbone_domain::Clock;
use backbone_store::{Db, StoreError, challenges, files, push, templates, tokens};
use tokio_util::sync::CancellationToken;

/// How long expired data is kept before it is deleted.
pub const RETENTION: time::Duration = time::Duration::days(30);

/// Blobs without metadata this old are leftovers of failed uploads or deletions; younger ones may
/// belong to an upload whose metadata is being written right now.
pub const ORPHAN_BLOB_AGE: time::Duration = time::Duration::hours(1);

/// SSE signals are read within a poll interval of being written; older ones only take space.
pub const SSE_SIGNAL_AGE: time::Duration = time::Duration::minutes(1);

/// How often the housekeeper runs; the reference runs daily, hourly keeps each pass small.
const INTERVAL: Duration = Duration::from_secs(60 * 60);

/// What one pass deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Report {
    pub challenges: u64,
    pub relationship_templates: u64,
    pub tokens: u64,
    pub files: u64,
    pub orphan_blobs: u64,
    pub sse_signals: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum HousekeepingError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Blob(#[from] BlobError),
}

pub struct Housekeeper {
    db: Db,
    blobs: BlobStore,
    clock: Arc<dyn Clock>,
}

impl Housekeeper {
    pub fn new(db: Db, blobs: BlobStore, clock: Arc<dyn Clock>) -> Self {
        Self { db, blobs, clock }
    }

    /// Runs a pass at start and then every interval until cancelled.
    pub async fn run(self, shutdown: CancellationToken) {
        loop {
            match self.pass().await {
                Ok(report) => tracing::info!(?report, "housekeeping pass done"),
                Err(error) => {
                    tracing::warn!(%error, "housekeeping pass failed; retrying at the next interval")
                }
            }
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(INTERVAL) => {}
            }
        }
    }

    /// Deletes challenges, templates without relationships, tokens and files that expired more than
    /// the retention period ago, blobs that no file refers to, and SSE signals every stream has seen.
    pub async fn pass(&self) -> Result<Report, HousekeepingError> {
        let now = self.clock.now();
        let cutoff = now - RETENTION;
        let mut tx = self.db.begin().await?;
        let expired_files = files::expired_before(&mut tx, cutoff).await?;
        for file in &expired_files {
            files::delete(&mut tx, file).await?;
        }
        let mut report = Report {
            challenges: challenges::delete_expired(&mut tx, cutoff).await?,
            relationship_templates: templates::delete_expired(&mut tx, cutoff).await?,
            tokens: tokens::delete_expired(&mut tx, cutoff).await?,
            files: expired_files.len() as u64,
            orphan_blobs: 0,
            sse_signals: push::delete_sse_signals_before(&mut tx, now - SSE_SIGNAL_AGE).await?,
        };
        tx.commit().await?;
        for file in &expired_files {
            self.blobs.delete(file.as_str()).await?;
        }
        report.orphan_blobs = self.delete_orphan_blobs(now - ORPHAN_BLOB_AGE).await?;
        Ok(report)
    }

    async fn delete_orphan_blobs(&self, older_than: time::OffsetDateTime) -> Result<u64, HousekeepingError> {
        let mut deleted = 0;
        for batch in self.blobs.names_older_than(older_than).await?.chunks(100) {
            let known = files::existing(&mut *self.db.conn().await?, batch).await?;
            for name in batch.iter().filter(|name| !known.contains(name)) {
                self.blobs.delete(name).await?;
                deleted += 1;
            }
        }
        Ok(deleted)
    }
}
