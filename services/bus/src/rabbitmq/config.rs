use backbone_domain::Secret;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where and how events travel through RabbitMQ.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RabbitMqConfig {
    /// The broker's AMQP URL (`amqp://` or `amqps://`), credentials included; e.g.
    /// `amqp://user:password@rabbitmq:5672/%2f` for the default virtual host `/`.
    pub url: Secret,
    /// The durable topic exchange events are published to; the routing key is the event's name.
    pub exchange: String,
    /// The durable queue the event handler consumes, bound to the exchange for every event.
    pub queue: String,
    /// How many unacknowledged messages the broker hands a consumer ahead of time (0: no limit).
    pub prefetch: u16,
}

impl Default for RabbitMqConfig {
    fn default() -> Self {
        Self {
            url: Secret::new("amqp://guest:guest@127.0.0.1:5672/%2f"),
            exchange: "backbone.events".into(),
            queue: "backbone.event-handler".into(),
            prefetch: 32,
        }
    }
}
