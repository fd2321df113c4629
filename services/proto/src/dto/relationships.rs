use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

crate::wire_enum! {
    RelationshipStatus {
        Pending = 10, Active = 20, Rejected = 30, Revoked = 40, Terminated = 50, DeletionProposed = 60,
        ReadyForDeletion = 70,
    }
}

crate::wire_enum! {
    RelationshipAuditLogEntryReason {
        Creation = 0, AcceptanceOfCreation = 1, RejectionOfCreation = 2, RevocationOfCreation = 3, Termination = 4,
        ReactivationRequested = 5, AcceptanceOfReactivation = 6, RejectionOfReactivation = 7,
        RevocationOfReactivation = 8, Decomposition = 9, DecompositionDueToIdentityDeletion = 10,
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipAuditLogEntry {
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub created_by: String,
    pub created_by_device: Option<String>,
    pub reason: RelationshipAuditLogEntryReason,
    pub old_status: Option<RelationshipStatus>,
    pub new_status: RelationshipStatus,
}

/// What every state-changing route answers.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipMetadata {
    pub id: String,
    pub relationship_template_id: Option<String>,
    pub from: String,
    pub to: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub status: RelationshipStatus,
    pub audit_log: Vec<RelationshipAuditLogEntry>,
}

/// A relationship with the contents exchanged when it was created.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Relationship {
    #[serde(flatten)]
    pub metadata: RelationshipMetadata,
    #[serde(with = "crate::bytes::option")]
    #[schema(value_type = Option<String>, format = Byte)]
    pub creation_content: Option<Vec<u8>>,
    #[serde(with = "crate::bytes::option")]
    #[schema(value_type = Option<String>, format = Byte)]
    pub creation_response_content: Option<Vec<u8>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateRelationshipRequest {
    pub relationship_template_id: String,
    #[serde(default, with = "crate::bytes::option")]
    #[schema(value_type = Option<String>, format = Byte)]
    pub creation_content: Option<Vec<u8>>,
}

/// The body of accept, reject and revoke; all optional.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RespondToRelationshipRequest {
    #[serde(default, with = "crate::bytes::option")]
    #[schema(value_type = Option<String>, format = Byte)]
    pub creation_response_content: Option<Vec<u8>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CanCreateRelationshipResponse {
    pub can_create: bool,
    pub code: Option<String>,
}
