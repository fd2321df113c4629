use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BackboneVersion {
    /// The major version, as a string like the reference (`"7"`).
    pub major_version: String,
}
