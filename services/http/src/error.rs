//! The one place where errors become HTTP responses (spec §1.6, §1.7).

use std::borrow::Cow;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use backbone_domain::id::{InvalidId, error_instance_id};
use backbone_domain::{Clock, SystemClock};
use backbone_proto::date;
use backbone_proto::{ErrorBody, ErrorCode, ErrorEnvelope};
use backbone_store::StoreError;
use serde_json::Value;

pub type ApiResult<T> = Result<T, ApiError>;

/// An error answered in the Backbone's error envelope.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: Cow<'static, str>,
    pub data: Option<Value>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self { code, message: message.into(), data: None }
    }

    /// `recordNotFound` with the reference's message for `entity`.
    pub fn not_found(entity: &str) -> Self {
        Self::new(
            ErrorCode::RecordNotFound,
            format!(
                "{entity} not found. Make sure the ID exists and the record is not expired. If a password is required \
                 to fetch the record, make sure you passed the correct one."
            ),
        )
    }

    /// `invalidPropertyValue` for one property.
    pub fn invalid(property: &str, reason: impl std::fmt::Display) -> Self {
        Self::new(ErrorCode::InvalidPropertyValue, format!("'{property}': {reason}"))
    }

    /// An invalid id or address in `property`.
    pub fn invalid_id(property: &str) -> Self {
        Self::invalid(property, InvalidId)
    }

    /// Something failed that the caller cannot fix; the cause is logged, not answered.
    pub fn unexpected(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(%cause, "request failed unexpectedly");
        Self::new(ErrorCode::Unexpected, "An unexpected error occurred.")
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        ApiError::unexpected(&error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let envelope = ErrorEnvelope {
            error: ErrorBody {
                id: error_instance_id(&mut rand::rng()),
                code: self.code.as_str().to_owned(),
                message: self.message.into_owned(),
                docs: String::new(),
                time: date::format_precise(SystemClock.now()),
                data: self.data,
            },
        };
        crate::reply::json_response(status, &envelope)
    }
}

/// 401 for a protected route without a valid bearer token: empty body, like the reference.
#[derive(Debug)]
pub struct Unauthenticated;

impl IntoResponse for Unauthenticated {
    fn into_response(self) -> Response {
        let mut response = StatusCode::UNAUTHORIZED.into_response();
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        response
    }
}
