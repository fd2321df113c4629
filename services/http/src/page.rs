//! `PageNumber`/`PageSize` query parameters (spec §1.4).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use backbone_proto::ErrorCode;
use backbone_store::page::PageRequest;

use crate::error::ApiError;
use crate::query::QueryParams;

/// The page-size limits, put into the request extensions by the host; defaults apply without them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaginationLimits {
    pub default_page_size: u32,
    pub max_page_size: u32,
}

impl Default for PaginationLimits {
    fn default() -> Self {
        Self { default_page_size: 50, max_page_size: 200 }
    }
}

/// The requested page, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageParams(pub PageRequest);

impl PageParams {
    fn from_query(query: &QueryParams, limits: PaginationLimits) -> Result<Self, ApiError> {
        let number = match query.get("pageNumber") {
            None => 1,
            Some(text) => text.parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                ApiError::invalid("PageNumber", "The page number must be a whole number of at least 1.")
            })?,
        };
        let size = match query.get("pageSize") {
            None => limits.default_page_size,
            Some(text) => text.parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                ApiError::invalid("PageSize", "The page size must be a whole number of at least 1.")
            })?,
        };
        if size > limits.max_page_size {
            return Err(ApiError::new(
                ErrorCode::InvalidPageSize,
                format!(
                    "The requested page size is too large. The maximum page size is {}.",
                    limits.max_page_size
                ),
            ));
        }
        Ok(PageParams(PageRequest { number, size }))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let limits = parts.extensions.get::<PaginationLimits>().copied().unwrap_or_default();
        PageParams::from_query(&QueryParams::parse(parts.uri.query().unwrap_or_default()), limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(query: &str) -> Result<PageRequest, ErrorCode> {
        PageParams::from_query(&QueryParams::parse(query), PaginationLimits::default())
            .map(|params| params.0)
            .map_err(|error| error.code)
    }

    #[test]
    fn defaults_and_limits() {
        assert_eq!(page(""), Ok(PageRequest { number: 1, size: 50 }));
        assert_eq!(page("pageNumber=3&PageSize=200"), Ok(PageRequest { number: 3, size: 200 }));
        assert_eq!(page("pageSize=201"), Err(ErrorCode::InvalidPageSize));
        assert_eq!(page("pageNumber=0"), Err(ErrorCode::InvalidPropertyValue));
        assert_eq!(page("pageNumber=x"), Err(ErrorCode::InvalidPropertyValue));
    }
}
