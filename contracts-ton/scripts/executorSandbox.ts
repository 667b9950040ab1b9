// The TON bridge plus the spoke governance (contracts/executor) wired as in production: the executor administers
// the marketplace, staking and the bridge, and is the bridge's governance sender. Tests and the governance bench.
import type { Blockchain } from "@ton/sandbox";
import { toNano } from "@ton/core";
import { keccak_256 } from "@noble/hashes/sha3";
import { bridgeDigest, encodeGovernanceMessage, type GovernanceMessage, type UniversalAddress } from "@calctra/core";
import { compileTolk } from "../wrappers/compile";
import { Bridge, signatureChain, TON_DOMAIN, tonUniversal } from "../wrappers/Bridge";
import { byteSnake } from "../wrappers/ByteSnake";
import { Executor } from "../wrappers/Executor";
import { Marketplace, ROLE } from "../wrappers/Marketplace";
import { deployBridgeEnv, signSorted, toUniversal } from "./bridgeSandbox";
import type { Actor } from "./sandbox";

/** The hub governance's universal address in the vectors (an EVM address on the local home chain). */
export const HUB = "0x000000000000000000000000a513e6e4b8f2a923d98304ec87f64353c4d5c853" as UniversalAddress;

/** `hub`: the hub governance's universal address the executor obeys (default the vectors' {@link HUB}). */
export async function deployExecutorEnv(blockchain: Blockchain, executionDelay = 3600, hub: UniversalAddress = HUB) {
  const env = await deployBridgeEnv(blockchain);
  const relayer: Actor = await blockchain.treasury("relayer");
  const code = await compileTolk("executor/executor.tolk");
  const exec = blockchain.openContract(
    Executor.createFromConfig(
      {
        bridge: env.bridge.address,
        marketplace: env.marketplace.address,
        staking: env.staking.address,
        hubDomain: env.vectors.domains.localEvmHome!,
        hubAddress: BigInt(hub),
        deployer: env.deployer.address,
        executionDelay,
      },
      code,
    ),
  );
  await exec.sendDeploy(env.deployer.getSender());
  const d = env.deployer.getSender();
  await exec.sendRaw(
    d,
    Executor.body("ExecSetVaultWallet")
      .storeAddress(await env.minter.getWalletAddress(exec.address))
      .endCell(),
  );
  await env.marketplace.sendRaw(d, Marketplace.setRoleBody(ROLE.admin, exec.address));
  await env.staking.sendSetLinks(d, exec.address, env.marketplace.address, await env.minter.getWalletAddress(env.staking.address));
  await env.bridge.sendRaw(d, Bridge.setGovernanceBody(exec.address));
  await env.bridge.sendRaw(d, Bridge.addressBody("BridgeTransferAdmin", exec.address));
  await exec.sendRaw(relayer.getSender(), Executor.body("ExecClaimBridgeAdmin").endCell());

  let nonce = 1000n;
  /** Delivers a hub -> TON version-2 message to `recipient` (default: the executor) through the bridge. */
  const fromHub = (payload: GovernanceMessage["payload"], sender: UniversalAddress = hub, recipient = exec.address) => {
    const m: GovernanceMessage = {
      version: 2,
      srcDomain: env.vectors.domains.localEvmHome!,
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
