//! OAuth 2.0 token requests (RFC 6749 §4.4 and RFC 7523), as FCM and WNS use them.

use backbone_domain::Secret;
use reqwest::{Client, Url};
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::token::Token;
use super::{error_code, transport_error};
use crate::PushError;

/// How long before its expiry a token is replaced, so that none runs out in the middle of a send.
const RENEWAL_MARGIN: Duration = Duration::minutes(5);

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: Seconds,
}

/// Entra ID has documented `expires_in` as a string, the RFC says a number: both are read.
#[derive(Deserialize)]
#[serde(untagged)]
enum Seconds {
    Number(i64),
    Text(String),
}

#[derive(Deserialize)]
struct ErrorResponse {
    error: String,
}

/// POSTs `form` to `url` and reads the access token from the answer.
pub(super) async fn request_token(
    http: &Client,
    url: Url,
    form: &[(&str, &str)],
    now: OffsetDateTime,
) -> Result<Token, PushError> {
    let response =
        http.post(url).form(form).send().await.map_err(|error| transport_error("token request", error))?;
    let status = response.status();
    if !status.is_success() {
        // The `error` code (such as `invalid_client`) says what is wrong; the description may
        // quote the request and is left out.
        let code = response.json::<ErrorResponse>().await.ok().map(|body| body.error);
        let code = code.as_deref().and_then(error_code).map(|code| format!(" ({code})")).unwrap_or_default();
        return Err(PushError::Failed(format!("the token endpoint answered {status}{code}")));
    }
    let body: TokenResponse = response
        .json()
        .await
        .map_err(|_| PushError::Failed("the token endpoint's answer holds no access token".to_owned()))?;
    let lifetime = match body.expires_in {
        Seconds::Number(seconds) => Some(seconds),
        Seconds::Text(text) => text.trim().parse().ok(),
    }
    .filter(|seconds| *seconds > 0)
    .map(Duration::seconds)
    .ok_or_else(|| PushError::Failed("the token endpoint's answer has no valid expires_in".to_owned()))?;
    // Short-lived tokens are renewed at half their lifetime, where the margin would eat all of it.
    let renew_after = (lifetime - RENEWAL_MARGIN).max(lifetime / 2);
    Ok(Token { value: Secret::new(body.access_token), renew_at: now + renew_after })
}
