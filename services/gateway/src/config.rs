//! The gateway's settings. Defaults suit one machine; a landscape overrides what it needs.

use std::path::PathBuf;

use backbone_domain::Secret;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::GatewayError;

/// The gateway in front of the Consumer API instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct GatewayConfig {
    /// Where the public HTTPS listener binds, `host:port`; `localhost` binds both loopback addresses,
    /// port 0 picks one.
    pub listen: String,
    /// Where the admin listener (`/metrics`, `/health`) binds; keep it on loopback.
    pub admin_listen: String,
    /// The TLS certificate of the public listener.
    pub tls: TlsConfig,
    /// How a request picks among the ready instances: `least_outstanding` or `round_robin`.
    pub balance: BalanceStrategy,
    /// How often each instance's `/health/ready` is checked, in milliseconds.
    pub health_check_interval_ms: u64,
    /// How long a health check may take before the instance counts as unready, in milliseconds.
    pub health_check_timeout_ms: u64,
    /// How long connecting to an instance may take, in milliseconds.
    pub connect_timeout_ms: u64,
    /// How many instances one request may be tried on (retries go to other instances).
    pub max_attempts: u32,
    /// Token-bucket rate limits.
    pub rate_limits: RateLimitsConfig,
    /// The largest request body forwarded, in bytes; larger ones are answered 413. A little above the
    /// Consumer API's own limit, so that it answers bodies near the limit itself.
    pub max_body_bytes: u64,
    /// Client addresses answered 403 before anything else: IP addresses or CIDR ranges
    /// (`203.0.113.7`, `2001:db8::/32`).
    pub blocked: Vec<String>,
    /// A JSON file `{"upstreams": [{"name", "addr"}]}` listing the instances, rewritten by the supervisor
    /// and polled for changes; used when the gateway runs as its own process.
    pub upstreams_file: Option<PathBuf>,
    /// How long open connections may take to finish when the gateway stops, in milliseconds.
    pub shutdown_grace_ms: u64,
}

impl Default for GatewayConfig {
    fn default() -> Self {
        Self {
            listen: "localhost:8443".to_owned(),
            admin_listen: "127.0.0.1:0".to_owned(),
            tls: TlsConfig::default(),
            balance: BalanceStrategy::default(),
            health_check_interval_ms: 1_000,
            health_check_timeout_ms: 1_000,
            connect_timeout_ms: 1_000,
            max_attempts: 3,
            rate_limits: RateLimitsConfig::default(),
            max_body_bytes: 21 * 1024 * 1024,
            blocked: Vec::new(),
            upstreams_file: None,
            shutdown_grace_ms: 5_000,
        }
    }
}

impl GatewayConfig {
    /// Checks what serde cannot: positive intervals and attempts.
    pub fn validate(&self) -> Result<(), GatewayError> {
        let invalid = |what: &str| Err(GatewayError::Config(format!("gateway.{what} must be positive")));
        if self.health_check_interval_ms == 0 {
            return invalid("health_check_interval_ms");
        }
        if self.health_check_timeout_ms == 0 {
            return invalid("health_check_timeout_ms");
        }
        if self.connect_timeout_ms == 0 {
            return invalid("connect_timeout_ms");
        }
        if self.max_attempts == 0 {
            return invalid("max_attempts");
        }
        self.rate_limits.per_ip.validate("rate_limits.per_ip")?;
        self.rate_limits.per_client.validate("rate_limits.per_client")
    }
}

/// The public listener's certificate (with its chain) and private key, PEM.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TlsConfig {
    /// The certificate chain, PEM, leaf first. Unset in development: a self-signed certificate is generated.
    pub cert_file: Option<PathBuf>,
    /// The private key, PEM (PKCS#8, PKCS#1 or SEC1).
    pub key_file: Option<PathBuf>,
    /// The private key itself, PEM, instead of `key_file` (from a secret store; landscapes with a vault
    /// take it from their vault's `gateway-tls-key`).
    pub key: Secret,
}

/// How a request picks among the ready instances.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BalanceStrategy {
    /// The instance with the fewest requests in flight (open event streams count); ties in turn.
    #[default]
    LeastOutstanding,
    /// Each instance in turn.
    RoundRobin,
}

/// Rate limits per client IP address and per OAuth client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitsConfig {
    /// Per client IP address.
    pub per_ip: RateLimit,
    /// Per OAuth client (the `client_id` of the bearer token or of `POST /connect/token`), shared by every
    /// user of an app.
    pub per_client: RateLimit,
}

impl Default for RateLimitsConfig {
    fn default() -> Self {
        Self {
            per_ip: RateLimit { rate_per_second: 100.0, burst: 200 },
            per_client: RateLimit { rate_per_second: 1_000.0, burst: 2_000 },
        }
    }
}

/// A token bucket: `burst` requests at once, refilled at `rate_per_second`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimit {
    /// Requests per second in the long run; 0 switches the limit off.
    pub rate_per_second: f64,
    /// Requests allowed at once.
    pub burst: u32,
}

impl Default for RateLimit {
    fn default() -> Self {
        Self { rate_per_second: 0.0, burst: 1 }
    }
}

impl RateLimit {
    pub fn is_enabled(&self) -> bool {
        self.rate_per_second > 0.0
    }

    fn validate(&self, name: &str) -> Result<(), GatewayError> {
        if !self.rate_per_second.is_finite() || self.rate_per_second < 0.0 {
            return Err(GatewayError::Config(format!(
                "gateway.{name}.rate_per_second must be 0 or positive"
            )));
        }
        if self.is_enabled() && self.burst == 0 {
            return Err(GatewayError::Config(format!("gateway.{name}.burst must be at least 1")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_round_trip() {
        let config = GatewayConfig::default();
        config.validate().unwrap();
        let json = serde_json::to_value(&config).unwrap();
        let back: GatewayConfig = serde_json::from_value(json).unwrap();
        assert_eq!(back, config);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let error = serde_json::from_str::<GatewayConfig>(r#"{"listen": "x:1", "bogus": 1}"#).unwrap_err();
        assert!(error.to_string().contains("bogus"));
    }

    #[test]
    fn zero_burst_with_a_rate_is_invalid() {
        let mut config = GatewayConfig::default();
        config.rate_limits.per_ip = RateLimit { rate_per_second: 1.0, burst: 0 };
        assert!(config.validate().is_err());
    }
}
