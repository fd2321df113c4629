//! Wire types of the support routes of the admin API: what support staff read about accounts. Where the
//! reference's Admin API has a route for the same thing, the shape is the reference's (operations spec §1.2),
//! with additions; content (message bodies, file data, token and template contents) is never part of it.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::dto::relationships::{RelationshipAuditLogEntry, RelationshipStatus};

/// A tier, as identities and clients name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TierRef {
    pub id: String,
    pub name: String,
}

/// An identity found by a search (the fields of the reference's `IdentityOverview`, plus its status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityOverview {
    pub address: String,
    #[serde(with = "crate::date")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::date::option")]
    pub last_login_at: Option<OffsetDateTime>,
    pub created_with_client: String,
    pub identity_version: i64,
    pub tier: TierRef,
    pub number_of_devices: u64,
    /// `Active` or `ToBeDeleted`.
    pub status: String,
}

/// `GET /api/v1/Identities/{address}`: the reference's shape, plus the tier's name, the status and the end
/// of a running deletion's grace period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityDetails {
    pub address: String,
    pub client_id: String,
    /// Base64.
    pub public_key: String,
    pub tier_id: String,
    pub tier_name: String,
    #[serde(with = "crate::date")]
    pub created_at: OffsetDateTime,
    pub identity_version: i64,
    pub status: String,
    #[serde(with = "crate::date::option")]
    pub deletion_grace_period_ends_at: Option<OffsetDateTime>,
    pub number_of_devices: u64,
    pub devices: Vec<DeviceOverview>,
    /// The quotas that apply, individual ones first, with the usage in their current period.
    #[serde(default)]
    pub quotas: Vec<IdentityQuota>,
}

/// A metric a quota counts (`GET /api/v1/Metrics`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricRef {
    pub key: String,
    pub display_name: String,
}

/// A tier's quota definition, or an identity's own as created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotaDefinition {
    pub id: String,
    pub metric: MetricRef,
    pub max: i64,
    /// `Hour`, `Day`, `Week`, `Month`, `Year` or `Total`.
    pub period: String,
}

/// A quota that applies to an identity, with its usage now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityQuota {
    pub id: String,
    /// `Tier` or `Individual`.
    pub source: String,
    pub metric: MetricRef,
    pub max: i64,
    pub usage: u64,
    pub period: String,
}

/// `GET /api/v1/Tiers/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TierDetails {
    pub id: String,
    pub name: String,
    pub quotas: Vec<QuotaDefinition>,
}

/// `POST /api/v1/Tiers/{id}/Quotas` and `POST /api/v1/Identities/{address}/Quotas`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateQuotaRequest {
    pub metric_key: String,
    pub max: i64,
    pub period: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceOverview {
    pub id: String,
    pub username: String,
    #[serde(with = "crate::date")]
    pub created_at: OffsetDateTime,
    pub created_by_device: String,
    pub last_login: Option<LastLogin>,
    pub communication_language: String,
    pub is_backup_device: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastLogin {
    #[serde(with = "crate::date")]
    pub time: OffsetDateTime,
}

/// Who asked for a relationship, seen from the participant it is listed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestedBy {
    #[serde(rename = "Self")]
    Participant,
    Peer,
}

/// `GET /api/v1/Relationships?participant=…`: the reference's shape, plus the relationship's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipOverview {
    pub id: String,
    pub peer: String,
    pub requested_by: RequestedBy,
    pub template_id: Option<String>,
    pub status: RelationshipStatus,
    #[serde(with = "crate::date")]
    pub creation_date: OffsetDateTime,
    #[serde(with = "crate::date::option")]
    pub answered_at: Option<OffsetDateTime>,
    pub created_by_device: Option<String>,
    pub answered_by_device: Option<String>,
}

/// `GET /api/v1/Relationships/{id}`: a relationship with its whole history (no contents).
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipDetails {
    pub id: String,
    pub template_id: Option<String>,
    pub from: String,
    pub to: String,
    #[serde(with = "crate::date")]
    pub created_at: OffsetDateTime,
    pub status: RelationshipStatus,
    pub audit_log: Vec<RelationshipAuditLogEntry>,
}

/// `GET /api/v1/Messages?participant=…&type=Incoming|Outgoing`: metadata only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageOverview {
    pub message_id: String,
    pub sender_address: String,
    pub sender_device: String,
    #[serde(with = "crate::date")]
    pub send_date: OffsetDateTime,
    pub number_of_attachments: u64,
    pub recipients: Vec<MessageRecipient>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageRecipient {
    pub message_id: String,
    pub relationship_id: String,
    pub address: String,
    #[serde(with = "crate::date::option")]
    pub received_at: Option<OffsetDateTime>,
}

/// `GET /api/v1/Tokens?createdBy=…`: the reference's shape without the content, plus whether it is locked
/// after too many wrong passwords.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenOverview {
    pub id: String,
    pub created_by: Option<String>,
    pub created_by_device: Option<String>,
    pub for_identity: Option<String>,
    #[serde(with = "crate::date")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::date")]
    pub expires_at: OffsetDateTime,
    pub is_password_protected: bool,
    pub failed_password_attempts: u64,
    pub is_locked: bool,
}

/// `GET /api/v1/RelationshipTemplates?createdBy=…` (no reference route).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateOverview {
    pub id: String,
    pub created_by: String,
    pub created_by_device: String,
    #[serde(with = "crate::date")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::date::option")]
    pub expires_at: Option<OffsetDateTime>,
    pub max_number_of_allocations: Option<i64>,
    pub number_of_allocations: u64,
    pub for_identity: Option<String>,
    pub is_password_protected: bool,
}

/// `GET /api/v1/Files?owner=…` (no reference route): metadata only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileOverview {
    pub id: String,
    pub owner: String,
    pub created_by: String,
    #[serde(with = "crate::date")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::date")]
    pub expires_at: OffsetDateTime,
    pub cipher_size: i64,
    pub ownership_is_locked: bool,
}

/// `GET /api/v1/Clients`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientOverview {
    pub client_id: String,
    pub display_name: String,
    pub default_tier: TierRef,
    pub max_identities: Option<i64>,
    pub number_of_identities: u64,
}

/// `GET /api/v1/Tiers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TierOverview {
    pub id: String,
    pub name: String,
    pub can_be_used_as_default_for_client: bool,
    pub can_be_manually_assigned: bool,
    pub number_of_identities: u64,
}

/// `GET /api/v1/Identities/{address}/DeletionProcesses`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletionProcessOverview {
    pub id: String,
    pub status: String,
    #[serde(with = "crate::date")]
    pub created_at: OffsetDateTime,
    pub created_by_device: String,
    #[serde(with = "crate::date::option")]
    pub grace_period_ends_at: Option<OffsetDateTime>,
    #[serde(with = "crate::date::option")]
    pub grace_period_reminder1_sent_at: Option<OffsetDateTime>,
    #[serde(with = "crate::date::option")]
    pub grace_period_reminder2_sent_at: Option<OffsetDateTime>,
    #[serde(with = "crate::date::option")]
    pub grace_period_reminder3_sent_at: Option<OffsetDateTime>,
}

/// `GET /api/v1/Identities/{address}/DeletionProcesses/AuditLogs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletionAuditEntry {
    pub process_id: String,
    #[serde(with = "crate::date")]
    pub created_at: OffsetDateTime,
    pub old_status: Option<String>,
    pub new_status: String,
    pub message_key: String,
}

/// `PUT /api/v1/Identities/{address}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeTierRequest {
    pub tier_id: String,
}

/// `POST /api/v1/Tiers`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTierRequest {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierCreated {
    pub id: String,
    pub name: String,
}

/// `POST /api/v1/Clients`. Without `Debug`: it may carry a secret.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateClientRequest {
    pub client_id: Option<String>,
    pub display_name: Option<String>,
    pub client_secret: Option<String>,
    /// A tier's name or id.
    pub default_tier: String,
    pub max_identities: Option<i64>,
}

/// `PUT /api/v1/Clients/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateClientRequest {
    /// A tier's name or id.
    pub default_tier: String,
    pub max_identities: Option<i64>,
}

/// `PATCH /api/v1/Clients/{id}/ChangeSecret`; an empty or missing secret is generated. Without `Debug`.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeSecretRequest {
    pub new_secret: Option<String>,
}

/// A client as created or changed; its secret only when it was just set (shown once). Without `Debug`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientChanged {
    pub client_id: String,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    pub default_tier: String,
    pub max_identities: Option<i64>,
}

/// `GET /v1/landscapes/{name}/traffic`: counters since the instances started, summed over the Consumer
/// API instances (rates come from two readings), and the queue of events not yet handled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Traffic {
    pub requests: u64,
    /// Answers with a 5xx status.
    pub server_errors: u64,
    pub sse_streams: u64,
    pub queue_depth: u64,
    /// Consumer API instances that answered.
    pub instances_read: u64,
}

/// An announcement's title and body in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnnouncementText {
    pub language: String,
    pub title: String,
    pub body: String,
}

/// A link the app offers with the announcement, named per language (`en` required).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnnouncementAction {
    pub display_name: std::collections::BTreeMap<String, String>,
    pub link: String,
}

/// `GET|POST /api/v1/Announcements`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnnouncementDetails {
    pub id: String,
    #[serde(with = "crate::date")]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::date::option")]
    pub expires_at: Option<OffsetDateTime>,
    /// `Low`, `Medium` or `High`.
    pub severity: String,
    pub is_silent: bool,
    pub texts: Vec<AnnouncementText>,
    /// Empty: everybody.
    pub recipients: Vec<String>,
    pub actions: Vec<AnnouncementAction>,
    pub iql_query: Option<String>,
}

/// `POST /api/v1/Announcements`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateAnnouncementRequest {
    pub severity: String,
    pub is_silent: bool,
    pub texts: Vec<AnnouncementText>,
    #[serde(default, with = "crate::date::option")]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(default)]
    pub actions: Vec<AnnouncementAction>,
    #[serde(default)]
    pub recipients: Vec<String>,
    #[serde(default)]
    pub iql_query: Option<String>,
}
