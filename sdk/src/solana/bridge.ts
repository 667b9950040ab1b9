/**
 * Inbound bridge delivery on Solana: anyone (an untrusted relayer) delivers a message carrying enough
 * validator signatures; the bridge mints the CAL to the recipient's associated token account.
 */
import { AnchorProvider } from "@coral-xyz/anchor";
import { ComputeBudgetProgram, PublicKey } from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { universalFromBytes } from "../core/address.js";
import { BRIDGE_MESSAGE_LENGTH, DOMAINS, bridgeDigest, bridgeMessageId, encodeBridgeMessage } from "../core/bridge.js";
import type { TransactionReceiptSummary } from "../core/clients.js";
import type { BridgeMessage, UniversalAddress } from "../core/types.js";
import { calTokenAccount, solanaPdas, solanaProgramIds, solanaPrograms } from "./programs.js";
import { sendSolana } from "./send.js";

/** Compute-unit limit requested for a delivery (each secp256k1_recover costs 25,000 CU on chain). */
export const SOLANA_RECEIVE_COMPUTE_UNITS = 400_000;

/**
 * The universal address validators sign as `dstBridge` for Solana: the bridge program id.
 *
 * @example
 * ```ts
 * const digest = bridgeDigest({ dstDomain: DOMAINS.solana, dstBridge: solanaBridgeAddress(), messageId });
 * ```
 */
export function solanaBridgeAddress(): UniversalAddress {
  return universalFromBytes(solanaProgramIds().bridge.toBytes());
}

/**
 * The digest the validators sign for a message to Solana:
 * `keccak256("CALCTRA_BRIDGE_V1" | 0x534F4C41 | bridge program id | messageId)`.
 *
 * @example
 * ```ts
 * const digest = solanaBridgeDigest(message);
 * ```
 */
export function solanaBridgeDigest(message: BridgeMessage): Uint8Array {
  return bridgeDigest({ dstDomain: DOMAINS.solana, dstBridge: solanaBridgeAddress(), messageId: bridgeMessageId(message) });
}

/** Parameters of {@link receiveSolanaBridgeMessage}. */
export interface ReceiveSolanaBridgeMessageParameters {
  /** The relayer (pays the replay marker and the recipient's token account if missing). */
  readonly provider: AnchorProvider;
  readonly message: BridgeMessage;
  /** 65-byte r|s|v signatures (low-s), signers strictly ascending. */
  readonly signatures: readonly Uint8Array[];
}

/**
 * Delivers a bridge message to Solana (`receive_message`); refusals come back as CalctraError
 * (`BridgeMessageAlreadyDelivered`, `BridgeBelowThreshold`, `BridgeUnknownDomain`, ...).
 *
 * @example
 * ```ts
 * await receiveSolanaBridgeMessage({ provider, message, signatures });
 * ```
 */
export async function receiveSolanaBridgeMessage({ provider, message, signatures }: ReceiveSolanaBridgeMessageParameters): Promise<TransactionReceiptSummary> {
  const bytes = encodeBridgeMessage(message);
  if (bytes.length !== BRIDGE_MESSAGE_LENGTH) throw new RangeError("a bridge message has 89 bytes");
  for (const s of signatures) if (s.length !== 65) throw new RangeError("a validator signature has 65 bytes");
  const pdas = solanaPdas();
  const programs = solanaPrograms(provider);
  const config = await programs.bridge.account.bridgeConfig.fetch(pdas.bridgeConfig);
  const recipient = new PublicKey(Buffer.from(bytes.subarray(49, 81)));
  return sendSolana({
    connection: provider.connection,
    context: "bridge.receive_message",
    send: () => programs.bridge.methods.receiveMessage(Array.from(bytes), signatures.map((s) => Array.from(s))).accountsPartial({
      relayer: provider.wallet.publicKey, config: pdas.bridgeConfig, remote: pdas.remoteDomain(message.srcDomain),
      delivered: pdas.delivered(bridgeMessageId(message)), mint: config.calMint, mintAuthority: pdas.bridgeMintAuthority, recipient,
      recipientToken: calTokenAccount({ mint: config.calMint, owner: recipient }), tokenProgram: TOKEN_PROGRAM_ID,
      associatedTokenProgram: ASSOCIATED_TOKEN_PROGRAM_ID,
    }).preInstructions([ComputeBudgetProgram.setComputeUnitLimit({ units: SOLANA_RECEIVE_COMPUTE_UNITS })]).rpc(),
  });
}
