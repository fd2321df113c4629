//! `backbone scale`, `backbone token …`, `backbone audit`: the daemon's other admin calls.

use backbone_admin::wire::{
    AuditEntry, LandscapeStatus, LeakScan, Role, Rotation, SecretPolicySummary, SecretSummary,
    SecretVersionSummary, TokenCreated, TokenInfo, TokenRequest,
};
use backbone_admin::{AdminClient, AdminError};

use super::landscape::{describe_status, format_time};
use crate::cli::{GlobalArgs, ScaleArgs, TokenCommand, VaultCommand, VaultLandscape};
use crate::output::{self, or_dash, table};
use crate::{admin, progress};

async fn client() -> anyhow::Result<AdminClient> {
    admin::connect(&super::home()?, true).await
}

/// Sets the replicas, then waits until the new ones are ready (drained ones are gone when the call returns).
pub async fn scale(global: &GlobalArgs, args: ScaleArgs) -> anyhow::Result<()> {
    let client = client().await?;
    let (component, replicas) = args.replicas;
    client.scale(&args.landscape, &component, replicas).await?;
    let status = progress::follow(&client, &args.landscape, global.output, |status: &LandscapeStatus| {
        status
            .component(&component)
            .is_none_or(|component| component.ready_replicas >= component.desired_replicas)
    })
    .await?;
    output::print(global.output, &status, describe_status)
}

pub async fn token(global: &GlobalArgs, command: TokenCommand) -> anyhow::Result<()> {
    let client = client().await?;
    match command {
        TokenCommand::Create { name, role } => {
            let role = Role::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role '{role}'"))?;
            let created = client.create_token(&TokenRequest { name, role }).await?;
            output::print(global.output, &created, describe_created)
        }
        TokenCommand::List => {
            output::print(global.output, client.tokens().await?.as_slice(), describe_tokens)
        }
        TokenCommand::Rotate { name, yes } => {
            super::confirm(&format!("Rotate token {name}? Whoever uses it needs the new one."), yes)?;
            let created = client.rotate_token(&name).await?;
            output::print(global.output, &created, describe_created)
        }
        TokenCommand::Revoke { name, yes } => {
            super::confirm(&format!("Revoke token {name}? Whoever uses it loses access."), yes)?;
            client.revoke_token(&name).await?;
            let revoked = serde_json::json!({ "token": name, "revoked": true });
            output::print(global.output, &revoked, |_| format!("Token {name} is revoked.\n"))
        }
    }
}

pub async fn vault(global: &GlobalArgs, command: VaultCommand) -> anyhow::Result<()> {
    let client = client().await?;
    match command {
        VaultCommand::List(VaultLandscape { landscape }) => {
            output::print(global.output, client.secrets(&landscape).await?.as_slice(), describe_secrets)
        }
        VaultCommand::History { secret, landscape: VaultLandscape { landscape } } => output::print(
            global.output,
            client.secret_history(&landscape, &secret).await?.as_slice(),
            describe_history,
        ),
        VaultCommand::Scan => {
            let scan = client.scan_logs().await?;
            output::print(global.output, &scan, describe_scan)?;
            anyhow::ensure!(
                scan.findings.is_empty(),
                "{} secret values in the logs; rotate those secrets",
                scan.findings.len()
            );
            Ok(())
        }
        VaultCommand::Policy { secret, landscape: VaultLandscape { landscape } } => {
            let mut policies = client.policies(&landscape).await?;
            if let Some(secret) = secret {
                policies.retain(|policy| policy.secret == secret);
                if policies.is_empty() {
                    let message =
                        format!("landscape {landscape} has no secret {secret} and its file names none");
                    return Err(AdminError::Api { status: 404, code: "not_found".to_owned(), message }.into());
                }
            }
            output::print(global.output, policies.as_slice(), describe_policies)
        }
        VaultCommand::Show { secret, landscape: VaultLandscape { landscape }, reveal } => {
            if reveal {
                let revealed = client.reveal(&landscape, &secret).await?;
                return output::print(global.output, &revealed, |revealed| format!("{}\n", revealed.value));
            }
            let history = client.secret_history(&landscape, &secret).await?;
            let current: Vec<SecretVersionSummary> =
                history.into_iter().filter(|version| version.state == "current").collect();
            output::print(global.output, current.as_slice(), describe_history)
        }
        VaultCommand::Set { secret, landscape: VaultLandscape { landscape } } => {
            let value = read_secret_value(&secret)?;
            let version = client.set_secret(&landscape, &secret, &value).await?;
            output::print(global.output, &version, |version| {
                format!("{secret} of {landscape}: version {} is current.\n", version.version)
            })
        }
        VaultCommand::Rotate { secret, landscape: VaultLandscape { landscape }, dry_run, yes } => {
            if !dry_run {
                super::confirm(&format!("Rotate {secret} of landscape {landscape}?"), yes)?;
            }
            let rotation = client.rotate(&landscape, &secret, dry_run).await?;
            output::print(global.output, &rotation, describe_rotation)
        }
    }
}

/// The value on standard input: at a terminal one line, asked for first; from a pipe or file all of it
/// (PEM keys and JSON key files span lines), without its final line break.
fn read_secret_value(secret: &str) -> anyhow::Result<String> {
    use std::io::{BufRead as _, IsTerminal as _, Read as _, Write as _};
    let mut value = String::new();
    if std::io::stdin().is_terminal() {
        eprint!("Value of {secret}: ");
        std::io::stderr().flush()?;
        std::io::stdin().lock().read_line(&mut value)?;
    } else {
        std::io::stdin().lock().read_to_string(&mut value)?;
    }
    let value =
        value.strip_suffix('\n').map_or(value.as_str(), |value| value.strip_suffix('\r').unwrap_or(value));
    anyhow::ensure!(!value.is_empty(), "no value on standard input");
    Ok(value.to_owned())
}

fn describe_secrets(secrets: &[SecretSummary]) -> String {
    let rows = secrets.iter().map(|secret| {
        [
            secret.name.clone(),
            secret.current_version.clone(),
            format_time(secret.updated_at),
            secret.versions.to_string(),
        ]
    });
    table(["SECRET", "CURRENT VERSION", "UPDATED", "VERSIONS"], rows)
}

fn describe_scan(scan: &LeakScan) -> String {
    let summary = format!(
        "Looked for {} secret values in {} log files ({} bytes).\n",
        scan.secrets_checked, scan.files_scanned, scan.bytes_scanned
    );
    if scan.findings.is_empty() {
        return format!("{summary}No secret value found.\n");
    }
    let rows = scan.findings.iter().map(|finding| {
        [
            format!("{}:{}", finding.file.display(), finding.line),
            or_dash(finding.landscape.clone()),
            finding.secret.clone(),
            or_dash(finding.version.clone()),
        ]
    });
    format!("{summary}{}", table(["WHERE", "LANDSCAPE", "SECRET", "VERSION"], rows))
}

fn describe_policies(policies: &[SecretPolicySummary]) -> String {
    let rows = policies.iter().map(|policy| {
        [
            policy.secret.clone(),
            policy.read.join(", "),
            policy.rotate.join(", "),
            or_dash(policy.rotate_every.clone()),
            if policy.from_landscape_file { "landscape file" } else { "built in" }.to_owned(),
        ]
    });
    table(["SECRET", "READ", "ROTATE", "ROTATE EVERY", "POLICY"], rows)
}

fn describe_history(versions: &[SecretVersionSummary]) -> String {
    let rows = versions.iter().map(|version| {
        [
            version.version.clone(),
            version.state.clone(),
            format_time(version.created_at),
            version.created_by.clone(),
            or_dash(version.retired_at.map(format_time)),
        ]
    });
    table(["VERSION", "STATE", "CREATED", "BY", "RETIRED"], rows)
}

fn describe_rotation(rotation: &Rotation) -> String {
    let retired = or_dash(rotation.previous_retired_after.map(format_time));
    match &rotation.version {
        Some(version) => format!(
            "Rotated {} of {}: version {version} is current; {} stays accepted until {retired}.\n",
            rotation.secret,
            rotation.landscape,
            or_dash(rotation.previous_version.as_deref()),
        ),
        None => format!(
            "Would rotate {} of {}: a new version becomes current; {} would stay accepted until {retired}.\n",
            rotation.secret,
            rotation.landscape,
            or_dash(rotation.previous_version.as_deref()),
        ),
    }
}

pub async fn audit(global: &GlobalArgs, limit: usize) -> anyhow::Result<()> {
    let entries = client().await?.audit(limit).await?;
    output::print(global.output, entries.as_slice(), describe_audit)
}

fn describe_created(created: &TokenCreated) -> String {
    format!(
        "Token {} ({}):\n  {}\nIt is shown only now. Use it as BACKBONE_TOKEN.\n",
        created.name, created.role, created.token
    )
}

fn describe_tokens(tokens: &[TokenInfo]) -> String {
    let rows = tokens
        .iter()
        .map(|token| [token.name.clone(), token.role.to_string(), format_time(token.created_at)]);
    table(["NAME", "ROLE", "CREATED"], rows)
}

fn describe_audit(entries: &[AuditEntry]) -> String {
    let rows = entries.iter().map(|entry| {
        [
            format_time(entry.at),
            entry.actor.clone(),
            or_dash(entry.role),
            entry.action.clone(),
            entry.target.clone(),
            entry.status.to_string(),
        ]
    });
    table(["TIME", "ACTOR", "ROLE", "ACTION", "TARGET", "STATUS"], rows)
}
