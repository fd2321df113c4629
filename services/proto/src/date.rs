//! Dates on the wire (spec §1.2): UTC with exactly three fractional digits and a trailing `Z`.
//! Input accepts any RFC 3339 timestamp and converts it to UTC.

use serde::{Deserialize, Deserializer, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// `yyyy-MM-ddTHH:mm:ss.fffZ`
pub fn format(value: OffsetDateTime) -> String {
    let utc = value.to_offset(UtcOffset::UTC);
    let pattern = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    utc.format(pattern).unwrap_or_default()
}

/// The round-trip format with seven fractional digits that the reference uses for error times.
pub fn format_precise(value: OffsetDateTime) -> String {
    let utc = value.to_offset(UtcOffset::UTC);
    let pattern = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:7]Z");
    utc.format(pattern).unwrap_or_default()
}

pub fn parse(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok().map(|value| value.to_offset(UtcOffset::UTC))
}

pub fn serialize<S: Serializer>(value: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format(*value))
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse(&text).ok_or_else(|| serde::de::Error::custom("the value is not a valid date"))
}

/// The same format for optional fields.
pub mod option {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::OffsetDateTime;

    pub fn serialize<S: Serializer>(
        value: &Option<OffsetDateTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => super::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| {
                super::parse(&text).ok_or_else(|| serde::de::Error::custom("the value is not a valid date"))
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn writes_milliseconds_in_utc() {
        assert_eq!(format(datetime!(2025-03-07 10:14:03.1204567 +1)), "2025-03-07T09:14:03.120Z");
        assert_eq!(
            format_precise(datetime!(2025-03-07 09:14:03.1234567 UTC)),
            "2025-03-07T09:14:03.1234567Z"
        );
    }

    #[test]
    fn reads_offsets_as_utc() {
        assert_eq!(parse("2025-03-07T10:14:03+01:00"), Some(datetime!(2025-03-07 09:14:03 UTC)));
        assert_eq!(parse("yesterday"), None);
    }
}
