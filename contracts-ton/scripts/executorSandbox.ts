// The TON bridge plus the spoke governance (contracts/executor) wired as in production: the executor administers
// the marketplace, staking and the bridge, and is the bridge's governance sender. Tests and the governance bench.
import type { Blockchain } from "@ton/sandbox";
import { toNano } from "@ton/core";
import { keccak_256 } from "@noble/hashes/sha3";
import { bridgeDigest, encodeGovernanceMessage, type GovernanceMessage, type UniversalAddress } from "@calctra/core";
import { signatureChain, TON_DOMAIN, tonUniversal } from "../wrappers/Bridge";
import { byteSnake } from "../wrappers/ByteSnake";
import { deployGovernedBridgeEnv, type GovernedDeployOptions, RETENTION, signSorted, toUniversal } from "./bridgeSandbox";
import { type Actor, HUB } from "./sandbox";

export { HUB };

/**
 * The production shape (deployGovernedBridgeEnv: the executor administers the marketplace, staking and the bridge and
 * is the bridge's governance sender, 2 of the 3 dev validators) with a relayer and `fromHub`, which delivers a hub
 * message signed by the dev validators. `hub`: the hub governance's universal address the executor obeys (default
 * the vectors' {@link HUB}); `opts`: the guardian, the hub domain.
 */
export async function deployExecutorEnv(
  blockchain: Blockchain,
  executionDelay = 3600,
  hub: UniversalAddress = HUB,
  opts: Omit<GovernedDeployOptions, "hub" | "executionDelay"> = {},
) {
  const env = await deployGovernedBridgeEnv(blockchain, { retention: RETENTION, ...opts, executionDelay, hub });
  const relayer: Actor = await blockchain.treasury("relayer");
  const exec = env.executor;

  let nonce = 1000n;
  /** Delivers a hub -> TON version-2 message to `recipient` (default: the executor) through the bridge. */
  const fromHub = (payload: GovernanceMessage["payload"], sender: UniversalAddress = hub, recipient = exec.address) => {
    const m: GovernanceMessage = {
      version: 2,
      srcDomain: opts.hubDomain ?? env.vectors.domains.localEvmHome!,
      dstDomain: TON_DOMAIN,
      nonce: nonce++,
      sender,
      recipient: toUniversal(tonUniversal(recipient)),
      payload,
    };
    const bytes = encodeGovernanceMessage(m);
    const sigs = signSorted(
      bridgeDigest({ dstDomain: TON_DOMAIN, dstBridge: toUniversal(tonUniversal(env.bridge.address)), messageId: keccak_256(bytes) }),
      env.validatorKeys.slice(0, 2),
    );
    return env.bridge.sendDeliver(relayer.getSender(), byteSnake(bytes), signatureChain(sigs), toNano("0.2"));
  };
  return { ...env, exec, relayer, fromHub };
}
export type ExecutorEnv = Awaited<ReturnType<typeof deployExecutorEnv>>;
