//! What can go wrong when starting the gateway or handling its files.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("cannot listen on {address}: {source}")]
    Listen { address: String, source: io::Error },
    #[error("no TLS certificate configured: set gateway.tls.cert_file and gateway.tls.key_file")]
    TlsNotConfigured,
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("invalid PEM in {}: {reason}", path.display())]
    Pem { path: PathBuf, reason: String },
    #[error("the certificate and key are unusable: {0}")]
    Tls(#[from] rustls::Error),
    #[error("cannot generate a certificate: {0}")]
    Generate(#[from] rcgen::Error),
    #[error("invalid route {route:?}: {reason}")]
    Route { route: String, reason: &'static str },
    #[error("invalid upstreams file {}: {source}", path.display())]
    UpstreamsFile { path: PathBuf, source: serde_json::Error },
}
