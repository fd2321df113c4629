//! Conversions between stored columns and domain values.

use backbone_domain::clock::{from_unix_millis, unix_millis};
use time::OffsetDateTime;

use crate::StoreError;

pub fn millis(value: OffsetDateTime) -> i64 {
    unix_millis(value)
}

pub fn time(millis: i64) -> OffsetDateTime {
    from_unix_millis(millis)
}

pub fn optional_time(millis: Option<i64>) -> Option<OffsetDateTime> {
    millis.map(from_unix_millis)
}

pub fn flag(value: bool) -> i64 {
    i64::from(value)
}

pub fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {value}"))
}

/// `$first, $first+1, …` for `count` values, to bind a list into `IN (…)`.
pub fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}
