//! The entities the modules work with and the store persists, with their pure rules.

use backbone_proto::dto::datawallet::DatawalletModificationType;
use backbone_proto::dto::identities::IdentityStatus;
use backbone_proto::dto::sync::SyncRunType;
use time::{Duration, OffsetDateTime};

use crate::IdentityAddress;
use crate::id::{
    ChallengeId, DatawalletModificationId, DeviceId, ExternalEventId, SyncRunId, TierId, Username,
};
use crate::password::PasswordHash;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub id: ChallengeId,
    pub expires_at: OffsetDateTime,
    pub created_by: Option<IdentityAddress>,
    pub created_by_device: Option<DeviceId>,
}

impl Challenge {
    pub const LIFETIME: Duration = Duration::minutes(10);
    /// How long after expiry a challenge can still be read (spec §5.2).
    pub const READABLE_AFTER_EXPIRY: Duration = Duration::hours(1);

    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        self.expires_at < now
    }

    pub fn is_readable(&self, now: OffsetDateTime) -> bool {
        self.expires_at + Self::READABLE_AFTER_EXPIRY > now
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub address: IdentityAddress,
    pub client_id: String,
    /// The public-key envelope exactly as the client sent it.
    pub public_key: Vec<u8>,
    pub identity_version: u8,
    pub tier_id: TierId,
    pub status: IdentityStatus,
    pub created_at: OffsetDateTime,
    pub deletion_grace_period_ends_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: DeviceId,
    pub identity: IdentityAddress,
    pub username: Username,
    pub password: PasswordHash,
    pub created_at: OffsetDateTime,
    pub created_by_device: DeviceId,
    pub last_login_at: Option<OffsetDateTime>,
    pub communication_language: String,
    pub is_backup_device: bool,
    pub login: LoginState,
}

impl Device {
    /// A device is onboarded once it has logged in.
    pub fn is_onboarded(&self) -> bool {
        self.last_login_at.is_some()
    }
}

/// Consecutive failed logins and the lockout they caused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginState {
    pub failed_attempts: u32,
    pub locked_until: Option<OffsetDateTime>,
}

/// After how many consecutive failures a device is locked, and for how long (spec §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub max_failed_attempts: u32,
    pub duration: Duration,
}

impl LoginState {
    pub fn is_locked(&self, now: OffsetDateTime) -> bool {
        self.locked_until.is_some_and(|until| until > now)
    }

    /// The state after a wrong password; a lockout that ran out starts a fresh count.
    pub fn after_failure(self, now: OffsetDateTime, policy: LockoutPolicy) -> LoginState {
        let previous =
            if self.locked_until.is_some_and(|until| until <= now) { 0 } else { self.failed_attempts };
        let failed_attempts = previous + 1;
        if failed_attempts >= policy.max_failed_attempts {
            LoginState { failed_attempts: 0, locked_until: Some(now + policy.duration) }
        } else {
            LoginState { failed_attempts, locked_until: None }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncRun {
    pub id: SyncRunId,
    pub run_type: SyncRunType,
    pub identity: IdentityAddress,
    pub device: DeviceId,
    pub index: i64,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub finalized_at: Option<OffsetDateTime>,
    pub event_count: i64,
}

impl SyncRun {
    pub const DEFAULT_DURATION: Duration = Duration::seconds(10);
    pub const REFRESH_DURATION: Duration = Duration::seconds(10);

    pub fn is_finalized(&self) -> bool {
        self.finalized_at.is_some()
    }

    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        self.expires_at < now
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalEvent {
    pub id: ExternalEventId,
    pub owner: IdentityAddress,
    pub index: i64,
    pub event_type: String,
    /// The payload as stored JSON text.
    pub payload: String,
    pub created_at: OffsetDateTime,
    pub sync_error_count: i64,
}

impl ExternalEvent {
    /// After this many sync errors an event is never delivered again.
    pub const MAX_SYNC_ERRORS: i64 = 3;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatawalletModification {
    pub id: DatawalletModificationId,
    pub index: i64,
    pub datawallet_version: u16,
    pub object_identifier: String,
    pub payload_category: Option<String>,
    pub collection: String,
    pub modification_type: DatawalletModificationType,
    pub encrypted_payload: Option<Vec<u8>>,
    pub created_at: OffsetDateTime,
    pub created_by_device: DeviceId,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const POLICY: LockoutPolicy = LockoutPolicy { max_failed_attempts: 3, duration: Duration::minutes(10) };

    #[test]
    fn third_failure_locks_for_the_policy_duration() {
        let now = datetime!(2025-01-01 00:00 UTC);
        let state = LoginState::default().after_failure(now, POLICY).after_failure(now, POLICY);
        assert!(!state.is_locked(now));
        let state = state.after_failure(now, POLICY);
        assert!(state.is_locked(now + Duration::minutes(9)));
        assert!(!state.is_locked(now + Duration::minutes(10)));
    }

    #[test]
    fn an_expired_lockout_starts_a_fresh_count() {
        let now = datetime!(2025-01-01 00:00 UTC);
        let locked = LoginState { failed_attempts: 0, locked_until: Some(now) };
        let state = locked.after_failure(now + Duration::minutes(1), POLICY);
        assert_eq!(state, LoginState { failed_attempts: 1, locked_until: None });
    }
}
