//! The gateway: the only public listener of a landscape, a reverse proxy in front of the Consumer API
//! instances.
//!
//! A request passes, in order: the blocked addresses (403), the per-IP rate limit (429), the route
//! allow-list (404), the body size limit (413, checked again while a streamed body flows), the per-OAuth-
//! client rate limit (429), then goes to a ready instance (503 when there is none), and is retried on
//! another one when it never reached the first or is idempotent (502 when no attempt succeeded).
//! Instances come from a `watch` channel ([`upstreams::watch_file`] feeds one from a file) and are
//! health-checked actively (`GET /health/ready`) and passively (a failed connection).

mod access_log;
mod admin;
mod balance;
mod body;
mod config;
mod error;
mod health;
mod limits;
pub mod listen;
mod metrics;
mod proxy;
mod reject;
mod routes;
mod server;
pub mod tls;
pub mod upstreams;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

pub use access_log::TARGET as ACCESS_LOG_TARGET;
pub use config::{BalanceStrategy, GatewayConfig, RateLimit, RateLimitsConfig, TlsConfig};
pub use error::GatewayError;
pub use routes::AllowList;
pub use upstreams::Upstream;

use crate::admin::AdminState;
use crate::balance::Pool;
use crate::health::HealthChecker;
use crate::limits::Blocklist;
use crate::metrics::Metrics;
use crate::proxy::Proxy;
use crate::server::Connections;

/// Starts gateways.
pub struct Gateway;

impl Gateway {
    /// Validates `config`, loads the certificate and binds the public and admin listeners. Nothing is
    /// served until [`RunningGateway::serve`]. Requests may go to the paths `allow_list` allows, on the
    /// instances `upstreams` lists at the time.
    pub async fn start(
        config: &GatewayConfig,
        allow_list: AllowList,
        upstreams: watch::Receiver<Vec<Upstream>>,
    ) -> Result<RunningGateway, GatewayError> {
        config.validate()?;
        let key = match &config.tls.key_file {
            _ if !config.tls.key.expose().is_empty() => tls::KeySource::Pem(&config.tls.key),
            Some(key_file) => tls::KeySource::File(key_file),
            None => return Err(GatewayError::TlsNotConfigured),
        };
        let cert_file = config.tls.cert_file.as_ref().ok_or(GatewayError::TlsNotConfigured)?;
        let tls = TlsAcceptor::from(tls::server_config(cert_file, key)?);
        let blocklist = Blocklist::parse(&config.blocked)?;
        let public = server::bind(&config.listen).await?;
        let admin = server::bind(&config.admin_listen).await?;
        let addresses = |listeners: &[TcpListener], listen: &str| {
            listeners
                .iter()
                .map(TcpListener::local_addr)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|source| GatewayError::Listen { address: listen.to_owned(), source })
        };
        let public_addrs = addresses(&public, &config.listen)?;
        let admin_addrs = addresses(&admin, &config.admin_listen)?;

        let pool = Arc::new(Pool::new(config.balance));
        let metrics = Arc::new(Metrics::new());
        let proxy = Arc::new(Proxy::new(config, allow_list, pool.clone(), metrics.clone(), blocklist));
        let health = HealthChecker {
            pool: pool.clone(),
            upstreams,
            interval: Duration::from_millis(config.health_check_interval_ms),
            timeout: Duration::from_millis(config.health_check_timeout_ms),
        };
        tracing::info!(public = ?public_addrs, admin = ?admin_addrs, "gateway listening");
        Ok(RunningGateway {
            public,
            admin,
            public_addrs,
            admin_addrs,
            tls,
            proxy,
            health,
            admin_state: AdminState { pool, metrics },
            shutdown_grace: Duration::from_millis(config.shutdown_grace_ms),
        })
    }
}

/// A started gateway: its listeners are bound.
pub struct RunningGateway {
    public: Vec<TcpListener>,
    admin: Vec<TcpListener>,
    public_addrs: Vec<SocketAddr>,
    admin_addrs: Vec<SocketAddr>,
    tls: TlsAcceptor,
    proxy: Arc<Proxy>,
    health: HealthChecker,
    admin_state: AdminState,
    shutdown_grace: Duration,
}

impl RunningGateway {
    /// Where the public HTTPS listener is bound (two addresses for `localhost`).
    pub fn public_addrs(&self) -> &[SocketAddr] {
        &self.public_addrs
    }

    /// Where `/metrics` and `/health` are served.
    pub fn admin_addrs(&self) -> &[SocketAddr] {
        &self.admin_addrs
    }

    /// The URL clients use: `https://localhost:<port>` on loopback, where the development certificate
    /// is valid.
    pub fn public_url(&self) -> String {
        let Some(addr) = self.public_addrs.first() else {
            return String::new();
        };
        if addr.ip().is_loopback() {
            format!("https://localhost:{}", addr.port())
        } else {
            format!("https://{addr}")
        }
    }

    /// Serves until `shutdown`, then stops accepting, lets open connections finish for the grace period
    /// and drops the rest.
    pub async fn serve(self, shutdown: CancellationToken) {
        let mut tasks = JoinSet::new();
        tasks.spawn(self.health.run(shutdown.clone()));
        let router = admin::router(self.admin_state);
        for listener in self.admin {
            let server = axum::serve(listener, router.clone())
                .with_graceful_shutdown(shutdown.clone().cancelled_owned());
            tasks.spawn(async move {
                if let Err(error) = server.await {
                    tracing::error!(%error, "admin listener failed");
                }
            });
        }

        let graceful = Arc::new(GracefulShutdown::new());
        let hard_stop = CancellationToken::new();
        let connections = Connections {
            tls: self.tls,
            proxy: self.proxy,
            http: Arc::new(server::http_builder()),
            hard_stop: hard_stop.clone(),
        };
        let mut accepting = JoinSet::new();
        for listener in self.public {
            accepting.spawn(server::accept(
                listener,
                connections.clone(),
                graceful.clone(),
                shutdown.clone(),
            ));
        }
        drop(connections);
        shutdown.cancelled().await;

        // The listeners close here; then open connections finish their requests, up to the grace period.
        accepting.join_all().await;
        // The accept loops held the only other references.
        if let Ok(graceful) = Arc::try_unwrap(graceful)
            && tokio::time::timeout(self.shutdown_grace, graceful.shutdown()).await.is_err()
        {
            tracing::warn!("connections still open after the grace period; closing them");
        }
        hard_stop.cancel();
        tasks.join_all().await;
        tracing::info!("gateway stopped");
    }
}
