//! Event plumbing: the relay that moves domain events from the transactional outbox to their
//! subscribers.
//!
//! Modules only ever write events into the outbox (`backbone_store::outbox::append`, inside the
//! transaction of their change). The [`Relay`] reads committed events in order and hands them to a
//! [`Transport`]; only when the transport has taken them are they marked dispatched, so delivery is
//! at least once. The embedded [`InProcess`] transport calls the subscribers directly and needs no
//! broker; a broker transport (RabbitMQ) publishes instead, and its consumer side calls the same
//! [`Subscriber`]s in the event-handler component.

mod relay;

pub use relay::{Relay, RelayError};

use std::sync::Arc;

use async_trait::async_trait;
pub use backbone_store::outbox::OutboxEntry;

/// Reacts to domain events. Delivery is at least once: a subscriber records the entry's `id` with
/// its effect (`backbone_store::handled_events`) to have no second effect.
#[async_trait]
pub trait Subscriber: Send + Sync + 'static {
    /// Stable: it keys the subscriber's record of handled events.
    fn name(&self) -> &'static str;

    async fn handle(&self, entry: &OutboxEntry) -> Result<(), SubscriberError>;
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SubscriberError(pub String);

/// Takes committed events off the relay's hands, in order.
#[async_trait]
pub trait Transport: Send + Sync + 'static {
    async fn publish(&self, entry: &OutboxEntry) -> Result<(), TransportError>;
}

#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("subscriber {subscriber} failed on {event}: {source}")]
    Subscriber { subscriber: &'static str, event: &'static str, source: SubscriberError },
}

/// The embedded transport: delivers each event to every subscriber in this process.
#[derive(Default)]
pub struct InProcess {
    subscribers: Vec<Arc<dyn Subscriber>>,
}

impl InProcess {
    pub fn new(subscribers: Vec<Arc<dyn Subscriber>>) -> Self {
        Self { subscribers }
    }
}

#[async_trait]
impl Transport for InProcess {
    async fn publish(&self, entry: &OutboxEntry) -> Result<(), TransportError> {
        for subscriber in &self.subscribers {
            subscriber.handle(entry).await.map_err(|source| TransportError::Subscriber {
                subscriber: subscriber.name(),
                event: entry.event.name(),
                source,
            })?;
        }
        Ok(())
    }
}
