//! Prometheus metrics of the gateway, served by the admin listener.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::balance::Pool;

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status_class: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct LimitLabels {
    limit: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct UpstreamLabels {
    upstream: String,
    addr: String,
}

/// Which rate limit rejected a request.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Limit {
    Ip,
    Client,
}

pub(crate) struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram>,
    rate_limited: Family<LimitLabels, Counter>,
    upstream_ready: Family<UpstreamLabels, Gauge>,
    upstream_outstanding: Family<UpstreamLabels, Gauge>,
    upstream_failures: Family<UpstreamLabels, Counter>,
    retries: Counter,
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("backbone_gateway");
        let requests = Family::<RequestLabels, Counter>::default();
        let durations = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0])
        });
        let rate_limited = Family::<LimitLabels, Counter>::default();
        let upstream_ready = Family::<UpstreamLabels, Gauge>::default();
        let upstream_outstanding = Family::<UpstreamLabels, Gauge>::default();
        let upstream_failures = Family::<UpstreamLabels, Counter>::default();
        let retries = Counter::default();
        registry.register(
            "requests",
            "Requests answered, by route template and status class",
            requests.clone(),
        );
        registry.register(
            "request_duration_seconds",
            "Time until the response headers, by route template",
            durations.clone(),
        );
        registry.register("rate_limited", "Requests rejected by a rate limit", rate_limited.clone());
        registry.register(
            "upstream_ready",
            "Whether an instance gets new requests (1) or not (0)",
            upstream_ready.clone(),
        );
        registry.register(
            "upstream_outstanding_requests",
            "Requests in flight per instance",
            upstream_outstanding.clone(),
        );
        registry.register(
            "upstream_failures",
            "Failed attempts to forward to an instance",
            upstream_failures.clone(),
        );
        registry.register("retries", "Requests retried on another instance", retries.clone());
        Self {
            registry,
            requests,
            durations,
            rate_limited,
            upstream_ready,
            upstream_outstanding,
            upstream_failures,
            retries,
        }
    }

    /// One answered request; `route` is the allow-list template, or `unmatched`.
    pub fn request(&self, route: &str, status: u16, duration: Duration) {
        let status_class = match status {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        self.requests.get_or_create(&RequestLabels { route: route.to_owned(), status_class }).inc();
        self.durations
            .get_or_create(&RouteLabels { route: route.to_owned() })
            .observe(duration.as_secs_f64());
    }

    pub fn rate_limited(&self, limit: Limit) {
        let limit = match limit {
            Limit::Ip => "ip",
            Limit::Client => "client",
        };
        self.rate_limited.get_or_create(&LimitLabels { limit }).inc();
    }

    pub fn upstream_failure(&self, name: &str, addr: std::net::SocketAddr) {
        self.upstream_failures
            .get_or_create(&UpstreamLabels { upstream: name.to_owned(), addr: addr.to_string() })
            .inc();
    }

    pub fn retry(&self) {
        self.retries.inc();
    }

    /// The text exposition, with the instances' current state.
    pub fn render(&self, pool: &Pool) -> Result<String, std::fmt::Error> {
        // Rebuilt on each scrape, so that removed instances disappear.
        self.upstream_ready.clear();
        self.upstream_outstanding.clear();
        for member in pool.members().iter() {
            let labels = UpstreamLabels {
                upstream: member.upstream.name.clone(),
                addr: member.upstream.addr.to_string(),
            };
            self.upstream_ready.get_or_create(&labels).set(i64::from(member.is_eligible()));
            self.upstream_outstanding
                .get_or_create(&labels)
                .set(i64::try_from(member.outstanding()).unwrap_or(i64::MAX));
        }
        let mut text = String::new();
        encode(&mut text, &self.registry)?;
        Ok(text)
    }
}
