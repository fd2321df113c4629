//! Files (spec §5.9): encrypted content in BLOB storage, with an owner that can be handed over by
//! an ownership token.

use rand::Rng;
use time::OffsetDateTime;

use crate::IdentityAddress;
use crate::id::{DeviceId, FileId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub id: FileId,
    pub created_at: OffsetDateTime,
    pub created_by: IdentityAddress,
    pub created_by_device: DeviceId,
    pub modified_at: OffsetDateTime,
    pub modified_by: IdentityAddress,
    pub modified_by_device: DeviceId,
    pub owner: IdentityAddress,
    pub owner_signature: Vec<u8>,
    pub ownership_token: String,
    pub ownership_is_locked: bool,
    pub cipher_size: i64,
    pub cipher_hash: Vec<u8>,
    pub expires_at: OffsetDateTime,
    pub encrypted_properties: Vec<u8>,
}

/// The characters of ownership tokens (spec §2.3).
const TOKEN_ALPHABET: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()_-+=<>?/{}[]|~";
const TOKEN_LENGTH: usize = 20;

/// A fresh ownership token.
pub fn ownership_token(rng: &mut impl Rng) -> String {
    (0..TOKEN_LENGTH).map(|_| char::from(TOKEN_ALPHABET[rng.random_range(0..TOKEN_ALPHABET.len())])).collect()
}

/// Whether an incoming ownership token is well-formed: 1 to 20 characters of the alphabet.
pub fn is_valid_ownership_token(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= TOKEN_LENGTH
        && token.bytes().all(|byte| TOKEN_ALPHABET.contains(&byte))
}

/// What presenting an ownership token does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The caller becomes the owner.
    Granted,
    /// Ownership is locked already; nothing changes.
    Locked,
    /// A wrong token: ownership becomes locked.
    Locks,
}

impl File {
    /// Whether the file can be read at all: not expired.
    pub fn is_available(&self, now: OffsetDateTime) -> bool {
        self.expires_at > now
    }

    /// What a claim with `token` by someone other than the owner does.
    pub fn claim(&self, token: &str) -> Claim {
        if self.ownership_is_locked {
            Claim::Locked
        } else if self.ownership_token == token {
            Claim::Granted
        } else {
            Claim::Locks
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_well_formed() {
        let token = ownership_token(&mut rand::rng());
        assert_eq!(token.len(), TOKEN_LENGTH);
        assert!(is_valid_ownership_token(&token));
        assert!(!is_valid_ownership_token(""));
        assert!(!is_valid_ownership_token("spaces are not allowed"));
        assert!(!is_valid_ownership_token("abcdefghijklmnopqrstu"));
    }
}
