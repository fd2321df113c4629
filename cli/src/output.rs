//! Data goes to standard output: text (sentences, tables) for people, one JSON or YAML document for
//! scripts. Messages and progress go to standard error.

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::cli::Output;

pub fn print<T: Serialize + ?Sized>(
    format: Output,
    value: &T,
    text: impl FnOnce(&T) -> String,
) -> anyhow::Result<()> {
    match format {
        Output::Json => println!("{}", serde_json::to_string(value)?),
        Output::Yaml => print!("{}", serde_norway::to_string(value)?),
        Output::Text => print!("{}", text(value)),
    }
    Ok(())
}

/// A table in the style of `kubectl get`: a header row, aligned columns, no borders.
pub fn table<const N: usize>(header: [&str; N], rows: impl IntoIterator<Item = [String; N]>) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header);
    for row in rows {
        table.add_row(row);
    }
    // comfy-table pads every cell with one space on each side; the left margin only shifts the table.
    let lines: Vec<String> = table
        .to_string()
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned())
        .collect();
    lines.join("\n") + "\n"
}

/// `-` for absent values in tables.
pub fn or_dash(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "-".to_owned(), |value| value.to_string())
}
