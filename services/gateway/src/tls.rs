//! The public listener's TLS: loading a configured certificate, and generating a self-signed one for
//! development.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use backbone_domain::Secret;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::error::GatewayError;

/// The names a development certificate is valid for: what clients on this machine connect to.
pub const DEV_CERTIFICATE_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// Where a certificate and its key are stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateFiles {
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
}

/// Where the private key comes from.
#[derive(Debug, Clone, Copy)]
pub enum KeySource<'a> {
    File(&'a Path),
    /// The PEM text, from a secret store.
    Pem(&'a Secret),
}

/// The server configuration for `cert_file` and the key, offering HTTP/2 and HTTP/1.1.
/// The aws-lc-rs provider is named explicitly, so that this works whatever the process installed.
pub fn server_config(cert_file: &Path, key: KeySource<'_>) -> Result<Arc<ServerConfig>, GatewayError> {
    let pem_error = |path: &Path| {
        let path = path.to_owned();
        move |error: rustls::pki_types::pem::Error| GatewayError::Pem { path, reason: error.to_string() }
    };
    let cert_pem = read(cert_file)?;
    let chain = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(pem_error(cert_file))?;
    if chain.is_empty() {
        return Err(GatewayError::Pem {
            path: cert_file.to_owned(),
            reason: "no certificate found".to_owned(),
        });
    }
    let key = match key {
        KeySource::File(key_file) => {
            PrivateKeyDer::from_pem_slice(&read(key_file)?).map_err(pem_error(key_file))?
        }
        KeySource::Pem(pem) => PrivateKeyDer::from_pem_slice(pem.expose().as_bytes())
            .map_err(pem_error(Path::new("gateway.tls.key")))?,
    };
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A self-signed certificate for [`DEV_CERTIFICATE_NAMES`] and its key, PEM.
pub struct SelfSigned {
    pub cert_pem: String,
    pub key_pem: Secret,
}

pub fn self_signed() -> Result<SelfSigned, GatewayError> {
    let names: Vec<String> = DEV_CERTIFICATE_NAMES.iter().map(|name| (*name).to_owned()).collect();
    let mut params = rcgen::CertificateParams::new(names)?;
    params.distinguished_name = rcgen::DistinguishedName::new();
    params.distinguished_name.push(rcgen::DnType::CommonName, "backbone gateway (development)");
    params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
    let cert = params.self_signed(&key)?;
    Ok(SelfSigned { cert_pem: cert.pem(), key_pem: Secret::new(key.serialize_pem()) })
}

/// Generates a self-signed certificate into `dir` (`gateway-cert.pem`, `gateway-key.pem`, both readable by
/// the owner only) and returns their paths.
pub fn generate_self_signed(dir: &Path) -> Result<CertificateFiles, GatewayError> {
    let generated = self_signed()?;
    fs::create_dir_all(dir).map_err(|source| GatewayError::Write { path: dir.to_owned(), source })?;
    let files = files_in(dir);
    // The key first: a certificate without its key would be reused and fail to load.
    write_private(&files.key_file, generated.key_pem.expose().as_bytes())?;
    write_certificate(dir, &generated.cert_pem)?;
    Ok(files)
}

/// Writes a certificate as `dir/gateway-cert.pem` and returns its path.
pub fn write_certificate(dir: &Path, cert_pem: &str) -> Result<PathBuf, GatewayError> {
    fs::create_dir_all(dir).map_err(|source| GatewayError::Write { path: dir.to_owned(), source })?;
    let path = files_in(dir).cert_file;
    write_private(&path, cert_pem.as_bytes())?;
    Ok(path)
}

/// The certificate in `dir` if both files exist, otherwise a newly generated one: a development landscape
/// keeps its certificate, so that clients trusting it keep working.
pub fn ensure_self_signed(dir: &Path) -> Result<CertificateFiles, GatewayError> {
    let files = files_in(dir);
    if files.cert_file.is_file() && files.key_file.is_file() {
        return Ok(files);
    }
    generate_self_signed(dir)
}

fn files_in(dir: &Path) -> CertificateFiles {
    CertificateFiles { cert_file: dir.join("gateway-cert.pem"), key_file: dir.join("gateway-key.pem") }
}

fn read(path: &Path) -> Result<Vec<u8>, GatewayError> {
    fs::read(path).map_err(|source| GatewayError::Read { path: path.to_owned(), source })
}

/// Writes `contents` to a temporary file readable by the owner only and renames it into place, so that
/// no reader sees a partial file and the key is never readable by others, not even briefly.
fn write_private(path: &Path, contents: &[u8]) -> Result<(), GatewayError> {
    let write_error = |source| GatewayError::Write { path: path.to_owned(), source };
    let temporary = path.with_extension("pem.tmp");
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        // An earlier temporary file keeps its mode on reopen; reset it.
        if temporary.exists() {
            fs::set_permissions(&temporary, fs::Permissions::from_mode(0o600)).map_err(write_error)?;
        }
    }
    let mut file = options.open(&temporary).map_err(write_error)?;
    file.write_all(contents).and_then(|()| file.sync_all()).map_err(write_error)?;
    drop(file);
    fs::rename(&temporary, path).map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_certificate_loads_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let files = generate_self_signed(dir.path()).unwrap();
        server_config(&files.cert_file, KeySource::File(&files.key_file)).unwrap();
        let pem = Secret::new(fs::read_to_string(&files.key_file).unwrap());
        server_config(&files.cert_file, KeySource::Pem(&pem)).unwrap();
        #[cfg(unix)]
        for path in [&files.cert_file, &files.key_file] {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", path.display());
        }
    }

    #[test]
    fn ensure_keeps_an_existing_certificate() {
        let dir = tempfile::tempdir().unwrap();
        let first = ensure_self_signed(dir.path()).unwrap();
        let pem = fs::read(&first.cert_file).unwrap();
        let second = ensure_self_signed(dir.path()).unwrap();
        assert_eq!(first, second);
        assert_eq!(fs::read(&second.cert_file).unwrap(), pem);
    }

    #[test]
    fn a_missing_key_is_a_read_error() {
        let dir = tempfile::tempdir().unwrap();
        let files = generate_self_signed(dir.path()).unwrap();
        let missing = dir.path().join("missing.pem");
        let error = server_config(&files.cert_file, KeySource::File(&missing)).unwrap_err();
        assert!(matches!(error, GatewayError::Read { .. }), "{error}");
    }
}
