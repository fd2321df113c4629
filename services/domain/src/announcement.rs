//! Announcements (spec §5.18, operations §1.2): what the platform's operators tell users, in several
//! languages, to everybody or to listed identities. Operators create them; apps read them in their language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::IdentityAddress;
use crate::id::AnnouncementId;
use crate::language;

/// How many identities one announcement may address; none means everybody.
pub const MAX_RECIPIENTS: usize = 100;
const MAX_ACTION_NAME_CHARS: usize = 30;
const MAX_LINK_CHARS: usize = 300;
const MAX_IQL_QUERY_CHARS: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Low => "Low",
            Severity::Medium => "Medium",
            Severity::High => "High",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [Severity::Low, Severity::Medium, Severity::High]
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name))
    }
}

/// The title and body in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub language: String,
    pub title: String,
    pub body: String,
}

/// A link the app offers, named in several languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// By language; must have `en`.
    pub display_name: BTreeMap<String, String>,
    pub link: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub id: AnnouncementId,
    pub created_at: OffsetDateTime,
    pub expires_at: Option<OffsetDateTime>,
    pub severity: Severity,
    pub is_silent: bool,
    /// Must have `en`.
    pub texts: Vec<Text>,
    pub actions: Vec<Action>,
    /// Empty: everybody.
    pub recipients: Vec<IdentityAddress>,
    /// Filters recipients in the app by their attributes.
    pub iql_query: Option<String>,
}

/// Why an announcement cannot be made: the property and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}': {1}")]
pub struct Invalid(pub &'static str, pub String);

impl Announcement {
    /// Checks what operators may send: texts and action names with `en` and known languages, short
    /// one-line action names, short links, at most [`MAX_RECIPIENTS`], a short query.
    pub fn validate(&self) -> Result<(), Invalid> {
        let invalid = |property, reason: &str| Err(Invalid(property, reason.to_owned()));
        if !self.texts.iter().any(|text| text.language == language::DEFAULT) {
            return invalid("texts", "must have a text in English (en).");
        }
        if let Some(text) = self.texts.iter().find(|text| !language::is_supported(&text.language)) {
            return Err(Invalid(
                "texts.language",
                format!("'{}' is no ISO 639-1 language code.", text.language),
            ));
        }
        if self.texts.iter().any(|text| text.title.trim().is_empty() || text.body.trim().is_empty()) {
            return invalid("texts", "every text needs a title and a body.");
        }
        for action in &self.actions {
            if !action.display_name.contains_key(language::DEFAULT) {
                return invalid("actions.displayName", "must have a name in English (en).");
            }
            let bad_name = action.display_name.iter().any(|(language, name)| {
                !language::is_supported(language)
                    || name.is_empty()
                    || name.chars().count() > MAX_ACTION_NAME_CHARS
                    || name.contains(['\n', '\r'])
            });
            if bad_name {
                return invalid(
                    "actions.displayName",
                    "names have 1 to 30 characters on one line, in known languages.",
                );
            }
            if action.link.is_empty() || action.link.chars().count() > MAX_LINK_CHARS {
                return invalid("actions.link", "must have 1 to 300 characters.");
            }
        }
        if self.recipients.len() > MAX_RECIPIENTS {
            return invalid("recipients", "may name at most 100 identities.");
        }
        if let Some(query) = &self.iql_query
            && !(1..=MAX_IQL_QUERY_CHARS).contains(&query.chars().count())
        {
            return invalid("iqlQuery", "must have 1 to 1000 characters.");
        }
        Ok(())
    }

    /// The text in `language`, else in English.
    pub fn text_in(&self, language: &str) -> Option<&Text> {
        let find = |wanted: &str| self.texts.iter().find(|text| text.language == wanted);
        find(language).or_else(|| find(language::DEFAULT))
    }
}

impl Action {
    /// The name in `language`, else in English.
    pub fn name_in(&self, language: &str) -> &str {
        self.display_name
            .get(language)
            .or_else(|| self.display_name.get(language::DEFAULT))
            .map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn announcement() -> Announcement {
        Announcement {
            id: AnnouncementId::trusted("ANCaaaaaaaaaaaaaaaaa".into()),
            created_at: OffsetDateTime::UNIX_EPOCH,
            expires_at: None,
            severity: Severity::High,
            is_silent: false,
            texts: vec![
                Text { language: "en".into(), title: "Maintenance".into(), body: "Tonight".into() },
                Text { language: "de".into(), title: "Wartung".into(), body: "Heute Nacht".into() },
            ],
            actions: vec![Action {
                display_name: BTreeMap::from([("en".into(), "More".into())]),
                link: "https://example.org".into(),
            }],
            recipients: Vec::new(),
            iql_query: None,
        }
    }

    #[test]
    fn texts_fall_back_to_english_and_must_have_it() {
        let announcement = announcement();
        assert_eq!(announcement.validate(), Ok(()));
        assert_eq!(announcement.text_in("de").map(|text| text.title.as_str()), Some("Wartung"));
        assert_eq!(announcement.text_in("fr").map(|text| text.title.as_str()), Some("Maintenance"));
        assert_eq!(announcement.actions[0].name_in("de"), "More");

        let mut german_only = announcement.clone();
        german_only.texts.remove(0);
        assert_eq!(german_only.validate().map_err(|e| e.0), Err("texts"));
        let mut long_name = announcement.clone();
        long_name.actions[0].display_name.insert("en".into(), "x".repeat(31));
        assert_eq!(long_name.validate().map_err(|e| e.0), Err("actions.displayName"));
        let mut unknown = announcement;
        unknown.texts[1].language = "xx".into();
        assert_eq!(unknown.validate().map_err(|e| e.0), Err("texts.language"));
    }
}
