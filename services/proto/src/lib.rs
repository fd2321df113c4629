//! Wire types of the Consumer API and of the admin API's support routes ([`admin`]): envelopes, error codes, DTOs and the serde helpers for the
//! wire encodings of dates and bytes (spec §1). No I/O and no business rules live here.

pub mod admin;
pub mod bytes;
pub mod date;
pub mod dto;
pub mod envelope;
pub mod error;

pub use envelope::{Envelope, Paged, Pagination};
pub use error::{ErrorBody, ErrorCode, ErrorEnvelope};
