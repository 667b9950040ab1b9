//! Bridge test helpers: instruction builders for `calctra_bridge`, the dev validator keys of
//! `test/vectors/bridge.json`, signing of a message for a destination bridge, and the deployment
//! (CAL through cal_token, the bridge with the vector validators) the bridge tests start from.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::system_program;
use anchor_lang::{InstructionData, ToAccountMetas};
use calctra_bridge::codec::{digest, message_id, BridgeMessage};
use calctra_bridge::constants::*;
use calctra_bridge::{InitializeArgs, RemoteDomainArgs};
use solana_sdk::signature::{Keypair, Signer};

use crate::ix::cal_ix;
use crate::vectors::load;
use crate::{Chain, ONE_CAL};

/// The EVM spoke domain of the bridge tests.
pub const EVM_SPOKE: u32 = 31338;
/// The TON domain (`"TON\0"`).
pub const TON: u32 = 0x544F_4E00;
/// Retention window of a replaced validator set at deployment, in seconds.
pub const RETENTION: u32 = 3_600;
/// Capacity of each token bucket of `limits`.
pub const CAPACITY: u64 = 1_000 * ONE_CAL;
/// Refill rate of each token bucket of `limits`, per second.
pub const RATE: u64 = ONE_CAL;

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction { program_id: calctra_bridge::ID, accounts: accounts.to_account_metas(None), data: data.data() }
}

fn pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &calctra_bridge::ID).0
}

pub fn hex(s: &str) -> Vec<u8> {
    let s = s.trim_start_matches("0x");
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

pub fn hex32(s: &str) -> [u8; 32] {
    hex(s).try_into().unwrap()
}

// ---------------------------------------------------------------- PDAs
pub fn config() -> Pubkey {
    pda(&[BRIDGE_CONFIG_SEED])
}
pub fn mint_authority() -> Pubkey {
    pda(&[MINT_AUTHORITY_SEED])
}
pub fn remote(domain: u32) -> Pubkey {
    pda(&[REMOTE_DOMAIN_SEED, &domain.to_be_bytes()])
}
/// The replay chunk `[DELIVERED_SEED, srcDomain u32 be, chunk u64 be]`.
pub fn delivered_chunk(src_domain: u32, chunk: u64) -> Pubkey {
    pda(&[DELIVERED_SEED, &src_domain.to_be_bytes(), &chunk.to_be_bytes()])
}
/// The replay chunk of a message (by its srcDomain and nonce).
pub fn delivered(message: &[u8]) -> Pubkey {
    let (src, nonce) = src_and_nonce(message);
    delivered_chunk(src, nonce / DELIVERED_CHUNK_BITS)
}
/// `(srcDomain, nonce)` of an encoded message (version 1 or 2: same header).
pub fn src_and_nonce(message: &[u8]) -> (u32, u64) {
    (u32::from_be_bytes(message[1..5].try_into().unwrap()), u64::from_be_bytes(message[9..17].try_into().unwrap()))
}
pub fn outbound(nonce: u64) -> Pubkey {
    pda(&[OUTBOUND_SEED, &nonce.to_le_bytes()])
}
pub fn ata(owner: &Pubkey, mint: &Pubkey) -> Pubkey {
    anchor_spl::associated_token::get_associated_token_address(owner, mint)
}

/// Whether the bridge marked the message delivered (its bit in the replay chunk).
pub async fn is_delivered(chain: &mut Chain, message: &[u8]) -> bool {
    let key = delivered(message);
    if !chain.exists(&key).await {
        return false;
    }
    let chunk: calctra_bridge::DeliveredChunk = chain.account(&key).await;
    chunk.is_delivered(src_and_nonce(message).1)
}

// ---------------------------------------------------------------- instructions
/// `payer` must be the CAL admin (cal_token's config admin).
pub fn initialize(payer: &Pubkey, cal_mint: &Pubkey, args: InitializeArgs) -> Instruction {
    build(
        calctra_bridge::accounts::Initialize {
            payer: *payer,
            cal_config: crate::ix::cal_ix::config(),
            config: config(),
            mint_authority: mint_authority(),
            cal_mint: *cal_mint,
            system_program: system_program::ID,
        },
        calctra_bridge::instruction::Initialize { args },
    )
}

pub fn receive(
    relayer: &Pubkey,
    cal_mint: &Pubkey,
    message: [u8; MESSAGE_LEN],
    signatures: Vec<[u8; 65]>,
) -> Instruction {
    let mut src = [0u8; 4];
    src.copy_from_slice(&message[1..5]);
    let recipient = calctra_bridge::recipient_of(&message);
    build(
        calctra_bridge::accounts::ReceiveMessage {
            relayer: *relayer,
            config: config(),
            remote: remote(u32::from_be_bytes(src)),
            delivered: delivered(&message),
            mint: *cal_mint,
            mint_authority: mint_authority(),
            recipient,
            recipient_token: ata(&recipient, cal_mint),
            token_program: spl_token::ID,
            associated_token_program: anchor_spl::associated_token::ID,
            system_program: system_program::ID,
        },
        calctra_bridge::instruction::ReceiveMessage { message, signatures },
    )
}

pub fn send(
    user: &Pubkey,
    user_token: &Pubkey,
    cal_mint: &Pubkey,
    next_nonce: u64,
    dst_domain: u32,
    recipient: [u8; 32],
    amount: u64,
) -> Instruction {
    build(
        calctra_bridge::accounts::SendTokens {
            user: *user,
            config: config(),
            remote: remote(dst_domain),
            outbound: outbound(next_nonce),
            mint: *cal_mint,
            user_token: *user_token,
            token_program: spl_token::ID,
            system_program: system_program::ID,
        },
        calctra_bridge::instruction::Send { dst_domain, recipient, amount },
    )
}

fn admin_only(admin: &Pubkey) -> calctra_bridge::accounts::AdminOnly {
    calctra_bridge::accounts::AdminOnly { admin: *admin, config: config() }
}

pub fn set_validator_set(admin: &Pubkey, validators: Vec<[u8; 20]>, threshold: u16) -> Instruction {
    build(admin_only(admin), calctra_bridge::instruction::SetValidatorSet { validators, threshold })
}
pub fn set_threshold(admin: &Pubkey, threshold: u16) -> Instruction {
    build(admin_only(admin), calctra_bridge::instruction::SetThreshold { threshold })
}
pub fn set_retention_window(admin: &Pubkey, retention_window: u32) -> Instruction {
    build(admin_only(admin), calctra_bridge::instruction::SetRetentionWindow { retention_window })
}
pub fn set_roles(admin: &Pubkey, new_admin: Pubkey, pauser: Pubkey) -> Instruction {
    build(admin_only(admin), calctra_bridge::instruction::SetRoles { admin: new_admin, pauser })
}
pub fn unpause(admin: &Pubkey) -> Instruction {
    build(admin_only(admin), calctra_bridge::instruction::Unpause {})
}
pub fn pause(pauser: &Pubkey) -> Instruction {
    build(calctra_bridge::accounts::Pause { pauser: *pauser, config: config() }, calctra_bridge::instruction::Pause {})
}
pub fn set_remote_domain(admin: &Pubkey, payer: &Pubkey, domain: u32, args: RemoteDomainArgs) -> Instruction {
    build(
        calctra_bridge::accounts::SetRemoteDomain {
            admin: *admin,
            payer: *payer,
            config: config(),
            remote: remote(domain),
            system_program: system_program::ID,
        },
        calctra_bridge::instruction::SetRemoteDomain { domain, args },
    )
}
pub fn disable_remote_domain(admin: &Pubkey, domain: u32) -> Instruction {
    build(
        calctra_bridge::accounts::DisableRemoteDomain { admin: *admin, config: config(), remote: remote(domain) },
        calctra_bridge::instruction::DisableRemoteDomain { domain },
    )
}

/// The bridge's authority PDA (signs the hand-over of a version-2 message to governance).
pub fn bridge_authority() -> Pubkey {
    pda(&[BRIDGE_AUTHORITY_SEED])
}

/// The governance record a version-2 message to Solana creates: the proposal record of a
/// `ProposalOpened`, the action list of a `GovernanceActions` (else the governance config).
pub fn governance_record(message: &[u8]) -> Pubkey {
    let payload = message.get(GOVERNANCE_HEADER_LEN..).unwrap_or(&[]);
    match message.get(GOVERNANCE_HEADER_LEN - 1).copied().unwrap_or(0) {
        1 if payload.len() >= 32 => crate::ix::gov_ix::proposal(&payload[..32].try_into().unwrap()),
        3 if payload.len() >= 8 => crate::ix::gov_ix::action_list(u64::from_be_bytes(payload[..8].try_into().unwrap())),
        _ => crate::ix::gov_ix::config(),
    }
}

/// `receive_governance_message` of a version-2 message, with the governance accounts it needs.
pub fn receive_governance(relayer: &Pubkey, message: Vec<u8>, signatures: Vec<[u8; 65]>) -> Instruction {
    let (src, _) = src_and_nonce(&message);
    let record = governance_record(&message);
    let mut ix = build(
        calctra_bridge::accounts::ReceiveGovernanceMessage {
            relayer: *relayer,
            config: config(),
            remote: remote(src),
            delivered: delivered(&message),
            bridge_authority: bridge_authority(),
            governance_program: governance::ID,
            system_program: system_program::ID,
        },
        calctra_bridge::instruction::ReceiveGovernanceMessage { message, signatures },
    );
    ix.accounts.push(AccountMeta::new(crate::ix::gov_ix::config(), false));
    ix.accounts.push(AccountMeta::new(record, false));
    ix
}

/// `send_governance_message` signed by `sender` (only the governance vault PDA is accepted).
pub fn send_governance(
    sender: &Pubkey,
    payer: &Pubkey,
    next_nonce: u64,
    dst_domain: u32,
    recipient: [u8; 32],
    body: Vec<u8>,
) -> Instruction {
    build(
        calctra_bridge::accounts::SendGovernanceMessage {
            sender: *sender,
            payer: *payer,
            config: config(),
            remote: remote(dst_domain),
            outbound: outbound(next_nonce),
            system_program: system_program::ID,
        },
        calctra_bridge::instruction::SendGovernanceMessage { dst_domain, recipient, body },
    )
}

/// A version-2 message to Solana: `2 | src | SOLANA | nonce | sender | recipient | body (kind | payload)`.
pub fn governance_message(src: u32, nonce: u64, sender: [u8; 32], recipient: [u8; 32], body: &[u8]) -> Vec<u8> {
    let mut m = vec![GOVERNANCE_MESSAGE_VERSION];
    m.extend_from_slice(&src.to_be_bytes());
    m.extend_from_slice(&SOLANA_DOMAIN.to_be_bytes());
    m.extend_from_slice(&nonce.to_be_bytes());
    m.extend_from_slice(&sender);
    m.extend_from_slice(&recipient);
    m.extend_from_slice(body);
    m
}

// ---------------------------------------------------------------- validators and signing
/// A secp256k1 validator key and its 20-byte EVM address.
#[derive(Clone)]
pub struct Validator {
    pub secret: libsecp256k1::SecretKey,
    pub address: [u8; 20],
}

impl Validator {
    pub fn from_secret(secret: [u8; 32]) -> Validator {
        let secret = libsecp256k1::SecretKey::parse(&secret).unwrap();
        let public = libsecp256k1::PublicKey::from_secret_key(&secret).serialize();
        let mut xy = [0u8; 64];
        xy.copy_from_slice(&public[1..]);
        Validator { secret, address: calctra_bridge::codec::evm_address(&xy) }
    }

    /// A deterministic extra validator (not in the vectors file).
    pub fn dev(i: u8) -> Validator {
        let mut s = [0x5au8; 32];
        s[31] = i;
        Validator::from_secret(s)
    }

    /// 65-byte `r|s|v` (low-s, v = 27/28) over `digest`.
    pub fn sign(&self, digest: &[u8; 32]) -> [u8; 65] {
        let (sig, rid) = libsecp256k1::sign(&libsecp256k1::Message::parse(digest), &self.secret);
        let mut out = [0u8; 65];
        out[..64].copy_from_slice(&sig.serialize());
        out[64] = 27 + rid.serialize();
        out
    }
}

/// The development validators of `test/vectors/bridge.json`, as listed (ascending by address).
pub fn vector_validators() -> Vec<Validator> {
    load("bridge.json")["validators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let val = Validator::from_secret(hex32(v["privateKey"].as_str().unwrap()));
            assert_eq!(val.address.to_vec(), hex(v["address"].as_str().unwrap()), "vector address of its key");
            val
        })
        .collect()
}

/// The digest validators sign for a message delivered to `dst_bridge` on its destination domain.
pub fn digest_for(message: &[u8], dst_bridge: &[u8; 32]) -> [u8; 32] {
    let mut dst = [0u8; 4];
    dst.copy_from_slice(&message[5..9]);
    digest(u32::from_be_bytes(dst), dst_bridge, &message_id(message))
}

/// Signatures of `signers` (in the given order) for delivery to the deployed bridge program.
pub fn sign_for_program(message: &[u8], signers: &[&Validator]) -> Vec<[u8; 65]> {
    let d = digest_for(message, &calctra_bridge::ID.to_bytes());
    signers.iter().map(|v| v.sign(&d)).collect()
}

// ---------------------------------------------------------------- messages and deployment
/// The EVM spoke bridge's universal address (the hardhat address of the vectors).
pub fn evm_spoke_bridge() -> [u8; 32] {
    hex32("0x000000000000000000000000e7f1725e7734ce288f8367e1bb143e90bb3f0512")
}

/// A remote domain at `bridge` with `CAPACITY` / `RATE` both ways.
pub fn limits(bridge: [u8; 32]) -> RemoteDomainArgs {
    RemoteDomainArgs {
        bridge,
        inbound_capacity: CAPACITY,
        inbound_rate_per_second: RATE,
        outbound_capacity: CAPACITY,
        outbound_rate_per_second: RATE,
    }
}

/// An encoded message from the EVM spoke bridge on `src` to `recipient` on Solana.
pub fn inbound(src: u32, nonce: u64, recipient: &Pubkey, amount: u64) -> [u8; MESSAGE_LEN] {
    BridgeMessage {
        version: 1,
        src_domain: src,
        dst_domain: SOLANA_DOMAIN,
        nonce,
        sender: evm_spoke_bridge(),
        recipient: recipient.to_bytes(),
        amount,
    }
    .encode()
}

/// The wallets of `deploy`.
pub struct Deployed {
    /// cal_token's admin.
    pub cal_admin: Keypair,
    /// The bridge's admin (the deployer).
    pub admin: Keypair,
    pub pauser: Keypair,
    /// The vector validators, the bridge's set (threshold 2).
    pub validators: Vec<Validator>,
}

/// CAL through cal_token (its mint authority handed to the bridge if `hand_over`), then the bridge
/// initialised with new admin and pauser wallets, the 3 vector validators, threshold 2 and a
/// `RETENTION` window. No remote domain yet.
pub async fn deploy(chain: &mut Chain, hand_over: bool) -> Deployed {
    let cal_admin = chain.new_user().await;
    chain.ok(&[cal_ix::initialize(&cal_admin.pubkey())], &[&cal_admin]).await;
    if hand_over {
        chain.ok(&[cal_ix::hand_over(&cal_admin.pubkey(), calctra_bridge::ID)], &[&cal_admin]).await;
    }
    let admin = chain.new_user().await;
    let pauser = chain.new_user().await;
    let validators = vector_validators();
    let args = InitializeArgs {
        admin: admin.pubkey(),
        pauser: pauser.pubkey(),
        validators: validators.iter().map(|v| v.address).collect(),
        threshold: 2,
        retention_window: RETENTION,
    };
    chain.ok(&[initialize(&cal_admin.pubkey(), &cal_ix::mint(), args)], &[&cal_admin]).await;
    Deployed { cal_admin, admin, pauser, validators }
}
