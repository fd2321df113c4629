//! `POST /connect/token`: the OAuth2 password grant (spec §3.1). Answers in plain OAuth JSON.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use backbone_domain::events::DomainEvent;
use backbone_http::{ApiError, Principal, body};
use backbone_proto::dto::auth::{OAuthError, TokenRequest, TokenResponse};
use backbone_store::{devices, outbox};

use crate::{DevicesState, blocking};

pub async fn issue(State(state): State<DevicesState>, request: Request) -> Response {
    match grant(&state, request).await {
        Ok(token) => (StatusCode::OK, axum::Json(token)).into_response(),
        Err(Rejection::OAuth(error, description)) => {
            let body = OAuthError { error: error.to_owned(), error_description: description.to_owned() };
            (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
        }
        Err(Rejection::Api(error)) => error.into_response(),
    }
}

enum Rejection {
    OAuth(&'static str, &'static str),
    Api(ApiError),
}

impl From<ApiError> for Rejection {
    fn from(error: ApiError) -> Self {
        Rejection::Api(error)
    }
}

impl From<backbone_store::StoreError> for Rejection {
    fn from(error: backbone_store::StoreError) -> Self {
        Rejection::Api(error.into())
    }
}

const INVALID_GRANT: Rejection =
    Rejection::OAuth("invalid_grant", "The username/password couple is invalid.");

async fn grant(state: &DevicesState, request: Request) -> Result<TokenResponse, Rejection> {
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(Rejection::OAuth(
            "invalid_request",
            "The mandatory 'Content-Type' header must be 'application/x-www-form-urlencoded'.",
        ));
    }
    let form = parse_form(&body::read_body(request, &()).await?);
    if form.grant_type.as_deref() != Some("password") {
        return Err(Rejection::OAuth(
            "unsupported_grant_type",
            "The specified 'grant_type' is not supported.",
        ));
    }
    let (Some(client_id), Some(client_secret), Some(username), Some(password)) =
        (form.client_id, form.client_secret, form.username, form.password)
    else {
        return Err(Rejection::OAuth(
            "invalid_request",
            "The 'client_id', 'client_secret', 'username' and 'password' parameters are required.",
        ));
    };

    let mut conn = state.db.conn().await?;
    devices::find_client(&mut conn, &client_id)
        .await?
        .filter(|client| state.client_secrets.accepts(client, &client_secret))
        .ok_or(Rejection::OAuth("invalid_client", "The specified client credentials are invalid."))?;
    let device = devices::find_device_by_username(&mut conn, &username).await?.ok_or(INVALID_GRANT)?;
    let identity = devices::find_identity(&mut conn, &device.identity).await?.ok_or(INVALID_GRANT)?;
    let now = state.clock.now();
    if identity.deletion_grace_period_ends_at.is_some_and(|end| end < now) {
        return Err(INVALID_GRANT);
    }
    if device.login.is_locked(now) {
        return Err(Rejection::OAuth(
            "access_denied",
            "The user is temporarily locked out, please try again in a few minutes.",
        ));
    }
    drop(conn);

    let stored = device.password.clone();
    if !blocking(move || stored.verify(&password)).await? {
        let login = device.login.after_failure(now, state.settings.lockout);
        devices::update_login(&mut *state.db.conn().await?, &device.id, login, None, device.is_backup_device)
            .await?;
        return Err(INVALID_GRANT);
    }

    let mut tx = state.db.begin().await?;
    devices::update_login(&mut tx, &device.id, Default::default(), Some(now), false).await?;
    if device.is_backup_device {
        let event = DomainEvent::BackupDeviceUsed { identity_address: device.identity.to_string() };
        outbox::append(&mut tx, &event, now).await?;
    }
    tx.commit().await?;

    let principal = Principal {
        address: device.identity,
        device: device.id,
        username: device.username.into_string(),
        client_id,
    };
    let access_token =
        state.tokens.issue(&principal, now).await.map_err(|error| ApiError::unexpected(&error))?;
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer".to_owned(),
        expires_in: state.tokens.lifetime_seconds(),
    })
}

fn parse_form(bytes: &[u8]) -> TokenRequest {
    let mut request = TokenRequest::default();
    for (key, value) in form_urlencoded::parse(bytes) {
        let field = match key.as_ref() {
            "grant_type" => &mut request.grant_type,
            "client_id" => &mut request.client_id,
            "client_secret" => &mut request.client_secret,
            "username" => &mut request.username,
            "password" => &mut request.password,
            "scope" => &mut request.scope,
            _ => continue,
        };
        *field = Some(value.into_owned()).filter(|value| !value.is_empty());
    }
    request
}
