//! Messages (spec §5.8): who sees a message, and which recipients the sender sees.

use time::OffsetDateTime;

use crate::IdentityAddress;
use crate::id::{DeviceId, FileId, MessageId, RelationshipId};

/// Limits on sending, from configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageLimits {
    pub max_recipients: usize,
    pub max_unreceived_from_one_sender: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: MessageId,
    pub created_at: OffsetDateTime,
    pub created_by: IdentityAddress,
    pub created_by_device: DeviceId,
    pub body: Vec<u8>,
    pub attachments: Vec<FileId>,
    pub recipients: Vec<Recipient>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub address: IdentityAddress,
    pub encrypted_key: Vec<u8>,
    pub relationship_id: RelationshipId,
    pub received_at: Option<OffsetDateTime>,
    pub received_by_device: Option<DeviceId>,
    pub decomposed_by_sender: bool,
    pub decomposed_by_recipient: bool,
}

impl Message {
    /// Whether `reader` may see the message (spec §5.8, §9.4).
    pub fn is_visible_to(&self, reader: &IdentityAddress) -> bool {
        (self.created_by == *reader
            && self.recipients.iter().any(|recipient| !recipient.decomposed_by_sender))
            || self
                .recipients
                .iter()
                .any(|recipient| recipient.address == *reader && !recipient.decomposed_by_recipient)
    }

    /// The message as `reader` sees it: a recipient sees only its own entry; the sender sees every
    /// entry, with the addresses of recipients it decomposed its relationship with anonymised.
    pub fn as_seen_by(mut self, reader: &IdentityAddress, anonymous: &IdentityAddress) -> Message {
        if self.created_by == *reader {
            for recipient in &mut self.recipients {
                if recipient.decomposed_by_sender {
                    recipient.address = anonymous.clone();
                }
            }
        } else {
            self.recipients.retain(|recipient| recipient.address == *reader);
        }
        self
    }
}
