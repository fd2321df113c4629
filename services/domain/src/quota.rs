//! Quotas (spec §11): limits on what an identity creates per period. A tier's quotas apply to every identity in
//! it; an identity's individual quotas replace its tier's for the same metric.

use time::{Date, Duration, OffsetDateTime, Time, UtcOffset};

/// What a quota counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    NumberOfSentMessages,
    NumberOfRelationships,
    NumberOfRelationshipTemplates,
    NumberOfFiles,
    UsedFileStorageSpace,
    NumberOfTokens,
    NumberOfStartedDeletionProcesses,
    NumberOfCreatedDatawalletModifications,
    NumberOfCreatedDevices,
    NumberOfCreatedChallenges,
}

impl Metric {
    pub const ALL: [Metric; 10] = [
        Metric::NumberOfSentMessages,
        Metric::NumberOfRelationships,
        Metric::NumberOfRelationshipTemplates,
        Metric::NumberOfFiles,
        Metric::UsedFileStorageSpace,
        Metric::NumberOfTokens,
        Metric::NumberOfStartedDeletionProcesses,
        Metric::NumberOfCreatedDatawalletModifications,
        Metric::NumberOfCreatedDevices,
        Metric::NumberOfCreatedChallenges,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Metric::NumberOfSentMessages => "NumberOfSentMessages",
            Metric::NumberOfRelationships => "NumberOfRelationships",
            Metric::NumberOfRelationshipTemplates => "NumberOfRelationshipTemplates",
            Metric::NumberOfFiles => "NumberOfFiles",
            Metric::UsedFileStorageSpace => "UsedFileStorageSpace",
            Metric::NumberOfTokens => "NumberOfTokens",
            Metric::NumberOfStartedDeletionProcesses => "NumberOfStartedDeletionProcesses",
            Metric::NumberOfCreatedDatawalletModifications => "NumberOfCreatedDatawalletModifications",
            Metric::NumberOfCreatedDevices => "NumberOfCreatedDevices",
            Metric::NumberOfCreatedChallenges => "NumberOfCreatedChallenges",
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Metric::NumberOfSentMessages => "Number of Sent Messages",
            Metric::NumberOfRelationships => "Number of Relationships",
            Metric::NumberOfRelationshipTemplates => "Number of Relationship Templates",
            Metric::NumberOfFiles => "Number of Files",
            Metric::UsedFileStorageSpace => "Used File Storage Space",
            Metric::NumberOfTokens => "Number of Tokens",
            Metric::NumberOfStartedDeletionProcesses => "Number of Started Deletion Processes",
            Metric::NumberOfCreatedDatawalletModifications => "Number of Created Datawallet Modifications",
            Metric::NumberOfCreatedDevices => "Number of Created Devices",
            Metric::NumberOfCreatedChallenges => "Number of Created Challenges",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Metric::ALL.into_iter().find(|metric| metric.key().eq_ignore_ascii_case(key))
    }
}

/// When a quota that never renews ends: .NET's `DateTime.MaxValue`, as the reference answers.
const NEVER: OffsetDateTime = time::macros::datetime!(9999-12-31 23:59:59.999 UTC);

/// The calendar period a quota's usage is counted in (UTC), or all time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Hour,
    Day,
    Week,
    Month,
    Year,
    Total,
}

impl Period {
    pub const ALL: [Period; 6] =
        [Period::Hour, Period::Day, Period::Week, Period::Month, Period::Year, Period::Total];

    pub fn name(self) -> &'static str {
        match self {
            Period::Hour => "Hour",
            Period::Day => "Day",
            Period::Week => "Week",
            Period::Month => "Month",
            Period::Year => "Year",
            Period::Total => "Total",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Period::ALL.into_iter().find(|period| period.name().eq_ignore_ascii_case(name))
    }

    /// When the period that contains `now` began; `None` for all time. Weeks begin on Monday.
    pub fn start(self, now: OffsetDateTime) -> Option<OffsetDateTime> {
        let now = now.to_offset(UtcOffset::UTC);
        let date = now.date();
        let at = |date: Date, time: Time| Some(date.with_time(time).assume_utc());
        match self {
            Period::Hour => at(date, Time::from_hms(now.hour(), 0, 0).ok()?),
            Period::Day => at(date, Time::MIDNIGHT),
            Period::Week => {
                let days = i64::from(date.weekday().number_days_from_monday());
                at(date - Duration::days(days), Time::MIDNIGHT)
            }
            Period::Month => at(date.replace_day(1).ok()?, Time::MIDNIGHT),
            Period::Year => {
                at(Date::from_calendar_date(date.year(), time::Month::January, 1).ok()?, Time::MIDNIGHT)
            }
            Period::Total => None,
        }
    }

    /// The last millisecond of the period that contains `now`; all time ends at the end of year 9999.
    pub fn end(self, now: OffsetDateTime) -> OffsetDateTime {
        let start = self.start(now);
        let next = match (self, start) {
            (Period::Hour, Some(start)) => Some(start + Duration::HOUR),
            (Period::Day, Some(start)) => Some(start + Duration::DAY),
            (Period::Week, Some(start)) => Some(start + Duration::WEEK),
            (Period::Month, Some(start)) => {
                let (year, month) = match start.month() {
                    time::Month::December => (start.year() + 1, time::Month::January),
                    month => (start.year(), month.next()),
                };
                Date::from_calendar_date(year, month, 1).ok().map(|date| date.midnight().assume_utc())
            }
            (Period::Year, Some(start)) => {
                Date::from_calendar_date(start.year() + 1, time::Month::January, 1)
                    .ok()
                    .map(|date| date.midnight().assume_utc())
            }
            _ => None,
        };
        match next {
            Some(next) => next - Duration::milliseconds(1),
            None => NEVER,
        }
    }
}

/// Who set a quota: its identity's tier, or support for the identity alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Tier,
    Individual,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Tier => "Tier",
            Source::Individual => "Individual",
        }
    }
}

/// A quota as stored: a tier's definition or an identity's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quota {
    pub id: String,
    pub source: Source,
    pub metric: Metric,
    pub max: i64,
    pub period: Period,
}

/// The quotas that apply: for each metric the identity's individual quotas if it has any, else its tier's;
/// ordered by metric, then id.
pub fn applicable(mut quotas: Vec<Quota>) -> Vec<Quota> {
    let individual: Vec<Metric> =
        quotas.iter().filter(|quota| quota.source == Source::Individual).map(|quota| quota.metric).collect();
    quotas.retain(|quota| quota.source == Source::Individual || !individual.contains(&quota.metric));
    quotas.sort_by(|a, b| {
        (a.metric, a.source == Source::Tier, &a.id).cmp(&(b.metric, b.source == Source::Tier, &b.id))
    });
    quotas
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn periods_are_calendar_aligned_in_utc() {
        let now = datetime!(2026-12-31 18:50:12.5 UTC); // a Thursday
        let starts: Vec<Option<OffsetDateTime>> =
            Period::ALL.iter().map(|period| period.start(now)).collect();
        assert_eq!(
            starts,
            [
                Some(datetime!(2026-12-31 18:00 UTC)),
                Some(datetime!(2026-12-31 0:00 UTC)),
                Some(datetime!(2026-12-28 0:00 UTC)),
                Some(datetime!(2026-12-01 0:00 UTC)),
                Some(datetime!(2026-01-01 0:00 UTC)),
                None,
            ]
        );
        assert_eq!(Period::Month.end(now), datetime!(2026-12-31 23:59:59.999 UTC));
        assert_eq!(Period::Week.end(now), datetime!(2027-01-03 23:59:59.999 UTC));
        assert_eq!(Period::Total.end(now), datetime!(9999-12-31 23:59:59.999 UTC));
        assert_eq!(Period::from_name("day"), Some(Period::Day));
    }

    #[test]
    fn individual_quotas_replace_the_tiers_for_their_metric() {
        let quota =
            |id: &str, source, metric| Quota { id: id.into(), source, metric, max: 1, period: Period::Day };
        let applicable = applicable(vec![
            quota("TQD1", Source::Tier, Metric::NumberOfFiles),
            quota("TQD2", Source::Tier, Metric::NumberOfSentMessages),
            quota("QUO1", Source::Individual, Metric::NumberOfSentMessages),
        ]);
        let ids: Vec<&str> = applicable.iter().map(|quota| quota.id.as_str()).collect();
        assert_eq!(ids, ["QUO1", "TQD1"]);
        assert_eq!(Metric::from_key("numberoffiles"), Some(Metric::NumberOfFiles));
    }
}
