//! `/api/v2/Devices/Self/PushNotifications`: a device's push registration (spec §5.6).

use axum::extract::State;
use backbone_domain::events::DomainEvent;
use backbone_domain::id::DevicePushIdentifier;
use backbone_domain::push::{Platform, PushEnvironment, Registration};
use backbone_http::{ApiError, ApiResult, NoContent, Principal, Reply, WireJson};
use backbone_proto::dto::push::{UpdateDeviceRegistrationRequest, UpdateDeviceRegistrationResponse};
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope};
use backbone_store::{outbox, push};
use serde_json::Value;

use crate::PushState;

/// Registers the calling device with a push platform, or changes its registration.
#[utoipa::path(put, path = "/api/v2/Devices/Self/PushNotifications", security(("bearer" = [])), tag = "PushNotifications", operation_id = "PushNotifications_updateRegistration",
    request_body = UpdateDeviceRegistrationRequest,
    responses((status = 200, body = Envelope<UpdateDeviceRegistrationResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn update(
    State(state): State<PushState>,
    caller: Principal,
    WireJson(request): WireJson<UpdateDeviceRegistrationRequest>,
) -> ApiResult<Reply<UpdateDeviceRegistrationResponse>> {
    let platform = Platform::parse(&request.platform).ok_or_else(|| {
        let names: Vec<&str> = Platform::ALL.iter().map(|platform| platform.as_str()).collect();
        ApiError::invalid("platform", format!("must have one of the following values: {}", names.join(", ")))
    })?;
    if !(10..=500).contains(&request.handle.chars().count()) {
        return Err(ApiError::invalid("handle", "must be between 10 and 500 characters long."));
    }
    if request.app_id.is_empty() {
        return Err(ApiError::invalid("appId", "must not be empty."));
    }
    let environment = match request.environment.as_deref() {
        None => PushEnvironment::default(),
        Some(name) => PushEnvironment::parse(name)
            .ok_or_else(|| ApiError::invalid("environment", "must be Development or Production."))?,
    };
    if platform.needs_app_credentials() && !state.providers.accepts(platform, &request.app_id) {
        return Err(ApiError::new(
            ErrorCode::UnsupportedApp,
            format!("The app id '{}' is not configured for {}.", request.app_id, platform.as_str()),
        ));
    }
    let registration = Registration {
        device: caller.device,
        identity: caller.address,
        platform,
        handle: request.handle,
        app_id: request.app_id,
        environment,
        device_push_identifier: DevicePushIdentifier::generate(&mut rand::rng()),
    };
    let mut conn = state.db.conn().await?;
    let identifier = push::upsert(&mut conn, &registration, state.clock.now()).await?;
    Ok(Reply(UpdateDeviceRegistrationResponse { device_push_identifier: identifier.to_string() }))
}

/// Stops pushes to the calling device. Succeeds also when it was not registered.
#[utoipa::path(delete, path = "/api/v2/Devices/Self/PushNotifications", security(("bearer" = [])), tag = "PushNotifications", operation_id = "PushNotifications_deleteRegistration",
    responses((status = 204)))]
pub async fn delete(State(state): State<PushState>, caller: Principal) -> ApiResult<NoContent> {
    push::delete(&mut *state.db.conn().await?, &caller.device).await?;
    Ok(NoContent)
}

/// Sends `data` in a `Test` notification to every device of the caller (hidden, like in the reference).
pub async fn send_test(
    State(state): State<PushState>,
    caller: Principal,
    WireJson(data): WireJson<Value>,
) -> ApiResult<NoContent> {
    if data.is_null() {
        return Err(ApiError::invalid("data", "must not be null."));
    }
    let mut tx = state.db.begin().await?;
    let event = DomainEvent::TestPushRequested { identity: caller.address.to_string(), data };
    outbox::append(&mut tx, &event, state.clock.now()).await?;
    tx.commit().await?;
    Ok(NoContent)
}
