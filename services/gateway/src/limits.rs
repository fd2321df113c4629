//! Who may send what: blocked addresses, token-bucket rate limits, and the OAuth client of a request.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ipnet::IpNet;

use crate::config::RateLimit;
use crate::error::GatewayError;

/// Addresses answered 403.
#[derive(Debug, Clone, Default)]
pub(crate) struct Blocklist {
    networks: Vec<IpNet>,
}

impl Blocklist {
    /// Parses IP addresses and CIDR ranges.
    pub fn parse(entries: &[String]) -> Result<Self, GatewayError> {
        let networks = entries
            .iter()
            .map(|entry| {
                let entry = entry.trim();
                entry.parse::<IpNet>().or_else(|_| entry.parse::<IpAddr>().map(IpNet::from)).map_err(|_| {
                    GatewayError::Config(format!("gateway.blocked: {entry:?} is no IP address or CIDR range"))
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { networks })
    }

    /// `ip` is expected canonical: an IPv4 client on a dual-stack socket counts as IPv4.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.networks.iter().any(|network| network.contains(&ip))
    }
}

/// How long to wait before a rejected request would be allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds for the `Retry-After` header, at least 1.
    pub fn seconds(self) -> u64 {
        (self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0)).max(1)
    }
}

/// Token buckets by key. Full buckets are forgotten every minute, so that the map holds only the keys
/// seen recently.
#[derive(Debug)]
pub(crate) struct RateLimiter<K> {
    limit: Option<(f64, f64)>,
    state: Mutex<Buckets<K>>,
}

#[derive(Debug)]
struct Buckets<K> {
    buckets: HashMap<K, Bucket>,
    swept: Instant,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

const SWEEP_INTERVAL: Duration = Duration::from_secs(60);

impl<K: Hash + Eq> RateLimiter<K> {
    pub fn new(limit: &RateLimit) -> Self {
        let limit = limit.is_enabled().then_some((limit.rate_per_second, f64::from(limit.burst)));
        Self { limit, state: Mutex::new(Buckets { buckets: HashMap::new(), swept: Instant::now() }) }
    }

    /// Takes one token from `key`'s bucket, or says how long until one is there.
    pub fn check(&self, key: K, now: Instant) -> Result<(), RetryAfter> {
        let Some((rate, burst)) = self.limit else {
            return Ok(());
        };
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if now.saturating_duration_since(state.swept) >= SWEEP_INTERVAL {
            state.swept = now;
            state.buckets.retain(|_, bucket| bucket.refilled(now, rate, burst) < burst);
        }
        let bucket = state.buckets.entry(key).or_insert(Bucket { tokens: burst, updated: now });
        bucket.tokens = bucket.refilled(now, rate, burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(RetryAfter(Duration::from_secs_f64((1.0 - bucket.tokens) / rate)))
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).buckets.len()
    }
}

impl Bucket {
    fn refilled(&self, now: Instant, rate: f64, burst: f64) -> f64 {
        (self.tokens + now.saturating_duration_since(self.updated).as_secs_f64() * rate).min(burst)
    }
}

/// Client ids longer than this are ignored: they cannot be real, and would only grow the limiter's map.
const MAX_CLIENT_ID_LENGTH: usize = 200;

/// The `client_id` claim of a bearer JWT, read without verifying the signature: the Consumer API verifies
/// the token; the gateway only needs a key to count by.
pub(crate) fn client_id_from_bearer(authorization: &str) -> Option<String> {
    let (scheme, token) = authorization.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let payload = token.trim().split('.').nth(1)?;
    let json = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&json).ok()?;
    checked(claims.get("client_id")?.as_str()?)
}

/// The client of `POST /connect/token`: the `client_id` form field, or the user of HTTP Basic
/// authentication (`client_secret_basic`).
pub(crate) fn client_id_from_token_request(authorization: Option<&str>, form: &[u8]) -> Option<String> {
    let from_form =
        form_urlencoded::parse(form).find(|(name, _)| name == "client_id").map(|(_, value)| value);
    if let Some(client_id) = from_form {
        return checked(&client_id);
    }
    let (scheme, credentials) = authorization?.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(credentials.trim()).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let user = decoded.split_once(':').map_or(decoded.as_str(), |(user, _)| user);
    // The user part of Basic credentials is form-encoded (RFC 6749 §2.3.1).
    let user: String = form_urlencoded::parse(format!("u={user}").as_bytes()).next()?.1.into_owned();
    checked(&user)
}

fn checked(client_id: &str) -> Option<String> {
    (!client_id.is_empty() && client_id.len() <= MAX_CLIENT_ID_LENGTH).then(|| client_id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &serde_json::Value) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap());
        format!("{header}.{payload}.c2lnbmF0dXJl")
    }

    #[test]
    fn buckets_allow_a_burst_then_the_rate() {
        let limiter = RateLimiter::new(&RateLimit { rate_per_second: 2.0, burst: 3 });
        let start = Instant::now();
        for _ in 0..3 {
            limiter.check("a", start).unwrap();
        }
        let retry = limiter.check("a", start).unwrap_err();
        assert_eq!(retry.0, Duration::from_millis(500));
        assert_eq!(retry.seconds(), 1);
        limiter.check("b", start).unwrap();
        limiter.check("a", start + Duration::from_millis(500)).unwrap();
        assert!(limiter.check("a", start + Duration::from_millis(500)).is_err());
    }

    #[test]
    fn a_zero_rate_allows_everything() {
        let limiter = RateLimiter::new(&RateLimit { rate_per_second: 0.0, burst: 0 });
        let now = Instant::now();
        for _ in 0..1000 {
            limiter.check(1, now).unwrap();
        }
    }

    #[test]
    fn full_buckets_are_forgotten() {
        let limiter = RateLimiter::new(&RateLimit { rate_per_second: 1.0, burst: 1 });
        let start = Instant::now();
        for key in 0..100 {
            limiter.check(key, start).unwrap();
        }
        limiter.check(1000, start + SWEEP_INTERVAL).unwrap();
        assert_eq!(limiter.len(), 1);
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(RetryAfter(Duration::from_millis(1)).seconds(), 1);
        assert_eq!(RetryAfter(Duration::from_secs(2)).seconds(), 2);
        assert_eq!(RetryAfter(Duration::from_millis(2100)).seconds(), 3);
        assert_eq!(RetryAfter(Duration::ZERO).seconds(), 1);
    }

    #[test]
    fn blocklists_take_addresses_and_ranges() {
        let list =
            Blocklist::parse(&["203.0.113.7".into(), " 10.0.0.0/8".into(), "2001:db8::/32".into()]).unwrap();
        assert!(list.contains("203.0.113.7".parse().unwrap()));
        assert!(list.contains("10.1.2.3".parse().unwrap()));
        assert!(list.contains("2001:db8::1".parse().unwrap()));
        assert!(!list.contains("203.0.113.8".parse().unwrap()));
        assert!(Blocklist::parse(&["nonsense".into()]).is_err());
    }

    #[test]
    fn bearer_tokens_name_their_client() {
        let token = jwt(&serde_json::json!({"client_id": "wallet", "sub": "x"}));
        assert_eq!(client_id_from_bearer(&format!("Bearer {token}")), Some("wallet".into()));
        assert_eq!(client_id_from_bearer(&format!("bearer  {token}")), Some("wallet".into()));
        assert_eq!(client_id_from_bearer(&format!("Basic {token}")), None);
        assert_eq!(client_id_from_bearer("Bearer not-a-jwt"), None);
        let long = jwt(&serde_json::json!({"client_id": "x".repeat(201)}));
        assert_eq!(client_id_from_bearer(&format!("Bearer {long}")), None);
    }

    #[test]
    fn token_requests_name_their_client() {
        let form = b"grant_type=password&client_id=my%20app&client_secret=s";
        assert_eq!(client_id_from_token_request(None, form), Some("my app".into()));
        let basic = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("app%2B1:secret"));
        assert_eq!(client_id_from_token_request(Some(&basic), b"grant_type=password"), Some("app+1".into()));
        assert_eq!(client_id_from_token_request(None, b"grant_type=password"), None);
    }
}
