//! Tokens (spec §5.13): small shareable payloads, and the order in which access to one is decided.

use time::{Duration, OffsetDateTime};

use crate::IdentityAddress;
use crate::id::{DeviceId, TokenId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub id: TokenId,
    /// `None` for tokens created anonymously and not filled yet.
    pub created_by: Option<IdentityAddress>,
    pub created_by_device: Option<DeviceId>,
    pub for_identity: Option<IdentityAddress>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub content: Option<Vec<u8>>,
    pub password: Option<Vec<u8>>,
    pub failed_password_attempts: i64,
}

/// The outcome of asking for a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenAccess {
    /// Readable; `allocate` when the read must be recorded as the reader's allocation.
    Granted {
        allocate: bool,
    },
    NotFound,
    Locked,
    /// Counts as a failed attempt; `locks` when it is the one that locks the token.
    WrongPassword {
        locks: bool,
    },
}

impl Token {
    /// Failed password attempts after which the token is locked.
    pub const LOCK_THRESHOLD: i64 = 100;
    /// Anonymous callers may only create tokens that expire sooner than this.
    pub const MAX_ANONYMOUS_LIFETIME: Duration = Duration::minutes(5);

    pub fn is_locked(&self) -> bool {
        self.failed_password_attempts >= Self::LOCK_THRESHOLD
    }

    /// Decides a read by `reader` (`None`: anonymous), in the reference's order.
    pub fn access(
        &self,
        reader: Option<&IdentityAddress>,
        allocated: bool,
        password: Option<&[u8]>,
        now: OffsetDateTime,
    ) -> TokenAccess {
        if reader == self.created_by.as_ref() || allocated {
            return TokenAccess::Granted { allocate: false };
        }
        match self.check_guards(reader, password, now) {
            TokenAccess::Granted { .. } => TokenAccess::Granted { allocate: reader.is_some() },
            refused => refused,
        }
    }

    /// The checks before filling an empty token's content; the creator gets no shortcut.
    pub fn update_access(
        &self,
        reader: &IdentityAddress,
        password: Option<&[u8]>,
        now: OffsetDateTime,
    ) -> TokenAccess {
        self.check_guards(Some(reader), password, now)
    }

    fn check_guards(
        &self,
        reader: Option<&IdentityAddress>,
        password: Option<&[u8]>,
        now: OffsetDateTime,
    ) -> TokenAccess {
        if self.expires_at < now {
            return TokenAccess::NotFound;
        }
        if self.is_locked() {
            return TokenAccess::Locked;
        }
        if let Some(intended) = &self.for_identity
            && reader != Some(intended)
            && reader != self.created_by.as_ref()
        {
            return TokenAccess::NotFound;
        }
        if let Some(stored) = &self.password
            && password != Some(stored.as_slice())
        {
            return TokenAccess::WrongPassword {
                locks: self.failed_password_attempts + 1 >= Self::LOCK_THRESHOLD,
            };
        }
        TokenAccess::Granted { allocate: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

    fn address(seed: u8) -> IdentityAddress {
        IdentityAddress::derive("localhost", &[seed; 32])
    }

    fn token() -> Token {
        Token {
            id: TokenId::trusted("TOKaaaaaaaaaaaaaaaaa".into()),
            created_by: Some(address(1)),
            created_by_device: Some(DeviceId::trusted("DVCaaaaaaaaaaaaaaaaa".into())),
            for_identity: None,
            created_at: NOW,
            expires_at: NOW + Duration::hours(1),
            content: Some(vec![1]),
            password: None,
            failed_password_attempts: 0,
        }
    }

    #[test]
    fn creators_and_allocators_always_read_others_are_allocated() {
        let expired = Token { expires_at: NOW - Duration::seconds(1), ..token() };
        assert_eq!(
            expired.access(Some(&address(1)), false, None, NOW),
            TokenAccess::Granted { allocate: false }
        );
        assert_eq!(
            expired.access(Some(&address(2)), true, None, NOW),
            TokenAccess::Granted { allocate: false }
        );
        assert_eq!(expired.access(Some(&address(2)), false, None, NOW), TokenAccess::NotFound);
        assert_eq!(
            token().access(Some(&address(2)), false, None, NOW),
            TokenAccess::Granted { allocate: true }
        );
        assert_eq!(token().access(None, false, None, NOW), TokenAccess::Granted { allocate: false });
    }

    #[test]
    fn passwords_count_failures_until_the_token_locks() {
        let protected = Token { password: Some(vec![7]), ..token() };
        assert_eq!(
            protected.access(None, false, Some(&[8]), NOW),
            TokenAccess::WrongPassword { locks: false }
        );
        assert_eq!(protected.access(None, false, Some(&[7]), NOW), TokenAccess::Granted { allocate: false });
        let almost = Token { failed_password_attempts: 99, ..protected.clone() };
        assert_eq!(almost.access(None, false, None, NOW), TokenAccess::WrongPassword { locks: true });
        let locked = Token { failed_password_attempts: 100, ..protected };
        assert_eq!(locked.access(None, false, Some(&[7]), NOW), TokenAccess::Locked);
    }

    #[test]
    fn personal_tokens_are_invisible_to_others() {
        let personal = Token { for_identity: Some(address(2)), ..token() };
        assert_eq!(
            personal.access(Some(&address(2)), false, None, NOW),
            TokenAccess::Granted { allocate: true }
        );
        assert_eq!(personal.access(Some(&address(3)), false, None, NOW), TokenAccess::NotFound);
        assert_eq!(personal.access(None, false, None, NOW), TokenAccess::NotFound);
    }
}
