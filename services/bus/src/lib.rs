//! Event plumbing: the relay that moves domain events from the transactional outbox to their
//! subscribers, and the transports it hands them to.
//!
//! Modules only ever write events into the outbox (`backbone_store::outbox::append`, inside the
//! transaction of their change), so a write never waits for, or fails because of, a broker. The
//! [`Relay`] reads committed events in order and hands them to a [`Transport`]; only when the
//! transport has taken them are they marked dispatched, so delivery is at least once. Several
//! relays may share one PostgreSQL outbox: each claims its batch with `FOR UPDATE SKIP LOCKED`, so
//! that an entry is normally published once (again only after a crash).
//!
//! Two transports:
//!
//! - [`InProcess`], the embedded default, calls the [`Subscriber`]s directly in the relay's
//!   process and needs no broker.
//! - [`RabbitMqPublisher`] publishes each entry, persistent, to a durable topic exchange (routing
//!   key: the event's name) and waits for the broker's confirm. On the other side,
//!   [`RabbitMqConsumer`] (the event-handler component) consumes a durable queue bound to that
//!   exchange and calls the same [`Subscriber`]s, acknowledging a message only once all of them
//!   succeeded.
//!
//! Either way a subscriber can see an event more than once, and records the entry's id with its
//! effect (`backbone_store::handled_events`) to have no second effect.

mod rabbitmq;
mod relay;

pub use rabbitmq::{BrokerError, RabbitMqConfig, RabbitMqConsumer, RabbitMqPublisher};
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
    #[error("message broker: {0}")]
    Broker(#[from] BrokerError),
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
        deliver(&self.subscribers, entry).await
    }
}

/// Calls the subscribers in order and stops at the first failure; the caller retries the whole
/// entry, which the subscribers that already succeeded recognise as handled.
pub(crate) async fn deliver(
    subscribers: &[Arc<dyn Subscriber>],
    entry: &OutboxEntry,
) -> Result<(), TransportError> {
    for subscriber in subscribers {
        subscriber.handle(entry).await.map_err(|source| TransportError::Subscriber {
            subscriber: subscriber.name(),
            event: entry.event.name(),
            source,
        })?;
    }
    Ok(())
}
