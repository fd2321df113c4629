//! Request and response bodies, one module per Consumer API module.

pub mod announcements;
pub mod auth;
pub mod challenges;
pub mod datawallet;
pub mod deletion;
pub mod devices;
pub mod files;
pub mod identities;
pub mod messages;
pub mod push;
pub mod quotas;
pub mod relationships;
pub mod sync;
pub mod templates;
pub mod tokens;
pub mod version;

/// Declares an enum that is written as its member name and read from the name (case-insensitively)
/// or from its numeric value, like the reference's string enum converter (spec §1.2).
#[macro_export]
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $number:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant)),* }
            }

            pub fn from_name(name: &str) -> Option<Self> {
                $(if name.eq_ignore_ascii_case(stringify!($variant)) { return Some($name::$variant); })*
                None
            }

            pub fn from_number(number: i64) -> Option<Self> {
                match number { $($number => Some($name::$variant),)* _ => None }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let parsed = match &value {
                    serde_json::Value::String(name) => $name::from_name(name),
                    serde_json::Value::Number(number) => number.as_i64().and_then($name::from_number),
                    _ => None,
                };
                parsed.ok_or_else(|| serde::de::Error::custom(format!(
                    "{value} is not one of: {}", [$(stringify!($variant)),*].join(", ")
                )))
            }
        }
    };
}
