/**
 * The hub's GovernanceHub (DESIGN §7) as a client: announce a proposal to a spoke, read the tallies it counted, the
 * spokes it knows and the action lists it dispatched. Every write has three forms: `x` sends and waits, `prepareX`
 * returns the unsigned transaction, `simulateX` runs it without sending.
 */
import {
  decodeFunctionData,
  encodeFunctionData,
  getAddress,
  parseEventLogs,
  zeroHash,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { CalctraError, type Domain, type SimulateReturnType } from "@calctra/core";
import { calGovernorAbi, governanceHubAbi } from "./generated/abis.js";
import { decodeEvmError } from "./errors.js";
import {
  EvmWriter,
  evmContractWrite,
  type EvmContractWrite,
  type EvmPrepareOptions,
  type EvmPreparedTransaction,
  type EvmTransactionReturnType,
} from "./write.js";

/** Parameters of {@link EvmGovernanceHubClient}. */
export interface EvmGovernanceHubParameters {
  readonly publicClient: PublicClient;
  /** Signs `announce` (reads need none). */
  readonly walletClient?: WalletClient<Transport, Chain | undefined, Account>;
  /** The GovernanceHub. */
  readonly address: Address;
  /** First block to search for the hub's and the governor's events (default 0: the whole chain). */
  readonly fromBlock?: bigint;
}

/** Parameters of {@link EvmGovernanceHubClient.announce}. */
export interface EvmAnnounceParameters {
  readonly proposalId: bigint;
  /** The spoke's domain. */
  readonly domain: Domain;
}

/** What {@link EvmGovernanceHubClient.announce} returns: the transaction and the `ProposalOpened` message's id. */
export interface EvmAnnounceReturnType extends EvmTransactionReturnType {
  readonly messageId: Hex;
}

/** A spoke's cumulative tally as the hub counted it. */
export interface EvmHubTally {
  readonly againstVotes: bigint;
  readonly forVotes: bigint;
  readonly abstainVotes: bigint;
}

/** One `GovernanceHub.dispatch` as its `ActionsDispatched` event tells it. */
export interface EvmActionsDispatched {
  readonly domain: Domain;
  readonly sequence: bigint;
  readonly proposalId: bigint;
  readonly messageId: Hex;
  readonly blockNumber: bigint;
}

/**
 * The hub's GovernanceHub.
 *
 * @example
 * ```ts
 * const hub = new EvmGovernanceHubClient({ publicClient, walletClient, address: hubAddress });
 * await hub.announce({ proposalId, domain: DOMAINS.solana });
 * const { forVotes } = await hub.tallyOf({ proposalId, domain: DOMAINS.solana });
 * ```
 */
export class EvmGovernanceHubClient {
  readonly #writer?: EvmWriter;

  constructor(private readonly params: EvmGovernanceHubParameters) {
    if (params.walletClient) this.#writer = new EvmWriter({ publicClient: params.publicClient, walletClient: params.walletClient });
  }

  /** The GovernanceHub's address. */
  get address(): Address {
    return this.params.address;
  }

  #writerOrThrow(): EvmWriter {
    if (!this.#writer) throw new Error("EvmGovernanceHubClient: a walletClient is needed to send");
    return this.#writer;
  }

  async #read<T>(functionName: string, args: readonly unknown[]): Promise<T> {
    try {
      return (await this.params.publicClient.readContract({
        address: this.params.address,
        abi: governanceHubAbi,
        functionName,
        args,
      } as never)) as T;
    } catch (e) {
      throw decodeEvmError(e);
    }
  }

  /** `announce` after checking the hub knows the spoke (the hub's own refusal has no canonical name). */
  async #announce({ proposalId, domain }: EvmAnnounceParameters): Promise<EvmContractWrite> {
    const { vault } = await this.spoke({ domain });
    if (vault === zeroHash) throw new CalctraError("BridgeUnknownDomain", { domain }, "evm");
    return evmContractWrite({ address: this.params.address, abi: governanceHubAbi, functionName: "announce", args: [proposalId, domain] });
  }

  /**
   * Announces a proposal to a spoke (anyone may, once it exists): the bridge carries `ProposalOpened(proposalId,
   * snapshot, voteEnd)` to the spoke's vault. A domain the hub has no spoke for is refused with `BridgeUnknownDomain`.
   *
   * @example
   * ```ts
   * const { messageId } = await hub.announce({ proposalId, domain: DOMAINS.ton });
   * ```
   */
  async announce(parameters: EvmAnnounceParameters): Promise<EvmAnnounceReturnType> {
    const { logs, ...sent } = await this.#writerOrThrow().send(await this.#announce(parameters));
    const [announced] = parseEventLogs({ abi: governanceHubAbi, eventName: "ProposalAnnounced", logs: [...logs] });
    if (!announced) throw new Error(`announce ${sent.id}: no ProposalAnnounced event`);
    return { ...sent, messageId: announced.args.messageId };
  }
  /**
   * The unsigned `announce`.
   *
   * @example
   * ```ts
   * const call = await hub.prepareAnnounce({ proposalId, domain: DOMAINS.solana, account: safe });
   * ```
   */
  async prepareAnnounce(parameters: EvmAnnounceParameters & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    const write = await this.#announce(parameters);
    if (this.#writer) return this.#writer.prepare(write, parameters.account);
    return { to: write.address, data: encodeFunctionData(write), value: 0n };
  }
  /**
   * Runs `announce` without sending it: its gas and the message id it would get.
   *
   * @example
   * ```ts
   * const { cost } = await hub.simulateAnnounce({ proposalId, domain: DOMAINS.solana });
   * ```
   */
  async simulateAnnounce(parameters: EvmAnnounceParameters & EvmPrepareOptions): Promise<SimulateReturnType<Hex>> {
    return this.#writerOrThrow().simulate<Hex>(await this.#announce(parameters), parameters.account);
  }

  /**
   * The hub chain's clock: the latest block's timestamp (unix seconds).
   *
   * @example
   * ```ts
   * const now = await hub.now();
   * ```
   */
  async now(): Promise<bigint> {
    return (await this.params.publicClient.getBlock()).timestamp;
  }

  /**
   * The tally the hub counted from a spoke for a proposal (zeros before its first `VoteTally` arrived).
   *
   * @example
   * ```ts
   * const { forVotes } = await hub.tallyOf({ proposalId, domain: DOMAINS.solana });
   * ```
   */
  async tallyOf({ proposalId, domain }: { readonly proposalId: bigint; readonly domain: Domain }): Promise<EvmHubTally> {
    const t = await this.#read<EvmHubTally>("tallyOf", [proposalId, domain]);
    return { againstVotes: BigInt(t.againstVotes), forVotes: BigInt(t.forVotes), abstainVotes: BigInt(t.abstainVotes) };
  }

  /**
   * The vault and executor the hub knows for a domain (universal addresses; zero when the domain is no spoke).
   *
   * @example
   * ```ts
   * const { vault, executor } = await hub.spoke({ domain: 31338 });
   * ```
   */
  async spoke({ domain }: { readonly domain: Domain }): Promise<{ readonly vault: Hex; readonly executor: Hex }> {
    const s = await this.#read<{ vault: Hex; executor: Hex }>("spoke", [domain]);
    return { vault: s.vault, executor: s.executor };
  }

  /**
   * The sequence number of the last action list dispatched to a domain (0: none yet).
   *
   * @example
   * ```ts
   * const last = await hub.lastSequence({ domain: DOMAINS.ton });
   * ```
   */
  async lastSequence({ domain }: { readonly domain: Domain }): Promise<bigint> {
    return BigInt(await this.#read<bigint | number>("lastSequence", [domain]));
  }

  /**
   * The action lists the hub dispatched for a proposal (one per destination), from its `ActionsDispatched` events.
   *
   * @example
   * ```ts
   * const [first] = await hub.dispatches({ proposalId, domain: DOMAINS.solana });
   * first?.sequence; // the sequence to execute on Solana
   * ```
   */
  async dispatches({ proposalId, domain }: { readonly proposalId: bigint; readonly domain?: Domain }): Promise<EvmActionsDispatched[]> {
    const logs = await this.params.publicClient.getContractEvents({
      address: this.params.address,
      abi: governanceHubAbi,
      eventName: "ActionsDispatched",
      args: domain === undefined ? { proposalId } : { proposalId, dstDomain: domain },
      fromBlock: this.params.fromBlock ?? 0n,
      toBlock: "latest",
    });
    return logs.map((l) => ({
      domain: l.args.dstDomain!,
      sequence: BigInt(l.args.sequence!),
      proposalId: l.args.proposalId!,
      messageId: l.args.messageId!,
      blockNumber: l.blockNumber,
    }));
  }

  /**
   * The domains a proposal sends actions to: the `dispatch` calls to this hub among the calls the governor's
   * `ProposalCreated` event recorded. `undefined` when the governor's events no longer hold the proposal.
   *
   * @example
   * ```ts
   * const domains = await hub.proposalDomains({ proposalId, governor: deployment.contracts.CalGovernor });
   * ```
   */
  async proposalDomains({
    proposalId,
    governor,
  }: {
    readonly proposalId: bigint;
    readonly governor: Address;
  }): Promise<Domain[] | undefined> {
    const logs = await this.params.publicClient.getContractEvents({
      address: governor,
      abi: calGovernorAbi,
      eventName: "ProposalCreated",
      fromBlock: this.params.fromBlock ?? 0n,
      toBlock: "latest",
    });
    const created = logs.find((l) => l.args.proposalId === proposalId);
    if (!created) return undefined;
    const hub = getAddress(this.params.address);
    const domains: Domain[] = [];
    (created.args.targets ?? []).forEach((target, i) => {
      if (getAddress(target) !== hub) return;
      const data = created.args.calldatas?.[i];
      if (!data) return;
      const call = decodeFunctionData({ abi: governanceHubAbi, data });
      if (call.functionName === "dispatch" && !domains.includes(call.args[0])) domains.push(call.args[0]);
    });
    return domains;
  }
}
