//! Active health checks: `GET /health/ready` on every instance each interval, and at once when the set
//! changes. Only instances that answered 2xx get new requests.

use std::sync::Arc;
use std::time::Duration;

use http::Uri;
use http_body_util::Empty;
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::balance::{Member, Pool};
use crate::upstreams::Upstream;

pub(crate) const READY_PATH: &str = "/health/ready";

pub(crate) struct HealthChecker {
    pub pool: Arc<Pool>,
    pub upstreams: watch::Receiver<Vec<Upstream>>,
    pub interval: Duration,
    pub timeout: Duration,
}

impl HealthChecker {
    /// Follows the set of upstreams and checks them until `cancel`.
    pub async fn run(mut self, cancel: CancellationToken) {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(self.timeout));
        connector.set_nodelay(true);
        // No idle connections: each check proves the instance still accepts new ones.
        let client: Client<HttpConnector, Empty<Bytes>> =
            Client::builder(TokioExecutor::new()).pool_max_idle_per_host(0).build(connector);

        self.pool.update(&self.upstreams.borrow_and_update());
        let mut ticks = tokio::time::interval(self.interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut following = true;
        loop {
            tokio::select! {
                () = cancel.cancelled() => return,
                _ = ticks.tick() => {}
                changed = self.upstreams.changed(), if following => {
                    if changed.is_err() {
                        // The sender is gone: keep the last set.
                        following = false;
                        continue;
                    }
                    self.pool.update(&self.upstreams.borrow_and_update());
                }
            }
            self.check_all(&client).await;
        }
    }

    async fn check_all(&self, client: &Client<HttpConnector, Empty<Bytes>>) {
        let mut checks = JoinSet::new();
        for member in self.pool.members().iter().cloned() {
            let client = client.clone();
            let timeout = self.timeout;
            checks.spawn(async move {
                let ready = check(&client, &member, timeout).await;
                if member.set_checked(ready) {
                    let (upstream, addr) = (&member.upstream.name, member.upstream.addr);
                    if ready {
                        tracing::info!(%upstream, %addr, "upstream ready");
                    } else {
                        tracing::warn!(%upstream, %addr, "upstream not ready");
                    }
                }
            });
        }
        while checks.join_next().await.is_some() {}
    }
}

async fn check(client: &Client<HttpConnector, Empty<Bytes>>, member: &Member, timeout: Duration) -> bool {
    let Ok(uri) = Uri::builder()
        .scheme("http")
        .authority(member.upstream.addr.to_string())
        .path_and_query(READY_PATH)
        .build()
    else {
        return false;
    };
    match tokio::time::timeout(timeout, client.get(uri)).await {
        Ok(Ok(response)) => response.status().is_success(),
        Ok(Err(error)) => {
            tracing::debug!(upstream = %member.upstream.name, %error, "health check failed");
            false
        }
        Err(_) => {
            tracing::debug!(upstream = %member.upstream.name, "health check timed out");
            false
        }
    }
}
