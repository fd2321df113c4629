//! What notifications say, in the device's language (spec §8.1): built-in texts for the pushes the
//! Backbone sends on its own, operator-configured ones for identity-to-identity notifications.

use std::collections::BTreeMap;

use backbone_push::NotificationText;

use crate::config::NotificationTextConfig;

/// The language every text has; used when the device's language has no translation.
const FALLBACK_LANGUAGE: &str = "en";

/// The pushes the Backbone sends on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinText {
    UpdatesAvailable,
    DeletionProcessStarted,
    DeletionProcessCancelled,
    DeletionProcessGracePeriodReminder,
    DeletionStarts,
    BackupDeviceUsed,
    TokenLocked,
    Test,
}

impl BuiltinText {
    fn translations(self) -> &'static [(&'static str, &'static str, &'static str)] {
        match self {
            BuiltinText::UpdatesAvailable => &[
                ("en", "Updates available", "New updates are available in the app."),
                ("de", "Aktualisierungen verfügbar", "In der App sind neue Aktualisierungen verfügbar."),
            ],
            BuiltinText::DeletionProcessStarted => &[
                ("en", "Deletion process started", "The deletion of your identity has been started."),
                ("de", "Löschprozess gestartet", "Die Löschung deiner Identität wurde gestartet."),
            ],
            BuiltinText::DeletionProcessCancelled => &[
                ("en", "Deletion process cancelled", "A deletion process has been cancelled."),
                ("de", "Löschprozess abgebrochen", "Ein Löschprozess wurde abgebrochen."),
            ],
            BuiltinText::DeletionProcessGracePeriodReminder => &[
                (
                    "en",
                    "Your identity will be deleted",
                    "Your identity will be deleted in a few days. You can still cancel the deletion in the app.",
                ),
                (
                    "de",
                    "Deine Identität wird gelöscht",
                    "Deine Identität wird in wenigen Tagen gelöscht. In der App kannst du die Löschung noch abbrechen.",
                ),
            ],
            BuiltinText::DeletionStarts => &[
                ("en", "Your identity is now deleted", "The deletion of your identity has started."),
                ("de", "Deine Identität wird jetzt gelöscht", "Die Löschung deiner Identität hat begonnen."),
            ],
            BuiltinText::BackupDeviceUsed => &[
                ("en", "Backup device used", "Your backup device has been used to sign in."),
                ("de", "Backup-Gerät verwendet", "Dein Backup-Gerät wurde zur Anmeldung verwendet."),
            ],
            BuiltinText::TokenLocked => &[
                ("en", "Token locked", "One of your tokens was locked after too many wrong passwords."),
                (
                    "de",
                    "Token gesperrt",
                    "Eines deiner Tokens wurde nach zu vielen falschen Passwörtern gesperrt.",
                ),
            ],
            BuiltinText::Test => &[
                ("en", "Test", "This is a test notification."),
                ("de", "Test", "Dies ist eine Testbenachrichtigung."),
            ],
        }
    }

    pub fn in_language(self, language: &str) -> NotificationText {
        let translations = self.translations();
        let (_, title, body) = translations
            .iter()
            .find(|(candidate, ..)| *candidate == language)
            .or_else(|| translations.iter().find(|(candidate, ..)| *candidate == FALLBACK_LANGUAGE))
            .copied()
            .unwrap_or(("", "", ""));
        NotificationText { title: title.to_owned(), body: body.to_owned() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TextsError {
    #[error("notification text '{0}' has no English (en) translation")]
    MissingEnglish(String),
    #[error("notification text '{0}' is configured twice")]
    Duplicate(String),
}

/// The operator-configured notification texts, by code.
#[derive(Debug, Clone, Default)]
pub struct NotificationTexts {
    by_code: BTreeMap<String, BTreeMap<String, NotificationText>>,
}

impl NotificationTexts {
    pub fn new(configured: &[NotificationTextConfig]) -> Result<Self, TextsError> {
        let mut by_code = BTreeMap::new();
        for text in configured {
            if !text.translations.contains_key(FALLBACK_LANGUAGE) {
                return Err(TextsError::MissingEnglish(text.code.clone()));
            }
            let translations = text
                .translations
                .iter()
                .map(|(language, translation)| {
                    let text =
                        NotificationText { title: translation.title.clone(), body: translation.body.clone() };
                    (language.clone(), text)
                })
                .collect();
            if by_code.insert(text.code.clone(), translations).is_some() {
                return Err(TextsError::Duplicate(text.code.clone()));
            }
        }
        Ok(Self { by_code })
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.by_code.keys().map(String::as_str)
    }

    pub fn contains(&self, code: &str) -> bool {
        self.by_code.contains_key(code)
    }

    /// The text for `code` in `language`, falling back to English.
    pub fn get(&self, code: &str, language: &str) -> Option<&NotificationText> {
        let translations = self.by_code.get(code)?;
        translations.get(language).or_else(|| translations.get(FALLBACK_LANGUAGE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TranslationConfig;

    #[test]
    fn falls_back_to_english() {
        assert_eq!(BuiltinText::Test.in_language("de").body, "Dies ist eine Testbenachrichtigung.");
        assert_eq!(BuiltinText::Test.in_language("fr").body, "This is a test notification.");
        let translation = |title: &str| TranslationConfig { title: title.into(), body: "b".into() };
        let configured = NotificationTextConfig {
            code: "Hello".into(),
            translations: [("en".to_owned(), translation("Hi")), ("de".to_owned(), translation("Hallo"))]
                .into(),
        };
        let texts = NotificationTexts::new(std::slice::from_ref(&configured)).unwrap();
        assert_eq!(texts.get("Hello", "de").unwrap().title, "Hallo");
        assert_eq!(texts.get("Hello", "it").unwrap().title, "Hi");
        assert!(texts.get("Bye", "en").is_none());
        let mut german_only = configured;
        german_only.translations.remove("en");
        assert!(matches!(NotificationTexts::new(&[german_only]), Err(TextsError::MissingEnglish(_))));
    }
}
