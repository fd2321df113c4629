//! Push registrations, pushes through the platform providers, identity-to-identity notifications
//! and Server-Sent-Events streams.

use backbone_api::ApiConfig;
use backbone_domain::id::DeviceId;
use backbone_notifications::{NotificationTextConfig, TranslationConfig};
use backbone_store::push;
use reqwest::{Method, Response};
use serde_json::{Value, json};

use crate::fake_push::{FakePush, Recorded};
use crate::harness::{TestIdentity, TestServer, assert_error, assert_result, dev_config};

const REGISTRATION: &str = "/api/v2/Devices/Self/PushNotifications";
const TEST_NOTIFICATION: &str = "/api/v2/Devices/Self/PushNotifications/SendTestNotification";

async fn register(server: &TestServer, identity: &TestIdentity, registration: Value) -> Response {
    server.authed(Method::PUT, REGISTRATION, &identity.token).json(&registration).send().await.unwrap()
}

async fn push_server(fake: &FakePush) -> TestServer {
    let texts = vec![NotificationTextConfig {
        code: "NewOffer".into(),
        translations: [
            ("en".into(), TranslationConfig { title: "New offer".into(), body: "Have a look.".into() }),
            ("de".into(), TranslationConfig { title: "Neues Angebot".into(), body: "Schau mal.".into() }),
        ]
        .into(),
    }];
    TestServer::start_with(ApiConfig { push: fake.config(), notification_texts: texts, ..dev_config() }).await
}

async fn send_test_push(server: &TestServer, identity: &TestIdentity, data: Value) {
    let response =
        server.authed(Method::POST, TEST_NOTIFICATION, &identity.token).json(&data).send().await.unwrap();
    assert_eq!(response.status(), 204);
    server.settle().await;
}

/// Creates the identity's datawallet and saves one modification from the device of `token`.
async fn modify_datawallet(server: &TestServer, identity: &TestIdentity, token: &str) {
    server.external_events(identity, 0).await;
    let modification = json!({"localIndex": -1, "modifications": [{"type": "Create", "objectIdentifier": "OBJ1",
        "collection": "Tokens", "datawalletVersion": 1, "encryptedPayload": "AQID"}]});
    let response = server
        .authed(Method::POST, "/api/v2/Datawallet/Modifications", token)
        .header("x-supported-datawallet-version", "1")
        .json(&modification)
        .send()
        .await
        .unwrap();
    assert_result(response, 201).await;
    server.settle().await;
}

#[tokio::test]
async fn registrations_are_validated_and_keep_their_push_identifier() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let dummy = |handle: &str| json!({"platform": "dummy", "handle": handle, "appId": "some.app"});

    for (registration, property) in [
        (json!({"platform": "FCM", "handle": "0123456789", "appId": "a"}), "platform"),
        (json!({"platform": "sms", "handle": "0123456789", "appId": "a"}), "platform"),
        (json!({"platform": "dummy", "handle": "short", "appId": "a"}), "handle"),
        (json!({"platform": "dummy", "handle": "0123456789", "appId": ""}), "appId"),
        (
            json!({"platform": "dummy", "handle": "0123456789", "appId": "a", "environment": "Staging"}),
            "environment",
        ),
    ] {
        let error = assert_error(
            register(&server, &identity, registration).await,
            400,
            "error.platform.validation.invalidPropertyValue",
        )
        .await;
        assert!(error["message"].as_str().unwrap().contains(property), "{error}");
    }
    assert_error(
        register(
            &server,
            &identity,
            json!({"platform": "fcm", "handle": "0123456789", "appId": "unknown.app"}),
        )
        .await,
        400,
        "error.platform.unsupportedAppId",
    )
    .await;

    let first = assert_result(register(&server, &identity, dummy("0123456789")).await, 200).await;
    let identifier = first["devicePushIdentifier"].as_str().unwrap();
    assert!(identifier.starts_with("DPI") && identifier.len() == 20, "{identifier}");
    let second = assert_result(register(&server, &identity, dummy("9876543210")).await, 200).await;
    assert_eq!(second["devicePushIdentifier"], identifier, "the identifier survives updates");

    for _ in 0..2 {
        let response = server.authed(Method::DELETE, REGISTRATION, &identity.token).send().await.unwrap();
        assert_eq!(response.status(), 204, "deleting is idempotent");
    }
    let device = DeviceId::trusted(identity.device_id.clone());
    assert!(push::find(&mut server.db.conn().await.unwrap(), &device).await.unwrap().is_none());

    let null = server
        .authed(Method::POST, TEST_NOTIFICATION, &identity.token)
        .json(&Value::Null)
        .send()
        .await
        .unwrap();
    assert_error(null, 400, "error.platform.validation.invalidPropertyValue").await;
}

/// The content object apps read from every content-carrying push (spec §8.2).
fn assert_content(content: &Value, identity: &TestIdentity, identifier: &str, event_name: &str) {
    assert_eq!(content["accRef"], identity.address.as_str());
    assert_eq!(content["devicePushIdentifier"], identifier);
    assert_eq!(content["eventName"], event_name);
    assert!(content["sentAt"].as_str().unwrap().ends_with('Z'), "{content}");
}

#[tokio::test]
async fn every_platform_receives_a_well_formed_push() {
    let fake = FakePush::start().await;
    let server = push_server(&fake).await;
    let fcm_user = server.identity().await;
    let apns_user = server.identity().await;
    let wns_user = server.identity().await;
    let fcm_handle = "fcm-registration-token-1";
    let apns_handle = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    let wns_handle = format!("{}/wns/channel/abc123", fake.url);
    let registrations = [
        (&fcm_user, json!({"platform": "fcm", "handle": fcm_handle, "appId": "eu.enmeshed.app"})),
        (
            &apns_user,
            json!({"platform": "apns", "handle": apns_handle, "appId": "eu.enmeshed.app", "environment": "Development"}),
        ),
        (&wns_user, json!({"platform": "wns", "handle": wns_handle, "appId": "eu.enmeshed.app"})),
    ];
    let mut identifiers = Vec::new();
    for (identity, registration) in registrations {
        let registered = assert_result(register(&server, identity, registration).await, 200).await;
        identifiers.push(registered["devicePushIdentifier"].as_str().unwrap().to_owned());
        send_test_push(&server, identity, json!({"hello": "world"})).await;
    }
    let pushes = fake.pushes();
    assert_eq!(pushes.len(), 3, "{pushes:?}");

    let fcm = &pushes[0];
    assert_eq!((fcm.method.as_str(), fcm.path.as_str()), ("POST", "/v1/projects/test-project/messages:send"));
    assert_eq!(fcm.header("authorization"), "Bearer fake-access-token");
    let message = &fcm.json()["message"];
    assert_eq!(message["token"], fcm_handle);
    assert_eq!(message["notification"], json!({"title": "Test", "body": "This is a test notification."}));
    assert_eq!(message["data"]["content-available"], "1");
    assert_eq!(message["android"]["notification"]["channel_id"], "ENMESHED");
    let content: Value = serde_json::from_str(message["data"]["content"].as_str().unwrap()).unwrap();
    assert_content(&content, &fcm_user, &identifiers[0], "Test");
    assert_eq!(content["payload"], json!({"data": {"hello": "world"}}));

    let apns = &pushes[1];
    assert_eq!(
        apns.path,
        format!("/apns-sandbox/3/device/{apns_handle}"),
        "Development registrations use the sandbox"
    );
    assert_eq!(apns.header("apns-topic"), "eu.enmeshed.app");
    assert_eq!(apns.header("apns-push-type"), "alert");
    assert!(apns.header("authorization").starts_with("bearer "), "{:?}", apns.headers);
    let body = apns.json();
    assert_eq!(body["aps"]["alert"]["title"], "Test");
    assert_eq!(body["aps"]["content-available"], 1);
    assert_content(&body["content"], &apns_user, &identifiers[1], "Test");

    let wns = &pushes[2];
    assert_eq!(wns.path, "/wns/channel/abc123");
    assert_eq!(wns.header("authorization"), "Bearer fake-access-token");
    assert_eq!(wns.header("x-wns-type"), "wns/raw");
    assert_content(&wns.json(), &wns_user, &identifiers[2], "Test");
}

#[tokio::test]
async fn handles_the_platform_rejects_are_unregistered() {
    let fake = FakePush::start().await;
    let server = push_server(&fake).await;
    let identity = server.identity().await;
    let handle = "0000deadbeef0000deadbeef";
    fake.reject_handle(handle);
    let registration = json!({"platform": "apns", "handle": handle, "appId": "eu.enmeshed.app"});
    assert_result(register(&server, &identity, registration).await, 200).await;
    send_test_push(&server, &identity, json!(1)).await;

    assert_eq!(fake.pushes().len(), 1);
    let device = DeviceId::trusted(identity.device_id.clone());
    assert!(push::find(&mut server.db.conn().await.unwrap(), &device).await.unwrap().is_none());
}

#[tokio::test]
async fn new_external_events_and_datawallet_changes_wake_the_right_devices() {
    let fake = FakePush::start().await;
    let server = push_server(&fake).await;
    let templator = server.identity().await;
    let requester = server.identity().await;
    let (_, second_token) = server.second_device(&requester).await;
    let fcm = |handle: &str| json!({"platform": "fcm", "handle": handle, "appId": "eu.enmeshed.app"});
    assert_result(register(&server, &templator, fcm("templator-handle-1")).await, 200).await;
    let second = server
        .authed(Method::PUT, REGISTRATION, &second_token)
        .json(&fcm("requester-second-1"))
        .send()
        .await
        .unwrap();
    assert_result(second, 200).await;

    server.pending_relationship(&requester, &templator).await;
    server.settle().await;
    let woken = |pushes: &[Recorded]| -> Vec<(String, String)> {
        pushes
            .iter()
            .map(|push| {
                let message = &push.json()["message"];
                let content: Value =
                    serde_json::from_str(message["data"]["content"].as_str().unwrap()).unwrap();
                (
                    message["token"].as_str().unwrap().to_owned(),
                    content["eventName"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(woken(&fake.pushes()), [("templator-handle-1".into(), "ExternalEventCreated".into())]);

    // The requester's first device changes the datawallet: only the second device is told.
    modify_datawallet(&server, &requester, &requester.token).await;
    let pushes = fake.pushes();
    assert_eq!(woken(&pushes[1..]), [("requester-second-1".into(), "DatawalletModificationsCreated".into())]);
    assert_eq!(pushes[1].json()["message"]["android"]["collapse_key"], "DatawalletModified");
}

#[tokio::test]
async fn notifications_need_a_relationship_and_a_configured_code() {
    let fake = FakePush::start().await;
    let server = push_server(&fake).await;
    let sender = server.identity().await;
    let peer = server.identity().await;
    let stranger = server.identity().await;
    let notify = |recipients: Vec<&str>, code: &str| {
        server
            .authed(Method::POST, "/api/v2/Notifications", &sender.token)
            .json(&json!({"recipients": recipients, "code": code}))
    };
    let relationship = server.pending_relationship(&sender, &peer).await;
    assert_result(server.relationship_action(&peer, &relationship, "Accept").await, 200).await;

    let invalid = "error.platform.validation.invalidPropertyValue";
    assert_error(notify(vec![], "NewOffer").send().await.unwrap(), 400, invalid).await;
    assert_error(notify(vec!["not an address"], "NewOffer").send().await.unwrap(), 400, invalid).await;
    assert_error(notify(vec![&peer.address], "").send().await.unwrap(), 400, invalid).await;
    assert_error(
        notify(vec![&peer.address, &stranger.address], "NewOffer").send().await.unwrap(),
        400,
        "error.platform.validation.notification.noRelationshipToOneOrMoreRecipientsExists",
    )
    .await;
    let unknown = assert_error(
        notify(vec![&peer.address], "Unknown").send().await.unwrap(),
        400,
        "error.platform.validation.notification.codeDoesNotExist",
    )
    .await;
    assert!(unknown["message"].as_str().unwrap().contains("NewOffer"), "lists the valid codes");

    let update_language = server
        .authed(Method::PUT, "/api/v2/Devices/Self", &peer.token)
        .json(&json!({"communicationLanguage": "de"}));
    assert_eq!(update_language.send().await.unwrap().status(), 204);
    let registration = json!({"platform": "fcm", "handle": "peer-fcm-handle", "appId": "eu.enmeshed.app"});
    assert_result(register(&server, &peer, registration).await, 200).await;
    assert_eq!(notify(vec![&peer.address], "NewOffer").send().await.unwrap().status(), 204);
    server.settle().await;

    let pushes = fake.pushes();
    let message = &pushes.last().unwrap().json()["message"];
    assert_eq!(message["token"], "peer-fcm-handle");
    assert_eq!(message["notification"], json!({"title": "Neues Angebot", "body": "Schau mal."}));
    assert!(message["data"].is_null(), "notifications carry no content: {message}");
    assert_eq!(message["android"]["collapse_key"], "notification_NewOffer");

    for action in ["Terminate", "Decompose"] {
        assert_result(server.relationship_action(&sender, &relationship, action).await, 0).await;
    }
    assert_error(
        notify(vec![&peer.address], "NewOffer").send().await.unwrap(),
        400,
        "error.platform.validation.notification.relationshipToRecipientIsNotInCorrectStatus",
    )
    .await;
}

/// Reads a stream's frames until `event` arrives; returns the event names read.
async fn read_until(stream: &mut Response, event: &str) -> Vec<String> {
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let names: Vec<String> =
            text.lines().filter_map(|line| line.strip_prefix("event: ")).map(str::to_owned).collect();
        if names.iter().any(|name| name == event) {
            return names;
        }
        let chunk =
            tokio::time::timeout_at(deadline, stream.chunk()).await.expect("no event in time").unwrap();
        text.push_str(std::str::from_utf8(&chunk.expect("the stream ended")).unwrap());
    }
}

#[tokio::test]
async fn event_streams_deliver_push_event_names_per_device() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let (second_device, second_token) = server.second_device(&identity).await;

    let mut first = server.authed(Method::GET, "/api/v2/sse", &identity.token).send().await.unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["content-type"], "text/event-stream");
    assert_eq!(first.headers()["cache-control"], "no-cache");
    assert_eq!(read_until(&mut first, "ConnectionOpened").await, ["ConnectionOpened"]);
    let mut second = server.authed(Method::GET, "/api/v1/sse", &second_token).send().await.unwrap();
    read_until(&mut second, "ConnectionOpened").await;
    let mut again = server.authed(Method::GET, "/api/v2/sse", &second_token).send().await.unwrap();
    read_until(&mut again, "ConnectionOpened").await;

    let metrics = server.request(Method::GET, "/metrics").send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("backbone_sse_streams 3"), "{metrics}");

    send_test_push(&server, &identity, json!("ping")).await;
    assert_eq!(read_until(&mut first, "Test").await, ["Test"]);
    read_until(&mut second, "Test").await;
    read_until(&mut again, "Test").await;

    // The first device pushes a datawallet change: only the other device's streams hear of it.
    modify_datawallet(&server, &identity, &identity.token).await;
    read_until(&mut second, "DatawalletModificationsCreated").await;
    read_until(&mut again, "DatawalletModificationsCreated").await;

    let second_device = DeviceId::trusted(second_device);
    drop(second);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let mut conn = server.db.conn().await.unwrap();
    assert!(
        push::find(&mut conn, &second_device).await.unwrap().is_some(),
        "another stream of the device is open"
    );
    drop(again);
    for _ in 0..100 {
        if push::find(&mut conn, &second_device).await.unwrap().is_none() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(push::find(&mut conn, &second_device).await.unwrap().is_none(), "the last stream unregisters");

    let unauthenticated = server.request(Method::GET, "/api/v2/sse").send().await.unwrap();
    assert_eq!(unauthenticated.status(), 401);
}

/// An announcement that is not silent reaches the devices of everybody (or of its recipients) in their
/// language, else in English; written as the daemon writes it, with its event.
#[tokio::test]
async fn announcements_are_pushed_in_each_devices_language() {
    use backbone_domain::announcement::{Announcement, Severity, Text};
    use backbone_domain::events::DomainEvent;
    use backbone_domain::id::AnnouncementId;

    let fake = FakePush::start().await;
    let server = push_server(&fake).await;
    let (english, german) = (server.identity().await, server.identity().await);
    let fcm = |handle: &str| json!({"platform": "fcm", "handle": handle, "appId": "eu.enmeshed.app"});
    assert_result(register(&server, &english, fcm("english-handle")).await, 200).await;
    assert_result(register(&server, &german, fcm("german-handle")).await, 200).await;
    let language = json!({"communicationLanguage": "de"});
    let updated =
        server.authed(Method::PUT, "/api/v2/Devices/Self", &german.token).json(&language).send().await;
    assert_eq!(updated.unwrap().status().as_u16(), 204);

    let text = |language: &str, title: &str| Text {
        language: language.into(),
        title: title.into(),
        body: "…".into(),
    };
    let announcement = Announcement {
        id: AnnouncementId::trusted("ANCpushpushpushpushp".into()),
        created_at: backbone_domain::Clock::now(&server.clock),
        expires_at: None,
        severity: Severity::High,
        is_silent: false,
        texts: vec![text("en", "Maintenance"), text("de", "Wartung")],
        actions: Vec::new(),
        recipients: Vec::new(),
        iql_query: None,
    };
    let mut tx = server.db.begin().await.unwrap();
    backbone_store::announcements::insert(&mut tx, &announcement).await.unwrap();
    let event = DomainEvent::AnnouncementCreated {
        announcement_id: announcement.id.to_string(),
        texts: announcement.texts.clone(),
        recipients: Vec::new(),
    };
    backbone_store::outbox::append(&mut tx, &event, announcement.created_at).await.unwrap();
    tx.commit().await.unwrap();
    server.settle().await;

    let mut pushed: Vec<(String, String, String)> = fake
        .pushes()
        .iter()
        .map(|push| {
            let message = &push.json()["message"];
            let content: Value = serde_json::from_str(message["data"]["content"].as_str().unwrap()).unwrap();
            assert_eq!(content["payload"], json!({"announcementId": "ANCpushpushpushpushp"}));
            (
                message["token"].as_str().unwrap().to_owned(),
                message["notification"]["title"].as_str().unwrap().to_owned(),
                content["eventName"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    pushed.sort();
    assert_eq!(
        pushed,
        [
            ("english-handle".into(), "Maintenance".into(), "NewAnnouncement".into()),
            ("german-handle".into(), "Wartung".into(), "NewAnnouncement".into()),
        ]
    );
}
