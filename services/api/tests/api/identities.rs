//! Spec §4 and §5.3: creating identities, and every way the request can be wrong.

use backbone_api::OAuthClientConfig;
use backbone_domain::entities::Challenge;
use backbone_domain::id::ChallengeId;
use backbone_domain::password::PasswordPolicy;
use backbone_domain::{IdentityAddress, Secret};
use ed25519_dalek::SigningKey;
use reqwest::Method;
use serde_json::{Value, json};
use time::Duration;

use crate::harness::*;

/// A valid creation request for `key`, to be spoiled by each test.
async fn request(server: &TestServer, key: &SigningKey) -> Value {
    json!({
        "clientId": CLIENT_ID,
        "clientSecret": CLIENT_SECRET,
        "identityPublicKey": public_key_envelope(key),
        "devicePassword": PASSWORD,
        "identityVersion": 1,
        "signedChallenge": server.signed_challenge(key, None).await,
    })
}

async fn post(server: &TestServer, body: &Value) -> reqwest::Response {
    server.request(Method::POST, "/api/v2/Identities").json(body).send().await.unwrap()
}

fn key() -> SigningKey {
    SigningKey::from_bytes(&rand::random())
}

#[tokio::test]
async fn creates_an_identity_with_the_derived_address_and_a_first_device() {
    let server = TestServer::start().await;
    let key = key();
    let created = assert_result(server.create_identity_with(&key).await, 201).await;
    let expected = IdentityAddress::derive("localhost", key.verifying_key().as_bytes());
    assert_eq!(created["address"], expected.as_str());
    assert!(created["device"]["id"].as_str().unwrap().starts_with("DVC"));
    assert!(created["device"]["username"].as_str().unwrap().starts_with("USR"));

    let token = server.token(created["device"]["username"].as_str().unwrap(), PASSWORD).await;
    let identity = assert_result(
        server.authed(Method::GET, "/api/v2/Identities/Self", &token).send().await.unwrap(),
        200,
    )
    .await;
    assert_eq!(identity["address"], expected.as_str());
    assert_eq!(identity["identityVersion"], 1);
    assert_eq!(identity["status"], "Active");
    assert!(identity["tierId"].as_str().unwrap().starts_with("TIR"));
    assert_eq!(identity["deletionGracePeriodEndsAt"], Value::Null);
}

#[tokio::test]
async fn accepts_pascal_case_properties_and_standard_base64() {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    let server = TestServer::start().await;
    let key = key();
    let body = request(&server, &key).await;
    let signed = &body["signedChallenge"];
    let standard = |text: &Value| STANDARD.encode(URL_SAFE_NO_PAD.decode(text.as_str().unwrap()).unwrap());
    let pascal = json!({
        "ClientId": CLIENT_ID,
        "ClientSecret": CLIENT_SECRET,
        "IdentityPublicKey": standard(&body["identityPublicKey"]),
        "DevicePassword": PASSWORD,
        "IdentityVersion": 1,
        "SignedChallenge": {"Challenge": signed["challenge"], "Signature": standard(&signed["signature"])},
    });
    assert_result(post(&server, &pascal).await, 201).await;
}

#[tokio::test]
async fn wrong_client_credentials_are_unauthorized() {
    let server = TestServer::start().await;
    let key = key();
    for (field, value) in [("clientSecret", "wrong"), ("clientId", "unknown")] {
        let mut body = request(&server, &key).await;
        body[field] = json!(value);
        assert_error(post(&server, &body).await, 400, "error.platform.unauthorized").await;
    }
}

#[tokio::test]
async fn signatures_are_verified_against_the_sent_key() {
    let server = TestServer::start().await;
    let mut body = request(&server, &key()).await;
    body["identityPublicKey"] = json!(public_key_envelope(&key()));
    assert_error(post(&server, &body).await, 400, "error.platform.validation.device.invalidSignature").await;

    let mut body = request(&server, &key()).await;
    body["signedChallenge"]["signature"] = json!("AAAA");
    assert_error(post(&server, &body).await, 400, "error.platform.validation.device.invalidSignature").await;
}

#[tokio::test]
async fn challenges_must_exist_and_be_unexpired() {
    let server = TestServer::start().await;
    let key = key();
    let unknown = r#"{"id":"CHLthisisnonexisting","expiresAt":"2030-01-01T00:00:00.000Z"}"#;
    let mut body = request(&server, &key).await;
    body["signedChallenge"] = sign_challenge(&key, unknown);
    assert_error(post(&server, &body).await, 404, "error.platform.recordNotFound").await;

    let expired = Challenge {
        id: ChallengeId::generate(&mut rand::rng()),
        expires_at: server.clock_now() - Duration::seconds(1),
        created_by: None,
        created_by_device: None,
    };
    backbone_store::challenges::insert(&mut server.db.conn().await.unwrap(), &expired).await.unwrap();
    let challenge = json!({"id": expired.id.as_str(), "expiresAt": "2030-01-01T00:00:00.000Z"}).to_string();
    body["signedChallenge"] = sign_challenge(&key, &challenge);
    assert_error(post(&server, &body).await, 400, "error.platform.validation.device.challengeHasExpired")
        .await;

    for malformed in ["not json", r#"{"id":"CHLthisisnonexisting"}"#, r#"{"id":"XYZ","expiresAt":"x"}"#] {
        body["signedChallenge"] = sign_challenge(&key, malformed);
        assert_error(post(&server, &body).await, 400, "error.platform.validation.invalidPropertyValue").await;
    }
}

#[tokio::test]
async fn malformed_keys_and_empty_fields_are_invalid() {
    let server = TestServer::start().await;
    let key = key();
    let cases = [
        ("identityPublicKey", json!("eyJwdWIiOiJBQUFBIiwiYWxnIjozfQ")),
        ("identityPublicKey", json!("")),
        ("devicePassword", json!("")),
    ];
    for (field, value) in cases {
        let mut body = request(&server, &key).await;
        body[field] = value;
        assert_error(post(&server, &body).await, 400, "error.platform.validation.invalidPropertyValue").await;
    }
    let mut body = request(&server, &key).await;
    body["signedChallenge"]["challenge"] = json!("");
    assert_error(post(&server, &body).await, 400, "error.platform.validation.invalidPropertyValue").await;
}

#[tokio::test]
async fn an_address_exists_only_once() {
    let server = TestServer::start().await;
    let key = key();
    assert_result(server.create_identity_with(&key).await, 201).await;
    assert_error(
        server.create_identity_with(&key).await,
        400,
        "error.platform.validation.device.addressAlreadyExists",
    )
    .await;
}

#[tokio::test]
async fn the_communication_language_is_validated() {
    let server = TestServer::start().await;
    let key = key();
    let mut body = request(&server, &key).await;
    body["deviceCommunicationLanguage"] = json!("xx");
    assert_error(
        post(&server, &body).await,
        400,
        "error.platform.validation.invalidDeviceCommunicationLanguage",
    )
    .await;
    body["deviceCommunicationLanguage"] = json!("de");
    assert_result(post(&server, &body).await, 201).await;
}

#[tokio::test]
async fn the_production_password_policy_applies() {
    let mut config = dev_config();
    config.password_policy = PasswordPolicy::Production;
    let server = TestServer::start_with(config).await;
    let key = key();
    let body = request(&server, &key).await;
    assert_error(post(&server, &body).await, 400, "error.platform.validation.device.registrationFailed")
        .await;
    let mut body = request(&server, &key).await;
    body["devicePassword"] = json!("A-Strong-Passw0rd");
    assert_result(post(&server, &body).await, 201).await;
}

#[tokio::test]
async fn clients_can_be_limited_in_identities() {
    let mut config = dev_config();
    config.clients.push(OAuthClientConfig {
        client_id: "limited".into(),
        client_secret: Secret::new("limited-secret"),
        display_name: None,
        default_tier: "Basic".into(),
        max_identities: Some(1),
    });
    let server = TestServer::start_with(config).await;
    for (expected, key) in [(201, key()), (400, key())] {
        let mut body = request(&server, &key).await;
        body["clientId"] = json!("limited");
        body["clientSecret"] = json!("limited-secret");
        let response = post(&server, &body).await;
        if expected == 201 {
            assert_result(response, 201).await;
        } else {
            assert_error(response, 400, "error.platform.validation.device.clientReachedIdentitiesLimit")
                .await;
        }
    }
}

#[tokio::test]
async fn is_deleted_answers_anonymously() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let get =
        |query: String| server.request(Method::GET, &format!("/api/v2/Identities/IsDeleted{query}")).send();
    let result = assert_result(get(format!("?username={}", identity.username)).await.unwrap(), 200).await;
    assert_eq!(result, json!({"isDeleted": false, "deletionDate": null}));
    let result = assert_result(get("?username=USRthisisnonexisting".into()).await.unwrap(), 200).await;
    assert_eq!(result, json!({"isDeleted": false, "deletionDate": null}));
    assert_error(
        get("?username=DVCnotausername".into()).await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
    assert_error(get(String::new()).await.unwrap(), 400, "error.platform.inputCannotBeParsed").await;
}
