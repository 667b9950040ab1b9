//! Governance administers the bridge: calctra_bridge handed to the governance PDA as admin, typed
//! bridge actions executed by the PDA through CPI, with the lifecycle of every other action (a
//! refused CPI fails the execute with the bridge's error and the proposal stays Queued).
use calctra_bridge::codec::set_hash;
use calctra_bridge::errors::BridgeError as E;
use calctra_bridge::{BridgeConfig, RemoteDomain};
use calctra_solana_tests::bridge::{
    self as b, evm_spoke_bridge, limits, Validator, CAPACITY, EVM_SPOKE, RATE, RETENTION, TON,
};
use calctra_solana_tests::dao::{self, DELAY, GRACE, PERIOD, TIMELOCK};
use calctra_solana_tests::ix::{cal_ix, gov_ix};
use calctra_solana_tests::{code, Chain, ONE_CAL};
use governance::errors::GovernanceError as G;
use governance::{BridgeRemoteDomainParams, GovernanceAction, Proposal, ProposalState, VOTE_ABSTAIN, VOTE_FOR};
use solana_sdk::pubkey::Pubkey;
use solana_sdk::signature::{Keypair, Signer};

/// Ascending addresses of `vals`, and the validators sorted the same way.
fn sorted(mut vals: Vec<Validator>) -> (Vec<Validator>, Vec<[u8; 20]>) {
    vals.sort_by_key(|v| v.address);
    let addrs = vals.iter().map(|v| v.address).collect();
    (vals, addrs)
}

struct Voter {
    kp: Keypair,
}

/// CAL through cal_token with its mint authority handed to the bridge; the bridge initialized by a
/// deployer (3 vector validators, threshold 2, EVM spoke enabled) who hands the admin role to the
/// governance PDA; three voters whose CAL was bridged in and deposited into governance.
struct GovBridge {
    chain: Chain,
    deployer: Keypair,
    pauser: Keypair,
    validators: Vec<Validator>,
    voters: Vec<Voter>,
    nonce: u64,
}

impl GovBridge {
    async fn deploy() -> GovBridge {
        let mut chain = Chain::start().await;
        let b::Deployed { admin: deployer, pauser, validators, .. } = b::deploy(&mut chain, true).await;
        let payer = chain.payer().pubkey();
        chain
            .ok(
                &[b::set_remote_domain(&deployer.pubkey(), &payer, EVM_SPOKE, limits(evm_spoke_bridge()))],
                &[&deployer],
            )
            .await;
        let params = dao::params();
        chain.ok(&[gov_ix::initialize(&payer, &cal_ix::mint(), params)], &[]).await;
        let mut gb = GovBridge { chain, deployer, pauser, validators, voters: vec![], nonce: 0 };
        for amount in [80, 50, 30] {
            let kp = gb.chain.new_user().await;
            let m = gb.next_message(&kp.pubkey(), amount * ONE_CAL);
            let sigs = b::sign_for_program(&m, &[&gb.validators[0], &gb.validators[1]]);
            gb.chain.ok(&[b::receive(&payer, &cal_ix::mint(), m, sigs)], &[]).await;
            let token = b::ata(&kp.pubkey(), &cal_ix::mint());
            gb.chain.ok(&[gov_ix::deposit(&kp.pubkey(), &token, amount * ONE_CAL)], &[&kp]).await;
            gb.voters.push(Voter { kp });
        }
        // The hand-over: from now on only the governance PDA administers the bridge.
        let d = gb.deployer.insecure_clone();
        let p = gb.pauser.pubkey();
        gb.chain.ok(&[b::set_roles(&d.pubkey(), gov_ix::config(), p)], &[&d]).await;
        gb
    }

    fn next_message(&mut self, recipient: &Pubkey, amount: u64) -> [u8; 89] {
        self.nonce += 1;
        b::inbound(EVM_SPOKE, self.nonce, recipient, amount)
    }

    /// A fresh inbound message of `amount` to `recipient` signed by `signers`.
    fn delivery(
        &mut self,
        recipient: &Pubkey,
        amount: u64,
        signers: &[&Validator],
    ) -> solana_sdk::instruction::Instruction {
        let m = self.next_message(recipient, amount);
        let sigs = b::sign_for_program(&m, signers);
        b::receive(&self.chain.payer().pubkey(), &cal_ix::mint(), m, sigs)
    }

    async fn cal_balance(&mut self, owner: &Pubkey) -> u64 {
        let ata = b::ata(owner, &cal_ix::mint());
        if self.chain.exists(&ata).await {
            self.chain.balance(&ata).await
        } else {
            0
        }
    }

    async fn config(&mut self) -> BridgeConfig {
        self.chain.account(&b::config()).await
    }

    async fn state(&mut self, id: u64) -> ProposalState {
        let p: Proposal = self.chain.account(&gov_ix::proposal(id)).await;
        let now = self.chain.now().await;
        p.state(now)
    }

    /// Proposes, votes it through (For 80 + Abstain 30 ≥ quorum 100), queues it and lets the
    /// timelock elapse; returns the proposal id.
    async fn pass(&mut self, action: GovernanceAction) -> u64 {
        let cfg: governance::GovernanceConfig = self.chain.account(&gov_ix::config()).await;
        let id = cfg.proposal_count + 1;
        let alice = self.voters[0].kp.insecure_clone();
        let carol = self.voters[2].kp.insecure_clone();
        self.chain.ok(&[gov_ix::propose(&alice.pubkey(), id, action)], &[&alice]).await;
        self.chain.advance(DELAY).await;
        self.chain.ok(&[gov_ix::cast_vote(&alice.pubkey(), id, VOTE_FOR)], &[&alice]).await;
        self.chain.ok(&[gov_ix::cast_vote(&carol.pubkey(), id, VOTE_ABSTAIN)], &[&carol]).await;
        self.chain.advance(PERIOD + 1).await;
        self.chain.ok(&[gov_ix::queue(&alice.pubkey(), id)], &[&alice]).await;
        self.chain.advance(TIMELOCK).await;
        id
    }

    async fn execute(&mut self, id: u64, target: Option<Pubkey>) {
        let payer = self.chain.payer().pubkey();
        self.chain.ok(&[gov_ix::execute(&payer, id, target)], &[]).await;
        assert_eq!(self.state(id).await, ProposalState::Executed);
    }

    async fn execute_fails(&mut self, id: u64, target: Option<Pubkey>) -> u32 {
        let payer = self.chain.payer().pubkey();
        self.chain.fail(&[gov_ix::execute(&payer, id, target)], &[]).await
    }
}

#[tokio::test]
async fn the_bridge_handed_to_governance_refuses_its_former_admin() {
    let mut gb = GovBridge::deploy().await;
    let cfg = gb.config().await;
    assert_eq!((cfg.admin, cfg.pauser), (gov_ix::config(), gb.pauser.pubkey()));
    // Voters' CAL came in over the bridge and is locked in the governance vault.
    assert_eq!(gb.chain.balance(&gov_ix::vault()).await, 160 * ONE_CAL);
    let d = gb.deployer.insecure_clone();
    let c = gb.chain.fail(&[b::set_threshold(&d.pubkey(), 1)], &[&d]).await;
    assert_eq!(c, code(E::GovernorOnlyExecutor));
    let c = gb.chain.fail(&[b::set_roles(&d.pubkey(), d.pubkey(), d.pubkey())], &[&d]).await;
    assert_eq!(c, code(E::GovernorOnlyExecutor));
}

#[tokio::test]
async fn a_passed_proposal_rotates_the_validator_set_and_the_old_set_expires_with_its_retention() {
    let mut gb = GovBridge::deploy().await;
    let old = gb.validators.clone();
    let (new, new_addrs) = sorted(vec![Validator::dev(1), Validator::dev(2), Validator::dev(3)]);
    let old_addrs: Vec<[u8; 20]> = old.iter().map(|v| v.address).collect();
    let id = gb
        .pass(GovernanceAction::BridgeRotateValidatorSet {
            validators: new_addrs.clone(),
            threshold: 2,
            retention_window: 600,
        })
        .await;
    // Missing bridge accounts: the action cannot run, and the proposal stays Queued.
    let payer = gb.chain.payer().pubkey();
    let c = gb.chain.fail(&[gov_ix::execute_bare(&payer, id)], &[]).await;
    assert_eq!(c, code(G::GovernanceInvalidAction));
    assert_eq!(gb.state(id).await, ProposalState::Queued);

    gb.execute(id, None).await;
    let now = gb.chain.now().await;
    let cfg = gb.config().await;
    assert_eq!((cfg.validators.clone(), cfg.threshold, cfg.set_id), (new_addrs.clone(), 2, 2));
    assert_eq!(cfg.set_hash, set_hash(&new_addrs, 2));
    assert_eq!((cfg.previous_validators.clone(), cfg.previous_threshold), (old_addrs, 2));
    assert_eq!((cfg.retention_window, cfg.previous_valid_until), (600, now + 600));

    let user = Pubkey::new_unique();
    // Signed by the new set: mints.
    let ix = gb.delivery(&user, 5 * ONE_CAL, &[&new[0], &new[1]]);
    gb.chain.ok(&[ix], &[]).await;
    assert_eq!(gb.cal_balance(&user).await, 5 * ONE_CAL);
    // Signed by the replaced set within its retention window: still valid (in-flight messages).
    let ix = gb.delivery(&user, 2 * ONE_CAL, &[&old[0], &old[1]]);
    gb.chain.ok(&[ix], &[]).await;
    assert_eq!(gb.cal_balance(&user).await, 7 * ONE_CAL);
    // Past the retention window the replaced set is refused; nothing is minted.
    gb.chain.advance(601).await;
    let ix = gb.delivery(&user, 2 * ONE_CAL, &[&old[0], &old[1]]);
    assert_eq!(gb.chain.fail(&[ix], &[]).await, code(E::BridgeSignerNotInSet));
    // A set that was never configured is refused as well; the new set keeps minting.
    let ix = gb.delivery(&user, 2 * ONE_CAL, &[&Validator::dev(40), &Validator::dev(41)]);
    assert_eq!(gb.chain.fail(&[ix], &[]).await, code(E::BridgeSignerNotInSet));
    let ix = gb.delivery(&user, ONE_CAL, &[&new[1], &new[2]]);
    gb.chain.ok(&[ix], &[]).await;
    assert_eq!(gb.cal_balance(&user).await, 8 * ONE_CAL);
    // Executed once only.
    assert_eq!(gb.execute_fails(id, None).await, code(G::GovernorUnexpectedProposalState));
}

#[tokio::test]
async fn out_of_bounds_bridge_parameters_fail_at_execute_with_the_bridge_error_and_leave_it_unchanged() {
    let mut gb = GovBridge::deploy().await;
    let before = gb.config().await;
    let addrs = before.validators.clone();

    // Threshold above the set size (3): the bridge's bound error; the proposal stays Queued.
    let too_high = gb.pass(GovernanceAction::BridgeSetThreshold { threshold: 4 }).await;
    assert_eq!(gb.execute_fails(too_high, None).await, code(E::BridgeInvalidValidatorSet));
    assert_eq!(gb.state(too_high).await, ProposalState::Queued);
    // Retention beyond 30 days: BridgeParameterOutOfBounds.
    let long = gb
        .pass(GovernanceAction::BridgeRotateValidatorSet {
            validators: addrs.clone(),
            threshold: 2,
            retention_window: 30 * 86_400 + 1,
        })
        .await;
    assert_eq!(gb.execute_fails(long, None).await, code(E::BridgeParameterOutOfBounds));
    // A valid retention with an invalid set: the retention change is reverted with the rotation.
    let zero = gb
        .pass(GovernanceAction::BridgeRotateValidatorSet {
            validators: addrs.clone(),
            threshold: 0,
            retention_window: 60,
        })
        .await;
    assert_eq!(gb.execute_fails(zero, None).await, code(E::BridgeInvalidValidatorSet));
    for id in [long, zero] {
        assert_eq!(gb.state(id).await, ProposalState::Queued);
    }
    let after = gb.config().await;
    assert_eq!((after.validators.clone(), after.threshold, after.set_id), (addrs.clone(), 2, 1));
    assert_eq!((after.set_hash, after.retention_window, after.previous_valid_until), (before.set_hash, RETENTION, 0));

    // Retried once the bridge allows it (a fourth validator joined), before the grace period ends.
    let (_, four) = sorted(gb.validators.iter().cloned().chain([Validator::dev(9)]).collect());
    let grow = gb
        .pass(GovernanceAction::BridgeRotateValidatorSet {
            validators: four.clone(),
            threshold: 2,
            retention_window: RETENTION,
        })
        .await;
    gb.execute(grow, None).await;
    assert_eq!(gb.state(too_high).await, ProposalState::Queued);
    gb.execute(too_high, None).await;
    let cfg = gb.config().await;
    assert_eq!((cfg.threshold, cfg.set_hash), (4, set_hash(&four, 4)));
    // The others expire unexecuted after the grace period.
    gb.chain.advance(GRACE).await;
    assert_eq!(gb.state(zero).await, ProposalState::Expired);
    assert_eq!(gb.execute_fails(zero, None).await, code(G::GovernorUnexpectedProposalState));
}

#[tokio::test]
async fn governance_unpauses_the_bridge_after_the_pauser_paused_it() {
    let mut gb = GovBridge::deploy().await;
    let id = gb.pass(GovernanceAction::BridgeUnpause).await;
    // Not paused yet: the bridge refuses, the proposal stays Queued.
    assert_eq!(gb.execute_fails(id, None).await, code(E::ExpectedPause));
    assert_eq!(gb.state(id).await, ProposalState::Queued);

    let pauser = gb.pauser.insecure_clone();
    gb.chain.ok(&[b::pause(&pauser.pubkey())], &[&pauser]).await;
    assert!(gb.config().await.paused);
    let user = Pubkey::new_unique();
    let v = gb.validators.clone();
    let ix = gb.delivery(&user, ONE_CAL, &[&v[0], &v[1]]);
    assert_eq!(gb.chain.fail(&[ix], &[]).await, code(E::EnforcedPause));
    // The pauser cannot unpause; governance can.
    let c = gb.chain.fail(&[b::unpause(&pauser.pubkey())], &[&pauser]).await;
    assert_eq!(c, code(E::GovernorOnlyExecutor));
    gb.execute(id, None).await;
    assert!(!gb.config().await.paused);
    let ix = gb.delivery(&user, ONE_CAL, &[&v[0], &v[1]]);
    gb.chain.ok(&[ix], &[]).await;
    assert_eq!(gb.cal_balance(&user).await, ONE_CAL);
}

#[tokio::test]
async fn governance_sets_remote_domains_with_rate_limits_and_the_roles() {
    let mut gb = GovBridge::deploy().await;
    let ton = BridgeRemoteDomainParams {
        bridge: [7u8; 32],
        evm_recipients: false,
        inbound_capacity: 500 * ONE_CAL,
        inbound_rate_per_second: 2 * ONE_CAL,
        outbound_capacity: 300 * ONE_CAL,
        outbound_rate_per_second: 3 * ONE_CAL,
    };
    let id = gb.pass(GovernanceAction::BridgeSetRemoteDomain { domain: TON, params: ton }).await;
    assert_eq!(gb.execute_fails(id, None).await, code(G::GovernanceInvalidAction));
    gb.execute(id, Some(b::remote(TON))).await;
    let r: RemoteDomain = gb.chain.account(&b::remote(TON)).await;
    assert!(r.enabled && !r.evm_recipients);
    assert_eq!((r.domain, r.bridge), (TON, [7u8; 32]));
    assert_eq!(
        (r.inbound.capacity, r.inbound.rate_per_second, r.inbound.level),
        (500 * ONE_CAL, 2 * ONE_CAL, 500 * ONE_CAL)
    );
    assert_eq!(
        (r.outbound.capacity, r.outbound.rate_per_second, r.outbound.level),
        (300 * ONE_CAL, 3 * ONE_CAL, 300 * ONE_CAL)
    );

    // Tightening the EVM spoke's inbound bucket to 5 CAL (no refill) limits deliveries from it.
    let tight = BridgeRemoteDomainParams {
        bridge: evm_spoke_bridge(),
        evm_recipients: true,
        inbound_capacity: 5 * ONE_CAL,
        inbound_rate_per_second: 0,
        outbound_capacity: CAPACITY,
        outbound_rate_per_second: RATE,
    };
    let id = gb.pass(GovernanceAction::BridgeSetRemoteDomain { domain: EVM_SPOKE, params: tight }).await;
    gb.execute(id, Some(b::remote(EVM_SPOKE))).await;
    let user = Pubkey::new_unique();
    let v = gb.validators.clone();
    let ix = gb.delivery(&user, 6 * ONE_CAL, &[&v[0], &v[1]]);
    assert_eq!(gb.chain.fail(&[ix], &[]).await, code(E::BridgeRateLimited));
    let ix = gb.delivery(&user, 5 * ONE_CAL, &[&v[0], &v[1]]);
    gb.chain.ok(&[ix], &[]).await;
    assert_eq!(gb.cal_balance(&user).await, 5 * ONE_CAL);

    // Disabling TON through governance.
    let id = gb.pass(GovernanceAction::BridgeDisableRemoteDomain { domain: TON }).await;
    gb.execute(id, Some(b::remote(TON))).await;
    let r: RemoteDomain = gb.chain.account(&b::remote(TON)).await;
    assert!(!r.enabled);

    // A new pauser (governance stays admin); the old pauser can no longer pause.
    let new_pauser = gb.chain.new_user().await;
    let id = gb.pass(GovernanceAction::BridgeSetRoles { admin: gov_ix::config(), pauser: new_pauser.pubkey() }).await;
    gb.execute(id, None).await;
    let cfg = gb.config().await;
    assert_eq!((cfg.admin, cfg.pauser), (gov_ix::config(), new_pauser.pubkey()));
    let old = gb.pauser.insecure_clone();
    assert_eq!(gb.chain.fail(&[b::pause(&old.pubkey())], &[&old]).await, code(E::BridgeNotPauser));
    gb.chain.ok(&[b::pause(&new_pauser.pubkey())], &[&new_pauser]).await;
    assert!(gb.config().await.paused);
    // A zero admin is refused by the bridge.
    let id = gb.pass(GovernanceAction::BridgeSetRoles { admin: Pubkey::default(), pauser: new_pauser.pubkey() }).await;
    assert_eq!(gb.execute_fails(id, None).await, code(E::BridgeZeroAddress));
    assert_eq!(gb.config().await.admin, gov_ix::config());
}
