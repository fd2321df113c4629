//! Spec §5.5 and the §16 rows of the Devices feature files.

use ed25519_dalek::SigningKey;
use reqwest::Method;
use serde_json::json;

use crate::harness::*;

#[tokio::test]
async fn registers_devices_and_at_most_one_backup_device() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let device = assert_result(server.register_device(&identity, json!({})).await, 201).await;
    assert_eq!(device["createdByDevice"], identity.device_id.as_str());
    assert_eq!(device["isBackupDevice"], false);
    let backup =
        assert_result(server.register_device(&identity, json!({"isBackupDevice": true})).await, 201).await;
    assert_eq!(backup["isBackupDevice"], true);
    let response = server.register_device(&identity, json!({"isBackupDevice": true})).await;
    assert_error(response, 400, "error.platform.validation.device.onlyOneBackupDeviceCanExist").await;
}

#[tokio::test]
async fn the_challenge_must_be_signed_with_the_identity_key() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let stranger = SigningKey::from_bytes(&rand::random());
    let signed_challenge = server.signed_challenge(&stranger, Some(&identity.token)).await;
    let response = server
        .authed(Method::POST, "/api/v2/Devices", &identity.token)
        .json(&json!({"devicePassword": PASSWORD, "signedChallenge": signed_challenge}))
        .send()
        .await
        .unwrap();
    assert_error(response, 400, "error.platform.validation.device.invalidSignature").await;
}

#[tokio::test]
async fn registration_input_is_validated() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let response = server.register_device(&identity, json!({"communicationLanguage": "xx"})).await;
    assert_error(response, 400, "error.platform.validation.invalidDeviceCommunicationLanguage").await;
    let response = server.register_device(&identity, json!({"devicePassword": ""})).await;
    assert_error(response, 400, "error.platform.validation.invalidPropertyValue").await;
    let response = server
        .authed(Method::POST, "/api/v2/Devices", &identity.token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_error(response, 400, "error.platform.inputCannotBeParsed").await;
    let response = server.request(Method::POST, "/api/v2/Devices").json(&json!({})).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
}

#[tokio::test]
async fn lists_own_devices_by_ids() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    server.clock.advance(time::Duration::seconds(1));
    let (second, _) = server.second_device(&identity).await;
    let other = server.identity().await;
    let list = |query: String| {
        server.authed(Method::GET, &format!("/api/v2/Devices{query}"), &identity.token).send()
    };
    let all = assert_result(list(String::new()).await.unwrap(), 200).await;
    let ids: Vec<_> =
        all.as_array().unwrap().iter().map(|device| device["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids, [identity.device_id.clone(), second.clone()]);
    let filtered =
        assert_result(list(format!("?ids={second}&ids={}", other.device_id)).await.unwrap(), 200).await;
    assert_eq!(filtered.as_array().unwrap().len(), 1);
    assert_eq!(filtered[0]["id"], second.as_str());
    assert_error(
        list("?ids=CHLnotadevice".into()).await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
}

#[tokio::test]
async fn updates_the_communication_language() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let put = |language: &str| {
        server
            .authed(Method::PUT, "/api/v2/Devices/Self", &identity.token)
            .json(&json!({"communicationLanguage": language}))
            .send()
    };
    assert_eq!(put("de").await.unwrap().status().as_u16(), 204);
    let device = assert_result(
        server.authed(Method::GET, "/api/v2/Devices/Self", &identity.token).send().await.unwrap(),
        200,
    )
    .await;
    assert_eq!(device["communicationLanguage"], "de");
    assert_error(
        put("german").await.unwrap(),
        400,
        "error.platform.validation.invalidDeviceCommunicationLanguage",
    )
    .await;
}

#[tokio::test]
async fn changes_the_password() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let change = |old: &str, new: &str| {
        server
            .authed(Method::PUT, "/api/v2/Devices/Self/Password", &identity.token)
            .json(&json!({"oldPassword": old, "newPassword": new}))
            .send()
    };
    assert_error(
        change("wrong", "new").await.unwrap(),
        400,
        "error.platform.validation.device.changePasswordFailed",
    )
    .await;
    assert_error(
        change(PASSWORD, "").await.unwrap(),
        400,
        "error.platform.validation.device.changePasswordFailed",
    )
    .await;
    assert_eq!(change(PASSWORD, "new-password").await.unwrap().status().as_u16(), 204);
    assert_eq!(server.login(&identity.username, PASSWORD).await.status().as_u16(), 400);
    assert_eq!(server.login(&identity.username, "new-password").await.status().as_u16(), 200);
}

#[tokio::test]
async fn deletes_only_unonboarded_devices_of_the_own_identity() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let other = server.identity().await;
    let delete =
        |id: &str, token: &str| server.authed(Method::DELETE, &format!("/api/v2/Devices/{id}"), token).send();

    let fresh = assert_result(server.register_device(&identity, json!({})).await, 201).await;
    let fresh_id = fresh["id"].as_str().unwrap();
    assert_error(
        delete(fresh_id, &other.token).await.unwrap(),
        400,
        "error.platform.validation.device.deviceCannotBeDeleted",
    )
    .await;
    assert_eq!(delete(fresh_id, &identity.token).await.unwrap().status().as_u16(), 204);
    assert_error(delete(fresh_id, &identity.token).await.unwrap(), 404, "error.platform.recordNotFound")
        .await;

    let error = assert_error(
        delete(&identity.device_id, &identity.token).await.unwrap(),
        400,
        "error.platform.validation.device.deviceCannotBeDeleted",
    )
    .await;
    assert!(error["message"].as_str().unwrap().contains("onboarded"));
    assert_error(
        delete(&other.device_id, &identity.token).await.unwrap(),
        400,
        "error.platform.validation.device.deviceCannotBeDeleted",
    )
    .await;
    assert_error(
        delete("DVCthisisnonexisting", &identity.token).await.unwrap(),
        404,
        "error.platform.recordNotFound",
    )
    .await;
    assert_error(
        delete("USRnotadevice", &identity.token).await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
    let devices = assert_result(
        server.authed(Method::GET, "/api/v2/Devices", &identity.token).send().await.unwrap(),
        200,
    )
    .await;
    assert_eq!(devices.as_array().unwrap().len(), 1);
}
