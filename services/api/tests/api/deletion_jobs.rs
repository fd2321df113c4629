//! Spec §10 steps 2 to 5: the identity deletion jobs, driven pass by pass with the server's clock.
//! Reminders and `DeletionStarts` are observed as pushes to the fake FCM, peers' events through
//! sync runs, and the deleted data through the peers' view of it.

use std::sync::Arc;

use backbone_api::ApiConfig;
use backbone_blob::BlobStore;
use backbone_deletion::{DATA_DELETION_DELAY, DeletionJobs, Report};
use backbone_domain::IdentityAddress;
use backbone_store::deletion_audit;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use time::Duration;

use crate::fake_push::FakePush;
use crate::harness::*;

const PROCESSES: &str = "/api/v2/Identities/Self/DeletionProcesses";
const LONG_LIVED_DAYS: i64 = 60;

async fn push_server(fake: &FakePush) -> TestServer {
    TestServer::start_with(ApiConfig { push: fake.config(), ..dev_config() }).await
}

fn jobs(server: &TestServer) -> DeletionJobs {
    let blobs = BlobStore::open("memory:///", &Default::default()).unwrap();
    DeletionJobs::new(server.db.clone(), blobs, anonymous(), Arc::new(server.clock.clone()))
}

fn anonymous() -> IdentityAddress {
    dev_config().anonymous_address()
}

/// Runs a pass and waits until the relay has handled what it published.
async fn pass(server: &TestServer, jobs: &DeletionJobs) -> Report {
    let report = jobs.pass().await.unwrap();
    server.settle().await;
    report
}

fn report(reminders_sent: u64, deletions_started: u64, deletions_completed: u64) -> Report {
    Report { reminders_sent, deletions_started, deletions_completed, failures: 0 }
}

/// Access tokens live five minutes; the tests move the clock by days.
async fn relogin(server: &TestServer, identity: &mut TestIdentity) {
    identity.token = server.token(&identity.username, PASSWORD).await;
}

async fn register_fcm(server: &TestServer, identity: &TestIdentity, handle: &str) {
    let registration = json!({"platform": "fcm", "handle": handle, "appId": "eu.enmeshed.app"});
    let response = server
        .authed(Method::PUT, "/api/v2/Devices/Self/PushNotifications", &identity.token)
        .json(&registration)
        .send()
        .await
        .unwrap();
    assert_result(response, 200).await;
}

/// The `(eventName, payload)` of every push the fake FCM received for `handle`, and its text.
fn pushes_to(fake: &FakePush, handle: &str) -> Vec<(String, Value, Value)> {
    fake.pushes()
        .iter()
        .map(|push| push.json()["message"].clone())
        .filter(|message| message["token"] == handle)
        .map(|message| {
            let content: Value = serde_json::from_str(message["data"]["content"].as_str().unwrap()).unwrap();
            (
                content["eventName"].as_str().unwrap().to_owned(),
                content["payload"].clone(),
                message["notification"].clone(),
            )
        })
        .collect()
}

fn reminders_to(fake: &FakePush, handle: &str) -> Vec<Value> {
    pushes_to(fake, handle)
        .into_iter()
        .filter(|(name, ..)| name == "DeletionProcessGracePeriodReminder")
        .map(|(_, payload, _)| payload["daysUntilDeletion"].clone())
        .collect()
}

async fn start_deletion(server: &TestServer, identity: &TestIdentity, days: f64) -> Value {
    let body = json!({"lengthOfGracePeriodInDays": days});
    assert_result(
        server.authed(Method::POST, PROCESSES, &identity.token).json(&body).send().await.unwrap(),
        201,
    )
    .await
}

async fn process(server: &TestServer, identity: &TestIdentity, id: &Value) -> Value {
    let path = format!("{PROCESSES}/{}", id.as_str().unwrap());
    assert_result(server.authed(Method::GET, &path, &identity.token).send().await.unwrap(), 200).await
}

fn date_in(server: &TestServer, by: Duration) -> String {
    backbone_proto::date::format(server.clock_now() + by)
}

#[tokio::test]
async fn reminders_are_pushed_once_at_12_10_and_5_days_before_the_end() {
    let fake = FakePush::start().await;
    let server = push_server(&fake).await;
    let jobs = jobs(&server);
    let (mut leaving, mut cancelling) = (server.identity().await, server.identity().await);
    register_fcm(&server, &leaving, "leaving-handle").await;
    register_fcm(&server, &cancelling, "cancelling-handle").await;
    let started = start_deletion(&server, &leaving, 14.0).await;
    let cancelled = start_deletion(&server, &cancelling, 14.0).await;
    let path = format!("{PROCESSES}/{}/Cancel", cancelled["id"].as_str().unwrap());
    assert_result(
        server.authed(Method::PUT, &path, &cancelling.token).json(&json!({})).send().await.unwrap(),
        200,
    )
    .await;
    assert_eq!(pass(&server, &jobs).await, report(0, 0, 0), "14 days left: nothing is due");

    let mut sent_at = Vec::new();
    for (advance, days_left) in [(2, 12), (2, 10), (5, 5)] {
        server.clock.advance(Duration::days(advance));
        assert_eq!(pass(&server, &jobs).await, report(1, 0, 0), "{days_left} days left");
        assert_eq!(pass(&server, &jobs).await, report(0, 0, 0), "each reminder once");
        sent_at.push(backbone_proto::date::format(server.clock_now()));
    }
    server.clock.advance(Duration::days(4));
    assert_eq!(pass(&server, &jobs).await, report(0, 0, 0), "one day left: no reminder after the third");

    assert_eq!(reminders_to(&fake, "leaving-handle"), [json!(12), json!(10), json!(5)]);
    let (_, _, text) = pushes_to(&fake, "leaving-handle").pop().unwrap();
    assert_eq!(text["title"], "Your identity will be deleted");
    assert!(reminders_to(&fake, "cancelling-handle").is_empty(), "a cancelled process reminds nobody");

    relogin(&server, &mut leaving).await;
    relogin(&server, &mut cancelling).await;
    let reminded = process(&server, &leaving, &started["id"]).await;
    let sent: Vec<Value> =
        (1..=3).map(|n| reminded[format!("gracePeriodReminder{n}SentAt")].clone()).collect();
    assert_eq!(sent, sent_at.iter().map(|at| json!(at)).collect::<Vec<_>>());
    let not_reminded = process(&server, &cancelling, &cancelled["id"]).await;
    assert_eq!(not_reminded["gracePeriodReminder1SentAt"], Value::Null);
    let audit = deletion_audit::of_identity(
        &mut server.db.conn().await.unwrap(),
        &IdentityAddress::trusted(leaving.address.clone()),
    )
    .await
    .unwrap();
    let messages: Vec<&str> = audit.iter().map(|entry| entry.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "StartedByOwner",
            "GracePeriodReminder1Sent",
            "GracePeriodReminder2Sent",
            "GracePeriodReminder3Sent"
        ]
    );
}

#[tokio::test]
async fn a_job_that_missed_thresholds_sends_only_the_most_urgent_reminder() {
    let fake = FakePush::start().await;
    let server = push_server(&fake).await;
    let jobs = jobs(&server);
    let mut leaving = server.identity().await;
    register_fcm(&server, &leaving, "late-handle").await;
    let started = start_deletion(&server, &leaving, 4.5).await;
    assert_eq!(pass(&server, &jobs).await, report(1, 0, 0));
    assert_eq!(pass(&server, &jobs).await, report(0, 0, 0));
    assert_eq!(reminders_to(&fake, "late-handle"), [json!(5)], "4.5 days are rounded up");
    relogin(&server, &mut leaving).await;
    let reminded = process(&server, &leaving, &started["id"]).await;
    let now = json!(backbone_proto::date::format(server.clock_now()));
    for n in 1..=3 {
        assert_eq!(reminded[format!("gracePeriodReminder{n}SentAt")], now, "reminder {n} counts as sent");
    }
}

fn file_form(server: &TestServer) -> Form {
    Form::new()
        .part(
            "content",
            Part::bytes(vec![1, 2, 3]).file_name("cipher.bin").mime_str("application/octet-stream").unwrap(),
        )
        .text("cipherHash", "AQID")
        .text("ownerSignature", "BAUG")
        .text("expiresAt", date_in(server, Duration::days(LONG_LIVED_DAYS)))
        .text("encryptedProperties", "BwgJ")
}

/// What the leaving identity leaves behind, as ids.
struct Belongings {
    template: String,
    token: String,
    file: String,
    token_for_it: String,
    message_from_it: String,
    message_to_it: String,
}

async fn belongings(server: &TestServer, leaving: &TestIdentity, peer: &TestIdentity) -> Belongings {
    let template = server.template(leaving, json!({})).await;
    let expires = date_in(server, Duration::days(LONG_LIVED_DAYS));
    let token = |owner: &TestIdentity, body: Value| {
        server.authed(Method::POST, "/api/v2/Tokens", &owner.token).json(&body).send()
    };
    let token_id = |response| async { assert_result(response, 201).await["id"].as_str().unwrap().to_owned() };
    let own_token =
        token_id(token(leaving, json!({"content": "AQID", "expiresAt": expires})).await.unwrap()).await;
    let token_for_it = token_id(
        token(peer, json!({"content": "AQID", "expiresAt": expires, "forIdentity": leaving.address}))
            .await
            .unwrap(),
    )
    .await;
    let response = server
        .authed(Method::POST, "/api/v2/Files", &leaving.token)
        .multipart(file_form(server))
        .send()
        .await
        .unwrap();
    let file = assert_result(response, 201).await["id"].as_str().unwrap().to_owned();
    let message = |from: &TestIdentity, to: &TestIdentity| {
        let body = json!({"recipients": [{"address": to.address, "encryptedKey": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"}],
            "body": "AQID", "attachments": []});
        server.authed(Method::POST, "/api/v2/Messages", &from.token).json(&body).send()
    };
    let message_from_it =
        assert_result(message(leaving, peer).await.unwrap(), 201).await["id"].as_str().unwrap().to_owned();
    let message_to_it =
        assert_result(message(peer, leaving).await.unwrap(), 201).await["id"].as_str().unwrap().to_owned();
    Belongings { template, token: own_token, file, token_for_it, message_from_it, message_to_it }
}

async fn get(server: &TestServer, reader: &TestIdentity, path: &str) -> reqwest::Response {
    server.authed(Method::GET, path, &reader.token).send().await.unwrap()
}

async fn is_deleted(server: &TestServer, identity: &TestIdentity) -> Value {
    let path = format!("/api/v2/Identities/IsDeleted?username={}", identity.username);
    assert_result(server.request(Method::GET, &path).send().await.unwrap(), 200).await
}

fn event_summary(events: &[Value]) -> Vec<(String, Value)> {
    events
        .iter()
        .map(|event| (event["type"].as_str().unwrap().to_owned(), event["payload"]["relationshipId"].clone()))
        .collect()
}

#[tokio::test]
async fn the_actual_deletion_tells_devices_and_peers_first_and_deletes_the_data_on_a_later_pass() {
    let fake = FakePush::start().await;
    let server = push_server(&fake).await;
    let jobs = jobs(&server);
    let (leaving, mut active, mut pending, mut rejected) =
        (server.identity().await, server.identity().await, server.identity().await, server.identity().await);
    let active_relationship = server.pending_relationship(&active, &leaving).await;
    assert_result(server.relationship_action(&leaving, &active_relationship, "Accept").await, 200).await;
    let pending_relationship = server.pending_relationship(&pending, &leaving).await;
    let rejected_relationship = server.pending_relationship(&rejected, &leaving).await;
    assert_result(server.relationship_action(&leaving, &rejected_relationship, "Reject").await, 200).await;
    server.external_events(&active, 1).await;
    server.external_events(&pending, 0).await;
    server.external_events(&rejected, 1).await;
    let left = belongings(&server, &leaving, &active).await;
    server.external_events(&active, 1).await;
    // Earlier events of the leaving identity must not reach the handle registered next.
    server.settle().await;
    register_fcm(&server, &leaving, "leaving-handle").await;
    let started = start_deletion(&server, &leaving, 1.0).await;
    let grace_end = started["gracePeriodEndsAt"].clone();
    for peer in [&active, &pending] {
        assert_eq!(server.external_events(peer, 1).await[0]["type"], "PeerToBeDeleted");
    }
    assert_eq!(pass(&server, &jobs).await, report(1, 0, 0), "a one-day grace period is reminded at once");

    // Phase one: the grace period is over.
    server.clock.advance(Duration::days(1) + Duration::milliseconds(1));
    assert_eq!(pass(&server, &jobs).await, report(0, 1, 0));
    let deletion_started = backbone_proto::date::format(server.clock_now());
    let names: Vec<String> = pushes_to(&fake, "leaving-handle").into_iter().map(|(name, ..)| name).collect();
    assert_eq!(names, ["DeletionProcessStarted", "DeletionProcessGracePeriodReminder", "DeletionStarts"]);
    for (peer, relationship) in [(&mut active, &active_relationship), (&mut pending, &pending_relationship)] {
        relogin(&server, peer).await;
        let events = server.external_events(peer, 1).await;
        assert_eq!(
            (events[0]["type"].clone(), events[0]["payload"].clone()),
            (json!("PeerDeleted"), json!({"relationshipId": relationship, "deletionDate": deletion_started})),
        );
    }
    relogin(&server, &mut rejected).await;
    server.external_events(&rejected, 0).await;
    assert_eq!(is_deleted(&server, &leaving).await, json!({"isDeleted": true, "deletionDate": grace_end}));
    assert_result(get(&server, &active, &format!("/api/v2/Tokens/{}", left.token)).await, 200).await;

    // Phase two waits a little, so that the pushes and peer events above go out first.
    assert_eq!(pass(&server, &jobs).await, report(0, 0, 0));
    server.clock.advance(DATA_DELETION_DELAY - Duration::milliseconds(1));
    assert_eq!(pass(&server, &jobs).await, report(0, 0, 0));
    server.clock.advance(Duration::milliseconds(1));
    assert_eq!(pass(&server, &jobs).await, report(0, 0, 1));
    let completed = backbone_proto::date::format(server.clock_now());
    assert_eq!(pass(&server, &jobs).await, Report::default(), "nothing left to do");
    assert_eq!(pushes_to(&fake, "leaving-handle").len(), 3, "no push after the registrations are gone");

    // Every peer learns that its relationship was decomposed; the deleted identity is anonymous.
    let anonymous = anonymous().into_string();
    for (peer, relationship) in [
        (&mut active, &active_relationship),
        (&mut pending, &pending_relationship),
        (&mut rejected, &rejected_relationship),
    ] {
        relogin(&server, peer).await;
        let events = server.external_events(peer, 1).await;
        assert_eq!(event_summary(&events), [("RelationshipStatusChanged".to_owned(), json!(relationship))]);
        let seen =
            assert_result(get(&server, peer, &format!("/api/v2/Relationships/{relationship}")).await, 200)
                .await;
        assert_eq!(seen["status"], "DeletionProposed");
        assert_eq!(seen["to"], anonymous.as_str(), "the deleted identity created the templates");
        assert_eq!(seen["from"], peer.address.as_str());
        let last = seen["auditLog"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            (last["reason"].clone(), last["createdBy"].clone(), last["newStatus"].clone()),
            (json!("DecompositionDueToIdentityDeletion"), json!(anonymous), json!("DeletionProposed"))
        );
        assert!(
            seen["auditLog"]
                .as_array()
                .unwrap()
                .iter()
                .all(|entry| entry["createdBy"] != leaving.address.as_str()),
            "{seen}"
        );
    }

    // Its templates, tokens and files are gone; what others made for it is anonymised.
    for path in [
        format!("/api/v2/RelationshipTemplates/{}", left.template),
        format!("/api/v2/Tokens/{}", left.token),
        format!("/api/v2/Files/{}/Metadata", left.file),
        format!("/api/v2/Files/{}", left.file),
    ] {
        assert_error(get(&server, &active, &path).await, 404, "error.platform.recordNotFound").await;
    }
    let token_for_it =
        assert_result(get(&server, &active, &format!("/api/v2/Tokens/{}", left.token_for_it)).await, 200)
            .await;
    assert_eq!(token_for_it["forIdentity"], anonymous.as_str());
    let from_it = assert_result(
        get(&server, &active, &format!("/api/v2/Messages/{}", left.message_from_it)).await,
        200,
    )
    .await;
    assert_eq!(from_it["createdBy"], anonymous.as_str());
    assert_eq!(from_it["recipients"][0]["address"], active.address.as_str());
    let to_it =
        assert_result(get(&server, &active, &format!("/api/v2/Messages/{}", left.message_to_it)).await, 200)
            .await;
    assert_eq!(to_it["recipients"][0]["address"], anonymous.as_str());

    // The identity itself is gone, but still known as deleted.
    assert_eq!(is_deleted(&server, &leaving).await, json!({"isDeleted": true, "deletionDate": completed}));
    assert_eq!(server.login(&leaving.username, PASSWORD).await.status().as_u16(), 400);
    let can_create =
        get(&server, &active, &format!("/api/v2/Relationships/CanCreate?peer={}", leaving.address)).await;
    assert_error(can_create, 404, "error.platform.recordNotFound").await;
    let leaving_address = IdentityAddress::trusted(leaving.address.clone());
    let audit =
        deletion_audit::of_identity(&mut server.db.conn().await.unwrap(), &leaving_address).await.unwrap();
    let entries: Vec<(&str, Option<&str>)> =
        audit.iter().map(|entry| (entry.message.as_str(), entry.additional_data.as_deref())).collect();
    assert_eq!(
        entries,
        [
            ("StartedByOwner", None),
            ("GracePeriodReminder3Sent", None),
            ("DeletionStarted", None),
            ("DataDeleted", Some("Challenges")),
            ("DataDeleted", Some("Files")),
            ("DataDeleted", Some("Messages")),
            ("DataDeleted", Some("Relationships")),
            ("DataDeleted", Some("Synchronization")),
            ("DataDeleted", Some("Tokens")),
            ("DataDeleted", Some("Identities")),
            ("DeletionCompleted", None),
        ]
    );

    // Once the peer decomposes too, nothing real is left in their messages: they are deleted.
    let decomposed = server.relationship_action(&active, &active_relationship, "Decompose").await;
    assert_eq!(assert_result(decomposed, 200).await["status"], "ReadyForDeletion");
    server.settle().await;
    let messages: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages")
        .fetch_one(&mut *server.db.conn().await.unwrap())
        .await
        .unwrap();
    assert_eq!(messages, 0);
}
