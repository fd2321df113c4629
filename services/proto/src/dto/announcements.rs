use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// `GET /api/v2/Announcements?language=…`: an announcement in the asked language (else English).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Announcement {
    pub id: String,
    #[serde(with = "crate::date")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    #[serde(with = "crate::date::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires_at: Option<OffsetDateTime>,
    /// `Low`, `Medium` or `High`.
    pub severity: String,
    pub title: String,
    pub body: String,
    pub actions: Vec<AnnouncementAction>,
    pub iql_query: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AnnouncementAction {
    pub display_name: String,
    pub link: String,
    /// Always null, as in the reference.
    pub iql_query: Option<String>,
}
