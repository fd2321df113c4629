//! The Consumer API's HTTP conventions (spec §1), shared by every module's routes: the error type
//! and its one mapping to responses, the JSON body extractor, success envelopes, pagination,
//! case-insensitive query parameters, and the authenticated caller.

pub mod auth;
pub mod body;
pub mod error;
pub mod page;
pub mod query;
pub mod quotas;
pub mod reply;
pub mod validate;

pub use auth::{KeyRing, Principal, Signer, SigningKey, TokenKeys, TokenSigner, Verifier};
pub use body::WireJson;
pub use error::{ApiError, ApiResult};
pub use page::{PageParams, PaginationLimits};
pub use query::QueryParams;
pub use reply::{Created, NoContent, PagedReply, Reply, paged};
