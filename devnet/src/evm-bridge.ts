/**
 * The EVM building blocks of the local bridge worlds: an embedded home (31337: suite + BridgeVault administered by
 * the timelock) and spoke (31338: BridgeSpoke suite — CalSpokeToken, BridgeMinter — administered by the spoke's timelock,
 * whose proposer is the spoke's governance placeholder, the deployer) deployed by
 * the Ignition modules with the development validators as their set, remote domains enabled by governance, and
 * {@link evmBridgeChain}, which makes a started chain one chain of a world (`world.ts`). Run from the repository root
 * on Node 22 (like `startLocalEvm`).
 */
import {
  createPublicClient,
  createWalletClient,
  custom,
  encodeFunctionData,
  getContract,
  keccak256,
  type Account,
  type Address,
  type Chain,
  type GetContractReturnType,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { CAL, DOMAINS, universalFromEvm, type Domain } from "@calctra/core";
import {
  EvmBridgeClient,
  EvmDestination,
  EvmGovernanceClient,
  EvmSource,
  EvmTokenClient,
  calTimelockAbi,
  calTokenAbi,
  deriveMessage,
  evmBridgeAbi,
} from "@calctra/sdk/evm";
import { startLocalEvm, type LocalEvm } from "./evm.js";
import { developmentValidators } from "./validators.js";
import { OPEN_LIMITS, type BridgeAdmin, type BridgeChain, type RouteMessage } from "./world.js";

/**
 * Governance timings of the local EVM chains (seconds; CAL base units): what {@link enableRemoteDomainByGovernance}
 * time-travels through.
 */
export const LOCAL_EVM_GOVERNANCE = {
  votingDelay: 60n,
  votingPeriod: 3600n,
  lateQuorumExtension: 600n,
  timelockDelay: 600n,
  proposalThreshold: 1_000n * CAL,
} as const;

/** Parameters of {@link startBridgeHome} and {@link startBridgeSpoke}. */
export interface StartBridgeEvmParameters {
  /** Signatures required (default 2). */
  readonly threshold?: number;
  /** How many of the 3 development validators form the set (default 3). */
  readonly validators?: number;
}

const validatorSet = (n = 3) =>
  developmentValidators()
    .slice(0, n)
    .map((k) => k.address);

/**
 * Starts an embedded EVM home (31337) with the suite and the BridgeVault (Ignition; administered by the timelock,
 * short governance timings), the development validators as its set.
 *
 * @example
 * ```ts
 * const { home, homeBridge } = await startBridgeHome({ threshold: 2 });
 * ```
 */
export async function startBridgeHome({
  threshold = 2,
  validators,
}: StartBridgeEvmParameters = {}): Promise<{ home: LocalEvm; homeBridge: Address }> {
  const home = await startLocalEvm({
    mode: "home",
    moduleParameters: LOCAL_EVM_GOVERNANCE,
    bridge: { validators: validatorSet(validators), threshold },
  });
  return { home, homeBridge: home.bridge! };
}

/**
 * Starts an embedded EVM spoke (31338) with the spoke suite and its BridgeMinter (Ignition; the home vault enabled
 * by the bootstrap batch, then administered by the spoke's timelock), the development validators as its set.
 *
 * @example
 * ```ts
 * const { spoke, spokeBridge } = await startBridgeSpoke({ homeBridge });
 * ```
 */
export async function startBridgeSpoke({
  homeBridge,
  threshold = 2,
  validators,
}: StartBridgeEvmParameters & { readonly homeBridge: Address }): Promise<{ spoke: LocalEvm; spokeBridge: Address }> {
  const spoke = await startLocalEvm({
    mode: "spoke",
    chainId: DOMAINS.localEvmSpoke,
    moduleParameters: LOCAL_EVM_GOVERNANCE,
    bridge: { validators: validatorSet(validators), threshold, homeBridge: universalFromEvm(homeBridge), homeDomain: DOMAINS.localEvmHome },
  });
  return { spoke, spokeBridge: spoke.bridge! };
}

/** Parameters of {@link enableRemoteDomainByGovernance}. */
export interface EnableRemoteDomainParameters {
  /**
   * The chain whose bridge is administered by its timelock, deployed with {@link LOCAL_EVM_GOVERNANCE} (the home, or
   * a spoke once its deployer holds bridged CAL above the proposal threshold); its `wallets[0]` proposes and votes.
   */
  readonly home: LocalEvm;
  /** That chain's bridge (the home vault, or a spoke's minter). */
  readonly homeBridge: Address;
  readonly domain: number;
  /** The remote bridge as a 32-byte universal address. */
  readonly remoteBridge: Hex;
  readonly description: string;
}

/**
 * Enables a remote domain on the home vault the only way its admin allows: a governance proposal
 * (delegate, propose, vote, queue, execute) with time travel. Returns the gas of those steps.
 *
 * @example
 * ```ts
 * await enableRemoteDomainByGovernance({ home, homeBridge, domain: DOMAINS.ton, remoteBridge, description: "Enable TON" });
 * ```
 */
export async function enableRemoteDomainByGovernance({
  home,
  homeBridge,
  domain,
  remoteBridge,
  description,
}: EnableRemoteDomainParameters): Promise<bigint> {
  const [deployer] = home.wallets;
  const base = { publicClient: home.publicClient, deployment: home.deployment, walletClient: deployer! };
  const gov = new EvmGovernanceClient(base);
  const actions = {
    targets: [homeBridge],
    values: [0n],
    calldatas: [
      encodeFunctionData({ abi: evmBridgeAbi, functionName: "setRemoteDomain", args: [domain, { bridge: remoteBridge, ...OPEN_LIMITS }] }),
    ] as Hex[],
    description,
  };
  let cost = (await new EvmTokenClient(base).delegate({ delegatee: deployer!.account.address })).cost ?? 0n;
  await home.increaseTime(1n);
  const proposed = await gov.propose(actions);
  await home.increaseTime(61n);
  cost += proposed.cost ?? 0n;
  cost += (await gov.castVote({ proposalId: proposed.proposalId, support: 1 })).cost ?? 0n;
  await home.increaseTime(3601n);
  cost += (await gov.queue(actions)).cost ?? 0n;
  await home.increaseTime(601n);
  cost += (await gov.execute(actions)).cost ?? 0n;
  return cost;
}

/**
 * Enables a remote domain on a spoke's minter the only way its admin allows today: the spoke's timelock, whose proposer
 * is the spoke's governance placeholder (the deployer, `wallets[0]`; DESIGN §7's spoke executor replaces it), schedules
 * and executes `setRemoteDomain` after the timelock delay (time-travelled). Returns the gas of both steps.
 *
 * @example
 * ```ts
 * await enableRemoteDomainBySpokeTimelock({ spoke, spokeBridge, domain: DOMAINS.solana, remoteBridge });
 * ```
 */
export async function enableRemoteDomainBySpokeTimelock({
  spoke,
  spokeBridge,
  domain,
  remoteBridge,
}: {
  readonly spoke: LocalEvm;
  readonly spokeBridge: Address;
  readonly domain: number;
  readonly remoteBridge: Hex;
}): Promise<bigint> {
  const [deployer] = spoke.wallets;
  const timelock = spoke.deployment.contracts.CalTimelock;
  const data = encodeFunctionData({
    abi: evmBridgeAbi,
    functionName: "setRemoteDomain",
    args: [domain, { bridge: remoteBridge, ...OPEN_LIMITS }],
  });
  const salt = keccak256(data);
  const zero: Hex = `0x${"00".repeat(32)}`;
  const delay = await spoke.publicClient.readContract({ address: timelock, abi: calTimelockAbi, functionName: "getMinDelay" });
  const send = async (hash: Promise<Hex>) => (await spoke.publicClient.waitForTransactionReceipt({ hash: await hash })).gasUsed;
  let cost = await send(
    deployer!.writeContract({
      address: timelock,
      abi: calTimelockAbi,
      functionName: "schedule",
      args: [spokeBridge, 0n, data, zero, salt, delay],
      chain: deployer!.chain,
      account: deployer!.account,
    }),
  );
  await spoke.increaseTime(delay + 1n);
  cost += await send(
    deployer!.writeContract({
      address: timelock,
      abi: calTimelockAbi,
      functionName: "execute",
      args: [spokeBridge, 0n, data, zero, salt],
      chain: deployer!.chain,
      account: deployer!.account,
    }),
  );
  return cost;
}

/** A switchable RPC fault: "error" rejects every call, "timeout" rejects after a delay (as a timed-out HTTP call would). */
export interface Fault {
  mode: "ok" | "error" | "timeout";
  /** Calls made through the transport so far. */
  calls: number;
}

/**
 * A viem transport over an EIP-1193 provider that injects `fault`.
 *
 * @example
 * ```ts
 * const fault: Fault = { mode: "ok", calls: 0 };
 * const client = createPublicClient({ transport: faultyTransport(home.provider, fault) });
 * fault.mode = "error"; // every call now fails
 * ```
 */
export function faultyTransport(provider: LocalEvm["provider"], fault: Fault) {
  return custom(
    {
      async request(args: { method: string; params?: unknown }) {
        fault.calls++;
        if (fault.mode === "error") throw new Error(`injected RPC error on ${args.method}`);
        if (fault.mode === "timeout") {
          await new Promise((r) => setTimeout(r, 30));
          throw new Error(`injected RPC timeout on ${args.method}`);
        }
        return provider.request(args);
      },
    },
    { retryCount: 0 },
  );
}

/**
 * An EIP-1193 provider over a local chain that models a chain with finality `depth` blocks behind the head: the
 * `finalized` and `safe` block tags resolve to block `head - depth` (an embedded EDR chain otherwise reports its
 * head as finalized). Everything else passes through.
 *
 * @example
 * ```ts
 * const client = createPublicClient({ transport: custom(withFinalityDepth(home.provider, 4)) });
 * await client.getBlock({ blockTag: "finalized" }); // head - 4
 * ```
 */
export function withFinalityDepth(provider: LocalEvm["provider"], depth: number): LocalEvm["provider"] {
  return {
    async request(args: { method: string; params?: unknown }) {
      const params = Array.isArray(args.params) ? [...(args.params as unknown[])] : undefined;
      if (args.method === "eth_getBlockByNumber" && params && (params[0] === "finalized" || params[0] === "safe")) {
        const head = BigInt((await provider.request({ method: "eth_blockNumber" })) as string);
        params[0] = `0x${(head > BigInt(depth) ? head - BigInt(depth) : 0n).toString(16)}`;
        return provider.request({ method: args.method, params });
      }
      return provider.request(args);
    },
  };
}

type Wallet = WalletClient<Transport, Chain, Account>;
const DEFAULT_ADMIN_ROLE: Hex = `0x${"00".repeat(32)}`;

/** One EVM chain of a world: the started chain, its bridge and the clients a world and its tests use. */
export interface EvmBridgeChain extends LocalEvm, BridgeChain {
  readonly bridge: Address;
  /** The RPC fault of the relayers' connection to this chain (validators and users are not affected). */
  readonly fault: Fault;
  /** The user (`wallets[1]`). */
  readonly user: LocalEvm["wallets"][number];
  /** The bridge contract; writes are sent by the deployer (its admin when the world's bridges are deployer-administered). */
  readonly bridgeContract: GetContractReturnType<typeof evmBridgeAbi, { public: PublicClient; wallet: Wallet }>;
  /** CAL on this chain; writes are sent by the deployer. */
  readonly tokenContract: GetContractReturnType<typeof calTokenAbi, { public: PublicClient; wallet: Wallet }>;
  /** The SDK bridge client of `wallets[i]`. */
  client(i: number): EvmBridgeClient;
  /** The SDK token client of `wallets[i]`. */
  tokenClient(i: number): EvmTokenClient;
  /** `MessageDelivered` events per message id. */
  deliveries(): Promise<Map<Hex, number>>;
}

/** Parameters of {@link evmBridgeChain}. */
export interface EvmBridgeChainParameters {
  readonly name: string;
  /** Blocks on top of a message's own before the services see it (default 1; {@link EvmBridgeChain.confirm} mines them). */
  readonly confirmations?: number;
  /**
   * Model a chain whose `finalized` block is this many blocks behind the head (default: none, the embedded chain
   * finalizes its head). The sources read at `finalized`; {@link EvmBridgeChain.confirm} then mines `depth + confirmations`.
   */
  readonly finalityDepth?: number;
  /** "deployer": the timelock (impersonated) grants the deployer the bridge's admin role. Default "governance". */
  readonly admin?: BridgeAdmin;
}

/**
 * Makes a started EVM chain with its bridge (from {@link startBridgeHome} / {@link startBridgeSpoke}) one chain of a
 * world: sources (the relayers' through a fault-injecting transport), `EvmDestination`s paid by a chosen wallet, the
 * SDK clients, and its part of the supply (home: CAL locked in the vault; spoke: its CAL supply).
 *
 * @example
 * ```ts
 * const { home } = await startBridgeHome();
 * const chain = await evmBridgeChain(home, { name: "EVM home", admin: "deployer" });
 * await chain.bridgeContract.write.setValidatorSet([validators, 2]);
 * ```
 */
export async function evmBridgeChain(
  evm: LocalEvm,
  { name, confirmations = 1, admin = "governance", finalityDepth }: EvmBridgeChainParameters,
): Promise<EvmBridgeChain> {
  const bridge = evm.bridge;
  if (!bridge) throw new RangeError(`${name}: the chain was started without a bridge`);
  const domain: Domain = evm.deployment.chainId;
  const token = evm.deployment.contracts.CalToken;
  const { publicClient, wallets } = evm;
  const [deployer, user] = wallets as readonly Wallet[];
  if (admin === "deployer") {
    const timelock = await evm.impersonate(evm.deployment.contracts.CalTimelock);
    const hash = await timelock.writeContract({
      address: bridge,
      abi: evmBridgeAbi,
      functionName: "grantRole",
      args: [DEFAULT_ADMIN_ROLE, deployer!.account.address],
      chain: timelock.chain,
      account: timelock.account,
    });
    await publicClient.waitForTransactionReceipt({ hash });
  }
  const fault: Fault = { mode: "ok", calls: 0 };
  const viemChain = {
    id: domain,
    name: `edr-${domain}`,
    nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [] } },
  } as const;
  // the relayers' connection: its own clients over a transport that injects `fault`
  const chainProvider = finalityDepth === undefined ? evm.provider : withFinalityDepth(evm.provider, finalityDepth);
  const relayerPublic = createPublicClient({
    chain: viemChain,
    transport: faultyTransport(chainProvider, fault),
    pollingInterval: 10,
  }) as PublicClient;
  // the validators' connection: the chain as it is, seen through its finality model
  const validatorPublic =
    finalityDepth === undefined
      ? publicClient
      : (createPublicClient({ chain: viemChain, transport: custom(chainProvider), pollingInterval: 10 }) as PublicClient);
  const relayerWallet = (submitter: number) =>
    createWalletClient({
      chain: viemChain,
      transport: faultyTransport(evm.provider, fault),
      account: wallets[submitter]!.account,
      pollingInterval: 10,
    });
  const client = (i: number) => new EvmBridgeClient({ publicClient, walletClient: wallets[i]!, bridge });
  const tokenClient = (i: number) => new EvmTokenClient({ publicClient, deployment: evm.deployment, walletClient: wallets[i]! });
  const events = <E extends "MessageSent" | "MessageDelivered">(eventName: E) =>
    publicClient.getContractEvents({ address: bridge, abi: evmBridgeAbi, eventName, fromBlock: 0n, strict: true });
  const chain: EvmBridgeChain = {
    ...evm,
    bridge,
    name,
    domain,
    universal: universalFromEvm(bridge),
    startBlock: 0n,
    recipient: user!.account.address,
    fault,
    user: user!,
    bridgeContract: getContract({ address: bridge, abi: evmBridgeAbi, client: { public: publicClient, wallet: deployer! } }),
    tokenContract: getContract({ address: token, abi: calTokenAbi, client: { public: publicClient, wallet: deployer! } }),
    client,
    tokenClient,
    source: ({ relayer = false } = {}) =>
      new EvmSource({ client: relayer ? relayerPublic : validatorPublic, bridge, domain, finality: "finalized", confirmations }),
    destination: ({ submitter = 9, maxBatch } = {}) =>
      new EvmDestination({
        domain,
        bridge,
        publicClient: relayerPublic,
        walletClient: relayerWallet(submitter),
        ...(maxBatch !== undefined ? { maxBatch } : {}),
      }),
    view: () => client(0),
    async send(dstDomain, amount, recipient) {
      const r = await client(1).transfer({ dstDomain, recipient, amount });
      return { messageId: r.messageId, message: r.message, cost: r.cost + (r.approval?.cost ?? 0n) };
    },
    status: (messageId, validators, destination) => client(0).status({ messageId, validators, destination }),
    isDelivered: (messageId, origin) =>
      client(0).isDelivered(
        origin === undefined ? { messageId } : { messageId, origin: { srcDomain: origin.srcDomain, nonce: origin.nonce } },
      ),
    async sent(): Promise<RouteMessage[]> {
      return (await events("MessageSent")).map((l) => {
        const m = deriveMessage(domain, l.args);
        if (!m) throw new Error(`${name}: MessageSent ${l.args.messageId} does not re-derive`);
        return { messageId: m.messageId, message: m.message };
      });
    },
    async deliveries() {
      const out = new Map<Hex, number>();
      for (const l of await events("MessageDelivered")) out.set(l.args.messageId, (out.get(l.args.messageId) ?? 0) + 1);
      return out;
    },
    bridged: () => (evm.deployment.mode === "home" ? tokenClient(0).balanceOf({ owner: bridge }) : tokenClient(0).totalSupply()),
    async enableRemote(remote, by) {
      if (by === "governance" && evm.deployment.mode === "spoke") {
        return enableRemoteDomainBySpokeTimelock({
          spoke: evm,
          spokeBridge: bridge,
          domain: remote.domain,
          remoteBridge: remote.universal,
        });
      }
      if (by === "governance") {
        return enableRemoteDomainByGovernance({
          home: evm,
          homeBridge: bridge,
          domain: remote.domain,
          remoteBridge: remote.universal,
          description: `Enable ${remote.name} (${remote.domain}) on ${name}`,
        });
      }
      const hash = await chain.bridgeContract.write.setRemoteDomain([remote.domain, { bridge: remote.universal, ...OPEN_LIMITS }]);
      return (await publicClient.waitForTransactionReceipt({ hash })).gasUsed;
    },
    confirm: async () => {
      const blocks = confirmations + (finalityDepth ?? 0);
      if (blocks > 0) await evm.mine(blocks);
    },
    close: () => undefined,
  };
  return chain;
}
