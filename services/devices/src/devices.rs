use axum::extract::{Path, State};
use backbone_domain::crypto::PublicKey;
use backbone_domain::entities::{Device, LoginState};
use backbone_domain::id::{DeviceId, Username};
use backbone_domain::password::PasswordHash;
use backbone_http::{
    ApiError, ApiResult, Created, NoContent, PageParams, PagedReply, Principal, QueryParams, Reply, WireJson,
    paged,
};
use backbone_proto::dto::devices::{
    self as dto, ChangePasswordRequest, LastLogin, RegisterDeviceRequest, RegisterDeviceResponse,
    UpdateDeviceRequest,
};
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope, Paged};
use backbone_store::devices;

use crate::identities::communication_language;
use crate::{DevicesState, blocking, signed_challenge};

/// Registers another device of the caller's identity, proven by a challenge signed with the identity key.
#[utoipa::path(post, path = "/api/v2/Devices", security(("bearer" = [])), tag = "Devices", operation_id = "Devices_register",
    request_body = RegisterDeviceRequest,
    responses((status = 201, body = Envelope<RegisterDeviceResponse>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn register(
    State(state): State<DevicesState>,
    caller: Principal,
    WireJson(request): WireJson<RegisterDeviceRequest>,
) -> ApiResult<Created<RegisterDeviceResponse>> {
    if request.device_password.is_empty() {
        return Err(ApiError::invalid("devicePassword", "must not be empty."));
    }
    signed_challenge::require_parts(&request.signed_challenge)?;
    let language = communication_language(request.communication_language)?;
    let is_backup_device = request.is_backup_device.unwrap_or(false);

    let mut conn = state.db.conn().await?;
    if is_backup_device && devices::has_backup_device(&mut conn, &caller.address).await? {
        return Err(ApiError::new(
            ErrorCode::OnlyOneBackupDeviceCanExist,
            "There can only be one backup device.",
        ));
    }
    let identity = devices::find_identity(&mut conn, &caller.address)
        .await?
        .ok_or_else(|| ApiError::not_found("Identity"))?;
    let key = PublicKey::from_envelope(&identity.public_key).map_err(|error| ApiError::unexpected(&error))?;
    let now = state.clock.now();
    signed_challenge::verify(&mut conn, &key, &request.signed_challenge, now).await?;
    if let Some(violation) = state.settings.password_policy.violation(&request.device_password) {
        return Err(ApiError::new(ErrorCode::RegistrationFailed, violation));
    }
    drop(conn);
    let password = request.device_password;
    let password = blocking(move || PasswordHash::create(&password))
        .await?
        .map_err(|error| ApiError::unexpected(&error))?;

    let device = Device {
        id: DeviceId::generate(&mut rand::rng()),
        identity: caller.address,
        username: Username::generate(&mut rand::rng()),
        password,
        created_at: now,
        created_by_device: caller.device,
        last_login_at: None,
        communication_language: language,
        is_backup_device,
        login: LoginState::default(),
    };
    devices::insert_device(&mut *state.db.conn().await?, &device).await?;
    Ok(Created(RegisterDeviceResponse {
        id: device.id.into_string(),
        username: device.username.into_string(),
        created_at: device.created_at,
        created_by_device: device.created_by_device.into_string(),
        is_backup_device,
    }))
}

/// The caller's identity's devices, optionally only those with the given `ids`.
#[utoipa::path(get, path = "/api/v2/Devices", security(("bearer" = [])), tag = "Devices", operation_id = "Devices_list",
    params(("ids" = Option<Vec<String>>, Query), ("PageNumber" = Option<u32>, Query), ("PageSize" = Option<u32>, Query)),
    responses((status = 200, body = Paged<dto::Device>), (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<DevicesState>,
    caller: Principal,
    PageParams(page): PageParams,
    query: QueryParams,
) -> ApiResult<PagedReply<dto::Device>> {
    let ids = query
        .all("ids")
        .map(|id| DeviceId::parse(id).map_err(|_| ApiError::invalid_id("ids")))
        .collect::<ApiResult<Vec<_>>>()?;
    let found = devices::list_devices(&mut *state.db.conn().await?, &caller.address, &ids, page).await?;
    Ok(paged(found.items.into_iter().map(to_dto).collect(), page, found.total_records))
}

#[utoipa::path(get, path = "/api/v2/Devices/Self", security(("bearer" = [])), tag = "Devices", operation_id = "Devices_getSelf",
    responses((status = 200, body = Envelope<dto::Device>)))]
pub async fn get_self(State(state): State<DevicesState>, caller: Principal) -> ApiResult<Reply<dto::Device>> {
    let device = devices::find_device(&mut *state.db.conn().await?, &caller.device)
        .await?
        .ok_or_else(|| ApiError::not_found("Device"))?;
    Ok(Reply(to_dto(device)))
}

/// Sets the calling device's communication language (the language of its push notifications).
#[utoipa::path(put, path = "/api/v2/Devices/Self", security(("bearer" = [])), tag = "Devices", operation_id = "Devices_updateSelf",
    request_body = UpdateDeviceRequest,
    responses((status = 204), (status = 400, body = ErrorEnvelope)))]
pub async fn update_self(
    State(state): State<DevicesState>,
    caller: Principal,
    WireJson(request): WireJson<UpdateDeviceRequest>,
) -> ApiResult<NoContent> {
    let language = communication_language(Some(request.communication_language))?;
    devices::update_language(&mut *state.db.conn().await?, &caller.device, &language).await?;
    Ok(NoContent)
}

#[utoipa::path(put, path = "/api/v2/Devices/Self/Password", security(("bearer" = [])), tag = "Devices", operation_id = "Devices_changePassword",
    request_body = ChangePasswordRequest,
    responses((status = 204), (status = 400, body = ErrorEnvelope)))]
pub async fn change_password(
    State(state): State<DevicesState>,
    caller: Principal,
    WireJson(request): WireJson<ChangePasswordRequest>,
) -> ApiResult<NoContent> {
    let failed = |reason: &str| {
        ApiError::new(ErrorCode::ChangePasswordFailed, format!("Changing the password failed: {reason}"))
    };
    if let Some(violation) = state.settings.password_policy.violation(&request.new_password) {
        return Err(failed(violation));
    }
    let device = devices::find_device(&mut *state.db.conn().await?, &caller.device)
        .await?
        .ok_or_else(|| ApiError::not_found("Device"))?;
    let ChangePasswordRequest { old_password, new_password } = request;
    let new_hash =
        blocking(move || device.password.verify(&old_password).then(|| PasswordHash::create(&new_password)))
            .await?
            .ok_or_else(|| failed("Incorrect password."))?
            .map_err(|error| ApiError::unexpected(&error))?;
    devices::update_password(&mut *state.db.conn().await?, &caller.device, &new_hash).await?;
    Ok(NoContent)
}

/// Deletes a device of the caller's identity that has never logged in (an abandoned onboarding).
#[utoipa::path(delete, path = "/api/v2/Devices/{id}", security(("bearer" = [])), tag = "Devices", operation_id = "Devices_remove",
    params(("id" = String, Path)),
    responses((status = 204), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn remove(
    State(state): State<DevicesState>,
    caller: Principal,
    Path(id): Path<String>,
) -> ApiResult<NoContent> {
    let id = DeviceId::parse(&id).map_err(|_| ApiError::invalid_id("id"))?;
    let mut conn = state.db.conn().await?;
    let device = devices::find_device(&mut conn, &id).await?.ok_or_else(|| ApiError::not_found("Device"))?;
    if device.is_onboarded() {
        return Err(ApiError::new(
            ErrorCode::DeviceCannotBeDeleted,
            "The device cannot be deleted because it is already onboarded.",
        ));
    }
    if device.identity != caller.address {
        return Err(ApiError::new(
            ErrorCode::DeviceCannotBeDeleted,
            "The device cannot be deleted because it belongs to another identity.",
        ));
    }
    devices::delete_device(&mut conn, &id).await?;
    Ok(NoContent)
}

fn to_dto(device: Device) -> dto::Device {
    dto::Device {
        id: device.id.into_string(),
        username: device.username.into_string(),
        created_at: device.created_at,
        created_by_device: device.created_by_device.into_string(),
        last_login: device.last_login_at.map(|time| LastLogin { time }),
        communication_language: device.communication_language,
        is_backup_device: device.is_backup_device,
    }
}
