//! Calctra marketplace: task escrow state machine (DESIGN §5), optimistic and Groth16 paths,
//! payout 80/15/5, refund + slash through the staking program, verifier registry, pause.
// anchor-lang 0.31's #[program] expansion calls the deprecated AccountInfo::realloc (fixed in anchor 0.32).
#![allow(deprecated)]
use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod groth16;
pub mod instructions;
pub mod math;
pub mod state;

pub use constants::*;
// Anchor needs the instruction modules' items (and generated client modules) at the crate root; the
// admin handlers share their names with the #[program] functions that call them by path.
#[allow(ambiguous_glob_reexports)]
pub use instructions::*;
pub use state::*;

declare_id!("2yoC67CxRvLRrHakXpRDxirZoy9TRSpzCRM2LV13hoe3");

#[program]
pub mod marketplace {
    use super::*;

    pub fn initialize(ctx: Context<Initialize>, admin: Pubkey, pauser: Pubkey, arbiter: Pubkey) -> Result<()> {
        instructions::initialize::handler(ctx, admin, pauser, arbiter)
    }

    pub fn create_task(ctx: Context<CreateTask>, args: CreateTaskArgs, offer: Option<OfferTerms>) -> Result<()> {
        instructions::create_task::handler(ctx, args, offer)
    }

    pub fn cancel_task(ctx: Context<CancelTask>) -> Result<()> {
        instructions::cancel_task::handler(ctx)
    }

    pub fn accept_task(ctx: Context<AcceptTask>) -> Result<()> {
        instructions::accept_task::handler(ctx)
    }

    pub fn submit_result<'info>(
        ctx: Context<'_, '_, 'info, 'info, SubmitResult<'info>>,
        result_commitment: [u8; 32],
        proof: Vec<u8>,
    ) -> Result<()> {
        instructions::submit_result::handler(ctx, result_commitment, proof)
    }

    pub fn finalize(ctx: Context<Finalize>) -> Result<()> {
        instructions::finalize::handler(ctx)
    }

    pub fn dispute(ctx: Context<Dispute>) -> Result<()> {
        instructions::dispute::handler(ctx)
    }

    pub fn resolve(ctx: Context<Resolve>, provider_at_fault: bool) -> Result<()> {
        instructions::resolve::handler(ctx, provider_at_fault)
    }

    pub fn expire(ctx: Context<Expire>) -> Result<()> {
        instructions::expire::handler(ctx)
    }

    pub fn commit_result(ctx: Context<CommitResult>, commit: [u8; 32]) -> Result<()> {
        instructions::commit_result::handler(ctx, commit)
    }

    pub fn reveal_result(ctx: Context<RevealResult>, result_hash: [u8; 32], salt: [u8; 32]) -> Result<()> {
        instructions::reveal_result::handler(ctx, result_hash, salt)
    }

    pub fn settle<'info>(ctx: Context<'_, '_, 'info, 'info, Settle<'info>>) -> Result<()> {
        instructions::settle::handler(ctx)
    }

    pub fn resolve_replicas<'info>(
        ctx: Context<'_, '_, 'info, 'info, ResolveReplicas<'info>>,
        result_hash: [u8; 32],
    ) -> Result<()> {
        instructions::resolve_replicas::handler(ctx, result_hash)
    }

    pub fn publish_result(ctx: Context<PublishResult>, result_cid: [u8; 32]) -> Result<()> {
        instructions::publish_result::handler(ctx, result_cid)
    }

    pub fn register_verifier(ctx: Context<RegisterVerifier>, verifier_id: u64, vk: Groth16VerifyingKey) -> Result<()> {
        instructions::admin::register_verifier(ctx, verifier_id, vk)
    }

    pub fn stage_verifying_key(ctx: Context<StageVerifyingKey>, vk: Groth16VerifyingKey) -> Result<()> {
        instructions::verifier::stage_verifying_key(ctx, vk)
    }

    pub fn set_verifier(ctx: Context<SetVerifier>, verifier_id: u64, vk_account: Pubkey) -> Result<()> {
        instructions::verifier::set_verifier(ctx, verifier_id, vk_account)
    }

    pub fn set_parameter(ctx: Context<AdminOnly>, param_id: u16, value: u64) -> Result<()> {
        instructions::admin::set_parameter(ctx, param_id, value)
    }

    pub fn set_role(ctx: Context<SetRole>, role: u8, account: Pubkey) -> Result<()> {
        instructions::admin::set_role(ctx, role, account)
    }

    pub fn pause(ctx: Context<Pause>) -> Result<()> {
        instructions::admin::pause(ctx)
    }

    pub fn unpause(ctx: Context<AdminOnly>) -> Result<()> {
        instructions::admin::unpause(ctx)
    }
}
