use std::sync::Arc;
use std::time::Duration;

use backbone_domain::Clock;
use backbone_store::{Db, StoreError, outbox};
use tokio_util::sync::CancellationToken;

use crate::{Transport, TransportError};

/// How many events one pass reads from the outbox.
const BATCH: i64 = 100;
/// Events written by other processes are picked up at the latest after this long.
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// Pause after a failed pass before trying again.
const RETRY_DELAY: Duration = Duration::from_secs(2);

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Transport(#[from] TransportError),
}

/// Moves committed outbox events to a transport.
pub struct Relay {
    db: Db,
    transport: Arc<dyn Transport>,
    clock: Arc<dyn Clock>,
}

impl Relay {
    pub fn new(db: Db, transport: Arc<dyn Transport>, clock: Arc<dyn Clock>) -> Self {
        Self { db, transport, clock }
    }

    /// Dispatches until cancelled: at once when a local transaction wrote events, else every poll interval.
    pub async fn run(self, shutdown: CancellationToken) {
        let signal = self.db.outbox_signal();
        loop {
            let delay = match self.dispatch_pending().await {
                Ok(count) if count as i64 == BATCH => Duration::ZERO,
                Ok(_) => POLL_INTERVAL,
                Err(error) => {
                    tracing::warn!(%error, "outbox relay pass failed; retrying");
                    RETRY_DELAY
                }
            };
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = signal.notified() => {}
                () = tokio::time::sleep(delay) => {}
            }
        }
    }

    /// One pass: publishes pending events in order and marks those the transport took.
    /// Stops at the first failure, so that order is kept and the rest is retried.
    pub async fn dispatch_pending(&self) -> Result<usize, RelayError> {
        let mut conn = self.db.conn().await?;
        let pending = outbox::pending(&mut conn, BATCH).await?;
        let mut published = Vec::with_capacity(pending.len());
        let mut failure = None;
        for entry in &pending {
            match self.transport.publish(entry).await {
                Ok(()) => published.push(entry.id),
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
        }
        outbox::mark_dispatched(&mut conn, &published, self.clock.now()).await?;
        match failure {
            Some(error) => Err(error.into()),
            None => Ok(published.len()),
        }
    }
}
