//! Bearer tokens cached until shortly before they expire.

use std::future::Future;

use backbone_domain::Secret;
use time::OffsetDateTime;
use tokio::sync::Mutex;

use crate::PushError;

/// A token and the moment from which a new one is used instead.
pub(super) struct Token {
    pub(super) value: Secret,
    pub(super) renew_at: OffsetDateTime,
}

/// One credential's current token.
#[derive(Default)]
pub(super) struct TokenSlot(Mutex<Option<Token>>);

impl TokenSlot {
    /// The cached token while it is fresh, else a new one from `fetch`. The lock is held while
    /// fetching, so that concurrent sends wait for one token request instead of each making one.
    pub(super) async fn get<F, Fut>(&self, now: OffsetDateTime, fetch: F) -> Result<Secret, PushError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Token, PushError>>,
    {
        let mut slot = self.0.lock().await;
        if let Some(token) = slot.as_ref().filter(|token| now < token.renew_at) {
            return Ok(token.value.clone());
        }
        let token = fetch().await?;
        let value = token.value.clone();
        *slot = Some(token);
        Ok(value)
    }

    /// Forgets `used` after the platform refused it; a token that another send fetched since
    /// stays.
    pub(super) async fn discard(&self, used: &Secret) {
        let mut slot = self.0.lock().await;
        if slot.as_ref().is_some_and(|token| token.value == *used) {
            *slot = None;
        }
    }
}
