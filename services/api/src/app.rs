use std::sync::Arc;

use axum::ServiceExt as _;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router, middleware};
use backbone_blob::BlobStore;
use backbone_bus::Subscriber;
use backbone_devices::{ClientSecrets, DevicesSettings, DevicesState};
use backbone_domain::Clock;
use backbone_domain::deletion::{QUEUED_FOR_DELETION_TIER, QUEUED_FOR_DELETION_TIER_NAME};
use backbone_domain::entities::LockoutPolicy;
use backbone_domain::id::TierId;
use backbone_domain::message::MessageLimits;
use backbone_domain::password::client_secret_digest;
use backbone_files::FilesState;
use backbone_http::auth::key_id;
use backbone_http::auth::{KeyError, KeyRing, authenticate};
use backbone_http::{ApiError, PaginationLimits, SigningKey, TokenKeys};
use backbone_messages::{MessageDecomposer, MessagesState};
use backbone_notifications::{NotificationTexts, PushState, Pusher, SseHub, TextsError};
use backbone_push::Providers;
use backbone_relationships::{PeerNotifier, RelationshipsState};
use backbone_store::devices::{self, OAuthClient};
use backbone_store::{Db, StoreError, Tx, quotas};
use backbone_synchronization::{ExternalEventProducer, SyncState};
use backbone_tokens::TokensState;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::config::ApiConfig;
use crate::conventions;
use crate::infra::{self, Dependencies};
use crate::metrics::{self, Metrics};
use crate::openapi;
use crate::paths::PathCanon;

/// Signing keys shorter than this are rejected: HS256 keys need 256 bits.
const MIN_SIGNING_KEY_BYTES: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("api.access_tokens.signing_key must have at least {MIN_SIGNING_KEY_BYTES} bytes")]
    SigningKeyTooShort,
    #[error("api.access_tokens.lifetime_seconds must be between 60 and 3600")]
    TokenLifetime,
    #[error("api.pagination: page sizes must be between 1 and 1000, the default not above the maximum")]
    Pagination,
    #[error(
        "api.messages: max_recipients must be at least 1, max_unreceived_from_one_sender between 1 and 100"
    )]
    MessageLimits,
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("api.push: {0}")]
    Push(#[from] backbone_push::ConfigError),
    #[error("api.notification_texts: {0}")]
    NotificationTexts(#[from] TextsError),
    #[error("seeding tiers and clients failed: {0}")]
    Seed(#[from] StoreError),
}

/// The Consumer API, ready to serve.
pub struct ConsumerApi {
    router: Router,
    tokens: Arc<TokenKeys>,
    client_secrets: Arc<ClientSecrets>,
    canon: Arc<PathCanon>,
    sse: Arc<SseHub>,
}

impl ConsumerApi {
    /// Validates the settings, seeds tiers and OAuth clients, and builds the routes.
    pub async fn start(
        config: &ApiConfig,
        db: Db,
        blobs: BlobStore,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, StartError> {
        let signing_key = config.access_tokens.signing_key.expose().as_bytes();
        if signing_key.len() < MIN_SIGNING_KEY_BYTES {
            return Err(StartError::SigningKeyTooShort);
        }
        if !(60..=3600).contains(&config.access_tokens.lifetime_seconds) {
            return Err(StartError::TokenLifetime);
        }
        let pagination = &config.pagination;
        if !(1..=1000).contains(&pagination.max_page_size)
            || !(1..=pagination.max_page_size).contains(&pagination.default_page_size)
        {
            return Err(StartError::Pagination);
        }
        let messages = &config.messages;
        if messages.max_recipients == 0 || !(1..=100).contains(&messages.max_unreceived_from_one_sender) {
            return Err(StartError::MessageLimits);
        }
        seed(&db, config).await?;
        let key = SigningKey { id: &key_id(signing_key), secret: signing_key };
        let tokens = Arc::new(TokenKeys::new(
            KeyRing::hmac(&[key])?,
            "backbone",
            config.access_tokens.lifetime_seconds,
        ));
        let client_secrets = Arc::new(ClientSecrets::default());
        let devices = DevicesState {
            db: db.clone(),
            clock: clock.clone(),
            tokens: tokens.clone(),
            client_secrets: client_secrets.clone(),
            settings: Arc::new(DevicesSettings {
                did_domain: config.address_domain(),
                password_policy: config.password_policy,
                lockout: LockoutPolicy {
                    max_failed_attempts: config.lockout.max_failed_attempts,
                    duration: time::Duration::seconds(i64::from(config.lockout.duration_seconds)),
                },
            }),
        };
        let sync = SyncState { db: db.clone(), clock: clock.clone() };
        let relationships = RelationshipsState {
            db: db.clone(),
            clock: clock.clone(),
            public_template_references: Arc::new(config.public_relationship_template_references.clone()),
        };
        let messages_module = MessagesState {
            db: db.clone(),
            clock: clock.clone(),
            limits: MessageLimits {
                max_recipients: messages.max_recipients as usize,
                max_unreceived_from_one_sender: i64::from(messages.max_unreceived_from_one_sender),
            },
            anonymous: Arc::new(config.anonymous_address()),
        };
        let files_module = FilesState {
            db: db.clone(),
            blobs: blobs.clone(),
            clock: clock.clone(),
            max_content_bytes: config.files.max_content_bytes,
        };
        let tokens_module = TokensState { db: db.clone(), clock: clock.clone() };
        let push = PushState {
            db: db.clone(),
            clock: clock.clone(),
            providers: push_providers(config)?,
            texts: Arc::new(NotificationTexts::new(&config.notification_texts)?),
        };
        let sse = SseHub::new(db.clone(), clock, config.sse.clone());
        let metrics = Metrics::new(sse.clone());
        let limits = PaginationLimits {
            default_page_size: pagination.default_page_size,
            max_page_size: pagination.max_page_size,
        };

        let router = Router::new()
            .merge(backbone_devices::router(devices))
            .merge(backbone_synchronization::router(sync))
            .merge(backbone_relationships::router(relationships))
            .merge(backbone_tokens::router(tokens_module))
            .merge(backbone_messages::router(messages_module))
            .merge(backbone_files::router(files_module))
            .merge(backbone_notifications::router(push))
            .merge(backbone_notifications::sse_router(sse.clone()))
            .route("/api/v2/Version", get(infra::version))
            .route("/docs/v2/openapi.json", get(infra::openapi_document))
            .route("/docs/index.html", get(infra::docs_index))
            .layer(middleware::from_fn_with_state(tokens.clone(), authenticate))
            .layer(Extension(limits))
            .layer(DefaultBodyLimit::max(config.max_request_body_bytes))
            .merge(
                Router::new()
                    .route("/health", get(infra::ready))
                    .route("/health/ready", get(infra::ready))
                    .route("/health/live", get(infra::live))
                    .with_state(Dependencies { db, blobs }),
            )
            .merge(Router::new().route("/metrics", get(metrics::scrape)).with_state(metrics.clone()))
            .layer(middleware::from_fn_with_state(metrics, metrics::record))
            .layer(cors(&config.cors_allowed_origins))
            .layer(CatchPanicLayer::custom(|_| panicked()))
            .layer(middleware::from_fn(conventions::response_headers));

        let documented = openapi::route_templates();
        let templates = documented.iter().map(String::as_str).chain(["/connect/token", "/docs/index.html"]);
        let canon = Arc::new(PathCanon::from_templates(templates));
        Ok(Self { router, tokens, client_secrets, canon, sse })
    }

    /// The access-token key ring, which a landscape's vault replaces after a rotation.
    pub fn token_keys(&self) -> Arc<TokenKeys> {
        self.tokens.clone()
    }

    /// The accepted OAuth client secrets, which a landscape's vault sets to its active versions.
    pub fn client_secrets(&self) -> Arc<ClientSecrets> {
        self.client_secrets.clone()
    }

    /// Serves on every listener until `shutdown` is cancelled; in-flight requests are finished first
    /// and event streams are ended.
    pub async fn serve(
        self,
        listeners: Vec<TcpListener>,
        shutdown: CancellationToken,
    ) -> std::io::Result<()> {
        let canon = self.canon;
        let sse = tokio::spawn(self.sse.run(shutdown.clone()));
        let service = tower::ServiceExt::<Request>::map_request(self.router, move |request: Request| {
            canon.rewrite(request)
        });
        let mut servers = tokio::task::JoinSet::new();
        for listener in listeners {
            let server = axum::serve(listener, service.clone().into_make_service())
                .with_graceful_shutdown(shutdown.clone().cancelled_owned());
            servers.spawn(async move { server.await });
        }
        while let Some(result) = servers.join_next().await {
            result.map_err(std::io::Error::other)??;
        }
        sse.await.map_err(std::io::Error::other)
    }
}

/// Creates the configured tiers and clients, or updates them to match the configuration.
async fn seed(db: &Db, config: &ApiConfig) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    let queued = TierId::trusted(QUEUED_FOR_DELETION_TIER.to_owned());
    devices::upsert_tier(&mut tx, &queued, QUEUED_FOR_DELETION_TIER_NAME).await?;
    for quota in backbone_domain::deletion::queued_for_deletion_quotas() {
        quotas::insert(&mut tx, QUEUED_FOR_DELETION_TIER, &quota).await?;
    }
    for name in &config.tiers {
        ensure_tier(&mut tx, name).await?;
    }
    for client in &config.clients {
        let stored = OAuthClient {
            client_id: client.client_id.clone(),
            secret_sha256: client_secret_digest(client.client_secret.expose()),
            display_name: client.display_name.clone().unwrap_or_else(|| client.client_id.clone()),
            default_tier: ensure_tier(&mut tx, &client.default_tier).await?,
            max_identities: client.max_identities.map(i64::from),
        };
        devices::upsert_client(&mut tx, &stored).await?;
    }
    tx.commit().await
}

/// The id of the tier with this name, created if it does not exist yet.
async fn ensure_tier(tx: &mut Tx, name: &str) -> Result<TierId, StoreError> {
    if let Some(id) = devices::find_tier_by_name(tx, name).await? {
        return Ok(id);
    }
    let id = TierId::generate(&mut rand::rng());
    devices::upsert_tier(tx, &id, name).await?;
    Ok(id)
}

fn cors(allowed_origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = allowed_origins.iter().filter_map(|origin| origin.parse().ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .allow_headers(tower_http::cors::Any)
        .expose_headers(
            ["x-request-time", "x-response-time", "x-response-duration-ms", "x-trace-id", "x-correlation-id"]
                .map(HeaderName::from_static),
        )
}

fn panicked() -> Response {
    ApiError::unexpected(&"a request handler panicked").into_response()
}

/// The event handlers of every module, for the event-handler component.
pub fn event_subscribers(
    config: &ApiConfig,
    db: &Db,
    clock: Arc<dyn Clock>,
) -> Result<Vec<Arc<dyn Subscriber>>, StartError> {
    let anonymous = Arc::new(config.anonymous_address());
    let texts = Arc::new(NotificationTexts::new(&config.notification_texts)?);
    Ok(vec![
        Arc::new(PeerNotifier::new(db.clone(), clock.clone())),
        Arc::new(MessageDecomposer::new(db.clone(), anonymous)),
        Arc::new(ExternalEventProducer::new(db.clone(), clock.clone())),
        Arc::new(Pusher::new(db.clone(), clock, push_providers(config)?, texts)),
    ])
}

/// The push providers, with their credentials checked.
fn push_providers(config: &ApiConfig) -> Result<Arc<Providers>, StartError> {
    let http = backbone_push::http_client()?;
    Ok(Arc::new(config.push.providers(&http)?))
}
