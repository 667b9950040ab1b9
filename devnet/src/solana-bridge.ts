/**
 * The Solana building block of the local bridge worlds: {@link solanaBridgeChain} makes a started local Solana
 * deployment (`startLocalSolana`: production layout on the native host, the bridge administered by the governance
 * PDA) one chain of a world (`world.ts`), with a funded user and a relayer wallet.
 */
import type { Program } from "@coral-xyz/anchor";
import { SystemProgram, type Commitment, type PublicKey } from "@solana/web3.js";
import { DOMAINS, isGovernanceMessage } from "@calctra/core";
import {
  SolanaBridgeClient,
  SolanaDestination,
  SolanaSource,
  SolanaTokenClient,
  solanaBridgeAddress,
  solanaBridgePdas,
  solanaPrograms,
  solanaUniversalAddress,
  toBN,
  type CalctraBridgeIdl,
  type DeliveredOrigin,
} from "@calctra/sdk/solana";
import type { Hex } from "viem";
import type { LocalSolana, LocalSolanaWallet } from "./solana.js";
import { OPEN_LIMITS, type BridgeAdmin, type BridgeChain, type ChainDestinationOptions } from "./world.js";

/** The Solana chain of a world. */
export interface SolanaBridgeChain extends LocalSolana, BridgeChain {
  /** The user (a wallet funded with SOL, no CAL). */
  readonly user: LocalSolanaWallet;
  /** The relayers' wallet: pays deliveries, replay markers and recipients' token accounts. */
  readonly relayerWallet: LocalSolanaWallet;
  /** The bridge program as the deployer (the host payer): admin instructions when it administers the bridge. */
  readonly program: Program<CalctraBridgeIdl>;
  readonly pdas: ReturnType<typeof solanaBridgePdas>;
  /** The SDK bridge client of `wallet` (default the user). */
  client(wallet?: LocalSolanaWallet): SolanaBridgeClient;
  /** CAL of `owner` (0 without a token account). */
  balanceOf(owner: PublicKey): Promise<bigint>;
  /** The bridge's pauser pauses it. */
  pause(): Promise<void>;
  /** The bridge's admin unpauses it (the deployer, or governance by a proposal). */
  unpause(): Promise<void>;
  source(options?: { readonly relayer?: boolean; readonly commitment?: Commitment; readonly confirmations?: number }): SolanaSource;
  destination(options?: ChainDestinationOptions): SolanaDestination;
  close(): Promise<void>;
}

/**
 * Makes a started local Solana deployment one chain of a world (and closes it when that fails). With `admin: "deployer"`,
 * the deployment must have been started with `bridgeAdmin: "deployer"` (the bridge stays the deployer's); otherwise
 * the governance PDA administers it and acts on the hub's action lists.
 *
 * @example
 * ```ts
 * const solana = await solanaBridgeChain(await startLocalSolana({ homeBridge }));
 * const sent = await solana.send(DOMAINS.localEvmHome, 5n * CAL, homeUser);
 * ```
 */
export async function solanaBridgeChain(
  sol: LocalSolana,
  { admin = "governance" }: { readonly admin?: BridgeAdmin } = {},
): Promise<SolanaBridgeChain> {
  const deployer = sol.actors.deployer;
  const pauser = sol.actors.pauser;
  let user: LocalSolanaWallet;
  let relayerWallet: LocalSolanaWallet;
  try {
    user = await sol.newWallet({ sol: 10n });
    relayerWallet = await sol.newWallet({ sol: 10n });
    if (admin === "deployer" && sol.deployment.roles.bridgeAdmin !== deployer.address)
      throw new Error('the Solana bridge is administered by governance: start it with startLocalSolana({ bridgeAdmin: "deployer" })');
  } catch (e) {
    sol.close();
    throw e;
  }
  const program = solanaPrograms(deployer.provider).bridge;
  const pdas = solanaBridgePdas(program.programId);
  const client = (wallet: LocalSolanaWallet = user) => new SolanaBridgeClient(wallet.params);
  const token = new SolanaTokenClient(user.params);
  // The world's lookup of a message's origin by id (the Solana bridge marks delivered messages by origin).
  let originOf: ((messageId: Hex) => Promise<DeliveredOrigin | undefined>) | undefined;
  const destination = ({ maxBatch }: ChainDestinationOptions = {}) =>
    new SolanaDestination({
      connection: sol.connection,
      payer: relayerWallet.keypair,
      now: () => sol.now(),
      resolveOrigin: (messageId) => originOf?.(messageId) ?? Promise.resolve(undefined),
      ...(maxBatch !== undefined ? { maxBatch: Math.min(maxBatch, 16) } : {}),
    });
  const source = ({
    commitment = "confirmed",
    confirmations,
  }: {
    readonly commitment?: Commitment;
    readonly confirmations?: number;
  } = {}) => new SolanaSource({ connection: sol.connection, commitment, ...(confirmations !== undefined ? { confirmations } : {}) });
  return {
    ...sol,
    name: "Solana",
    domain: DOMAINS.solana,
    universal: solanaBridgeAddress(),
    startBlock: 1n,
    recipient: solanaUniversalAddress(user.publicKey),
    user,
    relayerWallet,
    program,
    pdas,
    client,
    source,
    destination,
    view: () => destination(),
    async send(dstDomain, amount, recipient) {
      const r = await client().transfer({ dstDomain, recipient, amount });
      return { messageId: r.messageId, message: r.message, cost: r.cost ?? 0n };
    },
    status: (messageId, validators, dst) => client().status({ messageId, validators, destination: dst }),
    isDelivered: (messageId, message) => destination().isDelivered(messageId, message),
    resolveOrigins(resolver) {
      originOf = resolver;
    },
    async sent() {
      const out = [];
      for (let from = 1n; ; ) {
        const scan = await source().scan(from);
        if (!scan) return out;
        if (scan.rejected.length) throw new Error(`Solana outbound messages do not re-derive: ${scan.rejected.join(", ")}`);
        for (const m of scan.messages) if (!isGovernanceMessage(m.message)) out.push({ messageId: m.messageId, message: m.message });
        from = scan.toBlock + 1n;
      }
    },
    bridged: async () => (await token.totalSupply()) - sol.devMinted(),
    balanceOf: (owner) => token.balanceOf({ owner: owner.toBase58() }),
    async pause() {
      await solanaPrograms(pauser.provider).bridge.methods.pause().accountsStrict({ pauser: pauser.publicKey, config: pdas.config }).rpc();
    },
    async unpause() {
      if (admin === "governance") await sol.hubActions({ actions: [{ kind: "unpause", target: "bridge" }] });
      else await program.methods.unpause().accountsStrict({ admin: deployer.publicKey, config: pdas.config }).rpc();
    },
    async enableRemote(remote, by) {
      if (by === "governance") {
        const r = await sol.hubActions({
          actions: [{ kind: "setRemoteDomain", domain: remote.domain, enabled: true, bridge: remote.universal, ...OPEN_LIMITS }],
        });
        return [r.receive, r.execute].reduce((a, x) => a + (x.cost ?? 0n), 0n);
      }
      await program.methods
        .setRemoteDomain(remote.domain, {
          bridge: Array.from(Buffer.from(remote.universal.slice(2), "hex")),
          inboundCapacity: toBN(OPEN_LIMITS.inboundCapacity),
          inboundRatePerSecond: toBN(OPEN_LIMITS.inboundRatePerSecond),
          outboundCapacity: toBN(OPEN_LIMITS.outboundCapacity),
          outboundRatePerSecond: toBN(OPEN_LIMITS.outboundRatePerSecond),
        })
        .accountsStrict({
          admin: deployer.publicKey,
          payer: deployer.publicKey,
          config: pdas.config,
          remote: pdas.remote(remote.domain),
          systemProgram: SystemProgram.programId,
        })
        .rpc();
      return 0n;
    },
    confirm: async () => undefined,
    close: async () => sol.close(),
  };
}
