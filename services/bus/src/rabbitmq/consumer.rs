use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use lapin::message::Delivery;
use lapin::options::{
    BasicAckOptions, BasicCancelOptions, BasicConsumeOptions, BasicNackOptions, BasicRejectOptions,
};
use lapin::types::FieldTable;
use tokio_util::sync::CancellationToken;

use super::connection::{Role, Session, redact};
use super::{BrokerError, RabbitMqConfig, wire};
use crate::{Subscriber, deliver};

/// First pause before reconnecting; doubles per failed attempt up to [`MAX_BACKOFF`].
const MIN_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// Pause before handing a failed message back: requeued at once, it would come straight back.
const REDELIVERY_DELAY: Duration = Duration::from_secs(1);

/// The event handler's side: consumes the queue and calls the subscribers, in order, for each
/// message; acknowledges it when all of them succeeded and has it redelivered otherwise.
pub struct RabbitMqConsumer {
    config: RabbitMqConfig,
    subscribers: Vec<Arc<dyn Subscriber>>,
}

impl RabbitMqConsumer {
    pub fn new(config: RabbitMqConfig, subscribers: Vec<Arc<dyn Subscriber>>) -> Self {
        Self { config, subscribers }
    }

    /// Consumes until `shutdown` is cancelled, reconnecting with backoff whenever the broker is
    /// unreachable or the connection drops. On shutdown the message in hand is finished and
    /// acknowledged; the broker requeues the ones prefetched but not handled.
    pub async fn run(self, shutdown: CancellationToken) {
        let url = redact(self.config.url.expose());
        let mut backoff = MIN_BACKOFF;
        loop {
            match Session::open(&self.config, Role::Consumer).await {
                Ok(session) => {
                    backoff = MIN_BACKOFF;
                    tracing::info!(%url, queue = %self.config.queue, "consuming events");
                    match self.consume(session, &shutdown).await {
                        Ok(()) => return,
                        Err(error) => {
                            tracing::warn!(%error, %url, "event consumer lost the broker; reconnecting")
                        }
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, retry_in = ?backoff, "event consumer cannot reach the broker")
                }
            }
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(backoff) => {}
            }
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }

    /// `Ok` on shutdown, `Err` when the connection or the consumer went away.
    async fn consume(&self, session: Session, shutdown: &CancellationToken) -> Result<(), BrokerError> {
        let mut deliveries = session
            .channel
            .basic_consume(
                self.config.queue.as_str().into(),
                "".into(),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await?;
        loop {
            let next = tokio::select! {
                biased;
                () = shutdown.cancelled() => break,
                next = deliveries.next() => next,
            };
            match next {
                // Handled outside the select: shutdown waits for the message in hand.
                Some(Ok(delivery)) => self.handle(delivery, shutdown).await?,
                Some(Err(error)) => return Err(error.into()),
                None => return Err(BrokerError::ConsumerCancelled),
            }
        }
        if let Err(error) =
            session.channel.basic_cancel(deliveries.tag(), BasicCancelOptions::default()).await
        {
            tracing::debug!(%error, "cancelling the consumer failed");
        }
        session.close().await;
        Ok(())
    }

    /// Only broker errors (a failed ack) end the session; a subscriber failure or a message that
    /// cannot be read does not.
    async fn handle(&self, delivery: Delivery, shutdown: &CancellationToken) -> Result<(), BrokerError> {
        let entry = match wire::decode(&delivery.data) {
            Ok(entry) => entry,
            Err(error) => {
                // Requeued, it would fail forever; rejected, it goes to a dead-letter exchange if
                // the operator configured one.
                tracing::error!(
                    %error,
                    message_id = delivery.properties.message_id().as_ref().map(|id| id.as_str()),
                    routing_key = %delivery.routing_key,
                    "rejecting an event message that cannot be decoded",
                );
                delivery.reject(BasicRejectOptions { requeue: false }).await?;
                return Ok(());
            }
        };
        match deliver(&self.subscribers, &entry).await {
            Ok(()) => {
                delivery.ack(BasicAckOptions::default()).await?;
            }
            Err(error) => {
                tracing::warn!(%error, id = entry.id, "handling an event failed; it will be redelivered");
                tokio::select! {
                    () = shutdown.cancelled() => {}
                    () = tokio::time::sleep(REDELIVERY_DELAY) => {}
                }
                delivery.nack(BasicNackOptions { requeue: true, multiple: false }).await?;
            }
        }
        Ok(())
    }
}
