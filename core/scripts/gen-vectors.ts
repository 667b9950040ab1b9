/**
 * Generates the shared cross-chain test vectors in test/vectors/*.json from the SDK core.
 * `npm run vectors` writes them; `npm run vectors -- --check` fails if the committed files differ.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { secp256k1 } from "@noble/curves/secp256k1";
import { keccak_256 } from "@noble/hashes/sha3";
import { governanceVectors } from "./gen-governance-vectors.js";
import { powerVectors } from "./gen-power-vectors.js";
import { replicaVectors } from "./gen-replica-vectors.js";
import {
  BLS12_381_R,
  BN254_R,
  CAL,
  ERROR_NAMES,
  PARAMETERS,
  SPEC_HASH_BOUND,
  DOMAINS,
  bridgeDigest,
  bridgeMessageId,
  OFFER_U64_MAX,
  computePayout,
  computeSlash,
  offerPrice,
  encodeBridgeMessage,
  providerField,
  reputationScoreBps,
  universalFromEvm,
  universalFromSolana,
  universalFromTonRaw,
  type BridgeMessage,
  type UniversalAddress,
} from "../src/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const outDir = join(root, "test", "vectors");
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}`;
const s = (v: bigint) => v.toString();

function reputation() {
  const pairs: Array<[bigint, bigint]> = [
    [0n, 0n],
    [1n, 0n],
    [0n, 1n],
    [10n, 0n],
    [10n, 1n],
    [3n, 3n],
    [100n, 7n],
    [1n, 100n],
    [999n, 0n],
    [0n, 999n],
    [12345n, 678n],
    [4294967295n, 1n],
    [1n, 4294967295n],
  ];
  return {
    formula: "10000 * (completed + 1) / (completed + 3*failed + 2), floor",
    cases: pairs.map(([completed, failed]) => ({
      completed: Number(completed),
      failed: Number(failed),
      scoreBps: Number(reputationScoreBps({ completed, failed })),
    })),
  };
}

function payout() {
  const splits: Array<[bigint, bigint, bigint]> = [
    [8000n, 1500n, 500n],
    [9000n, 1000n, 0n],
    [5000n, 3000n, 2000n],
    [10000n, 0n, 0n],
  ];
  const rewards = [1n, 7n, 999n, 1000n, 12345n, 100n * CAL, 123_456_789_123n, 10n ** 18n];
  const cases = [];
  for (const [providerBps, treasuryBps, creatorBps] of splits)
    for (const reward of rewards)
      for (const hasCreator of [true, false]) {
        const p = computePayout({ reward, providerBps, treasuryBps, creatorBps, hasCreator });
        cases.push({
          reward: s(reward),
          providerBps: Number(providerBps),
          treasuryBps: Number(treasuryBps),
          creatorBps: Number(creatorBps),
          hasCreator,
          provider: s(p.provider),
          treasury: s(p.treasury),
          creator: s(p.creator),
        });
      }
  return { cases };
}

function slash() {
  const cases = [];
  for (const slashBps of [100n, 2000n, 3333n, 5000n, 10000n])
    for (const collateral of [0n, 1n, 3n, 1001n, 100n * CAL, 987_654_321_987n, 10n ** 18n]) {
      const r = computeSlash({ collateral, slashBps });
      cases.push({
        collateral: s(collateral),
        slashBps: Number(slashBps),
        slashed: s(r.slashed),
        toUser: s(r.toUser),
        toTreasury: s(r.toTreasury),
        unlocked: s(r.unlocked),
      });
    }
  return { cases };
}

function publicInputsVectors() {
  const addresses: UniversalAddress[] = [
    universalFromEvm("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
    universalFromEvm("0x0000000000000000000000000000000000000001"),
    universalFromSolana("11111111111111111111111111111111"),
    universalFromSolana("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"),
    universalFromTonRaw(`0:${"ff".repeat(32)}`),
    universalFromTonRaw(`0:${"83dfd552e63729b472fcbcc8c45ebcc6691702558b68ec7527e1ba403a0f31a8"}`),
  ];
  return {
    bn254Modulus: s(BN254_R),
    bls12381Modulus: s(BLS12_381_R),
    specHashBound: s(SPEC_HASH_BOUND),
    cases: addresses.map((universalAddress) => ({ universalAddress, providerField: s(providerField(universalAddress)) })),
  };
}

function parameters() {
  return Object.fromEntries(Object.entries(PARAMETERS).map(([k, v]) => [k, { default: s(v.default), min: s(v.min), max: s(v.max) }]));
}

// Development-only validator keys: never use outside tests.
const keys = [1n, 2n, 3n].map((i) => keccak_256(new TextEncoder().encode(`calctra-dev-validator-${i}`)));
const validators = keys
  .map((k) => {
    const pub = secp256k1.getPublicKey(k, false);
    const address = `0x${Buffer.from(keccak_256(pub.slice(1)).slice(12)).toString("hex")}`;
    return { privateKey: hex(k), address };
  })
  .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
const dstBridges: Record<number, UniversalAddress> = {
  [DOMAINS.localEvmHome]: universalFromEvm("0x5FbDB2315678afecb367f032d93F642f64180aa3"),
  [DOMAINS.localEvmSpoke]: universalFromEvm("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"),
  [DOMAINS.solana]: universalFromSolana("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"),
  [DOMAINS.ton]: universalFromTonRaw(`0:${"11".repeat(32)}`),
};

function signDigest(digest: Uint8Array) {
  return validators.map((v) => {
    const sig = secp256k1.sign(digest, BigInt(v.privateKey), { lowS: true });
    return { signer: v.address, signature: `${hex(sig.toCompactRawBytes())}${(27 + sig.recovery).toString(16)}` };
  });
}

function bridge() {
  const alice = universalFromEvm("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
  const bob = universalFromSolana("11111111111111111111111111111112");
  const carol = universalFromTonRaw(`0:${"22".repeat(32)}`);
  const messages: BridgeMessage[] = [
    {
      version: 1,
      srcDomain: DOMAINS.localEvmHome,
      dstDomain: DOMAINS.localEvmSpoke,
      nonce: 1n,
      sender: alice,
      recipient: alice,
      amount: 5n * CAL,
    },
    { version: 1, srcDomain: DOMAINS.localEvmSpoke, dstDomain: DOMAINS.solana, nonce: 1n, sender: alice, recipient: bob, amount: 1n },
    {
      version: 1,
      srcDomain: DOMAINS.solana,
      dstDomain: DOMAINS.ton,
      nonce: 0xffffffffffffffffn,
      sender: bob,
      recipient: carol,
      amount: 10n ** 18n,
    },
    {
      version: 1,
      srcDomain: DOMAINS.ton,
      dstDomain: DOMAINS.localEvmHome,
      nonce: 42n,
      sender: carol,
      recipient: alice,
      amount: 123_456_789n,
    },
  ];
  const cases = messages.map((m) => {
    const messageId = bridgeMessageId(m);
    const dstBridge = dstBridges[m.dstDomain]!;
    const digest = bridgeDigest({ dstDomain: m.dstDomain, dstBridge, messageId });
    const signatures = signDigest(digest);
    return {
      message: { ...m, nonce: s(m.nonce), amount: s(m.amount) },
      encoded: hex(encodeBridgeMessage(m)),
      messageId: hex(messageId),
      dstBridge,
      digest: hex(digest),
      signatures,
    };
  });
  return {
    layout: "version u8 | srcDomain u32 | dstDomain u32 | nonce u64 | sender bytes32 | recipient bytes32 | amount u64 (big-endian)",
    digest: 'keccak256("CALCTRA_BRIDGE_V1" | dstDomain u32 | dstBridge bytes32 | messageId)',
    signatureFormat: "r(32) | s(32, low-s) | v(1, 27/28); signers sorted strictly ascending by address",
    domains: DOMAINS,
    validators,
    cases,
  };
}

function governance() {
  return governanceVectors({ validators, dstBridges, signDigest });
}

/** Offer prices (DESIGN §5.1): every chain computes `price` from the terms at `at`. */
function offers() {
  const M = OFFER_U64_MAX;
  const raw: Array<[string, bigint, bigint, bigint, bigint, bigint]> = [
    // name, minReward, maxReward, rampStart, rampDuration, at
    ["before the ramp", 10n * CAL, 30n * CAL, 1_000n, 600n, 999n],
    ["at the ramp start", 10n * CAL, 30n * CAL, 1_000n, 600n, 1_000n],
    ["one second in", 10n * CAL, 30n * CAL, 1_000n, 600n, 1_001n],
    ["mid-ramp", 10n * CAL, 30n * CAL, 1_000n, 600n, 1_300n],
    ["mid-ramp, rounded down", 1n, 5n, 0n, 3n, 2n],
    ["mid-ramp, rounded down (large)", 7n, 100n, 50n, 7n, 53n],
    ["one second before the end", 10n * CAL, 30n * CAL, 1_000n, 600n, 1_599n],
    ["at the end of the ramp", 10n * CAL, 30n * CAL, 1_000n, 600n, 1_600n],
    ["after the ramp", 10n * CAL, 30n * CAL, 1_000n, 600n, 9_999_999n],
    ["fixed reward (min == max), mid-ramp", 25n * CAL, 25n * CAL, 1_000n, 600n, 1_300n],
    ["fixed reward (min == max), before", 25n * CAL, 25n * CAL, 1_000n, 600n, 0n],
    ["no ramp: max from the start", 10n * CAL, 30n * CAL, 1_000n, 0n, 1_000n],
    ["no ramp: min before the start", 10n * CAL, 30n * CAL, 1_000n, 0n, 999n],
    ["largest amounts, mid-ramp (128-bit product)", 1n, M, 0n, M - 1n, (M - 1n) / 2n],
    ["largest amounts, one second in", 1n, M, 0n, M - 1n, 1n],
    ["largest amounts, at the end", 1n, M, 0n, M - 1n, M - 1n],
    ["largest amounts, time at the u64 bound", 1n, M, 1n, M - 1n, M],
    ["largest reward, fixed", M, M, 0n, M, M],
  ];
  return {
    formula:
      "price(at) = minReward if at < rampStart (or at == rampStart and rampDuration > 0); maxReward if rampDuration == 0 or at >= rampStart + rampDuration; else minReward + (maxReward - minReward) * (at - rampStart) / rampDuration (floor)",
    bounds: "every field a u64; 0 < minReward <= maxReward; rampStart + rampDuration <= 2^64 - 1",
    cases: raw.map(([name, minReward, maxReward, rampStart, rampDuration, at]) => ({
      name,
      minReward: s(minReward),
      maxReward: s(maxReward),
      rampStart: s(rampStart),
      rampDuration: s(rampDuration),
      at: s(at),
      price: s(offerPrice({ minReward, maxReward, rampStart, rampDuration }, at)),
    })),
  };
}

/** Error groups raised off chain only (by the SDK, the agent, the services), kept out of errors.json. */
const OFF_CHAIN_ERROR_GROUPS: ReadonlySet<string> = new Set(["delivery", "agent", "service", "deployment", "input"]);
const files: Record<string, unknown> = {
  "reputation.json": reputation(),
  "payout.json": payout(),
  "slash.json": slash(),
  // The delivery, agent, service, deployment and input groups are raised off chain only: the chains' vectors hold the on-chain groups.
  "errors.json": Object.fromEntries(Object.entries(ERROR_NAMES).filter(([group]) => !OFF_CHAIN_ERROR_GROUPS.has(group))),
  "public-inputs.json": publicInputsVectors(),
  "parameters.json": parameters(),
  "bridge.json": bridge(),
  "governance.json": governance(),
  "offers.json": offers(),
  "replicas.json": replicaVectors(),
  "power.json": powerVectors(),
};

const check = process.argv.includes("--check");
mkdirSync(outDir, { recursive: true });
let stale = 0;
for (const [name, content] of Object.entries(files)) {
  const text = `${JSON.stringify(content, null, 2)}\n`;
  const path = join(outDir, name);
  if (check) {
    let current = "";
    try {
      current = readFileSync(path, "utf8");
    } catch {
      /* missing */
    }
    if (current !== text) {
      stale++;
      process.stderr.write(`stale vector file: test/vectors/${name}\n`);
    }
  } else writeFileSync(path, text);
}
if (check && stale > 0) process.exit(1);
process.stdout.write(check ? "test vectors are up to date\n" : `wrote ${Object.keys(files).length} vector files to test/vectors/\n`);
