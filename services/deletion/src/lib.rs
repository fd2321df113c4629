//! The identity deletion jobs (spec §10, operations §4.4): grace-period reminders, and the actual
//! deletion of identities whose grace period is over.
//!
//! The actual deletion has two phases, on different passes. The first moves the identity and its
//! process to `Deleting` and publishes `IdentityDeleted`, from which the devices get the
//! `DeletionStarts` push and the peers their `PeerDeleted` events. The second, at least
//! [`DATA_DELETION_DELAY`] later and once those events have been handled, deletes or anonymises the
//! identity's data module by module, one transaction per step; a failed step is recorded in the
//! audit log and the identity, still `Deleting`, is taken up again on the next pass.

use std::sync::Arc;

use backbone_blob::BlobStore;
use backbone_domain::deletion::{AuditEntry, AuditMessage, DeletionProcess, GRACE_PERIOD_REMINDER_DAYS};
use backbone_domain::events::DomainEvent;
use backbone_domain::id::{DeletionProcessId, FileId};
use backbone_domain::{Clock, IdentityAddress};
use backbone_proto::dto::deletion::DeletionProcessStatus;
use backbone_proto::dto::identities::IdentityStatus;
use backbone_store::{
    Db, StoreError, Tx, deletion_audit, deletion_processes, devices, identity_deletion, outbox, relationships,
};
use time::OffsetDateTime;
use tokio_util::sync::CancellationToken;

/// How long after the start of an actual deletion its data is deleted at the earliest: the
/// `DeletionStarts` push must reach the devices before their registrations go, and the peers'
/// `PeerDeleted` events are computed from the relationships before they are decomposed. Beyond the
/// delay, the data deletion also waits while an event written before the deletion started is still
/// in the outbox (a relay that is down); with RabbitMQ, published is not yet handled, which the
/// delay covers.
pub const DATA_DELETION_DELAY: time::Duration = time::Duration::minutes(10);

/// How often the jobs run; the reference runs them daily at midnight.
const INTERVAL: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// What one pass did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Report {
    /// Grace-period reminders sent (at most one per process and pass).
    pub reminders_sent: u64,
    /// Identities whose actual deletion started (now `Deleting`).
    pub deletions_started: u64,
    /// Identities whose data is deleted now, the identity itself included.
    pub deletions_completed: u64,
    /// Processes for which something failed; they are taken up again on the next pass.
    pub failures: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum DeletionJobError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("deleting {step}: {source}")]
    Step { step: &'static str, source: StoreError },
}

/// The steps of the data deletion, in order, each in its own transaction. The identity goes last:
/// as long as it and its process exist, an interrupted deletion is found and resumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Challenges,
    Files,
    Messages,
    Relationships,
    Synchronization,
    Tokens,
    Identity,
}

impl Step {
    const ALL: [Step; 7] = [
        Step::Challenges,
        Step::Files,
        Step::Messages,
        Step::Relationships,
        Step::Synchronization,
        Step::Tokens,
        Step::Identity,
    ];

    /// The aggregate type named by the step's `DataDeleted` audit entry.
    fn aggregate_type(self) -> &'static str {
        match self {
            Step::Challenges => "Challenges",
            Step::Files => "Files",
            Step::Messages => "Messages",
            Step::Relationships => "Relationships",
            Step::Synchronization => "Synchronization",
            Step::Tokens => "Tokens",
            Step::Identity => "Identities",
        }
    }
}

/// The identity deletion jobs component.
pub struct DeletionJobs {
    db: Db,
    blobs: BlobStore,
    anonymous: IdentityAddress,
    clock: Arc<dyn Clock>,
}

impl DeletionJobs {
    /// `anonymous` is the address that replaces a deleted identity in others' data
    /// (`ApiConfig::anonymous_address`); `blobs` holds the contents of its files.
    pub fn new(db: Db, blobs: BlobStore, anonymous: IdentityAddress, clock: Arc<dyn Clock>) -> Self {
        Self { db, blobs, anonymous, clock }
    }

    /// Runs a pass at start and then every interval until cancelled.
    pub async fn run(self, shutdown: CancellationToken) {
        loop {
            match self.pass().await {
                Ok(report) => tracing::info!(?report, "identity deletion pass done"),
                Err(error) => {
                    tracing::warn!(%error, "identity deletion pass failed; retrying at the next interval")
                }
            }
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(INTERVAL) => {}
            }
        }
    }

    /// Sends the due reminders, deletes the data of identities whose deletion started long enough
    /// ago, and starts the deletion of identities whose grace period is over.
    pub async fn pass(&self) -> Result<Report, DeletionJobError> {
        let now = self.clock.now();
        let mut report = Report::default();
        self.send_reminders(now, &mut report).await?;
        self.delete_data(now, &mut report).await?;
        self.start_deletions(now, &mut report).await?;
        Ok(report)
    }

    async fn send_reminders(&self, now: OffsetDateTime, report: &mut Report) -> Result<(), DeletionJobError> {
        let earliest_reminder = time::Duration::days(GRACE_PERIOD_REMINDER_DAYS[0]);
        let candidates =
            deletion_processes::active_ending_until(&mut *self.db.conn().await?, now + earliest_reminder)
                .await?;
        for process in candidates {
            match self.send_reminder(&process.id, now).await {
                Ok(sent) => report.reminders_sent += u64::from(sent),
                Err(error) => {
                    tracing::warn!(%error, process = %process.id, "grace-period reminder failed");
                    report.failures += 1;
                }
            }
        }
        Ok(())
    }

    /// Sends the process's most urgent due reminder, if any; `true` if it did.
    async fn send_reminder(&self, id: &DeletionProcessId, now: OffsetDateTime) -> Result<bool, StoreError> {
        let mut tx = self.db.begin().await?;
        let Some(mut process) = deletion_processes::find_by_id(&mut tx, id).await? else { return Ok(false) };
        let Some(reminder) = process.send_due_reminder(now) else { return Ok(false) };
        deletion_processes::update(&mut tx, &process).await?;
        let message = AuditMessage::reminder_sent(reminder.number);
        deletion_audit::append(&mut tx, &AuditEntry::new(&process, message, Some(process.status), None, now))
            .await?;
        let event = DomainEvent::GracePeriodReminderDue {
            identity_address: process.identity.to_string(),
            days_until_deletion: reminder.days_until_deletion,
        };
        outbox::append(&mut tx, &event, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn start_deletions(
        &self,
        now: OffsetDateTime,
        report: &mut Report,
    ) -> Result<(), DeletionJobError> {
        let expired = deletion_processes::active_ending_until(&mut *self.db.conn().await?, now).await?;
        for process in expired {
            match self.start_deletion(&process.id, now).await {
                Ok(started) => report.deletions_started += u64::from(started),
                Err(error) => {
                    tracing::warn!(%error, process = %process.id, "starting an identity deletion failed");
                    report.failures += 1;
                }
            }
        }
        Ok(())
    }

    /// Phase one: the identity and its process are `Deleting`, and everybody concerned is told.
    async fn start_deletion(&self, id: &DeletionProcessId, now: OffsetDateTime) -> Result<bool, StoreError> {
        let mut tx = self.db.begin().await?;
        let Some(mut process) = deletion_processes::find_by_id(&mut tx, id).await? else { return Ok(false) };
        let old_status = process.status;
        if process.start_deletion(now).is_err() {
            return Ok(false);
        }
        let Some(identity) = devices::find_identity(&mut tx, &process.identity).await? else {
            return Ok(false);
        };
        deletion_processes::update(&mut tx, &process).await?;
        devices::update_deletion_state(
            &mut tx,
            &identity.address,
            IdentityStatus::Deleting,
            &identity.tier_id,
            identity.deletion_grace_period_ends_at,
        )
        .await?;
        let audit = AuditEntry::new(&process, AuditMessage::DeletionStarted, Some(old_status), None, now);
        deletion_audit::append(&mut tx, &audit).await?;
        let event = DomainEvent::IdentityDeleted { identity_address: process.identity.to_string() };
        outbox::append(&mut tx, &event, now).await?;
        tx.commit().await?;
        tracing::info!(process = %process.id, "identity deletion started");
        Ok(true)
    }

    async fn delete_data(&self, now: OffsetDateTime, report: &mut Report) -> Result<(), DeletionJobError> {
        let (due, oldest_pending_event) = {
            let mut conn = self.db.conn().await?;
            let due = deletion_processes::deleting_since(&mut conn, now - DATA_DELETION_DELAY).await?;
            (due, outbox::oldest_pending(&mut conn).await?)
        };
        for process in due {
            let started = process.deletion_started_at.unwrap_or(now);
            if oldest_pending_event.is_some_and(|oldest| oldest <= started) {
                tracing::info!(process = %process.id, "identity deletion waits for its events to be handled");
                continue;
            }
            match self.delete_identity(&process, now).await {
                Ok(()) => {
                    tracing::info!(process = %process.id, "identity deletion completed");
                    report.deletions_completed += 1;
                }
                Err(error) => {
                    tracing::warn!(%error, process = %process.id, "identity deletion failed; retrying next pass");
                    report.failures += 1;
                    if let Err(error) = self.record_error(&process, &error, now).await {
                        tracing::warn!(%error, process = %process.id, "could not record the deletion failure");
                    }
                }
            }
        }
        Ok(())
    }

    /// Phase two: every step in its own transaction with its audit entry; the first failure stops.
    async fn delete_identity(
        &self,
        process: &DeletionProcess,
        now: OffsetDateTime,
    ) -> Result<(), DeletionJobError> {
        for step in Step::ALL {
            let failed = |source| DeletionJobError::Step { step: step.aggregate_type(), source };
            let mut tx = self.db.begin().await.map_err(failed)?;
            let files = self.run_step(step, &mut tx, process, now).await.map_err(failed)?;
            let audit = |message| AuditEntry::new(process, message, Some(process.status), None, now);
            let data_deleted = audit(AuditMessage::DataDeleted).with_data(step.aggregate_type());
            deletion_audit::append(&mut tx, &data_deleted).await.map_err(failed)?;
            if step == Step::Identity {
                deletion_audit::append(&mut tx, &audit(AuditMessage::DeletionCompleted))
                    .await
                    .map_err(failed)?;
            }
            tx.commit().await.map_err(failed)?;
            for file in files {
                // Without metadata the content is unreachable; a blob left behind here is removed by
                // the housekeeper's sweep of orphan blobs.
                if let Err(error) = self.blobs.delete(file.as_str()).await {
                    tracing::warn!(%error, %file, "could not delete the content of a deleted identity's file");
                }
            }
        }
        Ok(())
    }

    /// Runs one step; returns the files whose contents are to be deleted once it is committed.
    async fn run_step(
        &self,
        step: Step,
        tx: &mut Tx,
        process: &DeletionProcess,
        now: OffsetDateTime,
    ) -> Result<Vec<FileId>, StoreError> {
        let identity = &process.identity;
        let anonymous = &self.anonymous;
        match step {
            Step::Challenges => {
                identity_deletion::delete_challenges(tx, identity).await?;
            }
            Step::Files => return identity_deletion::delete_files(tx, identity, anonymous).await,
            Step::Messages => {
                identity_deletion::anonymise_messages(tx, identity, anonymous).await?;
            }
            Step::Relationships => {
                let ids = identity_deletion::relationships_of(tx, identity).await?;
                identity_deletion::release_pair_keys(tx, identity).await?;
                for id in ids {
                    let Some(mut relationship) = relationships::find(tx, &id).await? else { continue };
                    let stored_entries = relationship.audit_log.len();
                    if let Some(event) = relationship.decompose_due_to_identity_deletion(identity, now) {
                        relationships::save_transition(tx, &relationship, stored_entries).await?;
                        outbox::append(tx, &event, now).await?;
                    }
                }
                identity_deletion::anonymise_relationships(tx, identity, anonymous).await?;
                identity_deletion::delete_templates(tx, identity, anonymous).await?;
            }
            Step::Synchronization => identity_deletion::delete_synchronization(tx, identity).await?,
            Step::Tokens => {
                identity_deletion::delete_tokens(tx, identity, anonymous).await?;
            }
            Step::Identity => {
                let usernames = identity_deletion::usernames(tx, identity).await?;
                identity_deletion::delete_identity(tx, identity).await?;
                deletion_audit::attach_usernames(tx, identity, &usernames).await?;
            }
        }
        Ok(Vec::new())
    }

    async fn record_error(
        &self,
        process: &DeletionProcess,
        error: &DeletionJobError,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let mut tx = self.db.begin().await?;
        let entry = AuditEntry::new(
            process,
            AuditMessage::ErrorDuringDeletion,
            Some(DeletionProcessStatus::Deleting),
            None,
            now,
        )
        .with_data(error.to_string());
        deletion_audit::append(&mut tx, &entry).await?;
        tx.commit().await
    }
}
