//! Spec §5.9 and the §16 rows of the Files feature files.

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use time::Duration;

use crate::harness::*;

fn form(server: &TestServer, content: Vec<u8>) -> Form {
    Form::new()
        .part(
            "content",
            Part::bytes(content).file_name("cipher.bin").mime_str("application/octet-stream").unwrap(),
        )
        .text("cipherHash", "AQID")
        .text("ownerSignature", "BAUG")
        .text("expiresAt", backbone_proto::date::format(server.clock_now() + Duration::days(1)))
        .text("encryptedProperties", "BwgJ")
        .text("owner", "ignored")
}

async fn upload(server: &TestServer, owner: &TestIdentity, form: Form) -> reqwest::Response {
    server.authed(Method::POST, "/api/v2/Files", &owner.token).multipart(form).send().await.unwrap()
}

/// Uploads `content`; returns the created file (with its ownership token).
async fn file(server: &TestServer, owner: &TestIdentity, content: &[u8]) -> Value {
    assert_result(upload(server, owner, form(server, content.to_vec())).await, 201).await
}

async fn with_token(
    server: &TestServer,
    who: &TestIdentity,
    method: Method,
    path: &str,
    token: &str,
) -> reqwest::Response {
    server.authed(method, path, &who.token).json(&json!({"ownershipToken": token})).send().await.unwrap()
}

#[tokio::test]
async fn uploads_and_anyone_signed_in_downloads_byte_for_byte() {
    let server = TestServer::start().await;
    let (owner, reader) = (server.identity().await, server.identity().await);
    let content: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    let created = file(&server, &owner, &content).await;
    let id = created["id"].as_str().unwrap();
    assert!(id.starts_with("FIL"));
    assert_eq!(created["owner"], owner.address.as_str());
    assert_eq!(created["createdByDevice"], owner.device_id.as_str());
    assert_eq!(created["cipherSize"], 300_000);
    assert_eq!(created["cipherHash"], "AQID");
    assert_eq!(created["ownerSignature"], "BAUG");
    assert_eq!(created["ownershipToken"].as_str().unwrap().len(), 20);
    assert!(created.get("encryptedProperties").is_none());

    let response =
        server.authed(Method::GET, &format!("/api/v2/Files/{id}"), &reader.token).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/octet-stream");
    assert_eq!(response.bytes().await.unwrap().to_vec(), content);

    let metadata = assert_result(
        server
            .authed(Method::GET, &format!("/api/v2/Files/{id}/metadata"), &reader.token)
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    assert_eq!(metadata["encryptedProperties"], "BwgJ");
    assert_eq!(metadata["ownershipIsLocked"], false);
    assert_eq!(metadata["deletedAt"], Value::Null);
    assert!(metadata.get("ownershipToken").is_none());

    let listed =
        assert_result(server.authed(Method::GET, "/api/v2/Files", &owner.token).send().await.unwrap(), 200)
            .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let listed =
        assert_result(server.authed(Method::GET, "/api/v2/Files", &reader.token).send().await.unwrap(), 200)
            .await;
    assert!(listed.as_array().unwrap().is_empty());
}

#[tokio::test]
async fn upload_input_is_validated() {
    let mut config = dev_config();
    config.files.max_content_bytes = 1000;
    let server = TestServer::start_with(config).await;
    let owner = server.identity().await;
    assert_error(upload(&server, &owner, form(&server, Vec::new())).await, 400, "InclusiveBetweenValidator")
        .await;
    assert_error(
        upload(&server, &owner, form(&server, vec![1; 1001])).await,
        400,
        "InclusiveBetweenValidator",
    )
    .await;
    let without_hash = Form::new()
        .part("content", Part::bytes(vec![1]).file_name("cipher.bin"))
        .text("ownerSignature", "AQID");
    assert_error(upload(&server, &owner, without_hash).await, 400, "error.platform.inputCannotBeParsed")
        .await;
    let past = form(&server, vec![1])
        .text("expiresAt", backbone_proto::date::format(server.clock_now() - Duration::days(1)));
    assert_error(upload(&server, &owner, past).await, 400, "error.platform.validation.invalidPropertyValue")
        .await;
    let response =
        server.authed(Method::POST, "/api/v2/Files", &owner.token).json(&json!({})).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 415);
}

#[tokio::test]
async fn only_the_creator_deletes_and_expired_files_are_gone() {
    let server = TestServer::start().await;
    let (owner, other) = (server.identity().await, server.identity().await);
    let id = file(&server, &owner, b"content").await["id"].as_str().unwrap().to_owned();
    let delete =
        |who: &TestIdentity| server.authed(Method::DELETE, &format!("/api/v2/Files/{id}"), &who.token).send();
    assert_error(delete(&other).await.unwrap(), 403, "error.platform.forbidden").await;
    assert_eq!(delete(&owner).await.unwrap().status().as_u16(), 204);
    let metadata = server
        .authed(Method::GET, &format!("/api/v2/Files/{id}/Metadata"), &owner.token)
        .send()
        .await
        .unwrap();
    assert_error(metadata, 404, "error.platform.recordNotFound").await;

    let expiring = file(&server, &owner, b"content").await["id"].as_str().unwrap().to_owned();
    server.clock.advance(Duration::days(2));
    let download =
        server.authed(Method::GET, &format!("/api/v2/Files/{expiring}"), &other.token).send().await.unwrap();
    assert_error(download, 404, "error.platform.recordNotFound").await;
    let invalid = server.authed(Method::GET, "/api/v2/Files/MSGnotafile", &other.token).send().await.unwrap();
    assert_error(invalid, 400, "error.platform.validation.invalidPropertyValue").await;
}

#[tokio::test]
async fn claiming_ownership_with_the_token() {
    let server = TestServer::start().await;
    let (i1, i2, i3) = (server.identity().await, server.identity().await, server.identity().await);
    server.external_events(&i1, 0).await;
    let created = file(&server, &i1, b"content").await;
    let id = created["id"].as_str().unwrap();
    let token = created["ownershipToken"].as_str().unwrap();
    let claim = format!("/api/v2/Files/{id}/ClaimOwnership");
    assert_error(
        with_token(&server, &i1, Method::PATCH, &claim, token).await,
        400,
        "error.platform.validation.file.cannotClaimOwnershipOfOwnFile",
    )
    .await;
    assert_error(
        with_token(&server, &i2, Method::PATCH, &claim, "not a token").await,
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
    let claimed = assert_result(with_token(&server, &i2, Method::PATCH, &claim, token).await, 200).await;
    let new_token = claimed["newOwnershipToken"].as_str().unwrap().to_owned();
    assert_ne!(new_token, token);
    let metadata = assert_result(
        server.authed(Method::GET, &format!("/api/v2/Files/{id}/Metadata"), &i1.token).send().await.unwrap(),
        200,
    )
    .await;
    assert_eq!(metadata["owner"], i2.address.as_str());
    let events = server.external_events(&i1, 1).await;
    assert_eq!(events[0]["type"], "FileOwnershipClaimed");
    assert_eq!(events[0]["payload"], json!({"fileId": id, "newOwnerAddress": i2.address}));

    // A wrong token locks the ownership; then even the right one is refused.
    server.external_events(&i2, 0).await;
    assert_error(
        with_token(&server, &i3, Method::PATCH, &claim, "wrongwrongwrong").await,
        403,
        "error.platform.forbidden",
    )
    .await;
    let events = server.external_events(&i2, 1).await;
    assert_eq!(
        (events[0]["type"].clone(), events[0]["payload"].clone()),
        (json!("FileOwnershipLocked"), json!({"fileId": id}))
    );
    assert_error(
        with_token(&server, &i3, Method::PATCH, &claim, &new_token).await,
        403,
        "error.platform.forbidden",
    )
    .await;

    let missing = "/api/v2/Files/FILthisisnonexisting/ClaimOwnership";
    assert_error(
        with_token(&server, &i3, Method::PATCH, missing, token).await,
        404,
        "error.platform.recordNotFound",
    )
    .await;
    let invalid = "/api/v2/Files/notanid/ClaimOwnership";
    assert_error(
        with_token(&server, &i3, Method::PATCH, invalid, token).await,
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
}

#[tokio::test]
async fn regenerating_and_validating_ownership_tokens() {
    let server = TestServer::start().await;
    let (owner, other) = (server.identity().await, server.identity().await);
    let created = file(&server, &owner, b"content").await;
    let id = created["id"].as_str().unwrap();
    let token = created["ownershipToken"].as_str().unwrap().to_owned();
    let validate = format!("/api/v2/Files/{id}/ValidateOwnershipToken");
    let is_valid =
        |response: reqwest::Response| async { assert_result(response, 200).await["isValid"].clone() };
    assert_eq!(is_valid(with_token(&server, &owner, Method::POST, &validate, &token).await).await, true);
    assert_eq!(is_valid(with_token(&server, &other, Method::POST, &validate, &token).await).await, true);
    assert_eq!(is_valid(with_token(&server, &owner, Method::POST, &validate, "wrong").await).await, false);
    assert_eq!(
        is_valid(with_token(&server, &owner, Method::POST, &validate, &token).await).await,
        true,
        "the owner's mistake locks nothing"
    );
    assert_eq!(is_valid(with_token(&server, &other, Method::POST, &validate, "wrong").await).await, false);
    assert_eq!(
        is_valid(with_token(&server, &owner, Method::POST, &validate, &token).await).await,
        false,
        "locked now"
    );

    let regenerate = format!("/api/v2/Files/{id}/RegenerateOwnershipToken");
    let response = server.authed(Method::PATCH, &regenerate, &other.token).send().await.unwrap();
    assert_error(response, 403, "error.platform.forbidden").await;
    let regenerated =
        assert_result(server.authed(Method::PATCH, &regenerate, &owner.token).send().await.unwrap(), 200)
            .await;
    let new_token = regenerated["newOwnershipToken"].as_str().unwrap();
    assert_eq!(
        is_valid(with_token(&server, &other, Method::POST, &validate, new_token).await).await,
        true,
        "unlocked again"
    );
    let missing = server
        .authed(Method::PATCH, "/api/v2/Files/FILthisisnonexisting/RegenerateOwnershipToken", &owner.token)
        .send()
        .await
        .unwrap();
    assert_error(missing, 404, "error.platform.recordNotFound").await;
    let missing = with_token(
        &server,
        &owner,
        Method::POST,
        "/api/v2/Files/FILthisisnonexisting/ValidateOwnershipToken",
        "x",
    )
    .await;
    assert_error(missing, 404, "error.platform.recordNotFound").await;
}
