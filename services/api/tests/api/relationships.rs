//! Spec §5.11 and §9: the relationship state machine through HTTP, every allowed and forbidden
//! transition, and the external events that tell the peer.

use reqwest::Method;
use serde_json::{Value, json};

use crate::harness::*;

const NOT_IN_STATUS: &str = "error.platform.validation.relationship.relationshipIsNotInCorrectStatus";

async fn status(server: &TestServer, reader: &TestIdentity, id: &str) -> Value {
    let path = format!("/api/v2/Relationships/{id}");
    assert_result(server.authed(Method::GET, &path, &reader.token).send().await.unwrap(), 200).await["status"]
        .clone()
}

async fn ok(server: &TestServer, actor: &TestIdentity, id: &str, action: &str) -> Value {
    assert_result(server.relationship_action(actor, id, action).await, 200).await
}

async fn refused(server: &TestServer, actor: &TestIdentity, id: &str, action: &str, code: &str) {
    assert_error(server.relationship_action(actor, id, action).await, 400, code).await;
}

/// The one external event `owner` got: its type and relationship id.
async fn event_of(server: &TestServer, owner: &TestIdentity) -> (String, String) {
    let events = server.external_events(owner, 1).await;
    (
        events[0]["type"].as_str().unwrap().to_owned(),
        events[0]["payload"]["relationshipId"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn request_and_accept() {
    let server = TestServer::start().await;
    let (from, to) = (server.identity().await, server.identity().await);
    let id = server.pending_relationship(&from, &to).await;
    assert_eq!(event_of(&server, &to).await, ("RelationshipStatusChanged".into(), id.clone()));
    let full = assert_result(
        server.authed(Method::GET, &format!("/api/v2/Relationships/{id}"), &to.token).send().await.unwrap(),
        200,
    )
    .await;
    assert_eq!(full["from"], from.address.as_str());
    assert_eq!(full["to"], to.address.as_str());
    assert_eq!(full["creationContent"], "BAU");
    assert_eq!(full["creationResponseContent"], Value::Null);
    assert_eq!(full["auditLog"][0]["reason"], "Creation");
    assert_eq!(full["auditLog"][0]["oldStatus"], Value::Null);

    refused(
        &server,
        &from,
        &id,
        "Accept",
        "error.platform.validation.relationship.cannotAcceptOrRejectRelationshipAddressedToSomeoneElse",
    )
    .await;
    let path = format!("/api/v2/Relationships/{id}/Accept");
    let body = json!({"creationResponseContent": "BgcI"});
    let accepted =
        assert_result(server.authed(Method::PUT, &path, &to.token).json(&body).send().await.unwrap(), 200)
            .await;
    assert_eq!(accepted["status"], "Active");
    let log: Vec<_> = accepted["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["reason"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(log, ["Creation", "AcceptanceOfCreation"]);
    assert_eq!(accepted["auditLog"][1]["createdBy"], to.address.as_str());
    assert_eq!(accepted["auditLog"][1]["createdByDevice"], to.device_id.as_str());
    assert_eq!(event_of(&server, &from).await, ("RelationshipStatusChanged".into(), id.clone()));
    let full = assert_result(
        server.authed(Method::GET, &format!("/api/v2/Relationships/{id}"), &from.token).send().await.unwrap(),
        200,
    )
    .await;
    assert_eq!(full["creationResponseContent"], "BgcI");
    refused(&server, &to, &id, "Accept", NOT_IN_STATUS).await;
}

#[tokio::test]
async fn reject_and_revoke_end_pending_requests() {
    let server = TestServer::start().await;
    let (from, to) = (server.identity().await, server.identity().await);
    let id = server.pending_relationship(&from, &to).await;
    refused(
        &server,
        &from,
        &id,
        "Reject",
        "error.platform.validation.relationship.cannotAcceptOrRejectRelationshipAddressedToSomeoneElse",
    )
    .await;
    refused(
        &server,
        &to,
        &id,
        "Revoke",
        "error.platform.validation.relationship.cannotRevokeRelationshipNotCreatedByYourself",
    )
    .await;
    assert_eq!(ok(&server, &to, &id, "Reject").await["status"], "Rejected");
    refused(&server, &from, &id, "Revoke", NOT_IN_STATUS).await;
    refused(&server, &to, &id, "Terminate", NOT_IN_STATUS).await;

    let other = server.pending_relationship(&from, &to).await;
    assert_eq!(ok(&server, &from, &other, "Revoke").await["status"], "Revoked");
    let to_events = server.external_events(&to, 3).await;
    let about = |index: usize| to_events[index]["payload"]["relationshipId"].as_str().unwrap().to_owned();
    assert!(to_events.iter().all(|event| event["type"] == "RelationshipStatusChanged"));
    assert_eq!([about(0), about(1), about(2)], [id, other.clone(), other], "two requests and a revocation");
}

#[tokio::test]
async fn terminate_reactivate_and_the_open_request_rules() {
    let server = TestServer::start().await;
    let (a, b) = (server.identity().await, server.identity().await);
    let id = server.pending_relationship(&a, &b).await;
    refused(&server, &a, &id, "Terminate", NOT_IN_STATUS).await;
    ok(&server, &b, &id, "Accept").await;
    refused(&server, &a, &id, "Reactivate", NOT_IN_STATUS).await;
    refused(&server, &a, &id, "Decompose", NOT_IN_STATUS).await;
    assert_eq!(ok(&server, &a, &id, "Terminate").await["status"], "Terminated");
    server.external_events(&b, 2).await;

    refused(
        &server,
        &b,
        &id,
        "Reactivate/Accept",
        "error.platform.validation.relationship.noAcceptableRelationshipReactivationRequestExists",
    )
    .await;
    refused(
        &server,
        &b,
        &id,
        "Reactivate/Reject",
        "error.platform.validation.relationship.noRejectableReactivationRequestExists",
    )
    .await;
    refused(
        &server,
        &a,
        &id,
        "Reactivate/Revoke",
        "error.platform.validation.relationship.noRevocableReactivationRequestExists",
    )
    .await;
    assert_eq!(ok(&server, &a, &id, "Reactivate").await["status"], "Terminated");
    assert_eq!(event_of(&server, &b).await, ("RelationshipReactivationRequested".into(), id.clone()));
    refused(&server, &b, &id, "Reactivate", "error.platform.validation.relationship.cannotRequestReactivationWhenThereIsAnOpenReactivationRequest").await;
    refused(
        &server,
        &a,
        &id,
        "Reactivate/Accept",
        "error.platform.validation.relationship.noAcceptableRelationshipReactivationRequestExists",
    )
    .await;
    refused(
        &server,
        &b,
        &id,
        "Reactivate/Revoke",
        "error.platform.validation.relationship.noRevocableReactivationRequestExists",
    )
    .await;

    ok(&server, &a, &id, "Reactivate/Revoke").await;
    assert_eq!(event_of(&server, &b).await, ("RelationshipReactivationCompleted".into(), id.clone()));
    ok(&server, &b, &id, "Reactivate").await;
    ok(&server, &a, &id, "Reactivate/Reject").await;
    assert_eq!(status(&server, &a, &id).await, "Terminated");
    ok(&server, &a, &id, "Reactivate").await;
    assert_eq!(ok(&server, &b, &id, "Reactivate/Accept").await["status"], "Active");
    let events = server.external_events(&a, 3).await;
    let types: Vec<_> = events.iter().map(|event| event["type"].as_str().unwrap().to_owned()).collect();
    assert_eq!(
        types,
        [
            "RelationshipStatusChanged",
            "RelationshipReactivationRequested",
            "RelationshipReactivationCompleted"
        ]
    );
}

#[tokio::test]
async fn decomposition_by_both_sides_frees_the_pair() {
    let server = TestServer::start().await;
    let (a, b) = (server.identity().await, server.identity().await);
    let id = server.pending_relationship(&a, &b).await;
    ok(&server, &b, &id, "Accept").await;
    ok(&server, &a, &id, "Terminate").await;
    server.external_events(&b, 2).await;
    server.external_events(&a, 1).await;

    let can_create = |who: &TestIdentity, peer: &TestIdentity| {
        server
            .authed(
                Method::GET,
                &format!("/api/v2/Relationships/CanCreate?peer={}", peer.address),
                &who.token,
            )
            .send()
    };
    let refusal = json!({"canCreate": false, "code": "error.platform.validation.relationship.relationshipToTargetAlreadyExists"});
    assert_eq!(assert_result(can_create(&a, &b).await.unwrap(), 200).await, refusal);

    assert_eq!(ok(&server, &a, &id, "Decompose").await["status"], "DeletionProposed");
    refused(
        &server,
        &a,
        &id,
        "Decompose",
        "error.platform.validation.relationship.relationshipAlreadyDecomposed",
    )
    .await;
    let path = format!("/api/v2/Relationships/{id}");
    let response = server.authed(Method::GET, &path, &a.token).send().await.unwrap();
    assert_error(response, 400, "error.platform.validation.relationship.relationshipAlreadyDecomposed").await;
    assert_eq!(status(&server, &b, &id).await, "DeletionProposed");
    assert_eq!(event_of(&server, &b).await, ("RelationshipStatusChanged".into(), id.clone()));
    assert_eq!(assert_result(can_create(&b, &a).await.unwrap(), 200).await, refusal);

    assert_eq!(ok(&server, &b, &id, "Decompose").await["status"], "ReadyForDeletion");
    server.external_events(&a, 0).await;
    assert_eq!(
        assert_result(can_create(&a, &b).await.unwrap(), 200).await,
        json!({"canCreate": true, "code": null})
    );
    server.pending_relationship(&a, &b).await;
}

#[tokio::test]
async fn rejected_requests_do_not_block_new_ones() {
    let server = TestServer::start().await;
    let (a, b) = (server.identity().await, server.identity().await);
    let can_create = || {
        server
            .authed(Method::GET, &format!("/api/v2/Relationships/CanCreate?peer={}", b.address), &a.token)
            .send()
    };
    assert_eq!(
        assert_result(can_create().await.unwrap(), 200).await,
        json!({"canCreate": true, "code": null})
    );
    for _ in 0..2 {
        let id = server.pending_relationship(&a, &b).await;
        ok(&server, &b, &id, "Reject").await;
        assert_eq!(assert_result(can_create().await.unwrap(), 200).await["canCreate"], true);
    }
    let id = server.pending_relationship(&a, &b).await;
    let template = server.template(&b, json!({})).await;
    assert_result(
        server
            .authed(Method::GET, &format!("/api/v2/RelationshipTemplates/{template}"), &a.token)
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    let body = json!({"relationshipTemplateId": template});
    let response =
        server.authed(Method::POST, "/api/v2/Relationships", &a.token).json(&body).send().await.unwrap();
    assert_error(response, 400, "error.platform.validation.relationship.relationshipToTargetAlreadyExists")
        .await;
    ok(&server, &b, &id, "Accept").await;
    assert_eq!(assert_result(can_create().await.unwrap(), 200).await["canCreate"], false);
}

#[tokio::test]
async fn requests_need_a_collected_template_of_someone_else() {
    let server = TestServer::start().await;
    let (a, b) = (server.identity().await, server.identity().await);
    let post = |who: &TestIdentity, template: &str| {
        server
            .authed(Method::POST, "/api/v2/Relationships", &who.token)
            .json(&json!({"relationshipTemplateId": template}))
            .send()
    };
    let own = server.template(&a, json!({})).await;
    assert_error(
        post(&a, &own).await.unwrap(),
        400,
        "error.platform.validation.relationship.cannotCreateRelationshipWithYourself",
    )
    .await;
    let protected = server.template(&b, json!({"password": "c2VjcmV0"})).await;
    assert_error(post(&a, &protected).await.unwrap(), 404, "error.platform.recordNotFound").await;
    assert_error(post(&a, "RLTthisisnonexisting").await.unwrap(), 404, "error.platform.recordNotFound").await;
    assert_error(
        post(&a, "TOKnotatemplate").await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
    let limited = server.template(&b, json!({"maxNumberOfAllocations": 1})).await;
    let c = server.identity().await;
    assert_result(post(&c, &limited).await.unwrap(), 201).await;
    assert_error(
        post(&a, &limited).await.unwrap(),
        400,
        "error.platform.validation.relationshipTemplate.maxNumberOfAllocationsExhausted",
    )
    .await;
}

#[tokio::test]
async fn only_participants_see_a_relationship() {
    let server = TestServer::start().await;
    let (a, b, stranger) = (server.identity().await, server.identity().await, server.identity().await);
    let id = server.pending_relationship(&a, &b).await;
    let get = |who: &TestIdentity, path: String| server.authed(Method::GET, &path, &who.token).send();
    assert_error(
        get(&stranger, format!("/api/v2/Relationships/{id}")).await.unwrap(),
        404,
        "error.platform.recordNotFound",
    )
    .await;
    assert_error(
        server.relationship_action(&stranger, &id, "Accept").await,
        404,
        "error.platform.recordNotFound",
    )
    .await;
    let listed = assert_result(
        get(&b, format!("/api/v2/Relationships?ids={id}&ids=RELthisisnonexisting")).await.unwrap(),
        200,
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["creationContent"], "BAU");
    let listed =
        assert_result(get(&stranger, format!("/api/v2/Relationships?ids={id}")).await.unwrap(), 200).await;
    assert!(listed.as_array().unwrap().is_empty());
    assert_error(
        get(&a, "/api/v2/Relationships".into()).await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
    assert_error(
        get(&a, "/api/v2/Relationships/TOKnotarelationship".into()).await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
    assert_error(
        get(&a, "/api/v2/Relationships/CanCreate?peer=nobody".into()).await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
    let unknown = backbone_domain::IdentityAddress::derive("localhost", &[42; 32]);
    let error = assert_error(
        get(&a, format!("/api/v2/Relationships/CanCreate?peer={unknown}")).await.unwrap(),
        404,
        "error.platform.recordNotFound",
    )
    .await;
    assert!(error["message"].as_str().unwrap().contains("Identity not found."));
}
