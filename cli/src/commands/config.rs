use backbone_control_plane::config::ConfigLoader;
use backbone_control_plane::example::example_toml;
use backbone_control_plane::landscape::{Landscape, home_dir};

use crate::cli::{ConfigCommand, GlobalArgs, Output};

pub fn run(global: &GlobalArgs, command: ConfigCommand) -> anyhow::Result<()> {
    match command {
        ConfigCommand::Example => {
            print!("{}", example_toml());
            Ok(())
        }
        ConfigCommand::Show { landscape } => {
            let landscape = Landscape::open(&landscape, &home_dir()?)?;
            let config = super::load_config(global, ConfigLoader::new(landscape.profile()), None)?;
            match global.output {
                Output::Json => println!("{}", serde_json::to_string_pretty(&config)?),
                Output::Text => print!("{}", config.to_redacted_toml()),
            }
            Ok(())
        }
    }
}
