//! Spec §5.14 and §5.15: sync runs, external events and the datawallet.

use backbone_domain::IdentityAddress;
use backbone_domain::id::ExternalEventId;
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};
use time::Duration;

use crate::harness::*;

const VERSION_HEADER: &str = "x-supported-datawallet-version";

fn sync(server: &TestServer, method: Method, path: &str, token: &str) -> RequestBuilder {
    server.authed(method, path, token).header(VERSION_HEADER, "1")
}

fn modification(object: &str) -> Value {
    json!({"objectIdentifier": object, "payloadCategory": "TechnicalData", "collection": "Devices", "type": "Create",
        "encryptedPayload": "+/8=", "datawalletVersion": 1})
}

async fn start(server: &TestServer, token: &str, run_type: &str) -> reqwest::Response {
    sync(server, Method::POST, "/api/v2/SyncRuns", token)
        .json(&json!({"type": run_type}))
        .send()
        .await
        .unwrap()
}

/// Creates the datawallet like the client does on account creation.
async fn upgrade_datawallet(server: &TestServer, identity: &TestIdentity, modifications: Value) -> Value {
    let started = assert_result(start(server, &identity.token, "DatawalletVersionUpgrade").await, 201).await;
    assert_eq!(started["status"], "Created");
    let path = format!(
        "/api/v2/SyncRuns/{}/FinalizeDatawalletVersionUpgrade",
        started["syncRun"]["id"].as_str().unwrap()
    );
    let body = json!({"newDatawalletVersion": 1, "datawalletModifications": modifications});
    assert_result(sync(server, Method::PUT, &path, &identity.token).json(&body).send().await.unwrap(), 200)
        .await
}

async fn add_external_event(server: &TestServer, owner: &str) -> String {
    let id = ExternalEventId::generate(&mut rand::rng());
    let owner = IdentityAddress::trusted(owner.to_owned());
    let mut conn = server.db.conn().await.unwrap();
    backbone_store::external_events::insert(
        &mut conn,
        &id,
        &owner,
        "MessageReceived",
        r#"{"id":"MSGxxxxxxxxxxxxxxxxx"}"#,
        server.clock_now(),
    )
    .await
    .unwrap();
    id.into_string()
}

#[tokio::test]
async fn account_setup_creates_the_datawallet() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let get = || sync(&server, Method::GET, "/api/v2/Datawallet", &identity.token).send();
    assert_error(get().await.unwrap(), 404, "error.platform.recordNotFound").await;
    assert_error(
        start(&server, &identity.token, "ExternalEventSync").await,
        404,
        "error.platform.recordNotFound",
    )
    .await;

    let finalized = upgrade_datawallet(&server, &identity, json!([modification("A")])).await;
    assert_eq!(finalized["newDatawalletModificationIndex"], 0);
    assert_eq!(finalized["datawalletModifications"][0]["index"], 0);
    assert_eq!(assert_result(get().await.unwrap(), 200).await, json!({"version": 1}));

    let started = assert_result(start(&server, &identity.token, "ExternalEventSync").await, 200).await;
    assert_eq!(started, json!({"status": "NoNewEvents", "syncRun": null}));
}

#[tokio::test]
async fn modifications_are_appended_in_order_and_read_deduplicated() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    upgrade_datawallet(&server, &identity, json!([])).await;
    let push = |local_index: i64, items: Value| {
        sync(&server, Method::POST, "/api/v2/Datawallet/Modifications", &identity.token)
            .json(&json!({"localIndex": local_index, "modifications": items}))
            .send()
    };
    let pushed = assert_result(push(0, json!([modification("A")])).await.unwrap(), 201).await;
    assert_eq!(pushed["newIndex"], 0);
    let pushed =
        assert_result(push(0, json!([modification("A"), modification("B")])).await.unwrap(), 201).await;
    assert_eq!(pushed["newIndex"], 2);
    assert_eq!(pushed["modifications"].as_array().unwrap().len(), 2);
    assert_error(
        push(0, json!([modification("C")])).await.unwrap(),
        400,
        "error.platform.validation.datawallet.datawalletNotUpToDate",
    )
    .await;
    assert_error(push(2, json!([])).await.unwrap(), 400, "error.platform.validation.invalidPropertyValue")
        .await;
    let mut too_new = modification("C");
    too_new["datawalletVersion"] = json!(2);
    assert_error(
        push(2, json!([too_new])).await.unwrap(),
        400,
        "error.platform.validation.datawallet.datawalletVersionOfModificationTooHigh",
    )
    .await;

    let all = assert_result(
        sync(&server, Method::GET, "/api/v2/Datawallet/Modifications", &identity.token).send().await.unwrap(),
        200,
    )
    .await;
    let indexes: Vec<_> = all.as_array().unwrap().iter().map(|m| m["index"].as_i64().unwrap()).collect();
    assert_eq!(indexes, [1, 2]);
    assert_eq!(all[0]["encryptedPayload"], "-_8", "bytes are written as base64url without padding");
    assert_eq!(all[0]["type"], "Create");
    assert_eq!(all[0]["createdByDevice"], identity.device_id.as_str());
    let newer = assert_result(
        sync(&server, Method::GET, "/api/v2/Datawallet/Modifications?localIndex=1", &identity.token)
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    assert_eq!(newer.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn datawallet_version_headers_are_enforced() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    upgrade_datawallet(&server, &identity, json!([])).await;
    let old_client =
        |method: Method, path: &str| server.authed(method, path, &identity.token).header(VERSION_HEADER, "0");
    let code = "error.platform.validation.datawallet.insufficientSupportedDatawalletVersion";
    assert_error(
        old_client(Method::POST, "/api/v2/SyncRuns").json(&json!({})).send().await.unwrap(),
        400,
        code,
    )
    .await;
    assert_error(
        old_client(Method::GET, "/api/v2/Datawallet/Modifications").send().await.unwrap(),
        400,
        code,
    )
    .await;
    let response = old_client(Method::POST, "/api/v2/Datawallet/Modifications")
        .json(&json!({"localIndex": -1, "modifications": [modification("A")]}))
        .send()
        .await
        .unwrap();
    assert_error(response, 400, "error.platform.validation.invalidPropertyValue").await;
    let response = server
        .authed(Method::GET, "/api/v2/Datawallet/Modifications", &identity.token)
        .header(VERSION_HEADER, "x")
        .send()
        .await
        .unwrap();
    assert_error(response, 400, "error.platform.inputCannotBeParsed").await;
}

#[tokio::test]
async fn one_run_at_a_time_until_it_expires() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    upgrade_datawallet(&server, &identity, json!([])).await;
    add_external_event(&server, &identity.address).await;
    let first = assert_result(start(&server, &identity.token, "ExternalEventSync").await, 201).await;
    assert_eq!(first["syncRun"]["eventCount"], 1);
    let error = assert_error(
        start(&server, &identity.token, "ExternalEventSync").await,
        400,
        "error.platform.validation.syncRun.cannotStartSyncRunWhenAnotherSyncRunIsRunning",
    )
    .await;
    assert!(error["message"].as_str().unwrap().contains(first["syncRun"]["id"].as_str().unwrap()));
    let response = sync(&server, Method::POST, "/api/v2/Datawallet/Modifications", &identity.token)
        .json(&json!({"localIndex": -1, "modifications": [modification("A")]}))
        .send()
        .await
        .unwrap();
    assert_error(
        response,
        400,
        "error.platform.validation.datawallet.cannotPushDatawalletModificationsDuringActiveSyncRun",
    )
    .await;

    server.clock.advance(Duration::seconds(11));
    let second = assert_result(start(&server, &identity.token, "ExternalEventSync").await, 201).await;
    assert_eq!(second["syncRun"]["index"], first["syncRun"]["index"].as_i64().unwrap() + 1);
    let path = format!("/api/v2/SyncRuns/{}/ExternalEvents", second["syncRun"]["id"].as_str().unwrap());
    let events =
        assert_result(sync(&server, Method::GET, &path, &identity.token).send().await.unwrap(), 200).await;
    assert_eq!(events[0]["syncErrorCount"], 1, "the cancelled run left a sync error");
}

#[tokio::test]
async fn external_events_are_delivered_and_acknowledged() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    upgrade_datawallet(&server, &identity, json!([])).await;
    let acknowledged = add_external_event(&server, &identity.address).await;
    let failed = add_external_event(&server, &identity.address).await;
    let unanswered = add_external_event(&server, &identity.address).await;

    let run = assert_result(start(&server, &identity.token, "ExternalEventSync").await, 201).await["syncRun"]
        .clone();
    let run_id = run["id"].as_str().unwrap();
    assert_eq!(run["eventCount"], 3);
    assert_eq!(run["createdBy"], identity.address.as_str());
    let fetched = assert_result(
        sync(&server, Method::GET, &format!("/api/v2/SyncRuns/{run_id}"), &identity.token)
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    assert_eq!(fetched, run);

    let events = assert_result(
        sync(&server, Method::GET, &format!("/api/v2/SyncRuns/{run_id}/ExternalEvents"), &identity.token)
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    let ids: Vec<_> =
        events.as_array().unwrap().iter().map(|event| event["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids, [acknowledged.clone(), failed.clone(), unanswered]);
    assert_eq!(events[0]["payload"], json!({"id": "MSGxxxxxxxxxxxxxxxxx"}));
    assert_eq!(events[0]["type"], "MessageReceived");
    assert_eq!(events[0]["index"], 0);

    let refreshed = assert_result(
        sync(
            &server,
            Method::PUT,
            &format!("/api/v2/SyncRuns/{run_id}/RefreshExpirationTime"),
            &identity.token,
        )
        .send()
        .await
        .unwrap(),
        200,
    )
    .await;
    assert!(refreshed["expiresAt"].is_string());

    let body = json!({"externalEventResults": [{"externalEventId": acknowledged}, {"externalEventId": failed, "errorCode": "unknownType"}],
        "datawalletModifications": [modification("A")]});
    let path = format!("/api/v2/SyncRuns/{run_id}/FinalizeExternalEventSync");
    let finalized = assert_result(
        sync(&server, Method::PUT, &path, &identity.token).json(&body).send().await.unwrap(),
        200,
    )
    .await;
    assert_eq!(finalized["newDatawalletModificationIndex"], 0);
    assert_eq!(finalized["newUnsyncedExternalEventsExist"], false, "events that failed once are not new");
    assert_error(
        sync(&server, Method::PUT, &path, &identity.token).json(&json!({})).send().await.unwrap(),
        400,
        "error.platform.validation.syncRun.syncRunAlreadyFinalized",
    )
    .await;

    let retry = assert_result(start(&server, &identity.token, "ExternalEventSync").await, 201).await;
    assert_eq!(retry["syncRun"]["eventCount"], 2, "the failed and the unanswered event come again");
    let retry_id = retry["syncRun"]["id"].as_str().unwrap();
    add_external_event(&server, &identity.address).await;
    let path = format!("/api/v2/SyncRuns/{retry_id}/FinalizeExternalEventSync");
    let finalized = assert_result(
        sync(&server, Method::PUT, &path, &identity.token).json(&json!({})).send().await.unwrap(),
        200,
    )
    .await;
    assert_eq!(finalized["newUnsyncedExternalEventsExist"], true, "an event arrived after the run started");
}

#[tokio::test]
async fn runs_belong_to_the_device_that_started_them() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let (_, other_device) = server.second_device(&identity).await;
    upgrade_datawallet(&server, &identity, json!([])).await;
    add_external_event(&server, &identity.address).await;
    let run = assert_result(start(&server, &identity.token, "ExternalEventSync").await, 201).await["syncRun"]
        .clone();
    let run_id = run["id"].as_str().unwrap();
    let as_other = |method: Method, suffix: &str| {
        sync(&server, method, &format!("/api/v2/SyncRuns/{run_id}{suffix}"), &other_device)
    };
    assert_result(as_other(Method::GET, "").send().await.unwrap(), 200).await;
    let cases = [
        (
            Method::GET,
            "/ExternalEvents",
            "error.platform.validation.syncRun.cannotReadExternalEventsOfASyncRunStartedByAnotherDevice",
        ),
        (
            Method::PUT,
            "/RefreshExpirationTime",
            "error.platform.validation.syncRun.cannotRefreshExpirationTimeOfSyncRunStartedByAnotherDevice",
        ),
        (
            Method::PUT,
            "/FinalizeExternalEventSync",
            "error.platform.validation.syncRun.cannotFinalizeSyncRunStartedByAnotherDevice",
        ),
    ];
    for (method, suffix, code) in cases {
        assert_error(as_other(method, suffix).json(&json!({})).send().await.unwrap(), 400, code).await;
    }
    let response = sync(
        &server,
        Method::PUT,
        &format!("/api/v2/SyncRuns/{run_id}/FinalizeDatawalletVersionUpgrade"),
        &identity.token,
    )
    .json(&json!({"newDatawalletVersion": 1}))
    .send()
    .await
    .unwrap();
    assert_error(response, 400, "error.platform.validation.syncRun.unexpectedSyncRunType").await;

    let stranger = server.identity().await;
    let response = sync(&server, Method::GET, &format!("/api/v2/SyncRuns/{run_id}"), &stranger.token)
        .send()
        .await
        .unwrap();
    assert_error(response, 404, "error.platform.recordNotFound").await;
    let response = sync(&server, Method::GET, "/api/v2/SyncRuns/SYRthisisnonexisting", &identity.token)
        .send()
        .await
        .unwrap();
    assert_error(response, 404, "error.platform.recordNotFound").await;
    let response =
        sync(&server, Method::GET, "/api/v2/SyncRuns/DWMnotarun", &identity.token).send().await.unwrap();
    assert_error(response, 400, "error.platform.validation.invalidPropertyValue").await;
    let response = as_other(Method::PUT, "/FinalizeExternalEventSync")
        .json(&json!({"externalEventResults": [{"externalEventId": "notanid"}]}))
        .send()
        .await
        .unwrap();
    assert_error(response, 400, "error.platform.validation.invalidPropertyValue").await;
}

#[tokio::test]
async fn datawallet_versions_never_go_down() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    assert_result(upgrade_to(&server, &identity, 2).await, 200).await;
    assert_error(upgrade_to(&server, &identity, 1).await, 400, "error.platform.datawallet.cannotDowngrade")
        .await;
    server.clock.advance(Duration::seconds(11));
    assert_error(
        upgrade_to(&server, &identity, 0).await,
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
}

async fn upgrade_to(server: &TestServer, identity: &TestIdentity, version: u16) -> reqwest::Response {
    let new_client =
        |method: Method, path: &str| server.authed(method, path, &identity.token).header(VERSION_HEADER, "5");
    let response = new_client(Method::POST, "/api/v2/SyncRuns")
        .json(&json!({"type": "DatawalletVersionUpgrade"}))
        .send()
        .await
        .unwrap();
    let run = assert_result(response, 201).await;
    let path = format!(
        "/api/v2/SyncRuns/{}/FinalizeDatawalletVersionUpgrade",
        run["syncRun"]["id"].as_str().unwrap()
    );
    new_client(Method::PUT, &path).json(&json!({"newDatawalletVersion": version})).send().await.unwrap()
}
