//! The support routes that change accounts: an identity's tier, unlocking a token, OAuth clients and
//! tiers. Only the operator role may (support staff read); each call is audited with who, what and the
//! outcome, never a client secret.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use backbone_domain::deletion::QUEUED_FOR_DELETION_TIER;
use backbone_domain::id::TierId;
use backbone_domain::password::client_secret_digest;
use backbone_domain::{IdentityAddress, Secret};
use backbone_proto::admin::{
    ChangeSecretRequest, ChangeTierRequest, ClientChanged, CreateClientRequest, CreateTierRequest,
    TierCreated, UpdateClientRequest,
};
use backbone_store::devices::{self, OAuthClient};
use backbone_store::support;
use serde_json::json;

use super::{Answer, Body, Created, connection, created, ok};
use crate::api::Shared;
use crate::error::DaemonError;
use crate::tokens::Caller;

/// The tier every landscape seeds, which clients fall back on.
const BASIC_TIER: &str = "Basic";
/// Generated client secrets: as long as the reference's.
const GENERATED_SECRET_CHARS: usize = 30;

/// `PUT /Identities/{address}`: moves an identity to another tier (not into or out of the tier of
/// identities waiting for their deletion).
pub(super) async fn change_tier(
    State(app): Shared,
    caller: Caller,
    Path((name, address)): Path<(String, String)>,
    Body(request): Body<ChangeTierRequest>,
) -> Result<StatusCode, DaemonError> {
    let detail = json!({ "tierId": request.tier_id });
    let target = format!("{name}/{address}");
    app.audited(&caller, "account.tier", &target, Some(detail), async {
        let mut conn = connection(&app, &caller, &name).await?;
        let identity = devices::find_identity(&mut conn, &IdentityAddress::trusted(address.clone())).await?;
        let identity = identity.ok_or_else(|| DaemonError::NoSuch(format!("identity {address}")))?;
        if support::tier_name(&mut conn, &request.tier_id).await?.is_none() {
            return Err(DaemonError::NoSuch(format!("tier {}", request.tier_id)));
        }
        if identity.tier_id.as_str() == request.tier_id {
            return Err(DaemonError::Invalid(format!("the identity is in tier {} already", request.tier_id)));
        }
        if identity.tier_id.as_str() == QUEUED_FOR_DELETION_TIER
            || request.tier_id == QUEUED_FOR_DELETION_TIER
        {
            return Err(DaemonError::Invalid(
                "identities enter and leave the tier Queued for Deletion only through their deletion process"
                    .to_owned(),
            ));
        }
        support::set_tier(&mut conn, &address, &request.tier_id).await?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// `PATCH /Tokens/{id}/ResetAccessFailedCount`: unlocks a token locked after too many wrong passwords.
pub(super) async fn unlock_token(
    State(app): Shared,
    caller: Caller,
    Path((name, id)): Path<(String, String)>,
) -> Result<StatusCode, DaemonError> {
    app.audited(&caller, "account.token-unlock", &format!("{name}/{id}"), None, async {
        let mut conn = connection(&app, &caller, &name).await?;
        match support::reset_token_attempts(&mut conn, &id).await? {
            true => Ok(StatusCode::NO_CONTENT),
            false => Err(DaemonError::NoSuch(format!("token {id}"))),
        }
    })
    .await
}

/// `POST /Tiers`: a tier with a unique name of 3 to 30 characters.
pub(super) async fn create_tier(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
    Body(request): Body<CreateTierRequest>,
) -> Created<TierCreated> {
    let result = app
        .audited(&caller, "tier.create", &format!("{name}/{}", request.name), None, async {
            if !(3..=30).contains(&request.name.chars().count()) {
                return Err(DaemonError::Invalid("a tier's name has 3 to 30 characters".to_owned()));
            }
            let mut conn = connection(&app, &caller, &name).await?;
            if devices::find_tier_by_name(&mut conn, &request.name).await?.is_some() {
                return Err(DaemonError::AlreadyExists(format!("tier {}", request.name)));
            }
            let id = TierId::generate(&mut rand::rng());
            devices::upsert_tier(&mut conn, &id, &request.name).await?;
            Ok(TierCreated { id: id.to_string(), name: request.name.clone() })
        })
        .await?;
    created(result)
}

/// `DELETE /Tiers/{id}`: refused for Basic, the deletion tier, and tiers that identities are in or that
/// clients give to new identities.
pub(super) async fn delete_tier(
    State(app): Shared,
    caller: Caller,
    Path((name, id)): Path<(String, String)>,
) -> Result<StatusCode, DaemonError> {
    app.audited(&caller, "tier.delete", &format!("{name}/{id}"), None, async {
        let mut conn = connection(&app, &caller, &name).await?;
        let tier = support::tier_name(&mut conn, &id).await?;
        let tier = tier.ok_or_else(|| DaemonError::NoSuch(format!("tier {id}")))?;
        if tier == BASIC_TIER || id == QUEUED_FOR_DELETION_TIER {
            return Err(DaemonError::Invalid(format!("tier {tier} is built in")));
        }
        match support::tier_users(&mut conn, &id).await? {
            (0, 0) => {}
            (identities, clients) => {
                return Err(DaemonError::Invalid(format!(
                    "tier {tier} has {identities} identities and is the default of {clients} clients"
                )));
            }
        }
        support::delete_tier(&mut conn, &id).await?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// A client as answered; the secret only when it was just set.
fn client_changed(client: &OAuthClient, secret: Option<&Secret>) -> ClientChanged {
    ClientChanged {
        client_id: client.client_id.clone(),
        display_name: client.display_name.clone(),
        client_secret: secret.map(|secret| secret.expose().to_owned()),
        default_tier: client.default_tier.to_string(),
        max_identities: client.max_identities,
    }
}

/// `POST /Clients`: the secret is answered once and stored only as a digest.
pub(super) async fn create_client(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
    Body(request): Body<CreateClientRequest>,
) -> Created<ClientChanged> {
    let client_id = request.client_id.clone().unwrap_or_else(|| random_text(20));
    let result = app
        .audited(&caller, "client.create", &format!("{name}/{client_id}"), None, async {
            let mut conn = connection(&app, &caller, &name).await?;
            if devices::find_client(&mut conn, &client_id).await?.is_some() {
                return Err(DaemonError::AlreadyExists(format!("client {client_id}")));
            }
            let default_tier = tier_by_name_or_id(&mut conn, &request.default_tier).await?;
            let secret = match request.client_secret.clone() {
                Some(secret) if !secret.is_empty() => Secret::new(secret),
                _ => Secret::new(random_text(GENERATED_SECRET_CHARS)),
            };
            let client = OAuthClient {
                client_id: client_id.clone(),
                secret_sha256: client_secret_digest(secret.expose()),
                display_name: request.display_name.clone().unwrap_or_else(|| client_id.clone()),
                default_tier,
                max_identities: positive(request.max_identities)?,
            };
            devices::upsert_client(&mut conn, &client).await?;
            Ok(client_changed(&client, Some(&secret)))
        })
        .await?;
    created(result)
}

/// `PATCH /Clients/{id}/ChangeSecret`: the old secret stops working at once. The landscape's own clients
/// rotate through the vault instead, with a grace window.
pub(super) async fn change_client_secret(
    State(app): Shared,
    caller: Caller,
    Path((name, client_id)): Path<(String, String)>,
    Body(request): Body<ChangeSecretRequest>,
) -> Result<Answer<ClientChanged>, DaemonError> {
    let changed = app
        .audited(&caller, "client.secret", &format!("{name}/{client_id}"), None, async {
            refuse_configured(&app, &name, &client_id)?;
            let mut conn = connection(&app, &caller, &name).await?;
            let mut client = existing_client(&mut conn, &client_id).await?;
            let secret = match request.new_secret.clone() {
                Some(secret) if !secret.is_empty() => Secret::new(secret),
                _ => Secret::new(random_text(GENERATED_SECRET_CHARS)),
            };
            client.secret_sha256 = client_secret_digest(secret.expose());
            devices::upsert_client(&mut conn, &client).await?;
            Ok(client_changed(&client, Some(&secret)))
        })
        .await?;
    Ok(ok(changed))
}

/// `PUT /Clients/{id}`: the default tier of future identities and the cap on identities (not below the
/// identities it has).
pub(super) async fn update_client(
    State(app): Shared,
    caller: Caller,
    Path((name, client_id)): Path<(String, String)>,
    Body(request): Body<UpdateClientRequest>,
) -> Result<Answer<ClientChanged>, DaemonError> {
    let detail = json!({ "defaultTier": request.default_tier, "maxIdentities": request.max_identities });
    let updated = app
        .audited(&caller, "client.update", &format!("{name}/{client_id}"), Some(detail), async {
            let mut conn = connection(&app, &caller, &name).await?;
            let mut client = existing_client(&mut conn, &client_id).await?;
            client.default_tier = tier_by_name_or_id(&mut conn, &request.default_tier).await?;
            client.max_identities = positive(request.max_identities)?;
            if let Some(max) = client.max_identities {
                let identities = devices::count_identities_of_client(&mut conn, &client_id).await?;
                if max < identities {
                    return Err(DaemonError::Invalid(format!(
                        "the client has {identities} identities already, more than {max}"
                    )));
                }
            }
            devices::upsert_client(&mut conn, &client).await?;
            Ok(client_changed(&client, None))
        })
        .await?;
    Ok(ok(updated))
}

/// `DELETE /Clients/{id}`: the identities it created keep its id.
pub(super) async fn delete_client(
    State(app): Shared,
    caller: Caller,
    Path((name, client_id)): Path<(String, String)>,
) -> Result<StatusCode, DaemonError> {
    app.audited(&caller, "client.delete", &format!("{name}/{client_id}"), None, async {
        refuse_configured(&app, &name, &client_id)?;
        let mut conn = connection(&app, &caller, &name).await?;
        match support::delete_client(&mut conn, &client_id).await? {
            true => Ok(StatusCode::NO_CONTENT),
            false => Err(DaemonError::NoSuch(format!("client {client_id}"))),
        }
    })
    .await
}

/// The landscape's configured clients are re-created at every start, and in vault landscapes their
/// secrets are the vault's.
fn refuse_configured(app: &crate::api::App, landscape: &str, client_id: &str) -> Result<(), DaemonError> {
    if app.registry.configured_clients(landscape).iter().any(|configured| configured == client_id) {
        return Err(DaemonError::Invalid(format!(
            "client {client_id} belongs to the landscape's configuration; in a vault landscape rotate its secret \
             with `backbone vault rotate client-secret-{client_id}`"
        )));
    }
    Ok(())
}

async fn existing_client(
    conn: &mut backbone_store::AnyConnection,
    client_id: &str,
) -> Result<OAuthClient, DaemonError> {
    devices::find_client(conn, client_id)
        .await?
        .ok_or_else(|| DaemonError::NoSuch(format!("client {client_id}")))
}

async fn tier_by_name_or_id(
    conn: &mut backbone_store::AnyConnection,
    tier: &str,
) -> Result<TierId, DaemonError> {
    if let Some(id) = devices::find_tier_by_name(conn, tier).await? {
        return Ok(id);
    }
    if support::tier_name(conn, tier).await?.is_some() {
        return Ok(TierId::trusted(tier.to_owned()));
    }
    Err(DaemonError::NoSuch(format!("tier {tier}")))
}

fn positive(max_identities: Option<i64>) -> Result<Option<i64>, DaemonError> {
    match max_identities {
        Some(max) if max < 1 => Err(DaemonError::Invalid("maxIdentities must be at least 1".to_owned())),
        max => Ok(max),
    }
}

/// Letters and digits from the system's generator.
fn random_text(chars: usize) -> String {
    use rand::Rng as _;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..chars).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect()
}
