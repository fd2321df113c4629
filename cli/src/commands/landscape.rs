//! `backbone landscape …`: through the daemon's admin API.

use backbone_admin::AdminClient;
use backbone_admin::wire::{
    CreateRequest, LandscapeInfo, LandscapeState, LandscapeStatus, LandscapeSummary, Plan, PlanAction,
    UpRequest,
};
use backbone_control_plane::config::ConfigError;

use crate::cli::{GlobalArgs, LandscapeCommand, LandscapeCreateArgs, LandscapeDestroyArgs, LandscapeUpArgs};
use crate::output::{self, or_dash, table};
use crate::{admin, progress};

/// A landscape did not start; its status says why.
#[derive(Debug, thiserror::Error)]
#[error("landscape {name} did not start: {reason}")]
pub struct StartFailed {
    pub name: String,
    pub reason: String,
}

pub async fn run(global: &GlobalArgs, command: LandscapeCommand) -> anyhow::Result<()> {
    let client = admin::connect(&super::home()?, true).await?;
    match command {
        LandscapeCommand::Up(args) => up(global, &client, args).await,
        LandscapeCommand::Down(args) => down(global, &client, &args.name).await,
        LandscapeCommand::Status(args) => {
            output::print(global.output, &client.status(&args.name).await?, describe_status)
        }
        LandscapeCommand::List => {
            output::print(global.output, client.landscapes().await?.as_slice(), describe_list)
        }
        LandscapeCommand::Plan(args) => {
            output::print(global.output, &client.plan(&args.name).await?, describe_plan)
        }
        LandscapeCommand::Create(args) => create(global, &client, args).await,
        LandscapeCommand::Destroy(args) => destroy(global, &client, args).await,
    }
}

fn up_request(global: &GlobalArgs, listen: Option<String>) -> anyhow::Result<UpRequest> {
    // The daemon runs elsewhere (another working directory): it needs the file's absolute path.
    let config_file = global
        .config
        .as_ref()
        .map(|path| path.canonicalize().map_err(|_| ConfigError::MissingFile(path.clone())))
        .transpose()?;
    Ok(UpRequest { config_file, listen, env: admin::forwarded_variables() })
}

async fn up(global: &GlobalArgs, client: &AdminClient, args: LandscapeUpArgs) -> anyhow::Result<()> {
    client.up(&args.name, &up_request(global, args.listen)?).await?;
    ready(global, client, &args.name).await
}

/// Waits for the start, then prints how to reach the landscape.
async fn ready(global: &GlobalArgs, client: &AdminClient, name: &str) -> anyhow::Result<()> {
    let status = progress::follow(client, name, global.output, |status| {
        status.state != LandscapeState::Starting
            && (status.state != LandscapeState::Running || all_ready(status))
    })
    .await?;
    if status.state != LandscapeState::Running {
        let reason = status.error.unwrap_or_else(|| format!("it is {}", status.state.name()));
        return Err(StartFailed { name: name.to_owned(), reason }.into());
    }
    output::print(global.output, &client.info(name).await?, describe_info)
}

fn all_ready(status: &LandscapeStatus) -> bool {
    status.components.iter().all(|component| component.ready_replicas >= component.desired_replicas)
}

async fn down(global: &GlobalArgs, client: &AdminClient, name: &str) -> anyhow::Result<()> {
    client.down(name).await?;
    let status = progress::follow(client, name, global.output, |status| {
        matches!(status.state, LandscapeState::Stopped | LandscapeState::Failed)
    })
    .await?;
    output::print(global.output, &status, |status| format!("Landscape {} is stopped.\n", status.name))
}

async fn create(global: &GlobalArgs, client: &AdminClient, args: LandscapeCreateArgs) -> anyhow::Result<()> {
    let request = CreateRequest {
        name: args.name.clone(),
        from: args.from,
        ttl_seconds: args.ttl.map(|ttl| ttl.as_secs().max(1)),
        up: up_request(global, args.listen)?,
    };
    client.create(&request).await?;
    ready(global, client, &args.name).await
}

async fn destroy(
    global: &GlobalArgs,
    client: &AdminClient,
    args: LandscapeDestroyArgs,
) -> anyhow::Result<()> {
    super::confirm(&format!("Destroy landscape {} and delete its data?", args.name), args.yes)?;
    client.destroy(&args.name).await?;
    let destroyed = serde_json::json!({ "landscape": args.name, "destroyed": true });
    output::print(global.output, &destroyed, |_| format!("Landscape {} is destroyed.\n", args.name))
}

fn describe_info(info: &LandscapeInfo) -> String {
    format!(
        "Landscape {} is up.\n  Consumer API   {}\n  Client id      {}\n  Client secret  {}\n  State          {}\n`backbone landscape down {}` stops it.\n",
        info.landscape,
        info.consumer_api_url,
        info.client_id,
        info.client_secret.as_deref().unwrap_or("(not shown: its policy does not let your role read it)"),
        info.state_dir.display(),
        info.landscape,
    )
}

pub fn describe_status(status: &LandscapeStatus) -> String {
    let mut text = format!("Landscape {} ({}): {}\n", status.name, status.kind, status.state.name());
    text.push_str(&format!("  URL      {}\n", or_dash(status.url.as_deref())));
    if let Some(expires_at) = status.expires_at {
        text.push_str(&format!("  Expires  {}\n", format_time(expires_at)));
    }
    text.push_str(&format!("  State    {}\n", status.state_dir.display()));
    if let Some(error) = &status.error {
        text.push_str(&format!("  Error    {error}\n"));
    }
    text.push('\n');
    let rows = status.components.iter().map(|component| {
        let autoscale = component.autoscale.as_ref().map(|policy| {
            let cpu = policy.cpu_percent.map_or_else(String::new, |cpu| format!(", now {cpu:.0}%"));
            format!("{}-{} at {:.0}% CPU{cpu}", policy.min, policy.max, policy.target_cpu_percent)
        });
        [
            component.name.clone(),
            component.desired_replicas.to_string(),
            component.ready_replicas.to_string(),
            or_dash(autoscale),
            progress::instance_states(component),
        ]
    });
    text.push_str(&table(["COMPONENT", "DESIRED", "READY", "AUTOSCALE", "INSTANCES"], rows));
    text
}

fn describe_list(landscapes: &[LandscapeSummary]) -> String {
    let rows = landscapes.iter().map(|landscape| {
        [
            landscape.name.clone(),
            landscape.kind.clone(),
            landscape.state.name().to_owned(),
            or_dash(landscape.url.as_deref()),
            or_dash(landscape.expires_at.map(format_time)),
        ]
    });
    table(["NAME", "KIND", "STATE", "URL", "EXPIRES"], rows)
}

fn describe_plan(plan: &Plan) -> String {
    let mut text = format!("Landscape {} is {}.\n", plan.landscape, plan.state.name());
    if plan.is_empty() {
        text.push_str("No changes: `up` has nothing to do.\n");
        return text;
    }
    let changes = plan.changes.iter().filter(|change| change.action != PlanAction::None);
    let rows = changes.map(|change| {
        [
            change.component.clone(),
            change.current.to_string(),
            change.desired.to_string(),
            change.action.name().to_owned(),
        ]
    });
    text.push('\n');
    text.push_str(&table(["COMPONENT", "CURRENT", "DESIRED", "ACTION"], rows));
    match &plan.pending_migrations {
        Some(pending) if !pending.is_empty() => {
            text.push_str(&format!("\nMigrations to apply ({}):\n", pending.len()));
            for migration in pending {
                text.push_str(&format!("  {migration}\n"));
            }
        }
        Some(_) => {}
        None => text.push_str("\nThe database cannot be read: pending migrations are unknown.\n"),
    }
    text
}

/// RFC 3339, to the second.
pub fn format_time(at: time::OffsetDateTime) -> String {
    let at = at.replace_nanosecond(0).unwrap_or(at);
    at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}
