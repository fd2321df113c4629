//! Spec §1: routing, envelopes, errors, headers, pagination, body limits, authentication.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::*;

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405_with_empty_bodies() {
    let server = TestServer::start().await;
    let response = server.request(Method::GET, "/api/v2/Nothing").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.text().await.unwrap(), "");
    let response = server.request(Method::DELETE, "/api/v2/Challenges").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.text().await.unwrap(), "");
}

#[tokio::test]
async fn paths_match_case_insensitively_and_tolerate_a_trailing_slash() {
    let server = TestServer::start().await;
    for path in ["/API/V2/version", "/api/v2/Version/", "/api/v2/VERSION"] {
        let result = assert_result(server.request(Method::GET, path).send().await.unwrap(), 200).await;
        assert_eq!(result, json!({"majorVersion": "7"}), "{path}");
    }
    let identity = server.identity().await;
    let path = "/api/v2/devices/self/";
    let result =
        assert_result(server.authed(Method::GET, path, &identity.token).send().await.unwrap(), 200).await;
    assert_eq!(result["id"], identity.device_id.as_str());
}

#[tokio::test]
async fn errors_use_the_envelope() {
    let server = TestServer::start().await;
    let response = server
        .request(Method::POST, "/api/v2/Identities")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/json; charset=utf-8");
    let error = assert_error(response, 400, "error.platform.inputCannotBeParsed").await;
    let id = error["id"].as_str().unwrap();
    assert!(id.starts_with("ERR") && id.len() == 20 && !id[3..].contains(['I', 'O', '0']), "{id}");
    assert_eq!(error["docs"], "");
    assert_eq!(error["data"], serde_json::Value::Null);
    let time = error["time"].as_str().unwrap();
    assert!(time.len() == "2025-03-07T09:14:03.1234567Z".len() && time.ends_with('Z'), "{time}");
    assert!(error["message"].as_str().unwrap().starts_with("'$': "));
}

#[tokio::test]
async fn bodies_must_be_json() {
    let server = TestServer::start().await;
    let response = server
        .request(Method::POST, "/api/v2/Identities")
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn missing_properties_and_wrong_types_name_the_property() {
    let server = TestServer::start().await;
    let response = server
        .request(Method::POST, "/api/v2/Identities")
        .json(&json!({"clientId": "test"}))
        .send()
        .await
        .unwrap();
    let error = assert_error(response, 400, "error.platform.inputCannotBeParsed").await;
    assert!(error["message"].as_str().unwrap().contains("missing field"), "{error}");
    let response = server
        .request(Method::POST, "/api/v2/Identities")
        .json(&json!({"clientId": "test", "clientSecret": "test", "identityPublicKey": "AA", "devicePassword": "p",
            "identityVersion": "one", "signedChallenge": {"challenge": "c", "signature": "AA"}}))
        .send()
        .await
        .unwrap();
    let error = assert_error(response, 400, "error.platform.inputCannotBeParsed").await;
    assert!(error["message"].as_str().unwrap().starts_with("'$.identityVersion': "), "{error}");
}

#[tokio::test]
async fn undecodable_bytes_cannot_be_parsed() {
    let server = TestServer::start().await;
    let response = server
        .request(Method::POST, "/api/v2/Identities")
        .json(&json!({"clientId": "test", "clientSecret": "test", "identityPublicKey": "***", "devicePassword": "p",
            "identityVersion": 1, "signedChallenge": {"challenge": "c", "signature": "AA"}}))
        .send()
        .await
        .unwrap();
    let error = assert_error(response, 400, "error.platform.inputCannotBeParsed").await;
    assert!(error["message"].as_str().unwrap().starts_with("'$.identityPublicKey': "), "{error}");
}

#[tokio::test]
async fn oversize_bodies_are_rejected() {
    let mut config = dev_config();
    config.max_request_body_bytes = 1024;
    let server = TestServer::start_with(config).await;
    let big = json!({"padding": "x".repeat(2048)});
    let response = server.request(Method::POST, "/api/v2/Identities").json(&big).send().await.unwrap();
    assert_error(response, 400, "error.platform.requestBodyTooLarge").await;
}

#[tokio::test]
async fn the_default_body_limit_is_20_mib() {
    let server = TestServer::start().await;
    let big = json!({"padding": "x".repeat(21 * 1024 * 1024)});
    let response = server.request(Method::POST, "/api/v2/Identities").json(&big).send().await.unwrap();
    assert_error(response, 400, "error.platform.requestBodyTooLarge").await;
}

#[tokio::test]
async fn every_response_carries_correlation_and_timing_headers() {
    let server = TestServer::start().await;
    let response = server
        .request(Method::GET, "/api/v2/Version")
        .header("x-correlation-id", format!("  {}  ", "c".repeat(150)))
        .send()
        .await
        .unwrap();
    let headers = response.headers();
    assert_eq!(headers["x-correlation-id"], "c".repeat(100));
    for name in ["x-request-time", "x-response-time"] {
        let value = headers[name].to_str().unwrap();
        assert_eq!(value.len(), "2025-03-07T09:14:03.120Z".len(), "{name}: {value}");
    }
    assert!(headers["x-response-duration-ms"].to_str().unwrap().parse::<u64>().is_ok());
    assert_eq!(headers["x-trace-id"].len(), 32);
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers.get("server").is_none());

    let response = server.request(Method::GET, "/api/v2/Version").send().await.unwrap();
    let generated = response.headers()["x-correlation-id"].to_str().unwrap();
    assert!(generated.len() == 32 && generated.chars().all(|c| c.is_ascii_hexdigit()), "{generated}");
}

#[tokio::test]
async fn protected_routes_need_a_valid_bearer_token() {
    let server = TestServer::start().await;
    for token in [None, Some("not-a-token")] {
        let mut request = server.request(Method::GET, "/api/v2/Devices/Self");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        assert_eq!(response.text().await.unwrap(), "");
    }
}

#[tokio::test]
async fn lists_are_paged_with_pagination_only_beyond_one_page() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    server.second_device(&identity).await;
    let response = server.authed(Method::GET, "/api/v2/Devices", &identity.token).send().await.unwrap();
    let single = body(response).await;
    assert_eq!(single["result"].as_array().unwrap().len(), 2);
    assert!(single.get("pagination").is_none(), "{single}");

    let response = server
        .authed(Method::GET, "/api/v2/Devices?PageSize=1&pageNumber=2", &identity.token)
        .send()
        .await
        .unwrap();
    let second = body(response).await;
    assert_eq!(second["result"].as_array().unwrap().len(), 1);
    assert_eq!(
        second["pagination"],
        json!({"pageNumber": 2, "pageSize": 1, "totalPages": 2, "totalRecords": 2})
    );

    let response =
        server.authed(Method::GET, "/api/v2/Devices?pageSize=201", &identity.token).send().await.unwrap();
    let error = assert_error(response, 400, "error.platform.validation.pagination.invalidPageSize").await;
    assert!(error["message"].as_str().unwrap().contains("The maximum page size is 200."));
    let response =
        server.authed(Method::GET, "/api/v2/Devices?pageNumber=0", &identity.token).send().await.unwrap();
    assert_error(response, 400, "error.platform.validation.invalidPropertyValue").await;
}

#[tokio::test]
async fn health_and_metrics() {
    let server = TestServer::start().await;
    for path in ["/health", "/health/ready", "/health/live"] {
        let response = server.request(Method::GET, path).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.text().await.unwrap(), "Healthy");
    }
    server.request(Method::GET, "/api/v2/Version").send().await.unwrap();
    let metrics = server.request(Method::GET, "/metrics").send().await.unwrap().text().await.unwrap();
    assert!(
        metrics
            .contains(r#"backbone_http_requests_total{method="GET",route="/api/v2/Version",status="200"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains("backbone_http_request_duration_seconds_bucket"));
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let server = TestServer::start().await;
    server.db.close().await;
    let response = server.request(Method::GET, "/health").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.text().await.unwrap(), "Unhealthy");
    let response = server.request(Method::GET, "/health/live").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

/// Routes that answer without a bearer token (spec §1.9), as `METHOD path` of the OpenAPI document.
const ANONYMOUS: [&str; 6] = [
    "post /api/v2/Challenges",
    "post /api/v2/Identities",
    "get /api/v2/Identities/IsDeleted",
    "get /api/v2/Version",
    "post /api/v2/Tokens",
    "get /api/v2/Tokens/{id}",
];

/// Walks the OpenAPI document, so that every route, including future ones, is held to the conventions:
/// documented as protected exactly when the spec says so, 401 without a token, 400 for malformed JSON
/// and 415 for another content type.
#[tokio::test]
async fn every_documented_route_rejects_missing_tokens_and_malformed_bodies() {
    let server = TestServer::start().await;
    let identity = server.identity().await;
    let document: serde_json::Value = serde_json::from_str(&backbone_api::openapi_json()).unwrap();
    for (template, operations) in document["paths"].as_object().unwrap() {
        let path = template.replace("{id}", "XYZthisisnonexisting");
        for (method, operation) in operations.as_object().unwrap() {
            let route = format!("{method} {template}");
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let protected = operation.get("security").is_some();
            assert_eq!(protected, !ANONYMOUS.contains(&route.as_str()), "{route}: documented security");
            if protected {
                let response = server.request(method.clone(), &path).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{route} without a token");
            }
            if operation.get("requestBody").is_some() {
                let send = |content_type: &str, body: &str| {
                    server
                        .authed(method.clone(), &path, &identity.token)
                        .header("content-type", content_type)
                        .header("x-supported-datawallet-version", "1")
                        .body(body.to_owned())
                        .send()
                };
                let takes_json = operation["requestBody"]["content"].get("application/json").is_some();
                if takes_json {
                    let response = send("application/json", "{").await.unwrap();
                    assert_eq!(response.status().as_u16(), 400, "{route} with malformed JSON");
                    assert_eq!(
                        body(response).await["error"]["code"],
                        "error.platform.inputCannotBeParsed",
                        "{route}"
                    );
                }
                let wrong = if takes_json { "text/plain" } else { "application/json" };
                let response = send(wrong, "{}").await.unwrap();
                assert_eq!(
                    response.status(),
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "{route} with the wrong content type"
                );
            }
        }
    }
}
