//! Spec §5.10 and the §16 rows of the RelationshipTemplates feature files.

use reqwest::Method;
use serde_json::{Value, json};
use time::Duration;

use crate::harness::*;

/// Standard base64 of `bytes`, as the client sends passwords.
fn password(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn percent_encoded(text: &str) -> String {
    text.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D")
}

async fn get(
    server: &TestServer,
    reader: &TestIdentity,
    id: &str,
    password: Option<&str>,
) -> reqwest::Response {
    let query = password.map(|p| format!("?password={}", percent_encoded(p))).unwrap_or_default();
    server
        .authed(Method::GET, &format!("/api/v2/RelationshipTemplates/{id}{query}"), &reader.token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn creates_templates_and_returns_them_without_the_password() {
    let server = TestServer::start().await;
    let creator = server.identity().await;
    let other = server.identity().await;
    let expires_at = backbone_proto::date::format(server.clock_now() + Duration::days(1));
    let secret = password(&[0xfb; 32]);
    let id = server
        .template(&creator, json!({"expiresAt": expires_at, "maxNumberOfAllocations": 2, "forIdentity": other.address, "password": secret}))
        .await;
    assert!(id.starts_with("RLT"));
    let template = assert_result(get(&server, &other, &id, Some(&secret)).await, 200).await;
    assert_eq!(template["createdBy"], creator.address.as_str());
    assert_eq!(template["createdByDevice"], creator.device_id.as_str());
    assert_eq!(template["content"], "AQID");
    assert_eq!(template["expiresAt"], expires_at.as_str());
    assert_eq!(template["maxNumberOfAllocations"], 2);
    assert_eq!(template["forIdentity"], other.address.as_str());
    assert!(template.get("password").is_none());
}

#[tokio::test]
async fn creation_input_is_validated() {
    let server = TestServer::start().await;
    let creator = server.identity().await;
    let past = backbone_proto::date::format(server.clock_now() - Duration::seconds(1));
    let cases = [
        json!({"content": "AQID", "expiresAt": past}),
        json!({"content": "AQID", "maxNumberOfAllocations": 0}),
        json!({"content": "AQID", "forIdentity": "did:e:localhost:dids:notanaddress"}),
        json!({"content": "AQID", "password": ""}),
        json!({"content": "AQID", "password": password(&[1; 201])}),
    ];
    for body in cases {
        let response = server
            .authed(Method::POST, "/api/v2/RelationshipTemplates", &creator.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_error(response, 400, "error.platform.validation.invalidPropertyValue").await;
    }
    let response = server
        .authed(Method::POST, "/api/v2/RelationshipTemplates", &creator.token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_error(response, 400, "error.platform.inputCannotBeParsed").await;
}

/// The `GET /RelationshipTemplates/{id}` rows of spec §16.
#[tokio::test]
async fn who_may_read_a_template() {
    let server = TestServer::start().await;
    let (i1, i2, i3) = (server.identity().await, server.identity().await, server.identity().await);
    let secret = password(b"secret");
    let wrong = password(b"wrong");
    let plain = server.template(&i1, json!({})).await;
    let protected = server.template(&i1, json!({"password": secret})).await;
    let for_owner = server.template(&i1, json!({"forIdentity": i1.address})).await;
    let for_i2 = server.template(&i1, json!({"forIdentity": i2.address})).await;
    let for_i2_protected = server.template(&i1, json!({"forIdentity": i2.address, "password": secret})).await;
    let cases: [(&TestIdentity, &str, Option<&str>, u16); 15] = [
        (&i1, &plain, None, 200),
        (&i2, &plain, None, 200),
        (&i1, &plain, Some(&secret), 200),
        (&i2, &plain, Some(&secret), 200),
        (&i1, &protected, Some(&secret), 200),
        (&i1, &protected, None, 200),
        (&i3, &protected, None, 404),
        (&i3, &protected, Some(&wrong), 404),
        (&i3, &protected, Some(&secret), 200),
        (&i1, &for_owner, None, 200),
        (&i2, &for_owner, None, 404),
        (&i1, &for_i2, None, 200),
        (&i2, &for_i2, None, 200),
        (&i2, &for_i2_protected, Some(&wrong), 404),
        (&i3, &for_i2_protected, Some(&secret), 404),
    ];
    for (reader, id, password, status) in cases {
        let response = get(&server, reader, id, password).await;
        assert_eq!(response.status().as_u16(), status, "{id} with {password:?}");
    }
    assert_result(get(&server, &i2, &for_i2_protected, Some(&secret)).await, 200).await;
    // Having allocated it, i3 reads the protected template without the password.
    assert_result(get(&server, &i3, &protected, None).await, 200).await;
    assert_error(get(&server, &i2, "RLTthisisnonexisting", None).await, 404, "error.platform.recordNotFound")
        .await;
    assert_error(
        get(&server, &i2, "TOKnotatemplate", None).await,
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
}

#[tokio::test]
async fn allocations_are_limited_and_their_exhaustion_is_announced() {
    let server = TestServer::start().await;
    let (i1, i2, i3) = (server.identity().await, server.identity().await, server.identity().await);
    let id = server.template(&i1, json!({"maxNumberOfAllocations": 1})).await;
    assert_result(get(&server, &i1, &id, None).await, 200).await;
    assert_result(get(&server, &i2, &id, None).await, 200).await;
    assert_result(get(&server, &i2, &id, None).await, 200).await;
    let response = get(&server, &i3, &id, None).await;
    assert_error(
        response,
        400,
        "error.platform.validation.relationshipTemplate.maxNumberOfAllocationsExhausted",
    )
    .await;
    let events = server.external_events(&i1, 1).await;
    assert_eq!(events[0]["type"], "RelationshipTemplateAllocationsExhausted");
    assert_eq!(events[0]["payload"], json!({"relationshipTemplateId": id}));
}

#[tokio::test]
async fn expired_templates_stay_readable_for_their_relationships() {
    let server = TestServer::start().await;
    let (i1, i2, i3) = (server.identity().await, server.identity().await, server.identity().await);
    let expires_at = backbone_proto::date::format(server.clock_now() + Duration::minutes(1));
    let id = server.template(&i1, json!({"expiresAt": expires_at})).await;
    assert_result(get(&server, &i2, &id, None).await, 200).await;
    let body = json!({"relationshipTemplateId": id});
    assert_result(
        server.authed(Method::POST, "/api/v2/Relationships", &i2.token).json(&body).send().await.unwrap(),
        201,
    )
    .await;
    server.clock.advance(Duration::minutes(2));
    assert_result(get(&server, &i2, &id, None).await, 200).await;
    assert_result(get(&server, &i1, &id, None).await, 200).await;
    assert_error(get(&server, &i3, &id, None).await, 404, "error.platform.recordNotFound").await;
}

#[tokio::test]
async fn lists_collectable_templates_by_id_and_password_without_allocating() {
    let server = TestServer::start().await;
    let (i1, i2) = (server.identity().await, server.identity().await);
    let secret = password(b"secret");
    let plain = server.template(&i1, json!({})).await;
    server.clock.advance(Duration::seconds(1));
    let protected = server.template(&i1, json!({"password": secret})).await;
    let list = |query: String| {
        server.authed(Method::GET, &format!("/api/v2/RelationshipTemplates?{query}"), &i2.token).send()
    };
    let ids = |result: Value| -> Vec<String> {
        result
            .as_array()
            .unwrap()
            .iter()
            .map(|template| template["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let both = format!("templates.0.id={plain}&templates.1.id={protected}");
    assert_eq!(ids(assert_result(list(both.clone()).await.unwrap(), 200).await), [plain.clone()]);
    let with_password = format!("{both}&templates.1.password={}", percent_encoded(&secret));
    assert_eq!(
        ids(assert_result(list(with_password).await.unwrap(), 200).await),
        [plain.clone(), protected.clone()]
    );
    assert_eq!(
        ids(assert_result(list(format!("ids={plain}&ids={protected}")).await.unwrap(), 200).await),
        [plain.clone()]
    );
    assert_error(get(&server, &i2, &protected, None).await, 404, "error.platform.recordNotFound").await;
    assert_error(list(String::new()).await.unwrap(), 400, "error.platform.validation.invalidPropertyValue")
        .await;
    assert_error(
        list("ids=TOKnotatemplate".into()).await.unwrap(),
        400,
        "error.platform.validation.invalidPropertyValue",
    )
    .await;
}

#[tokio::test]
async fn only_creators_delete_and_relationships_survive_their_template() {
    let server = TestServer::start().await;
    let (i1, i2) = (server.identity().await, server.identity().await);
    let relationship = server.pending_relationship(&i2, &i1).await;
    let path = format!("/api/v2/Relationships/{relationship}");
    let template = assert_result(server.authed(Method::GET, &path, &i1.token).send().await.unwrap(), 200)
        .await["relationshipTemplateId"]
        .as_str()
        .unwrap()
        .to_owned();
    let delete = |reader: &TestIdentity, id: &str| {
        server.authed(Method::DELETE, &format!("/api/v2/RelationshipTemplates/{id}"), &reader.token).send()
    };
    assert_eq!(delete(&i2, &template).await.unwrap().status().as_u16(), 403);
    assert_eq!(delete(&i1, &template).await.unwrap().status().as_u16(), 204);
    assert_error(get(&server, &i1, &template, None).await, 404, "error.platform.recordNotFound").await;
    assert_error(delete(&i1, &template).await.unwrap(), 404, "error.platform.recordNotFound").await;
    let relationship =
        assert_result(server.authed(Method::GET, &path, &i1.token).send().await.unwrap(), 200).await;
    assert_eq!(relationship["relationshipTemplateId"], Value::Null);
}

#[tokio::test]
async fn public_template_references_are_configured_per_client() {
    let mut config = dev_config();
    let reference = json!({"title": "Shop", "description": "Our shop", "truncatedReference": "UkxUeHl6"});
    config
        .public_relationship_template_references
        .insert(CLIENT_ID.into(), vec![serde_json::from_value(reference.clone()).unwrap()]);
    let server = TestServer::start_with(config).await;
    let identity = server.identity().await;
    let path = "/api/poc/PublicRelationshipTemplateReferences";
    let references =
        assert_result(server.authed(Method::GET, path, &identity.token).send().await.unwrap(), 200).await;
    assert_eq!(references, json!([reference]));
    assert_eq!(server.request(Method::GET, path).send().await.unwrap().status().as_u16(), 401);

    let unconfigured = TestServer::start().await;
    let identity = unconfigured.identity().await;
    let references =
        assert_result(unconfigured.authed(Method::GET, path, &identity.token).send().await.unwrap(), 200)
            .await;
    assert_eq!(references, json!([]));
}

/// The `GET /RelationshipTemplates` row of spec §16: 14 templates, listed by four identities, each
/// asking for every template with the password given in the scenario.
#[tokio::test]
async fn the_reference_list_scenario() {
    let server = TestServer::start().await;
    let i =
        [server.identity().await, server.identity().await, server.identity().await, server.identity().await];
    let secret = password(b"password");
    let wrong = password(b"wordpass");
    // (owner, forIdentity, password when created, password when listed)
    let table: [(usize, Option<usize>, bool, Option<&str>); 14] = [
        (0, None, false, None),
        (1, None, false, None),
        (0, None, false, Some(&secret)),
        (1, None, false, Some(&secret)),
        (0, None, true, Some(&secret)),
        (0, None, true, None),
        (1, None, true, Some(&secret)),
        (1, None, true, None),
        (0, Some(0), false, None),
        (1, Some(2), false, None),
        (1, Some(1), false, None),
        (1, Some(2), false, None),
        (1, Some(2), true, Some(&secret)),
        (1, Some(2), true, Some(&wrong)),
    ];
    let mut ids = Vec::new();
    let mut query = Vec::new();
    for (index, (owner, for_identity, protected, listed_with)) in table.iter().enumerate() {
        let mut extra = json!({});
        if let Some(intended) = for_identity {
            extra["forIdentity"] = json!(i[*intended].address);
        }
        if *protected {
            extra["password"] = json!(secret);
        }
        let id = server.template(&i[*owner], extra).await;
        query.push(format!("templates.{index}.id={id}"));
        if let Some(listed_with) = listed_with {
            query.push(format!("templates.{index}.password={}", percent_encoded(listed_with)));
        }
        ids.push(id);
        server.clock.advance(Duration::seconds(1));
    }
    let expected: [&[usize]; 4] = [
        &[1, 2, 3, 4, 5, 6, 7, 9],
        &[1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 14],
        &[1, 2, 3, 4, 5, 7, 10, 12, 13],
        &[1, 2, 3, 4, 5, 7],
    ];
    for (reader, expected) in i.iter().zip(expected) {
        let path = format!("/api/v2/RelationshipTemplates?{}", query.join("&"));
        let listed =
            assert_result(server.authed(Method::GET, &path, &reader.token).send().await.unwrap(), 200).await;
        let listed: Vec<&str> =
            listed.as_array().unwrap().iter().map(|template| template["id"].as_str().unwrap()).collect();
        let expected: Vec<&str> = expected.iter().map(|rt| ids[rt - 1].as_str()).collect();
        assert_eq!(listed, expected);
    }
}
