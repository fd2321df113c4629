//! The Azure Key Vault backend, through the Azure SDK, against a local HTTPS stand-in for Key Vault
//! (`azure/stand_in.rs`): rotation semantics as for the local vault, the tags that carry them, ordering,
//! not-found mapping, authentication, configuration.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "azure/stand_in.rs"]
mod stand_in;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::http::Method;
use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use backbone_domain::{Clock, Secret};
use backbone_vault::{
    AzureCredentialKind, AzureKeyType, AzureKeyVault, AzureVaultConfig, PublicKey, SecretName, SecretStore,
    SecretVersion, VaultError, VersionId, VersionState,
};
use serde_json::json;
use time::{Duration, OffsetDateTime};

use stand_in::{StandIn, TOKEN};

/// A clock that moves only when told; the stand-in stamps `created` and `updated` with it too.
struct TestClock(Mutex<OffsetDateTime>);

impl TestClock {
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap()
    }
}

/// Hands out [`TOKEN`] and records the scopes asked for.
#[derive(Debug, Default)]
struct TestCredential {
    scopes: Mutex<Vec<String>>,
}

#[async_trait::async_trait]
impl TokenCredential for TestCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        _options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        self.scopes.lock().unwrap().extend(scopes.iter().map(|scope| (*scope).to_owned()));
        // The SDK compares the expiry with the wall clock.
        Ok(AccessToken::new(TOKEN, OffsetDateTime::from(SystemTime::now()) + Duration::hours(1)))
    }
}

struct Fixture {
    stand_in: StandIn,
    clock: Arc<TestClock>,
    credential: Arc<TestCredential>,
}

impl Fixture {
    async fn start() -> Self {
        let clock =
            Arc::new(TestClock(Mutex::new(OffsetDateTime::from_unix_timestamp(1_750_000_000).unwrap())));
        let stand_in = StandIn::start(clock.clone()).await;
        Self { stand_in, clock, credential: Arc::new(TestCredential::default()) }
    }

    fn config(&self, prefix: &str) -> AzureVaultConfig {
        AzureVaultConfig {
            vault_url: self.stand_in.url.clone(),
            name_prefix: prefix.to_owned(),
            credential: AzureCredentialKind::Auto,
            client_id: None,
            keys: BTreeMap::new(),
        }
    }

    fn vault_with_prefix(&self, prefix: &str) -> AzureKeyVault {
        AzureKeyVault::with_client_options(
            &self.config(prefix),
            self.credential.clone(),
            self.clock.clone(),
            self.stand_in.client_options(),
        )
        .unwrap()
    }

    fn vault(&self) -> AzureKeyVault {
        self.vault_with_prefix("")
    }

    /// A vault that keeps `signing-key` as a Key Vault key of that type.
    fn vault_holding(&self, prefix: &str, kind: AzureKeyType) -> AzureKeyVault {
        let config = AzureVaultConfig {
            keys: BTreeMap::from([("signing-key".to_owned(), kind)]),
            ..self.config(prefix)
        };
        AzureKeyVault::with_client_options(
            &config,
            self.credential.clone(),
            self.clock.clone(),
            self.stand_in.client_options(),
        )
        .unwrap()
    }

    fn tags(&self, name: &str, version: &VersionId) -> BTreeMap<String, String> {
        self.stand_in.store().version_mut(name, version.as_str()).tags.clone().unwrap_or_default()
    }

    fn request_count(&self) -> usize {
        self.stand_in.store().requests.len()
    }
}

fn name(name: &str) -> SecretName {
    name.parse().unwrap()
}

fn values(versions: &[SecretVersion]) -> Vec<&str> {
    versions.iter().map(|version| version.value.expose()).collect()
}

fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

#[tokio::test]
async fn put_rotates_and_retire_disables() {
    let fixture = Fixture::start().await;
    let (vault, clock) = (fixture.vault(), &fixture.clock);
    let jwt = name("jwt-signing-key");

    assert!(matches!(vault.current(&jwt).await, Err(VaultError::NotFound(n)) if n == jwt));
    assert!(vault.list().await.unwrap().is_empty());

    let v1 = vault.put(&jwt, Secret::new("one"), "alice").await.unwrap();
    clock.advance(Duration::hours(1));
    let v2 = vault.put(&jwt, Secret::new("two"), "rotation").await.unwrap();
    clock.advance(Duration::hours(1));
    let v3 = vault.put(&jwt, Secret::new("three"), "rotation").await.unwrap();
    assert_eq!(v3.state, VersionState::Current);
    assert_eq!(v1.created_at, clock.now() - Duration::hours(2));
    assert_eq!(v3.created_at - v1.created_at, Duration::hours(2));
    assert_ne!(v1.id, v2.id);
    assert_eq!(v1.id.as_str().len(), 32);

    let current = vault.current(&jwt).await.unwrap();
    assert_eq!((current.info.id.clone(), current.value.expose()), (v3.id.clone(), "three"));

    let history = vault.history(&jwt).await.unwrap();
    let ids: Vec<_> = history.iter().map(|v| (v.id.clone(), v.state)).collect();
    assert_eq!(
        ids,
        [
            (v3.id.clone(), VersionState::Current),
            (v2.id.clone(), VersionState::Previous),
            (v1.id.clone(), VersionState::Previous)
        ]
    );
    assert_eq!(history[2].created_by, "alice");
    assert_eq!(history[0].created_by, "rotation");
    assert_eq!(values(&vault.active(&jwt).await.unwrap()), ["three", "two", "one"]);

    clock.advance(Duration::minutes(5));
    vault.retire(&jwt, &v1.id).await.unwrap();
    let history = vault.history(&jwt).await.unwrap();
    assert_eq!(history.len(), 3, "a retired version stays in history");
    assert_eq!(history[2].state, VersionState::Retired);
    assert_eq!(history[2].retired_at, Some(clock.now()));
    assert_eq!(history[1].retired_at, None);
    assert_eq!(values(&vault.active(&jwt).await.unwrap()), ["three", "two"]);
    {
        // Disabled and tagged; Key Vault keeps the value (documented), but no longer serves it.
        let mut store = fixture.stand_in.store();
        let stored = store.version_mut("jwt-signing-key", v1.id.as_str());
        assert!(!stored.enabled);
        assert_eq!(stored.tags.as_ref().unwrap()["backbone-state"], "retired");
        assert_eq!(stored.value, "one");
    }

    // Retiring again changes nothing and writes nothing; the current version and unknown versions are refused.
    clock.advance(Duration::minutes(5));
    let before = fixture.stand_in.store().requests.iter().filter(|r| r.method == Method::PATCH).count();
    vault.retire(&jwt, &v1.id).await.unwrap();
    let after = fixture.stand_in.store().requests.iter().filter(|r| r.method == Method::PATCH).count();
    assert_eq!(before, after);
    assert_eq!(vault.history(&jwt).await.unwrap()[2].retired_at, history[2].retired_at);
    assert!(matches!(vault.retire(&jwt, &v3.id).await, Err(VaultError::RetireCurrent { .. })));
    let unknown: VersionId = "0123".parse().unwrap();
    assert!(matches!(
        vault.retire(&jwt, &unknown).await,
        Err(VaultError::VersionNotFound { version, .. }) if version == unknown
    ));
    assert!(matches!(vault.retire(&name("missing"), &v1.id).await, Err(VaultError::NotFound(_))));

    let list = vault.list().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].name.clone(), list[0].current.id.clone(), list[0].versions), (jwt, v3.id, 3));
}

#[tokio::test]
async fn the_state_lives_in_tags() {
    let fixture = Fixture::start().await;
    let vault = fixture.vault();
    let s = name("smtp-password");
    let v1 = vault.put(&s, Secret::new("a"), "alice").await.unwrap();
    assert_eq!(
        fixture.tags("smtp-password", &v1.id),
        tags(&[("backbone-state", "current"), ("backbone-created-by", "alice"), ("backbone-sequence", "1")])
    );
    let v2 = vault.put(&s, Secret::new("b"), "rotation").await.unwrap();
    assert_eq!(
        fixture.tags("smtp-password", &v1.id),
        tags(&[("backbone-state", "previous"), ("backbone-created-by", "alice"), ("backbone-sequence", "1")])
    );
    assert_eq!(fixture.tags("smtp-password", &v2.id)["backbone-sequence"], "2");
    fixture.clock.advance(Duration::seconds(90));
    vault.retire(&s, &v1.id).await.unwrap();
    assert_eq!(
        fixture.tags("smtp-password", &v1.id),
        tags(&[
            ("backbone-state", "retired"),
            ("backbone-created-by", "alice"),
            ("backbone-sequence", "1"),
            ("backbone-retired-at", "2025-06-15T15:08:10Z"),
        ])
    );
    // Someone enables the retired version again: it still reads as retired, and retiring disables it again.
    fixture.stand_in.store().version_mut("smtp-password", v1.id.as_str()).enabled = true;
    assert_eq!(vault.history(&s).await.unwrap()[1].state, VersionState::Retired);
    vault.retire(&s, &v1.id).await.unwrap();
    assert!(!fixture.stand_in.store().version_mut("smtp-password", v1.id.as_str()).enabled);
}

#[tokio::test]
async fn versions_put_in_the_same_second_keep_their_order_across_pages() {
    let fixture = Fixture::start().await;
    let vault = fixture.vault();
    let s = name("busy");
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(vault.put(&s, Secret::new(format!("v{i}")), "test").await.unwrap().id);
    }
    ids.reverse();
    let history = vault.history(&s).await.unwrap();
    assert_eq!(history.iter().map(|v| v.id.clone()).collect::<Vec<_>>(), ids);
    assert_eq!(history.iter().filter(|v| v.state == VersionState::Current).count(), 1);
    assert_eq!(history[0].state, VersionState::Current);
    assert_eq!(values(&vault.active(&s).await.unwrap()), ["v6", "v5", "v4", "v3", "v2", "v1", "v0"]);

    // Seven versions, two per page: the listing followed nextLink, and sent the api-version on every page.
    let store = fixture.stand_in.store();
    let pages: Vec<_> = store
        .requests
        .iter()
        .filter(|r| r.path == "/secrets/busy/versions" && r.authorization.is_some())
        .filter(|r| r.query.iter().any(|(k, _)| k == "$skiptoken"))
        .collect();
    assert!(!pages.is_empty());
    assert!(
        store.requests.iter().all(|r| r.query.contains(&("api-version".to_owned(), "2025-07-01".to_owned())))
    );
}

#[tokio::test]
async fn the_bearer_token_reaches_the_service_and_no_value_goes_unauthenticated() {
    let fixture = Fixture::start().await;
    let vault = fixture.vault();
    vault.put(&name("db-password"), Secret::new("correct-horse"), "test").await.unwrap();
    vault.put(&name("db-password"), Secret::new("battery-staple"), "test").await.unwrap();

    let store = fixture.stand_in.store();
    let (first, rest) = store.requests.split_first().unwrap();
    // One challenge round, without a token and without a body (the SDK holds bodies back until it has a
    // token); every other request carries the test credential's token.
    assert_eq!(first.authorization, None);
    assert!(first.body.is_empty(), "{:?}", String::from_utf8_lossy(&first.body));
    for request in rest {
        assert_eq!(request.authorization.as_deref(), Some("Bearer test-token-3b9f2c"), "{request:?}");
    }
    let puts: Vec<_> = store.requests.iter().filter(|r| r.method == Method::PUT).collect();
    assert_eq!(puts.len(), 2);
    assert!(puts.iter().all(|r| r.authorization.is_some()));
    let body: serde_json::Value = serde_json::from_slice(&puts[0].body).unwrap();
    assert_eq!(body["value"], "correct-horse");
    drop(store);
    // The scope comes from the challenge's resource.
    let scopes = fixture.credential.scopes.lock().unwrap().clone();
    assert!(!scopes.is_empty());
    assert!(scopes.iter().all(|scope| scope == "https://vault.azure.net/.default"), "{scopes:?}");
}

#[tokio::test]
async fn a_wrong_token_is_an_error() {
    #[derive(Debug)]
    struct WrongCredential;

    #[async_trait::async_trait]
    impl TokenCredential for WrongCredential {
        async fn get_token(
            &self,
            _scopes: &[&str],
            _options: Option<TokenRequestOptions<'_>>,
        ) -> azure_core::Result<AccessToken> {
            Ok(AccessToken::new("wrong", OffsetDateTime::from(SystemTime::now()) + Duration::hours(1)))
        }
    }

    let fixture = Fixture::start().await;
    let vault = AzureKeyVault::with_client_options(
        &fixture.config(""),
        Arc::new(WrongCredential),
        fixture.clock.clone(),
        fixture.stand_in.client_options(),
    )
    .unwrap();
    let error = vault.put(&name("s"), Secret::new("hunter2"), "test").await.unwrap_err();
    assert!(matches!(error, VaultError::Backend(_)), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("HTTP 401 Unauthorized"), "{message}");
    assert!(!message.contains("hunter2"), "{message}");
}

#[tokio::test]
async fn missing_secrets_are_not_found() {
    for missing_versions_is_404 in [false, true] {
        let fixture = Fixture::start().await;
        fixture.stand_in.store().missing_versions_is_404 = missing_versions_is_404;
        let vault = fixture.vault();
        let missing = name("missing");
        assert!(matches!(vault.current(&missing).await, Err(VaultError::NotFound(n)) if n == missing));
        assert!(matches!(vault.active(&missing).await, Err(VaultError::NotFound(_))));
        assert!(matches!(vault.history(&missing).await, Err(VaultError::NotFound(_))));
        let version: VersionId = "00".parse().unwrap();
        assert!(matches!(vault.retire(&missing, &version).await, Err(VaultError::NotFound(_))));
        // And put creates it.
        vault.put(&missing, Secret::new("now here"), "test").await.unwrap();
        assert_eq!(vault.current(&missing).await.unwrap().value.expose(), "now here");
    }
}

#[tokio::test]
async fn a_version_gone_between_listing_and_reading_is_version_not_found() {
    let fixture = Fixture::start().await;
    let vault = fixture.vault();
    let s = name("s");
    let v1 = vault.put(&s, Secret::new("value"), "test").await.unwrap();
    fixture.stand_in.store().unreadable.insert(v1.id.to_string());
    let error = vault.current(&s).await.unwrap_err();
    assert!(matches!(&error, VaultError::VersionNotFound { version, .. } if *version == v1.id), "{error:?}");
    assert!(matches!(vault.active(&s).await, Err(VaultError::VersionNotFound { .. })));
    // Metadata stays readable.
    assert_eq!(vault.history(&s).await.unwrap().len(), 1);
}

#[tokio::test]
async fn versions_from_outside_the_backbone() {
    let fixture = Fixture::start().await;
    let vault = fixture.vault();
    let legacy = name("legacy");
    let old = fixture.stand_in.add_foreign_version("legacy", "portal-1", false);
    fixture.clock.advance(Duration::minutes(1));
    let newer = fixture.stand_in.add_foreign_version("legacy", "portal-2", false);

    // Untagged: the newest enabled version is current.
    let history = vault.history(&legacy).await.unwrap();
    let states: Vec<_> = history.iter().map(|v| (v.id.as_str(), v.state, v.created_by.as_str())).collect();
    assert_eq!(
        states,
        [(newer.as_str(), VersionState::Current, ""), (old.as_str(), VersionState::Previous, "")]
    );
    assert_eq!(vault.current(&legacy).await.unwrap().value.expose(), "portal-2");

    // A backbone put takes over; the untagged versions stay previous.
    fixture.clock.advance(Duration::minutes(1));
    let mine = vault.put(&legacy, Secret::new("mine"), "rotation").await.unwrap();
    let states: Vec<_> = vault.history(&legacy).await.unwrap().iter().map(|v| v.state).collect();
    assert_eq!(states, [VersionState::Current, VersionState::Previous, VersionState::Previous]);
    // A version set in the portal afterwards is previous: only the backbone makes versions current.
    fixture.clock.advance(Duration::minutes(1));
    let later = fixture.stand_in.add_foreign_version("legacy", "portal-3", false);
    let history = vault.history(&legacy).await.unwrap();
    assert_eq!((history[0].id.as_str(), history[0].state), (later.as_str(), VersionState::Previous));
    assert_eq!(vault.current(&legacy).await.unwrap().info.id, mine.id);

    // Disabled out of band: reads as retired, and is not read.
    fixture.stand_in.store().version_mut("legacy", &old).enabled = false;
    let history = vault.history(&legacy).await.unwrap();
    assert_eq!(history[3].state, VersionState::Retired);
    assert!(history[3].retired_at.is_some());
    assert_eq!(values(&vault.active(&legacy).await.unwrap()), ["portal-3", "mine", "portal-2"]);
}

#[tokio::test]
async fn an_interrupted_put_leaves_the_newest_current() {
    let fixture = Fixture::start().await;
    let vault = fixture.vault();
    let s = name("s");
    let v1 = vault.put(&s, Secret::new("one"), "test").await.unwrap();
    let v2 = vault.put(&s, Secret::new("two"), "test").await.unwrap();
    // As if the put of v2 had stopped before re-tagging v1.
    fixture
        .stand_in
        .store()
        .version_mut("s", v1.id.as_str())
        .tags
        .as_mut()
        .unwrap()
        .insert("backbone-state".to_owned(), "current".to_owned());

    let history = vault.history(&s).await.unwrap();
    assert_eq!(
        history.iter().map(|v| v.state).collect::<Vec<_>>(),
        [VersionState::Current, VersionState::Previous]
    );
    assert_eq!(vault.current(&s).await.unwrap().info.id, v2.id);
    assert!(matches!(vault.retire(&s, &v1.id).await, Ok(())), "v1 reads as previous");

    // The next put re-tags every version tagged current.
    let v3 = vault.put(&s, Secret::new("three"), "test").await.unwrap();
    assert_eq!(fixture.tags("s", &v2.id)["backbone-state"], "previous");
    assert_eq!(fixture.tags("s", &v3.id)["backbone-state"], "current");
}

#[tokio::test]
async fn list_is_sorted_filtered_by_prefix_and_paged() {
    let fixture = Fixture::start().await;
    let prod = fixture.vault_with_prefix("prod-");
    for secret in ["b", "a", "c-1", "d", "e"] {
        prod.put(&name(secret), Secret::new("x"), "test").await.unwrap();
    }
    fixture.vault_with_prefix("test-").put(&name("a"), Secret::new("y"), "test").await.unwrap();
    fixture.stand_in.add_foreign_version("prod-Upper_case", "x", false);
    fixture.stand_in.add_foreign_version("prod-certificate", "x", true);
    fixture.stand_in.add_foreign_version("prod-disabled", "x", false);
    let disabled = fixture.stand_in.store().secrets["prod-disabled"][0].version.clone();
    fixture.stand_in.store().version_mut("prod-disabled", &disabled).enabled = false;

    let names: Vec<_> = prod.list().await.unwrap().into_iter().map(|s| s.name.to_string()).collect();
    assert_eq!(names, ["a", "b", "c-1", "d", "e"]);
    assert!(fixture.stand_in.store().secrets.contains_key("prod-c-1"));
    assert_eq!(prod.current(&name("a")).await.unwrap().value.expose(), "x");
    assert_eq!(fixture.vault_with_prefix("test-").current(&name("a")).await.unwrap().value.expose(), "y");

    let all: Vec<_> = fixture.vault().list().await.unwrap().into_iter().map(|s| s.name.to_string()).collect();
    assert_eq!(all, ["prod-a", "prod-b", "prod-c-1", "prod-d", "prod-e", "test-a"]);
}

#[tokio::test]
async fn concurrent_puts_lose_nothing() {
    let fixture = Fixture::start().await;
    let vault: Arc<dyn SecretStore> = Arc::new(fixture.vault());
    let s = name("busy");
    let mut tasks = Vec::new();
    for i in 0..10 {
        let (vault, s) = (vault.clone(), s.clone());
        tasks.push(tokio::spawn(async move { vault.put(&s, Secret::new(format!("v{i}")), "test").await }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let history = vault.history(&s).await.unwrap();
    assert_eq!(history.len(), 10);
    assert_eq!(history.iter().filter(|v| v.state == VersionState::Current).count(), 1);
    assert_eq!(vault.active(&s).await.unwrap().len(), 10);
    let tagged_current = fixture.stand_in.store().secrets["busy"]
        .iter()
        .filter(|v| v.tags.as_ref().unwrap()["backbone-state"] == "current")
        .count();
    assert_eq!(tagged_current, 1);
}

#[tokio::test]
async fn limits_are_checked_before_anything_is_sent() {
    let fixture = Fixture::start().await;
    let vault = fixture.vault_with_prefix("landscape-");
    let long = name(&"x".repeat(120));
    let requests = fixture.request_count();
    let error = vault.put(&long, Secret::new("v"), "test").await.unwrap_err();
    assert!(matches!(error, VaultError::InvalidName(_)), "{error:?}");
    assert!(matches!(vault.current(&long).await, Err(VaultError::InvalidName(_))));
    let error = vault.put(&name("s"), Secret::new("v"), &"a".repeat(257)).await.unwrap_err();
    assert!(error.to_string().contains("256 characters"), "{error}");
    assert_eq!(fixture.request_count(), requests);
    vault.put(&name("s"), Secret::new("v"), &"a".repeat(256)).await.unwrap();
}

#[tokio::test]
async fn debug_shows_the_url_only_and_no_value() {
    let fixture = Fixture::start().await;
    let vault = fixture.vault();
    vault.put(&name("s"), Secret::new("hunter2"), "test").await.unwrap();
    assert_eq!(
        format!("{vault:?}"),
        format!("AzureKeyVault {{ vault_url: {:?}, .. }}", fixture.stand_in.url)
    );
    let debug =
        format!("{:?} {:?}", vault.current(&name("s")).await.unwrap(), vault.active(&name("s")).await);
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
}

#[test]
fn the_configuration_parses_with_defaults_and_refuses_unknown_fields() {
    let config: AzureVaultConfig =
        serde_json::from_value(json!({"vault_url": "https://example.vault.azure.net/"})).unwrap();
    assert_eq!(
        config,
        AzureVaultConfig {
            vault_url: "https://example.vault.azure.net/".to_owned(),
            name_prefix: String::new(),
            credential: AzureCredentialKind::Auto,
            client_id: None,
            keys: BTreeMap::new(),
        }
    );
    let config: AzureVaultConfig = serde_json::from_value(json!({
        "vault_url": "https://example.vault.azure.net/",
        "name_prefix": "prod-",
        "credential": "developer_tools",
        "client_id": "00000000-0000-0000-0000-000000000002",
    }))
    .unwrap();
    assert_eq!(config.credential, AzureCredentialKind::DeveloperTools);
    assert!(serde_json::from_value::<AzureVaultConfig>(json!({"vault_url": "x", "vault": "y"})).is_err());
    assert!(serde_json::from_value::<AzureVaultConfig>(json!({"name_prefix": "p-"})).is_err());

    let schema = serde_json::to_value(schemars::schema_for!(AzureVaultConfig)).unwrap();
    assert_eq!(schema["required"], json!(["vault_url"]));
    assert_eq!(schema["additionalProperties"], json!(false));
}

#[tokio::test]
async fn invalid_configurations_are_refused() {
    let clock: Arc<dyn Clock> =
        Arc::new(TestClock(Mutex::new(OffsetDateTime::from_unix_timestamp(1_750_000_000).unwrap())));
    let credential: Arc<dyn TokenCredential> = Arc::new(TestCredential::default());
    let config = |url: &str, prefix: &str| AzureVaultConfig {
        vault_url: url.to_owned(),
        name_prefix: prefix.to_owned(),
        credential: AzureCredentialKind::Auto,
        client_id: None,
        keys: BTreeMap::new(),
    };
    for (url, prefix) in [
        ("not a url", ""),
        ("http://example.vault.azure.net/", ""),
        ("https://example.vault.azure.net/", "Prod_"),
        ("https://example.vault.azure.net/", &"p".repeat(127)),
    ] {
        let result = AzureKeyVault::new(&config(url, prefix), credential.clone(), clock.clone());
        let error = result.unwrap_err();
        assert!(matches!(error, VaultError::Backend(_)), "{error:?}");
        assert!(error.to_string().contains("configuration"), "{error}");
    }
    let vault = AzureKeyVault::new(&config("https://example.vault.azure.net/", "prod-"), credential, clock);
    assert_eq!(vault.unwrap().vault_url(), "https://example.vault.azure.net/");

    // The developer-tools credential is built without contacting anything.
    let developer = AzureVaultConfig {
        credential: AzureCredentialKind::DeveloperTools,
        ..config("https://example.vault.azure.net/", "")
    };
    developer.token_credential().unwrap();
}

/// Verifies an ES256 signature (`r‖s`) of `message` with a held key's public key, as a JWS verifier does.
fn verifies(public: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
    use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};
    use base64::Engine as _;
    let decode = |c: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(c).unwrap();
    let point = [vec![4], decode(&public.x), decode(&public.y)].concat();
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point).verify(message, signature).is_ok()
}

fn sha256(message: &[u8]) -> [u8; 32] {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, message).as_ref().try_into().unwrap()
}

#[tokio::test]
async fn a_held_key_is_made_and_used_by_key_vault_and_rotates_like_a_secret() {
    let fixture = Fixture::start().await;
    let (vault, clock) = (fixture.vault_holding("prod-", AzureKeyType::EcHsm), &fixture.clock);
    let key = name("signing-key");
    assert!(vault.holds_key(&key) && !vault.holds_key(&name("client-secret-app")));
    assert!(matches!(vault.current(&key).await, Err(VaultError::NotFound(_))));
    assert!(matches!(
        vault.put(&key, Secret::new("a private key"), "alice").await,
        Err(VaultError::HeldKey(_))
    ));
    assert!(matches!(vault.put_key(&name("other"), "alice").await, Err(VaultError::NotAKey(_))));
    assert!(fixture.stand_in.store().keys.is_empty() && fixture.stand_in.store().secrets.is_empty());

    let v1 = vault.put_key(&key, "landscape").await.unwrap();
    clock.advance(Duration::hours(1));
    let v2 = vault.put_key(&key, "alice").await.unwrap();
    let history = vault.history(&key).await.unwrap();
    let states: Vec<_> = history.iter().map(|v| (v.id.clone(), v.state, v.created_by.as_str())).collect();
    assert_eq!(
        states,
        [
            (v2.id.clone(), VersionState::Current, "alice"),
            (v1.id.clone(), VersionState::Previous, "landscape")
        ]
    );
    {
        let store = fixture.stand_in.store();
        let stored = &store.keys["prod-signing-key"];
        assert_eq!(stored.iter().map(|k| k.kty.as_str()).collect::<Vec<_>>(), ["EC-HSM", "EC-HSM"]);
        let create =
            store.requests.iter().find(|r| r.path.ends_with("/create") && r.authorization.is_some()).unwrap();
        let body: serde_json::Value = serde_json::from_slice(&create.body).unwrap();
        assert_eq!(
            (&body["kty"], &body["crv"], &body["key_ops"]),
            (&json!("EC-HSM"), &json!("P-256"), &json!(["sign", "verify"]))
        );
    }

    // Each version reads as its public key, and signs what verifies with it, never with another version.
    let active = vault.active(&key).await.unwrap();
    let publics: Vec<PublicKey> = active.iter().map(|v| PublicKey::parse(&v.value).unwrap()).collect();
    assert_eq!(active.iter().map(|v| v.info.id.clone()).collect::<Vec<_>>(), [v2.id.clone(), v1.id.clone()]);
    assert_ne!(publics[0], publics[1]);
    let message = b"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0";
    for (version, public) in [(&v2.id, &publics[0]), (&v1.id, &publics[1])] {
        let signature = vault.sign(&key, version, &sha256(message)).await.unwrap();
        assert_eq!(signature.len(), 64);
        assert!(verifies(public, message, &signature));
    }
    let signature = vault.sign(&key, &v2.id, &sha256(message)).await.unwrap();
    assert!(!verifies(&publics[1], message, &signature));
    let sign =
        fixture.stand_in.store().requests.iter().rev().find(|r| r.path.ends_with("/sign")).cloned().unwrap();
    assert_eq!(sign.path, format!("/keys/prod-signing-key/{}/sign", v2.id));
    let body: serde_json::Value = serde_json::from_slice(&sign.body).unwrap();
    assert_eq!(body["alg"], "ES256");

    // A version's public key is fetched once.
    let gets = || {
        fixture
            .stand_in
            .store()
            .requests
            .iter()
            .filter(|r| r.method == Method::GET && !r.path.ends_with("/versions"))
            .count()
    };
    let before = gets();
    vault.active(&key).await.unwrap();
    vault.current(&key).await.unwrap();
    assert_eq!(gets(), before);

    // Retired: disabled in Key Vault, so it signs no more.
    vault.retire(&key, &v1.id).await.unwrap();
    assert_eq!(vault.history(&key).await.unwrap()[1].state, VersionState::Retired);
    assert!(
        !fixture.stand_in.store().keys["prod-signing-key"]
            .iter()
            .find(|k| k.version == v1.id.as_str())
            .unwrap()
            .enabled
    );
    let refused = vault.sign(&key, &v1.id, &sha256(message)).await.unwrap_err();
    assert!(refused.to_string().contains("403"), "{refused}");
    assert_eq!(vault.active(&key).await.unwrap().len(), 1);

    // Listed among the secrets, with plain secrets beside it.
    vault.put(&name("client-secret-app"), Secret::new("s"), "alice").await.unwrap();
    let list = vault.list().await.unwrap();
    let names: Vec<_> = list.iter().map(|s| (s.name.to_string(), s.versions)).collect();
    assert_eq!(names, [("client-secret-app".to_owned(), 1), ("signing-key".to_owned(), 2)]);
    assert!(matches!(
        vault.sign(&name("client-secret-app"), &v2.id, &[0; 32]).await,
        Err(VaultError::NotAKey(_))
    ));
}

#[tokio::test]
async fn a_software_key_and_the_configuration_of_held_keys() {
    let fixture = Fixture::start().await;
    let vault = fixture.vault_holding("", AzureKeyType::Ec);
    vault.put_key(&name("signing-key"), "alice").await.unwrap();
    assert_eq!(fixture.stand_in.store().keys["signing-key"][0].kty, "EC");

    let config: AzureVaultConfig = serde_json::from_value(json!({
        "vault_url": "https://example.vault.azure.net/",
        "keys": {"access-token-signing-key": "EC-HSM"},
    }))
    .unwrap();
    assert_eq!(config.keys["access-token-signing-key"], AzureKeyType::EcHsm);
    assert!(
        serde_json::from_value::<AzureVaultConfig>(json!({"vault_url": "x", "keys": {"k": "RSA"}})).is_err()
    );
    let invalid = AzureVaultConfig {
        keys: BTreeMap::from([("Not_A_Name".to_owned(), AzureKeyType::Ec)]),
        ..fixture.config("")
    };
    let clock: Arc<dyn Clock> = fixture.clock.clone();
    assert!(matches!(
        AzureKeyVault::new(&invalid, fixture.credential.clone(), clock),
        Err(VaultError::InvalidName(_))
    ));
}
