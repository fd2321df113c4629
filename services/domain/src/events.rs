//! Domain events (spec §7): what modules publish, through the outbox, after a change.

use serde::{Deserialize, Serialize};

/// Every domain event. Serialised as `{"type": "<Name>", ...payload}`; the name is the routing key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all_fields = "camelCase")]
pub enum DomainEvent {
    IdentityCreated {
        address: String,
        tier: String,
    },
    BackupDeviceUsed {
        identity_address: String,
    },
    DatawalletModified {
        identity: String,
        modified_by_device: String,
    },
    RelationshipStatusChanged {
        relationship_id: String,
        new_status: String,
        initiator: String,
        peer: String,
    },
    RelationshipReactivationRequested {
        relationship_id: String,
        requesting_identity: String,
        peer: String,
    },
    RelationshipReactivationCompleted {
        relationship_id: String,
        new_relationship_status: String,
        peer: String,
    },
    RelationshipTemplateCreated {
        template_id: String,
        created_by: String,
    },
    RelationshipTemplateAllocationsExhausted {
        relationship_template_id: String,
        created_by: String,
    },
    TokenCreated {
        token_id: String,
        created_by: String,
    },
    TokenLocked {
        token_id: String,
        created_by: Option<String>,
    },
    /// A non-silent announcement: its addressed identities' devices (all devices if it names none) are
    /// pushed its text in their language.
    AnnouncementCreated {
        announcement_id: String,
        texts: Vec<crate::announcement::Text>,
        /// Empty: everybody.
        recipients: Vec<String>,
    },
    MessageCreated {
        id: String,
        created_by: String,
        recipients: Vec<MessageRecipientRef>,
    },
    FileUploaded {
        file_id: String,
        owner: String,
    },
    FileOwnershipLocked {
        file_id: String,
        owner_address: String,
    },
    FileOwnershipClaimed {
        file_id: String,
        old_owner_address: String,
        new_owner_address: String,
    },
    IdentityToBeDeleted {
        identity_address: String,
        grace_period_ends_at: String,
    },
    IdentityDeletionCancelled {
        identity_address: String,
    },
    /// The deletion job sends a grace-period reminder (12, 10 and 5 days before the end).
    GracePeriodReminderDue {
        identity_address: String,
        days_until_deletion: u32,
    },
    /// The grace period is over and the actual deletion starts: the identity's devices are told,
    /// and so is every peer (`PeerDeleted`); its data is deleted a little later.
    IdentityDeleted {
        identity_address: String,
    },
    TierOfIdentityChanged {
        identity_address: String,
        old_tier_id: String,
        new_tier_id: String,
    },
    PeerToBeDeleted {
        peer_of_identity_to_be_deleted: String,
        relationship_id: String,
        identity_to_be_deleted: String,
        grace_period_ends_at: String,
    },
    PeerDeletionCancelled {
        peer_of_identity_with_deletion_cancelled: String,
        relationship_id: String,
        identity_with_deletion_cancelled: String,
    },
    PeerDeleted {
        peer_of_deleted_identity: String,
        relationship_id: String,
        deleted_identity: String,
    },
    /// Written only for events clients can see now (not delivery-blocked): it wakes the owner's devices.
    ExternalEventCreated {
        event_id: String,
        owner: String,
    },
    /// `POST /Devices/Self/PushNotifications/SendTestNotification`: `data` goes to the caller's devices.
    TestPushRequested {
        identity: String,
        data: serde_json::Value,
    },
    /// `POST /Notifications`: a visible notification with the configured text for `code`.
    NotificationRequested {
        sender: String,
        recipients: Vec<String>,
        code: String,
    },
}

/// A recipient of a message and the relationship it was sent over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageRecipientRef {
    pub address: String,
    pub relationship_id: String,
    /// The relationship was pending or terminated when the message was sent: the recipient learns of
    /// the message only once it is active. Decided at sending, not when the event is handled, so that
    /// a termination right after sending does not hide a message sent while active.
    pub delivery_blocked: bool,
}

impl DomainEvent {
    /// The event's name, used as routing key by brokers.
    pub fn name(&self) -> &'static str {
        match self {
            DomainEvent::IdentityCreated { .. } => "IdentityCreated",
            DomainEvent::BackupDeviceUsed { .. } => "BackupDeviceUsed",
            DomainEvent::DatawalletModified { .. } => "DatawalletModified",
            DomainEvent::RelationshipStatusChanged { .. } => "RelationshipStatusChanged",
            DomainEvent::RelationshipReactivationRequested { .. } => "RelationshipReactivationRequested",
            DomainEvent::RelationshipReactivationCompleted { .. } => "RelationshipReactivationCompleted",
            DomainEvent::RelationshipTemplateCreated { .. } => "RelationshipTemplateCreated",
            DomainEvent::RelationshipTemplateAllocationsExhausted { .. } => {
                "RelationshipTemplateAllocationsExhausted"
            }
            DomainEvent::TokenCreated { .. } => "TokenCreated",
            DomainEvent::TokenLocked { .. } => "TokenLocked",
            DomainEvent::AnnouncementCreated { .. } => "AnnouncementCreated",
            DomainEvent::MessageCreated { .. } => "MessageCreated",
            DomainEvent::FileUploaded { .. } => "FileUploaded",
            DomainEvent::FileOwnershipLocked { .. } => "FileOwnershipLocked",
            DomainEvent::FileOwnershipClaimed { .. } => "FileOwnershipClaimed",
            DomainEvent::IdentityToBeDeleted { .. } => "IdentityToBeDeleted",
            DomainEvent::IdentityDeletionCancelled { .. } => "IdentityDeletionCancelled",
            DomainEvent::GracePeriodReminderDue { .. } => "GracePeriodReminderDue",
            DomainEvent::IdentityDeleted { .. } => "IdentityDeleted",
            DomainEvent::TierOfIdentityChanged { .. } => "TierOfIdentityChanged",
            DomainEvent::PeerToBeDeleted { .. } => "PeerToBeDeleted",
            DomainEvent::PeerDeletionCancelled { .. } => "PeerDeletionCancelled",
            DomainEvent::PeerDeleted { .. } => "PeerDeleted",
            DomainEvent::ExternalEventCreated { .. } => "ExternalEventCreated",
            DomainEvent::TestPushRequested { .. } => "TestPushRequested",
            DomainEvent::NotificationRequested { .. } => "NotificationRequested",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_its_name_as_tag() {
        let event =
            DomainEvent::DatawalletModified { identity: "a".into(), modified_by_device: "DVC".into() };
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(json, r#"{"type":"DatawalletModified","identity":"a","modifiedByDevice":"DVC"}"#);
        assert_eq!(serde_json::from_str::<DomainEvent>(&json).unwrap(), event);
        assert_eq!(event.name(), "DatawalletModified");
    }
}
