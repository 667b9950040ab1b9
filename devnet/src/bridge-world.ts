/**
 * The local two-chain bridge world of the demo and the tests: an embedded EVM home (31337: suite + BridgeVault)
 * and one remote chain — an embedded EVM spoke (31338: BridgeSpoke suite + BridgeMinter; the default), the Solana
 * production layout on the native host, or the governed TON sandbox bridge (administered by TON's spoke executor) —
 * with the remote enabled on the home vault (by a governance proposal, or directly by the deployer when the bridges
 * are deployer-administered), the development validators serving HTTP and a relayer on SQLite, more relayers on
 * demand (`world.ts`). Validators and
 * relayers are driven pass by pass (`sign`, `relay`), so a story is deterministic. Run from the repository root on
 * Node 22 (like `startLocalEvm`).
 */
import type { Address, Hex } from "viem";
import type { Logger } from "pino";
import type { EvmBridgeClient } from "@calctra/sdk/evm";
import { evmBridgeChain, startBridgeHome, startBridgeSpoke, type EvmBridgeChain } from "./evm-bridge.js";
import { solanaBridgeChain, type SolanaBridgeChain } from "./solana-bridge.js";
import { startLocalSolana } from "./solana.js";
import { startGovernedTonBridge, tonBridgeChain, type TonBridgeChain } from "./ton-bridge.js";
import { startBridgeWorld, type BridgeAdmin, type BridgeChain, type BridgeWorld, type WorldRelayerParameters } from "./world.js";

/** Parameters of {@link startLocalBridge}. */
export interface StartLocalBridgeParameters {
  /** The chain beside the EVM home (default "spoke"). */
  readonly remote?: "spoke" | "solana" | "ton";
  /** Blocks an EVM message needs on top of its own before validators and relayers see it (default 1). */
  readonly confirmations?: number;
  /** Model EVM chains whose `finalized` block is this many blocks behind the head (default: the head is final). */
  readonly finalityDepth?: number;
  /** Signatures required on the EVM and Solana bridges (default 2; TON's deployment is 2 of 3). */
  readonly threshold?: number;
  /** How many development validators form the EVM and Solana sets and run (default 3; TON needs the 3). */
  readonly validators?: number;
  /** Who administers the bridges (default "governance"; "deployer" for tests that change bridge settings directly). */
  readonly admin?: BridgeAdmin;
  /**
   * CAL moved from the home supply to the home user (`wallets[1]`) at start, with the bridges approved for any amount
   * of the home and spoke users (default: nothing moved, nothing approved).
   */
  readonly userFunds?: bigint;
  /** Defaults of every relayer of the world (HTTP timeout, batch size). */
  readonly relayer?: WorldRelayerParameters;
  readonly logger?: Logger;
}

/** Home/remote supply figures (CAL base units): the invariant is `locked == minted + inFlight`. */
export interface BridgeSupply {
  /** CAL held by the home vault. */
  readonly locked: bigint;
  /** CAL minted on the remote chain by the bridge (the spoke's whole supply; above the deployment's own on Solana and TON). */
  readonly minted: bigint;
  /** Sent and not yet delivered, both ways. */
  readonly inFlight: bigint;
  readonly holds: boolean;
}

/** A running two-chain world: the home, one remote chain, validators and relayers. */
export interface TwoChainBridge<R extends BridgeChain> extends BridgeWorld {
  readonly home: EvmBridgeChain;
  readonly remote: R;
  readonly homeBridge: Address;
  /** Cost of enabling the remote on the home vault (gas of the governance steps: delegate, propose, vote, queue, execute). */
  readonly enableCost: bigint;
  /** Bridge client of the home chain's `wallets[i]`. */
  homeClient(i: number): EvmBridgeClient;
  /** The home user sends `amount` CAL to `recipient` (default the remote user); returns the message id. */
  sendHome(amount: bigint, recipient?: string): Promise<Hex>;
  /** The remote user sends `amount` CAL back to `recipient` (default the home user); returns the message id. */
  sendBack(amount: bigint, recipient?: string): Promise<Hex>;
  supply(): Promise<BridgeSupply>;
}

/** EVM home + EVM spoke. */
export interface LocalBridge extends TwoChainBridge<EvmBridgeChain> {
  readonly spoke: EvmBridgeChain;
  readonly spokeBridge: Address;
  /** Bridge client of the spoke's `wallets[i]`. */
  spokeClient(i: number): EvmBridgeClient;
  /** The transaction with which the world's relayer delivered `messageId` (null before). */
  relayedBy(messageId: Hex): Hex | null;
}

/** EVM home + Solana. */
export interface LocalSolanaBridge extends TwoChainBridge<SolanaBridgeChain> {
  readonly solana: SolanaBridgeChain;
}

/** EVM home + TON. */
export interface LocalTonBridge extends TwoChainBridge<TonBridgeChain> {
  readonly ton: TonBridgeChain;
}

/**
 * Starts the two chains, deploys and wires the bridge, and starts the validators' HTTP services and a relayer.
 *
 * @example
 * ```ts
 * const world = await startLocalBridge();
 * const sent = await world.homeClient(1).transfer({ dstDomain: 31338, recipient: world.spoke.wallets[1]!.account.address, amount: CAL });
 * await world.confirm(); await world.sign(); await world.relay();
 * const ton = await startLocalBridge({ remote: "ton", userFunds: 1_000n * CAL });
 * await ton.sendHome(100n * CAL);
 * await world.close(); await ton.close();
 * ```
 */
export function startLocalBridge(parameters?: StartLocalBridgeParameters & { readonly remote?: "spoke" }): Promise<LocalBridge>;
export function startLocalBridge(parameters: StartLocalBridgeParameters & { readonly remote: "solana" }): Promise<LocalSolanaBridge>;
export function startLocalBridge(parameters: StartLocalBridgeParameters & { readonly remote: "ton" }): Promise<LocalTonBridge>;
export async function startLocalBridge(parameters: StartLocalBridgeParameters = {}): Promise<TwoChainBridge<BridgeChain>> {
  const {
    remote: kind = "spoke",
    confirmations = 1,
    threshold = 2,
    validators = 3,
    admin = "governance",
    userFunds,
    finalityDepth,
  } = parameters;
  const finality = finalityDepth === undefined ? {} : { finalityDepth };
  const { home: homeEvm, homeBridge } = await startBridgeHome({ threshold, validators });
  const home = await evmBridgeChain(homeEvm, { name: "EVM home", confirmations, admin, ...finality });
  const remote: BridgeChain =
    kind === "spoke"
      ? await evmBridgeChain((await startBridgeSpoke({ homeBridge, threshold, validators })).spoke, {
          name: "EVM spoke",
          confirmations,
          admin,
          ...finality,
        })
      : kind === "solana"
        ? await solanaBridgeChain(await startLocalSolana({ threshold, validators, homeBridge: home.universal, bridgeAdmin: admin }), {
            admin,
          })
        : await tonBridgeChain(await startGovernedTonBridge());
  let enableCost: bigint;
  try {
    enableCost = await home.enableRemote(remote, admin);
    const enabled = await home.bridgeContract.read.remoteBridge([remote.domain]);
    if (enabled.toLowerCase() !== remote.universal.toLowerCase()) throw new Error(`${remote.name} was not enabled on the home vault`);
    if (userFunds !== undefined) {
      await home.tokenClient(0).transfer({ to: home.user.account.address, amount: userFunds });
      for (const evm of kind === "spoke" ? [home, remote as EvmBridgeChain] : [home])
        await evm.tokenClient(1).approve({ spender: evm.bridge, amount: 2n ** 64n - 1n });
    }
  } catch (e) {
    await remote.close();
    throw e;
  }
  // from here on the world closes the chains, also when it fails to start
  const world = await startBridgeWorld({
    chains: [home, remote],
    validators,
    ...(parameters.relayer ? { relayer: parameters.relayer } : {}),
    ...(parameters.logger ? { logger: parameters.logger } : {}),
  });
  const named =
    kind === "spoke"
      ? { spoke: remote, spokeBridge: (remote as EvmBridgeChain).bridge, spokeClient: (remote as EvmBridgeChain).client }
      : { [kind]: remote };
  return {
    ...world,
    ...named,
    home,
    remote,
    homeBridge,
    enableCost,
    homeClient: home.client,
    sendHome: async (amount, recipient = remote.recipient) => (await home.send(remote.domain, amount, recipient)).messageId,
    sendBack: async (amount, recipient = home.recipient) => (await remote.send(home.domain, amount, recipient)).messageId,
    async supply() {
      const [locked, minted, inFlight] = [await home.bridged(), await remote.bridged(), await world.inFlight()];
      return { locked, minted, inFlight, holds: locked === minted + inFlight };
    },
  };
}
