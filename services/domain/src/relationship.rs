//! The relationship state machine (spec §9): who may do what in which state, the audit log it
//! leaves, and the domain event each transition publishes.

use backbone_proto::dto::relationships::{
    RelationshipAuditLogEntryReason as Reason, RelationshipStatus as Status,
};
use time::OffsetDateTime;

use crate::IdentityAddress;
use crate::events::DomainEvent;
use crate::id::{DeviceId, RelationshipId, RelationshipTemplateId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub id: RelationshipId,
    pub template_id: Option<RelationshipTemplateId>,
    /// The identity that sent the request (used the template).
    pub from: IdentityAddress,
    /// The template's creator.
    pub to: IdentityAddress,
    pub created_at: OffsetDateTime,
    pub status: Status,
    pub audit_log: Vec<AuditLogEntry>,
    pub creation_content: Option<Vec<u8>>,
    pub creation_response_content: Option<Vec<u8>>,
    pub from_has_decomposed: bool,
    pub to_has_decomposed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLogEntry {
    pub created_at: OffsetDateTime,
    pub created_by: IdentityAddress,
    pub created_by_device: Option<DeviceId>,
    pub reason: Reason,
    pub old_status: Option<Status>,
    pub new_status: Status,
}

/// What a participant asks of a relationship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Accept { creation_response_content: Option<Vec<u8>> },
    Reject,
    Revoke,
    Terminate,
    RequestReactivation,
    AcceptReactivation,
    RejectReactivation,
    RevokeReactivation,
    Decompose,
}

/// Why an action is not allowed; each maps to one error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RelationshipError {
    #[error("The relationship is not in the required status for this action.")]
    NotInCorrectStatus,
    #[error("Only the recipient of a relationship request can accept or reject it.")]
    AddressedToSomeoneElse,
    #[error("Only the sender of a relationship request can revoke it.")]
    NotCreatedByCaller,
    #[error("There is already an open reactivation request for this relationship.")]
    OpenReactivationRequest,
    #[error("There is no reactivation request by the peer that could be accepted.")]
    NoAcceptableReactivationRequest,
    #[error("There is no reactivation request by the peer that could be rejected.")]
    NoRejectableReactivationRequest,
    #[error("There is no reactivation request of yours that could be revoked.")]
    NoRevocableReactivationRequest,
    #[error("You have already decomposed this relationship.")]
    AlreadyDecomposed,
}

/// Statuses in which a relationship keeps its two identities from starting another one (spec §9.2).
pub const BLOCKING_STATUSES: [Status; 4] =
    [Status::Pending, Status::Active, Status::Terminated, Status::DeletionProposed];

impl Relationship {
    /// A new relationship request from `from` to the template's creator `to`.
    pub fn request(
        id: RelationshipId,
        template_id: RelationshipTemplateId,
        from: IdentityAddress,
        device: DeviceId,
        to: IdentityAddress,
        creation_content: Option<Vec<u8>>,
        now: OffsetDateTime,
    ) -> (Relationship, DomainEvent) {
        let entry = AuditLogEntry {
            created_at: now,
            created_by: from.clone(),
            created_by_device: Some(device),
            reason: Reason::Creation,
            old_status: None,
            new_status: Status::Pending,
        };
        let relationship = Relationship {
            id,
            template_id: Some(template_id),
            from,
            to,
            created_at: now,
            status: Status::Pending,
            audit_log: vec![entry],
            creation_content,
            creation_response_content: None,
            from_has_decomposed: false,
            to_has_decomposed: false,
        };
        let event = relationship.status_changed(&relationship.from);
        (relationship, event)
    }

    pub fn is_participant(&self, identity: &IdentityAddress) -> bool {
        self.from == *identity || self.to == *identity
    }

    /// The other participant.
    pub fn peer_of(&self, identity: &IdentityAddress) -> &IdentityAddress {
        if self.from == *identity { &self.to } else { &self.from }
    }

    pub fn has_decomposed(&self, identity: &IdentityAddress) -> bool {
        if self.from == *identity { self.from_has_decomposed } else { self.to_has_decomposed }
    }

    /// Applies `action` by a participant; returns the event that announces the transition.
    pub fn apply(
        &mut self,
        action: Action,
        actor: &IdentityAddress,
        device: &DeviceId,
        now: OffsetDateTime,
    ) -> Result<DomainEvent, RelationshipError> {
        let open_request_by = self.open_reactivation_request_by().cloned();
        let (reason, new_status) = match action {
            Action::Accept { creation_response_content } => {
                self.require_pending_addressed_to(actor)?;
                self.creation_response_content = creation_response_content;
                (Reason::AcceptanceOfCreation, Status::Active)
            }
            Action::Reject => {
                self.require_pending_addressed_to(actor)?;
                (Reason::RejectionOfCreation, Status::Rejected)
            }
            Action::Revoke => {
                self.require(Status::Pending)?;
                if self.from != *actor {
                    return Err(RelationshipError::NotCreatedByCaller);
                }
                (Reason::RevocationOfCreation, Status::Revoked)
            }
            Action::Terminate => {
                self.require(Status::Active)?;
                (Reason::Termination, Status::Terminated)
            }
            Action::RequestReactivation => {
                if open_request_by.is_some() {
                    return Err(RelationshipError::OpenReactivationRequest);
                }
                self.require(Status::Terminated)?;
                (Reason::ReactivationRequested, Status::Terminated)
            }
            Action::AcceptReactivation => {
                self.require_peer_request(
                    open_request_by.as_ref(),
                    actor,
                    RelationshipError::NoAcceptableReactivationRequest,
                )?;
                (Reason::AcceptanceOfReactivation, Status::Active)
            }
            Action::RejectReactivation => {
                self.require_peer_request(
                    open_request_by.as_ref(),
                    actor,
                    RelationshipError::NoRejectableReactivationRequest,
                )?;
                (Reason::RejectionOfReactivation, Status::Terminated)
            }
            Action::RevokeReactivation => {
                if open_request_by.as_ref() != Some(actor) {
                    return Err(RelationshipError::NoRevocableReactivationRequest);
                }
                (Reason::RevocationOfReactivation, Status::Terminated)
            }
            Action::Decompose => {
                if self.has_decomposed(actor) {
                    return Err(RelationshipError::AlreadyDecomposed);
                }
                let decomposable =
                    [Status::Rejected, Status::Revoked, Status::Terminated, Status::DeletionProposed];
                if !decomposable.contains(&self.status) {
                    return Err(RelationshipError::NotInCorrectStatus);
                }
                if self.from == *actor {
                    self.from_has_decomposed = true;
                } else {
                    self.to_has_decomposed = true;
                }
                let both = self.from_has_decomposed && self.to_has_decomposed;
                (
                    Reason::Decomposition,
                    if both { Status::ReadyForDeletion } else { Status::DeletionProposed },
                )
            }
        };
        self.audit_log.push(AuditLogEntry {
            created_at: now,
            created_by: actor.clone(),
            created_by_device: Some(device.clone()),
            reason,
            old_status: Some(self.status),
            new_status,
        });
        self.status = new_status;
        let peer = self.peer_of(actor).to_string();
        let relationship_id = self.id.to_string();
        Ok(match reason {
            Reason::ReactivationRequested => DomainEvent::RelationshipReactivationRequested {
                relationship_id,
                requesting_identity: actor.to_string(),
                peer,
            },
            Reason::AcceptanceOfReactivation
            | Reason::RejectionOfReactivation
            | Reason::RevocationOfReactivation => DomainEvent::RelationshipReactivationCompleted {
                relationship_id,
                new_relationship_status: new_status.as_str().to_owned(),
                peer,
            },
            _ => self.status_changed(actor),
        })
    }

    /// The participant `deleted` is being deleted (spec §9.1): the system decomposes the relationship
    /// on its behalf, whatever the status. Returns the event announcing the new status, or `None` if
    /// its side was decomposed already.
    pub fn decompose_due_to_identity_deletion(
        &mut self,
        deleted: &IdentityAddress,
        now: OffsetDateTime,
    ) -> Option<DomainEvent> {
        if !self.is_participant(deleted) || self.has_decomposed(deleted) {
            return None;
        }
        if self.from == *deleted {
            self.from_has_decomposed = true;
        } else {
            self.to_has_decomposed = true;
        }
        let new_status = if self.from_has_decomposed && self.to_has_decomposed {
            Status::ReadyForDeletion
        } else {
            Status::DeletionProposed
        };
        self.audit_log.push(AuditLogEntry {
            created_at: now,
            created_by: deleted.clone(),
            created_by_device: None,
            reason: Reason::DecompositionDueToIdentityDeletion,
            old_status: Some(self.status),
            new_status,
        });
        self.status = new_status;
        Some(self.status_changed(deleted))
    }

    fn status_changed(&self, initiator: &IdentityAddress) -> DomainEvent {
        DomainEvent::RelationshipStatusChanged {
            relationship_id: self.id.to_string(),
            new_status: self.status.as_str().to_owned(),
            initiator: initiator.to_string(),
            peer: self.peer_of(initiator).to_string(),
        }
    }

    /// Who made the open reactivation request: the last audit entry is a request.
    fn open_reactivation_request_by(&self) -> Option<&IdentityAddress> {
        self.audit_log
            .last()
            .filter(|entry| entry.reason == Reason::ReactivationRequested)
            .map(|entry| &entry.created_by)
    }

    fn require(&self, status: Status) -> Result<(), RelationshipError> {
        if self.status == status { Ok(()) } else { Err(RelationshipError::NotInCorrectStatus) }
    }

    fn require_pending_addressed_to(&self, actor: &IdentityAddress) -> Result<(), RelationshipError> {
        self.require(Status::Pending)?;
        if self.to != *actor {
            return Err(RelationshipError::AddressedToSomeoneElse);
        }
        Ok(())
    }

    fn require_peer_request(
        &self,
        requester: Option<&IdentityAddress>,
        actor: &IdentityAddress,
        otherwise: RelationshipError,
    ) -> Result<(), RelationshipError> {
        match requester {
            Some(requester) if requester != actor => Ok(()),
            _ => Err(otherwise),
        }
    }
}

/// The unordered pair of two identities, as one key: at most one blocking relationship per pair.
pub fn pair_key(a: &IdentityAddress, b: &IdentityAddress) -> String {
    if a.as_str() <= b.as_str() { format!("{a}|{b}") } else { format!("{b}|{a}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

    fn identity(seed: u8) -> (IdentityAddress, DeviceId) {
        (IdentityAddress::derive("localhost", &[seed; 32]), DeviceId::trusted(format!("DVC{seed:017}")))
    }

    fn pending() -> (Relationship, (IdentityAddress, DeviceId), (IdentityAddress, DeviceId)) {
        let (from, to) = (identity(1), identity(2));
        let (relationship, event) = Relationship::request(
            RelationshipId::trusted("RELaaaaaaaaaaaaaaaaa".into()),
            RelationshipTemplateId::trusted("RLTaaaaaaaaaaaaaaaaa".into()),
            from.0.clone(),
            from.1.clone(),
            to.0.clone(),
            None,
            NOW,
        );
        assert!(
            matches!(event, DomainEvent::RelationshipStatusChanged { ref peer, .. } if *peer == to.0.to_string())
        );
        (relationship, from, to)
    }

    fn act(
        relationship: &mut Relationship,
        who: &(IdentityAddress, DeviceId),
        action: Action,
    ) -> Result<DomainEvent, RelationshipError> {
        relationship.apply(action, &who.0, &who.1, NOW)
    }

    #[test]
    fn only_the_recipient_accepts_or_rejects_and_only_the_sender_revokes() {
        let (mut relationship, from, to) = pending();
        let accept = Action::Accept { creation_response_content: None };
        assert_eq!(
            act(&mut relationship, &from, accept.clone()),
            Err(RelationshipError::AddressedToSomeoneElse)
        );
        assert_eq!(
            act(&mut relationship, &from, Action::Reject),
            Err(RelationshipError::AddressedToSomeoneElse)
        );
        assert_eq!(act(&mut relationship, &to, Action::Revoke), Err(RelationshipError::NotCreatedByCaller));
        assert!(act(&mut relationship, &to, accept.clone()).is_ok());
        assert_eq!(relationship.status, Status::Active);
        assert_eq!(act(&mut relationship, &to, accept), Err(RelationshipError::NotInCorrectStatus));
        assert_eq!(relationship.audit_log.len(), 2);
    }

    #[test]
    fn reactivation_needs_an_open_request_by_the_right_side() {
        let (mut relationship, from, to) = pending();
        act(&mut relationship, &to, Action::Accept { creation_response_content: None }).unwrap();
        assert_eq!(
            act(&mut relationship, &from, Action::RequestReactivation),
            Err(RelationshipError::NotInCorrectStatus)
        );
        act(&mut relationship, &from, Action::Terminate).unwrap();
        assert_eq!(
            act(&mut relationship, &to, Action::AcceptReactivation),
            Err(RelationshipError::NoAcceptableReactivationRequest)
        );
        let event = act(&mut relationship, &from, Action::RequestReactivation).unwrap();
        assert!(matches!(event, DomainEvent::RelationshipReactivationRequested { .. }));
        assert_eq!(
            act(&mut relationship, &to, Action::RequestReactivation),
            Err(RelationshipError::OpenReactivationRequest)
        );
        assert_eq!(
            act(&mut relationship, &from, Action::AcceptReactivation),
            Err(RelationshipError::NoAcceptableReactivationRequest)
        );
        assert_eq!(
            act(&mut relationship, &to, Action::RevokeReactivation),
            Err(RelationshipError::NoRevocableReactivationRequest)
        );
        let event = act(&mut relationship, &to, Action::AcceptReactivation).unwrap();
        assert!(
            matches!(event, DomainEvent::RelationshipReactivationCompleted { ref new_relationship_status, .. } if new_relationship_status == "Active")
        );
        assert_eq!(relationship.status, Status::Active);
    }

    #[test]
    fn decomposition_by_both_makes_it_ready_for_deletion() {
        let (mut relationship, from, to) = pending();
        assert_eq!(
            act(&mut relationship, &from, Action::Decompose),
            Err(RelationshipError::NotInCorrectStatus)
        );
        act(&mut relationship, &to, Action::Reject).unwrap();
        act(&mut relationship, &to, Action::Decompose).unwrap();
        assert_eq!(relationship.status, Status::DeletionProposed);
        assert_eq!(act(&mut relationship, &to, Action::Decompose), Err(RelationshipError::AlreadyDecomposed));
        act(&mut relationship, &from, Action::Decompose).unwrap();
        assert_eq!(relationship.status, Status::ReadyForDeletion);
    }

    #[test]
    fn identity_deletion_decomposes_in_any_status() {
        let (mut active, from, to) = pending();
        act(&mut active, &to, Action::Accept { creation_response_content: None }).unwrap();
        let event = active.decompose_due_to_identity_deletion(&to.0, NOW).unwrap();
        assert_eq!(active.status, Status::DeletionProposed);
        assert!(matches!(
            event,
            DomainEvent::RelationshipStatusChanged { ref initiator, ref peer, .. }
                if *initiator == to.0.to_string() && *peer == from.0.to_string()
        ));
        let entry = active.audit_log.last().unwrap();
        assert_eq!(
            (entry.reason, entry.old_status, entry.created_by_device.clone()),
            (Reason::DecompositionDueToIdentityDeletion, Some(Status::Active), None)
        );
        assert_eq!(active.decompose_due_to_identity_deletion(&to.0, NOW), None, "only once");

        let (mut decomposed_by_peer, from, to) = pending();
        act(&mut decomposed_by_peer, &to, Action::Reject).unwrap();
        act(&mut decomposed_by_peer, &to, Action::Decompose).unwrap();
        assert!(decomposed_by_peer.decompose_due_to_identity_deletion(&from.0, NOW).is_some());
        assert_eq!(decomposed_by_peer.status, Status::ReadyForDeletion);
        assert_eq!(decomposed_by_peer.decompose_due_to_identity_deletion(&identity(9).0, NOW), None);
    }

    #[test]
    fn pair_keys_ignore_order() {
        let (a, b) = (identity(1).0, identity(2).0);
        assert_eq!(pair_key(&a, &b), pair_key(&b, &a));
    }
}
