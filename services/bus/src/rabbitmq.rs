//! The RabbitMQ transport: [`RabbitMqPublisher`] on the relay's side, [`RabbitMqConsumer`] in the
//! event handler.
//!
//! Topology: a durable topic exchange (routing key: the event's name) and a durable queue bound to
//! it with `#`. Both sides declare all of it (declarations are idempotent), so that events
//! published before the first consumer ever ran wait in the queue instead of being dropped.

mod config;
mod connection;
mod consumer;
mod error;
mod publisher;
mod wire;

pub use config::RabbitMqConfig;
pub use consumer::RabbitMqConsumer;
pub use error::BrokerError;
pub use publisher::RabbitMqPublisher;
