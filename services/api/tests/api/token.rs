//! Spec §3.1: the password grant, its OAuth errors and the lockout.

use reqwest::Method;
use serde_json::Value;
use time::Duration;

use crate::harness::*;

async fn oauth_error(response: reqwest::Response, error: &str) {
    assert_eq!(response.status().as_u16(), 400);
    let body = body(response).await;
    assert_eq!(body["error"], error, "{body}");
    assert!(body["error_description"].as_str().is_some_and(|text| !text.is_empty()));
}

#[tokio::test]
async fn issues_bearer_tokens_that_authenticate() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let response = server.login(&identity.username.to_lowercase(), PASSWORD).await;
    assert_eq!(response.status().as_u16(), 200);
    let body = body(response).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 300);
    assert!(body.get("result").is_none());
    let token = body["access_token"].as_str().unwrap();
    let device =
        assert_result(server.authed(Method::GET, "/api/v2/Devices/Self", token).send().await.unwrap(), 200)
            .await;
    assert!(device["lastLogin"]["time"].is_string());
}

#[tokio::test]
async fn wrong_credentials_and_malformed_requests() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    oauth_error(server.login(&identity.username, "wrong").await, "invalid_grant").await;
    oauth_error(server.login("USRthisisnonexisting", PASSWORD).await, "invalid_grant").await;

    let form = |pairs: &[(&str, &str)]| server.request(Method::POST, "/connect/token").form(pairs).send();
    let base = [
        ("client_id", CLIENT_ID),
        ("client_secret", CLIENT_SECRET),
        ("username", identity.username.as_str()),
        ("password", PASSWORD),
    ];
    let with = |extra: (&'static str, &'static str)| {
        let mut pairs = base.to_vec();
        pairs.push(extra);
        pairs
    };
    oauth_error(form(&with(("grant_type", "client_credentials"))).await.unwrap(), "unsupported_grant_type")
        .await;
    oauth_error(form(&base).await.unwrap(), "unsupported_grant_type").await;
    oauth_error(
        form(&[("grant_type", "password"), ("client_id", CLIENT_ID)]).await.unwrap(),
        "invalid_request",
    )
    .await;
    let mut wrong_client = with(("grant_type", "password"));
    wrong_client[1] = ("client_secret", "wrong");
    oauth_error(form(&wrong_client).await.unwrap(), "invalid_client").await;

    let response = server
        .request(Method::POST, "/connect/token")
        .json(&serde_json::json!({"grant_type": "password"}))
        .send()
        .await
        .unwrap();
    oauth_error(response, "invalid_request").await;
}

#[tokio::test]
async fn three_failures_lock_the_device_out_for_ten_minutes() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    for _ in 0..3 {
        oauth_error(server.login(&identity.username, "wrong").await, "invalid_grant").await;
    }
    oauth_error(server.login(&identity.username, PASSWORD).await, "access_denied").await;
    server.clock.advance(Duration::minutes(9));
    oauth_error(server.login(&identity.username, PASSWORD).await, "access_denied").await;
    server.clock.advance(Duration::minutes(1));
    assert_eq!(server.login(&identity.username, PASSWORD).await.status().as_u16(), 200);
}

#[tokio::test]
async fn a_success_resets_the_failure_count() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    for _ in 0..2 {
        oauth_error(server.login(&identity.username, "wrong").await, "invalid_grant").await;
    }
    assert_eq!(server.login(&identity.username, PASSWORD).await.status().as_u16(), 200);
    for _ in 0..2 {
        oauth_error(server.login(&identity.username, "wrong").await, "invalid_grant").await;
    }
    assert_eq!(server.login(&identity.username, PASSWORD).await.status().as_u16(), 200);
}

#[tokio::test]
async fn a_backup_device_becomes_a_normal_device_on_first_login() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let response = server.register_device(&identity, serde_json::json!({"isBackupDevice": true})).await;
    let backup = assert_result(response, 201).await;
    assert_eq!(backup["isBackupDevice"], true);
    let token = server.token(backup["username"].as_str().unwrap(), PASSWORD).await;
    let device =
        assert_result(server.authed(Method::GET, "/api/v2/Devices/Self", &token).send().await.unwrap(), 200)
            .await;
    assert_eq!(device["isBackupDevice"], Value::Bool(false));
}
