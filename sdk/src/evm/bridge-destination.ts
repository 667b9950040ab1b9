import { concat, getAddress, type Account, type Address, type Chain, type Hex, type PublicClient, type Transport, type WalletClient } from "viem";
import { universalFromEvm, type Domain, type UniversalAddress } from "@calctra/core";
import { bridgeVaultAbi as bridgeAbi } from "./generated/abis.js";
import type { DeliveryResult, DestinationChain, SignedMessage, ValidatorSetView } from "../bridge/types.js";

/** Parameters of {@link EvmDestination}. */
export interface EvmDestinationParameters {
  readonly domain: Domain;
  readonly bridge: Address;
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** Messages per `receiveBatch` transaction (≤ the contract's MAX_BATCH, 64). */
  readonly maxBatch?: number;
}

/** An EVM destination: delivers batches with `receiveBatch` (one transaction, one block). */
export class EvmDestination implements DestinationChain {
  readonly domain: Domain;
  readonly bridge: UniversalAddress;
  readonly maxBatch: number;
  readonly #p: EvmDestinationParameters;

  constructor(parameters: EvmDestinationParameters) {
    this.#p = parameters;
    this.domain = parameters.domain;
    this.bridge = universalFromEvm(parameters.bridge);
    this.maxBatch = Math.min(parameters.maxBatch ?? 32, 64);
  }

  async validatorSet(): Promise<ValidatorSetView> {
    const { publicClient: c, bridge } = this.#p;
    const [[validators, threshold], [prev, prevThreshold, validUntil], block] = await Promise.all([
      c.readContract({ address: bridge, abi: bridgeAbi, functionName: "validatorSet" }),
      c.readContract({ address: bridge, abi: bridgeAbi, functionName: "previousValidatorSet" }),
      c.getBlock(),
    ]);
    const lower = (a: readonly Address[]) => a.map((x) => x.toLowerCase() as Address);
    const retained = prev.length > 0 && BigInt(validUntil) >= block.timestamp;
    return { validators: lower(validators), threshold, ...(retained ? { previous: { validators: lower(prev), threshold: prevThreshold } } : {}) };
  }

  async isDelivered(messageId: Hex): Promise<boolean> {
    return this.#p.publicClient.readContract({ address: this.#p.bridge, abi: bridgeAbi, functionName: "isDelivered", args: [messageId] });
  }

  async deliver(batch: readonly SignedMessage[]): Promise<DeliveryResult> {
    const { publicClient, walletClient, bridge } = this.#p;
    const hash = await walletClient.writeContract({
      address: getAddress(bridge), abi: bridgeAbi, functionName: "receiveBatch", chain: walletClient.chain, account: walletClient.account,
      args: [batch.map((m) => m.encoded), batch.map((m) => concat(m.signatures.map((s) => s.signature)))],
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`receiveBatch ${hash} reverted`);
    // receiveBatch delivers every message of the batch or skips those already delivered: all are delivered now.
    return { transactionId: hash, delivered: batch.map((m) => m.messageId) };
  }
}
