//! The error envelope (spec §1.6) and the catalogue of error codes with their HTTP status (spec §1.7, §13).

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// `{"error": {...}}`
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// `ERR` followed by 17 characters.
    pub id: String,
    pub code: String,
    pub message: String,
    /// Always empty.
    pub docs: String,
    pub time: String,
    pub data: Option<Value>,
}

macro_rules! error_codes {
    ($($variant:ident => $status:literal, $code:literal;)*) => {
        /// Every error code the Consumer API answers with.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode { $($variant,)* }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as written into `error.code`.
            pub const fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// The HTTP status this code is answered with.
            pub const fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }
        }
    };
}

error_codes! {
    InvalidPropertyValue => 400, "error.platform.validation.invalidPropertyValue";
    InputCannotBeParsed => 400, "error.platform.inputCannotBeParsed";
    InvalidPageSize => 400, "error.platform.validation.pagination.invalidPageSize";
    InvalidId => 400, "error.platform.validation.invalidId";
    RecordNotFound => 404, "error.platform.recordNotFound";
    Forbidden => 403, "error.platform.forbidden";
    Unauthorized => 400, "error.platform.unauthorized";
    QuotaExhausted => 429, "error.platform.quotaExhausted";
    RequestBodyTooLarge => 400, "error.platform.requestBodyTooLarge";
    UnsupportedMediaType => 415, "error.platform.unsupportedMediaType";
    Unexpected => 500, "error.platform.unexpected";
    RegistrationFailed => 400, "error.platform.validation.device.registrationFailed";
    AddressAlreadyExists => 400, "error.platform.validation.device.addressAlreadyExists";
    InvalidSignature => 400, "error.platform.validation.device.invalidSignature";
    ChallengeHasExpired => 400, "error.platform.validation.device.challengeHasExpired";
    ChangePasswordFailed => 400, "error.platform.validation.device.changePasswordFailed";
    ClientReachedIdentitiesLimit => 400, "error.platform.validation.device.clientReachedIdentitiesLimit";
    OnlyOneBackupDeviceCanExist => 400, "error.platform.validation.device.onlyOneBackupDeviceCanExist";
    DeviceCannotBeDeleted => 400, "error.platform.validation.device.deviceCannotBeDeleted";
    InvalidDeviceCommunicationLanguage => 400, "error.platform.validation.invalidDeviceCommunicationLanguage";
    CannotStartSyncRunWhileIdentityIsToBeDeleted => 400, "error.platform.validation.syncRun.cannotStartSyncRunWhileIdentityIsToBeDeleted";
    CannotStartSyncRunWhenAnotherSyncRunIsRunning => 400, "error.platform.validation.syncRun.cannotStartSyncRunWhenAnotherSyncRunIsRunning";
    SyncRunAlreadyFinalized => 400, "error.platform.validation.syncRun.syncRunAlreadyFinalized";
    CannotFinalizeSyncRunStartedByAnotherDevice => 400, "error.platform.validation.syncRun.cannotFinalizeSyncRunStartedByAnotherDevice";
    CannotRefreshExpirationTimeOfSyncRunStartedByAnotherDevice => 400, "error.platform.validation.syncRun.cannotRefreshExpirationTimeOfSyncRunStartedByAnotherDevice";
    CannotReadExternalEventsOfASyncRunStartedByAnotherDevice => 400, "error.platform.validation.syncRun.cannotReadExternalEventsOfASyncRunStartedByAnotherDevice";
    UnexpectedSyncRunType => 400, "error.platform.validation.syncRun.unexpectedSyncRunType";
    InsufficientSupportedDatawalletVersion => 400, "error.platform.validation.datawallet.insufficientSupportedDatawalletVersion";
    DatawalletNotUpToDate => 400, "error.platform.validation.datawallet.datawalletNotUpToDate";
    CannotPushDatawalletModificationsDuringActiveSyncRun => 400, "error.platform.validation.datawallet.cannotPushDatawalletModificationsDuringActiveSyncRun";
    CannotDowngrade => 400, "error.platform.datawallet.cannotDowngrade";
    DatawalletVersionOfModificationTooHigh => 400, "error.platform.validation.datawallet.datawalletVersionOfModificationTooHigh";
    MaxNumberOfAllocationsExhausted => 400, "error.platform.validation.relationshipTemplate.maxNumberOfAllocationsExhausted";
    PeerIsToBeDeleted => 400, "error.platform.validation.relationship.peerIsToBeDeleted";
    RelationshipToTargetAlreadyExists => 400, "error.platform.validation.relationship.relationshipToTargetAlreadyExists";
    CannotCreateRelationshipWithYourself => 400, "error.platform.validation.relationship.cannotCreateRelationshipWithYourself";
    RelationshipIsNotInCorrectStatus => 400, "error.platform.validation.relationship.relationshipIsNotInCorrectStatus";
    CannotAcceptOrRejectRelationshipAddressedToSomeoneElse => 400, "error.platform.validation.relationship.cannotAcceptOrRejectRelationshipAddressedToSomeoneElse";
    CannotRevokeRelationshipNotCreatedByYourself => 400, "error.platform.validation.relationship.cannotRevokeRelationshipNotCreatedByYourself";
    CannotRequestReactivationWhenThereIsAnOpenReactivationRequest => 400, "error.platform.validation.relationship.cannotRequestReactivationWhenThereIsAnOpenReactivationRequest";
    NoAcceptableRelationshipReactivationRequestExists => 400, "error.platform.validation.relationship.noAcceptableRelationshipReactivationRequestExists";
    NoRejectableReactivationRequestExists => 400, "error.platform.validation.relationship.noRejectableReactivationRequestExists";
    NoRevocableReactivationRequestExists => 400, "error.platform.validation.relationship.noRevocableReactivationRequestExists";
    RelationshipAlreadyDecomposed => 400, "error.platform.validation.relationship.relationshipAlreadyDecomposed";
    TooManyFailedPasswordAttempts => 400, "error.platform.token.tooManyFailedPasswordAttempts";
    NoRelationshipToRecipientExists => 400, "error.platform.validation.message.noRelationshipToRecipientExists";
    RelationshipToRecipientNotActive => 400, "error.platform.validation.message.relationshipToRecipientNotActive";
    MaxNumberOfUnreceivedMessagesReached => 400, "error.platform.validation.message.maxNumberOfUnreceivedMessagesReached";
    PredicateValidator => 400, "PredicateValidator";
    InclusiveBetweenValidator => 400, "InclusiveBetweenValidator";
    CannotClaimOwnershipOfOwnFile => 400, "error.platform.validation.file.cannotClaimOwnershipOfOwnFile";
    OnlyOneActiveDeletionProcessAllowed => 400, "error.platform.validation.device.onlyOneActiveDeletionProcessAllowed";
    DeletionProcessIsNotInRequiredStatus => 400, "error.platform.validation.device.deletionProcessIsNotInRequiredStatus";
    GracePeriodHasAlreadyExpired => 400, "error.platform.validation.device.gracePeriodHasAlreadyExpired";
    ContentUpdateNotPossibleBecauseContentAlreadyExists => 400, "error.platform.token.contentUpdateNotPossibleBecauseContentAlreadyExists";
    UnsupportedApp => 400, "error.platform.unsupportedAppId";
    NotificationCodeDoesNotExist => 400, "error.platform.validation.notification.codeDoesNotExist";
    NoRelationshipToOneOrMoreRecipientsExists => 400, "error.platform.validation.notification.noRelationshipToOneOrMoreRecipientsExists";
    RelationshipToRecipientIsNotInCorrectStatus => 400, "error.platform.validation.notification.relationshipToRecipientIsNotInCorrectStatus";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(before, codes.len());
    }
}
