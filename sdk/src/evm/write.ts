/**
 * The one write path of the EVM adapters. Each write action is described once, as a contract call
 * ({@link EvmContractWrite}: address, ABI, function, arguments and the CAL it pulls from the sender), and that one
 * description is then prepared (unsigned calldata, {@link EvmPreparedTransaction}), simulated (`eth_call` plus a gas
 * estimate, reverts decoded to `CalctraError`) or sent (simulated first, signed by the wallet client, awaited).
 */
import {
  encodeAbiParameters,
  encodeFunctionData,
  keccak256,
  toHex,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hex,
  type Log,
  type PublicClient,
  type StateOverride,
  type Transport,
  type WalletClient,
} from "viem";
import type { SimulateReturnType, TransactionReceiptSummary } from "@calctra/core";
import { calTokenAbi } from "./generated/abis.js";
import { decodeEvmError } from "./errors.js";

/** One unsigned EVM call: what `walletClient.sendTransaction`, a Safe transaction or `wallet_sendCalls` takes. */
export interface EvmCall {
  readonly to: Address;
  readonly data: Hex;
  /** Wei sent with the call (0 for every Calctra action). */
  readonly value: bigint;
}

/**
 * What every `prepareX` returns: the action's call, unsigned (nothing is signed or sent), for a multisig (Safe) or
 * any external signer. An action that pulls CAL from its sender (`stake`, `createTask`, the bridge's `transfer`)
 * needs an ERC-20 allowance; when the sender's allowance is short, `approval` is the `approve` call to execute
 * first, from the same sender. {@link evmPreparedCalls} lists the calls in order: a Safe executes them as one
 * MultiSend batch, an EIP-5792 wallet as `sendCalls({ calls })`, a plain wallet one `sendTransaction` each.
 *
 * @example
 * ```ts
 * const prepared = await staking.prepareStake({ amount: 500n * CAL, account: safeAddress });
 * for (const call of evmPreparedCalls(prepared)) await wallet.sendTransaction({ ...call, account, chain });
 * ```
 */
export interface EvmPreparedTransaction extends EvmCall {
  /** The CAL `approve(spender, amount)` call that must be executed before this one; absent when the allowance suffices. */
  readonly approval?: EvmCall;
}

/** Options of every `prepareX` and `simulateX`. */
export interface EvmPrepareOptions {
  /**
   * The address that will send the transaction (default: the wallet client's account), e.g. a Safe: its allowance
   * decides whether an approval is needed, and the simulation runs from it.
   */
  readonly account?: Address;
}

/** What every EVM write action (`x`) returns. */
export interface EvmTransactionReturnType extends TransactionReceiptSummary {
  /** Transaction hash. */
  readonly id: Hex;
  /** Gas used. */
  readonly cost: bigint;
  /** The ERC-20 approval sent first, when the action pulls CAL and the allowance was short. */
  readonly approval?: { readonly id: Hex; readonly cost: bigint };
}

/**
 * The calls of a prepared transaction in execution order: the approval (when there is one), then the action.
 *
 * @example
 * ```ts
 * const calls = evmPreparedCalls(await market.prepareCreateTask(task));
 * await walletClient.sendCalls({ calls }); // EIP-5792, or one Safe MultiSend
 * ```
 */
export function evmPreparedCalls(prepared: EvmPreparedTransaction): readonly EvmCall[] {
  const { approval, to, data, value } = prepared;
  return approval ? [approval, { to, data, value }] : [{ to, data, value }];
}

/** A write action described once: the contract call, and the CAL the called contract pulls from the sender. */
export interface EvmContractWrite {
  readonly address: Address;
  readonly abi: Abi;
  readonly functionName: string;
  readonly args: readonly unknown[];
  /** CAL that `address` takes from the sender with `transferFrom` (so `address` needs that allowance on `token`). */
  readonly spends?: { readonly token: Address; readonly amount: bigint };
}

/**
 * An {@link EvmContractWrite}, its function name and arguments type-checked against the ABI.
 *
 * @example
 * ```ts
 * const write = evmContractWrite({ address: marketplace, abi: marketplaceAbi, functionName: "cancelTask", args: [taskId] });
 * ```
 */
export function evmContractWrite<const abi extends Abi, functionName extends ContractFunctionName<abi, "nonpayable" | "payable">>(write: {
  readonly address: Address;
  readonly abi: abi;
  readonly functionName: functionName;
  readonly args: ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>;
  readonly spends?: EvmContractWrite["spends"];
}): EvmContractWrite {
  return write as unknown as EvmContractWrite;
}

/** Storage slot of OpenZeppelin ERC20's `_allowances` mapping (CalToken: ERC20 is its first stateful base). */
const ERC20_ALLOWANCES_SLOT = 1n;

/** A state override giving `owner` an allowance of `amount` for `spender` (to simulate past a pending approval). */
function allowanceOverride(token: Address, owner: Address, spender: Address, amount: bigint): StateOverride {
  const inner = keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [owner, ERC20_ALLOWANCES_SLOT]));
  const slot = keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [spender, inner]));
  return [{ address: token, stateDiff: [{ slot, value: toHex(amount, { size: 32 }) }] }];
}

/** The viem clients a writer uses. */
export interface EvmWriterParameters {
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
}

/** What {@link EvmWriter.send} returns: the receipt's hash, gas and logs, and the approval sent first if any. */
export interface EvmSentTransaction extends EvmTransactionReturnType {
  readonly logs: readonly Log[];
}

/**
 * Prepares, simulates and sends {@link EvmContractWrite}s: the internal path behind every EVM client's
 * `prepareX` / `simulateX` / `x`.
 *
 * @example
 * ```ts
 * const writer = new EvmWriter({ publicClient, walletClient });
 * const { cost } = await writer.simulate(evmContractWrite({ address, abi: marketplaceAbi, functionName: "finalize", args: [taskId] }));
 * ```
 */
export class EvmWriter {
  constructor(private readonly clients: EvmWriterParameters) {}

  /** The wallet client's address. */
  get account(): Address {
    return this.clients.walletClient.account.address;
  }

  /**
   * The unsigned call, with the approval `account` must execute first when the write pulls more CAL than allowed.
   *
   * @example
   * ```ts
   * const { to, data, value } = await writer.prepare(write, safeAddress);
   * ```
   */
  async prepare(write: EvmContractWrite, account: Address = this.account): Promise<EvmPreparedTransaction> {
    const call = { to: write.address, data: encodeFunctionData(write), value: 0n };
    const approval = await this.#approval(write, account);
    return approval ? { ...call, approval: { to: approval.address, data: encodeFunctionData(approval), value: 0n } } : call;
  }

  /**
   * Runs the write from `account` without sending it: its return value and estimated gas (the approval's included),
   * or the decoded `CalctraError` it would revert with. A pending approval is simulated as granted (a state override);
   * `cost` is then omitted on nodes that cannot estimate gas under a state override (Hardhat's EDR).
   *
   * @example
   * ```ts
   * const { cost, result: taskId } = await writer.simulate(createTaskWrite);
   * ```
   */
  async simulate<TResult = unknown>(write: EvmContractWrite, account: Address = this.account): Promise<SimulateReturnType<TResult>> {
    const { publicClient } = this.clients;
    try {
      const approval = await this.#approval(write, account);
      const { call, result } = await this.#call(write, account, approval !== undefined);
      let cost: bigint | undefined;
      if (!approval) {
        cost = await publicClient.estimateContractGas(call as never);
      } else {
        const [approve, action] = await Promise.all([
          publicClient.estimateContractGas({
            address: approval.address,
            abi: approval.abi,
            functionName: approval.functionName,
            args: approval.args,
            account,
          } as never),
          publicClient.estimateContractGas(call as never).catch(() => undefined),
        ]);
        cost = action === undefined ? undefined : approve + action;
      }
      return cost === undefined ? { result: result as TResult } : { cost, result: result as TResult };
    } catch (e) {
      throw decodeEvmError(e);
    }
  }

  /**
   * Sends the write with the wallet client (approving first when needed) and waits for it. The action is simulated
   * before anything is sent (before the approval too), so a revert is thrown as the decoded `CalctraError` and
   * nothing is sent.
   *
   * @example
   * ```ts
   * const { id, cost, logs } = await writer.send(write);
   * ```
   */
  async send(write: EvmContractWrite): Promise<EvmSentTransaction> {
    const approval = await this.#approval(write, this.account);
    if (approval) {
      try {
        await this.#call(write, this.account, true);
      } catch (e) {
        throw decodeEvmError(e);
      }
    }
    const approved = approval ? await this.#send(approval) : undefined;
    const sent = await this.#send(write);
    return approved ? { ...sent, approval: { id: approved.id, cost: approved.cost } } : sent;
  }

  async #send(write: EvmContractWrite): Promise<EvmSentTransaction> {
    const { publicClient, walletClient } = this.clients;
    try {
      // The simulation surfaces a revert (decoded from the ABI) before anything is sent.
      const { request } = await publicClient.simulateContract({
        address: write.address,
        abi: write.abi,
        functionName: write.functionName,
        args: write.args,
        account: walletClient.account,
        chain: walletClient.chain,
      } as never);
      const hash = await walletClient.writeContract(request as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${write.functionName} ${hash} reverted`);
      return { id: hash, cost: receipt.gasUsed, logs: receipt.logs };
    } catch (e) {
      throw decodeEvmError(e);
    }
  }

  /** `eth_call` of the write from `account`, as if its allowance were granted when `approved`. */
  async #call(write: EvmContractWrite, account: Address, approved: boolean) {
    const stateOverride =
      approved && write.spends ? allowanceOverride(write.spends.token, account, write.address, write.spends.amount) : undefined;
    const call = {
      address: write.address,
      abi: write.abi,
      functionName: write.functionName,
      args: write.args,
      account,
      ...(stateOverride ? { stateOverride } : {}),
    };
    const { result } = await this.clients.publicClient.simulateContract(call as never);
    return { call, result: result as unknown };
  }

  /** The `approve` the write needs first from `owner`, or undefined when its allowance covers the amount. */
  async #approval(write: EvmContractWrite, owner: Address): Promise<EvmContractWrite | undefined> {
    if (!write.spends) return undefined;
    const { token, amount } = write.spends;
    const allowance = await this.clients.publicClient.readContract({
      address: token,
      abi: calTokenAbi,
      functionName: "allowance",
      args: [owner, write.address],
    });
    if (allowance >= amount) return undefined;
    return evmContractWrite({ address: token, abi: calTokenAbi, functionName: "approve", args: [write.address, amount] });
  }
}
