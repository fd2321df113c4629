//! The OpenAPI document is generated from the code and checked in; this fails when they differ.
//! Regenerate with `BACKBONE_BLESS=1 cargo test -p backbone-api --test api openapi`.

use reqwest::{Method, StatusCode};

use crate::harness::*;

const CHECKED_IN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");

#[test]
fn the_checked_in_document_is_current() {
    let generated = backbone_api::openapi_json();
    if std::env::var_os("BACKBONE_BLESS").is_some() {
        std::fs::write(CHECKED_IN, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(CHECKED_IN).unwrap_or_default();
    assert!(
        checked_in == generated,
        "services/api/openapi.json is stale; regenerate it with BACKBONE_BLESS=1"
    );
}

#[tokio::test]
async fn the_document_and_the_docs_page_are_served() {
    let server = TestServer::start().await;
    let response = server.request(Method::GET, "/docs/v2/openapi.json").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), backbone_api::openapi_json());
    let response = server.request(Method::GET, "/docs/index.html").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("/docs/v2/openapi.json"));
}

#[test]
fn every_module_route_is_documented_and_the_token_endpoint_is_hidden() {
    let document: serde_json::Value = serde_json::from_str(&backbone_api::openapi_json()).unwrap();
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/v2/Challenges",
        "/api/v2/Identities",
        "/api/v2/Devices/{id}",
        "/api/v2/SyncRuns/{id}/ExternalEvents",
        "/api/v2/Datawallet/Modifications",
        "/api/v2/Version",
    ] {
        assert!(paths.contains_key(path), "{path} is missing");
    }
    assert!(!paths.contains_key("/connect/token"));
}
