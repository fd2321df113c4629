//! The control plane: configuration, and landscapes that run the Backbone's components.

pub mod autoscale;
pub mod components;
pub mod config;
pub mod db_credentials;
pub mod example;
pub mod landscape;
pub mod local;
pub mod policy;
pub mod secret_settings;
pub mod secrets;
pub mod spec;
