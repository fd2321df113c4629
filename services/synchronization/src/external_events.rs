//! Turns domain events into external events: the entries of each identity's inbox that its devices
//! fetch through sync runs (spec §6.2).

use std::sync::Arc;

use async_trait::async_trait;
use backbone_bus::{OutboxEntry, Subscriber, SubscriberError};
use backbone_domain::events::DomainEvent;
use backbone_domain::id::{ExternalEventId, RelationshipId};
use backbone_domain::{Clock, IdentityAddress};
use backbone_proto::dto::relationships::RelationshipStatus;
use backbone_store::external_events::Delivery;
use backbone_store::{Db, StoreError, Tx, external_events, handled_events, outbox};
use serde_json::{Value, json};
use time::OffsetDateTime;

/// The Synchronization module's subscriber.
pub struct ExternalEventProducer {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl ExternalEventProducer {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }
}

#[async_trait]
impl Subscriber for ExternalEventProducer {
    fn name(&self) -> &'static str {
        "synchronization.external-events"
    }

    async fn handle(&self, entry: &OutboxEntry) -> Result<(), SubscriberError> {
        let now = self.clock.now();
        let own_event = external_event_for(&entry.event, now);
        if own_event.is_none() && !affects_message_events(&entry.event) {
            return Ok(());
        }
        let store_error = |error: StoreError| SubscriberError(error.to_string());
        let mut tx = self.db.begin().await.map_err(store_error)?;
        if handled_events::record(&mut tx, self.name(), entry.id).await.map_err(store_error)? {
            update_message_events(&mut tx, &entry.event, now).await.map_err(store_error)?;
            if let Some((owner, event_type, payload)) = own_event {
                let id = ExternalEventId::generate(&mut rand::rng());
                let owner = IdentityAddress::trusted(owner.to_owned());
                external_events::insert(&mut tx, &id, &owner, event_type, &payload.to_string(), now)
                    .await
                    .map_err(store_error)?;
                announce(&mut tx, &id, &owner, now).await.map_err(store_error)?;
            }
        }
        tx.commit().await.map_err(store_error)
    }
}

/// Tells the owner's devices that something new can be synced (spec §6.1). Blocked events stay
/// silent, also when they are unblocked later.
async fn announce(
    tx: &mut Tx,
    id: &ExternalEventId,
    owner: &IdentityAddress,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let event = DomainEvent::ExternalEventCreated { event_id: id.to_string(), owner: owner.to_string() };
    outbox::append(tx, &event, now).await
}

fn affects_message_events(event: &DomainEvent) -> bool {
    matches!(
        event,
        DomainEvent::MessageCreated { .. }
            | DomainEvent::RelationshipStatusChanged { .. }
            | DomainEvent::RelationshipReactivationCompleted { .. }
    )
}

/// `MessageReceived` events (spec §6.3): created per recipient, blocked while their relationship is
/// pending or terminated, unblocked when it becomes active, dropped when it never will, and dropped for
/// an identity that decomposes the relationship.
async fn update_message_events(
    tx: &mut Tx,
    event: &DomainEvent,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    match event {
        DomainEvent::MessageCreated { id, recipients, .. } => {
            for recipient in recipients {
                let relationship = RelationshipId::trusted(recipient.relationship_id.clone());
                let delivery = Delivery { context: Some(&relationship), blocked: recipient.delivery_blocked };
                let owner = IdentityAddress::trusted(recipient.address.clone());
                let event_id = ExternalEventId::generate(&mut rand::rng());
                let payload = json!({ "id": id }).to_string();
                external_events::insert_with(
                    tx,
                    &event_id,
                    &owner,
                    "MessageReceived",
                    &payload,
                    delivery,
                    now,
                )
                .await?;
                if !recipient.delivery_blocked {
                    announce(tx, &event_id, &owner, now).await?;
                }
            }
        }
        DomainEvent::RelationshipStatusChanged { relationship_id, new_status, initiator, .. } => {
            let relationship = RelationshipId::trusted(relationship_id.clone());
            match RelationshipStatus::from_name(new_status) {
                Some(RelationshipStatus::Active) => {
                    external_events::unblock_context(tx, &relationship).await?
                }
                Some(RelationshipStatus::Rejected | RelationshipStatus::Revoked) => {
                    external_events::delete_blocked_of_context(tx, &relationship).await?
                }
                Some(RelationshipStatus::DeletionProposed | RelationshipStatus::ReadyForDeletion) => {
                    let decomposer = IdentityAddress::trusted(initiator.clone());
                    external_events::delete_unsynced_of_context(tx, &decomposer, &relationship).await?
                }
                _ => {}
            }
        }
        DomainEvent::RelationshipReactivationCompleted {
            relationship_id, new_relationship_status, ..
        } if new_relationship_status == RelationshipStatus::Active.as_str() => {
            external_events::unblock_context(tx, &RelationshipId::trusted(relationship_id.clone())).await?
        }
        _ => {}
    }
    Ok(())
}

/// The recipient, type and payload of the external event a domain event causes, if any; `now` is
/// when it is handled.
fn external_event_for(event: &DomainEvent, now: OffsetDateTime) -> Option<(&str, &'static str, Value)> {
    Some(match event {
        DomainEvent::RelationshipStatusChanged { relationship_id, new_status, peer, .. }
            if new_status != "ReadyForDeletion" =>
        {
            (peer, "RelationshipStatusChanged", json!({ "relationshipId": relationship_id }))
        }
        DomainEvent::RelationshipReactivationRequested { relationship_id, peer, .. } => {
            (peer, "RelationshipReactivationRequested", json!({ "relationshipId": relationship_id }))
        }
        DomainEvent::RelationshipReactivationCompleted { relationship_id, peer, .. } => {
            (peer, "RelationshipReactivationCompleted", json!({ "relationshipId": relationship_id }))
        }
        DomainEvent::RelationshipTemplateAllocationsExhausted { relationship_template_id, created_by } => (
            created_by,
            "RelationshipTemplateAllocationsExhausted",
            json!({ "relationshipTemplateId": relationship_template_id }),
        ),
        DomainEvent::TokenLocked { token_id, created_by: Some(created_by) } => {
            (created_by, "TokenLocked", json!({ "tokenId": token_id }))
        }
        DomainEvent::FileOwnershipLocked { file_id, owner_address } => {
            (owner_address, "FileOwnershipLocked", json!({ "fileId": file_id }))
        }
        DomainEvent::FileOwnershipClaimed { file_id, old_owner_address, new_owner_address } => (
            old_owner_address,
            "FileOwnershipClaimed",
            json!({ "fileId": file_id, "newOwnerAddress": new_owner_address }),
        ),
        DomainEvent::PeerToBeDeleted {
            peer_of_identity_to_be_deleted,
            relationship_id,
            grace_period_ends_at,
            ..
        } => (
            peer_of_identity_to_be_deleted,
            "PeerToBeDeleted",
            json!({ "relationshipId": relationship_id, "deletionDate": grace_period_ends_at }),
        ),
        DomainEvent::PeerDeletionCancelled {
            peer_of_identity_with_deletion_cancelled,
            relationship_id,
            ..
        } => (
            peer_of_identity_with_deletion_cancelled,
            "PeerDeletionCancelled",
            json!({ "relationshipId": relationship_id }),
        ),
        DomainEvent::PeerDeleted { peer_of_deleted_identity, relationship_id, .. } => (
            peer_of_deleted_identity,
            "PeerDeleted",
            json!({ "relationshipId": relationship_id, "deletionDate": backbone_proto::date::format(now) }),
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_decomposition_tells_nobody() {
        let changed = |new_status: &str| DomainEvent::RelationshipStatusChanged {
            relationship_id: "REL".into(),
            new_status: new_status.into(),
            initiator: "a".into(),
            peer: "b".into(),
        };
        let now = time::macros::datetime!(2026-01-01 00:00 UTC);
        let first = changed("DeletionProposed");
        let (owner, event_type, payload) = external_event_for(&first, now).unwrap();
        assert_eq!(
            (owner, event_type, payload),
            ("b", "RelationshipStatusChanged", json!({"relationshipId": "REL"}))
        );
        assert!(external_event_for(&changed("ReadyForDeletion"), now).is_none());
        let anonymous_lock = DomainEvent::TokenLocked { token_id: "TOK".into(), created_by: None };
        assert!(external_event_for(&anonymous_lock, now).is_none());
    }

    #[test]
    fn a_deleted_peer_is_dated_when_the_event_is_handled() {
        let now = time::macros::datetime!(2026-01-01 00:00:00.5 UTC);
        let deleted = DomainEvent::PeerDeleted {
            peer_of_deleted_identity: "b".into(),
            relationship_id: "REL".into(),
            deleted_identity: "a".into(),
        };
        assert_eq!(
            external_event_for(&deleted, now).unwrap(),
            (
                "b",
                "PeerDeleted",
                json!({"relationshipId": "REL", "deletionDate": "2026-01-01T00:00:00.500Z"})
            )
        );
    }
}
