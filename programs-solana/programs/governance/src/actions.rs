//! The one governance action set and its byte encoding (DESIGN §7, CONVENTIONS "Governance: one
//! parameter table, one action set"): an action list is `count u8 (1..8) | action*`, each action
//! `op u8 | fields`, big-endian, byte-identical on every chain. Pure functions (host-testable): the
//! executor decodes a `GovernanceActions` payload with [`decode_actions`] and checks each action
//! against the parameter table with [`check_parameter`] before any CPI.

/// Most actions in one list.
pub const MAX_ACTIONS: usize = 8;
/// Most signers of a `setValidatorSet` action.
pub const MAX_SIGNERS: usize = 32;

/// Action op codes (u8 on the wire).
pub const OP_SET_PARAMETER: u8 = 1;
pub const OP_SET_VERIFIER: u8 = 2;
pub const OP_SET_ROLE: u8 = 3;
pub const OP_SET_VALIDATOR_SET: u8 = 4;
pub const OP_SET_REMOTE_DOMAIN: u8 = 5;
pub const OP_PAUSE: u8 = 6;
pub const OP_UNPAUSE: u8 = 7;

/// Governed parameter ids (u16 on the wire).
pub const PARAM_MIN_STAKE: u16 = 1;
pub const PARAM_UNBONDING_PERIOD: u16 = 2;
pub const PARAM_CHALLENGE_PERIOD: u16 = 3;
pub const PARAM_SLASH_BPS: u16 = 4;
pub const PARAM_FEE_SPLIT: u16 = 5;
pub const PARAM_EXECUTION_DELAY: u16 = 6;
pub const PARAM_REVEAL_PERIOD: u16 = 7;
/// The power registry's parameters (in the staking program): 8 `responseWindow` .. 14 `validatorBudget`.
pub const PARAM_POWER_FIRST: u16 = staking::constants::PARAM_RESPONSE_WINDOW;
pub const PARAM_POWER_LAST: u16 = staking::constants::PARAM_VALIDATOR_BUDGET;

/// Bounds of `executionDelay` (parameter 6, owned by the executor): 1 hour to 14 days.
pub const MIN_EXECUTION_DELAY: u64 = 3_600;
pub const MAX_EXECUTION_DELAY: u64 = 14 * 86_400;
pub const DEFAULT_EXECUTION_DELAY: u64 = 86_400;

/// Roles governance appoints (u8 on the wire).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Role {
    Arbiter = 0,
    Treasury = 1,
    Pauser = 2,
    Guardian = 3,
}

/// Contracts governance pauses and unpauses (u8 on the wire).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum PauseTarget {
    Marketplace = 1,
    Bridge = 2,
}

/// One decoded action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    SetParameter {
        param_id: u16,
        value: u64,
    },
    /// `verifier`: the verifying-key account on Solana; all zero removes the id.
    SetVerifier {
        verifier_id: u16,
        verifier: [u8; 32],
    },
    SetRole {
        role: Role,
        account: [u8; 32],
    },
    SetValidatorSet {
        signers: Vec<[u8; 20]>,
        threshold: u8,
        retention: u32,
    },
    SetRemoteDomain {
        domain: u32,
        enabled: bool,
        bridge: [u8; 32],
        inbound_capacity: u64,
        inbound_rate_per_second: u64,
        outbound_capacity: u64,
        outbound_rate_per_second: u64,
    },
    Pause {
        target: PauseTarget,
    },
    Unpause {
        target: PauseTarget,
    },
}

/// Why a list does not decode (every reason is `GovernanceInvalidAction` on chain).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Count 0 or above [`MAX_ACTIONS`].
    Count,
    Truncated,
    TrailingBytes,
    UnknownOp(u8),
    UnknownRole(u8),
    UnknownPauseTarget(u8),
    /// `enabled` byte other than 0 or 1.
    EnabledByte(u8),
    /// Signer count 0 or above [`MAX_SIGNERS`].
    SignerCount(u8),
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self.at.checked_add(n).ok_or(DecodeError::Truncated)?;
        let out = self.data.get(self.at..end).ok_or(DecodeError::Truncated)?;
        self.at = end;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    fn u16(&mut self) -> Result<u16, DecodeError> {
        Ok(u16::from_be_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_be_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, DecodeError> {
        Ok(u64::from_be_bytes(self.array()?))
    }
}

fn role(b: u8) -> Result<Role, DecodeError> {
    Ok(match b {
        0 => Role::Arbiter,
        1 => Role::Treasury,
        2 => Role::Pauser,
        3 => Role::Guardian,
        _ => return Err(DecodeError::UnknownRole(b)),
    })
}

fn pause_target(b: u8) -> Result<PauseTarget, DecodeError> {
    Ok(match b {
        1 => PauseTarget::Marketplace,
        2 => PauseTarget::Bridge,
        _ => return Err(DecodeError::UnknownPauseTarget(b)),
    })
}

fn decode_action(r: &mut Reader) -> Result<Action, DecodeError> {
    let op = r.u8()?;
    Ok(match op {
        OP_SET_PARAMETER => Action::SetParameter { param_id: r.u16()?, value: r.u64()? },
        OP_SET_VERIFIER => Action::SetVerifier { verifier_id: r.u16()?, verifier: r.array()? },
        OP_SET_ROLE => Action::SetRole { role: role(r.u8()?)?, account: r.array()? },
        OP_SET_VALIDATOR_SET => {
            let n = r.u8()?;
            if n == 0 || usize::from(n) > MAX_SIGNERS {
                return Err(DecodeError::SignerCount(n));
            }
            let mut signers = Vec::with_capacity(usize::from(n));
            for _ in 0..n {
                signers.push(r.array()?);
            }
            Action::SetValidatorSet { signers, threshold: r.u8()?, retention: r.u32()? }
        }
        OP_SET_REMOTE_DOMAIN => {
            let domain = r.u32()?;
            let enabled = match r.u8()? {
                0 => false,
                1 => true,
                b => return Err(DecodeError::EnabledByte(b)),
            };
            Action::SetRemoteDomain {
                domain,
                enabled,
                bridge: r.array()?,
                inbound_capacity: r.u64()?,
                inbound_rate_per_second: r.u64()?,
                outbound_capacity: r.u64()?,
                outbound_rate_per_second: r.u64()?,
            }
        }
        OP_PAUSE => Action::Pause { target: pause_target(r.u8()?)? },
        OP_UNPAUSE => Action::Unpause { target: pause_target(r.u8()?)? },
        _ => return Err(DecodeError::UnknownOp(op)),
    })
}

/// Decodes an action list: `count u8 (1..8) | action*`, nothing after the last action.
pub fn decode_actions(data: &[u8]) -> Result<Vec<Action>, DecodeError> {
    let mut r = Reader { data, at: 0 };
    let n = r.u8()?;
    if n == 0 || usize::from(n) > MAX_ACTIONS {
        return Err(DecodeError::Count);
    }
    let mut out = Vec::with_capacity(usize::from(n));
    for _ in 0..n {
        out.push(decode_action(&mut r)?);
    }
    if r.at != data.len() {
        return Err(DecodeError::TrailingBytes);
    }
    Ok(out)
}

/// Encodes an action list (the inverse of [`decode_actions`]); `None` for 0 or more than 8 actions.
pub fn encode_actions(actions: &[Action]) -> Option<Vec<u8>> {
    if actions.is_empty() || actions.len() > MAX_ACTIONS {
        return None;
    }
    let mut w = vec![actions.len() as u8];
    for a in actions {
        match a {
            Action::SetParameter { param_id, value } => {
                w.push(OP_SET_PARAMETER);
                w.extend_from_slice(&param_id.to_be_bytes());
                w.extend_from_slice(&value.to_be_bytes());
            }
            Action::SetVerifier { verifier_id, verifier } => {
                w.push(OP_SET_VERIFIER);
                w.extend_from_slice(&verifier_id.to_be_bytes());
                w.extend_from_slice(verifier);
            }
            Action::SetRole { role, account } => {
                w.extend_from_slice(&[OP_SET_ROLE, *role as u8]);
                w.extend_from_slice(account);
            }
            Action::SetValidatorSet { signers, threshold, retention } => {
                if signers.is_empty() || signers.len() > MAX_SIGNERS {
                    return None;
                }
                w.extend_from_slice(&[OP_SET_VALIDATOR_SET, signers.len() as u8]);
                for s in signers {
                    w.extend_from_slice(s);
                }
                w.push(*threshold);
                w.extend_from_slice(&retention.to_be_bytes());
            }
            Action::SetRemoteDomain {
                domain,
                enabled,
                bridge,
                inbound_capacity,
                inbound_rate_per_second,
                outbound_capacity,
                outbound_rate_per_second,
            } => {
                w.push(OP_SET_REMOTE_DOMAIN);
                w.extend_from_slice(&domain.to_be_bytes());
                w.push(u8::from(*enabled));
                w.extend_from_slice(bridge);
                for v in [inbound_capacity, inbound_rate_per_second, outbound_capacity, outbound_rate_per_second] {
                    w.extend_from_slice(&v.to_be_bytes());
                }
            }
            Action::Pause { target } => w.extend_from_slice(&[OP_PAUSE, *target as u8]),
            Action::Unpause { target } => w.extend_from_slice(&[OP_UNPAUSE, *target as u8]),
        }
    }
    Some(w)
}

/// Which program owns a governed parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterOwner {
    Staking,
    Marketplace,
    Executor,
    /// The power registry (ids 8..14), instructions of the staking program.
    Power,
}

/// Why a parameter value is refused, named as on every chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterError {
    GovernanceUnknownParameter,
    StakingParameterOutOfBounds,
    MarketplaceParameterOutOfBounds,
    MarketplaceInvalidFeeSplit,
    GovernanceParameterOutOfBounds,
    PowerParameterOutOfBounds,
}

impl ParameterError {
    /// The cross-chain error name.
    pub fn name(&self) -> &'static str {
        match self {
            ParameterError::GovernanceUnknownParameter => "GovernanceUnknownParameter",
            ParameterError::StakingParameterOutOfBounds => "StakingParameterOutOfBounds",
            ParameterError::MarketplaceParameterOutOfBounds => "MarketplaceParameterOutOfBounds",
            ParameterError::MarketplaceInvalidFeeSplit => "MarketplaceInvalidFeeSplit",
            ParameterError::GovernanceParameterOutOfBounds => "GovernanceParameterOutOfBounds",
            ParameterError::PowerParameterOutOfBounds => "PowerParameterOutOfBounds",
        }
    }
}

/// The owner of a parameter id, or `None` for an unknown id.
pub fn parameter_owner(param_id: u16) -> Option<ParameterOwner> {
    match param_id {
        PARAM_MIN_STAKE | PARAM_UNBONDING_PERIOD => Some(ParameterOwner::Staking),
        PARAM_CHALLENGE_PERIOD | PARAM_SLASH_BPS | PARAM_FEE_SPLIT | PARAM_REVEAL_PERIOD => {
            Some(ParameterOwner::Marketplace)
        }
        PARAM_EXECUTION_DELAY => Some(ParameterOwner::Executor),
        PARAM_POWER_FIRST..=PARAM_POWER_LAST => Some(ParameterOwner::Power),
        _ => None,
    }
}

/// Checks `value` against the parameter table (the owners' own bounds constants), exactly as the
/// owning program's `set_parameter` will: the executor validates a whole list before any CPI.
pub fn check_parameter(param_id: u16, value: u64) -> Result<(), ParameterError> {
    use marketplace::constants as m;
    use staking::constants as s;
    let within = |min: u64, max: u64| (min..=max).contains(&value);
    let ok = match param_id {
        PARAM_MIN_STAKE => within(s::MIN_MIN_STAKE, s::MAX_MIN_STAKE),
        PARAM_UNBONDING_PERIOD => within(s::MIN_UNBONDING_PERIOD as u64, s::MAX_UNBONDING_PERIOD as u64),
        PARAM_CHALLENGE_PERIOD => within(m::MIN_CHALLENGE_PERIOD as u64, m::MAX_CHALLENGE_PERIOD as u64),
        PARAM_SLASH_BPS => within(u64::from(m::MIN_SLASH_BPS), u64::from(m::MAX_SLASH_BPS)),
        PARAM_REVEAL_PERIOD => within(m::MIN_REVEAL_PERIOD as u64, m::MAX_REVEAL_PERIOD as u64),
        PARAM_FEE_SPLIT => {
            return marketplace::math::unpack_fee_split(value)
                .filter(|&(p, t, c)| marketplace::math::fee_split_valid(p, t, c))
                .map(|_| ())
                .ok_or(ParameterError::MarketplaceInvalidFeeSplit)
        }
        PARAM_EXECUTION_DELAY => within(MIN_EXECUTION_DELAY, MAX_EXECUTION_DELAY),
        s::PARAM_RESPONSE_WINDOW => within(s::MIN_RESPONSE_WINDOW, s::MAX_RESPONSE_WINDOW),
        s::PARAM_POWER_NONCES => within(s::MIN_POWER_NONCES.into(), s::MAX_POWER_NONCES.into()),
        s::PARAM_POWER_COOLDOWN => within(s::MIN_POWER_COOLDOWN, s::MAX_POWER_COOLDOWN),
        s::PARAM_MAX_POWER_FAILURES => within(s::MIN_MAX_POWER_FAILURES.into(), s::MAX_MAX_POWER_FAILURES.into()),
        s::PARAM_POWER_SLASH_BPS => within(s::MIN_POWER_SLASH_BPS.into(), s::MAX_POWER_SLASH_BPS.into()),
        s::PARAM_VALIDATOR_FEE => within(s::MIN_VALIDATOR_FEE, s::MAX_VALIDATOR_FEE),
        s::PARAM_VALIDATOR_BUDGET => within(s::MIN_VALIDATOR_BUDGET, s::MAX_VALIDATOR_BUDGET),
        _ => return Err(ParameterError::GovernanceUnknownParameter),
    };
    if ok {
        return Ok(());
    }
    Err(match parameter_owner(param_id) {
        Some(ParameterOwner::Staking) => ParameterError::StakingParameterOutOfBounds,
        Some(ParameterOwner::Marketplace) => ParameterError::MarketplaceParameterOutOfBounds,
        Some(ParameterOwner::Power) => ParameterError::PowerParameterOutOfBounds,
        _ => ParameterError::GovernanceParameterOutOfBounds,
    })
}
