//! Turns domain events into pushes (spec §8.1) and sends them through the platform providers.

use std::collections::HashSet;
use std::sync::Arc;

use async_trait::async_trait;
use backbone_bus::{OutboxEntry, Subscriber, SubscriberError};
use backbone_domain::announcement::Text;
use backbone_domain::events::DomainEvent;
use backbone_domain::id::DeviceId;
use backbone_domain::push::Platform;
use backbone_domain::{Clock, IdentityAddress};
use backbone_push::{Notification, NotificationText, Providers, PushError};
use backbone_store::push::{self, Target};
use backbone_store::{Db, StoreError, handled_events};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::texts::{BuiltinText, NotificationTexts};

/// A push to all devices of some identities (no identities: every device, for announcements to everybody).
#[derive(Debug, PartialEq)]
struct Push {
    recipients: Vec<IdentityAddress>,
    /// The device that caused the push already knows.
    except_device: Option<DeviceId>,
    /// Identities in deletion are not told about new events.
    only_active: bool,
    kind: PushKind,
}

#[derive(Debug, PartialEq)]
enum PushKind {
    /// Carries content for the app (spec §8.2) and also reaches Server-Sent-Events streams.
    Event { name: &'static str, payload: Value, text: BuiltinText, collapse_id: Option<&'static str> },
    /// An identity-to-identity notification: the configured text only.
    Configured { code: String },
    /// An operator's announcement, in the device's language (else English).
    Announcement { id: String, texts: Vec<Text> },
}

fn push_for(event: &DomainEvent) -> Option<Push> {
    let address = |address: &String| IdentityAddress::trusted(address.clone());
    let to = |identity: &String, only_active: bool, kind: PushKind| Push {
        recipients: vec![address(identity)],
        except_device: None,
        only_active,
        kind,
    };
    let event_kind = |name, payload, text| PushKind::Event { name, payload, text, collapse_id: None };
    Some(match event {
        DomainEvent::ExternalEventCreated { owner, .. } => to(
            owner,
            true,
            PushKind::Event {
                name: "ExternalEventCreated",
                payload: json!({}),
                text: BuiltinText::UpdatesAvailable,
                collapse_id: Some("ExternalEventCreated"),
            },
        ),
        DomainEvent::DatawalletModified { identity, modified_by_device } => Push {
            except_device: Some(DeviceId::trusted(modified_by_device.clone())),
            ..to(
                identity,
                false,
                PushKind::Event {
                    name: "DatawalletModificationsCreated",
                    payload: json!({}),
                    text: BuiltinText::UpdatesAvailable,
                    collapse_id: Some("DatawalletModified"),
                },
            )
        },
        DomainEvent::IdentityToBeDeleted { identity_address, .. } => to(
            identity_address,
            false,
            event_kind("DeletionProcessStarted", json!({}), BuiltinText::DeletionProcessStarted),
        ),
        DomainEvent::IdentityDeletionCancelled { identity_address } => to(
            identity_address,
            false,
            event_kind("DeletionProcessCancelledByOwner", json!({}), BuiltinText::DeletionProcessCancelled),
        ),
        DomainEvent::GracePeriodReminderDue { identity_address, days_until_deletion } => to(
            identity_address,
            false,
            event_kind(
                "DeletionProcessGracePeriodReminder",
                json!({ "daysUntilDeletion": days_until_deletion }),
                BuiltinText::DeletionProcessGracePeriodReminder,
            ),
        ),
        DomainEvent::IdentityDeleted { identity_address } => {
            to(identity_address, false, event_kind("DeletionStarts", json!({}), BuiltinText::DeletionStarts))
        }
        DomainEvent::BackupDeviceUsed { identity_address } => to(
            identity_address,
            false,
            event_kind("BackupDeviceUsed", json!({}), BuiltinText::BackupDeviceUsed),
        ),
        DomainEvent::TokenLocked { token_id, created_by: Some(created_by) } => to(
            created_by,
            true,
            event_kind("TokenLocked", json!({ "tokenId": token_id }), BuiltinText::TokenLocked),
        ),
        DomainEvent::TestPushRequested { identity, data } => {
            to(identity, false, event_kind("Test", json!({ "data": data }), BuiltinText::Test))
        }
        DomainEvent::AnnouncementCreated { announcement_id, texts, recipients } => Push {
            recipients: recipients.iter().map(address).collect(),
            except_device: None,
            only_active: true,
            kind: PushKind::Announcement { id: announcement_id.clone(), texts: texts.clone() },
        },
        DomainEvent::NotificationRequested { recipients, code, .. } => Push {
            recipients: recipients.iter().map(address).collect(),
            except_device: None,
            only_active: false,
            kind: PushKind::Configured { code: code.clone() },
        },
        _ => return None,
    })
}

/// The Push module's subscriber.
pub struct Pusher {
    db: Db,
    clock: Arc<dyn Clock>,
    providers: Arc<Providers>,
    texts: Arc<NotificationTexts>,
}

impl Pusher {
    pub fn new(
        db: Db,
        clock: Arc<dyn Clock>,
        providers: Arc<Providers>,
        texts: Arc<NotificationTexts>,
    ) -> Self {
        Self { db, clock, providers, texts }
    }

    /// The notification for one device, or `None` if there is nothing to say to it.
    fn notification(&self, kind: &PushKind, target: &Target, now: OffsetDateTime) -> Option<Notification> {
        let language = &target.communication_language;
        // The data object apps read (spec §8.2).
        let content = |name: &str, payload: Value| {
            json!({
                "accRef": target.registration.identity.as_str(),
                "devicePushIdentifier": target.registration.device_push_identifier.as_str(),
                "eventName": name,
                "sentAt": backbone_proto::date::format(now),
                "payload": payload,
            })
        };
        Some(match kind {
            PushKind::Event { name, payload, text, collapse_id } => Notification {
                text: Some(text.in_language(language)),
                content: Some(content(name, payload.clone())),
                collapse_id: collapse_id.map(str::to_owned),
            },
            PushKind::Announcement { id, texts } => {
                let find = |wanted: &str| texts.iter().find(|text| text.language == wanted);
                let text = find(language).or_else(|| find(backbone_domain::language::DEFAULT))?;
                Notification {
                    text: Some(NotificationText { title: text.title.clone(), body: text.body.clone() }),
                    content: Some(content("NewAnnouncement", json!({ "announcementId": id }))),
                    collapse_id: None,
                }
            }
            PushKind::Configured { code } => Notification {
                text: Some(self.texts.get(code, language)?.clone()),
                content: None,
                collapse_id: Some(format!("notification_{code}")),
            },
        })
    }
}

#[async_trait]
impl Subscriber for Pusher {
    fn name(&self) -> &'static str {
        "push.notifications"
    }

    /// Sends first and records afterwards: a crash in between repeats a push, which only wakes a
    /// device once more, rather than losing it.
    async fn handle(&self, entry: &OutboxEntry) -> Result<(), SubscriberError> {
        let Some(push) = push_for(&entry.event) else { return Ok(()) };
        let store_error = |error: StoreError| SubscriberError(error.to_string());
        let targets = {
            let mut conn = self.db.conn().await.map_err(store_error)?;
            if handled_events::contains(&mut conn, self.name(), entry.id).await.map_err(store_error)? {
                return Ok(());
            }
            match (&push.kind, push.recipients.is_empty()) {
                (PushKind::Announcement { .. }, true) => push::all_targets(&mut conn).await,
                _ => push::targets_of(&mut conn, &push.recipients, push.only_active).await,
            }
            .map_err(store_error)?
        };
        let now = self.clock.now();
        let mut sse_devices = Vec::new();
        let mut dead = Vec::new();
        let mut seen_handles = HashSet::new();
        for target in &targets {
            let registration = &target.registration;
            if push.except_device.as_ref() == Some(&registration.device)
                || !seen_handles.insert((registration.platform, registration.handle.as_str()))
            {
                continue;
            }
            if registration.platform == Platform::Sse {
                match &push.kind {
                    PushKind::Event { name, .. } => sse_devices.push((registration.device.clone(), *name)),
                    PushKind::Announcement { .. } => {
                        sse_devices.push((registration.device.clone(), "NewAnnouncement"))
                    }
                    PushKind::Configured { .. } => {}
                }
                continue;
            }
            let Some(notification) = self.notification(&push.kind, target, now) else { continue };
            let Some(provider) = self.providers.get(registration.platform) else {
                tracing::warn!(platform = registration.platform.as_str(), "no push provider configured");
                continue;
            };
            match provider.send(registration, &notification).await {
                Ok(()) => {}
                Err(PushError::InvalidHandle) => dead.push(registration.clone()),
                Err(error) => tracing::warn!(
                    %error,
                    device = %registration.device,
                    platform = registration.platform.as_str(),
                    "push not delivered"
                ),
            }
        }

        let mut tx = self.db.begin().await.map_err(store_error)?;
        if handled_events::record(&mut tx, self.name(), entry.id).await.map_err(store_error)? {
            for (device, name) in &sse_devices {
                push::insert_sse_signal(&mut tx, device, name, now).await.map_err(store_error)?;
            }
            for registration in &dead {
                tracing::info!(device = %registration.device, "push handle rejected by the platform; unregistering");
                push::delete_if_unchanged(&mut tx, registration).await.map_err(store_error)?;
            }
        }
        tx.commit().await.map_err(store_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datawallet_changes_skip_the_device_that_made_them() {
        let event =
            DomainEvent::DatawalletModified { identity: "did:e:a".into(), modified_by_device: "DVC1".into() };
        let push = push_for(&event).unwrap();
        assert_eq!(push.except_device, Some(DeviceId::trusted("DVC1".into())));
        assert!(matches!(push.kind, PushKind::Event { name: "DatawalletModificationsCreated", .. }));
        assert!(push_for(&DomainEvent::TokenLocked { token_id: "TOK".into(), created_by: None }).is_none());
    }

    #[test]
    fn the_deletion_job_reminds_and_announces_the_deletion_to_the_identity_in_deletion() {
        let reminder = DomainEvent::GracePeriodReminderDue {
            identity_address: "did:e:a".into(),
            days_until_deletion: 5,
        };
        let push = push_for(&reminder).unwrap();
        assert!(!push.only_active, "the identity is to be deleted");
        assert_eq!(
            push.kind,
            PushKind::Event {
                name: "DeletionProcessGracePeriodReminder",
                payload: json!({"daysUntilDeletion": 5}),
                text: BuiltinText::DeletionProcessGracePeriodReminder,
                collapse_id: None,
            }
        );
        let deleted = push_for(&DomainEvent::IdentityDeleted { identity_address: "did:e:a".into() }).unwrap();
        assert_eq!(push.recipients, deleted.recipients);
        assert!(matches!(deleted.kind, PushKind::Event { name: "DeletionStarts", .. }));
    }
}
