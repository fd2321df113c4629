//! Test support shared by the test suites of several crates: what the official client does to
//! onboard an identity, in the shapes it sends. Tests only; failures panic with the response.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "test support fails loudly")]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};

/// The identity public key envelope the client sends (`CryptoSignaturePublicKey`, base64url JSON).
pub fn public_key_envelope(key: &SigningKey) -> String {
    let envelope = json!({"pub": URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes()), "alg": 3, "@type": "CryptoSignaturePublicKey"});
    URL_SAFE_NO_PAD.encode(envelope.to_string())
}

/// A signed challenge as the client sends it: the challenge JSON and a `CryptoSignature` envelope.
pub fn sign_challenge(key: &SigningKey, challenge: &str) -> Value {
    let signature = key.sign(challenge.as_bytes());
    let envelope =
        json!({"sig": URL_SAFE_NO_PAD.encode(signature.to_bytes()), "alg": 2, "@type": "CryptoSignature"});
    json!({ "challenge": challenge, "signature": URL_SAFE_NO_PAD.encode(envelope.to_string()) })
}

/// An onboarded identity with one device and its access token.
#[derive(Debug, Clone)]
pub struct Identity {
    pub address: String,
    pub device_id: String,
    pub username: String,
    pub token: String,
}

/// Creates an identity through `base_url` with the OAuth client `client_id`/`client_secret`, and
/// logs its device in.
pub async fn onboard(
    http: &reqwest::Client,
    base_url: &str,
    client: (&str, &str),
    password: &str,
) -> Identity {
    let key = SigningKey::from_bytes(&rand::random());
    let challenge: Value = result(http.post(format!("{base_url}/api/v2/Challenges")).json(&json!({}))).await;
    let challenge = json!({"id": challenge["id"], "expiresAt": challenge["expiresAt"], "type": "Identity"});
    let created = result(http.post(format!("{base_url}/api/v2/Identities")).json(&json!({
        "clientId": client.0,
        "clientSecret": client.1,
        "identityPublicKey": public_key_envelope(&key),
        "devicePassword": password,
        "identityVersion": 1,
        "signedChallenge": sign_challenge(&key, &challenge.to_string()),
    })))
    .await;
    let username = created["device"]["username"].as_str().unwrap().to_owned();
    let token = login(http, base_url, client, &username, password).await;
    Identity {
        address: created["address"].as_str().unwrap().to_owned(),
        device_id: created["device"]["id"].as_str().unwrap().to_owned(),
        username,
        token,
    }
}

/// An access token for the device `username`.
pub async fn login(
    http: &reqwest::Client,
    base_url: &str,
    client: (&str, &str),
    username: &str,
    password: &str,
) -> String {
    let form = [
        ("grant_type", "password"),
        ("client_id", client.0),
        ("client_secret", client.1),
        ("username", username),
        ("password", password),
    ];
    let response = http.post(format!("{base_url}/connect/token")).form(&form).send().await.unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body["access_token"].as_str().unwrap().to_owned()
}

/// Sends the request, asserts a 2xx answer and returns its `result`.
pub async fn result(request: reqwest::RequestBuilder) -> Value {
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text:?}"));
    body["result"].clone()
}

/// One external-event sync as the client runs it: starts a sync run, fetches its events and
/// acknowledges them all. Returns the events (none if there were no new ones).
pub async fn sync_once(http: &reqwest::Client, base_url: &str, token: &str) -> Vec<Value> {
    let sync = |method: reqwest::Method, path: &str| {
        http.request(method, format!("{base_url}{path}"))
            .bearer_auth(token)
            .header("x-supported-datawallet-version", "1")
    };
    let start = json!({"type": "ExternalEventSync"});
    let started = result(sync(reqwest::Method::POST, "/api/v2/SyncRuns").json(&start)).await;
    let Some(run_id) = started["syncRun"]["id"].as_str() else { return Vec::new() };
    let mut events = Vec::new();
    for page in 1.. {
        let path = format!("/api/v2/SyncRuns/{run_id}/ExternalEvents?PageNumber={page}&PageSize=100");
        let fetched = result(sync(reqwest::Method::GET, &path)).await;
        let fetched = fetched.as_array().unwrap();
        events.extend(fetched.iter().cloned());
        if fetched.len() < 100 {
            break;
        }
    }
    let results: Vec<Value> = events.iter().map(|event| json!({"externalEventId": event["id"]})).collect();
    let path = format!("/api/v2/SyncRuns/{run_id}/FinalizeExternalEventSync");
    result(sync(reqwest::Method::PUT, &path).json(&json!({"externalEventResults": results}))).await;
    events
}

/// `requester` asks `templator` for a relationship through `requester_api`; `templator` accepts
/// through `templator_api`.
pub async fn relate(
    http: &reqwest::Client,
    templator: (&Identity, &str),
    requester: (&Identity, &str),
) -> String {
    let (templator, templator_api) = templator;
    let (requester, requester_api) = requester;
    let template = result(
        http.post(format!("{templator_api}/api/v2/RelationshipTemplates"))
            .bearer_auth(&templator.token)
            .json(&json!({"content": "AQID"})),
    )
    .await;
    let template = template["id"].as_str().unwrap();
    result(
        http.get(format!("{requester_api}/api/v2/RelationshipTemplates/{template}"))
            .bearer_auth(&requester.token),
    )
    .await;
    let relationship = result(
        http.post(format!("{requester_api}/api/v2/Relationships"))
            .bearer_auth(&requester.token)
            .json(&json!({"relationshipTemplateId": template, "creationContent": "BAU"})),
    )
    .await;
    let id = relationship["id"].as_str().unwrap().to_owned();
    let accept = format!("{templator_api}/api/v2/Relationships/{id}/Accept");
    result(http.put(accept).bearer_auth(&templator.token).json(&json!({}))).await;
    id
}

/// `sender` sends a message to `recipient` (they need an active relationship) through `api`; returns its id.
pub async fn send_message(
    http: &reqwest::Client,
    api: &str,
    sender: &Identity,
    recipient: &Identity,
) -> String {
    // 32 bytes, base64url: a plausible encrypted key.
    let key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    let body = json!({"recipients": [{"address": recipient.address, "encryptedKey": key}], "body": "AQID", "attachments": []});
    let sent =
        result(http.post(format!("{api}/api/v2/Messages")).bearer_auth(&sender.token).json(&body)).await;
    sent["id"].as_str().unwrap().to_owned()
}
