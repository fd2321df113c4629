//! `POST /api/v2/Files`: a multipart upload. The content is held in memory once, stored as a blob,
//! and only then is the metadata written; a failed write removes the blob again.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::multipart::MultipartRejection;
use axum::extract::multipart::{Field, Multipart, MultipartError};
use axum::http::StatusCode;
use backbone_domain::events::DomainEvent;
use backbone_domain::file::{File, ownership_token};
use backbone_domain::id::FileId;
use backbone_domain::quota::Metric;
use backbone_http::quotas;
use backbone_http::{ApiError, ApiResult, Created, Principal, validate};
use backbone_proto::dto::files::{CreatedFile, UploadFileForm};
use backbone_proto::{Envelope, ErrorCode, ErrorEnvelope, bytes, date};
use backbone_store::{files, outbox};

use crate::FilesState;

/// The largest `encryptedProperties`, decoded.
const MAX_ENCRYPTED_PROPERTIES_BYTES: usize = 1024 * 1024;

#[utoipa::path(post, path = "/api/v2/Files", security(("bearer" = [])), tag = "Files", operation_id = "Files_upload",
    request_body(content = UploadFileForm, content_type = "multipart/form-data"),
    responses((status = 201, body = Envelope<CreatedFile>), (status = 400, body = ErrorEnvelope)))]
pub async fn upload(
    State(state): State<FilesState>,
    caller: Principal,
    form: Result<Multipart, MultipartRejection>,
) -> ApiResult<Created<CreatedFile>> {
    let mut form = form.map_err(|_| {
        ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "The upload must be 'multipart/form-data' with a boundary.",
        )
    })?;
    let mut content: Option<Bytes> = None;
    let mut text = Form::default();
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        match field.name().unwrap_or_default() {
            "content" => content = Some(field.bytes().await.map_err(multipart_error)?),
            "cipherHash" => text.cipher_hash = Some(read_text(field).await?),
            "ownerSignature" => text.owner_signature = Some(read_text(field).await?),
            "expiresAt" => text.expires_at = Some(read_text(field).await?),
            "encryptedProperties" => text.encrypted_properties = Some(read_text(field).await?),
            _ => {}
        }
    }
    let content = content.ok_or_else(|| missing("content"))?;
    if content.is_empty() || content.len() > state.max_content_bytes {
        return Err(ApiError::new(
            ErrorCode::InclusiveBetweenValidator,
            format!("'Content': the file must have 1 to {} bytes.", state.max_content_bytes),
        ));
    }
    let now = state.clock.now();
    let cipher_hash = decoded("cipherHash", text.cipher_hash, 128)?;
    let owner_signature = decoded("ownerSignature", text.owner_signature, 512)?;
    let encrypted_properties =
        decoded("encryptedProperties", text.encrypted_properties, MAX_ENCRYPTED_PROPERTIES_BYTES)?;
    let expires_at = text.expires_at.ok_or_else(|| missing("expiresAt"))?;
    let expires_at =
        date::parse(&expires_at).ok_or_else(|| ApiError::invalid("expiresAt", "is not a valid date."))?;
    validate::in_future("expiresAt", expires_at, now)?;
    let metrics = [Metric::NumberOfFiles, Metric::UsedFileStorageSpace];
    quotas::ensure_available(&mut *state.db.conn().await?, &caller.address, &metrics, now).await?;

    let file = File {
        id: FileId::generate(&mut rand::rng()),
        created_at: now,
        created_by: caller.address.clone(),
        created_by_device: caller.device.clone(),
        modified_at: now,
        modified_by: caller.address.clone(),
        modified_by_device: caller.device.clone(),
        owner: caller.address,
        owner_signature,
        ownership_token: ownership_token(&mut rand::rng()),
        ownership_is_locked: false,
        cipher_size: i64::try_from(content.len()).unwrap_or(i64::MAX),
        cipher_hash,
        expires_at,
        encrypted_properties,
    };
    state.blobs.put(file.id.as_str(), content).await.map_err(|error| ApiError::unexpected(&error))?;
    if let Err(error) = store_metadata(&state, &file).await {
        if let Err(cleanup) = state.blobs.delete(file.id.as_str()).await {
            tracing::warn!(file = %file.id, %cleanup, "could not remove the blob of a failed upload; housekeeping will");
        }
        return Err(error);
    }
    Ok(Created(CreatedFile {
        id: file.id.into_string(),
        created_at: file.created_at,
        created_by: file.created_by.into_string(),
        created_by_device: file.created_by_device.into_string(),
        modified_at: file.modified_at,
        modified_by: file.modified_by.into_string(),
        deleted_at: None,
        deleted_by: None,
        owner: file.owner.into_string(),
        owner_signature: file.owner_signature,
        ownership_token: file.ownership_token,
        cipher_size: file.cipher_size,
        cipher_hash: file.cipher_hash,
        expires_at: file.expires_at,
    }))
}

async fn store_metadata(state: &FilesState, file: &File) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    files::insert(&mut tx, file).await?;
    let event = DomainEvent::FileUploaded { file_id: file.id.to_string(), owner: file.owner.to_string() };
    outbox::append(&mut tx, &event, file.created_at).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Default)]
struct Form {
    cipher_hash: Option<String>,
    owner_signature: Option<String>,
    expires_at: Option<String>,
    encrypted_properties: Option<String>,
}

async fn read_text(field: Field<'_>) -> ApiResult<String> {
    field.text().await.map_err(multipart_error)
}

/// A base64 form field of 1 to `max` decoded bytes.
fn decoded(name: &str, value: Option<String>, max: usize) -> ApiResult<Vec<u8>> {
    let value = value.ok_or_else(|| missing(name))?;
    let bytes = bytes::decode(&value).ok_or_else(|| {
        ApiError::new(ErrorCode::InputCannotBeParsed, format!("'{name}': is not valid base64."))
    })?;
    if bytes.is_empty() || bytes.len() > max {
        return Err(ApiError::invalid(name, format!("must have 1 to {max} bytes.")));
    }
    Ok(bytes)
}

fn missing(name: &str) -> ApiError {
    ApiError::new(ErrorCode::InputCannotBeParsed, format!("'{name}': The {name} field is required."))
}

fn multipart_error(error: MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(ErrorCode::RequestBodyTooLarge, "The request body is too large.")
    } else {
        ApiError::new(ErrorCode::InputCannotBeParsed, error.body_text())
    }
}
