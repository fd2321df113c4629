//! Spec §5.8 and §6.3: sending and reading messages, and when recipients learn about them.

use reqwest::Method;
use serde_json::{Value, json};

use crate::harness::*;

/// 32 bytes, base64url: a plausible encrypted key.
const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

fn message_to(recipients: &[&TestIdentity]) -> Value {
    let recipients: Vec<Value> =
        recipients.iter().map(|r| json!({"address": r.address, "encryptedKey": KEY})).collect();
    json!({"recipients": recipients, "body": "AQID", "attachments": [{"id": "FILaaaaaaaaaaaaaaaaa"}]})
}

async fn send(server: &TestServer, sender: &TestIdentity, body: &Value) -> reqwest::Response {
    server.authed(Method::POST, "/api/v2/Messages", &sender.token).json(body).send().await.unwrap()
}

async fn sent(server: &TestServer, sender: &TestIdentity, recipients: &[&TestIdentity]) -> String {
    assert_result(send(server, sender, &message_to(recipients)).await, 201).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// An active relationship between the two.
async fn related(server: &TestServer, a: &TestIdentity, b: &TestIdentity) -> String {
    let id = server.pending_relationship(a, b).await;
    assert_result(server.relationship_action(b, &id, "Accept").await, 200).await;
    id
}

/// The ids of the `MessageReceived` events `owner` gets now.
async fn received_events(server: &TestServer, owner: &TestIdentity, count: usize) -> Vec<String> {
    let events = server.external_events(owner, count).await;
    events
        .iter()
        .filter(|event| event["type"] == "MessageReceived")
        .map(|event| event["payload"]["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn sends_to_related_identities_and_tells_them() {
    let server = TestServer::start().await;
    let (a, b, c) = (server.identity().await, server.identity().await, server.identity().await);
    related(&server, &a, &b).await;
    related(&server, &a, &c).await;
    server.external_events(&a, 2).await;
    server.external_events(&b, 1).await;
    server.external_events(&c, 1).await;
    let id = sent(&server, &a, &[&b, &c]).await;
    assert!(id.starts_with("MSG"));
    assert_eq!(received_events(&server, &b, 1).await, [id.clone()]);
    assert_eq!(received_events(&server, &c, 1).await, [id.clone()]);

    let as_sender = assert_result(
        server.authed(Method::GET, &format!("/api/v2/Messages/{id}"), &a.token).send().await.unwrap(),
        200,
    )
    .await;
    assert_eq!(as_sender["createdBy"], a.address.as_str());
    assert_eq!(as_sender["createdByDevice"], a.device_id.as_str());
    assert_eq!(as_sender["body"], "AQID");
    assert_eq!(as_sender["attachments"], json!([{"id": "FILaaaaaaaaaaaaaaaaa"}]));
    assert_eq!(as_sender["recipients"].as_array().unwrap().len(), 2);
    assert_eq!(as_sender["recipients"][0]["receivedAt"], Value::Null);

    let as_b = assert_result(
        server
            .authed(Method::GET, &format!("/api/v2/Messages/{id}?noBody=true"), &b.token)
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    assert_eq!(as_b["recipients"].as_array().unwrap().len(), 1, "a recipient sees only its own entry");
    assert_eq!(as_b["recipients"][0]["address"], b.address.as_str());
    assert_eq!(as_b["recipients"][0]["encryptedKey"], KEY);
    assert_eq!(as_b["recipients"][0]["receivedByDevice"], b.device_id.as_str());
    let first_receipt = as_b["recipients"][0]["receivedAt"].clone();
    assert!(first_receipt.is_string());
    server.clock.advance(time::Duration::seconds(5));
    let again = assert_result(
        server.authed(Method::GET, &format!("/api/v2/Messages/{id}"), &b.token).send().await.unwrap(),
        200,
    )
    .await;
    assert_eq!(again["recipients"][0]["receivedAt"], first_receipt, "the first fetch wins");
}

#[tokio::test]
async fn lists_sent_and_received_messages_and_hides_others() {
    let server = TestServer::start().await;
    let (a, b, stranger) = (server.identity().await, server.identity().await, server.identity().await);
    related(&server, &a, &b).await;
    let m1 = sent(&server, &a, &[&b]).await;
    server.clock.advance(time::Duration::seconds(1));
    let m2 = sent(&server, &b, &[&a]).await;
    let list = |who: &TestIdentity, query: &str| {
        server.authed(Method::GET, &format!("/api/v2/Messages{query}"), &who.token).send()
    };
    let ids = |result: Value| -> Vec<String> {
        result.as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(ids(assert_result(list(&a, "").await.unwrap(), 200).await), [m1.clone(), m2.clone()]);
    assert_eq!(ids(assert_result(list(&a, &format!("?ids={m2}")).await.unwrap(), 200).await), [m2.clone()]);
    assert!(ids(assert_result(list(&stranger, "").await.unwrap(), 200).await).is_empty());
    let get = |who: &TestIdentity, id: &str| {
        server.authed(Method::GET, &format!("/api/v2/Messages/{id}"), &who.token).send()
    };
    assert_error(get(&stranger, &m1).await.unwrap(), 404, "error.platform.recordNotFound").await;
    assert_error(get(&a, "MSGthisisnonexisting").await.unwrap(), 404, "error.platform.recordNotFound").await;
    assert_error(
        get(&a, "FILnotamessage").await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
    assert_error(
        list(&a, "?ids=notanid").await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
}

#[tokio::test]
async fn relationship_rules_for_sending() {
    let server = TestServer::start().await;
    let (a, pending, terminated, rejected, stranger, leaving) = (
        server.identity().await,
        server.identity().await,
        server.identity().await,
        server.identity().await,
        server.identity().await,
        server.identity().await,
    );
    server.pending_relationship(&a, &pending).await;
    let to_terminate = related(&server, &a, &terminated).await;
    assert_result(server.relationship_action(&a, &to_terminate, "Terminate").await, 200).await;
    let to_reject = server.pending_relationship(&a, &rejected).await;
    assert_result(server.relationship_action(&rejected, &to_reject, "Reject").await, 200).await;
    related(&server, &a, &leaving).await;
    let path = "/api/v2/Identities/Self/DeletionProcesses";
    assert_result(
        server.authed(Method::POST, path, &leaving.token).json(&json!({})).send().await.unwrap(),
        201,
    )
    .await;

    for recipient in [&pending, &terminated, &leaving] {
        assert_result(send(&server, &a, &message_to(&[recipient])).await, 201).await;
    }
    assert_error(
        send(&server, &a, &message_to(&[&stranger])).await,
        400,
        "error.platform.validation.message.noRelationshipToRecipientExists",
    )
    .await;
    assert_error(
        send(&server, &a, &message_to(&[&rejected])).await,
        400,
        "error.platform.validation.message.relationshipToRecipientNotActive",
    )
    .await;
}

#[tokio::test]
async fn a_recipient_can_only_be_flooded_up_to_the_limit() {
    let mut config = dev_config();
    config.messages.max_unreceived_from_one_sender = 2;
    let server = TestServer::start_with(config).await;
    let (a, b) = (server.identity().await, server.identity().await);
    related(&server, &a, &b).await;
    sent(&server, &a, &[&b]).await;
    sent(&server, &a, &[&b]).await;
    assert_error(
        send(&server, &a, &message_to(&[&b])).await,
        400,
        "error.platform.validation.message.maxNumberOfUnreceivedMessagesReached",
    )
    .await;
    assert_result(server.authed(Method::GET, "/api/v2/Messages", &b.token).send().await.unwrap(), 200).await;
    sent(&server, &a, &[&b]).await;
}

#[tokio::test]
async fn sending_input_is_validated() {
    let server = TestServer::start().await;
    let (a, b) = (server.identity().await, server.identity().await);
    related(&server, &a, &b).await;
    let valid = message_to(&[&b]);
    let with = |pointer: &str, value: Value| {
        let mut body = valid.clone();
        *body.pointer_mut(pointer).unwrap() = value;
        body
    };
    let invalid = [
        with("/recipients", json!([])),
        with(
            "/recipients",
            json!([{"address": b.address, "encryptedKey": KEY}, {"address": b.address, "encryptedKey": KEY}]),
        ),
        with("/recipients/0/encryptedKey", json!("AAEC")),
        with("/recipients/0/address", json!("did:e:localhost:dids:nothing")),
        with("/body", json!("")),
        with("/attachments", json!(vec![json!({"id": "FILaaaaaaaaaaaaaaaaa"}); 21])),
    ];
    for body in invalid {
        assert_error(send(&server, &a, &body).await, 400, "error.platform.validation.invalidPropertyValue")
            .await;
    }
    assert_error(
        send(&server, &a, &with("/attachments/0/id", json!("MSGnotafile"))).await,
        400,
        "PredicateValidator",
    )
    .await;
    let six: Vec<Value> = (0..21).map(|_| json!({"address": b.address, "encryptedKey": KEY})).collect();
    assert_error(
        send(&server, &a, &with("/recipients", json!(six))).await,
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
}

/// The `GET /SyncRuns/{id}/ExternalEvents` rows of spec §16 about messages.
#[tokio::test]
async fn message_events_wait_for_an_active_relationship() {
    let server = TestServer::start().await;
    let (i1, i2) = (server.identity().await, server.identity().await);
    // While pending: no event; once accepted: the event arrives.
    let relationship = server.pending_relationship(&i1, &i2).await;
    server.external_events(&i2, 1).await;
    let while_pending = sent(&server, &i1, &[&i2]).await;
    assert!(received_events(&server, &i2, 0).await.is_empty());
    assert_result(server.relationship_action(&i2, &relationship, "Accept").await, 200).await;
    assert_eq!(received_events(&server, &i2, 1).await, [while_pending]);

    // Sent while active, then terminated: still delivered.
    let while_active = sent(&server, &i1, &[&i2]).await;
    assert_result(server.relationship_action(&i1, &relationship, "Terminate").await, 200).await;
    assert_eq!(received_events(&server, &i2, 2).await, [while_active]);

    // Sent while terminated: blocked until the relationship is reactivated.
    let while_terminated = sent(&server, &i1, &[&i2]).await;
    assert!(received_events(&server, &i2, 0).await.is_empty());
    assert_result(server.relationship_action(&i1, &relationship, "Reactivate").await, 200).await;
    assert_result(server.relationship_action(&i2, &relationship, "Reactivate/Accept").await, 200).await;
    assert_eq!(received_events(&server, &i2, 2).await, [while_terminated]);
}

#[tokio::test]
async fn decomposing_drops_the_decomposers_undelivered_message_events() {
    let server = TestServer::start().await;
    let (i1, i2) = (server.identity().await, server.identity().await);
    let old = related(&server, &i1, &i2).await;
    server.external_events(&i1, 1).await;
    server.external_events(&i2, 1).await;
    sent(&server, &i1, &[&i2]).await;
    assert_result(server.relationship_action(&i1, &old, "Terminate").await, 200).await;
    assert_result(server.relationship_action(&i2, &old, "Decompose").await, 200).await;
    assert_result(server.relationship_action(&i1, &old, "Decompose").await, 200).await;
    related(&server, &i1, &i2).await;
    let events = server.external_events(&i2, 2).await;
    assert!(
        events.iter().all(|event| event["type"] == "RelationshipStatusChanged"),
        "the message's event is gone: {events:?}"
    );
}

/// Ends a relationship and decomposes it, by `first` and optionally then `second`.
async fn decompose(
    server: &TestServer,
    relationship: &str,
    first: &TestIdentity,
    second: Option<&TestIdentity>,
) {
    let _ = server.relationship_action(first, relationship, "Terminate").await;
    assert_result(server.relationship_action(first, relationship, "Decompose").await, 200).await;
    if let Some(second) = second {
        assert_result(server.relationship_action(second, relationship, "Decompose").await, 200).await;
    }
}

/// The message `reader` sees, after the relay handled the decomposition, or `None`.
async fn seen(server: &TestServer, reader: &TestIdentity, id: &str) -> Option<Value> {
    server.settle().await;
    let listed = assert_result(
        server.authed(Method::GET, "/api/v2/Messages", &reader.token).send().await.unwrap(),
        200,
    )
    .await;
    listed.as_array().unwrap().iter().find(|message| message["id"] == id).cloned()
}

fn anonymous() -> String {
    backbone_domain::IdentityAddress::anonymous("localhost").into_string()
}

fn recipient_addresses(message: &Value) -> Vec<String> {
    message["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["address"].as_str().unwrap().to_owned())
        .collect()
}

/// The `GET /Messages` decomposition rows of spec §16: i1 sent m to i2 and i3.
#[tokio::test]
async fn decomposition_hides_and_anonymises_messages() {
    async fn setup(
        server: &TestServer,
    ) -> (TestIdentity, TestIdentity, TestIdentity, String, String, String) {
        let (i1, i2, i3) = (server.identity().await, server.identity().await, server.identity().await);
        let r12 = related(server, &i1, &i2).await;
        let r13 = related(server, &i1, &i3).await;
        let m = sent(server, &i1, &[&i2, &i3]).await;
        (i1, i2, i3, r12, r13, m)
    }
    let server = TestServer::start().await;

    let (i1, i2, _, r12, _, m) = setup(&server).await;
    decompose(&server, &r12, &i1, None).await;
    let message = seen(&server, &i1, &m).await.expect("the sender still sees m");
    assert_eq!(recipient_addresses(&message)[0], anonymous(), "i2 is anonymised for the sender");
    assert!(seen(&server, &i2, &m).await.is_some(), "i2 did not decompose");

    let (i1, i2, _, r12, _, m) = setup(&server).await;
    decompose(&server, &r12, &i2, None).await;
    assert!(seen(&server, &i1, &m).await.is_some(), "the sender sees m when only i2 decomposed");
    assert!(seen(&server, &i2, &m).await.is_none(), "a recipient that decomposed no longer sees m");

    let (i1, i2, i3, r12, _, m) = setup(&server).await;
    decompose(&server, &r12, &i1, Some(&i2)).await;
    let message = seen(&server, &i1, &m).await.expect("the sender still sees m");
    assert_eq!(recipient_addresses(&message), [anonymous(), i3.address.clone()]);
    assert!(seen(&server, &i3, &m).await.is_some(), "i3 still sees m");

    let (i1, _, _, r12, r13, m) = setup(&server).await;
    decompose(&server, &r12, &i1, None).await;
    decompose(&server, &r13, &i1, None).await;
    assert!(seen(&server, &i1, &m).await.is_none(), "the sender decomposed with every recipient");

    let (i1, i2, i3, r12, r13, m) = setup(&server).await;
    decompose(&server, &r12, &i1, Some(&i2)).await;
    decompose(&server, &r13, &i1, Some(&i3)).await;
    assert!(seen(&server, &i1, &m).await.is_none());
    let path = format!("/api/v2/Messages/{m}");
    assert_error(
        server.authed(Method::GET, &path, &i3.token).send().await.unwrap(),
        404,
        "error.platform.recordNotFound",
    )
    .await;
    let remaining: i64 = {
        use sqlx::Executor as _;
        let mut conn = server.db.conn().await.unwrap();
        let row = conn
            .fetch_one(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM messages WHERE id = '{m}'")))
            .await
            .unwrap();
        sqlx::Row::try_get(&row, 0).unwrap()
    };
    assert_eq!(remaining, 0, "a message left with nobody real is deleted");
}
