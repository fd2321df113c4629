//! The housekeeper component: removes data whose time is over (spec §15). Expired entities are
//! already hidden by the read rules; this reclaims their storage once the retention period has passed.

use std::sync::Arc;
use std::time::Duration;

use backbone_domain::Clock;
use backbone_store::{Db, StoreError, challenges, templates, tokens};
use tokio_util::sync::CancellationToken;

/// How long expired data is kept before it is deleted.
pub const RETENTION: time::Duration = time::Duration::days(30);

/// How often the housekeeper runs; the reference runs daily, hourly keeps each pass small.
const INTERVAL: Duration = Duration::from_secs(60 * 60);

/// What one pass deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Report {
    pub challenges: u64,
    pub relationship_templates: u64,
    pub tokens: u64,
}

pub struct Housekeeper {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl Housekeeper {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
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

    /// Deletes challenges, templates without relationships and tokens that expired more than the
    /// retention period ago.
    pub async fn pass(&self) -> Result<Report, StoreError> {
        let cutoff = self.clock.now() - RETENTION;
        let mut tx = self.db.begin().await?;
        let report = Report {
            challenges: challenges::delete_expired(&mut tx, cutoff).await?,
            relationship_templates: templates::delete_expired(&mut tx, cutoff).await?,
            tokens: tokens::delete_expired(&mut tx, cutoff).await?,
        };
        tx.commit().await?;
        Ok(report)
    }
}
