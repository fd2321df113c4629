//! Tells each peer of an identity about that identity's deletion process: one event per relationship
//! that is still pending, active or terminated (spec §7: `PeerToBeDeleted`, `PeerDeletionCancelled`,
//! and `PeerDeleted` when the actual deletion starts).

use async_trait::async_trait;
use backbone_bus::{OutboxEntry, Subscriber, SubscriberError};
use backbone_domain::events::DomainEvent;
use backbone_domain::{Clock, IdentityAddress};
use backbone_proto::dto::relationships::RelationshipStatus;
use backbone_store::{Db, StoreError, handled_events, outbox, relationships};
use std::sync::Arc;

const AFFECTED: [RelationshipStatus; 3] =
    [RelationshipStatus::Pending, RelationshipStatus::Active, RelationshipStatus::Terminated];

/// The Relationships module's subscriber.
pub struct PeerNotifier {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl PeerNotifier {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }
}

#[async_trait]
impl Subscriber for PeerNotifier {
    fn name(&self) -> &'static str {
        "relationships.peer-notifier"
    }

    async fn handle(&self, entry: &OutboxEntry) -> Result<(), SubscriberError> {
        let identity = match &entry.event {
            DomainEvent::IdentityToBeDeleted { identity_address, .. }
            | DomainEvent::IdentityDeletionCancelled { identity_address }
            | DomainEvent::IdentityDeleted { identity_address } => {
                IdentityAddress::trusted(identity_address.clone())
            }
            _ => return Ok(()),
        };
        let store_error = |error: StoreError| SubscriberError(error.to_string());
        let mut tx = self.db.begin().await.map_err(store_error)?;
        if handled_events::record(&mut tx, self.name(), entry.id).await.map_err(store_error)? {
            let now = self.clock.now();
            for (relationship, peer) in
                relationships::peers_in_status(&mut tx, &identity, &AFFECTED).await.map_err(store_error)?
            {
                let event = match &entry.event {
                    DomainEvent::IdentityToBeDeleted { grace_period_ends_at, .. } => {
                        DomainEvent::PeerToBeDeleted {
                            peer_of_identity_to_be_deleted: peer.into_string(),
                            relationship_id: relationship.into_string(),
                            identity_to_be_deleted: identity.to_string(),
                            grace_period_ends_at: grace_period_ends_at.clone(),
                        }
                    }
                    DomainEvent::IdentityDeleted { .. } => DomainEvent::PeerDeleted {
                        peer_of_deleted_identity: peer.into_string(),
                        relationship_id: relationship.into_string(),
                        deleted_identity: identity.to_string(),
                    },
                    _ => DomainEvent::PeerDeletionCancelled {
                        peer_of_identity_with_deletion_cancelled: peer.into_string(),
                        relationship_id: relationship.into_string(),
                        identity_with_deletion_cancelled: identity.to_string(),
                    },
                };
                outbox::append(&mut tx, &event, now).await.map_err(store_error)?;
            }
        }
        tx.commit().await.map_err(store_error)
    }
}
