//! Relationship templates (spec §5.10): who may see one, and allocations.

use time::OffsetDateTime;

use crate::IdentityAddress;
use crate::id::{DeviceId, RelationshipTemplateId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationshipTemplate {
    pub id: RelationshipTemplateId,
    pub created_by: IdentityAddress,
    pub created_by_device: DeviceId,
    pub max_number_of_allocations: Option<i64>,
    pub expires_at: Option<OffsetDateTime>,
    pub content: Vec<u8>,
    pub created_at: OffsetDateTime,
    pub for_identity: Option<IdentityAddress>,
    pub password: Option<Vec<u8>>,
}

/// What is known about a reader's history with a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReaderHistory {
    /// The reader has allocated the template.
    pub allocated: bool,
    /// A relationship created from the template has the reader as a participant.
    pub in_relationship: bool,
}

impl RelationshipTemplate {
    /// Whether `reader` may see the template at all: not expired for them, and meant for them
    /// (rules 1 and 2 of spec §5.10). Enough to delete it.
    pub fn is_visible_to(
        &self,
        reader: &IdentityAddress,
        history: ReaderHistory,
        now: OffsetDateTime,
    ) -> bool {
        let unexpired = self.expires_at.is_none_or(|expires_at| expires_at > now) || history.in_relationship;
        let meant_for_reader = self.for_identity.as_ref().is_none_or(|intended| intended == reader)
            || self.created_by == *reader;
        unexpired && meant_for_reader
    }

    /// Whether `reader` may read the template with `password` (rules 1 to 3).
    pub fn is_collectable_by(
        &self,
        reader: &IdentityAddress,
        password: Option<&[u8]>,
        history: ReaderHistory,
        now: OffsetDateTime,
    ) -> bool {
        let password_ok = match &self.password {
            None => true,
            Some(stored) => {
                password == Some(stored.as_slice()) || self.created_by == *reader || history.allocated
            }
        };
        self.is_visible_to(reader, history, now) && password_ok
    }

    /// Whether one more identity may allocate it.
    pub fn can_be_allocated(&self, allocations: i64) -> bool {
        self.max_number_of_allocations.is_none_or(|max| allocations < max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

    fn address(seed: u8) -> IdentityAddress {
        IdentityAddress::derive("localhost", &[seed; 32])
    }

    fn template() -> RelationshipTemplate {
        RelationshipTemplate {
            id: RelationshipTemplateId::trusted("RLTaaaaaaaaaaaaaaaaa".into()),
            created_by: address(1),
            created_by_device: DeviceId::trusted("DVCaaaaaaaaaaaaaaaaa".into()),
            max_number_of_allocations: None,
            expires_at: None,
            content: vec![1],
            created_at: NOW,
            for_identity: None,
            password: None,
        }
    }

    #[test]
    fn passwords_protect_from_everyone_but_the_creator_and_allocators() {
        let template = RelationshipTemplate { password: Some(vec![7]), ..template() };
        let none = ReaderHistory::default();
        assert!(template.is_collectable_by(&address(1), None, none, NOW));
        assert!(!template.is_collectable_by(&address(2), None, none, NOW));
        assert!(!template.is_collectable_by(&address(2), Some(&[8]), none, NOW));
        assert!(template.is_collectable_by(&address(2), Some(&[7]), none, NOW));
        assert!(template.is_collectable_by(
            &address(2),
            None,
            ReaderHistory { allocated: true, ..none },
            NOW
        ));
    }

    #[test]
    fn for_identity_and_expiry() {
        let none = ReaderHistory::default();
        let personal = RelationshipTemplate { for_identity: Some(address(2)), ..template() };
        assert!(personal.is_visible_to(&address(2), none, NOW));
        assert!(personal.is_visible_to(&address(1), none, NOW));
        assert!(!personal.is_visible_to(&address(3), none, NOW));
        let expired = RelationshipTemplate { expires_at: Some(NOW - Duration::seconds(1)), ..template() };
        assert!(!expired.is_visible_to(&address(2), none, NOW));
        assert!(expired.is_visible_to(&address(2), ReaderHistory { in_relationship: true, ..none }, NOW));
    }

    #[test]
    fn allocation_limits() {
        let limited = RelationshipTemplate { max_number_of_allocations: Some(1), ..template() };
        assert!(limited.can_be_allocated(0));
        assert!(!limited.can_be_allocated(1));
        assert!(template().can_be_allocated(1000));
    }
}
