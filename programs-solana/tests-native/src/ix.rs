//! Instruction builders (Anchor client structs: `<program>::accounts::*` + `<program>::instruction::*`).
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::system_program;
use anchor_lang::{InstructionData, ToAccountMetas};

fn build(program_id: Pubkey, accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction { program_id, accounts: accounts.to_account_metas(None), data: data.data() }
}

fn pda(seeds: &[&[u8]], program: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(seeds, program).0
}

// ---------------------------------------------------------------- staking
pub mod staking_ix {
    use super::*;
    use staking::constants::*;

    pub fn config() -> Pubkey {
        pda(&[STAKING_CONFIG_SEED], &staking::ID)
    }
    pub fn vault() -> Pubkey {
        pda(&[STAKE_VAULT_SEED], &staking::ID)
    }
    pub fn provider(authority: &Pubkey) -> Pubkey {
        pda(&[PROVIDER_SEED, authority.as_ref()], &staking::ID)
    }

    pub fn initialize(payer: &Pubkey, cal_mint: &Pubkey, admin: Pubkey, marketplace_program: Pubkey) -> Instruction {
        build(
            staking::ID,
            staking::accounts::Initialize {
                payer: *payer,
                config: config(),
                cal_mint: *cal_mint,
                vault: vault(),
                power_vault: power_vault(),
                token_program: spl_token::ID,
                system_program: system_program::ID,
            },
            staking::instruction::Initialize { admin, marketplace_program },
        )
    }
    pub fn register(authority: &Pubkey, metadata_hash: [u8; 32]) -> Instruction {
        build(
            staking::ID,
            staking::accounts::Register {
                authority: *authority,
                provider: provider(authority),
                system_program: system_program::ID,
            },
            staking::instruction::Register { metadata_hash },
        )
    }
    pub fn stake(authority: &Pubkey, from: &Pubkey, amount: u64) -> Instruction {
        build(
            staking::ID,
            staking::accounts::Stake {
                authority: *authority,
                config: config(),
                provider: provider(authority),
                from: *from,
                vault: vault(),
                token_program: spl_token::ID,
            },
            staking::instruction::Stake { amount },
        )
    }
    pub fn request_unstake(authority: &Pubkey, amount: u64) -> Instruction {
        build(
            staking::ID,
            staking::accounts::RequestUnstake {
                authority: *authority,
                config: config(),
                provider: provider(authority),
            },
            staking::instruction::RequestUnstake { amount },
        )
    }
    pub fn withdraw(authority: &Pubkey, to: &Pubkey) -> Instruction {
        build(
            staking::ID,
            staking::accounts::Withdraw {
                authority: *authority,
                config: config(),
                provider: provider(authority),
                vault: vault(),
                to: *to,
                token_program: spl_token::ID,
            },
            staking::instruction::Withdraw {},
        )
    }
    pub fn lock_collateral(signer: &Pubkey, provider_authority: &Pubkey, amount: u64) -> Instruction {
        build(
            staking::ID,
            staking::accounts::MarketplaceOnly {
                marketplace_authority: *signer,
                config: config(),
                provider: provider(provider_authority),
            },
            staking::instruction::LockCollateral { amount },
        )
    }
    pub fn unlock_collateral(signer: &Pubkey, provider_authority: &Pubkey, amount: u64) -> Instruction {
        build(
            staking::ID,
            staking::accounts::MarketplaceOnly {
                marketplace_authority: *signer,
                config: config(),
                provider: provider(provider_authority),
            },
            staking::instruction::UnlockCollateral { amount },
        )
    }
    pub fn slash(
        signer: &Pubkey,
        provider_authority: &Pubkey,
        user_token: &Pubkey,
        treasury_token: &Pubkey,
        collateral: u64,
        slash_bps: u16,
    ) -> Instruction {
        build(
            staking::ID,
            staking::accounts::Slash {
                marketplace_authority: *signer,
                config: config(),
                provider: provider(provider_authority),
                vault: vault(),
                user_token: *user_token,
                treasury_token: *treasury_token,
                token_program: spl_token::ID,
            },
            staking::instruction::Slash { collateral, slash_bps },
        )
    }
    // ── proof of computational power ──
    pub fn power_vault() -> Pubkey {
        pda(&[POWER_VAULT_SEED], &staking::ID)
    }
    pub fn power_record(provider: &Pubkey) -> Pubkey {
        pda(&[POWER_SEED, provider.as_ref()], &staking::ID)
    }
    pub fn validator(authority: &Pubkey) -> Pubkey {
        pda(&[VALIDATOR_SEED, authority.as_ref()], &staking::ID)
    }
    pub fn declare_rate(authority: &Pubkey, claimed_rate: u64) -> Instruction {
        build(
            staking::ID,
            staking::accounts::DeclareRate {
                authority: *authority,
                provider: provider(authority),
                power_record: power_record(authority),
                system_program: system_program::ID,
            },
            staking::instruction::DeclareRate { claimed_rate },
        )
    }
    pub fn register_validator(authority: &Pubkey) -> Instruction {
        build(
            staking::ID,
            staking::accounts::RegisterValidator {
                authority: *authority,
                config: config(),
                stake_record: provider(authority),
                validator: validator(authority),
                system_program: system_program::ID,
            },
            staking::instruction::RegisterValidator {},
        )
    }
    pub fn challenge(validator_authority: &Pubkey, target: &Pubkey) -> Instruction {
        build(
            staking::ID,
            staking::accounts::Challenge {
                validator_authority: *validator_authority,
                config: config(),
                validator: validator(validator_authority),
                validator_stake: provider(validator_authority),
                power_record: power_record(target),
                slot_hashes: anchor_lang::solana_program::sysvar::slot_hashes::ID,
            },
            staking::instruction::Challenge { provider: *target },
        )
    }
    /// `respond`; `challenger` is the challenge's validator (its record receives the fee).
    pub fn respond(
        provider_authority: &Pubkey,
        challenger: &Pubkey,
        challenge_id: u64,
        nonces: Vec<u64>,
    ) -> Instruction {
        build(
            staking::ID,
            staking::accounts::Respond {
                provider: *provider_authority,
                config: config(),
                power_record: power_record(provider_authority),
                validator: validator(challenger),
            },
            staking::instruction::Respond { challenge_id, nonces },
        )
    }
    pub fn expire_challenge(
        caller: &Pubkey,
        target: &Pubkey,
        challenger: &Pubkey,
        challenger_token: &Pubkey,
        treasury_token: &Pubkey,
    ) -> Instruction {
        build(
            staking::ID,
            staking::accounts::ExpireChallenge {
                caller: *caller,
                config: config(),
                power_record: power_record(target),
                validator: validator(challenger),
                provider_stake: provider(target),
                vault: vault(),
                challenger_token: *challenger_token,
                marketplace_config: pda(&[MARKETPLACE_CONFIG_SEED], &marketplace::ID),
                treasury_token: *treasury_token,
                token_program: spl_token::ID,
            },
            staking::instruction::ExpireChallenge { provider: *target },
        )
    }
    pub fn claim_fees(authority: &Pubkey, to: &Pubkey) -> Instruction {
        build(
            staking::ID,
            staking::accounts::ClaimFees {
                authority: *authority,
                config: config(),
                validator: validator(authority),
                power_vault: power_vault(),
                to: *to,
                token_program: spl_token::ID,
            },
            staking::instruction::ClaimFees {},
        )
    }
    pub fn fund_validator_budget(funder: &Pubkey, from: &Pubkey, amount: u64) -> Instruction {
        build(
            staking::ID,
            staking::accounts::FundValidatorBudget {
                funder: *funder,
                config: config(),
                from: *from,
                power_vault: power_vault(),
                token_program: spl_token::ID,
            },
            staking::instruction::FundValidatorBudget { amount },
        )
    }
    pub fn set_parameter(admin: &Pubkey, param_id: u16, value: u64) -> Instruction {
        build(
            staking::ID,
            staking::accounts::SetParameter { admin: *admin, config: config() },
            staking::instruction::SetParameter { param_id, value },
        )
    }
}

// ---------------------------------------------------------------- marketplace
pub mod mp_ix {
    use super::*;
    use anchor_lang::solana_program::instruction::AccountMeta;
    use marketplace::constants::*;
    use marketplace::{CreateTaskArgs, Groth16VerifyingKey, OfferTerms};

    pub fn config() -> Pubkey {
        pda(&[MARKETPLACE_CONFIG_SEED], &marketplace::ID)
    }
    pub fn authority() -> Pubkey {
        pda(&[MARKETPLACE_AUTHORITY_SEED], &marketplace::ID)
    }
    pub fn escrow() -> Pubkey {
        pda(&[ESCROW_SEED], &marketplace::ID)
    }
    pub fn task(id: u64) -> Pubkey {
        pda(&[TASK_SEED, &id.to_le_bytes()], &marketplace::ID)
    }
    pub fn verifier(id: u64) -> Pubkey {
        pda(&[VERIFIER_SEED, &id.to_le_bytes()], &marketplace::ID)
    }

    /// The parties and token accounts a task settles between.
    #[derive(Clone, Copy, Debug)]
    pub struct Parties {
        pub task_id: u64,
        pub provider: Pubkey,
        pub provider_token: Pubkey,
        pub user_token: Pubkey,
        pub treasury_token: Pubkey,
        pub creator_token: Option<Pubkey>,
    }

    pub fn initialize(
        payer: &Pubkey,
        cal_mint: &Pubkey,
        treasury: &Pubkey,
        admin: Pubkey,
        pauser: Pubkey,
        arbiter: Pubkey,
    ) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::Initialize {
                payer: *payer,
                config: config(),
                authority: authority(),
                cal_mint: *cal_mint,
                escrow: escrow(),
                treasury: *treasury,
                token_program: spl_token::ID,
                system_program: system_program::ID,
            },
            marketplace::instruction::Initialize { admin, pauser, arbiter },
        )
    }
    pub fn create_task(user: &Pubkey, user_token: &Pubkey, next_id: u64, args: CreateTaskArgs) -> Instruction {
        create_task_with_offer(user, user_token, next_id, args, None)
    }
    pub fn create_task_with_offer(
        user: &Pubkey,
        user_token: &Pubkey,
        next_id: u64,
        args: CreateTaskArgs,
        offer: Option<OfferTerms>,
    ) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::CreateTask {
                user: *user,
                config: config(),
                task: task(next_id),
                verifier: verifier(args.verifier_id),
                user_token: *user_token,
                escrow: escrow(),
                token_program: spl_token::ID,
                system_program: system_program::ID,
            },
            marketplace::instruction::CreateTask { args, offer },
        )
    }
    pub fn cancel_task(user: &Pubkey, task_id: u64, user_token: &Pubkey) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::CancelTask {
                user: *user,
                config: config(),
                authority: authority(),
                task: task(task_id),
                user_token: *user_token,
                escrow: escrow(),
                token_program: spl_token::ID,
            },
            marketplace::instruction::CancelTask {},
        )
    }
    pub fn accept_task(provider: &Pubkey, task_id: u64) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::AcceptTask {
                provider: *provider,
                config: config(),
                authority: authority(),
                task: task(task_id),
                provider_record: super::staking_ix::provider(provider),
                staking_config: super::staking_ix::config(),
                staking_program: staking::ID,
            },
            marketplace::instruction::AcceptTask {},
        )
    }
    /// Optimistic submission (no payout accounts).
    pub fn submit_result(signer: &Pubkey, task_id: u64, result_commitment: [u8; 32], proof: Vec<u8>) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::SubmitResult {
                provider: *signer,
                config: config(),
                authority: authority(),
                task: task(task_id),
                verifier: None,
                escrow: None,
                provider_token: None,
                treasury_token: None,
                creator_token: None,
                provider_record: None,
                staking_config: None,
                staking_program: None,
                token_program: None,
                user_token: None,
                staking_vault: None,
            },
            marketplace::instruction::SubmitResult { result_commitment, proof },
        )
    }
    /// Proof submission with every payout account.
    pub fn submit_result_with_proof(
        signer: &Pubkey,
        verifier_id: u64,
        p: &Parties,
        result_commitment: [u8; 32],
        proof: Vec<u8>,
    ) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::SubmitResult {
                provider: *signer,
                config: config(),
                authority: authority(),
                task: task(p.task_id),
                verifier: Some(verifier(verifier_id)),
                escrow: Some(escrow()),
                provider_token: Some(p.provider_token),
                treasury_token: Some(p.treasury_token),
                creator_token: p.creator_token,
                provider_record: Some(super::staking_ix::provider(&p.provider)),
                staking_config: Some(super::staking_ix::config()),
                staking_program: Some(staking::ID),
                token_program: Some(spl_token::ID),
                user_token: Some(p.user_token),
                staking_vault: None,
            },
            marketplace::instruction::SubmitResult { result_commitment, proof },
        )
    }
    pub fn finalize(p: &Parties) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::Finalize {
                config: config(),
                authority: authority(),
                task: task(p.task_id),
                escrow: escrow(),
                provider_token: p.provider_token,
                treasury_token: p.treasury_token,
                creator_token: p.creator_token,
                provider_record: super::staking_ix::provider(&p.provider),
                staking_config: super::staking_ix::config(),
                staking_program: staking::ID,
                token_program: spl_token::ID,
                user_token: Some(p.user_token),
            },
            marketplace::instruction::Finalize {},
        )
    }
    pub fn dispute(user: &Pubkey, task_id: u64) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::Dispute { user: *user, task: task(task_id) },
            marketplace::instruction::Dispute {},
        )
    }
    pub fn resolve(arbiter: &Pubkey, p: &Parties, provider_at_fault: bool) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::Resolve {
                arbiter: *arbiter,
                config: config(),
                authority: authority(),
                task: task(p.task_id),
                escrow: escrow(),
                provider_token: p.provider_token,
                user_token: p.user_token,
                treasury_token: p.treasury_token,
                creator_token: p.creator_token,
                provider_record: super::staking_ix::provider(&p.provider),
                staking_config: super::staking_ix::config(),
                staking_vault: super::staking_ix::vault(),
                staking_program: staking::ID,
                token_program: spl_token::ID,
            },
            marketplace::instruction::Resolve { provider_at_fault },
        )
    }
    pub fn expire(p: &Parties) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::Expire {
                config: config(),
                authority: authority(),
                task: task(p.task_id),
                escrow: escrow(),
                user_token: p.user_token,
                treasury_token: p.treasury_token,
                provider_record: super::staking_ix::provider(&p.provider),
                staking_config: super::staking_ix::config(),
                staking_vault: super::staking_ix::vault(),
                staking_program: staking::ID,
                token_program: spl_token::ID,
            },
            marketplace::instruction::Expire {},
        )
    }
    /// A replica's accounts for a replicated settlement: its provider authority and its CAL token account.
    #[derive(Clone, Copy, Debug)]
    pub struct ReplicaParty {
        pub provider: Pubkey,
        pub token: Pubkey,
    }

    /// The remaining accounts of settle / resolve_replicas / the replicated proof path, in replica order.
    pub fn replica_metas(replicas: &[ReplicaParty]) -> Vec<AccountMeta> {
        replicas
            .iter()
            .flat_map(|r| {
                [AccountMeta::new(super::staking_ix::provider(&r.provider), false), AccountMeta::new(r.token, false)]
            })
            .collect()
    }

    pub fn commit_result(provider: &Pubkey, task_id: u64, commit: [u8; 32]) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::CommitResult { provider: *provider, config: config(), task: task(task_id) },
            marketplace::instruction::CommitResult { commit },
        )
    }
    pub fn reveal_result(provider: &Pubkey, task_id: u64, result_hash: [u8; 32], salt: [u8; 32]) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::RevealResult { provider: *provider, config: config(), task: task(task_id) },
            marketplace::instruction::RevealResult { result_hash, salt },
        )
    }
    pub fn publish_result(provider: &Pubkey, task_id: u64, result_cid: [u8; 32]) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::PublishResult { provider: *provider, task: task(task_id) },
            marketplace::instruction::PublishResult { result_cid },
        )
    }
    /// `settle` with the replicas' accounts as remaining accounts.
    pub fn settle(
        task_id: u64,
        user_token: &Pubkey,
        treasury_token: &Pubkey,
        replicas: &[ReplicaParty],
    ) -> Instruction {
        let mut ix = build(
            marketplace::ID,
            marketplace::accounts::Settle {
                config: config(),
                authority: authority(),
                task: task(task_id),
                escrow: escrow(),
                user_token: *user_token,
                treasury_token: *treasury_token,
                creator_token: None,
                staking_config: super::staking_ix::config(),
                staking_vault: super::staking_ix::vault(),
                staking_program: staking::ID,
                token_program: spl_token::ID,
            },
            marketplace::instruction::Settle {},
        );
        ix.accounts.extend(replica_metas(replicas));
        ix
    }
    pub fn resolve_replicas(
        arbiter: &Pubkey,
        task_id: u64,
        user_token: &Pubkey,
        treasury_token: &Pubkey,
        replicas: &[ReplicaParty],
        result_hash: [u8; 32],
    ) -> Instruction {
        let mut ix = build(
            marketplace::ID,
            marketplace::accounts::ResolveReplicas {
                arbiter: *arbiter,
                config: config(),
                authority: authority(),
                task: task(task_id),
                escrow: escrow(),
                user_token: *user_token,
                treasury_token: *treasury_token,
                creator_token: None,
                staking_config: super::staking_ix::config(),
                staking_vault: super::staking_ix::vault(),
                staking_program: staking::ID,
                token_program: spl_token::ID,
            },
            marketplace::instruction::ResolveReplicas { result_hash },
        );
        ix.accounts.extend(replica_metas(replicas));
        ix
    }
    /// The proof path of a Disputed replicated task: `signer` is the proving replica.
    #[allow(clippy::too_many_arguments)]
    pub fn submit_replicated_proof(
        signer: &Pubkey,
        verifier_id: u64,
        task_id: u64,
        user_token: &Pubkey,
        treasury_token: &Pubkey,
        replicas: &[ReplicaParty],
        result_commitment: [u8; 32],
        proof: Vec<u8>,
    ) -> Instruction {
        let mut ix = build(
            marketplace::ID,
            marketplace::accounts::SubmitResult {
                provider: *signer,
                config: config(),
                authority: authority(),
                task: task(task_id),
                verifier: Some(verifier(verifier_id)),
                escrow: Some(escrow()),
                provider_token: None,
                treasury_token: Some(*treasury_token),
                creator_token: None,
                provider_record: None,
                staking_config: Some(super::staking_ix::config()),
                staking_program: Some(staking::ID),
                token_program: Some(spl_token::ID),
                user_token: Some(*user_token),
                staking_vault: Some(super::staking_ix::vault()),
            },
            marketplace::instruction::SubmitResult { result_commitment, proof },
        );
        ix.accounts.extend(replica_metas(replicas));
        ix
    }
    /// Stages `vk` in the fresh keypair account `staged` (which signs).
    pub fn stage_verifying_key(payer: &Pubkey, staged: &Pubkey, vk: Groth16VerifyingKey) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::StageVerifyingKey {
                payer: *payer,
                staged: *staged,
                system_program: system_program::ID,
            },
            marketplace::instruction::StageVerifyingKey { vk },
        )
    }
    pub fn register_verifier(admin: &Pubkey, payer: &Pubkey, verifier_id: u64, vk: Groth16VerifyingKey) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::RegisterVerifier {
                admin: *admin,
                payer: *payer,
                config: config(),
                verifier: verifier(verifier_id),
                system_program: system_program::ID,
            },
            marketplace::instruction::RegisterVerifier { verifier_id, vk },
        )
    }
    pub fn set_parameter(admin: &Pubkey, param_id: u16, value: u64) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::AdminOnly { admin: *admin, config: config() },
            marketplace::instruction::SetParameter { param_id, value },
        )
    }
    /// `set_role`; `treasury` is the token account passed for the treasury role (1).
    pub fn set_role(admin: &Pubkey, role: u8, account: Pubkey, treasury: Option<Pubkey>) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::SetRole { admin: *admin, config: config(), treasury },
            marketplace::instruction::SetRole { role, account },
        )
    }
    pub fn set_arbiter(admin: &Pubkey, arbiter: Pubkey) -> Instruction {
        set_role(admin, ROLE_ARBITER, arbiter, None)
    }
    pub fn set_treasury(admin: &Pubkey, treasury: &Pubkey) -> Instruction {
        set_role(admin, ROLE_TREASURY, *treasury, Some(*treasury))
    }
    pub fn pause(signer: &Pubkey) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::Pause { signer: *signer, config: config() },
            marketplace::instruction::Pause {},
        )
    }
    pub fn unpause(admin: &Pubkey) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::AdminOnly { admin: *admin, config: config() },
            marketplace::instruction::Unpause {},
        )
    }
}

// ---------------------------------------------------------------- cal_token
pub mod cal_ix {
    use super::*;
    use cal_token::constants::*;

    pub fn config() -> Pubkey {
        pda(&[CAL_CONFIG_SEED], &cal_token::ID)
    }
    pub fn mint() -> Pubkey {
        pda(&[CAL_MINT_SEED], &cal_token::ID)
    }
    pub fn mint_authority() -> Pubkey {
        pda(&[MINT_AUTHORITY_SEED], &cal_token::ID)
    }

    pub fn initialize(admin: &Pubkey) -> Instruction {
        build(
            cal_token::ID,
            cal_token::accounts::Initialize {
                admin: *admin,
                config: config(),
                mint_authority: mint_authority(),
                mint: mint(),
                token_program: spl_token::ID,
                system_program: system_program::ID,
            },
            cal_token::instruction::Initialize {},
        )
    }
    pub fn hand_over(admin: &Pubkey, bridge_program: Pubkey) -> Instruction {
        build(
            cal_token::ID,
            cal_token::accounts::HandOverMintAuthority {
                admin: *admin,
                config: config(),
                mint_authority: mint_authority(),
                mint: mint(),
                token_program: spl_token::ID,
            },
            cal_token::instruction::HandOverMintAuthority { bridge_program },
        )
    }
}

// ---------------------------------------------------------------- governance
pub mod gov_ix {
    use super::*;
    use anchor_lang::solana_program::instruction::AccountMeta;
    use governance::constants::*;
    use governance::InitializeArgs;

    pub fn config() -> Pubkey {
        pda(&[GOVERNANCE_SEED], &governance::ID)
    }
    pub fn vault() -> Pubkey {
        pda(&[GOV_VAULT_SEED], &governance::ID)
    }
    pub fn voter(owner: &Pubkey) -> Pubkey {
        pda(&[VOTER_SEED, owner.as_ref()], &governance::ID)
    }
    pub fn proposal(id: &[u8; 32]) -> Pubkey {
        pda(&[PROPOSAL_SEED, id], &governance::ID)
    }
    pub fn vote_record(id: &[u8; 32], owner: &Pubkey) -> Pubkey {
        pda(&[VOTE_SEED, id, owner.as_ref()], &governance::ID)
    }
    pub fn action_list(sequence: u64) -> Pubkey {
        pda(&[ACTIONS_SEED, &sequence.to_le_bytes()], &governance::ID)
    }

    /// `payer` must be the CAL admin; `cal_mint` cal_token's mint.
    pub fn initialize(payer: &Pubkey, cal_mint: &Pubkey, args: InitializeArgs) -> Instruction {
        build(
            governance::ID,
            governance::accounts::Initialize {
                payer: *payer,
                cal_config: super::cal_ix::config(),
                config: config(),
                cal_mint: *cal_mint,
                vault: vault(),
                token_program: spl_token::ID,
                system_program: system_program::ID,
            },
            governance::instruction::Initialize { args },
        )
    }
    pub fn deposit(owner: &Pubkey, from: &Pubkey, amount: u64) -> Instruction {
        build(
            governance::ID,
            governance::accounts::Deposit {
                owner: *owner,
                config: config(),
                voter: voter(owner),
                from: *from,
                vault: vault(),
                token_program: spl_token::ID,
                system_program: system_program::ID,
            },
            governance::instruction::Deposit { amount },
        )
    }
    pub fn withdraw(owner: &Pubkey, to: &Pubkey, amount: u64) -> Instruction {
        build(
            governance::ID,
            governance::accounts::Withdraw {
                owner: *owner,
                config: config(),
                voter: voter(owner),
                to: *to,
                vault: vault(),
                token_program: spl_token::ID,
            },
            governance::instruction::Withdraw { amount },
        )
    }
    pub fn cast_vote(owner: &Pubkey, proposal_id: [u8; 32], support: u8) -> Instruction {
        build(
            governance::ID,
            governance::accounts::CastVote {
                owner: *owner,
                voter: voter(owner),
                proposal: proposal(&proposal_id),
                vote_record: vote_record(&proposal_id, owner),
                system_program: system_program::ID,
            },
            governance::instruction::CastVote { proposal_id, support },
        )
    }
    /// `next_nonce`: the bridge's outbound nonce the tally takes.
    pub fn send_tally(payer: &Pubkey, proposal_id: [u8; 32], hub_domain: u32, next_nonce: u64) -> Instruction {
        build(
            governance::ID,
            governance::accounts::SendTally {
                payer: *payer,
                config: config(),
                proposal: proposal(&proposal_id),
                bridge_program: calctra_bridge::ID,
                bridge_config: crate::bridge::config(),
                hub_remote: crate::bridge::remote(hub_domain),
                outbound: crate::bridge::outbound(next_nonce),
                system_program: system_program::ID,
            },
            governance::instruction::SendTally { proposal_id },
        )
    }
    pub fn veto(guardian: &Pubkey, sequence: u64) -> Instruction {
        build(
            governance::ID,
            governance::accounts::Veto { guardian: *guardian, config: config(), action_list: action_list(sequence) },
            governance::instruction::Veto { sequence },
        )
    }
    fn execute_accounts(executor: &Pubkey, sequence: u64) -> governance::accounts::Execute {
        governance::accounts::Execute {
            executor: *executor,
            config: config(),
            action_list: action_list(sequence),
            staking_program: staking::ID,
            staking_config: super::staking_ix::config(),
            marketplace_program: marketplace::ID,
            marketplace_config: super::mp_ix::config(),
            bridge_program: calctra_bridge::ID,
            bridge_config: crate::bridge::config(),
            system_program: system_program::ID,
        }
    }
    /// `execute(sequence)` with `extra` remaining accounts (writable): treasury token accounts, remote-domain PDAs.
    pub fn execute(executor: &Pubkey, sequence: u64, extra: &[Pubkey]) -> Instruction {
        let mut ix =
            build(governance::ID, execute_accounts(executor, sequence), governance::instruction::Execute { sequence });
        ix.accounts.extend(extra.iter().map(|k| AccountMeta::new(*k, false)));
        ix
    }
    pub fn retry(executor: &Pubkey, sequence: u64, extra: &[Pubkey]) -> Instruction {
        let mut ix =
            build(governance::ID, execute_accounts(executor, sequence), governance::instruction::Retry { sequence });
        ix.accounts.extend(extra.iter().map(|k| AccountMeta::new(*k, false)));
        ix
    }
}
