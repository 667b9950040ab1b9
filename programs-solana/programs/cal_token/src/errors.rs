use anchor_lang::prelude::*;

#[error_code(offset = 6300)]
pub enum CalTokenError {
    #[msg("only the CAL admin may call this")]
    CalTokenUnauthorized,
    #[msg("the mint authority was already handed over to the bridge")]
    CalTokenAlreadyHandedOver,
}
