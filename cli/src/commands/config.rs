use backbone_control_plane::config::ConfigLoader;
use backbone_control_plane::example::example_toml;
use backbone_control_plane::landscape::Landscape;

use crate::cli::{ConfigCommand, GlobalArgs, Output};

pub fn run(global: &GlobalArgs, command: ConfigCommand) -> anyhow::Result<()> {
    match command {
        ConfigCommand::Example => {
            print!("{}", example_toml());
            Ok(())
        }
        ConfigCommand::Show { landscape } => {
            let landscape = Landscape::open(&landscape, &super::home()?)?;
            let config = super::load_config(global, ConfigLoader::new(landscape.profile()), None)?;
            match global.output {
                Output::Text => {
                    print!("{}", config.to_redacted_toml());
                    Ok(())
                }
                format => crate::output::print(format, &config, |_| String::new()),
            }
        }
    }
}
