//! Identity deletion processes (spec §5.4, §10): a grace period during which the owner may cancel.

use backbone_proto::dto::deletion::DeletionProcessStatus;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::IdentityAddress;
use crate::id::{DeletionProcessId, DeviceId, TierId};

/// The tier of identities waiting for deletion; its quotas forbid most writes.
pub const QUEUED_FOR_DELETION_TIER: &str = "TIR00000000000000001";

/// The quotas of that tier (spec §11): nothing may be created, except datawallet modifications and
/// deletion processes (to sync, and to restart a cancelled deletion). Their ids are fixed, so that every
/// start finds them.
pub fn queued_for_deletion_quotas() -> Vec<crate::quota::Quota> {
    use crate::quota::{Metric, Period, Quota, Source};
    Metric::ALL
        .into_iter()
        .enumerate()
        .filter(|(_, metric)| {
            !matches!(
                metric,
                Metric::NumberOfCreatedDatawalletModifications | Metric::NumberOfStartedDeletionProcesses
            )
        })
        .map(|(index, metric)| Quota {
            id: format!("TQDqueuedfordelete{index:02}"),
            source: Source::Tier,
            metric,
            max: 0,
            period: Period::Total,
        })
        .collect()
}
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
    /// When each grace-period reminder was sent (or skipped because a later one was due already).
    pub grace_period_reminders_sent_at: [Option<OffsetDateTime>; 3],
    /// When the actual deletion started (status `Deleting`).
    pub deletion_started_at: Option<OffsetDateTime>,
}

/// How many days before the end of the grace period reminders 1, 2 and 3 are due (spec §10).
pub const GRACE_PERIOD_REMINDER_DAYS: [i64; 3] = [12, 10, 5];

/// A reminder that is due now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GracePeriodReminder {
    /// 1, 2 or 3.
    pub number: u8,
    /// Whole days left until the deletion, rounded up.
    pub days_until_deletion: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeletionError {
    #[error("The length of the grace period must be a non-negative number of days.")]
    InvalidGracePeriod,
    #[error("The deletion process is not active.")]
    NotActive,
    #[error("The grace period of the deletion process has already expired.")]
    GracePeriodExpired,
    #[error("The grace period of the deletion process is not over yet.")]
    GracePeriodNotOver,
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
            grace_period_reminders_sent_at: [None; 3],
            deletion_started_at: None,
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

    /// The most urgent reminder that is due and not sent yet, recorded as sent together with the
    /// earlier ones it makes pointless (the job may not have run when they were due).
    pub fn send_due_reminder(&mut self, now: OffsetDateTime) -> Option<GracePeriodReminder> {
        if self.status != DeletionProcessStatus::Active {
            return None;
        }
        let left = self.grace_period_ends_at? - now;
        if left <= Duration::ZERO {
            return None;
        }
        let due = GRACE_PERIOD_REMINDER_DAYS.iter().rposition(|days| left <= Duration::days(*days))?;
        if self.grace_period_reminders_sent_at[due].is_some() {
            return None;
        }
        for sent_at in &mut self.grace_period_reminders_sent_at[..=due] {
            sent_at.get_or_insert(now);
        }
        let whole_days = left.whole_days();
        let days = if left > Duration::days(whole_days) { whole_days + 1 } else { whole_days };
        Some(GracePeriodReminder {
            number: u8::try_from(due + 1).unwrap_or(u8::MAX),
            days_until_deletion: u32::try_from(days).unwrap_or(u32::MAX),
        })
    }

    /// The grace period is over: the actual deletion starts.
    pub fn start_deletion(&mut self, now: OffsetDateTime) -> Result<(), DeletionError> {
        if self.status != DeletionProcessStatus::Active {
            return Err(DeletionError::NotActive);
        }
        if self.grace_period_ends_at.is_none_or(|end| end > now) {
            return Err(DeletionError::GracePeriodNotOver);
        }
        self.status = DeletionProcessStatus::Deleting;
        self.deletion_started_at = Some(now);
        Ok(())
    }
}

/// What the audit log of deletion processes records (the message keys of the reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditMessage {
    StartedByOwner,
    CancelledByOwner,
    GracePeriodReminder1Sent,
    GracePeriodReminder2Sent,
    GracePeriodReminder3Sent,
    DeletionStarted,
    DataDeleted,
    ErrorDuringDeletion,
    DeletionCompleted,
}

impl AuditMessage {
    const ALL: [AuditMessage; 9] = [
        AuditMessage::StartedByOwner,
        AuditMessage::CancelledByOwner,
        AuditMessage::GracePeriodReminder1Sent,
        AuditMessage::GracePeriodReminder2Sent,
        AuditMessage::GracePeriodReminder3Sent,
        AuditMessage::DeletionStarted,
        AuditMessage::DataDeleted,
        AuditMessage::ErrorDuringDeletion,
        AuditMessage::DeletionCompleted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditMessage::StartedByOwner => "StartedByOwner",
            AuditMessage::CancelledByOwner => "CancelledByOwner",
            AuditMessage::GracePeriodReminder1Sent => "GracePeriodReminder1Sent",
            AuditMessage::GracePeriodReminder2Sent => "GracePeriodReminder2Sent",
            AuditMessage::GracePeriodReminder3Sent => "GracePeriodReminder3Sent",
            AuditMessage::DeletionStarted => "DeletionStarted",
            AuditMessage::DataDeleted => "DataDeleted",
            AuditMessage::ErrorDuringDeletion => "ErrorDuringDeletion",
            AuditMessage::DeletionCompleted => "DeletionCompleted",
        }
    }

    pub fn from_name(name: &str) -> Option<AuditMessage> {
        AuditMessage::ALL.into_iter().find(|message| message.as_str() == name)
    }

    /// The entry for having sent reminder `number` (1 to 3).
    pub fn reminder_sent(number: u8) -> AuditMessage {
        match number {
            1 => AuditMessage::GracePeriodReminder1Sent,
            2 => AuditMessage::GracePeriodReminder2Sent,
            _ => AuditMessage::GracePeriodReminder3Sent,
        }
    }
}

/// An entry of the deletion audit log. It outlives the identity, so it holds no plain identifiers:
/// the address and device are kept as [`audit_hash`]es, and on completion the hashes of the
/// identity's usernames are attached (so that `IsDeleted` still knows them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub process_id: DeletionProcessId,
    pub identity_address_hash: String,
    pub device_id_hash: Option<String>,
    pub created_at: OffsetDateTime,
    pub message: AuditMessage,
    pub old_status: Option<DeletionProcessStatus>,
    pub new_status: DeletionProcessStatus,
    /// The kind of data a `DataDeleted` entry is about, or the error of an `ErrorDuringDeletion`.
    pub additional_data: Option<String>,
}

impl AuditEntry {
    /// An entry about `process` in its current status, by the system unless `device` is given.
    pub fn new(
        process: &DeletionProcess,
        message: AuditMessage,
        old_status: Option<DeletionProcessStatus>,
        device: Option<&DeviceId>,
        now: OffsetDateTime,
    ) -> Self {
        Self {
            process_id: process.id.clone(),
            identity_address_hash: audit_hash(process.identity.as_str()),
            device_id_hash: device.map(|device| audit_hash(device.as_str())),
            created_at: now,
            message,
            old_status,
            new_status: process.status,
            additional_data: None,
        }
    }

    pub fn with_data(mut self, data: impl Into<String>) -> Self {
        self.additional_data = Some(data.into());
        self
    }
}

/// How the deletion audit log refers to an address, device id or username: a SHA-256 digest
/// (hexadecimal) that support can compute from a known value but that reveals none.
/// Usernames are matched case-insensitively, so pass them in upper case.
pub fn audit_hash(value: &str) -> String {
    Sha256::digest(value.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
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

    #[test]
    fn one_reminder_per_threshold_with_the_days_left_rounded_up() {
        let mut process = start(None).unwrap();
        assert_eq!(process.send_due_reminder(NOW + Duration::days(1)), None);
        let reminder =
            |number, days_until_deletion| Some(GracePeriodReminder { number, days_until_deletion });
        let at_12 = NOW + Duration::days(2);
        assert_eq!(process.send_due_reminder(at_12), reminder(1, 12));
        assert_eq!(process.send_due_reminder(at_12 + Duration::hours(1)), None);
        assert_eq!(process.send_due_reminder(NOW + Duration::hours(97)), reminder(2, 10));
        assert_eq!(
            process.grace_period_reminders_sent_at,
            [Some(at_12), Some(NOW + Duration::hours(97)), None]
        );
        assert_eq!(process.send_due_reminder(NOW + Duration::days(13)), reminder(3, 1));
        assert_eq!(process.send_due_reminder(NOW + Duration::days(13)), None);
        assert_eq!(process.send_due_reminder(NOW + Duration::days(14)), None, "the grace period is over");
    }

    #[test]
    fn a_late_job_sends_only_the_most_urgent_reminder() {
        let mut process = start(None).unwrap();
        let late = NOW + Duration::days(10);
        assert_eq!(
            process.send_due_reminder(late),
            Some(GracePeriodReminder { number: 3, days_until_deletion: 4 })
        );
        assert_eq!(process.grace_period_reminders_sent_at, [Some(late); 3]);
        let mut cancelled = start(None).unwrap();
        cancelled.cancel(NOW).unwrap();
        assert_eq!(cancelled.send_due_reminder(late), None);
    }

    #[test]
    fn the_deletion_starts_once_the_grace_period_is_over() {
        let mut process = start(Some(1.0)).unwrap();
        assert_eq!(process.start_deletion(NOW), Err(DeletionError::GracePeriodNotOver));
        let end = NOW + Duration::days(1);
        process.start_deletion(end).unwrap();
        assert_eq!(
            (process.status, process.deletion_started_at),
            (DeletionProcessStatus::Deleting, Some(end))
        );
        assert_eq!(process.start_deletion(end), Err(DeletionError::NotActive));
        assert_eq!(process.cancel(end), Err(DeletionError::NotActive));
    }

    #[test]
    fn audit_hashes_are_hex_sha256() {
        assert_eq!(audit_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(AuditMessage::from_name("DataDeleted"), Some(AuditMessage::DataDeleted));
    }
}
