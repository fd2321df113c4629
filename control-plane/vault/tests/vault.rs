//! The local vault against a real directory: rotation semantics, encryption at rest, key handling.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use backbone_domain::{Clock, Secret};
use backbone_vault::{
    LocalVault, MasterKey, SecretName, SecretStore, SecretVersion, VaultError, VersionId, VersionState,
};
use serde_json::Value;
use time::{Duration, OffsetDateTime};

/// A clock that moves only when told.
struct TestClock(Mutex<OffsetDateTime>);

impl TestClock {
    fn new() -> Arc<Self> {
        Arc::new(Self(Mutex::new(OffsetDateTime::from_unix_timestamp(1_750_000_000).unwrap())))
    }

    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap()
    }
}

fn key() -> MasterKey {
    MasterKey::from_bytes([7; 32])
}

fn name(name: &str) -> SecretName {
    name.parse().unwrap()
}

fn open(dir: &Path) -> LocalVault {
    LocalVault::open(dir, key(), TestClock::new()).unwrap()
}

fn secret_file(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.json"))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn write_json(path: &Path, value: &Value) {
    std::fs::write(path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
}

fn values(versions: &[SecretVersion]) -> Vec<&str> {
    versions.iter().map(|version| version.value.expose()).collect()
}

/// Every file in the directory, with its content.
fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| {
            let content = std::fs::read(&path).unwrap();
            (path, content)
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[tokio::test]
async fn put_rotates_and_retire_erases() {
    let temp = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let vault = LocalVault::open(temp.path(), key(), clock.clone()).unwrap();
    let jwt = name("jwt-signing-key");

    assert!(matches!(vault.current(&jwt).await, Err(VaultError::NotFound(n)) if n == jwt));
    assert!(vault.list().await.unwrap().is_empty());

    let v1 = vault.put(&jwt, Secret::new("one"), "alice").await.unwrap();
    clock.advance(Duration::hours(1));
    let v2 = vault.put(&jwt, Secret::new("two"), "rotation").await.unwrap();
    clock.advance(Duration::hours(1));
    let v3 = vault.put(&jwt, Secret::new("three"), "rotation").await.unwrap();
    assert_eq!(v3.state, VersionState::Current);
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
    assert_eq!(values(&vault.active(&jwt).await.unwrap()), ["three", "two", "one"]);

    let file = secret_file(temp.path(), "jwt-signing-key");
    let ciphertext_v1 = read_json(&file)["versions"][2]["sealed"]["ciphertext"].as_str().unwrap().to_owned();

    clock.advance(Duration::minutes(5));
    vault.retire(&jwt, &v1.id).await.unwrap();
    let history = vault.history(&jwt).await.unwrap();
    assert_eq!(history.len(), 3, "a retired version stays in history");
    assert_eq!(history[2].state, VersionState::Retired);
    assert_eq!(history[2].retired_at, Some(clock.now()));
    assert_eq!(values(&vault.active(&jwt).await.unwrap()), ["three", "two"]);
    let stored = read_json(&file);
    assert!(stored["versions"][2].get("sealed").is_none());
    assert!(!contains(&std::fs::read(&file).unwrap(), ciphertext_v1.as_bytes()));

    // Retiring again changes nothing; the current version and unknown versions are refused.
    clock.advance(Duration::minutes(5));
    vault.retire(&jwt, &v1.id).await.unwrap();
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
async fn history_serialises_for_the_api() {
    let temp = tempfile::tempdir().unwrap();
    let vault = open(temp.path());
    let info = vault.put(&name("smtp-password"), Secret::new("pw"), "alice").await.unwrap();
    let json = serde_json::to_value(&info).unwrap();
    assert_eq!(json["state"], "current");
    assert_eq!(json["created_at"], "2025-06-15T15:06:40Z");
    assert_eq!(json["retired_at"], Value::Null);
    assert_eq!(json["id"], info.id.to_string());
}

#[tokio::test]
async fn list_is_sorted_and_ignores_other_files() {
    let temp = tempfile::tempdir().unwrap();
    let vault = open(temp.path());
    for secret in ["b", "a", "c-1"] {
        vault.put(&name(secret), Secret::new("x"), "test").await.unwrap();
    }
    std::fs::write(temp.path().join("notes.txt"), "hello").unwrap();
    std::fs::write(temp.path().join("Upper.json"), "{}").unwrap();
    std::fs::write(temp.path().join("a.json.partial"), "{").unwrap();
    let names: Vec<_> = vault.list().await.unwrap().into_iter().map(|s| s.name.to_string()).collect();
    assert_eq!(names, ["a", "b", "c-1"]);
}

#[test]
fn names_are_validated() {
    for valid in ["a", "db-password", "0-9", &"x".repeat(127)] {
        assert_eq!(valid.parse::<SecretName>().unwrap().as_str(), valid);
    }
    for invalid in ["", "Upper", "under_score", "dot.json", "a/b", "../x", "ä", "a b", &"x".repeat(128)] {
        let error = invalid.parse::<SecretName>().unwrap_err();
        assert!(matches!(error, VaultError::InvalidName(_)), "{invalid:?}");
    }
    assert_eq!(
        "Db".parse::<SecretName>().unwrap_err().to_string(),
        "invalid secret name \"Db\": use 1 to 127 characters of a-z, 0-9 and '-'"
    );
    assert!(serde_json::from_str::<SecretName>("\"a/b\"").is_err());
    assert_eq!(serde_json::to_string(&name("ok")).unwrap(), "\"ok\"");
}

#[tokio::test]
async fn another_master_key_is_refused() {
    let temp = tempfile::tempdir().unwrap();
    open(temp.path()).put(&name("s"), Secret::new("value"), "test").await.unwrap();

    let error = LocalVault::open(temp.path(), MasterKey::from_bytes([8; 32]), TestClock::new()).unwrap_err();
    assert!(matches!(error, VaultError::MasterKey(_)), "{error:?}");
    assert!(error.to_string().contains("cannot be opened with this master key"), "{error}");

    // The right key still opens it.
    assert_eq!(open(temp.path()).current(&name("s")).await.unwrap().value.expose(), "value");
}

#[tokio::test]
async fn a_tampered_ciphertext_is_corrupt() {
    let temp = tempfile::tempdir().unwrap();
    let vault = open(temp.path());
    let s = name("s");
    vault.put(&s, Secret::new("value"), "test").await.unwrap();

    let file = secret_file(temp.path(), "s");
    let mut json = read_json(&file);
    let ciphertext = json["versions"][0]["sealed"]["ciphertext"].as_str().unwrap().to_owned();
    let flipped = if ciphertext.starts_with('A') { "B" } else { "A" };
    json["versions"][0]["sealed"]["ciphertext"] = Value::from(format!("{flipped}{}", &ciphertext[1..]));
    write_json(&file, &json);

    let error = vault.current(&s).await.unwrap_err();
    assert!(matches!(error, VaultError::Corrupt(_)), "{error:?}");
    assert!(matches!(vault.active(&s).await, Err(VaultError::Corrupt(_))));
    // Metadata stays readable.
    assert_eq!(vault.history(&s).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_ciphertext_moved_to_another_slot_is_corrupt() {
    let temp = tempfile::tempdir().unwrap();
    let vault = open(temp.path());
    let (a, b) = (name("a"), name("b"));
    vault.put(&a, Secret::new("a-old"), "test").await.unwrap();
    vault.put(&a, Secret::new("a-new"), "test").await.unwrap();
    vault.put(&b, Secret::new("b-value"), "test").await.unwrap();

    // The previous version's value into the current version's slot.
    let file_a = secret_file(temp.path(), "a");
    let mut json = read_json(&file_a);
    json["versions"][0]["sealed"] = json["versions"][1]["sealed"].clone();
    write_json(&file_a, &json);
    assert!(matches!(vault.current(&a).await, Err(VaultError::Corrupt(_))));

    // Another secret's value into this one.
    let file_b = secret_file(temp.path(), "b");
    let mut json_b = read_json(&file_b);
    json_b["versions"][0]["sealed"] = json["versions"][1]["sealed"].clone();
    write_json(&file_b, &json_b);
    assert!(matches!(vault.current(&b).await, Err(VaultError::Corrupt(_))));

    // A version id rewritten in the metadata.
    vault.put(&name("c"), Secret::new("c-value"), "test").await.unwrap();
    let file_c = secret_file(temp.path(), "c");
    let mut json_c = read_json(&file_c);
    json_c["versions"][0]["id"] = Value::from("ffffffffffffffffffffffffffffffff");
    write_json(&file_c, &json_c);
    assert!(matches!(vault.current(&name("c")).await, Err(VaultError::Corrupt(_))));
}

#[tokio::test]
async fn values_never_appear_in_the_files() {
    let temp = tempfile::tempdir().unwrap();
    let vault = open(temp.path());
    let values = ["correct-horse-battery-staple", "s3cr3t-p4ssw0rd-value"];
    for value in values {
        vault.put(&name("db-password"), Secret::new(value), "test").await.unwrap();
    }
    let files = all_files(temp.path());
    assert!(files.len() >= 2, "{files:?}");
    for (path, content) in files {
        for value in values {
            assert!(!contains(&content, value.as_bytes()), "{value} in {}", path.display());
        }
    }
}

#[cfg(unix)]
#[tokio::test]
async fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;

    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("landscape").join("vault");
    let vault = open(&dir);
    vault.put(&name("s"), Secret::new("v"), "test").await.unwrap();

    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&temp.path().join("landscape")), 0o700);
    for (path, _) in all_files(&dir) {
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
    assert_eq!(mode(&secret_file(&dir, "s")), 0o600);
    assert_eq!(mode(&dir.join(".key-check")), 0o600);

    let key_file = temp.path().join("keys").join("vault.key");
    MasterKey::from_env_or_file("BACKBONE_VAULT_TEST_UNSET_VARIABLE", &key_file).unwrap();
    assert_eq!(mode(&key_file), 0o600);
    assert_eq!(mode(key_file.parent().unwrap()), 0o700);
}

#[tokio::test]
async fn debug_shows_no_value() {
    let temp = tempfile::tempdir().unwrap();
    let vault = open(temp.path());
    vault.put(&name("s"), Secret::new("hunter2"), "test").await.unwrap();
    let version = vault.current(&name("s")).await.unwrap();
    let debug = format!("{version:?} {:?}", vault.active(&name("s")).await.unwrap());
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");

    let key = MasterKey::from_bytes([0xab; 32]);
    let debug = format!("{key:?}");
    assert_eq!(debug, "MasterKey(<redacted>)");
}

#[tokio::test]
async fn two_instances_see_each_others_writes() {
    let temp = tempfile::tempdir().unwrap();
    let (first, second) = (open(temp.path()), open(temp.path()));
    let s = name("shared");

    first.put(&s, Secret::new("from-first"), "first").await.unwrap();
    assert_eq!(second.current(&s).await.unwrap().value.expose(), "from-first");
    let v2 = second.put(&s, Secret::new("from-second"), "second").await.unwrap();
    assert_eq!(first.current(&s).await.unwrap().value.expose(), "from-second");
    assert_eq!(first.history(&s).await.unwrap().len(), 2);

    first.retire(&s, &first.history(&s).await.unwrap()[1].id).await.unwrap();
    assert_eq!(values(&second.active(&s).await.unwrap()), ["from-second"]);
    assert_eq!(second.list().await.unwrap()[0].current.id, v2.id);
}

#[tokio::test]
async fn concurrent_puts_lose_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let stores: Vec<Arc<dyn SecretStore>> = vec![Arc::new(open(temp.path())), Arc::new(open(temp.path()))];
    let s = name("busy");
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (store, s) = (stores[i % 2].clone(), s.clone());
        tasks.push(tokio::spawn(async move { store.put(&s, Secret::new(format!("v{i}")), "test").await }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let history = stores[0].history(&s).await.unwrap();
    assert_eq!(history.len(), 20);
    assert_eq!(history.iter().filter(|v| v.state == VersionState::Current).count(), 1);
    assert_eq!(stores[1].active(&s).await.unwrap().len(), 20);
}

#[tokio::test]
async fn a_generated_key_file_is_reused() {
    let temp = tempfile::tempdir().unwrap();
    let key_file = temp.path().join("vault.key");
    let var = "BACKBONE_VAULT_TEST_UNSET_VARIABLE";
    let first = MasterKey::from_env_or_file(var, &key_file).unwrap();
    let text = std::fs::read_to_string(&key_file).unwrap();
    assert_eq!(text.trim_end().len(), 43);

    let dir = temp.path().join("vault");
    let vault = LocalVault::open(&dir, first, TestClock::new()).unwrap();
    vault.put(&name("s"), Secret::new("v"), "test").await.unwrap();
    let second = MasterKey::from_env_or_file(var, &key_file).unwrap();
    let reopened = LocalVault::open(&dir, second, TestClock::new()).unwrap();
    assert_eq!(reopened.current(&name("s")).await.unwrap().value.expose(), "v");
}

#[test]
fn a_malformed_key_is_refused_without_showing_it() {
    let temp = tempfile::tempdir().unwrap();
    let key_file = temp.path().join("vault.key");
    let var = "BACKBONE_VAULT_TEST_UNSET_VARIABLE";
    for content in ["not*base64url*at*all*but*long*enough*to*see", "c2hvcnQta2V5", ""] {
        std::fs::write(&key_file, content).unwrap();
        let error = MasterKey::from_env_or_file(var, &key_file).unwrap_err();
        assert!(matches!(error, VaultError::MasterKey(_)), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("expected 32 bytes as base64url"), "{message}");
        assert!(content.is_empty() || !message.contains(content), "{message}");
    }

    // A variable that is set takes precedence over the file, and its value is not shown either.
    if let Some(path) = std::env::var("PATH").ok().filter(|path| path.len() > 3) {
        let error = MasterKey::from_env_or_file("PATH", &key_file).unwrap_err();
        assert!(error.to_string().contains("environment variable PATH"), "{error}");
        assert!(!error.to_string().contains(&path), "{error}");
    }
}
