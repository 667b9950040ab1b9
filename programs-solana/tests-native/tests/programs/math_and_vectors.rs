//! Arithmetic against the shared vectors, properties, and error names.
use calctra_solana_tests::vectors;
use marketplace::errors::MarketplaceError as M;
use marketplace::math::{offer_price, payout_split, provider_field};
use proptest::prelude::*;
use staking::errors::StakingError as S;
use staking::math::{score_bps, slash_split};

#[test]
fn reputation_scores_match_shared_vectors() {
    let cases = vectors::reputation();
    assert!(!cases.is_empty());
    for c in cases {
        assert_eq!(score_bps(c.completed, c.failed), c.score_bps, "{c:?}");
    }
}

#[test]
fn offer_prices_match_shared_vectors() {
    let cases = vectors::load("offers.json")["cases"].as_array().unwrap().clone();
    assert!(cases.len() > 10);
    let n = |c: &serde_json::Value, k: &str| c[k].as_str().unwrap().parse::<u64>().unwrap();
    for c in &cases {
        let got =
            offer_price(n(c, "minReward"), n(c, "maxReward"), n(c, "rampStart"), n(c, "rampDuration"), n(c, "at"));
        assert_eq!(got, n(c, "price"), "{}", c["name"]);
    }
}

#[test]
fn payout_splits_match_shared_vectors() {
    let cases = vectors::payout();
    assert!(!cases.is_empty());
    for c in cases {
        let (p, t, cr) = payout_split(c.reward, c.treasury_bps, c.creator_bps, c.has_creator).unwrap();
        assert_eq!((p, t, cr), (c.provider, c.treasury, c.creator), "{c:?}");
        assert_eq!(c.provider_bps as u32 + c.treasury_bps as u32 + c.creator_bps as u32, 10_000);
    }
}

#[test]
fn slash_splits_match_shared_vectors() {
    let cases = vectors::slash();
    assert!(!cases.is_empty());
    for c in cases {
        let got = slash_split(c.collateral, c.slash_bps).unwrap();
        assert_eq!(got, (c.slashed, c.to_user, c.to_treasury, c.unlocked), "{c:?}");
    }
}

#[test]
fn provider_field_reduction_matches_shared_vectors() {
    let v = vectors::load("public-inputs.json");
    let cases = v["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    for c in cases {
        let addr = vectors::hex_to_32(c["universalAddress"].as_str().unwrap());
        let expected = vectors::decimal_to_be32(c["providerField"].as_str().unwrap());
        assert_eq!(provider_field(&addr), expected, "{c}");
    }
    assert_eq!(vectors::decimal_to_be32(v["bn254Modulus"].as_str().unwrap()), marketplace::BN254_R);
    // specHashBound = 2^248: the largest value the program accepts has a zero top byte.
    let bound = vectors::decimal_to_be32(v["specHashBound"].as_str().unwrap());
    let mut two_248 = [0u8; 32];
    two_248[0] = 1;
    assert_eq!(bound, two_248);
}

#[test]
fn parameter_defaults_and_bounds_match_shared_vectors() {
    use marketplace::constants as mc;
    use staking::constants as sc;
    assert_eq!(vectors::parameter("minStake"), (sc::DEFAULT_MIN_STAKE, sc::MIN_MIN_STAKE, sc::MAX_MIN_STAKE));
    assert_eq!(
        vectors::parameter("unbondingPeriod"),
        (sc::DEFAULT_UNBONDING_PERIOD as u64, sc::MIN_UNBONDING_PERIOD as u64, sc::MAX_UNBONDING_PERIOD as u64)
    );
    assert_eq!(
        vectors::parameter("challengePeriod"),
        (mc::DEFAULT_CHALLENGE_PERIOD as u64, mc::MIN_CHALLENGE_PERIOD as u64, mc::MAX_CHALLENGE_PERIOD as u64)
    );
    assert_eq!(
        vectors::parameter("slashBps"),
        (mc::DEFAULT_SLASH_BPS as u64, mc::MIN_SLASH_BPS as u64, mc::MAX_SLASH_BPS as u64)
    );
    assert_eq!(vectors::parameter("providerBps").0, mc::DEFAULT_PROVIDER_BPS as u64);
    assert_eq!(vectors::parameter("providerBps").1, mc::MIN_PROVIDER_BPS as u64);
    assert_eq!(vectors::parameter("treasuryBps").0, mc::DEFAULT_TREASURY_BPS as u64);
    assert_eq!(vectors::parameter("creatorBps").0, mc::DEFAULT_CREATOR_BPS as u64);
    assert_eq!(vectors::parameter("creatorBps").2, mc::MAX_CREATOR_BPS as u64);
}

fn all_staking_errors() -> Vec<S> {
    let mut errors = vec![
        S::StakingAlreadyRegistered,
        S::StakingNotRegistered,
        S::StakingZeroAmount,
        S::StakingInsufficientFreeStake,
        S::StakingNoPendingUnstake,
        S::StakingUnbondingNotElapsed,
        S::StakingUnauthorizedSlasher,
        S::StakingParameterOutOfBounds,
        S::GovernorOnlyExecutor,
        S::ArithmeticOverflow,
        S::GovernanceUnknownParameter,
    ];
    // the power registry's (errors.json's `power`), in the order power_tests asserts
    errors.extend(crate::power_tests::all_power_errors());
    errors
}

fn all_marketplace_errors() -> Vec<M> {
    vec![
        M::MarketplaceTaskNotFound,
        M::MarketplaceTaskNotOpen,
        M::MarketplaceTaskNotAssigned,
        M::MarketplaceTaskNotSubmitted,
        M::MarketplaceTaskNotDisputed,
        M::MarketplaceNotTaskUser,
        M::MarketplaceNotTaskProvider,
        M::MarketplaceNotArbiter,
        M::MarketplaceZeroReward,
        M::MarketplaceInvalidDeadline,
        M::MarketplaceDeadlinePassed,
        M::MarketplaceDeadlineNotPassed,
        M::MarketplaceChallengePeriodActive,
        M::MarketplaceChallengePeriodOver,
        M::MarketplaceFieldElementOutOfRange,
        M::MarketplaceUnknownVerifier,
        M::MarketplaceInvalidProof,
        M::MarketplaceUnexpectedProof,
        M::MarketplaceStakeBelowMinimum,
        M::MarketplaceReputationTooLow,
        M::MarketplaceInvalidFeeSplit,
        M::MarketplaceParameterOutOfBounds,
        M::MarketplaceZeroAddress,
        M::EnforcedPause,
        M::GovernorOnlyExecutor,
        M::MarketplaceNotPauser,
        M::ArithmeticOverflow,
        M::GovernanceUnknownParameter,
        M::GovernanceInvalidAction,
        M::MarketplaceInvalidOffer,
        M::MarketplaceInvalidLockDeadline,
        M::MarketplaceInvalidReplicas,
        M::MarketplaceLockDeadlinePassed,
        M::MarketplaceAlreadyReplica,
        M::MarketplaceReplicated,
        M::MarketplaceNotReplicated,
        M::MarketplaceAlreadyCommitted,
        M::MarketplaceNotCommitted,
        M::MarketplaceAlreadyRevealed,
        M::MarketplaceRevealNotOpen,
        M::MarketplaceRevealPeriodOver,
        M::MarketplaceRevealPeriodActive,
        M::MarketplaceCommitMismatch,
        M::MarketplaceInvalidResultCid,
    ]
}

fn all_governance_errors() -> Vec<governance::errors::GovernanceError> {
    use governance::errors::GovernanceError as G;
    vec![
        G::GovernorNonexistentProposal,
        G::GovernorUnexpectedProposalState,
        G::GovernorAlreadyCastVote,
        G::GovernorInsufficientProposerVotes,
        G::GovernorOnlyExecutor,
        G::GovernanceTokensLocked,
        G::GovernanceInvalidAction,
        G::TimelockUnexpectedOperationState,
        G::GovernorInvalidVoteType,
        G::GovernanceZeroAmount,
        G::ArithmeticOverflow,
        G::GovernanceUnknownParameter,
        G::GovernanceParameterOutOfBounds,
        G::GovernanceNotHub,
        G::GovernanceNotGuardian,
        G::GovernanceOutOfOrder,
        G::GovernanceExecutionDelayActive,
        G::GovernanceActionsNotPending,
        G::GovernanceNoVotingPower,
        G::GovernanceVotingClosed,
        G::GovernanceTallyUnchanged,
    ]
}

#[test]
fn every_shared_error_name_is_an_anchor_variant() {
    let staking: Vec<String> = all_staking_errors().iter().map(|e| e.name()).collect();
    let market: Vec<String> = all_marketplace_errors().iter().map(|e| e.name()).collect();
    let gov: Vec<String> = all_governance_errors().iter().map(|e| e.name()).collect();
    for n in vectors::error_names("staking") {
        assert!(staking.contains(&n), "staking error {n} missing");
    }
    for n in vectors::error_names("marketplace") {
        assert!(market.contains(&n), "marketplace error {n} missing");
    }
    for n in vectors::error_names("pause") {
        assert!(market.contains(&n), "pause error {n} missing");
    }
    for n in vectors::error_names("governance") {
        assert!(gov.contains(&n), "governance error {n} missing");
    }
    // The power registry runs inside the staking program.
    let power = vectors::error_names("power");
    assert_eq!(power.len(), 18);
    for n in power {
        assert!(staking.contains(&n), "power error {n} missing");
    }
}

#[test]
fn error_codes_are_unique_across_programs() {
    let mut codes: Vec<u32> = all_staking_errors().into_iter().map(u32::from).collect();
    codes.extend(all_marketplace_errors().into_iter().map(u32::from));
    codes.extend(all_governance_errors().into_iter().map(u32::from));
    let n = codes.len();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), n);
    assert_eq!(u32::from(S::StakingAlreadyRegistered), 6000);
    assert_eq!(u32::from(M::MarketplaceTaskNotFound), 6100);
}

proptest! {
    #[test]
    fn payout_conserves_the_reward(reward in any::<u64>(), treasury_bps in 0u16..=5000, creator_bps in 0u16..=2000, has_creator in any::<bool>()) {
        let (p, t, c) = payout_split(reward, treasury_bps, creator_bps, has_creator).unwrap();
        prop_assert_eq!(p as u128 + t as u128 + c as u128, reward as u128);
        prop_assert_eq!(t as u128 + c as u128,
            reward as u128 * treasury_bps as u128 / 10_000 + reward as u128 * creator_bps as u128 / 10_000);
        if !has_creator { prop_assert_eq!(c, 0); }
        prop_assert!(p as u128 >= reward as u128 * (10_000 - treasury_bps as u128 - creator_bps as u128) / 10_000);
    }

    #[test]
    fn slash_conserves_the_collateral(collateral in any::<u64>(), slash_bps in 0u16..=10_000) {
        let (slashed, to_user, to_treasury, unlocked) = slash_split(collateral, slash_bps).unwrap();
        prop_assert_eq!(slashed as u128 + unlocked as u128, collateral as u128);
        prop_assert_eq!(to_user as u128 + to_treasury as u128, slashed as u128);
        prop_assert!(to_treasury >= to_user && to_treasury - to_user <= 1);
        prop_assert_eq!(slashed as u128, collateral as u128 * slash_bps as u128 / 10_000);
    }

    #[test]
    fn slash_rejects_bps_above_denominator(collateral in any::<u64>(), slash_bps in 10_001u16..) {
        prop_assert!(slash_split(collateral, slash_bps).is_none());
    }

    #[test]
    fn score_is_bounded_and_monotone(completed in 0u64..1_000_000_000, failed in 0u64..1_000_000_000) {
        let s = score_bps(completed, failed);
        prop_assert!(s < 10_000);
        prop_assert!(score_bps(completed + 1, failed) >= s);
        prop_assert!(score_bps(completed, failed + 1) <= s);
        prop_assert_eq!(s as u128, 10_000u128 * (completed as u128 + 1) / (completed as u128 + 3 * failed as u128 + 2));
    }
}

#[test]
fn score_never_overflows_at_u64_extremes() {
    assert_eq!(score_bps(0, 0), 5000);
    assert!(score_bps(u64::MAX, 0) <= 10_000);
    assert_eq!(score_bps(0, u64::MAX), 0);
}

#[test]
fn account_space_covers_the_serialized_verifying_key() {
    use anchor_lang::Space;
    assert_eq!(marketplace::IC_LEN, marketplace::NUM_PUBLIC_INPUTS + 1);
    // 8 id + 64 alpha + 3 * 128 (beta, gamma, delta) + 5 * 64 IC + 1 bump
    assert_eq!(marketplace::VerifierAccount::INIT_SPACE, 8 + 64 + 3 * 128 + 5 * 64 + 1);
}

#[test]
fn generated_idls_carry_the_runtime_error_codes_and_names() {
    let dir = calctra_solana_tests::vectors::manifest_dir().join("../idl");
    let lists: Vec<(&str, Vec<(String, u32)>)> = vec![
        ("staking", all_staking_errors().into_iter().map(|e| (e.name(), u32::from(e))).collect()),
        ("marketplace", all_marketplace_errors().into_iter().map(|e| (e.name(), u32::from(e))).collect()),
        ("governance", all_governance_errors().into_iter().map(|e| (e.name(), u32::from(e))).collect()),
    ];
    for (program, expected) in lists {
        let idl: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{program}.json"))).unwrap()).unwrap();
        let got = vectors::idl_errors(&idl);
        assert_eq!(got, expected, "{program}");
    }
}
