//! Identity deletion processes (spec §5.4, §10): a grace period during which the owner may cancel.

use backbone_proto::dto::deletion::DeletionProcessStatus;
use time::{Duration, OffsetDateTime};

use crate::IdentityAddress;
use crate::id::{DeletionProcessId, DeviceId, TierId};

/// The tier of identities waiting for deletion; its quotas forbid most writes.
pub const QUEUED_FOR_DELETION_TIER: &str = "TIR00000000000000001";
pub const QUEUED_FOR_DELETION_TIER_NAME: &str = "Queued for Deletion";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletionProcess {
    pub id: DeletionProcessId,
    pub identity: IdentityAddress,
    pub status: DeletionProcessStatus,
    pub created_at: OffsetDateTime,
    pub created_by_device: DeviceId,
    pub grace_period_ends_at: Option<OffsetDateTime>,
    pub cancelled_at: Option<OffsetDateTime>,
    /// The identity's tier before the process; restored on cancellation.
    pub previous_tier: TierId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeletionError {
    #[error("The length of the grace period must be a non-negative number of days.")]
    InvalidGracePeriod,
    #[error("The deletion process is not active.")]
    NotActive,
    #[error("The grace period of the deletion process has already expired.")]
    GracePeriodExpired,
}

impl DeletionProcess {
    pub const DEFAULT_GRACE_PERIOD: Duration = Duration::days(14);

    /// Starts a process with a grace period of `days` (14 when absent).
    pub fn start(
        id: DeletionProcessId,
        identity: IdentityAddress,
        device: DeviceId,
        previous_tier: TierId,
        days: Option<f64>,
        now: OffsetDateTime,
    ) -> Result<Self, DeletionError> {
        let grace_period = match days {
            None => Self::DEFAULT_GRACE_PERIOD,
            Some(days) if days.is_finite() && (0.0..=36_500.0).contains(&days) => {
                Duration::seconds_f64(days * 86_400.0)
            }
            Some(_) => return Err(DeletionError::InvalidGracePeriod),
        };
        Ok(Self {
            id,
            identity,
            status: DeletionProcessStatus::Active,
            created_at: now,
            created_by_device: device,
            grace_period_ends_at: Some(crate::clock::truncate_to_millis(now + grace_period)),
            cancelled_at: None,
            previous_tier,
        })
    }

    /// Cancels the process while its grace period lasts.
    pub fn cancel(&mut self, now: OffsetDateTime) -> Result<(), DeletionError> {
        if self.status != DeletionProcessStatus::Active {
            return Err(DeletionError::NotActive);
        }
        if self.grace_period_ends_at.is_some_and(|end| end <= now) {
            return Err(DeletionError::GracePeriodExpired);
        }
        self.status = DeletionProcessStatus::Cancelled;
        self.grace_period_ends_at = None;
        self.cancelled_at = Some(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

    fn start(days: Option<f64>) -> Result<DeletionProcess, DeletionError> {
        DeletionProcess::start(
            DeletionProcessId::trusted("IDPaaaaaaaaaaaaaaaaa".into()),
            IdentityAddress::derive("localhost", &[1; 32]),
            DeviceId::trusted("DVCaaaaaaaaaaaaaaaaa".into()),
            TierId::trusted("TIRaaaaaaaaaaaaaaaaa".into()),
            days,
            NOW,
        )
    }

    #[test]
    fn grace_periods_default_to_14_days_and_may_be_fractional() {
        assert_eq!(start(None).unwrap().grace_period_ends_at, Some(NOW + Duration::days(14)));
        assert_eq!(start(Some(0.5)).unwrap().grace_period_ends_at, Some(NOW + Duration::hours(12)));
        assert_eq!(start(Some(-1.0)), Err(DeletionError::InvalidGracePeriod));
        assert_eq!(start(Some(f64::NAN)), Err(DeletionError::InvalidGracePeriod));
    }

    #[test]
    fn cancellation_only_while_active_and_within_the_grace_period() {
        let mut process = start(Some(1.0)).unwrap();
        assert_eq!(process.clone().cancel(NOW + Duration::days(1)), Err(DeletionError::GracePeriodExpired));
        process.cancel(NOW).unwrap();
        assert_eq!((process.status, process.grace_period_ends_at), (DeletionProcessStatus::Cancelled, None));
        assert_eq!(process.cancel(NOW), Err(DeletionError::NotActive));
    }
}
