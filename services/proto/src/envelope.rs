//! Success envelopes (spec §1.3) and pagination metadata (spec §1.4).

use serde::Serialize;
use utoipa::ToSchema;

/// `{"result": ...}` around every JSON success response.
#[derive(Debug, Serialize, ToSchema)]
pub struct Envelope<T> {
    pub result: T,
}

/// A page of a list; `pagination` is present only when there is more than one page.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paged<T> {
    pub result: Vec<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    pub page_number: u32,
    pub page_size: u32,
    pub total_pages: u64,
    pub total_records: u64,
}
