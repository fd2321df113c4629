//! The same story on every BLOB storage engine: local files and memory always; Azure Blob Storage
//! against Azurite when `BACKBONE_TEST_AZURITE` is set (tests/services.sh starts it).

#![allow(clippy::unwrap_used, clippy::panic, reason = "test code fails loudly")]
#![allow(clippy::disallowed_methods, reason = "blob modification times are wall-clock times")]

use std::collections::BTreeMap;

use backbone_blob::{BlobError, BlobStore};
use backbone_domain::Secret;
use bytes::Bytes;
use futures_util::TryStreamExt;
use time::{Duration, OffsetDateTime};

async fn story(store: BlobStore) {
    let name = format!("FIL{:017}", rand::random::<u32>());
    let content = Bytes::from((0..=255u8).cycle().take(3 * 1024 * 1024).collect::<Vec<u8>>());
    store.ping().await.unwrap();
    assert!(matches!(store.get(&name).await, Err(BlobError::NotFound)));
    store.put(&name, content.clone()).await.unwrap();
    let chunks: Vec<Bytes> = store.get(&name).await.unwrap().try_collect().await.unwrap();
    assert_eq!(chunks.concat(), content.to_vec());
    let soon = OffsetDateTime::now_utc() + Duration::minutes(1);
    assert!(store.names_older_than(soon).await.unwrap().contains(&name));
    assert!(
        !store
            .names_older_than(OffsetDateTime::now_utc() - Duration::hours(1))
            .await
            .unwrap()
            .contains(&name)
    );
    store.delete(&name).await.unwrap();
    store.delete(&name).await.unwrap();
    assert!(matches!(store.get(&name).await, Err(BlobError::NotFound)));
}

#[tokio::test]
async fn local_files() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.path().join("blobs").display());
    story(BlobStore::open(&url, &BTreeMap::new()).unwrap()).await;
}

#[tokio::test]
async fn memory() {
    story(BlobStore::open("memory://", &BTreeMap::new()).unwrap()).await;
}

#[tokio::test]
async fn azure_blob_storage_on_azurite() {
    if std::env::var_os("BACKBONE_TEST_AZURITE").is_none() {
        return;
    }
    let options = BTreeMap::from([("azure_storage_use_emulator".to_owned(), Secret::new("true"))]);
    story(BlobStore::open("az://backbone-test", &options).unwrap()).await;
}

#[test]
fn invalid_urls_are_reported_without_credentials() {
    let error = BlobStore::open("nonsense", &BTreeMap::new()).unwrap_err().to_string();
    assert!(error.contains("invalid blob storage url"), "{error}");
    let error = BlobStore::open("ftp://user:hunter2@host/x", &BTreeMap::new()).unwrap_err().to_string();
    assert!(!error.contains("hunter2"), "{error}");
}

#[test]
fn s3_urls_select_the_s3_engine() {
    let options = BTreeMap::from([("aws_region".to_owned(), Secret::new("eu-central-1"))]);
    assert!(BlobStore::open("s3://bucket/prefix", &options).is_ok());
}
