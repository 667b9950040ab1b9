/**
 * The local four-chain route world of the demo, the benchmark and the tests: an embedded EVM home (31337, BridgeVault
 * administered by the timelock) and spoke (31338, BridgeMinter administered by the spoke's timelock), the Solana
 * production layout on the native host (the governance PDA administers the bridge) and the governed TON sandbox
 * bridge, each from its building block. Remote domains for the route home → spoke → Solana → TON → home are enabled
 * through each chain's governance:
 * - home: the spoke and TON, by two Governor proposals (propose, vote, queue, execute through the timelock);
 * - spoke: Solana, through the spoke's timelock (its proposer is the spoke's governance placeholder, the deployer; the
 *   spoke has no Governor, DESIGN §7), after a first transfer home → spoke to the deployer (the spoke's bootstrap CAL);
 * - Solana: the spoke and TON, by two governance proposals (`bridgeSetRemoteDomain`);
 * - TON: the home and Solana domains are installed by the governed deployment (contracts-ton/scripts/bridgeSandbox.ts
 *   `deployGovernedBridgeEnv`) before the spoke executor (TON's governance, obeying the hub) claims the bridge — no
 *   further action is needed.
 * With `admin: "deployer"` the deployers administer the EVM and Solana bridges and enable the route directly (no
 * proposals, no spoke bootstrap: every supply starts at zero). The three development validators watch the four
 * sources and sign for the four destinations; one relayer on SQLite delivers to all four (`world.ts`). Validators and
 * relayer are driven pass by pass (`sign`, `relay`), so a story is deterministic. Run from the repository root on
 * Node 22 under tsx.
 */
import type { Transaction } from "@ton/core";
import type { Address, Hex } from "viem";
import { DOMAINS, type Domain } from "@calctra/core";
import type { SolanaDeliveryReceipt, SolanaDestination } from "@calctra/sdk/solana";
import { summarizeTonTrace, type TonDestination } from "@calctra/sdk/ton";
import { LOCAL_EVM_GOVERNANCE, evmBridgeChain, startBridgeHome, startBridgeSpoke } from "./evm-bridge.js";
import { solanaBridgeChain } from "./solana-bridge.js";
import { startLocalSolana, type LocalSolanaWallet } from "./solana.js";
import { startGovernedTonBridge, tonBridgeChain } from "./ton-bridge.js";
import { startBridgeWorld, type BridgeAdmin, type WorldRelayerParameters } from "./world.js";

export type { RouteMessage } from "./world.js";

/** Supply across the four chains (CAL base units): the invariant is `locked == spoke + solana + ton + inFlight`. */
export interface RouteSupply {
  /** CAL held by the home vault. */
  readonly locked: bigint;
  /** Total CAL supply on the spoke (only its minter mints). */
  readonly spoke: bigint;
  /** CAL minted on Solana by the bridge (development mints, e.g. the governance deposit, excluded). */
  readonly solana: bigint;
  /** CAL minted on TON by the bridge (above the deployment baseline, zero since TON governance is the executor). */
  readonly ton: bigint;
  /** Sent on any chain and not yet delivered on its destination. */
  readonly inFlight: bigint;
  readonly holds: boolean;
}

/** What one relayer pass delivered, with the cost of each destination's delivery transactions. */
export interface RouteRelayReturnType {
  /** Transaction chains of TON deliveries (compute gas: `summarizeTonTrace`). */
  readonly tonDeliveries: readonly (readonly Transaction[])[];
  /** The Solana delivery transaction of this pass, when there was one. */
  readonly solanaDelivery?: SolanaDeliveryReceipt;
}

/** Costs of enabling the route (EVM gas; Solana native-host compute units). */
export interface RouteSetupCosts {
  /** Gas of enabling the spoke and TON on home (two proposals, or two direct calls). */
  readonly homeGas: bigint;
  /** Gas of the spoke bootstrap transfer's `send` on home, its relayed delivery on the spoke, and enabling Solana there. */
  readonly spokeGas: bigint;
  /** Compute units of the two Solana proposals (spoke, TON): propose, vote, queue, execute. */
  readonly solanaUnits: bigint;
}

/** Parameters of {@link startLocalRouteBridge}. */
export interface StartLocalRouteBridgeParameters {
  /** Signatures required on the EVM and Solana bridges (default 2 of the 3 development validators; TON's deployment is 2 of 3). */
  readonly threshold?: number;
  /** Who administers the EVM and Solana bridges and enables the route (default "governance"). */
  readonly admin?: BridgeAdmin;
  /** Defaults of every relayer of the world (HTTP timeout, batch size). */
  readonly relayer?: WorldRelayerParameters;
}

const HOME = DOMAINS.localEvmHome;
const SPOKE = DOMAINS.localEvmSpoke;
const SOLANA = DOMAINS.solana;

/**
 * Starts the four chains, enables the route's remote domains, and starts three validators and a relayer. The world's
 * users: `homeUser` (home `wallets[1]`), `spokeUser` (spoke `wallets[1]`), `solanaUser` (a funded Solana wallet) and
 * `tonUser` (a TON sandbox treasury).
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
export async function startLocalRouteBridge({
  threshold = 2,
  admin = "governance",
  relayer: relayerDefaults,
}: StartLocalRouteBridgeParameters = {}) {
  const confirmations = 1;
  const ton = await tonBridgeChain(await startGovernedTonBridge());
  const { home: homeEvm, homeBridge } = await startBridgeHome({ threshold });
  const { spoke: spokeEvm, spokeBridge } = await startBridgeSpoke({ homeBridge, threshold });
  const home = await evmBridgeChain(homeEvm, { name: "EVM home", confirmations, admin });
  const spoke = await evmBridgeChain(spokeEvm, { name: "EVM spoke", confirmations, admin });
  const solana = await solanaBridgeChain(await startLocalSolana({ threshold, homeBridge: home.universal, bridgeAdmin: admin }), { admin });
  let homeGas: bigint;
  let solanaUnits: bigint;
  try {
    homeGas = (await home.enableRemote(spoke, admin)) + (await home.enableRemote(ton, admin));
    solanaUnits = (await solana.enableRemote(spoke, admin)) + (await solana.enableRemote(ton, admin));
  } catch (e) {
    await solana.close();
    throw e;
  }
  // from here on the world closes the chains, also when it fails to start
  const world = await startBridgeWorld({ chains: [home, spoke, solana, ton], ...(relayerDefaults ? { relayer: relayerDefaults } : {}) });
  const solanaDestination = world.destinations.get(SOLANA) as SolanaDestination;
  const tonDestination = world.destinations.get(DOMAINS.ton) as TonDestination;
  async function relay(): Promise<RouteRelayReturnType> {
    const from = ton.deliveries.length;
    const before = solanaDestination.lastDelivery;
    await world.relay();
    const after = solanaDestination.lastDelivery;
    return { tonDeliveries: ton.deliveries.slice(from), ...(after && after !== before ? { solanaDelivery: after } : {}) };
  }

  try {
    // ── spoke: CAL bridged from home to the deployer (its bootstrap), then its timelock enables Solana ──
    let spokeGas = 0n;
    if (admin === "governance") {
      const bootstrap = await home
        .client(0)
        .transfer({ dstDomain: SPOKE, recipient: spoke.wallets[0]!.account.address, amount: LOCAL_EVM_GOVERNANCE.proposalThreshold });
      await world.confirm();
      await world.sign();
      await relay();
      if (!(await spoke.isDelivered(bootstrap.messageId))) throw new Error("the spoke bootstrap transfer was not delivered");
      const bootstrapTx = world.relayedBy(bootstrap.messageId) as Hex | null;
      spokeGas =
        bootstrap.cost +
        (bootstrap.approval?.cost ?? 0n) +
        (bootstrapTx ? (await spoke.publicClient.getTransactionReceipt({ hash: bootstrapTx })).gasUsed : 0n);
    }
    spokeGas += await spoke.enableRemote(solana, admin);

    // every EVM chain reads back what was enabled
    for (const [c, remote] of [
      [home, spoke],
      [home, ton],
      [spoke, solana],
    ] as const) {
      const enabled = await c.bridgeContract.read.remoteBridge([remote.domain]);
      if (enabled.toLowerCase() !== remote.universal.toLowerCase()) throw new Error(`${remote.name} was not enabled on ${c.name}`);
    }

    return {
      ...world,
      home,
      spoke,
      solana,
      ton,
      homeBridge,
      spokeBridge,
      solanaBridge: solana.universal,
      tonBridge: ton.tonBridge,
      homeUser: home.user,
      spokeUser: spoke.user,
      solanaUser: solana.user,
      tonUser: ton.tonUser,
      solanaDestination,
      tonDestination,
      relay,
      /** Gas and compute units of enabling the route. */
      setupCosts: { homeGas, spokeGas, solanaUnits } satisfies RouteSetupCosts,
      homeClient: home.client,
      spokeClient: spoke.client,
      solanaClient: (w: LocalSolanaWallet = solana.user) => solana.client(w),
      /** The TON user's bridge client (jetton transfers to the TON bridge). */
      tonClient: ton.client,
      /** locked on home; minted on the spoke, Solana and TON (by the bridge); in flight on every route. */
      async supply(): Promise<RouteSupply> {
        const [locked, spokeMinted, solanaMinted, tonMinted, inFlight] = [
          await home.bridged(),
          await spoke.bridged(),
          await solana.bridged(),
          await ton.bridged(),
          await world.inFlight(),
        ];
        return {
          locked,
          spoke: spokeMinted,
          solana: solanaMinted,
          ton: tonMinted,
          inFlight,
          holds: locked === spokeMinted + solanaMinted + tonMinted + inFlight,
        };
      },
      /** Moves `amount` CAL of the home supply (deployer) to `to` (default the home user). */
      fund: (amount: bigint, to: Address = home.user.account.address) => home.tokenClient(0).transfer({ to, amount }),
      /** The transaction with which the relayer delivered `messageId` (EVM hash, Solana signature, TON hash), or null. */
      relayedBy: async (messageId: Hex): Promise<string | null> => world.relayedBy(messageId),
      /** Gas of an EVM transaction on home or the spoke. */
      evmGas: async (domain: Domain, hash: Hex): Promise<bigint> =>
        (await (domain === HOME ? home : spoke).publicClient.getTransactionReceipt({ hash })).gasUsed,
      /** Compute gas of a TON transaction chain. */
      tonGas: (chain: readonly Transaction[]): bigint => summarizeTonTrace({ transactions: chain }).cost,
      /** CAL balances of the four users. */
      async balances(): Promise<{ home: bigint; spoke: bigint; solana: bigint; ton: bigint }> {
        return {
          home: await home.tokenClient(0).balanceOf({ owner: home.user.account.address }),
          spoke: await spoke.tokenClient(0).balanceOf({ owner: spoke.user.account.address }),
          solana: await solana.balanceOf(solana.user.publicKey),
          ton: await ton.env.balanceOf(ton.tonUser.address),
        };
      },
    };
  } catch (e) {
    await world.close();
    throw e;
  }
}

/** A running local four-chain route bridge world. */
export type LocalRouteBridge = Awaited<ReturnType<typeof startLocalRouteBridge>>;
