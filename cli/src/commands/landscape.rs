use backbone_control_plane::config::ConfigLoader;
use backbone_control_plane::landscape::{Landscape, LandscapeInfo, home_dir};

use crate::cli::{GlobalArgs, LandscapeCommand, LandscapeUpArgs};
use crate::output;

pub async fn run(global: &GlobalArgs, command: LandscapeCommand) -> anyhow::Result<()> {
    match command {
        LandscapeCommand::Up(args) => up(global, args).await,
    }
}

async fn up(global: &GlobalArgs, args: LandscapeUpArgs) -> anyhow::Result<()> {
    let landscape = Landscape::open(&args.name, &home_dir()?)?;
    let config = super::load_config(
        global,
        ConfigLoader::new(landscape.profile()),
        args.listen.as_deref().map(|listen| (landscape.public_listen_key(), listen)),
    )?;
    super::init_logging(&config.log);
    let shutdown = super::cancel_on_signal()?;
    let program = std::env::current_exe()?;
    let running = landscape.up(config, &program, global.config.as_deref(), shutdown).await?;
    output::print(global.output, &running.info, describe)?;
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
