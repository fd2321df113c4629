//! Pure domain rules of the Backbone: identifiers, identity addresses, onboarding cryptography,
//! password policy, domain events. No I/O; time and randomness come in as parameters.

pub mod address;
pub mod announcement;
pub mod clock;
pub mod crypto;
pub mod deletion;
pub mod entities;
pub mod events;
pub mod file;
pub mod id;
pub mod language;
pub mod message;
pub mod password;
pub mod push;
pub mod quota;
pub mod relationship;
pub mod secret;
pub mod template;
pub mod token;

pub use address::IdentityAddress;

/// The largest encrypted content a template, token or relationship request may carry (spec §12).
pub const MAX_CONTENT_BYTES: usize = 10 * 1024 * 1024;
pub use clock::{Clock, SystemClock};
pub use secret::Secret;
