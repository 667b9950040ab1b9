/**
 * A local four-chain bridge world for the demo and the tests, built from the SDK's local deployments: an embedded
 * EVM home (31337, BridgeVault administered by the timelock) and spoke (31338, BridgeMinter administered by the
 * spoke's timelock) from `local.ts`, the governed TON sandbox bridge from `local-ton.ts`, and the Solana production
 * layout on the native host (`startLocalSolana`: the governance PDA administers the bridge). Remote domains for the
 * route home → spoke → Solana → TON → home are enabled through each chain's governance:
 * - home: the spoke and TON, by two Governor proposals (propose, vote, queue, execute through the timelock);
 * - spoke: Solana, by a spoke Governor proposal — the spoke has no CAL of its own, so its deployer first receives the
 *   proposal threshold bridged from home (the spoke's own bootstrap: governance there votes with bridged CAL);
 * - Solana: the spoke and TON, by two governance proposals (`bridgeSetRemoteDomain`);
 * - TON: the home and Solana domains are installed by the governed deployment (contracts-ton/scripts/bridgeSandbox.ts
 *   `deployGovernedBridgeEnv`) before governance claims the bridge — no further action is needed.
 * Three in-process validators (development keys of test/vectors/bridge.json) watch the four sources and sign for the
 * four destinations; one relayer on a temporary SQLite store delivers to all four. Validators and relayer are driven
 * pass by pass (`sign`, `relay`), so a story is deterministic. Run from the repository root on Node 22 under tsx.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Transaction } from "@ton/core";
import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { pino } from "pino";
import { Relayer } from "@calctra/bridge";
import { SolanaDestination, SolanaSource, type SolanaDeliveryReceipt } from "@calctra/sdk/solana";
import { EvmSource } from "@calctra/sdk/evm";
import { SqliteRelayStore } from "@calctra/bridge";
import { TonSource } from "@calctra/sdk/ton";
import type { DestinationChain, SourceChain } from "@calctra/sdk/bridge";
import { Validator } from "@calctra/bridge";
import { universalFromEvm } from "@calctra/core";
import { DOMAINS } from "@calctra/core";
import { CAL } from "@calctra/core";
import type { BridgeMessage, Domain } from "@calctra/core";
import { EvmTokenClient } from "@calctra/sdk/evm";
import { startLocalSolana, type LocalSolanaWallet } from "./solana.js";
import { SolanaBridgeClient, SolanaTokenClient, solanaBridgeAddress } from "@calctra/sdk/solana";
import { TonBridgeClient } from "@calctra/sdk/ton";
import { summarizeTonTrace } from "@calctra/sdk/ton";
import { EvmBridgeClient, evmBridgeAbi } from "@calctra/sdk/evm";
import type { BridgeStatusReturnType, DestinationView } from "@calctra/sdk/bridge";
import {
  LOCAL_EVM_GOVERNANCE, developmentValidators, enableRemoteDomainByGovernance, startBridgeHome, startBridgeSpoke,
} from "./bridge-world.js";
import { governedTonDeployment, recordingTonDestination, startGovernedTonBridge, tonOutboundMessages } from "./ton-bridge.js";

/** Supply across the four chains (CAL base units): the invariant is `locked == spoke + solana + ton + inFlight`. */
export interface RouteSupply {
  /** CAL held by the home vault. */
  readonly locked: bigint;
  /** Total CAL supply on the spoke (only its minter mints). */
  readonly spoke: bigint;
  /** CAL minted on Solana by the bridge above the deployment baseline (governance deposit, dev mints). */
  readonly solana: bigint;
  /** CAL minted on TON by the bridge above the deployment baseline (governance votes). */
  readonly ton: bigint;
  /** Sent on any chain and not yet delivered on its destination. */
  readonly inFlight: bigint;
  readonly holds: boolean;
}

/** A message sent on one of the four chains, as its source recorded it. */
export interface RouteMessage {
  readonly messageId: Hex;
  readonly message: BridgeMessage;
}

/** What one relayer pass delivered, with the cost of each destination's delivery transactions. */
export interface RouteRelayReturnType {
  /** Transaction chains of TON deliveries (compute gas: `summarizeTonTrace`). */
  readonly tonDeliveries: readonly (readonly Transaction[])[];
  /** The Solana delivery transaction of this pass, when there was one. */
  readonly solanaDelivery?: SolanaDeliveryReceipt;
}

/** Costs of enabling the route through governance (EVM gas; Solana native-host compute units). */
export interface RouteSetupCosts {
  /** Gas of the two home proposals (spoke, TON). */
  readonly homeGas: bigint;
  /** Gas of the spoke bootstrap transfer's `send` on home, its relayed delivery on the spoke, and the spoke proposal (Solana). */
  readonly spokeGas: bigint;
  /** Compute units of the two Solana proposals (spoke, TON): propose, vote, queue, execute. */
  readonly solanaUnits: bigint;
}

/** Parameters of {@link startLocalRouteBridge}. */
export interface StartLocalRouteBridgeParameters {
  /** Signatures required on every bridge (default 2 of the 3 development validators; TON's deployment is 2 of 3). */
  readonly threshold?: number;
}

const HOME = DOMAINS.localEvmHome;
const SPOKE = DOMAINS.localEvmSpoke;
const SOLANA = DOMAINS.solana;
const TON = DOMAINS.ton;
const OPEN_LIMITS = { inboundCapacity: 1_000_000n * CAL, inboundRatePerSecond: 1_000n * CAL, outboundCapacity: 1_000_000n * CAL, outboundRatePerSecond: 1_000n * CAL };

/**
 * Starts the four chains, enables the route's remote domains through governance, and starts three validators and a
 * relayer. The world's users: `homeUser` (home `wallets[1]`), `spokeUser` (spoke `wallets[1]`), `solanaUser` (a
 * funded Solana wallet) and `tonUser` (a TON sandbox treasury).
 *
 * @example
 * ```ts
 * const w = await startLocalRouteBridge();
 * await w.fund(100n * CAL);
 * const sent = await w.homeClient(1).transfer({ dstDomain: 31338, recipient: w.spoke.wallets[1]!.account.address, amount: 100n * CAL });
 * await w.confirm(); await w.sign(); await w.relay();
 * console.log(await w.supply()); // { locked, spoke, solana, ton, inFlight, holds: true }
 * await w.close();
 * ```
 */
export async function startLocalRouteBridge(parameters: StartLocalRouteBridgeParameters = {}) {
  const threshold = parameters.threshold ?? 2;
  const confirmations = 1;
  const logger = pino({ level: "silent" });
  const keys = developmentValidators();

  // ── the four chains ──
  const ton = await startGovernedTonBridge();
  const { home, homeBridge } = await startBridgeHome({ threshold });
  const { spoke, spokeBridge } = await startBridgeSpoke({ homeBridge, threshold });
  const sol = await startLocalSolana({ threshold, homeBridge: universalFromEvm(homeBridge) });
  const cleanup: (() => Promise<void> | void)[] = [() => sol.close()];
  try {
    const solanaBridge = solanaBridgeAddress();
    const solanaUser = await sol.newWallet({ sol: 10n });
    const solanaRelayer = await sol.newWallet({ sol: 10n });

    // ── governance on home: the spoke and TON ──
    let homeGas = await enableRemoteDomainByGovernance({
      home, homeBridge, domain: SPOKE, remoteBridge: universalFromEvm(spokeBridge), description: `Enable the EVM spoke ${SPOKE} on the home vault`,
    });
    homeGas += await enableRemoteDomainByGovernance({ home, homeBridge, domain: TON, remoteBridge: ton.tonBridge, description: `Enable TON (${TON}) on the home vault` });

    // ── governance on Solana: the spoke (EVM recipients) and TON ──
    let solanaUnits = 0n;
    for (const [domain, bridge, evmRecipients] of [[SPOKE, universalFromEvm(spokeBridge), true], [TON, ton.tonBridge, false]] as const) {
      const r = await sol.passProposal({ action: { kind: "bridgeSetRemoteDomain", domain, bridge, evmRecipients, ...OPEN_LIMITS } });
      solanaUnits += [r.propose, r.castVote, r.queue, r.execute].reduce((a, x) => a + (x.cost ?? 0n), 0n);
    }

    // ── validators and relayer over the four chains ──
    const sources = (): { source: SourceChain; startBlock: bigint }[] => [
      { source: new EvmSource({ client: home.publicClient, bridge: homeBridge, domain: HOME, confirmations }), startBlock: 0n },
      { source: new EvmSource({ client: spoke.publicClient, bridge: spokeBridge, domain: SPOKE, confirmations }), startBlock: 0n },
      { source: new SolanaSource({ connection: sol.connection, commitment: "confirmed" }), startBlock: 1n },
      { source: new TonSource({ open: ton.open, bridge: ton.env.bridge.address, now: ton.now }), startBlock: 1n },
    ];
    const validators = keys.map((k) => new Validator({
      sources: sources(),
      destinations: new Map([[HOME, universalFromEvm(homeBridge)], [SPOKE, universalFromEvm(spokeBridge)], [SOLANA, solanaBridge], [TON, ton.tonBridge]]),
      account: privateKeyToAccount(k.privateKey), logger,
    }));
    cleanup.push(() => Promise.all(validators.map((v) => v.stop())).then(() => undefined));
    const validatorUrls = (await Promise.all(validators.map((v) => v.serve(0)))).map((port) => `http://127.0.0.1:${port}`);

    const homeClient = (i: number) => new EvmBridgeClient({ publicClient: home.publicClient, walletClient: home.wallets[i]!, bridge: homeBridge });
    const spokeClient = (i: number) => new EvmBridgeClient({ publicClient: spoke.publicClient, walletClient: spoke.wallets[i]!, bridge: spokeBridge });
    const solanaClient = (w: LocalSolanaWallet = solanaUser) => new SolanaBridgeClient(w.params);
    const tonDeployment = await governedTonDeployment(ton);
    /** The TON user's bridge client (jetton transfers to the TON bridge). */
    const tonClient = () => new TonBridgeClient({ open: ton.open, sender: ton.tonUser.getSender(), deployment: tonDeployment, now: ton.now });
    const solanaDestination = new SolanaDestination({ connection: sol.connection, payer: solanaRelayer.keypair, now: () => sol.now() });
    const { destination: tonDestination, deliveries } = recordingTonDestination(ton);
    const dir = mkdtempSync(join(tmpdir(), "calctra-sdk-route-bridge-"));
    const store = new SqliteRelayStore(join(dir, "relayer.sqlite"));
    cleanup.push(() => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const relayer = new Relayer({
      sources: sources(),
      destinations: new Map<number, DestinationChain>([
        [HOME, await homeClient(9).asDestination()], [SPOKE, await spokeClient(9).asDestination()],
        [SOLANA, solanaDestination], [TON, tonDestination],
      ]),
      validators: validatorUrls, store, logger, httpTimeoutMs: 2000, retry: { baseMs: 1, maxMs: 4 },
    });
    cleanup.push(() => relayer.stop());

    const confirm = async () => { await home.mine(confirmations); await spoke.mine(confirmations); };
    const sign = async (which: readonly number[] = [0, 1, 2]) => { for (const i of which) await validators[i]!.pollOnce(); };
    async function relay(): Promise<RouteRelayReturnType> {
      const from = deliveries.length;
      const before = solanaDestination.lastDelivery;
      await relayer.pollOnce();
      const after = solanaDestination.lastDelivery;
      return { tonDeliveries: deliveries.slice(from), ...(after && after !== before ? { solanaDelivery: after } : {}) };
    }

    // ── spoke governance: bootstrap votes with CAL bridged from home, then enable Solana ──
    const bootstrap = await homeClient(0).transfer({ dstDomain: SPOKE, recipient: spoke.wallets[0]!.account.address, amount: LOCAL_EVM_GOVERNANCE.proposalThreshold });
    await confirm();
    await sign();
    await relay();
    if (!(await spokeClient(0).isDelivered({ messageId: bootstrap.messageId }))) throw new Error("the spoke bootstrap transfer was not delivered");
    const bootstrapTx = (await store.get(bootstrap.messageId))?.transactionId as Hex | undefined;
    let spokeGas = bootstrap.cost + (bootstrap.approval?.cost ?? 0n) + (bootstrapTx ? (await spoke.publicClient.getTransactionReceipt({ hash: bootstrapTx })).gasUsed : 0n);
    spokeGas += await enableRemoteDomainByGovernance({
      home: spoke, homeBridge: spokeBridge, domain: SOLANA, remoteBridge: solanaBridge, description: `Enable Solana (${SOLANA}) on the spoke minter`,
    });

    // every chain reads back what governance enabled
    const remoteOf = (c: typeof home, bridge: Address, domain: number) => c.publicClient.readContract({ address: bridge, abi: evmBridgeAbi, functionName: "remoteBridge", args: [domain] });
    if ((await remoteOf(home, homeBridge, SPOKE)).toLowerCase() !== universalFromEvm(spokeBridge)) throw new Error("governance did not enable the spoke on home");
    if ((await remoteOf(home, homeBridge, TON)).toLowerCase() !== ton.tonBridge.toLowerCase()) throw new Error("governance did not enable TON on home");
    if ((await remoteOf(spoke, spokeBridge, SOLANA)).toLowerCase() !== solanaBridge.toLowerCase()) throw new Error("governance did not enable Solana on the spoke");

    const homeToken = new EvmTokenClient({ publicClient: home.publicClient, deployment: home.deployment, walletClient: home.wallets[0]! });
    const spokeToken = new EvmTokenClient({ publicClient: spoke.publicClient, deployment: spoke.deployment, walletClient: spoke.wallets[0]! });
    const solanaToken = new SolanaTokenClient(solanaUser.params);
    /** CAL minted on Solana outside the route (the governance council's deposit, minted by dev messages): not bridge supply. */
    const solanaBaseline = await solanaToken.totalSupply();

    const destinationOf: Record<number, () => Promise<DestinationView>> = {
      [HOME]: () => EvmBridgeClient.destinationView(homeClient(0)),
      [SPOKE]: () => EvmBridgeClient.destinationView(spokeClient(0)),
      [SOLANA]: () => EvmBridgeClient.destinationView(solanaDestination),
      [TON]: () => EvmBridgeClient.destinationView(tonDestination),
    };
    const isDelivered = async (m: RouteMessage) => (await destinationOf[m.message.dstDomain]?.())?.isDelivered(m.messageId) ?? false;

    /** Every message sent on every chain, re-derived from what its source recorded. */
    async function sent(): Promise<RouteMessage[]> {
      const out: RouteMessage[] = [];
      for (const [c, bridge, domain] of [[home, homeBridge, HOME], [spoke, spokeBridge, SPOKE]] as const) {
        const logs = await c.publicClient.getContractEvents({ address: bridge, abi: evmBridgeAbi, eventName: "MessageSent", fromBlock: 0n, strict: true });
        for (const l of logs) {
          out.push({ messageId: l.args.messageId, message: {
            version: 1, srcDomain: domain, dstDomain: l.args.dstDomain, nonce: l.args.nonce, sender: l.args.sender, recipient: l.args.recipient, amount: l.args.amount,
          } });
        }
      }
      const source = new SolanaSource({ connection: sol.connection, commitment: "confirmed" });
      for (let from = 1n; ;) {
        const scan = await source.scan(from);
        if (!scan) break;
        if (scan.rejected.length) throw new Error(`Solana outbound messages do not re-derive: ${scan.rejected.join(", ")}`);
        out.push(...scan.messages.map((m) => ({ messageId: m.messageId, message: m.message })));
        from = scan.toBlock + 1n;
      }
      out.push(...(await tonOutboundMessages(ton)));
      return out;
    }

    /** locked on home; minted on the spoke, Solana and TON (above their baselines); in flight on every route. */
    async function supply(): Promise<RouteSupply> {
      const locked = await homeToken.balanceOf({ owner: homeBridge });
      const spokeMinted = await spokeToken.totalSupply();
      const solana = (await solanaToken.totalSupply()) - solanaBaseline;
      const tonMinted = (await ton.env.minter.getTotalSupply()) - ton.supplyBaseline;
      let inFlight = 0n;
      for (const m of await sent()) if (!(await isDelivered(m))) inFlight += m.message.amount;
      return { locked, spoke: spokeMinted, solana, ton: tonMinted, inFlight, holds: locked === spokeMinted + solana + tonMinted + inFlight };
    }

    /**
     * A message's state through its source chain's SDK bridge client (`EvmBridgeClient`, `SolanaBridgeClient`,
     * `TonBridgeClient`), with the destination's view.
     */
    async function status(messageId: Hex): Promise<BridgeStatusReturnType> {
      const m = (await sent()).find((x) => x.messageId === messageId);
      if (!m) throw new Error(`no message ${messageId} on the four chains`);
      const destination = await destinationOf[m.message.dstDomain]?.();
      if (!destination) throw new Error(`message ${messageId} is for domain ${m.message.dstDomain}, outside the route`);
      const src = m.message.srcDomain;
      if (src === HOME || src === SPOKE) {
        const plain = m.message.dstDomain === HOME ? homeClient(0) : m.message.dstDomain === SPOKE ? spokeClient(0) : m.message.dstDomain === SOLANA ? solanaDestination : tonDestination;
        return (src === HOME ? homeClient(0) : spokeClient(0)).status({ messageId, validators: validatorUrls, destination: plain });
      }
      if (src === SOLANA) {
        const plain = m.message.dstDomain === HOME ? homeClient(0) : m.message.dstDomain === SPOKE ? spokeClient(0) : tonDestination;
        return solanaClient().status({ messageId, validators: validatorUrls, destination: plain });
      }
      const plain = m.message.dstDomain === HOME ? homeClient(0) : m.message.dstDomain === SPOKE ? spokeClient(0) : solanaDestination;
      return tonClient().status({ messageId, validators: validatorUrls, destination: plain });
    }

    return {
      home, spoke, sol, ton, homeBridge, spokeBridge, solanaBridge, tonBridge: ton.tonBridge,
      homeUser: home.wallets[1]!, spokeUser: spoke.wallets[1]!, solanaUser, tonUser: ton.tonUser,
      validators, validatorUrls, relayer, solanaDestination, tonDestination,
      /** Gas and compute units of enabling the route through governance. */
      setupCosts: { homeGas, spokeGas, solanaUnits } satisfies RouteSetupCosts,
      homeClient, spokeClient, solanaClient, tonClient, status, supply, sent, confirm, sign, relay,
      /** Moves `amount` CAL of the home supply (deployer) to `to` (default the home user). */
      fund: (amount: bigint, to: Address = home.wallets[1]!.account.address) => homeToken.transfer({ to, amount }),
      /** The transaction with which the relayer delivered `messageId` (EVM hash, Solana signature, TON hash), or null. */
      relayedBy: async (messageId: Hex): Promise<string | null> => (await store.get(messageId))?.transactionId ?? null,
      /** The relayer's own record of a message ("signed 2/3", "delivered", "failed: …"). */
      relayerStatus: (messageId: Hex): string | undefined => relayer.status(messageId),
      /** Gas of an EVM transaction on home or the spoke. */
      evmGas: async (domain: Domain, hash: Hex): Promise<bigint> => (await (domain === HOME ? home : spoke).publicClient.getTransactionReceipt({ hash })).gasUsed,
      /** Compute gas of a TON transaction chain. */
      tonGas: (chain: readonly Transaction[]): bigint => summarizeTonTrace({ transactions: chain }).cost,
      /** CAL balances of the four users. */
      async balances(): Promise<{ home: bigint; spoke: bigint; solana: bigint; ton: bigint }> {
        return {
          home: await homeToken.balanceOf({ owner: home.wallets[1]!.account.address }),
          spoke: await spokeToken.balanceOf({ owner: spoke.wallets[1]!.account.address }),
          solana: await solanaToken.balanceOf({ owner: solanaUser.address }),
          ton: await ton.env.balanceOf(ton.tonUser.address),
        };
      },
      async close(): Promise<void> {
        for (const c of cleanup.splice(0).reverse()) await c();
      },
    };
  } catch (e) {
    for (const c of cleanup.reverse()) await c();
    throw e;
  }
}

/** A running local four-chain route bridge world. */
export type LocalRouteBridge = Awaited<ReturnType<typeof startLocalRouteBridge>>;
