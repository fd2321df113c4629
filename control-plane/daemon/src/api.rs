//! The admin API's routes. Every call is authenticated by its bearer token; each handler states the
//! permission it needs; every mutating call is written to the audit log with its outcome.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use backbone_admin::wire::{
    AuditEntry, CreateRequest, DaemonInfo, LandscapeInfo, LandscapeStatus, LandscapeSummary, LeakScan, Plan,
    RevealedSecret, RotateRequest, Rotation, ScaleRequest, SecretPolicySummary, SecretSummary,
    SecretVersionSummary, SetSecretRequest, TokenCreated, TokenInfo, TokenRequest, UpRequest,
};
use backbone_domain::{Clock as _, SystemClock};
use serde::Deserialize;
use serde_json::json;
use time::OffsetDateTime;
use tokio_util::sync::CancellationToken;

use crate::audit::{AuditLog, Record};
use crate::error::DaemonError;
use crate::registry::Registry;
use crate::tokens::{Caller, Permission, Tokens};

pub struct App {
    pub registry: Arc<Registry>,
    pub tokens: Tokens,
    pub audit: AuditLog,
    pub url: String,
    pub started_at: OffsetDateTime,
    /// Cancelled by `POST /v1/daemon/stop`.
    pub shutdown: CancellationToken,
}

pub(crate) type Shared = State<Arc<App>>;
pub(crate) type Answer<T> = Result<Json<T>, DaemonError>;

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/v1/daemon", get(daemon))
        .route("/v1/daemon/stop", post(stop_daemon))
        .route("/v1/landscapes", get(list).post(create))
        .route("/v1/landscapes/{name}", get(status).delete(destroy))
        .route("/v1/landscapes/{name}/plan", get(plan))
        .route("/v1/landscapes/{name}/info", get(info))
        .route("/v1/landscapes/{name}/up", post(up))
        .route("/v1/landscapes/{name}/down", post(down))
        .route("/v1/landscapes/{name}/components/{component}/replicas", put(scale))
        .route("/v1/landscapes/{name}/secrets", get(secrets))
        .route("/v1/landscapes/{name}/policies", get(policies))
        .route("/v1/landscapes/{name}/secrets/{secret}", get(secret_history).put(set_secret))
        .route("/v1/landscapes/{name}/secrets/{secret}/value", get(reveal_secret))
        .route("/v1/landscapes/{name}/secrets/{secret}/rotate", post(rotate))
        .route("/v1/vault/scan", post(scan_logs))
        .route("/v1/audit", get(audit))
        .route("/v1/tokens", get(tokens).post(create_token))
        .route("/v1/tokens/{name}", axum::routing::delete(revoke_token))
        .route("/v1/tokens/{name}/rotate", post(rotate_token))
        .merge(crate::support::routes())
        .fallback(|uri: axum::http::Uri| async move { DaemonError::UnknownRoute(uri.path().to_owned()) })
        .with_state(app)
}

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = DaemonError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let header =
            |name| parts.headers.get(name).and_then(|value: &axum::http::HeaderValue| value.to_str().ok());
        // `X-API-KEY` is how the reference's Admin API tooling authenticates; here it carries a token too.
        let token = header(axum::http::header::AUTHORIZATION.as_str())
            .and_then(|value| value.strip_prefix("Bearer "))
            .or_else(|| header("x-api-key"))
            .ok_or(DaemonError::Unauthenticated)?;
        app.tokens.authenticate(token.trim()).ok_or(DaemonError::Unauthenticated)
    }
}

/// A JSON body whose rejection is an error of the admin API's format.
pub(crate) struct Body<T>(pub(crate) T);

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<Arc<App>> for Body<T> {
    type Rejection = DaemonError;

    async fn from_request(request: axum::extract::Request, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, app).await {
            Ok(Json(value)) => Ok(Body(value)),
            Err(rejection) => Err(DaemonError::Invalid(rejection.body_text())),
        }
    }
}

impl Caller {
    pub(crate) fn require(&self, permission: Permission) -> Result<(), DaemonError> {
        if self.may(permission) { Ok(()) } else { Err(DaemonError::Forbidden(self.role)) }
    }
}

impl App {
    /// Checks the permission, runs a mutating call and records it, whatever its outcome.
    pub(crate) async fn audited<T>(
        &self,
        caller: &Caller,
        action: &str,
        target: &str,
        detail: Option<serde_json::Value>,
        call: impl Future<Output = Result<T, DaemonError>>,
    ) -> Result<T, DaemonError> {
        self.audited_with(caller, action, target, detail, call, |_| None).await
    }

    /// [`App::audited`], adding what the outcome tells (such as a new version) to the entry's detail.
    async fn audited_with<T>(
        &self,
        caller: &Caller,
        action: &str,
        target: &str,
        detail: Option<serde_json::Value>,
        call: impl Future<Output = Result<T, DaemonError>>,
        describe: impl FnOnce(&T) -> Option<serde_json::Value>,
    ) -> Result<T, DaemonError> {
        let outcome = match caller.require(Permission::for_action(action)) {
            Ok(()) => call.await,
            Err(error) => Err(error),
        };
        let status = outcome.as_ref().map_or_else(DaemonError::status_code, |_| 200);
        let detail = match (detail, outcome.as_ref().ok().and_then(describe)) {
            (Some(serde_json::Value::Object(mut asked)), Some(serde_json::Value::Object(outcome))) => {
                asked.extend(outcome);
                Some(serde_json::Value::Object(asked))
            }
            (asked, outcome) => outcome.or(asked),
        };
        self.audit.record(Record { caller: Some(caller), action, target, status, detail });
        outcome
    }
}

impl Permission {
    /// Tokens, the daemon itself and the landscapes' accounts (tiers, quotas, clients, tokens' locks,
    /// announcements) are the
    /// operator's; a secret's value and new versions are whoever its policy names (checked by the call); the
    /// rest of what changes things is automation's too.
    fn for_action(action: &str) -> Permission {
        const OPERATORS: [&str; 7] =
            ["token.", "daemon.", "vault.scan", "account.", "client.", "tier.", "announcement."];
        if OPERATORS.iter().any(|prefix| action.starts_with(prefix)) {
            Permission::Administer
        } else if matches!(action, "vault.reveal" | "vault.set" | "vault.rotate") {
            Permission::Read
        } else {
            Permission::Operate
        }
    }
}

async fn daemon(State(app): Shared, caller: Caller) -> Answer<DaemonInfo> {
    Ok(Json(DaemonInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        pid: std::process::id(),
        url: app.url.clone(),
        started_at: app.started_at,
        role: caller.role,
    }))
}

async fn stop_daemon(State(app): Shared, caller: Caller) -> Result<StatusCode, DaemonError> {
    app.audited(&caller, "daemon.stop", "daemon", None, async {
        app.shutdown.cancel();
        Ok(StatusCode::ACCEPTED)
    })
    .await
}

async fn list(State(app): Shared, caller: Caller) -> Answer<Vec<LandscapeSummary>> {
    caller.require(Permission::Read)?;
    Ok(Json(app.registry.list()?))
}

async fn status(State(app): Shared, caller: Caller, Path(name): Path<String>) -> Answer<LandscapeStatus> {
    caller.require(Permission::Read)?;
    Ok(Json(app.registry.status(&name)?))
}

async fn plan(State(app): Shared, caller: Caller, Path(name): Path<String>) -> Answer<Plan> {
    caller.require(Permission::Read)?;
    Ok(Json(app.registry.plan(&name).await?))
}

async fn info(State(app): Shared, caller: Caller, Path(name): Path<String>) -> Answer<LandscapeInfo> {
    caller.require(Permission::Operate)?;
    Ok(Json(app.registry.info(&name, caller.role).await?))
}

async fn up(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
    Body(request): Body<UpRequest>,
) -> Answer<LandscapeStatus> {
    let detail = json!({ "listen": request.listen, "config_file": request.config_file, "variables": request.env.keys().collect::<Vec<_>>() });
    let call = app.registry.up(&name, request);
    app.audited(&caller, "landscape.up", &name, Some(detail), call).await.map(Json)
}

async fn down(State(app): Shared, caller: Caller, Path(name): Path<String>) -> Answer<LandscapeStatus> {
    let call = app.registry.down(&name);
    app.audited(&caller, "landscape.down", &name, None, call).await.map(Json)
}

async fn create(
    State(app): Shared,
    caller: Caller,
    Body(request): Body<CreateRequest>,
) -> Answer<LandscapeStatus> {
    let name = request.name.clone();
    let detail = json!({ "from": request.from, "ttl_seconds": request.ttl_seconds });
    let call = app.registry.create(request);
    app.audited(&caller, "landscape.create", &name, Some(detail), call).await.map(Json)
}

async fn destroy(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<StatusCode, DaemonError> {
    let call = async { app.registry.destroy(&name).await.map(|()| StatusCode::NO_CONTENT) };
    app.audited(&caller, "landscape.destroy", &name, None, call).await
}

async fn scale(
    State(app): Shared,
    caller: Caller,
    Path((name, component)): Path<(String, String)>,
    Body(request): Body<ScaleRequest>,
) -> Answer<LandscapeStatus> {
    let target = format!("{name}/{component}");
    let detail = json!({ "replicas": request.replicas });
    let call = app.registry.scale(&name, &component, request.replicas);
    app.audited(&caller, "landscape.scale", &target, Some(detail), call).await.map(Json)
}

async fn secrets(State(app): Shared, caller: Caller, Path(name): Path<String>) -> Answer<Vec<SecretSummary>> {
    let call = crate::vault::list(app.registry.home(), &name);
    app.audited(&caller, "vault.list", &name, None, call).await.map(Json)
}

async fn policies(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
) -> Answer<Vec<SecretPolicySummary>> {
    caller.require(Permission::Read)?;
    Ok(Json(crate::vault::policies(app.registry.home(), &name).await?))
}

async fn secret_history(
    State(app): Shared,
    caller: Caller,
    Path((name, secret)): Path<(String, String)>,
) -> Answer<Vec<SecretVersionSummary>> {
    let call = crate::vault::history(app.registry.home(), &name, &secret);
    app.audited(&caller, "vault.history", &format!("{name}/{secret}"), None, call).await.map(Json)
}

async fn reveal_secret(
    State(app): Shared,
    caller: Caller,
    Path((name, secret)): Path<(String, String)>,
) -> Answer<RevealedSecret> {
    let call = crate::vault::reveal(app.registry.home(), &name, &secret, &caller);
    let version = |revealed: &RevealedSecret| Some(json!({ "version": revealed.version }));
    let target = format!("{name}/{secret}");
    app.audited_with(&caller, "vault.reveal", &target, None, call, version).await.map(Json)
}

async fn set_secret(
    State(app): Shared,
    caller: Caller,
    Path((name, secret)): Path<(String, String)>,
    Body(request): Body<SetSecretRequest>,
) -> Answer<SecretVersionSummary> {
    let value = backbone_domain::Secret::new(request.value);
    let call = crate::vault::set(app.registry.home(), &name, &secret, value, &caller);
    let version = |set: &SecretVersionSummary| Some(json!({ "version": set.version }));
    let target = format!("{name}/{secret}");
    app.audited_with(&caller, "vault.set", &target, None, call, version).await.map(Json)
}

async fn rotate(
    State(app): Shared,
    caller: Caller,
    Path((name, secret)): Path<(String, String)>,
    Body(request): Body<RotateRequest>,
) -> Answer<Rotation> {
    let target = format!("{name}/{secret}");
    let admin_database = app.registry.admin_databases().remove(&name);
    let call = crate::vault::rotate(
        app.registry.home(),
        crate::vault::RotateCall {
            landscape: &name,
            secret: &secret,
            dry_run: request.dry_run,
            caller: &caller,
            now: SystemClock.now(),
            admin_database: admin_database.as_ref(),
        },
    );
    let asked = Some(json!({ "dry_run": request.dry_run }));
    // Which versions, never a value.
    let versions = |rotation: &Rotation| {
        Some(json!({ "version": rotation.version, "previous_version": rotation.previous_version }))
    };
    let rotation = app.audited_with(&caller, "vault.rotate", &target, asked, call, versions).await?;
    Ok(Json(rotation))
}

async fn scan_logs(State(app): Shared, caller: Caller) -> Answer<LeakScan> {
    let call = crate::leaks::scan(app.registry.home());
    let found = |scan: &LeakScan| {
        Some(json!({ "files_scanned": scan.files_scanned, "findings": scan.findings.len() }))
    };
    app.audited_with(&caller, "vault.scan", "logs", None, call, found).await.map(Json)
}

#[derive(Deserialize)]
struct AuditQuery {
    limit: Option<usize>,
}

async fn audit(
    State(app): Shared,
    caller: Caller,
    Query(query): Query<AuditQuery>,
) -> Answer<Vec<AuditEntry>> {
    caller.require(Permission::Administer)?;
    let path = crate::DaemonDir::new(app.registry.home()).audit_log();
    let entries =
        app.audit.recent(query.limit.unwrap_or(50)).map_err(|source| DaemonError::Io { path, source })?;
    Ok(Json(entries))
}

async fn tokens(State(app): Shared, caller: Caller) -> Answer<Vec<TokenInfo>> {
    caller.require(Permission::Administer)?;
    Ok(Json(app.tokens.list()))
}

async fn create_token(
    State(app): Shared,
    caller: Caller,
    Body(request): Body<TokenRequest>,
) -> Result<(StatusCode, Json<TokenCreated>), DaemonError> {
    let detail = json!({ "role": request.role });
    let call = async { Ok(app.tokens.create(&request.name, request.role)?) };
    let created = app.audited(&caller, "token.create", &request.name, Some(detail), call).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

async fn rotate_token(State(app): Shared, caller: Caller, Path(name): Path<String>) -> Answer<TokenCreated> {
    let call = async { Ok(app.tokens.rotate(&name)?) };
    let role = |created: &TokenCreated| Some(json!({ "role": created.role }));
    app.audited_with(&caller, "token.rotate", &name, None, call, role).await.map(Json)
}

async fn revoke_token(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<StatusCode, DaemonError> {
    let call = async { app.tokens.revoke(&name).map(|()| StatusCode::NO_CONTENT).map_err(DaemonError::from) };
    app.audited(&caller, "token.revoke", &name, None, call).await
}
