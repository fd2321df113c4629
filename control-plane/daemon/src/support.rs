//! The support routes of the admin API: what support staff read about a running landscape's accounts,
//! at `/v1/landscapes/{name}/api/v1/…`. Paths, parameters and shapes follow the reference's Admin API
//! where it has the route (operations spec §1.2), so that its tooling works with the landscape's prefix
//! as base URL; answers are in its envelope (`{"result": …, "pagination"?: …}`). Every role reads, and no
//! answer holds content (message bodies, file data, token contents); reads of an account's data are audited
//! (`account.read`), and what changes accounts ([`changes`], [`quotas`], [`announcements`]) is for the
//! operator role only, and audited.

mod announcements;
mod changes;
mod quotas;
mod traffic;

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{delete, get, patch, post, put};
use axum::{Json, Router};
use backbone_domain::id::RelationshipId;
use backbone_domain::{Clock as _, IdentityAddress, SystemClock};
use backbone_proto::admin::{
    ClientOverview, DeletionAuditEntry, DeletionProcessOverview, FileOverview, IdentityDetails,
    IdentityOverview, MessageOverview, RelationshipDetails, RelationshipOverview, TemplateOverview,
    TierOverview, TokenOverview,
};
use backbone_proto::dto::relationships::RelationshipAuditLogEntry;
use backbone_proto::{Envelope, Paged, Pagination};
use backbone_store::page::{Page, PageRequest};
use backbone_store::support::{self, MessageDirection};
use backbone_store::{
    AnyConnection, PooledConnection, deletion_audit, deletion_processes, devices, relationships,
};
use serde::Deserialize;

pub(crate) use crate::api::Body;
use crate::api::{App, Shared};
use crate::audit::Record;
use crate::error::DaemonError;
use crate::tokens::{Caller, Permission};

/// The reference's paging defaults.
const DEFAULT_PAGE_SIZE: u32 = 50;
const MAX_PAGE_SIZE: u32 = 200;
/// How many identities a search finds at most.
const SEARCH_LIMIT: u32 = 100;

const PREFIX: &str = "/v1/landscapes/{name}/api/v1";

type Answer<T> = Result<Json<Envelope<T>>, DaemonError>;
type PagedAnswer<T> = Result<Json<Paged<T>>, DaemonError>;

pub fn routes() -> Router<Arc<App>> {
    let route = |path: &str| format!("{PREFIX}{path}");
    Router::new()
        .route(&route("/Identities"), get(search))
        .route(&route("/Identities/{address}"), get(identity).put(changes::change_tier))
        .route(&route("/Identities/{address}/DeletionProcesses"), get(deletion_processes))
        .route(&route("/Identities/{address}/DeletionProcesses/AuditLogs"), get(deletion_audit_logs))
        .route(&route("/Relationships"), get(relationships_of))
        .route(&route("/Relationships/{id}"), get(relationship))
        .route(&route("/Messages"), get(messages))
        .route(&route("/Tokens"), get(tokens))
        .route(&route("/Tokens/{id}/ResetAccessFailedCount"), patch(changes::unlock_token))
        .route(&route("/RelationshipTemplates"), get(templates))
        .route(&route("/Files"), get(files))
        .route(&route("/Clients"), get(clients).post(changes::create_client))
        .route(&route("/Clients/{id}"), put(changes::update_client).delete(changes::delete_client))
        .route(&route("/Clients/{id}/ChangeSecret"), patch(changes::change_client_secret))
        .route(&route("/Tiers"), get(tiers).post(changes::create_tier))
        .route(&route("/Tiers/{id}"), get(quotas::tier).delete(changes::delete_tier))
        .route(&route("/Tiers/{id}/Quotas"), post(quotas::create_tier_quota))
        .route(&route("/Tiers/{id}/Quotas/{quota}"), delete(quotas::delete_tier_quota))
        .route(&route("/Identities/{address}/Quotas"), post(quotas::create_individual_quota))
        .route(&route("/Identities/{address}/Quotas/{quota}"), delete(quotas::delete_individual_quota))
        .route(&route("/Metrics"), get(quotas::metrics))
        .route(&route("/Announcements"), get(announcements::list).post(announcements::create))
        .route(&route("/Announcements/{id}"), get(announcements::get).delete(announcements::delete))
        .route("/v1/landscapes/{name}/traffic", get(traffic::traffic))
}

/// A connection to the landscape's database, for a caller who may read.
async fn connection(app: &App, caller: &Caller, landscape: &str) -> Result<PooledConnection, DaemonError> {
    caller.require(Permission::Read)?;
    let db = app.registry.database(landscape).await?;
    Ok(db.conn().await?)
}

/// [`connection`] for reading one account's data, which is personal: the audit log records who looked up
/// `what` of which `subject` (an address, a relationship), as it records changes.
async fn reading(
    app: &App,
    caller: &Caller,
    landscape: &str,
    what: &str,
    subject: &str,
) -> Result<PooledConnection, DaemonError> {
    let conn = connection(app, caller, landscape).await?;
    let target = format!("{landscape}/{subject}");
    let detail = Some(serde_json::json!({ "read": what }));
    app.audit.record(Record {
        caller: Some(caller),
        action: "account.read",
        target: &target,
        status: 200,
        detail,
    });
    Ok(conn)
}

/// A write transaction in the landscape's database, for a caller who may read (changes check more).
async fn transaction(app: &App, caller: &Caller, landscape: &str) -> Result<backbone_store::Tx, DaemonError> {
    caller.require(Permission::Read)?;
    Ok(app.registry.database(landscape).await?.begin().await?)
}

fn ok<T>(result: T) -> Answer<T> {
    Ok(Json(Envelope { result }))
}

type Created<T> = Result<(StatusCode, Json<Envelope<T>>), DaemonError>;

fn created<T>(result: T) -> Created<T> {
    Ok((StatusCode::CREATED, Json(Envelope { result })))
}

/// Query parameters; a rejection is an error of the admin API's format.
struct Query<T>(T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = DaemonError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(DaemonError::Invalid(rejection.body_text())),
        }
    }
}

/// `PageNumber` and `PageSize`, as .NET binds them (any case of the first letter).
#[derive(Deserialize)]
struct Paging {
    #[serde(default, alias = "PageNumber", alias = "pageNumber")]
    page_number: Option<u32>,
    #[serde(default, alias = "PageSize", alias = "pageSize")]
    page_size: Option<u32>,
}

impl Paging {
    fn request(&self) -> Result<PageRequest, DaemonError> {
        let size = self.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&size) {
            return Err(DaemonError::Invalid(format!("PageSize must be between 1 and {MAX_PAGE_SIZE}")));
        }
        Ok(PageRequest { number: self.page_number.unwrap_or(1).max(1), size })
    }
}

fn paged<T>(page: Page<T>, request: PageRequest) -> PagedAnswer<T> {
    let total_pages = page.total_records.div_ceil(u64::from(request.size));
    let pagination = Pagination {
        page_number: request.number,
        page_size: request.size,
        total_pages,
        total_records: page.total_records,
    };
    Ok(Json(Paged { result: page.items, pagination: Some(pagination) }))
}

#[derive(Deserialize)]
struct Search {
    #[serde(default)]
    search: String,
}

/// Identities by address (or part of it), device id, username or client id.
async fn search(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
    Query(query): Query<Search>,
) -> Answer<Vec<IdentityOverview>> {
    if query.search.trim().is_empty() {
        return Err(DaemonError::Invalid(
            "search= is required: an address or part of it, a device id, a username or a client id"
                .to_owned(),
        ));
    }
    let mut conn = reading(&app, &caller, &name, "search", &query.search).await?;
    ok(support::search_identities(&mut conn, &query.search, SEARCH_LIMIT).await?)
}

async fn identity(
    State(app): Shared,
    caller: Caller,
    Path((name, address)): Path<(String, String)>,
) -> Answer<IdentityDetails> {
    let mut conn = reading(&app, &caller, &name, "identity", &address).await?;
    let identity = support::identity(&mut conn, &address).await?;
    let mut identity = identity.ok_or_else(|| DaemonError::NoSuch(format!("identity {address}")))?;
    identity.quotas = quotas::of_identity(&mut conn, &address, SystemClock.now()).await?;
    ok(identity)
}

async fn deletion_processes(
    State(app): Shared,
    caller: Caller,
    Path((name, address)): Path<(String, String)>,
) -> Answer<Vec<DeletionProcessOverview>> {
    let mut conn = reading(&app, &caller, &name, "deletion processes", &address).await?;
    let address = known_identity(&mut conn, &address).await?;
    let mut processes = deletion_processes::of_identity(&mut conn, &address).await?;
    processes.reverse();
    ok(processes
        .into_iter()
        .map(|process| {
            let [reminder1, reminder2, reminder3] = process.grace_period_reminders_sent_at;
            DeletionProcessOverview {
                id: process.id.to_string(),
                status: process.status.as_str().to_owned(),
                created_at: process.created_at,
                created_by_device: process.created_by_device.to_string(),
                grace_period_ends_at: process.grace_period_ends_at,
                grace_period_reminder1_sent_at: reminder1,
                grace_period_reminder2_sent_at: reminder2,
                grace_period_reminder3_sent_at: reminder3,
            }
        })
        .collect())
}

/// Looked up by a hash of the address, so that it works after the identity was deleted.
async fn deletion_audit_logs(
    State(app): Shared,
    caller: Caller,
    Path((name, address)): Path<(String, String)>,
) -> Answer<Vec<DeletionAuditEntry>> {
    let mut conn = reading(&app, &caller, &name, "deletion audit log", &address).await?;
    let address = IdentityAddress::trusted(address);
    let entries = deletion_audit::of_identity(&mut conn, &address).await?;
    ok(entries
        .into_iter()
        .map(|entry| DeletionAuditEntry {
            process_id: entry.process_id.to_string(),
            created_at: entry.created_at,
            old_status: entry.old_status.map(|status| status.as_str().to_owned()),
            new_status: entry.new_status.as_str().to_owned(),
            message_key: entry.message.as_str().to_owned(),
        })
        .collect())
}

async fn known_identity(conn: &mut AnyConnection, address: &str) -> Result<IdentityAddress, DaemonError> {
    let address = IdentityAddress::trusted(address.to_owned());
    match devices::find_identity(conn, &address).await? {
        Some(_) => Ok(address),
        None => Err(DaemonError::NoSuch(format!("identity {address}"))),
    }
}

#[derive(Deserialize)]
struct Participant {
    #[serde(alias = "Participant")]
    participant: String,
}

async fn relationships_of(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
    Query(query): Query<Participant>,
    Query(paging): Query<Paging>,
) -> PagedAnswer<RelationshipOverview> {
    let request = paging.request()?;
    let mut conn = reading(&app, &caller, &name, "relationships", &query.participant).await?;
    paged(support::relationships_of(&mut conn, &query.participant, request).await?, request)
}

/// A relationship with its whole history.
async fn relationship(
    State(app): Shared,
    caller: Caller,
    Path((name, id)): Path<(String, String)>,
) -> Answer<RelationshipDetails> {
    let mut conn = reading(&app, &caller, &name, "relationship", &id).await?;
    let found = relationships::find(&mut conn, &RelationshipId::trusted(id.clone())).await?;
    let relationship = found.ok_or_else(|| DaemonError::NoSuch(format!("relationship {id}")))?;
    ok(RelationshipDetails {
        id: relationship.id.to_string(),
        template_id: relationship.template_id.map(|id| id.to_string()),
        from: relationship.from.to_string(),
        to: relationship.to.to_string(),
        created_at: relationship.created_at,
        status: relationship.status,
        audit_log: relationship
            .audit_log
            .into_iter()
            .map(|entry| RelationshipAuditLogEntry {
                created_at: entry.created_at,
                created_by: entry.created_by.to_string(),
                created_by_device: entry.created_by_device.map(|device| device.to_string()),
                reason: entry.reason,
                old_status: entry.old_status,
                new_status: entry.new_status,
            })
            .collect(),
    })
}

#[derive(Deserialize)]
struct MessagesQuery {
    #[serde(alias = "Participant")]
    participant: String,
    /// `Incoming` or `Outgoing`, case-sensitive as in the reference.
    #[serde(rename = "type", alias = "Type")]
    direction: String,
}

async fn messages(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
    Query(query): Query<MessagesQuery>,
    Query(paging): Query<Paging>,
) -> PagedAnswer<MessageOverview> {
    let direction = match query.direction.as_str() {
        "Incoming" => MessageDirection::Incoming,
        "Outgoing" => MessageDirection::Outgoing,
        other => {
            return Err(DaemonError::Invalid(format!("type must be Incoming or Outgoing, not '{other}'")));
        }
    };
    let request = paging.request()?;
    let mut conn = reading(&app, &caller, &name, "messages", &query.participant).await?;
    paged(support::messages_of(&mut conn, &query.participant, direction, request).await?, request)
}

#[derive(Deserialize)]
struct CreatedBy {
    #[serde(rename = "createdBy", alias = "CreatedBy")]
    created_by: String,
}

async fn tokens(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
    Query(query): Query<CreatedBy>,
    Query(paging): Query<Paging>,
) -> PagedAnswer<TokenOverview> {
    let request = paging.request()?;
    let mut conn = reading(&app, &caller, &name, "tokens", &query.created_by).await?;
    paged(support::tokens_of(&mut conn, &query.created_by, request).await?, request)
}

async fn templates(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
    Query(query): Query<CreatedBy>,
) -> Answer<Vec<TemplateOverview>> {
    let mut conn = reading(&app, &caller, &name, "templates", &query.created_by).await?;
    ok(support::templates_of(&mut conn, &query.created_by).await?)
}

#[derive(Deserialize)]
struct Owner {
    #[serde(alias = "Owner")]
    owner: String,
}

async fn files(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
    Query(query): Query<Owner>,
) -> Answer<Vec<FileOverview>> {
    let mut conn = reading(&app, &caller, &name, "files", &query.owner).await?;
    ok(support::files_of(&mut conn, &query.owner).await?)
}

async fn clients(
    State(app): Shared,
    caller: Caller,
    Path(name): Path<String>,
) -> Answer<Vec<ClientOverview>> {
    let mut conn = connection(&app, &caller, &name).await?;
    ok(support::clients(&mut conn).await?)
}

async fn tiers(State(app): Shared, caller: Caller, Path(name): Path<String>) -> Answer<Vec<TierOverview>> {
    let mut conn = connection(&app, &caller, &name).await?;
    ok(support::tiers(&mut conn).await?)
}
