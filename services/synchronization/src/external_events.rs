//! Turns domain events into external events: the entries of each identity's inbox that its devices
//! fetch through sync runs (spec §6.2).

use std::sync::Arc;

use async_trait::async_trait;
use backbone_bus::{OutboxEntry, Subscriber, SubscriberError};
use backbone_domain::events::DomainEvent;
use backbone_domain::id::ExternalEventId;
use backbone_domain::{Clock, IdentityAddress};
use backbone_store::{Db, StoreError, external_events, handled_events};
use serde_json::{Value, json};

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
        let Some((owner, event_type, payload)) = external_event_for(&entry.event) else {
            return Ok(());
        };
        let store_error = |error: StoreError| SubscriberError(error.to_string());
        let mut tx = self.db.begin().await.map_err(store_error)?;
        if handled_events::record(&mut tx, self.name(), entry.id).await.map_err(store_error)? {
            let id = ExternalEventId::generate(&mut rand::rng());
            let owner = IdentityAddress::trusted(owner.to_owned());
            external_events::insert(&mut tx, &id, &owner, event_type, &payload.to_string(), self.clock.now())
                .await
                .map_err(store_error)?;
        }
        tx.commit().await.map_err(store_error)
    }
}

/// The recipient, type and payload of the external event a domain event causes, if any.
fn external_event_for(event: &DomainEvent) -> Option<(&str, &'static str, Value)> {
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
        let first = changed("DeletionProposed");
        let (owner, event_type, payload) = external_event_for(&first).unwrap();
        assert_eq!(
            (owner, event_type, payload),
            ("b", "RelationshipStatusChanged", json!({"relationshipId": "REL"}))
        );
        assert!(external_event_for(&changed("ReadyForDeletion")).is_none());
        let anonymous_lock = DomainEvent::TokenLocked { token_id: "TOK".into(), created_by: None };
        assert!(external_event_for(&anonymous_lock).is_none());
    }
}
