//! `backbone config example`: a commented configuration file generated from the configuration
//! types, their doc comments and their defaults, so it cannot drift from the code.

use schemars::schema_for;
use serde_json::Value;

use crate::config::BackboneConfig;

pub fn example_toml() -> String {
    let schema = schema_for!(BackboneConfig);
    let schema = schema.as_value();
    let definitions = schema.get("$defs").cloned().unwrap_or(Value::Null);
    let defaults = serde_json::to_value(BackboneConfig::default()).unwrap_or(Value::Null);
    let mut out = String::from(
        "# Backbone configuration. Every value below is the built-in default.\n\
         # Layers, later ones win: defaults, the landscape's profile, this file, BACKBONE_* environment\n\
         # variables (BACKBONE_API__DID_DOMAIN=example.org), command-line flags.\n\n",
    );
    render_table(&mut out, &[], schema, &defaults, &definitions);
    out
}

fn render_table(out: &mut String, path: &[&str], schema: &Value, defaults: &Value, definitions: &Value) {
    let properties = resolve(schema, definitions)
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut tables = Vec::new();
    for (name, property) in &properties {
        let default = defaults.get(name).cloned().unwrap_or(Value::Null);
        if is_table(property, definitions) && default.is_object() {
            tables.push((name.clone(), property.clone(), default));
            continue;
        }
        write_comment(out, property, definitions);
        out.push_str(&render_value(name, &default));
    }
    for (name, property, default) in tables {
        let mut nested: Vec<&str> = path.to_vec();
        nested.push(&name);
        out.push('\n');
        write_comment(out, &property, definitions);
        out.push_str(&format!("[{}]\n", nested.join(".")));
        render_table(out, &nested, &property, &default, definitions);
    }
}

fn render_value(name: &str, default: &Value) -> String {
    match default {
        Value::Null => format!("# {name} =\n"),
        other => match toml::Value::try_from(other) {
            Ok(value) => format!("{name} = {value}\n"),
            Err(_) => format!("# {name} =\n"),
        },
    }
}

fn write_comment(out: &mut String, property: &Value, definitions: &Value) {
    let description = property
        .get("description")
        .or_else(|| resolve(property, definitions).get("description"))
        .and_then(Value::as_str);
    if let Some(description) = description {
        for line in description.lines() {
            out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
        }
    }
}

fn is_table(property: &Value, definitions: &Value) -> bool {
    resolve(property, definitions).get("properties").is_some()
}

/// Follows a `$ref` into the schema's definitions.
fn resolve<'a>(schema: &'a Value, definitions: &'a Value) -> &'a Value {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/$defs/"))
        .and_then(|name| definitions.get(name))
        .unwrap_or(schema)
}
