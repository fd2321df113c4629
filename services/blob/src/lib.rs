//! BLOB storage for file contents through `object_store`, chosen by URL: `file:///dir` (the embedded
//! default), `az://container` (Azure Blob Storage), `s3://bucket` (S3), `memory://` (tests).
//! Engine settings (account names, keys, endpoints) come as `object_store` configuration options.

use std::collections::BTreeMap;
use std::sync::Arc;

use backbone_domain::Secret;
use bytes::Bytes;
use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use time::OffsetDateTime;
use url::Url;

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("no blob with this name")]
    NotFound,
    #[error("invalid blob storage url '{url}': {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("blob storage: {0}")]
    Storage(#[from] object_store::Error),
}

/// A blob container.
#[derive(Clone, Debug)]
pub struct BlobStore {
    store: Arc<dyn ObjectStore>,
    prefix: Path,
}

impl BlobStore {
    /// Opens the store at `url`; `options` are `object_store` settings such as `azure_storage_account_key`.
    /// For `file://` URLs the directory is created.
    pub fn open(url: &str, options: &BTreeMap<String, Secret>) -> Result<Self, BlobError> {
        // Engine errors quote the URL, credentials included: replace it by its redacted form.
        let invalid = |reason: String| BlobError::InvalidUrl {
            url: redacted(url),
            reason: reason.replace(url, &redacted(url)),
        };
        let parsed = Url::parse(url).map_err(|error| invalid(error.to_string()))?;
        if parsed.scheme() == "file" {
            let dir = parsed.to_file_path().map_err(|()| invalid("not an absolute path".to_owned()))?;
            std::fs::create_dir_all(&dir).map_err(|error| invalid(error.to_string()))?;
        }
        let options = options.iter().map(|(key, value)| (key.clone(), value.expose().to_owned()));
        let (store, prefix) =
            object_store::parse_url_opts(&parsed, options).map_err(|error| invalid(error.to_string()))?;
        Ok(Self { store: Arc::from(store), prefix })
    }

    fn path(&self, name: &str) -> Path {
        self.prefix.clone().join(name)
    }

    /// Stores `content` under `name`, replacing what was there.
    pub async fn put(&self, name: &str, content: Bytes) -> Result<(), BlobError> {
        self.store.put(&self.path(name), PutPayload::from_bytes(content)).await?;
        Ok(())
    }

    /// The content under `name`, as a stream of chunks.
    pub async fn get(&self, name: &str) -> Result<BoxStream<'static, Result<Bytes, BlobError>>, BlobError> {
        match self.store.get(&self.path(name)).await {
            Ok(result) => Ok(result.into_stream().map_err(BlobError::from).boxed()),
            Err(object_store::Error::NotFound { .. }) => Err(BlobError::NotFound),
            Err(error) => Err(error.into()),
        }
    }

    /// Deletes `name`; deleting what is not there is no error.
    pub async fn delete(&self, name: &str) -> Result<(), BlobError> {
        match self.store.delete(&self.path(name)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error.into()),
        }
    }

    /// The names of blobs last modified before `cutoff`.
    pub async fn names_older_than(&self, cutoff: OffsetDateTime) -> Result<Vec<String>, BlobError> {
        let cutoff = cutoff.unix_timestamp();
        let mut names = Vec::new();
        let mut listing = self.store.list(Some(&self.prefix));
        while let Some(meta) = listing.next().await {
            let meta = meta?;
            if meta.last_modified.timestamp() < cutoff
                && let Some(name) = meta.location.filename()
            {
                names.push(name.to_owned());
            }
        }
        Ok(names)
    }

    /// Whether the store answers; for readiness checks.
    pub async fn ping(&self) -> Result<(), BlobError> {
        self.store.list(Some(&self.prefix)).next().await.transpose()?;
        Ok(())
    }
}

/// The URL without credentials, for error messages.
fn redacted(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) => {
            let _ = parsed.set_password(None);
            parsed.set_query(None);
            parsed.to_string()
        }
        Err(_) => "<unparsable>".to_owned(),
    }
}
