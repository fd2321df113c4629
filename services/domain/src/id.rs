//! Strongly typed entity ids (spec §2.1): a three-letter prefix and 17 alphanumerics.

use std::fmt;
use std::marker::PhantomData;

use rand::Rng;
use rand::distr::Alphanumeric;

/// Length of every generated id.
pub const ID_LENGTH: usize = 20;

/// A kind of entity, known by its id prefix.
pub trait IdKind {
    const PREFIX: &'static str;
}

/// An id of an entity of kind `K`.
pub struct Id<K> {
    value: String,
    kind: PhantomData<fn() -> K>,
}

/// The input is not an id of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("The ID or Address is not valid. Check length, prefix and the used characters.")]
pub struct InvalidId;

impl<K: IdKind> Id<K> {
    /// A fresh random id.
    pub fn generate(rng: &mut impl Rng) -> Self {
        let suffix: String =
            (0..ID_LENGTH - K::PREFIX.len()).map(|_| char::from(rng.sample(Alphanumeric))).collect();
        Self::trusted(format!("{}{suffix}", K::PREFIX))
    }

    /// Validates an incoming id: the prefix, at most 20 characters, only `[A-Za-z0-9]`.
    /// Shorter ids pass, as in the reference, and are simply not found.
    pub fn parse(text: &str) -> Result<Self, InvalidId> {
        let valid = text.starts_with(K::PREFIX)
            && text.len() <= ID_LENGTH
            && text.bytes().all(|byte| byte.is_ascii_alphanumeric());
        if valid { Ok(Self::trusted(text.to_owned())) } else { Err(InvalidId) }
    }

    /// Wraps an id read back from storage, where it was validated on the way in.
    pub fn trusted(value: String) -> Self {
        Self { value, kind: PhantomData }
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn into_string(self) -> String {
        self.value
    }
}

impl<K> Clone for Id<K> {
    fn clone(&self) -> Self {
        Self { value: self.value.clone(), kind: PhantomData }
    }
}

impl<K> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<K> Eq for Id<K> {}

impl<K> std::hash::Hash for Id<K> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<K> fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl<K> fmt::Display for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

macro_rules! id_kinds {
    ($($kind:ident, $alias:ident => $prefix:literal;)*) => {
        $(
            #[derive(Debug)]
            pub enum $kind {}
            impl IdKind for $kind {
                const PREFIX: &'static str = $prefix;
            }
            pub type $alias = Id<$kind>;
        )*
    };
}

id_kinds! {
    DeviceKind, DeviceId => "DVC";
    UsernameKind, Username => "USR";
    ChallengeKind, ChallengeId => "CHL";
    TierKind, TierId => "TIR";
    SyncRunKind, SyncRunId => "SYR";
    ExternalEventKind, ExternalEventId => "SYI";
    SyncErrorKind, SyncErrorId => "SYE";
    DatawalletKind, DatawalletId => "DWL";
    DatawalletModificationKind, DatawalletModificationId => "DWM";
    RelationshipKind, RelationshipId => "REL";
    RelationshipTemplateKind, RelationshipTemplateId => "RLT";
    RelationshipAuditLogEntryKind, RelationshipAuditLogEntryId => "RAL";
    TokenKind, TokenId => "TOK";
    MessageKind, MessageId => "MSG";
    FileKind, FileId => "FIL";
    IdentityDeletionProcessKind, DeletionProcessId => "IDP";
    DevicePushIdentifierKind, DevicePushIdentifier => "DPI";
    IndividualQuotaKind, IndividualQuotaId => "QUO";
    TierQuotaDefinitionKind, TierQuotaDefinitionId => "TQD";
    AnnouncementKind, AnnouncementId => "ANC";
}

/// Generates error instance ids: `ERR` and 17 characters without the look-alikes I, O and 0.
pub fn error_instance_id(rng: &mut impl Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ123456789";
    let suffix: String = (0..17).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect();
    format!("ERR{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_have_prefix_and_length() {
        let id = ChallengeId::generate(&mut rand::rng());
        assert!(id.as_str().starts_with("CHL"));
        assert_eq!(id.as_str().len(), ID_LENGTH);
        assert_eq!(ChallengeId::parse(id.as_str()), Ok(id));
    }

    #[test]
    fn parse_follows_the_reference_rule() {
        assert!(ChallengeId::parse("CHLthisisnonexisting").is_ok());
        assert!(ChallengeId::parse("CHLshort").is_ok());
        assert_eq!(ChallengeId::parse("DVCthisisnonexisting"), Err(InvalidId));
        assert_eq!(ChallengeId::parse("CHLthisistoolongbyfar"), Err(InvalidId));
        assert_eq!(ChallengeId::parse("CHL-invalid"), Err(InvalidId));
    }

    #[test]
    fn error_ids_avoid_look_alikes() {
        let id = error_instance_id(&mut rand::rng());
        assert_eq!(id.len(), 20);
        assert!(!id[3..].contains(['I', 'O', '0']));
    }
}
