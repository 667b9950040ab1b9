/**
 * EVM ↔ TON test world: an embedded EDR chain (EVM home 31337: CAL + BridgeVault with the TON domain enabled,
 * the TON bridge's 32-byte account id as its remote) and a @ton/sandbox chain with the governed TON bridge
 * (contracts-ton/scripts/bridgeSandbox.ts deployGovernedBridgeEnv: governance is the bridge admin, the bridge
 * is the CAL minter's admin, the 3 dev validators 2-of-3, the EVM home domain enabled). Three validators
 * (the vectors' dev keys) watch both sources and sign for both destinations; a relayer factory with SQLite.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toNano, type Address as TonAddress } from "@ton/core";
import { parseEventLogs, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { CAL, HOME, createChain, deployHome, openLimits, validatorKeys } from "../../contracts-evm/test/bridge/helpers.js";
import { startGovernedTonBridge } from "@calctra/devnet/ton-bridge";
import { DOMAINS, universalFromEvm } from "@calctra/core";
import { bridgeVaultAbi as bridgeAbi } from "@calctra/sdk/evm";
import { EvmDestination } from "@calctra/sdk/evm";
import { Relayer } from "../src/relayer.js";
import { EvmSource } from "@calctra/sdk/evm";
import { SqliteRelayStore } from "../src/store.js";
import { TonDestination, TonSource, deriveTonMessage, tonUniversalAddress } from "@calctra/sdk/ton";
import type { DestinationChain } from "@calctra/sdk/bridge";
import { Validator } from "../src/validator.js";
import { silent } from "./world.js";

export { CAL, HOME };
export const TON = DOMAINS.ton;

export async function createTonWorld() {
  // the governed TON sandbox bridge, started exactly as the SDK's local worlds start it
  const { blockchain, env: t, wrapper, tonBridge, supplyBaseline, tonUser, tonRelayer, now, open } = await startGovernedTonBridge();

  const home = await createChain(HOME);
  const h = await deployHome(home, { domain: TON, bridge: home.wallets[0]!.account.address });
  // the TON domain's remote is the TON bridge's 32-byte account id (the deployer is the home admin in this fixture)
  await h.bridge.write.setRemoteDomain([TON, { ...openLimits(h.bridge.address), bridge: tonBridge }]);
  const user = home.wallets[1]!;
  await h.token.write.transfer([user.account.address, 1_000_000n * CAL]);
  await h.token.write.approve([h.bridge.address, 2n ** 64n - 1n], { account: user.account });

  const confirmations = 1;
  const homeSource = () => new EvmSource({ client: home.publicClient as unknown as PublicClient, bridge: h.bridge.address, domain: HOME, confirmations });
  const tonSource = () => new TonSource({ open, bridge: t.bridge.address, now });
  const validators = validatorKeys.map((k) => new Validator({
    sources: [{ source: homeSource(), startBlock: 0n }, { source: tonSource(), startBlock: 1n }],
    destinations: new Map([[TON, tonBridge], [HOME, universalFromEvm(h.bridge.address)]]),
    account: privateKeyToAccount(k), logger: silent,
  }));
  const urls = (await Promise.all(validators.map((v) => v.serve(0)))).map((p) => `http://127.0.0.1:${p}`);

  const tonDestination = () => new TonDestination({ open, bridge: t.bridge.address, sender: tonRelayer.getSender(), now });
  const homeDestination = () => new EvmDestination({
    domain: HOME, bridge: h.bridge.address, publicClient: home.publicClient as unknown as PublicClient, walletClient: home.wallets[9]! as never,
  });
  const dir = mkdtempSync(join(tmpdir(), "calctra-ton-bridge-"));
  function relayer(storeFile = "relayer.sqlite") {
    const store = new SqliteRelayStore(join(dir, storeFile));
    const r = new Relayer({
      sources: [{ source: homeSource(), startBlock: 0n }, { source: tonSource(), startBlock: 1n }],
      destinations: new Map<number, DestinationChain>([[TON, tonDestination()], [HOME, homeDestination()]]),
      validators: urls, store, logger: silent, httpTimeoutMs: 1000, retry: { baseMs: 1, maxMs: 4 },
    });
    return { relayer: r, store };
  }

  /** Locks `amount` on home for `to` (a TON account) on TON; returns the messageId. */
  async function sendHome(amount: bigint, to: TonAddress = tonUser.address): Promise<Hex> {
    const hash = await h.bridge.write.send([TON, tonUniversalAddress(to), amount], { account: user.account });
    const receipt = await home.publicClient.waitForTransactionReceipt({ hash });
    return parseEventLogs({ abi: bridgeAbi, logs: receipt.logs, eventName: "MessageSent" })[0]!.args.messageId;
  }

  /** The TON user sends `amount` CAL back through the TON bridge (burn + outbound message) to `to` on home. */
  async function sendTon(amount: bigint, to: Address = user.account.address) {
    const wallet = await t.walletOf(tonUser.address);
    await wallet.sendTransfer(tonUser.getSender(), amount, t.bridge.address, {
      forwardTonAmount: toNano("0.15"), forwardPayload: wrapper.bridgeSendPayload(HOME, BigInt(to)), responseAddress: tonUser.address,
    });
  }

  /** Every validator scans once. */
  async function sign() {
    for (const v of validators) await v.pollOnce();
  }

  /** locked on home; CAL minted on TON by the bridge (total supply above the deployment baseline); in flight both ways. */
  async function supply() {
    const locked = await h.token.read.balanceOf([h.bridge.address]);
    const minted = (await t.minter.getTotalSupply()) - supplyBaseline;
    let inFlight = 0n;
    const sent = await home.publicClient.getContractEvents({ address: h.bridge.address, abi: bridgeAbi, eventName: "MessageSent", fromBlock: 0n, strict: true });
    for (const l of sent) if (!(await t.bridge.getIsDelivered(BigInt(l.args.messageId)))) inFlight += l.args.amount;
    for (let nonce = 1n; ; nonce++) {
      const raw = await t.bridge.getOutboundMessage(nonce);
      if (!raw) break;
      const id = deriveTonMessage(nonce, raw);
      if ("rejected" in id) throw new Error(`TON outbound message ${nonce} does not re-derive`);
      if (!(await h.bridge.read.isDelivered([id.messageId]))) inFlight += id.message.amount;
    }
    return { locked, minted, inFlight };
  }

  async function close() {
    await Promise.all(validators.map((v) => v.stop()));
  }

  return {
    blockchain, t, tonBridge, tonUser, tonRelayer, open, now, home, h, user, validators, urls, relayer, tonDestination, tonSource,
    sendHome, sendTon, sign, supply, close, confirmations,
  };
}
export type TonWorld = Awaited<ReturnType<typeof createTonWorld>>;
