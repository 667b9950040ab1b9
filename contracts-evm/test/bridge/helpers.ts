import { readFileSync } from "node:fs";
import { network } from "hardhat";
import { concat, keccak256, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { bridgeDigest, bridgeMessageId, encodeBridgeMessage, universalFromEvm, type BridgeMessage } from "@calctra/core";

/** The shared bridge vectors (test/vectors/bridge.json), read from the file the SDK generates. */
export interface BridgeVectors {
  domains: Record<string, number>;
  validators: { privateKey: Hex; address: Address }[];
  cases: {
    message: { version: number; srcDomain: number; dstDomain: number; nonce: string; sender: Hex; recipient: Hex; amount: string };
    encoded: Hex;
    messageId: Hex;
    dstBridge: Hex;
    digest: Hex;
    signatures: { signer: Address; signature: Hex }[];
  }[];
}
export const vectors: BridgeVectors = JSON.parse(readFileSync(new URL("../../../test/vectors/bridge.json", import.meta.url), "utf8"));

/** The version-2 message and recipient vectors of test/vectors/governance.json that the bridge asserts. */
export interface GovernanceVectors {
  maxMessageLength: number;
  recipients: { dstDomain: number; recipient: Hex; deliverable: boolean; error: string }[];
  messages: {
    name: string;
    message: {
      version: number;
      srcDomain: number;
      dstDomain: number;
      nonce: string;
      sender: Hex;
      recipient: Hex;
      payload: { kind: string };
    };
    encoded: Hex;
    messageId: Hex;
    dstBridge: Hex;
    digest: Hex;
    signatures: { signer: Address; signature: Hex }[];
  }[];
}
export const governanceVectors: GovernanceVectors = JSON.parse(
  readFileSync(new URL("../../../test/vectors/governance.json", import.meta.url), "utf8"),
);
export const SOLANA = 0x534f4c41;
export const TON = 0x544f4e00;

export const HOME = 31337;
export const SPOKE = 31338;
export const CAL = 1_000_000_000n;
export const BRIDGE_ROLE = keccak256(toHex("BRIDGE_ROLE"));
export const PAUSER_ROLE = keccak256(toHex("PAUSER_ROLE"));
export const DEFAULT_ADMIN_ROLE: Hex = `0x${"00".repeat(32)}`;

/** The development validator keys of the vectors, sorted ascending by address. */
export const validatorKeys: Hex[] = vectors.validators.map((v) => v.privateKey);
export const validatorAddresses: Address[] = vectors.validators.map((v) => v.address);

/** Default remote-domain settings: generous buckets (1M CAL, refill 1000 CAL/s). */
export const openLimits = (bridge: Address) => ({
  bridge: universalFromEvm(bridge),
  inboundCapacity: 1_000_000n * CAL,
  inboundRatePerSecond: 1000n * CAL,
  outboundCapacity: 1_000_000n * CAL,
  outboundRatePerSecond: 1000n * CAL,
});

/** A fresh embedded EDR chain with the given chain id. */
export async function createChain(chainId: number) {
  const connection = await network.create({ override: { chainId } });
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  return { connection, viem, networkHelpers, publicClient, wallets };
}
export type Chain = Awaited<ReturnType<typeof createChain>>;

export interface BridgeOptions {
  validators?: Address[];
  threshold?: number;
  retention?: number;
}

/**
 * Spoke: CalSpokeToken at the deployer's nonce 0 and BridgeMinter at nonce 1 (on a fresh chain that is
 * the vectors' `dstBridge` 0xe7f1…0512), BRIDGE_ROLE granted, remote `remote` enabled. Deployer = admin, wallet 6 = pauser.
 */
export async function deploySpoke(chain: Chain, remote: { domain: number; bridge: Address }, o: BridgeOptions = {}) {
  const [deployer, , , , , , pauser] = chain.wallets;
  const token = await chain.viem.deployContract("CalSpokeToken", [deployer!.account.address]);
  const bridge = await chain.viem.deployContract("BridgeMinter", [
    token.address,
    deployer!.account.address,
    pauser!.account.address,
    o.validators ?? validatorAddresses,
    o.threshold ?? 2,
    o.retention ?? 86_400,
  ]);
  await token.write.grantRole([BRIDGE_ROLE, bridge.address]);
  await bridge.write.setRemoteDomain([remote.domain, openLimits(remote.bridge)]);
  return { token, bridge };
}

/** Home: CalToken (home mode, whole cap to the deployer) and BridgeVault, remote `remote` enabled. */
export async function deployHome(chain: Chain, remote: { domain: number; bridge: Address }, o: BridgeOptions = {}) {
  const [deployer, , , , , , pauser] = chain.wallets;
  const token = await chain.viem.deployContract("CalToken", [deployer!.account.address, deployer!.account.address, true]);
  const bridge = await chain.viem.deployContract("BridgeVault", [
    token.address,
    deployer!.account.address,
    pauser!.account.address,
    o.validators ?? validatorAddresses,
    o.threshold ?? 2,
    o.retention ?? 86_400,
  ]);
  await bridge.write.setRemoteDomain([remote.domain, openLimits(remote.bridge)]);
  return { token, bridge };
}

/** Builds a version-1 message. */
export function message(fields: Partial<BridgeMessage> & { recipient: Hex; amount: bigint }): BridgeMessage {
  return {
    version: 1,
    srcDomain: HOME,
    dstDomain: SPOKE,
    nonce: 1n,
    sender: universalFromEvm("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
    ...fields,
  };
}

export const encode = (m: BridgeMessage): Hex => toHex(encodeBridgeMessage(m));
export const idOf = (m: BridgeMessage): Hex => toHex(bridgeMessageId(m));

/** The digest for delivery of `m` to `dstBridge` on `m.dstDomain` (or `dstDomain`). */
export function digestFor(m: BridgeMessage, dstBridge: Address, dstDomain = m.dstDomain): Hex {
  return toHex(bridgeDigest({ dstDomain, dstBridge: universalFromEvm(dstBridge), messageId: bridgeMessageId(m) }));
}

/** One 65-byte r|s|v signature (low-s) of `digest` by `key`. */
export async function signOne(key: Hex, digest: Hex): Promise<Hex> {
  return privateKeyToAccount(key).sign({ hash: digest });
}

/** Packed signatures of `digest` by `keys`, ordered by signer address ascending (unless `sorted` is false). */
export async function signPacked(keys: Hex[], digest: Hex, sorted = true): Promise<Hex> {
  const signed = await Promise.all(keys.map(async (k) => ({ a: BigInt(privateKeyToAccount(k).address), s: await signOne(k, digest) })));
  if (sorted) signed.sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : 0));
  return concat(signed.map((x) => x.s));
}

/** Signed delivery calldata of `m` for the bridge at `dstBridge`. */
export async function signedFor(m: BridgeMessage, dstBridge: Address, keys = validatorKeys.slice(0, 2)) {
  return { message: encode(m), signatures: await signPacked(keys, digestFor(m, dstBridge)) };
}
