//! Spec §5.4 and §10: identity deletion processes, and what an identity to be deleted can still do.

use reqwest::Method;
use serde_json::{Value, json};
use time::Duration;

use crate::harness::*;

const PATH: &str = "/api/v2/Identities/Self/DeletionProcesses";

async fn start(server: &TestServer, identity: &TestIdentity, body: Value) -> reqwest::Response {
    server.authed(Method::POST, PATH, &identity.token).json(&body).send().await.unwrap()
}

async fn cancel(server: &TestServer, identity: &TestIdentity, id: &str) -> reqwest::Response {
    server
        .authed(Method::PUT, &format!("{PATH}/{id}/Cancel"), &identity.token)
        .json(&json!({}))
        .send()
        .await
        .unwrap()
}

async fn identity_self(server: &TestServer, identity: &TestIdentity) -> Value {
    assert_result(
        server.authed(Method::GET, "/api/v2/Identities/Self", &identity.token).send().await.unwrap(),
        200,
    )
    .await
}

#[tokio::test]
async fn starting_and_cancelling_a_deletion_process() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let tier = identity_self(&server, &identity).await["tierId"].clone();
    let process = assert_result(start(&server, &identity, json!({})).await, 201).await;
    let id = process["id"].as_str().unwrap().to_owned();
    assert_eq!(process["status"], "Active");
    assert_eq!(process["createdByDevice"], identity.device_id.as_str());
    assert_eq!(process["approvedAt"], process["createdAt"]);
    let grace_end = backbone_proto::date::format(server.clock_now() + Duration::days(14));
    assert_eq!(process["gracePeriodEndsAt"], grace_end.as_str());
    let error = "error.platform.validation.device.onlyOneActiveDeletionProcessAllowed";
    assert_error(start(&server, &identity, json!({})).await, 400, error).await;

    let me = identity_self(&server, &identity).await;
    assert_eq!(
        (me["status"].clone(), me["tierId"].clone()),
        (json!("ToBeDeleted"), json!("TIR00000000000000001"))
    );
    assert_eq!(me["deletionGracePeriodEndsAt"], grace_end.as_str());
    let listed =
        assert_result(server.authed(Method::GET, PATH, &identity.token).send().await.unwrap(), 200).await;
    assert_eq!(listed, json!([process]));
    let path = format!("{PATH}/{id}");
    assert_eq!(
        assert_result(server.authed(Method::GET, &path, &identity.token).send().await.unwrap(), 200).await,
        process
    );

    let cancelled = assert_result(cancel(&server, &identity, &id).await, 200).await;
    assert_eq!(
        (cancelled["status"].clone(), cancelled["gracePeriodEndsAt"].clone()),
        (json!("Cancelled"), Value::Null)
    );
    let me = identity_self(&server, &identity).await;
    assert_eq!((me["status"].clone(), me["tierId"].clone()), (json!("Active"), tier));
    let error = "error.platform.validation.device.deletionProcessIsNotInRequiredStatus";
    assert_error(cancel(&server, &identity, &id).await, 400, error).await;
    assert_result(start(&server, &identity, json!({"lengthOfGracePeriodInDays": 0.5})).await, 201).await;
}

#[tokio::test]
async fn invalid_unknown_and_foreign_processes() {
    let server = TestServer::start().await;
    let (identity, other) = (server.identity().await, server.identity().await);
    let foreign =
        assert_result(start(&server, &other, json!({})).await, 201).await["id"].as_str().unwrap().to_owned();
    assert_error(cancel(&server, &identity, &foreign).await, 404, "error.platform.recordNotFound").await;
    assert_error(cancel(&server, &identity, "IDPshort").await, 400, "error.platform.validation.invalidId")
        .await;
    assert_error(
        cancel(&server, &identity, "DVCnotaprocess").await,
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
    let get = |id: &str| server.authed(Method::GET, &format!("{PATH}/{id}"), &identity.token).send();
    assert_error(get(&foreign).await.unwrap(), 404, "error.platform.recordNotFound").await;
    assert_error(get("CHLnotaprocess").await.unwrap(), 400, "error.platform.validation.invalidPropertyValue")
        .await;
    let response = start(&server, &identity, json!({"lengthOfGracePeriodInDays": -1})).await;
    assert_error(response, 400, "error.platform.validation.invalidPropertyValue").await;
}

#[tokio::test]
async fn an_identity_to_be_deleted_cannot_sync_and_is_deleted_when_the_grace_period_ends() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    server.external_events(&identity, 0).await;
    let id = assert_result(start(&server, &identity, json!({"lengthOfGracePeriodInDays": 1})).await, 201)
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = server
        .authed(Method::POST, "/api/v2/SyncRuns", &identity.token)
        .header("x-supported-datawallet-version", "1")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_error(
        response,
        400,
        "error.platform.validation.syncRun.cannotStartSyncRunWhileIdentityIsToBeDeleted",
    )
    .await;
    let is_deleted = || {
        server
            .request(Method::GET, &format!("/api/v2/Identities/IsDeleted?username={}", identity.username))
            .send()
    };
    assert_eq!(
        assert_result(is_deleted().await.unwrap(), 200).await,
        json!({"isDeleted": false, "deletionDate": null})
    );
    assert_eq!(
        server.login(&identity.username, PASSWORD).await.status().as_u16(),
        200,
        "login works during the grace period"
    );

    let grace_end = server.clock_now() + Duration::days(1);
    server.clock.advance(Duration::days(1) + Duration::milliseconds(1));
    let deleted = assert_result(is_deleted().await.unwrap(), 200).await;
    assert_eq!(deleted, json!({"isDeleted": true, "deletionDate": backbone_proto::date::format(grace_end)}));
    assert_eq!(server.login(&identity.username, PASSWORD).await.status().as_u16(), 400);
    let error = "error.platform.validation.device.gracePeriodHasAlreadyExpired";
    assert_error(cancel(&server, &identity, &id).await, 400, error).await;
}

#[tokio::test]
async fn peers_learn_about_the_deletion_and_its_cancellation() {
    let server = TestServer::start().await;
    let (leaving, peer) = (server.identity().await, server.identity().await);
    let relationship = server.pending_relationship(&peer, &leaving).await;
    assert_result(server.relationship_action(&leaving, &relationship, "Accept").await, 200).await;
    server.external_events(&peer, 1).await;
    let process = assert_result(start(&server, &leaving, json!({})).await, 201).await;
    let events = server.external_events(&peer, 1).await;
    assert_eq!(events[0]["type"], "PeerToBeDeleted");
    assert_eq!(
        events[0]["payload"],
        json!({"relationshipId": relationship, "deletionDate": process["gracePeriodEndsAt"]})
    );
    assert_result(cancel(&server, &leaving, process["id"].as_str().unwrap()).await, 200).await;
    let events = server.external_events(&peer, 1).await;
    assert_eq!(
        (events[0]["type"].clone(), events[0]["payload"].clone()),
        (json!("PeerDeletionCancelled"), json!({"relationshipId": relationship}))
    );
}

/// The `peer ToBeDeleted` rows of spec §16 for relationships.
#[tokio::test]
async fn relationships_with_an_identity_to_be_deleted() {
    let server = TestServer::start().await;
    let (leaving, a, b, c) =
        (server.identity().await, server.identity().await, server.identity().await, server.identity().await);
    let template = server.template(&leaving, json!({})).await;
    let to_accept = server.pending_relationship(&a, &leaving).await;
    let to_reject = server.pending_relationship(&b, &leaving).await;
    let to_revoke = server.pending_relationship(&c, &leaving).await;
    assert_result(start(&server, &leaving, json!({})).await, 201).await;

    let path = format!("/api/v2/Relationships/CanCreate?peer={}", leaving.address);
    let can_create =
        assert_result(server.authed(Method::GET, &path, &c.token).send().await.unwrap(), 200).await;
    assert_eq!(
        can_create,
        json!({"canCreate": false, "code": "error.platform.validation.relationship.peerIsToBeDeleted"})
    );
    let stranger = server.identity().await;
    let body = json!({"relationshipTemplateId": template});
    let response = server
        .authed(Method::POST, "/api/v2/Relationships", &stranger.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(response, 400, "error.platform.validation.relationship.peerIsToBeDeleted").await;

    // Its tier is now Queued for Deletion, whose quotas let it create no relationship (spec §11): it may
    // answer a request only with no; the others may still revoke theirs.
    let refused = server.relationship_action(&leaving, &to_accept, "Accept").await;
    assert_error(refused, 429, "error.platform.quotaExhausted").await;
    assert_result(server.relationship_action(&leaving, &to_reject, "Reject").await, 200).await;
    assert_result(server.relationship_action(&c, &to_revoke, "Revoke").await, 200).await;
    assert_result(server.relationship_action(&a, &to_accept, "Revoke").await, 200).await;
}
