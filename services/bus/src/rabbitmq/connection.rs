use std::time::Duration;

use lapin::options::{
    BasicQosOptions, ConfirmSelectOptions, ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions,
};
use lapin::types::FieldTable;
use lapin::uri::AMQPUri;
use lapin::{Channel, Connection, ConnectionProperties, ExchangeKind};

use super::{BrokerError, RabbitMqConfig};

/// Bounds connecting and declaring the topology, so that a relay facing an unreachable broker fails
/// its pass quickly (its entries stay pending) instead of hanging.
const OPEN_TIMEOUT: Duration = Duration::from_secs(5);

/// What a session is opened for: publishers want confirms, consumers a prefetch window.
pub(super) enum Role {
    Publisher,
    Consumer,
}

/// One connection with the one channel this transport uses on it.
pub(super) struct Session {
    connection: Connection,
    pub(super) channel: Channel,
}

impl Session {
    /// Connects, opens a channel and declares the topology, all within [`OPEN_TIMEOUT`].
    pub(super) async fn open(config: &RabbitMqConfig, role: Role) -> Result<Session, BrokerError> {
        let url = redact(config.url.expose());
        let uri: AMQPUri = config.url.expose().parse().map_err(|reason: String| BrokerError::InvalidUrl {
            // The parser quotes the URL it rejects, password and all.
            reason: reason.replace(config.url.expose(), &url),
            url: url.clone(),
        })?;
        let name = match role {
            Role::Publisher => "backbone outbox relay",
            Role::Consumer => "backbone event handler",
        };
        let open = async {
            let properties = ConnectionProperties::default().with_connection_name(name.into());
            let connection = Connection::connect_uri(uri, properties)
                .await
                .map_err(|source| BrokerError::Connect { url: url.clone(), source })?;
            let channel = connection.create_channel().await?;
            match role {
                Role::Publisher => channel.confirm_select(ConfirmSelectOptions::default()).await?,
                Role::Consumer => channel.basic_qos(config.prefetch, BasicQosOptions::default()).await?,
            }
            declare(&channel, config).await?;
            Ok(Session { connection, channel })
        };
        tokio::time::timeout(OPEN_TIMEOUT, open)
            .await
            .map_err(|_| BrokerError::ConnectTimeout { url: url.clone(), seconds: OPEN_TIMEOUT.as_secs() })?
    }

    /// Whether the connection still looks usable; a dead one is replaced before the next publish.
    pub(super) fn is_open(&self) -> bool {
        self.connection.status().connected() && self.channel.status().connected()
    }

    /// Closes politely; the broker requeues whatever was delivered but not acknowledged.
    pub(super) async fn close(self) {
        if let Err(error) = self.connection.close(200, "bye".into()).await {
            tracing::debug!(%error, "closing the broker connection failed");
        }
    }
}

/// Declares the exchange, the queue and their binding. Idempotent, and done by both sides, so that
/// events published before any consumer ran are kept.
async fn declare(channel: &Channel, config: &RabbitMqConfig) -> Result<(), lapin::Error> {
    let durable = ExchangeDeclareOptions { durable: true, ..ExchangeDeclareOptions::default() };
    let exchange = config.exchange.as_str();
    let queue = config.queue.as_str();
    channel.exchange_declare(exchange.into(), ExchangeKind::Topic, durable, FieldTable::default()).await?;
    channel.queue_declare(queue.into(), QueueDeclareOptions::durable(), FieldTable::default()).await?;
    channel
        .queue_bind(
            queue.into(),
            exchange.into(),
            "#".into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
}

/// The URL with its password masked, for logs and errors.
pub(crate) fn redact(raw: &str) -> String {
    match url::Url::parse(raw) {
        // Without a host, the parser would read `user:password@host` as an opaque path.
        Ok(mut url) if url.has_host() => {
            if url.password().is_some() {
                // Cannot fail: the URL has a host.
                let _ = url.set_password(Some("***"));
            }
            url.to_string()
        }
        _ => "<invalid URL>".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_the_password_only() {
        assert_eq!(redact("amqp://guest:hunter2@rabbit:5672/%2f"), "amqp://guest:***@rabbit:5672/%2f");
        assert_eq!(redact("amqps://rabbit/vhost"), "amqps://rabbit/vhost");
        assert_eq!(redact("not a url :hunter2@"), "<invalid URL>");
        assert_eq!(redact("amqp:guest:hunter2@rabbit"), "<invalid URL>");
    }
}
