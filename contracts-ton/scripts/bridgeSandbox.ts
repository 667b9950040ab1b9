// Deploys the Calctra TON stack plus the bridge into a @ton/sandbox Blockchain, hands the CAL minter's
// admin rights to the bridge (two-step), and signs bridge messages with the dev validator keys of
// test/vectors/bridge.json (tests, bench).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CONTRACTS_DIR } from "../wrappers/compile";
import type { Blockchain, SandboxContract } from "@ton/sandbox";
import { type Address, type Cell, contractAddress, toNano } from "@ton/core";
import { secp256k1 } from "@noble/curves/secp256k1";
import { keccak_256 } from "@noble/hashes/sha3";
import { compileTolk } from "../wrappers/compile";
import {
  Bridge,
  type BridgeConfig,
  bridgeConfigToCell,
  bridgeMessageCell,
  signatureChain,
  TON_DOMAIN,
  tonUniversal,
} from "../wrappers/Bridge";
import { deployCalctra, deployCalctraWithBridge, CAL, type BridgeDeployOptions as CalctraBridgeDeployOptions } from "./sandbox";
import { encodeBridgeMessage, bridgeDigest, bridgeMessageId } from "@calctra/core";
import type { BridgeMessage, UniversalAddress } from "@calctra/core";

export type BridgeVectors = {
  domains: Record<string, number>;
  validators: { privateKey: string; address: string }[];
  cases: {
    message: { version: number; srcDomain: number; dstDomain: number; nonce: string; sender: string; recipient: string; amount: string };
    encoded: string;
    messageId: string;
    dstBridge: string;
    digest: string;
    signatures: { signer: string; signature: string }[];
  }[];
};

export const VECTORS_PATH = resolve(CONTRACTS_DIR, "..", "..", "test", "vectors", "bridge.json");
export function loadBridgeVectors(): BridgeVectors {
  return JSON.parse(readFileSync(VECTORS_PATH, "utf-8")) as BridgeVectors;
}

export const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}`;
export const fromHex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/^0x/, ""), "hex"));
export const toUniversal = (x: bigint): UniversalAddress => `0x${x.toString(16).padStart(64, "0")}`;

/** EVM address (bigint) of a secp256k1 private key: last 20 bytes of keccak256(uncompressed key without 0x04). */
export function evmAddressOf(privateKey: string): bigint {
  const pub = secp256k1.getPublicKey(fromHex(privateKey), false).slice(1);
  return BigInt(hex(keccak_256(pub).slice(12)));
}

/** 65-byte r|s|v (v = 27/28, low s) signature of a 32-byte digest. */
export function signDigest(digest: Uint8Array, privateKey: string): Uint8Array {
  const sig = secp256k1.sign(digest, fromHex(privateKey), { lowS: true });
  const out = new Uint8Array(65);
  out.set(sig.toCompactRawBytes(), 0);
  out[64] = 27 + sig.recovery;
  return out;
}

/** Signatures of `keys` over `digest`, sorted ascending by signer address (as validators submit them). */
export function signSorted(digest: Uint8Array, keys: string[]): Uint8Array[] {
  return keys
    .map((k) => ({ a: evmAddressOf(k), s: signDigest(digest, k) }))
    .sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : 0))
    .map((x) => x.s);
}

export const DEFAULT_LIMITS = {
  enabled: true,
  inCapacity: 1_000_000n * CAL,
  inRatePerSecond: 10n * CAL,
  outCapacity: 1_000_000n * CAL,
  outRatePerSecond: 10n * CAL,
};
export const RETENTION = 86400;

/**
 * Jetton + staking/marketplace (deployCalctra) and a bridge that becomes the minter's admin.
 * The deployer stays the bridge admin (tests of the admin paths send from it); `configure` installs
 * the 3 dev validators (2-of-3), enables the local EVM home and Solana domains and discovers the bridge's jetton wallet.
 */
export async function deployBridgeEnv(blockchain: Blockchain, opts: BridgeDeployOptions = {}) {
  const env = await deployCalctra(blockchain);
  const vectors = loadBridgeVectors();
  return bridgeHelpers(await deployBridgeOn(env, blockchain, vectors, opts), vectors);
}

/**
 * The production shape (deployCalctraWithBridge): the executor (spoke governance, obeying the hub) administers
 * staking, the marketplace and the bridge and is the bridge's governance sender; the bridge is the minter's admin; the
 * 3 dev validators (2-of-3) and the local EVM home and Solana domains are installed before the hand-over. `opts`: the
 * hub, execution delay, guardian and initial retention (see {@link GovernedDeployOptions}).
 */
export async function deployGovernedBridgeEnv(blockchain: Blockchain, opts: GovernedDeployOptions = {}) {
  const vectors = loadBridgeVectors();
  const env = await deployCalctraWithBridge(blockchain, {
    ...opts,
    validators: vectors.validators.map((v) => v.address),
    threshold: 2,
    domains: [
      { domain: vectors.domains.localEvmHome!, limits: DEFAULT_LIMITS },
      { domain: vectors.domains.solana!, limits: DEFAULT_LIMITS },
    ],
  });
  return bridgeHelpers(env, vectors);
}

/** Options of {@link deployGovernedBridgeEnv}: those of deployCalctraWithBridge but the validators and domains. */
export type GovernedDeployOptions = Omit<CalctraBridgeDeployOptions, "validators" | "threshold" | "domains">;

/** configure / handOverMinter: see deployBridgeEnv; code and data: another bridge build (the storage report's baseline). */
export type BridgeDeployOptions = { configure?: boolean; handOverMinter?: boolean; code?: Cell; data?: (c: BridgeConfig) => Cell };

async function deployBridgeOn(
  env: Awaited<ReturnType<typeof deployCalctra>>,
  blockchain: Blockchain,
  vectors: BridgeVectors,
  opts: BridgeDeployOptions,
) {
  const code: Cell = opts.code ?? (await compileTolk("bridge/bridge.tolk"));
  const config: BridgeConfig = { admin: env.deployer.address, pauser: env.pauser.address, minter: env.minter.address };
  const init = { code, data: opts.data ? opts.data(config) : bridgeConfigToCell(config) };
  const bridge = blockchain.openContract(new Bridge(contractAddress(0, init), init));
  await bridge.sendDeploy(env.deployer.getSender(), toNano("1"));
  const bridgeWallet = await env.minter.getWalletAddress(bridge.address);
  if (opts.handOverMinter ?? true) {
    await env.minter.sendChangeAdmin(env.deployer.getSender(), bridge.address);
    await bridge.sendRaw(env.deployer.getSender(), Bridge.simpleBody("BridgeAcceptMinterAdmin"));
  }
  if (opts.configure ?? true) {
    await bridge.sendRaw(env.deployer.getSender(), Bridge.simpleBody("BridgeDiscoverWallet")); // TEP-89: the minter tells the wallet
    await bridge.sendRaw(
      env.deployer.getSender(),
      Bridge.setValidatorsBody(
        vectors.validators.map((v) => v.address),
        2,
        RETENTION,
      ),
    );
    await bridge.sendRaw(env.deployer.getSender(), Bridge.setDomainBody(vectors.domains.localEvmHome!, DEFAULT_LIMITS));
    await bridge.sendRaw(env.deployer.getSender(), Bridge.setDomainBody(vectors.domains.solana!, DEFAULT_LIMITS));
  }
  return { ...env, bridge, bridgeWallet };
}

/** Message/signature helpers over a deployed bridge (dev validator keys of the vectors). */
function bridgeHelpers<E extends Awaited<ReturnType<typeof deployCalctra>> & { bridge: SandboxContract<Bridge>; bridgeWallet: Address }>(
  env: E,
  vectors: BridgeVectors,
) {
  const bridge = env.bridge;
  const validatorKeys = vectors.validators.map((v) => v.privateKey);

  let nextNonce = 1n;
  /** An inbound message from the EVM home to `recipient` on this TON bridge. */
  const inbound = (recipient: Address, amount: bigint, over: Partial<BridgeMessage> = {}): BridgeMessage => ({
    version: 1,
    srcDomain: vectors.domains.localEvmHome!,
    dstDomain: TON_DOMAIN,
    nonce: nextNonce++,
    sender: `0x${"00".repeat(12)}70997970c51812dc3a010c7d01b50e0d17dc79c8`,
    recipient: toUniversal(tonUniversal(recipient)),
    amount,
    ...over,
  });
  /** Signatures over the digest of `m` for `dstBridge` (default: this bridge), by `keys` (default: all 3). */
  const sign = (m: BridgeMessage, keys: string[] = validatorKeys.slice(0, 2), dstBridge: bigint = tonUniversal(bridge.address)) =>
    signSorted(bridgeDigest({ dstDomain: m.dstDomain, dstBridge: toUniversal(dstBridge), messageId: bridgeMessageId(m) }), keys);
  const deliver = (m: BridgeMessage, sigs: Uint8Array[], from = env.deployer, value = toNano("0.2")) =>
    bridge.sendDeliver(from.getSender(), bridgeMessageCell(encodeBridgeMessage(m)), signatureChain(sigs), value);

  return { ...env, vectors, validatorKeys, inbound, sign, deliver };
}
export type BridgeEnv = Awaited<ReturnType<typeof deployBridgeEnv>>;
export type GovernedBridgeEnv = Awaited<ReturnType<typeof deployGovernedBridgeEnv>>;
