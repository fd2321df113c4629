//! `backbone vault scan`: looks for secret values in the logs the home holds (the daemon's, and every
//! landscape's instance logs), as a secret scanner would, and says where, never what. It looks for the
//! active versions of every secret in the landscapes' vaults, the development landscapes' generated
//! secrets, the vaults' master key, and anything shaped like an admin token or an access token (JWT).

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use backbone_admin::wire::{LeakFinding, LeakScan};
use backbone_control_plane::landscape::Landscape;
use backbone_control_plane::secrets::{self, MASTER_KEY_VARIABLE};
use backbone_vault::SecretStore;
use zeroize::Zeroizing;

use crate::DaemonDir;
use crate::error::DaemonError;

/// Shorter values match ordinary words (the development client's secret is `test`).
const SHORTEST: usize = 8;

/// Lines of multi-line values shorter than this are not looked for: JSON punctuation, PEM markers.
const PART: usize = 20;

/// Admin tokens are `bbt_` and 43 base64url characters (see `tokens.rs`).
const TOKEN_PREFIX: &[u8] = b"bbt_";
const TOKEN_LEN: usize = 43;

/// A value to look for, and what to call it in a finding.
struct Needle {
    value: Zeroizing<String>,
    landscape: Option<String>,
    secret: String,
    version: Option<String>,
}

/// Scans every landscape's state directory, even one whose landscape file no longer reads.
pub async fn scan(home: &Path) -> Result<LeakScan, DaemonError> {
    let landscapes: Vec<(String, PathBuf)> = std::fs::read_dir(home.join("landscapes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .map(|entry| (entry.file_name().to_string_lossy().into_owned(), entry.path()))
        .collect();
    let needles = needles(home, &landscapes).await?;
    let matcher = AhoCorasick::new(needles.iter().map(|needle| needle.value.as_bytes()))
        .map_err(|error| DaemonError::Invalid(error.to_string()))?;
    let mut scan = LeakScan { secrets_checked: needles.len(), ..LeakScan::default() };
    for file in log_files(home, &landscapes) {
        scan_file(&file, &matcher, &needles, &mut scan)?;
    }
    Ok(scan)
}

async fn needles(home: &Path, landscapes: &[(String, PathBuf)]) -> Result<Vec<Needle>, DaemonError> {
    let mut needles = Vec::new();
    let mut add = |value: String, landscape: Option<&str>, secret: &str, version: Option<String>| {
        let value = Zeroizing::new(value.trim().to_owned());
        // Logs are scanned line by line: each long line of a PEM key or a JSON key file is a needle too.
        if value.contains('\n') {
            for line in
                value.lines().map(str::trim).filter(|line| line.len() >= PART && !line.starts_with("-----"))
            {
                let part = Some(format!("{} (a line)", version.as_deref().unwrap_or("-")));
                let (landscape, secret) = (landscape.map(str::to_owned), secret.to_owned());
                needles.push(Needle {
                    value: Zeroizing::new(line.to_owned()),
                    landscape,
                    secret,
                    version: part,
                });
            }
        }
        if value.len() >= SHORTEST {
            needles.push(Needle {
                value,
                landscape: landscape.map(str::to_owned),
                secret: secret.to_owned(),
                version,
            });
        }
    };
    for (landscape, state_dir) in landscapes {
        // The landscape's own vault (local or Azure); the local one even if its file no longer reads.
        let vault = match Landscape::open(landscape, home) {
            Ok(opened) if opened.has_vault() => Some(opened.vault()?),
            _ if state_dir.join("vault").is_dir() => {
                Some(Arc::new(secrets::open(state_dir, home)?) as Arc<dyn SecretStore>)
            }
            _ => None,
        };
        if let Some(vault) = vault {
            for secret in vault.list().await? {
                for version in vault.active(&secret.name).await? {
                    let id = Some(version.info.id.to_string());
                    add(version.value.expose().to_owned(), Some(landscape), secret.name.as_str(), id);
                }
            }
        }
        for file in std::fs::read_dir(state_dir.join("secrets")).into_iter().flatten().flatten() {
            if let Ok(value) = std::fs::read_to_string(file.path()) {
                add(value, Some(landscape), &file.file_name().to_string_lossy(), None);
            }
        }
    }
    if let Ok(key) = std::fs::read_to_string(home.join("vault.key")) {
        add(key, None, "vault master key", None);
    }
    if let Ok(key) = std::env::var(MASTER_KEY_VARIABLE) {
        add(key, None, "vault master key", None);
    }
    Ok(needles)
}

/// The daemon's logs (its own and the audit log) and every file under the landscapes' log directories.
fn log_files(home: &Path, landscapes: &[(String, PathBuf)]) -> Vec<PathBuf> {
    let daemon = DaemonDir::new(home);
    let mut files = vec![daemon.log(), daemon.audit_log()];
    let mut dirs: Vec<PathBuf> = landscapes.iter().map(|(_, state_dir)| state_dir.join("logs")).collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => dirs.push(entry.path()),
                Ok(kind) if kind.is_file() => files.push(entry.path()),
                _ => {}
            }
        }
    }
    files.retain(|file| file.is_file());
    files
}

fn scan_file(
    file: &Path,
    matcher: &AhoCorasick,
    needles: &[Needle],
    scan: &mut LeakScan,
) -> Result<(), DaemonError> {
    let io_error = |source| DaemonError::Io { path: file.to_owned(), source };
    let mut reader = BufReader::new(std::fs::File::open(file).map_err(io_error)?);
    let mut line = Vec::new();
    let mut number = 0;
    scan.files_scanned += 1;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).map_err(io_error)? == 0 {
            return Ok(());
        }
        number += 1;
        scan.bytes_scanned += line.len() as u64;
        let finding = |landscape: Option<&str>, secret: &str, version: Option<&str>| LeakFinding {
            file: file.to_owned(),
            line: number,
            landscape: landscape.map(str::to_owned),
            secret: secret.to_owned(),
            version: version.map(str::to_owned),
        };
        for found in matcher.find_overlapping_iter(&line) {
            let needle = &needles[found.pattern().as_usize()];
            scan.findings.push(finding(
                needle.landscape.as_deref(),
                &needle.secret,
                needle.version.as_deref(),
            ));
        }
        if contains_token(&line) {
            scan.findings.push(finding(None, "admin token", None));
        }
        if contains_jwt(&line) {
            scan.findings.push(finding(None, "access token", None));
        }
    }
}

fn base64url(byte: &u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_')
}

/// Something shaped like a signed JWT: `eyJ…` (a base64url JSON object), a payload and a signature.
fn contains_jwt(line: &[u8]) -> bool {
    const SEGMENT: usize = 10;
    (0..line.len()).filter(|start| line[*start..].starts_with(b"eyJ")).any(|start| {
        let mut segments = line[start..].splitn(3, |byte| *byte == b'.');
        let whole = |segment: &[u8]| segment.len() >= SEGMENT && segment.iter().all(base64url);
        let (Some(header), Some(payload), Some(rest)) = (segments.next(), segments.next(), segments.next())
        else {
            return false;
        };
        whole(header) && whole(payload) && rest.iter().take_while(|byte| base64url(byte)).count() >= SEGMENT
    })
}

fn contains_token(line: &[u8]) -> bool {
    line.windows(TOKEN_PREFIX.len() + TOKEN_LEN)
        .any(|window| window.starts_with(TOKEN_PREFIX) && window[TOKEN_PREFIX.len()..].iter().all(base64url))
}
