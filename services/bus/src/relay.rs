use std::sync::Arc;
use std::time::Duration;

use backbone_domain::Clock;
use backbone_store::{Db, Engine, StoreError, Wake, outbox};
use tokio_util::sync::CancellationToken;

use crate::{OutboxEntry, Transport, TransportError};

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
        let signal = self.db.wake_on(Wake::Outbox);
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
        match self.db.engine() {
            Engine::Postgres => self.dispatch_claimed().await,
            Engine::Sqlite => self.dispatch_unclaimed().await,
        }
    }

    /// PostgreSQL, where relays in several processes share the outbox: the batch stays locked until
    /// it is marked, so another relay skips it rather than publishing it too. A crash before the
    /// commit releases the batch unmarked, to be published again (subscribers are idempotent).
    async fn dispatch_claimed(&self) -> Result<usize, RelayError> {
        let mut tx = self.db.begin().await?;
        let pending = outbox::claim_pending(&mut tx, BATCH).await?;
        let (published, failure) = self.publish(&pending).await;
        outbox::mark_dispatched(&mut tx, &published, self.clock.now()).await?;
        tx.commit().await?;
        finish(published.len(), failure)
    }

    /// SQLite, where the relay is the only one: no transaction is held while publishing, because
    /// on SQLite it would hold the write lock that in-process subscribers need for their effects.
    async fn dispatch_unclaimed(&self) -> Result<usize, RelayError> {
        let mut conn = self.db.conn().await?;
        let pending = outbox::pending(&mut conn, BATCH).await?;
        let (published, failure) = self.publish(&pending).await;
        outbox::mark_dispatched(&mut conn, &published, self.clock.now()).await?;
        finish(published.len(), failure)
    }

    /// Publishes in order up to the first failure; returns the ids published and that failure.
    async fn publish(&self, pending: &[OutboxEntry]) -> (Vec<i64>, Option<TransportError>) {
        let mut published = Vec::with_capacity(pending.len());
        for entry in pending {
            if let Err(error) = self.transport.publish(entry).await {
                return (published, Some(error));
            }
            published.push(entry.id);
        }
        (published, None)
    }
}

fn finish(published: usize, failure: Option<TransportError>) -> Result<usize, RelayError> {
    match failure {
        Some(error) => Err(error.into()),
        None => Ok(published),
    }
}
