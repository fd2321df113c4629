//! Persistence for every module on SQLite (the embedded default) and PostgreSQL.
//!
//! All SQL goes through sqlx's `Any` driver, so each repository is written once for both engines;
//! what differs per engine (connection set-up, migrations, how a write transaction begins) is
//! [`Engine`]'s business. Repositories are free functions over an [`AnyConnection`], so that a module
//! can run several of them, plus [`outbox::append`], in one transaction.

mod db;
mod error;
mod logins;
mod row;
mod wake;

pub mod announcements;
pub mod challenges;
pub mod datawallet;
pub mod deletion_audit;
pub mod deletion_processes;
pub mod devices;
pub mod external_events;
pub mod files;
pub mod handled_events;
pub mod identity_deletion;
pub mod messages;
pub mod outbox;
pub mod page;
pub mod push;
pub mod quotas;
pub mod relationships;
pub mod support;
pub mod sync_runs;
pub mod templates;
pub mod tokens;

pub use db::{Db, Engine, Tx, has_password, with_credential};
pub use error::StoreError;
pub use sqlx::AnyConnection;

/// A connection taken from a [`Db`]'s pool; it goes back when dropped.
pub type PooledConnection = sqlx::pool::PoolConnection<sqlx::Any>;
pub use wake::Wake;
