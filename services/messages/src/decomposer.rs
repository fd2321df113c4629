//! The Messages module's reaction to a relationship's decomposition (spec §9.4).

use std::sync::Arc;

use async_trait::async_trait;
use backbone_bus::{OutboxEntry, Subscriber, SubscriberError};
use backbone_domain::IdentityAddress;
use backbone_domain::events::DomainEvent;
use backbone_domain::id::RelationshipId;
use backbone_proto::dto::relationships::RelationshipStatus;
use backbone_store::{Db, StoreError, handled_events, messages};

pub struct MessageDecomposer {
    db: Db,
    anonymous: Arc<IdentityAddress>,
}

impl MessageDecomposer {
    pub fn new(db: Db, anonymous: Arc<IdentityAddress>) -> Self {
        Self { db, anonymous }
    }
}

#[async_trait]
impl Subscriber for MessageDecomposer {
    fn name(&self) -> &'static str {
        "messages.decomposer"
    }

    async fn handle(&self, entry: &OutboxEntry) -> Result<(), SubscriberError> {
        let DomainEvent::RelationshipStatusChanged { relationship_id, new_status, initiator, .. } =
            &entry.event
        else {
            return Ok(());
        };
        let decomposed =
            [RelationshipStatus::DeletionProposed.as_str(), RelationshipStatus::ReadyForDeletion.as_str()];
        if !decomposed.contains(&new_status.as_str()) {
            return Ok(());
        }
        let store_error = |error: StoreError| SubscriberError(error.to_string());
        let mut tx = self.db.begin().await.map_err(store_error)?;
        if handled_events::record(&mut tx, self.name(), entry.id).await.map_err(store_error)? {
            let relationship = RelationshipId::trusted(relationship_id.clone());
            let decomposer = IdentityAddress::trusted(initiator.clone());
            messages::decompose(&mut tx, &relationship, &decomposer, &self.anonymous)
                .await
                .map_err(store_error)?;
        }
        tx.commit().await.map_err(store_error)
    }
}
