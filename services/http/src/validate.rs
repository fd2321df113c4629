//! Validation rules several modules apply to their input, answered with `invalidPropertyValue`.

use backbone_domain::{IdentityAddress, MAX_CONTENT_BYTES};
use backbone_proto::bytes;
use time::OffsetDateTime;

use crate::{ApiError, ApiResult};

/// Passwords of templates and tokens: 1 to 200 bytes (the client sends a derived hash).
pub fn password(value: Option<Vec<u8>>) -> ApiResult<Option<Vec<u8>>> {
    match value {
        Some(password) if password.is_empty() || password.len() > 200 => {
            Err(ApiError::invalid("password", "must have 1 to 200 bytes."))
        }
        other => Ok(other),
    }
}

/// A password from the query string (standard base64).
pub fn query_password(value: Option<&str>) -> ApiResult<Option<Vec<u8>>> {
    let decoded = value
        .map(|text| bytes::decode(text).ok_or_else(|| ApiError::invalid("password", "is not valid base64.")))
        .transpose()?;
    password(decoded)
}

/// Encrypted content of at most 10 MiB.
pub fn content(property: &str, value: &[u8]) -> ApiResult<()> {
    if value.len() > MAX_CONTENT_BYTES {
        return Err(ApiError::invalid(property, "must not be larger than 10 MiB."));
    }
    Ok(())
}

pub fn address(property: &str, value: Option<&str>) -> ApiResult<Option<IdentityAddress>> {
    value
        .map(|text| IdentityAddress::parse(text).map_err(|error| ApiError::invalid(property, error)))
        .transpose()
}

pub fn in_future(property: &str, value: OffsetDateTime, now: OffsetDateTime) -> ApiResult<()> {
    if value <= now {
        return Err(ApiError::invalid(property, "must be in the future."));
    }
    Ok(())
}
