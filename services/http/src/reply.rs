//! Success responses in the envelope of spec §1.3.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use backbone_proto::{Envelope, Paged, Pagination};
use backbone_store::page::PageRequest;
use serde::Serialize;

use crate::error::ApiError;

/// `200 {"result": T}`
pub struct Reply<T>(pub T);

/// `201 {"result": T}`
pub struct Created<T>(pub T);

/// `204` without a body.
pub struct NoContent;

impl<T: Serialize> IntoResponse for Reply<T> {
    fn into_response(self) -> Response {
        json_response(StatusCode::OK, &Envelope { result: self.0 })
    }
}

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        json_response(StatusCode::CREATED, &Envelope { result: self.0 })
    }
}

impl IntoResponse for NoContent {
    fn into_response(self) -> Response {
        StatusCode::NO_CONTENT.into_response()
    }
}

/// `200` with one page of a list.
pub struct PagedReply<T>(pub Paged<T>);

impl<T: Serialize> IntoResponse for PagedReply<T> {
    fn into_response(self) -> Response {
        json_response(StatusCode::OK, &self.0)
    }
}

/// Builds a page; `pagination` only when there is more than one page.
pub fn paged<T>(result: Vec<T>, page: PageRequest, total_records: u64) -> PagedReply<T> {
    let total_pages = total_records.div_ceil(u64::from(page.size.max(1)));
    let pagination = (total_pages > 1).then_some(Pagination {
        page_number: page.number,
        page_size: page.size,
        total_pages,
        total_records,
    });
    PagedReply(Paged { result, pagination })
}

pub(crate) fn json_response<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            let mut response = (status, bytes).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
            response
        }
        Err(error) => ApiError::unexpected(&error).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_only_when_there_is_more_than_one_page() {
        let page = |number, size| PageRequest { number, size };
        assert_eq!(paged(vec![1, 2], page(1, 50), 2).0.pagination, None);
        assert_eq!(paged(Vec::<u8>::new(), page(1, 50), 0).0.pagination, None);
        let pagination = paged(vec![1], page(2, 2), 3).0.pagination.unwrap();
        assert_eq!((pagination.total_pages, pagination.total_records), (2, 3));
    }
}
