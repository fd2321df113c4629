//! The JSON request body extractor (spec §1.2, §1.7): JSON content type, a body-size limit that
//! answers `requestBodyTooLarge`, and `inputCannotBeParsed` naming the JSON path that failed.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use backbone_proto::ErrorCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

/// A JSON body deserialized into `T`. Property names are matched in camelCase or PascalCase.
#[derive(Debug)]
pub struct WireJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for WireJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !has_json_content_type(&request) {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "The request body must be JSON with the content type 'application/json'.",
            ));
        }
        let bytes = read_body(request, state).await?;
        parse(&bytes).map(WireJson)
    }
}

/// Reads the whole body, mapping the size limit to `requestBodyTooLarge`.
pub async fn read_body<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(request, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(ErrorCode::RequestBodyTooLarge, "The request body is too large.")
        } else {
            ApiError::new(ErrorCode::InputCannotBeParsed, rejection.body_text())
        }
    })
}

fn has_json_content_type(request: &Request) -> bool {
    let Some(content_type) =
        request.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || (essence.len() > 5
            && essence[..essence.len() - 5].starts_with("application/")
            && essence.ends_with("+json"))
}

/// Parses a JSON body; errors name the failing path like the reference (`'$.signedChallenge': ...`).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut value: Value = serde_json::from_slice(bytes)
        .map_err(|error| ApiError::new(ErrorCode::InputCannotBeParsed, format!("'$': {error}")))?;
    lower_first_letter_of_keys(&mut value);
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let path = if path == "." { "$".to_owned() } else { format!("$.{path}") };
        ApiError::new(ErrorCode::InputCannotBeParsed, format!("'{path}': {}", error.inner()))
    })
}

/// The reference matches property names case-insensitively; clients send camelCase or PascalCase.
fn lower_first_letter_of_keys(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let entries = std::mem::take(object);
            for (key, mut inner) in entries {
                lower_first_letter_of_keys(&mut inner);
                let mut chars = key.chars();
                let key = match chars.next() {
                    Some(first) if first.is_ascii_uppercase() => {
                        format!("{}{}", first.to_ascii_lowercase(), chars.as_str())
                    }
                    _ => key,
                };
                object.insert(key, inner);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(lower_first_letter_of_keys),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Outer {
        client_id: String,
        inner: Inner,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Inner {
        value: u8,
    }

    #[test]
    fn accepts_pascal_case_and_ignores_unknown_properties() {
        let parsed: Outer = parse(br#"{"ClientId":"a","Inner":{"Value":1},"extra":true}"#).unwrap();
        assert_eq!(parsed, Outer { client_id: "a".into(), inner: Inner { value: 1 } });
    }

    #[test]
    fn errors_name_the_failing_path() {
        let error = parse::<Outer>(br#"{"clientId":"a","inner":{"value":"x"}}"#).unwrap_err();
        assert_eq!(error.code, ErrorCode::InputCannotBeParsed);
        assert!(error.message.starts_with("'$.inner.value': "), "{}", error.message);
        let error = parse::<Outer>(b"{").unwrap_err();
        assert!(error.message.starts_with("'$': "), "{}", error.message);
        let error = parse::<Outer>(br#"{"clientId":"a"}"#).unwrap_err();
        assert_eq!(error.message, "'$': missing field `inner`");
    }
}
