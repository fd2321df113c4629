use axum::extract::State;
use backbone_domain::IdentityAddress;
use backbone_domain::crypto::PublicKey;
use backbone_domain::entities::{Device, Identity, LoginState};
use backbone_domain::events::DomainEvent;
use backbone_domain::id::{DeviceId, Username};
use backbone_domain::language;
use backbone_domain::password::PasswordHash;
use backbone_http::WireJson;
use backbone_http::{ApiError, ApiResult, Created, Principal, QueryParams, Reply};
use backbone_proto::dto::identities::{
    CreateIdentityRequest, CreateIdentityResponse, CreatedDevice, IdentityStatus, IdentitySummary,
    IsDeletedResponse,
};
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope};
use backbone_store::{StoreError, deletion_audit, devices, outbox};

use crate::{DevicesState, blocking, signed_challenge};

/// Creates an identity and its first device, proven by a challenge signed with the identity key.
#[utoipa::path(post, path = "/api/v2/Identities", tag = "Identities", operation_id = "Identities_create",
    request_body = CreateIdentityRequest,
    responses((status = 201, body = Envelope<CreateIdentityResponse>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<DevicesState>,
    WireJson(request): WireJson<CreateIdentityRequest>,
) -> ApiResult<Created<CreateIdentityResponse>> {
    let mut conn = state.db.conn().await?;
    let client = devices::find_client(&mut conn, &request.client_id)
        .await?
        .filter(|client| state.client_secrets.accepts(client, &request.client_secret))
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized, "The client credentials are invalid."))?;

    if request.identity_public_key.is_empty() {
        return Err(ApiError::invalid("identityPublicKey", "must not be empty."));
    }
    if request.device_password.is_empty() {
        return Err(ApiError::invalid("devicePassword", "must not be empty."));
    }
    signed_challenge::require_parts(&request.signed_challenge)?;
    let language = communication_language(request.device_communication_language)?;
    let public_key = PublicKey::from_envelope(&request.identity_public_key)
        .map_err(|error| ApiError::invalid("identityPublicKey", error))?;

    let now = state.clock.now();
    signed_challenge::verify(&mut conn, &public_key, &request.signed_challenge, now).await?;

    let address = IdentityAddress::derive(&state.settings.did_domain, public_key.raw());
    if devices::find_identity(&mut conn, &address).await?.is_some() {
        return Err(address_already_exists());
    }
    if let Some(max) = client.max_identities
        && devices::count_identities_of_client(&mut conn, &client.client_id).await? >= max
    {
        return Err(ApiError::new(
            ErrorCode::ClientReachedIdentitiesLimit,
            "The client has reached the maximum number of identities it may create.",
        ));
    }
    if let Some(violation) = state.settings.password_policy.violation(&request.device_password) {
        return Err(ApiError::new(ErrorCode::RegistrationFailed, violation));
    }
    drop(conn);
    let password = request.device_password;
    let password = blocking(move || PasswordHash::create(&password))
        .await?
        .map_err(|error| ApiError::unexpected(&error))?;

    let identity = Identity {
        address: address.clone(),
        client_id: client.client_id,
        public_key: request.identity_public_key,
        identity_version: request.identity_version,
        tier_id: client.default_tier,
        status: IdentityStatus::Active,
        created_at: now,
        deletion_grace_period_ends_at: None,
    };
    let device_id = DeviceId::generate(&mut rand::rng());
    let device = Device {
        id: device_id.clone(),
        identity: address.clone(),
        username: Username::generate(&mut rand::rng()),
        password,
        created_at: now,
        created_by_device: device_id,
        last_login_at: None,
        communication_language: language,
        is_backup_device: false,
        login: LoginState::default(),
    };
    let mut tx = state.db.begin().await?;
    devices::insert_identity(&mut tx, &identity).await.map_err(|error| match error {
        StoreError::Conflict => address_already_exists(),
        other => other.into(),
    })?;
    devices::insert_device(&mut tx, &device).await?;
    let event =
        DomainEvent::IdentityCreated { address: address.to_string(), tier: identity.tier_id.to_string() };
    outbox::append(&mut tx, &event, now).await?;
    tx.commit().await?;

    Ok(Created(CreateIdentityResponse {
        address: address.into_string(),
        created_at: now,
        device: CreatedDevice {
            id: device.id.into_string(),
            username: device.username.into_string(),
            created_at: now,
        },
    }))
}

#[utoipa::path(get, path = "/api/v2/Identities/Self", security(("bearer" = [])), tag = "Identities", operation_id = "Identities_getSelf",
    responses((status = 200, body = Envelope<IdentitySummary>)))]
pub async fn get_self(
    State(state): State<DevicesState>,
    caller: Principal,
) -> ApiResult<Reply<IdentitySummary>> {
    let identity = devices::find_identity(&mut *state.db.conn().await?, &caller.address)
        .await?
        .ok_or_else(|| ApiError::not_found("Identity"))?;
    Ok(Reply(IdentitySummary {
        address: identity.address.into_string(),
        created_at: identity.created_at,
        identity_version: identity.identity_version,
        tier_id: identity.tier_id.into_string(),
        status: identity.status,
        deletion_grace_period_ends_at: identity.deletion_grace_period_ends_at,
    }))
}

/// Whether the identity of a device has been deleted; anonymous, for devices that lost access.
#[utoipa::path(get, path = "/api/v2/Identities/IsDeleted", tag = "Identities", operation_id = "Identities_isDeleted",
    params(("username" = String, Query)),
    responses((status = 200, body = Envelope<IsDeletedResponse>), (status = 400, body = ErrorEnvelope)))]
pub async fn is_deleted(
    State(state): State<DevicesState>,
    query: QueryParams,
) -> ApiResult<Reply<IsDeletedResponse>> {
    let username = query.get("username").ok_or_else(|| {
        ApiError::new(ErrorCode::InputCannotBeParsed, "'username': The username field is required.")
    })?;
    let username = Username::parse(username).map_err(|_| ApiError::invalid_id("username"))?;
    let mut conn = state.db.conn().await?;
    let deletion_date = match devices::find_device_by_username(&mut conn, username.as_str()).await? {
        Some(device) => devices::find_identity(&mut conn, &device.identity)
            .await?
            .and_then(|identity| identity.deletion_grace_period_ends_at)
            .filter(|end| *end < state.clock.now()),
        // The device is gone with its identity: the deletion audit log still knows the username.
        None => deletion_audit::completed_for_username(&mut conn, &username).await?,
    };
    Ok(Reply(IsDeletedResponse { is_deleted: deletion_date.is_some(), deletion_date }))
}

/// The requested communication language, `en` when none was given.
pub(crate) fn communication_language(requested: Option<String>) -> ApiResult<String> {
    let language = requested.unwrap_or_else(|| language::DEFAULT.to_owned());
    if language::is_supported(&language) {
        Ok(language)
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidDeviceCommunicationLanguage,
            "The communication language must be a valid two-letter ISO code.",
        ))
    }
}

fn address_already_exists() -> ApiError {
    ApiError::new(ErrorCode::AddressAlreadyExists, "An identity with this address already exists.")
}
