//! The gateway's own answers, in the Consumer API's error envelope, so that clients handle them like
//! any other error.

use backbone_domain::id::error_instance_id;
use backbone_domain::{Clock, SystemClock};
use backbone_proto::{ErrorBody, ErrorCode, ErrorEnvelope, date};
use http::{HeaderValue, Response, StatusCode, header};

use crate::body::{ProxyBody, full};
use crate::limits::RetryAfter;

/// Why the gateway answered a request itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// The client address is blocked.
    Forbidden,
    /// The path is not on the allow-list.
    NotFound,
    /// The body is over the limit.
    TooLarge,
    /// The client IP or OAuth client is over its rate.
    TooManyRequests(RetryAfter),
    /// A `POST /connect/token` body could not be read.
    BadRequest,
    /// No instance is ready.
    NoUpstream,
    /// Instances were tried and failed.
    BadGateway,
}

impl Rejection {
    pub fn status(self) -> StatusCode {
        match self {
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::NoUpstream => StatusCode::SERVICE_UNAVAILABLE,
            Self::BadGateway => StatusCode::BAD_GATEWAY,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Self::Forbidden => ErrorCode::Forbidden.as_str(),
            Self::NotFound => ErrorCode::RecordNotFound.as_str(),
            Self::TooLarge => ErrorCode::RequestBodyTooLarge.as_str(),
            Self::TooManyRequests(_) => "error.platform.tooManyRequests",
            Self::BadRequest => ErrorCode::InputCannotBeParsed.as_str(),
            Self::NoUpstream => "error.platform.serviceUnavailable",
            Self::BadGateway => "error.platform.badGateway",
        }
    }

    fn message(self) -> &'static str {
        match self {
            Self::Forbidden => "Requests from this address are not allowed.",
            Self::NotFound => "The requested route does not exist.",
            Self::TooLarge => "The request body is too large.",
            Self::TooManyRequests(_) => "Too many requests. Try again later.",
            Self::BadRequest => "The request body could not be read.",
            Self::NoUpstream => "The service is unavailable. Try again later.",
            Self::BadGateway => "The service did not answer. Try again later.",
        }
    }

    pub fn into_response(self) -> Response<ProxyBody> {
        let envelope = ErrorEnvelope {
            error: ErrorBody {
                id: error_instance_id(&mut rand::rng()),
                code: self.code().to_owned(),
                message: self.message().to_owned(),
                docs: String::new(),
                time: date::format_precise(SystemClock.now()),
                data: None,
            },
        };
        let json = serde_json::to_vec(&envelope).unwrap_or_default();
        let mut response = Response::new(full(json));
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Self::TooManyRequests(retry_after) = self {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after.seconds()));
        }
        if matches!(self, Self::NoUpstream) {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use http_body_util::BodyExt;

    use super::*;

    #[tokio::test]
    async fn rejections_are_error_envelopes() {
        let response = Rejection::TooManyRequests(RetryAfter(Duration::from_millis(1500))).into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "2");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["error"]["code"], "error.platform.tooManyRequests");
        assert!(json["error"]["id"].as_str().unwrap().starts_with("ERR"));
        assert_eq!(json["error"]["docs"], "");
        assert!(json["error"]["data"].is_null());
    }
}
