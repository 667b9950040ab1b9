use anchor_lang::prelude::*;

/// Error names are the cross-chain names of the EVM and TON bridges. Codes start at 6400.
/// Arguments (indices, domains, amounts) are attached as Anchor compared values or logged.
#[error_code(offset = 6400)]
pub enum BridgeError {
    #[msg("message is malformed (length or version)")]
    BridgeInvalidMessage,
    #[msg("message is not addressed to this domain")]
    BridgeWrongDestination,
    #[msg("remote domain is not enabled")]
    BridgeUnknownDomain,
    #[msg("amount is zero")]
    BridgeZeroAmount,
    #[msg("recipient is invalid")]
    BridgeInvalidRecipient,
    #[msg("message was already delivered")]
    BridgeMessageAlreadyDelivered,
    #[msg("signature is invalid (unrecoverable, high s or bad v)")]
    BridgeInvalidSignature,
    #[msg("too many signatures")]
    BridgeInvalidSignatureLength,
    #[msg("the same signer signed twice")]
    BridgeDuplicateSigner,
    #[msg("signers are not strictly ascending")]
    BridgeSignersNotAscending,
    #[msg("signer is not in the validator set")]
    BridgeSignerNotInSet,
    #[msg("not enough valid signatures")]
    BridgeBelowThreshold,
    #[msg("rate limit exceeded")]
    BridgeRateLimited,
    #[msg("validator set or threshold is invalid")]
    BridgeInvalidValidatorSet,
    #[msg("parameter out of bounds")]
    BridgeParameterOutOfBounds,
    #[msg("zero address")]
    BridgeZeroAddress,
    #[msg("bridge is paused")]
    EnforcedPause,
    #[msg("bridge is not paused")]
    ExpectedPause,
    #[msg("only the bridge admin (governance) may call this")]
    GovernorOnlyExecutor,
    #[msg("only the pauser may pause")]
    BridgeNotPauser,
    #[msg("arithmetic overflow")]
    ArithmeticOverflow,
    #[msg("only the CAL admin may initialize the bridge")]
    BridgeNotCalAdmin,
    #[msg("only the governance program's vault may send governance messages")]
    BridgeUnauthorizedSender,
}
