//! The bus's integration tests, in one binary. RabbitMQ tests run when `BACKBONE_TEST_RABBITMQ_URL`
//! points at a broker, PostgreSQL tests when `BACKBONE_TEST_POSTGRES_URL` points at a server; each
//! test gets its own exchange, queue and database. Otherwise they print why they skipped and pass.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test code fails loudly")]

mod postgres;
mod rabbitmq;
mod relay;
mod support;
