use backbone_control_plane::landscape::{Landscape, LandscapeInfo, home_dir};
use tokio_util::sync::CancellationToken;

use crate::cli::{GlobalArgs, LandscapeCommand, LandscapeUpArgs};
use crate::{output, signals};

pub async fn run(global: &GlobalArgs, command: LandscapeCommand) -> anyhow::Result<()> {
    match command {
        LandscapeCommand::Up(args) => up(global, args).await,
    }
}

async fn up(global: &GlobalArgs, args: LandscapeUpArgs) -> anyhow::Result<()> {
    let landscape = Landscape::open(&args.name, &home_dir()?)?;
    let config = super::load_config(global, &landscape, args.listen.as_deref())?;
    init_logging(&config.log);
    let stop_requested = signals::stop_requested()?;
    let shutdown = CancellationToken::new();
    let running = landscape.up(config, shutdown.clone()).await?;
    output::print(global.output, &running.info, describe)?;
    tokio::spawn(async move {
        stop_requested.await;
        tracing::info!("stopping");
        shutdown.cancel();
    });
    running.wait().await;
    Ok(())
}

fn describe(info: &LandscapeInfo) -> String {
    format!(
        "Landscape {} is up.\n  Consumer API   {}\n  Client id      {}\n  Client secret  {}\n  State          {}\nPress Ctrl-C to stop.\n",
        info.landscape,
        info.consumer_api_url,
        info.client_id,
        info.client_secret,
        info.state_dir.display()
    )
}

fn init_logging(log: &backbone_control_plane::config::LogConfig) {
    use backbone_control_plane::config::LogFormat;
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&log.filter));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match log.format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
