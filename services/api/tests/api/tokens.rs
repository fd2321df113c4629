//! Spec §5.13 and the §16 rows of the Tokens feature files.

use reqwest::Method;
use serde_json::{Value, json};
use time::Duration;

use crate::harness::*;

const SECRET: &str = "c2VjcmV0"; // "secret"
const WRONG: &str = "d3Jvbmc="; // "wrong"

fn in_minutes(server: &TestServer, minutes: i64) -> String {
    backbone_proto::date::format(server.clock_now() + Duration::minutes(minutes))
}

async fn create(server: &TestServer, creator: Option<&TestIdentity>, body: Value) -> reqwest::Response {
    let mut request = server.request(Method::POST, "/api/v2/Tokens").json(&body);
    if let Some(creator) = creator {
        request = request.bearer_auth(&creator.token);
    }
    request.send().await.unwrap()
}

async fn token(server: &TestServer, creator: &TestIdentity, extra: Value) -> String {
    let mut body = json!({"content": "AQID", "expiresAt": in_minutes(server, 60)});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    assert_result(create(server, Some(creator), body).await, 201).await["id"].as_str().unwrap().to_owned()
}

async fn get(
    server: &TestServer,
    reader: Option<&TestIdentity>,
    id: &str,
    password: Option<&str>,
) -> reqwest::Response {
    let query = password.map(|p| format!("?password={}", p.replace('=', "%3D"))).unwrap_or_default();
    let mut request = server.request(Method::GET, &format!("/api/v2/Tokens/{id}{query}"));
    if let Some(reader) = reader {
        request = request.bearer_auth(&reader.token);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn creates_tokens_authenticated_and_anonymously() {
    let server = TestServer::start().await;
    let creator = server.identity().await;
    let other = server.identity().await;
    let id = token(&server, &creator, json!({"password": SECRET, "forIdentity": other.address})).await;
    let read = assert_result(get(&server, Some(&creator), &id, None).await, 200).await;
    assert_eq!(read["createdBy"], creator.address.as_str());
    assert_eq!(read["content"], "AQID");
    assert_eq!(read["isPasswordProtected"], true);
    assert_eq!(read["forIdentity"], other.address.as_str());

    let anonymous =
        assert_result(create(&server, None, json!({"expiresAt": in_minutes(&server, 1)})).await, 201).await;
    let read = assert_result(get(&server, None, anonymous["id"].as_str().unwrap(), None).await, 200).await;
    assert_eq!((read["createdBy"].clone(), read["content"].clone()), (Value::Null, Value::Null));

    let invalid = [
        (None, json!({"expiresAt": in_minutes(&server, 1), "content": "AQID"})),
        (None, json!({"expiresAt": in_minutes(&server, 6)})),
        (Some(&creator), json!({"expiresAt": in_minutes(&server, -1), "content": "AQID"})),
        (Some(&creator), json!({"expiresAt": in_minutes(&server, 1), "password": ""})),
        (Some(&creator), json!({"expiresAt": in_minutes(&server, 1), "forIdentity": "someone"})),
    ];
    for (caller, body) in invalid {
        assert_error(
            create(&server, caller, body).await,
            400,
            "error.platform.validation.invalidPropertyValue",
        )
        .await;
    }
}

/// The `GET /Tokens/{id}` rows of spec §16.
#[tokio::test]
async fn who_may_read_a_token() {
    let server = TestServer::start().await;
    let (owner, other, intended) =
        (server.identity().await, server.identity().await, server.identity().await);
    let plain = token(&server, &owner, json!({})).await;
    let protected = token(&server, &owner, json!({"password": SECRET})).await;
    let personal = token(&server, &owner, json!({"forIdentity": intended.address})).await;
    let personal_protected =
        token(&server, &owner, json!({"forIdentity": intended.address, "password": SECRET})).await;
    let cases: [(Option<&TestIdentity>, &str, Option<&str>, u16); 16] = [
        (Some(&owner), &plain, None, 200),
        (Some(&other), &plain, None, 200),
        (None, &plain, None, 200),
        (Some(&owner), &protected, None, 200),
        (Some(&other), &protected, None, 404),
        (None, &protected, None, 404),
        (Some(&other), &protected, Some(WRONG), 404),
        (None, &protected, Some(SECRET), 200),
        (Some(&owner), &personal, None, 200),
        (Some(&intended), &personal, None, 200),
        (Some(&other), &personal, None, 404),
        (None, &personal, None, 404),
        (Some(&intended), &personal_protected, None, 404),
        (Some(&intended), &personal_protected, Some(WRONG), 404),
        (Some(&other), &personal_protected, Some(SECRET), 404),
        (Some(&intended), &personal_protected, Some(SECRET), 200),
    ];
    for (reader, id, password, status) in cases {
        let response = get(&server, reader, id, password).await;
        assert_eq!(response.status().as_u16(), status, "{id} with {password:?}");
    }
    // The first read allocated the token for `other`: later reads need no password and ignore expiry.
    assert_result(get(&server, Some(&other), &protected, Some(SECRET)).await, 200).await;
    server.clock.advance(Duration::hours(2));
    assert_result(get(&server, Some(&other), &protected, None).await, 200).await;
    assert_result(get(&server, Some(&owner), &plain, None).await, 200).await;
    assert_error(get(&server, Some(&intended), &plain, None).await, 404, "error.platform.recordNotFound")
        .await;
    assert_error(
        get(&server, None, "TOKthisisnonexisting", None).await,
        404,
        "error.platform.recordNotFound",
    )
    .await;
    assert_error(
        get(&server, None, "RLTnotatoken", None).await,
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
}

#[tokio::test]
async fn a_hundred_wrong_passwords_lock_a_token_and_tell_its_creator() {
    let server = TestServer::start().await;
    let owner = server.identity().await;
    let id = token(&server, &owner, json!({"password": SECRET})).await;
    for _ in 0..99 {
        assert_error(get(&server, None, &id, Some(WRONG)).await, 404, "error.platform.recordNotFound").await;
    }
    assert_error(
        get(&server, None, &id, Some(WRONG)).await,
        400,
        "error.platform.token.tooManyFailedPasswordAttempts",
    )
    .await;
    assert_error(
        get(&server, None, &id, Some(SECRET)).await,
        400,
        "error.platform.token.tooManyFailedPasswordAttempts",
    )
    .await;
    assert_result(get(&server, Some(&owner), &id, None).await, 200).await;
    let events = server.external_events(&owner, 1).await;
    assert_eq!(
        (events[0]["type"].clone(), events[0]["payload"].clone()),
        (json!("TokenLocked"), json!({"tokenId": id}))
    );
}

#[tokio::test]
async fn lists_tokens_created_or_allocated_by_the_caller() {
    let server = TestServer::start().await;
    let (owner, reader) = (server.identity().await, server.identity().await);
    let first = token(&server, &owner, json!({})).await;
    server.clock.advance(Duration::seconds(1));
    let second = token(&server, &owner, json!({})).await;
    assert_result(get(&server, Some(&reader), &first, None).await, 200).await;
    let list = |who: &TestIdentity, query: String| {
        server.authed(Method::GET, &format!("/api/v2/Tokens?{query}"), &who.token).send()
    };
    let ids = |result: Value| -> Vec<String> {
        result.as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_owned()).collect()
    };
    let both = format!("ids={first}&ids={second}");
    assert_eq!(
        ids(assert_result(list(&owner, both.clone()).await.unwrap(), 200).await),
        [first.clone(), second.clone()]
    );
    assert_eq!(ids(assert_result(list(&reader, both).await.unwrap(), 200).await), [first.clone()]);
    let legacy = format!("tokens.0.id={first}&tokens.0.password=x&tokens.1.id={second}");
    assert_eq!(ids(assert_result(list(&reader, legacy).await.unwrap(), 200).await), [first]);
    assert_error(
        list(&reader, String::new()).await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
    assert_error(
        list(&reader, "pageNumber=0&ids=TOKx".into()).await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
}

#[tokio::test]
async fn only_creators_delete() {
    let server = TestServer::start().await;
    let (owner, other) = (server.identity().await, server.identity().await);
    let id = token(&server, &owner, json!({})).await;
    let delete = |who: &TestIdentity, id: &str| {
        server.authed(Method::DELETE, &format!("/api/v2/Tokens/{id}"), &who.token).send()
    };
    assert_error(delete(&other, &id).await.unwrap(), 403, "error.platform.forbidden").await;
    assert_eq!(delete(&owner, &id).await.unwrap().status().as_u16(), 204);
    assert_error(get(&server, Some(&owner), &id, None).await, 404, "error.platform.recordNotFound").await;
    assert_error(delete(&owner, &id).await.unwrap(), 404, "error.platform.recordNotFound").await;
}

#[tokio::test]
async fn empty_tokens_are_filled_once_and_the_filler_becomes_creator() {
    let server = TestServer::start().await;
    let filler = server.identity().await;
    let body = json!({"expiresAt": in_minutes(&server, 2), "password": SECRET});
    let id = assert_result(create(&server, None, body).await, 201).await["id"].as_str().unwrap().to_owned();
    let update = |password: &str| {
        server
            .authed(Method::POST, &format!("/api/v2/Tokens/{id}/UpdateContent"), &filler.token)
            .json(&json!({"id": id, "newContent": "BAU", "password": password}))
            .send()
    };
    assert_error(update(WRONG).await.unwrap(), 404, "error.platform.recordNotFound").await;
    let updated = assert_result(update(SECRET).await.unwrap(), 200).await;
    assert_eq!(updated["createdBy"], filler.address.as_str());
    assert_eq!(updated["createdByDevice"], filler.device_id.as_str());
    assert_eq!(updated["isPasswordProtected"], true);
    let read = assert_result(get(&server, None, &id, Some(SECRET)).await, 200).await;
    assert_eq!((read["content"].clone(), read["createdBy"].clone()), (json!("BAU"), json!(filler.address)));
    let error = "error.platform.token.contentUpdateNotPossibleBecauseContentAlreadyExists";
    assert_error(update(SECRET).await.unwrap(), 400, error).await;
    server.clock.advance(Duration::minutes(3));
    assert_error(update(SECRET).await.unwrap(), 404, "error.platform.recordNotFound").await;
}

/// The `GET /Tokens` (by ids) row of spec §16: the templates scenario's 14 configurations as tokens;
/// each identity first reads every token with the scenario's password (allocating what it may read),
/// then lists them all and sees exactly those it created or allocated.
#[tokio::test]
async fn the_reference_list_scenario() {
    let server = TestServer::start().await;
    let i =
        [server.identity().await, server.identity().await, server.identity().await, server.identity().await];
    let (secret, wrong) = (SECRET, "d29yZHBhc3M=");
    // (owner, forIdentity, password when created, password when read)
    let table: [(usize, Option<usize>, bool, Option<&str>); 14] = [
        (0, None, false, None),
        (1, None, false, None),
        (0, None, false, Some(secret)),
        (1, None, false, Some(secret)),
        (0, None, true, Some(secret)),
        (0, None, true, None),
        (1, None, true, Some(secret)),
        (1, None, true, None),
        (0, Some(0), false, None),
        (1, Some(2), false, None),
        (1, Some(1), false, None),
        (1, Some(2), false, None),
        (1, Some(2), true, Some(secret)),
        (1, Some(2), true, Some(wrong)),
    ];
    let mut ids = Vec::new();
    for (owner, for_identity, protected, _) in table {
        let mut extra = json!({});
        if let Some(intended) = for_identity {
            extra["forIdentity"] = json!(i[intended].address);
        }
        if protected {
            extra["password"] = json!(secret);
        }
        ids.push(token(&server, &i[owner], extra).await);
        server.clock.advance(Duration::seconds(1));
    }
    let expected: [&[usize]; 4] = [
        &[1, 2, 3, 4, 5, 6, 7, 9],
        &[1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 14],
        &[1, 2, 3, 4, 5, 7, 10, 12, 13],
        &[1, 2, 3, 4, 5, 7],
    ];
    let query: Vec<String> = ids.iter().map(|id| format!("ids={id}")).collect();
    for (reader, expected) in i.iter().zip(expected) {
        for (id, (_, _, _, password)) in ids.iter().zip(table) {
            get(&server, Some(reader), id, password).await;
        }
        let path = format!("/api/v2/Tokens?{}", query.join("&"));
        let listed =
            assert_result(server.authed(Method::GET, &path, &reader.token).send().await.unwrap(), 200).await;
        let listed: Vec<&str> =
            listed.as_array().unwrap().iter().map(|token| token["id"].as_str().unwrap()).collect();
        let expected: Vec<&str> = expected.iter().map(|n| ids[n - 1].as_str()).collect();
        assert_eq!(listed, expected);
    }
}
