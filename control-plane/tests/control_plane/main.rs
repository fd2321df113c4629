//! The control plane's library through its public API: configuration, and how processes follow the vault.

mod config;
mod held_signing_key;
