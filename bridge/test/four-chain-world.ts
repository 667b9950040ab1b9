/**
 * Four chains, one bridge: the EVM world of `world.ts` (home 31337 with the vault, spoke 31338 with the minter),
 * the governed TON sandbox bridge of `ton-world.ts`, and the Solana bridge of `solana-world.ts` on the in-process
 * Solana host — composed by import. Remote domains are enabled for the route home → spoke → Solana → TON → home
 * (home: spoke, TON; spoke: home, Solana; Solana: spoke, TON; TON: home and Solana as deployed). Three validators
 * (the vectors' dev keys) watch all four sources and sign for all four destinations; a relayer with SQLite
 * delivers to all four.
 */
import { join } from "node:path";
import type { Address as TonAddress } from "@ton/core";
import { parseEventLogs, type Hex, type PublicClient, type TransactionReceipt } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { openLimits, validatorKeys } from "../../contracts-evm/test/bridge/helpers.js";
import { DOMAINS, universalFromEvm } from "@calctra/core";
import { bridgeVaultAbi as bridgeAbi } from "@calctra/sdk/evm";
import { Relayer } from "../src/relayer.js";
import { solanaUniversalAddress } from "@calctra/sdk/solana";
import { EvmSource } from "@calctra/sdk/evm";
import { SqliteRelayStore } from "../src/store.js";
import { tonUniversalAddress } from "@calctra/sdk/ton";
import type { DestinationChain, SourceChain } from "@calctra/sdk/bridge";
import { Validator } from "../src/validator.js";
import { deploySolanaBridge, solanaOutbound, startSolanaHost } from "./solana-world.js";
import { createTonWorld } from "./ton-world.js";
import { CAL, HOME, SPOKE, createWorld, silent } from "./world.js";

export { CAL, HOME, SPOKE };
export const SOLANA = DOMAINS.solana;
export const TON = DOMAINS.ton;

export async function createFourChainWorld() {
  const w = await createWorld();
  const tw = await createTonWorld();
  const host = await startSolanaHost();
  const solanaU = solanaUniversalAddress(host.programIds.bridge);
  const tonBridge = tw.tonBridge;
  const sol = await deploySolanaBridge(host, [
    { domain: SPOKE, bridge: universalFromEvm(w.s.bridge.address), evmRecipients: true },
    { domain: TON, bridge: tonBridge, evmRecipients: false },
  ]);
  // home accepts TON (the last hop); the spoke sends to Solana (the second hop); the deployer is admin of both
  await w.h.bridge.write.setRemoteDomain([TON, { ...openLimits(w.h.bridge.address), bridge: tonBridge }]);
  await w.s.bridge.write.setRemoteDomain([SOLANA, { ...openLimits(w.s.bridge.address), bridge: solanaU }]);
  /** CAL minted on TON outside the bridge (the deployment's governance votes): not bridge supply. */
  const tonBaseline = await tw.t.minter.getTotalSupply();

  const { confirmations } = w;
  const sources = (): { source: SourceChain; startBlock: bigint }[] => [
    { source: new EvmSource({ client: w.home.publicClient as unknown as PublicClient, bridge: w.h.bridge.address, domain: HOME, confirmations }), startBlock: 0n },
    { source: new EvmSource({ client: w.spoke.publicClient as unknown as PublicClient, bridge: w.s.bridge.address, domain: SPOKE, confirmations }), startBlock: 0n },
    { source: sol.source(), startBlock: 1n },
    { source: tw.tonSource(), startBlock: 1n },
  ];
  const validators = validatorKeys.map((k) => new Validator({
    sources: sources(),
    destinations: new Map([
      [HOME, universalFromEvm(w.h.bridge.address)], [SPOKE, universalFromEvm(w.s.bridge.address)], [SOLANA, solanaU], [TON, tonBridge],
    ]),
    account: privateKeyToAccount(k), logger: silent,
  }));
  const urls = (await Promise.all(validators.map((v) => v.serve(0)))).map((p) => `http://127.0.0.1:${p}`);
  const destinations = () => {
    const m = new Map<number, DestinationChain>(w.destinations());
    m.set(SOLANA, sol.destination());
    m.set(TON, tw.tonDestination());
    return m;
  };
  function relayer(storeFile = "four-chain.sqlite") {
    const store = new SqliteRelayStore(join(w.dir, storeFile));
    const r = new Relayer({
      sources: sources(), destinations: destinations(), validators: urls, store, logger: silent, httpTimeoutMs: 1000, retry: { baseMs: 1, maxMs: 4 },
    });
    return { relayer: r, store };
  }

  /** Every validator scans once (after the EVM chains are mined past the confirmation depth). */
  async function sign() {
    await w.mineBoth();
    for (const v of validators) await v.pollOnce();
  }

  const messageIdOf = (receipt: TransactionReceipt): Hex =>
    parseEventLogs({ abi: bridgeAbi, logs: receipt.logs, eventName: "MessageSent" })[0]!.args.messageId;

  /** The spoke user burns `amount` on the spoke for `to` (a Solana wallet) on Solana. */
  async function sendSpokeToSolana(amount: bigint, to = sol.solUser.publicKey): Promise<Hex> {
    const hash = await w.s.bridge.write.send([SOLANA, solanaUniversalAddress(to), amount], { account: w.spokeUser.account });
    return messageIdOf(await w.spoke.publicClient.waitForTransactionReceipt({ hash }));
  }
  /** The Solana user burns `amount` on Solana for `to` (a TON account) on TON; returns the message id. */
  async function sendSolanaToTon(amount: bigint, to: TonAddress = tw.tonUser.address): Promise<Hex> {
    const nonce = await sol.send(TON, tonUniversalAddress(to), amount);
    const m = (await solanaOutbound(sol)).find((x) => x.message.nonce === nonce);
    if (!m) throw new Error(`Solana outbound message ${nonce} not found`);
    return m.messageId;
  }
  /** The TON user burns `amount` through the TON bridge for the home user; returns the message id. */
  async function sendTonToHome(amount: bigint): Promise<Hex> {
    await tw.sendTon(amount, w.user.account.address);
    const scan = await tw.tonSource().scan(1n);
    const last = scan?.messages.at(-1);
    if (!last) throw new Error("TON outbound message not found");
    return last.messageId;
  }

  /** Whether a message is recorded delivered on its destination domain. */
  const isDelivered: Record<number, (id: Hex) => Promise<boolean>> = {
    [HOME]: (id) => w.h.bridge.read.isDelivered([id]),
    [SPOKE]: (id) => w.s.bridge.read.isDelivered([id]),
    [SOLANA]: (id) => sol.destination().isDelivered(id),
    [TON]: (id) => tw.tonDestination().isDelivered(id),
  };

  /** Every message sent on every chain, re-derived: { id, dst, amount }. */
  async function sent() {
    const out: { id: Hex; src: number; dst: number; amount: bigint }[] = [];
    for (const [src, client, address] of [[HOME, w.home.publicClient, w.h.bridge.address], [SPOKE, w.spoke.publicClient, w.s.bridge.address]] as const) {
      const logs = await client.getContractEvents({ address, abi: bridgeAbi, eventName: "MessageSent", fromBlock: 0n, strict: true });
      for (const l of logs) out.push({ id: l.args.messageId, src, dst: l.args.dstDomain, amount: l.args.amount });
    }
    for (const m of await solanaOutbound(sol)) out.push({ id: m.messageId, src: SOLANA, dst: m.message.dstDomain, amount: m.message.amount });
    const ton = await tw.tonSource().scan(1n);
    if (ton?.rejected.length) throw new Error("TON outbound messages do not re-derive");
    for (const m of ton?.messages ?? []) out.push({ id: m.messageId, src: TON, dst: m.message.dstDomain, amount: m.message.amount });
    return out;
  }

  /** locked on home; minted by the bridge on the spoke, Solana and TON; in flight (sent, not delivered on the destination). */
  async function supply() {
    const locked = await w.h.token.read.balanceOf([w.h.bridge.address]);
    const spoke = await w.s.token.read.totalSupply();
    const solana = await sol.minted();
    const ton = (await tw.t.minter.getTotalSupply()) - tonBaseline;
    let inFlight = 0n;
    for (const m of await sent()) if (!(await isDelivered[m.dst]!(m.id))) inFlight += m.amount;
    return { locked, spoke, solana, ton, inFlight };
  }

  async function close() {
    await Promise.all(validators.map((v) => v.stop()));
    await w.close();
    await tw.close();
    host.close();
  }

  return {
    w, tw, sol, host, validators, urls, relayer, sign, sendSpokeToSolana, sendSolanaToTon, sendTonToHome, isDelivered, sent, supply, close,
  };
}
export type FourChainWorld = Awaited<ReturnType<typeof createFourChainWorld>>;
