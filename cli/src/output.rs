//! Data goes to standard output: text for people, one JSON document for scripts.

use serde::Serialize;

use crate::cli::Output;

pub fn print<T: Serialize>(format: Output, value: &T, text: impl FnOnce(&T) -> String) -> anyhow::Result<()> {
    match format {
        Output::Json => println!("{}", serde_json::to_string(value)?),
        Output::Text => print!("{}", text(value)),
    }
    Ok(())
}
