//! The admin API of `backbone daemon`: what travels on it ([`wire`]), where a running daemon is found
//! ([`discovery`]), and the client the CLI uses ([`client`], with the support routes in [`support`]).
//!
//! The API is JSON over HTTP on loopback. Every call carries `Authorization: Bearer <token>`; a token is
//! bound to a [`wire::Role`]. Errors are `{"error": {"code": …, "message": …}}` with a status that says
//! what went wrong (400 invalid input, 401/403 authentication and role, 404 unknown landscape, 409 a
//! conflicting state, 503 not ready).

pub mod client;
pub mod discovery;
pub mod support;
pub mod wire;

pub use client::{AdminClient, AdminError};
