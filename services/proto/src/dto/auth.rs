//! `POST /connect/token` (spec §3.1): plain OAuth2 JSON, no envelope.

use serde::Serialize;

/// The form fields of a token request; all optional so that a missing one gets an OAuth error.
#[derive(Debug, Default)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub scope: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: u32,
}

#[derive(Debug, Serialize)]
pub struct OAuthError {
    pub error: String,
    pub error_description: String,
}
