use std::sync::Arc;

use backbone_control_plane::components::{self, Backends, Component, Migrations};
use backbone_control_plane::config::ConfigLoader;
use backbone_control_plane::landscape::{Landscape, Reader};
use backbone_vault::SecretStore;
use serde::Serialize;

use crate::cli::{GlobalArgs, ServiceCommand, ServiceRunArgs};
use crate::output;

pub async fn run(global: &GlobalArgs, command: ServiceCommand) -> anyhow::Result<()> {
    match command {
        ServiceCommand::Run(args) => run_components(global, args).await,
    }
}

/// What a started process tells its supervisor.
#[derive(Debug, Serialize)]
struct Started {
    components: Vec<Component>,
    consumer_api_url: Option<String>,
    gateway_url: Option<String>,
    pid: u32,
}

async fn run_components(global: &GlobalArgs, args: ServiceRunArgs) -> anyhow::Result<()> {
    let components: Vec<Component> =
        args.components.iter().filter_map(|name| Component::parse(name)).collect();
    let landscape = match &args.landscape {
        Some(name) => Some(Landscape::open(name, &super::home()?)?),
        None => None,
    };
    let loader = match &landscape {
        Some(landscape) => ConfigLoader::new(landscape.profile()),
        None => ConfigLoader::without_profile(),
    };
    let listen_key =
        if components.contains(&Component::Gateway) { "gateway.listen" } else { "server.listen" };
    let mut config =
        super::load_config(global, loader, args.listen.as_deref().map(|listen| (listen_key, listen)))?;
    let mut vault: Option<Arc<dyn SecretStore>> = None;
    if let Some(landscape) = &landscape {
        config = landscape.prepare(config, Reader::Process(&components)).await?;
        if landscape.uses_vault() {
            vault = Some(landscape.vault()?);
        }
    }
    super::init_logging(&config.log);
    if args.exit_with_parent {
        exit_with_parent()?;
    }
    let shutdown = super::cancel_on_signal()?;
    // A landscape's daemon migrates before its instances start; they may not be allowed to.
    let migrations = if landscape.is_some() { Migrations::Expect } else { Migrations::Apply };
    let (db, blobs) = components::open_backends(&components, &config, migrations).await?;
    let running = components::start(&components, &config, Backends { db, blobs, vault }, shutdown).await?;
    let started = Started {
        components,
        consumer_api_url: running.consumer_api_url.clone(),
        gateway_url: running.gateway_url.clone(),
        pid: std::process::id(),
    };
    output::print(global.output, &started, describe)?;
    running.wait().await;
    Ok(())
}

fn describe(started: &Started) -> String {
    let names: Vec<&str> = started.components.iter().map(|component| component.name()).collect();
    let mut text = format!("Running {} (pid {}).\n", names.join(", "), started.pid);
    if let Some(url) = &started.consumer_api_url {
        text.push_str(&format!("  Consumer API   {url}\n"));
    }
    if let Some(url) = &started.gateway_url {
        text.push_str(&format!("  Gateway        {url}\n"));
    }
    text
}

/// Asks the kernel for SIGTERM when the parent (the daemon) ends.
#[cfg(target_os = "linux")]
fn exit_with_parent() -> anyhow::Result<()> {
    use rustix::process::{Signal, getppid, set_parent_process_death_signal};
    let parent = getppid();
    set_parent_process_death_signal(Some(Signal::TERM))?;
    // A parent that ended before the call would never send it.
    anyhow::ensure!(getppid() == parent, "the supervising process is gone");
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn exit_with_parent() -> anyhow::Result<()> {
    Ok(())
}
