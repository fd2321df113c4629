use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use lapin::options::BasicPublishOptions;
use lapin::{BasicProperties, Confirmation};
use tokio::sync::Mutex;

use super::connection::{Role, Session, redact};
use super::{BrokerError, RabbitMqConfig, wire};
use crate::{OutboxEntry, Transport, TransportError};

/// A broker that takes longer than this to confirm (e.g. blocked by a resource alarm) fails the
/// relay's pass; the entry stays pending and is published again.
const CONFIRM_TIMEOUT: Duration = Duration::from_secs(10);

/// Publishes outbox entries to RabbitMQ and returns only once the broker confirmed them, so that
/// the relay marks dispatched only what the broker took.
///
/// Connects on the first publish, and again on the next publish after any failure; while the broker
/// is unreachable, [`Transport::publish`] fails within a few seconds and the entries stay pending.
pub struct RabbitMqPublisher {
    config: RabbitMqConfig,
    /// `None` until the first publish and after a failure.
    session: Mutex<Option<Session>>,
}

impl RabbitMqPublisher {
    pub fn new(config: RabbitMqConfig) -> Self {
        Self { config, session: Mutex::new(None) }
    }

    async fn publish_on(
        &self,
        session: &Session,
        entry: &OutboxEntry,
        body: &[u8],
    ) -> Result<(), BrokerError> {
        let confirm = session
            .channel
            .basic_publish(
                self.config.exchange.as_str().into(),
                entry.event.name().into(),
                // Mandatory: should the queue be gone, the broker returns the message instead of
                // dropping it, and the reconnect that follows this failure declares the queue again.
                BasicPublishOptions { mandatory: true, ..BasicPublishOptions::default() },
                body,
                properties(entry.id),
            )
            .await?;
        let confirmation = tokio::time::timeout(CONFIRM_TIMEOUT, confirm).await.map_err(|_| {
            BrokerError::ConfirmTimeout { id: entry.id, seconds: CONFIRM_TIMEOUT.as_secs() }
        })??;
        match confirmation {
            Confirmation::Ack(None) => Ok(()),
            Confirmation::Ack(Some(_)) => Err(BrokerError::Unroutable { id: entry.id }),
            Confirmation::Nack(_) | Confirmation::NotRequested => Err(BrokerError::Nacked { id: entry.id }),
        }
    }
}

#[async_trait]
impl Transport for RabbitMqPublisher {
    async fn publish(&self, entry: &OutboxEntry) -> Result<(), TransportError> {
        let body = wire::encode(entry).map_err(|source| BrokerError::Encode { id: entry.id, source })?;
        // Held across the publish: one entry at a time keeps the relay's order on the channel.
        let mut slot = self.session.lock().await;
        let session = match slot.take() {
            Some(session) if session.is_open() => session,
            _ => Session::open(&self.config, Role::Publisher).await?,
        };
        match self.publish_on(&session, entry, &body).await {
            Ok(()) => {
                *slot = Some(session);
                Ok(())
            }
            // Dropping the session closes it; the next publish starts on a fresh connection.
            Err(error) => Err(error.into()),
        }
    }
}

impl fmt::Debug for RabbitMqPublisher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RabbitMqPublisher")
            .field("url", &redact(self.config.url.expose()))
            .field("exchange", &self.config.exchange)
            .finish_non_exhaustive()
    }
}

/// Persistent (delivery mode 2), so that the broker keeps a confirmed message across its restarts.
fn properties(id: i64) -> BasicProperties {
    BasicProperties::default()
        .with_delivery_mode(2)
        .with_message_id(id.to_string().into())
        .with_content_type("application/json".into())
}
