//! Time as a parameter, so that tests control it.

use time::OffsetDateTime;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> OffsetDateTime;
}

/// The wall clock, truncated to milliseconds: the precision of the wire format and of storage.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods, reason = "the one place that reads the wall clock")]
    fn now(&self) -> OffsetDateTime {
        truncate_to_millis(OffsetDateTime::now_utc())
    }
}

pub fn truncate_to_millis(value: OffsetDateTime) -> OffsetDateTime {
    let millis = value.unix_timestamp_nanos() / 1_000_000;
    from_unix_millis(i64::try_from(millis).unwrap_or(i64::MAX))
}

/// Timestamps are stored as milliseconds since the Unix epoch.
pub fn unix_millis(value: OffsetDateTime) -> i64 {
    i64::try_from(value.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

pub fn from_unix_millis(millis: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}
