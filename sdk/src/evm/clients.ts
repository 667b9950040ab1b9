import type { Abi, Account, Address, Chain, ContractFunctionName, Hex, PublicClient, Transport, WalletClient } from "viem";
import { encodeAbiParameters } from "viem";
import { CalctraError } from "@calctra/core";
import { SPEC_HASH_BOUND } from "@calctra/core";
import { universalFromEvm } from "@calctra/core";
import { reputationScoreBps } from "@calctra/core";
import type {
  CreateTaskParameters, CreateTaskReturnType, MarketplaceClient, ProviderInfo, StakingClient, SubmitResultParameters,
  TokenClient, TransactionReceiptSummary,
} from "@calctra/core";
import type { Task, TaskStatus } from "@calctra/core";
import { calTokenAbi, marketplaceAbi, stakingAbi } from "./generated/abis.js";
import { decodeEvmError } from "./errors.js";

/** Addresses of a deployed EVM suite, as written by the deploy script to deployments/<network>.json. */
export interface EvmDeployment {
  readonly network: string;
  readonly chainId: number;
  readonly mode: "home" | "spoke";
  readonly contracts: {
    readonly CalToken: Address;
    readonly CalTimelock: Address;
    readonly CalGovernor: Address;
    readonly Staking: Address;
    readonly Marketplace: Address;
  };
}

/** What every EVM client is built from: viem clients and a deployment. */
export interface EvmClientParameters {
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  readonly deployment: EvmDeployment;
}

const U16_MAX = 0xffff;

/** Shared plumbing: simulate (decoding reverts to CalctraError), send, wait, report gas. */
class EvmContractClient {
  constructor(protected readonly params: EvmClientParameters) {}

  protected get account(): Address {
    return this.params.walletClient.account.address;
  }

  protected async send<const abi extends Abi>(
    address: Address,
    abi: abi,
    functionName: ContractFunctionName<abi, "nonpayable" | "payable">,
    args: readonly unknown[],
  ): Promise<{ id: string; cost: bigint; logs: readonly { address: Address; topics: readonly Hex[]; data: Hex }[] }> {
    const { publicClient, walletClient } = this.params;
    try {
      // The simulation surfaces a revert (decoded from the ABI) before anything is sent.
      const { request } = await publicClient.simulateContract({
        address, abi, functionName, args, account: walletClient.account, chain: walletClient.chain,
      } as never);
      const hash = await walletClient.writeContract(request as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
      return { id: hash, cost: receipt.gasUsed, logs: receipt.logs as never };
    } catch (e) {
      throw decodeEvmError(e);
    }
  }
}

/**
 * The CAL token on an EVM chain.
 *
 * @example
 * ```ts
 * const token = new EvmTokenClient({ publicClient, walletClient, deployment });
 * await token.transfer({ to: "0x…", amount: 5n * CAL });
 * ```
 */
export class EvmTokenClient extends EvmContractClient implements TokenClient {
  /** CAL balance of an address. */
  async balanceOf({ owner }: { readonly owner: string }): Promise<bigint> {
    return this.params.publicClient.readContract({
      address: this.params.deployment.contracts.CalToken, abi: calTokenAbi, functionName: "balanceOf", args: [owner as Address],
    });
  }
  /** Total CAL supply on this chain. */
  async totalSupply(): Promise<bigint> {
    return this.params.publicClient.readContract({ address: this.params.deployment.contracts.CalToken, abi: calTokenAbi, functionName: "totalSupply" });
  }
  /** Transfers CAL. */
  async transfer({ to, amount }: { readonly to: string; readonly amount: bigint }): Promise<TransactionReceiptSummary> {
    return this.send(this.params.deployment.contracts.CalToken, calTokenAbi, "transfer", [to as Address, amount]);
  }
  /** Approves `spender` (e.g. the Staking or Marketplace contract) to pull `amount`. */
  async approve({ spender, amount }: { readonly spender: Address; readonly amount: bigint }): Promise<TransactionReceiptSummary> {
    return this.send(this.params.deployment.contracts.CalToken, calTokenAbi, "approve", [spender, amount]);
  }
  /** Delegates voting power (ERC20Votes) — needed once before voting. */
  async delegate({ delegatee }: { readonly delegatee: Address }): Promise<TransactionReceiptSummary> {
    return this.send(this.params.deployment.contracts.CalToken, calTokenAbi, "delegate", [delegatee]);
  }
}

/**
 * Staking and reputation on an EVM chain. `stake` approves the Staking contract first when the
 * allowance is short.
 *
 * @example
 * ```ts
 * const staking = new EvmStakingClient({ publicClient, walletClient, deployment });
 * await staking.register({ metadataHash: keccak256(toHex("gpu: 1x24GiB")) });
 * await staking.stake({ amount: 500n * CAL });
 * ```
 */
export class EvmStakingClient extends EvmContractClient implements StakingClient {
  /** Registers the caller as a provider with a hash of its hardware / attestation document. */
  async register({ metadataHash }: { readonly metadataHash: `0x${string}` }): Promise<TransactionReceiptSummary> {
    if (!/^0x[0-9a-fA-F]{64}$/.test(metadataHash)) throw new RangeError("metadataHash must be 32 bytes");
    return this.send(this.params.deployment.contracts.Staking, stakingAbi, "register", [metadataHash]);
  }
  /** Stakes CAL (approving the Staking contract when needed). */
  async stake({ amount }: { readonly amount: bigint }): Promise<TransactionReceiptSummary> {
    if (amount <= 0n) throw new CalctraError("StakingZeroAmount");
    await ensureAllowance(this.params, this.params.deployment.contracts.Staking, amount);
    return this.send(this.params.deployment.contracts.Staking, stakingAbi, "stake", [amount]);
  }
  /** Starts unbonding `amount` of free stake. */
  async requestUnstake({ amount }: { readonly amount: bigint }): Promise<TransactionReceiptSummary> {
    if (amount <= 0n) throw new CalctraError("StakingZeroAmount");
    return this.send(this.params.deployment.contracts.Staking, stakingAbi, "requestUnstake", [amount]);
  }
  /** Withdraws unbonded stake after the unbonding period. */
  async withdraw(): Promise<TransactionReceiptSummary> {
    return this.send(this.params.deployment.contracts.Staking, stakingAbi, "withdraw", []);
  }
  /** Stake, collateral and reputation of a provider. */
  async getProvider({ provider }: { readonly provider: string }): Promise<ProviderInfo> {
    const { publicClient, deployment } = this.params;
    const address = deployment.contracts.Staking;
    const p = provider as Address;
    const [stake, info, metadataHash] = await Promise.all([
      publicClient.readContract({ address, abi: stakingAbi, functionName: "stakeInfo", args: [p] }),
      publicClient.readContract({ address, abi: stakingAbi, functionName: "providerInfo", args: [p] }),
      publicClient.readContract({ address, abi: stakingAbi, functionName: "metadataOf", args: [p] }),
    ]);
    return {
      provider: universalFromEvm(p), registered: info.registered, metadataHash,
      staked: stake.free + stake.locked, locked: stake.locked, pendingUnstake: stake.pendingUnstake,
      unstakeAvailableAt: stake.unlockAt, completed: info.completed, failed: info.failed, slashedTotal: info.slashedTotal,
      scoreBps: reputationScoreBps({ completed: info.completed, failed: info.failed }),
    };
  }
}

async function ensureAllowance(params: EvmClientParameters, spender: Address, amount: bigint): Promise<void> {
  const token = params.deployment.contracts.CalToken;
  const owner = params.walletClient.account.address;
  const allowance = await params.publicClient.readContract({ address: token, abi: calTokenAbi, functionName: "allowance", args: [owner, spender] });
  if (allowance >= amount) return;
  await new EvmTokenClient(params).approve({ spender, amount });
}

/** Encodes a snarkjs Groth16 proof's (a, b, c) as the `bytes proof` the EVM verifiers take. */
export function encodeEvmProof(proof: { readonly a: readonly [bigint, bigint]; readonly b: readonly [readonly [bigint, bigint], readonly [bigint, bigint]]; readonly c: readonly [bigint, bigint] }): Hex {
  return encodeAbiParameters([{ type: "uint256[2]" }, { type: "uint256[2][2]" }, { type: "uint256[2]" }], [proof.a, proof.b, proof.c] as never);
}

/**
 * The marketplace escrow on an EVM chain. `createTask` approves the reward first when needed and
 * validates its input before sending (errors carry the on-chain names).
 *
 * @example
 * ```ts
 * const market = new EvmMarketplaceClient({ publicClient, walletClient, deployment });
 * const { taskId } = await market.createTask({ specHash, reward: 100n * CAL, collateral: 50n * CAL,
 *   deadline: now + 3600n, verifierId: 0, minReputationBps: 0 });
 * ```
 */
export class EvmMarketplaceClient extends EvmContractClient implements MarketplaceClient {
  private get address(): Address {
    return this.params.deployment.contracts.Marketplace;
  }
  /** Posts a task and escrows its reward. */
  async createTask(p: CreateTaskParameters): Promise<CreateTaskReturnType> {
    if (p.reward <= 0n) throw new CalctraError("MarketplaceZeroReward");
    if (p.specHash < 0n || p.specHash >= SPEC_HASH_BOUND) throw new CalctraError("MarketplaceFieldElementOutOfRange", { value: p.specHash, bound: SPEC_HASH_BOUND });
    if (p.minReputationBps < 0 || p.minReputationBps > 10_000) throw new CalctraError("MarketplaceParameterOutOfBounds", { name: "minReputationBps", value: p.minReputationBps });
    if (p.verifierId < 0 || p.verifierId > U16_MAX) throw new CalctraError("MarketplaceUnknownVerifier", { verifierId: p.verifierId });
    const block = await this.params.publicClient.getBlock();
    if (p.deadline <= block.timestamp) throw new CalctraError("MarketplaceInvalidDeadline", { deadline: p.deadline, now_: block.timestamp });
    await ensureAllowance(this.params, this.address, p.reward);
    const before = await this.taskCount();
    const receipt = await this.send(this.address, marketplaceAbi, "createTask", [{
      specHash: p.specHash, reward: p.reward, collateral: p.collateral, deadline: p.deadline, verifierId: p.verifierId,
      modelCreator: (p.modelCreator ?? "0x0000000000000000000000000000000000000000") as Address, minReputationBps: p.minReputationBps,
    }]);
    const { parseEventLogs } = await import("viem");
    const created = parseEventLogs({ abi: marketplaceAbi, eventName: "TaskCreated", logs: receipt.logs as never });
    const taskId = created[0]?.args.taskId ?? before + 1n;
    return { id: receipt.id, cost: receipt.cost, taskId };
  }
  /** Cancels an Open task (its user only) and refunds the reward. */
  async cancelTask({ taskId }: { readonly taskId: bigint }) { return this.tx("cancelTask", [taskId]); }
  /** Takes an Open task, locking collateral from the caller's free stake. */
  async acceptTask({ taskId }: { readonly taskId: bigint }) { return this.tx("acceptTask", [taskId]); }
  /** Submits a result: with a proof (encoded by {@link encodeEvmProof}) for verified tasks, without for optimistic ones. */
  async submitResult({ taskId, resultCommitment, proof }: SubmitResultParameters) {
    const bytes: Hex = proof ? `0x${Buffer.from(proof).toString("hex")}` : "0x";
    return this.tx("submitResult", [taskId, resultCommitment, bytes]);
  }
  /** Completes a Submitted task after its challenge window. Anyone. */
  async finalize({ taskId }: { readonly taskId: bigint }) { return this.tx("finalize", [taskId]); }
  /** Disputes a Submitted task inside its challenge window. Task user only. */
  async dispute({ taskId }: { readonly taskId: bigint }) { return this.tx("dispute", [taskId]); }
  /** Resolves a Disputed task. Arbiter only. */
  async resolve({ taskId, providerAtFault }: { readonly taskId: bigint; readonly providerAtFault: boolean }) { return this.tx("resolve", [taskId, providerAtFault]); }
  /** Refunds an Assigned task past its deadline and slashes the provider. Anyone. */
  async expire({ taskId }: { readonly taskId: bigint }) { return this.tx("expire", [taskId]); }
  /** Reads a task; throws `MarketplaceTaskNotFound` for an unknown id. */
  async getTask({ taskId }: { readonly taskId: bigint }): Promise<Task> {
    try {
      const t = await this.params.publicClient.readContract({ address: this.address, abi: marketplaceAbi, functionName: "getTask", args: [taskId] });
      const zero = "0x0000000000000000000000000000000000000000";
      return {
        id: t.id, user: universalFromEvm(t.user), specHash: t.specHash, reward: t.reward, collateral: t.collateral,
        deadline: t.deadline, verifierId: Number(t.verifierId), modelCreator: t.modelCreator === zero ? null : universalFromEvm(t.modelCreator),
        minReputationBps: Number(t.minReputationBps), provider: t.provider === zero ? null : universalFromEvm(t.provider),
        resultCommitment: t.resultCommitment, status: t.status as TaskStatus,
      };
    } catch (e) {
      throw decodeEvmError(e);
    }
  }
  /** Number of tasks created so far (ids are 1..taskCount). */
  async taskCount(): Promise<bigint> {
    return this.params.publicClient.readContract({ address: this.address, abi: marketplaceAbi, functionName: "taskCount" });
  }
  private tx(fn: ContractFunctionName<typeof marketplaceAbi, "nonpayable">, args: readonly unknown[]): Promise<TransactionReceiptSummary> {
    return this.send(this.address, marketplaceAbi, fn, args).then(({ id, cost }) => ({ id, cost }));
  }
}
