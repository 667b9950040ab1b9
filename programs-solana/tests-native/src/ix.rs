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
    pub fn set_params(admin: &Pubkey, min_stake: u64, unbonding_period: i64) -> Instruction {
        build(
            staking::ID,
            staking::accounts::SetParams { admin: *admin, config: config() },
            staking::instruction::SetParams { min_stake, unbonding_period },
        )
    }
}

// ---------------------------------------------------------------- marketplace
pub mod mp_ix {
    use super::*;
    use marketplace::constants::*;
    use marketplace::{CreateTaskArgs, Groth16VerifyingKey};

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
            marketplace::instruction::CreateTask { args },
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
    pub fn set_params(
        admin: &Pubkey,
        challenge_period: i64,
        slash_bps: u16,
        provider_bps: u16,
        treasury_bps: u16,
        creator_bps: u16,
    ) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::AdminOnly { admin: *admin, config: config() },
            marketplace::instruction::SetParams {
                challenge_period,
                slash_bps,
                provider_bps,
                treasury_bps,
                creator_bps,
            },
        )
    }
    pub fn set_arbiter(admin: &Pubkey, arbiter: Pubkey) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::AdminOnly { admin: *admin, config: config() },
            marketplace::instruction::SetArbiter { arbiter },
        )
    }
    pub fn set_treasury(admin: &Pubkey, treasury: &Pubkey) -> Instruction {
        build(
            marketplace::ID,
            marketplace::accounts::SetTreasury { admin: *admin, config: config(), treasury: *treasury },
            marketplace::instruction::SetTreasury {},
        )
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
    use governance::constants::*;
    use governance::{GovernanceAction, GovernanceParams};

    pub fn config() -> Pubkey {
        pda(&[GOVERNANCE_SEED], &governance::ID)
    }
    pub fn vault() -> Pubkey {
        pda(&[GOV_VAULT_SEED], &governance::ID)
    }
    pub fn voter(owner: &Pubkey) -> Pubkey {
        pda(&[VOTER_SEED, owner.as_ref()], &governance::ID)
    }
    pub fn proposal(id: u64) -> Pubkey {
        pda(&[PROPOSAL_SEED, &id.to_le_bytes()], &governance::ID)
    }
    pub fn vote_record(id: u64, owner: &Pubkey) -> Pubkey {
        pda(&[VOTE_SEED, &id.to_le_bytes(), owner.as_ref()], &governance::ID)
    }

    pub fn initialize(payer: &Pubkey, cal_mint: &Pubkey, params: GovernanceParams) -> Instruction {
        build(
            governance::ID,
            governance::accounts::Initialize {
                payer: *payer,
                config: config(),
                cal_mint: *cal_mint,
                vault: vault(),
                token_program: spl_token::ID,
                system_program: system_program::ID,
            },
            governance::instruction::Initialize { params },
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
    pub fn propose(proposer: &Pubkey, next_id: u64, action: GovernanceAction) -> Instruction {
        build(
            governance::ID,
            governance::accounts::Propose {
                proposer: *proposer,
                config: config(),
                voter: voter(proposer),
                proposal: proposal(next_id),
                system_program: system_program::ID,
            },
            governance::instruction::Propose { action },
        )
    }
    pub fn cast_vote(owner: &Pubkey, proposal_id: u64, support: u8) -> Instruction {
        build(
            governance::ID,
            governance::accounts::CastVote {
                owner: *owner,
                voter: voter(owner),
                proposal: proposal(proposal_id),
                vote_record: vote_record(proposal_id, owner),
                system_program: system_program::ID,
            },
            governance::instruction::CastVote { proposal_id, support },
        )
    }
    pub fn queue(signer: &Pubkey, proposal_id: u64) -> Instruction {
        build(
            governance::ID,
            governance::accounts::ProposalOp { signer: *signer, config: config(), proposal: proposal(proposal_id) },
            governance::instruction::Queue { proposal_id },
        )
    }
    pub fn cancel(signer: &Pubkey, proposal_id: u64) -> Instruction {
        build(
            governance::ID,
            governance::accounts::ProposalOp { signer: *signer, config: config(), proposal: proposal(proposal_id) },
            governance::instruction::Cancel { proposal_id },
        )
    }
    /// Execute with the accounts every action may need; `target` is action-specific.
    pub fn execute(executor: &Pubkey, proposal_id: u64, target: Option<Pubkey>) -> Instruction {
        build(
            governance::ID,
            governance::accounts::Execute {
                executor: *executor,
                config: config(),
                proposal: proposal(proposal_id),
                staking_program: Some(staking::ID),
                staking_config: Some(super::staking_ix::config()),
                marketplace_program: Some(marketplace::ID),
                marketplace_config: Some(super::mp_ix::config()),
                target,
                system_program: system_program::ID,
                bridge_program: Some(calctra_bridge::ID),
                bridge_config: Some(crate::bridge::config()),
            },
            governance::instruction::Execute { proposal_id },
        )
    }
    /// Execute without any target program accounts.
    pub fn execute_bare(executor: &Pubkey, proposal_id: u64) -> Instruction {
        build(
            governance::ID,
            governance::accounts::Execute {
                executor: *executor,
                config: config(),
                proposal: proposal(proposal_id),
                staking_program: None,
                staking_config: None,
                marketplace_program: None,
                marketplace_config: None,
                target: None,
                system_program: system_program::ID,
                bridge_program: None,
                bridge_config: None,
            },
            governance::instruction::Execute { proposal_id },
        )
    }
}
