/**
 * How the demo binds an account of each local chain to the provider agent and to a compute validator (DESIGN §5.3,
 * §11): one place for the autonomous round (demo-agents.ts) and the proof-of-computational-power story
 * (demo-power.ts), so both drive the same clients on EVM, Solana and TON.
 */
import { CAL, universalFromEvm, universalFromSolana, type PowerClient, type StakingClient } from "@calctra/core";
import { EvmMarketplaceClient, EvmPowerClient, EvmStakingClient } from "@calctra/sdk/evm";
import { SolanaMarketplaceClient, SolanaPowerClient, SolanaStakingClient } from "@calctra/sdk/solana";
import { TonMarketplaceClient, TonStakingClient, universalFromTonAddress } from "@calctra/sdk/ton";
import type { LocalEvm } from "@calctra/devnet/evm";
import type { LocalSolana, LocalSolanaWallet } from "@calctra/devnet/solana";
import type { LocalTon, TonActor } from "@calctra/devnet/ton";
import type { AgentChain } from "@calctra/agent";

/** An EVM account of the local chain. */
export type EvmWallet = LocalEvm["wallets"][number];

/** A compute validator's account on one chain: its staking and power clients and its address. */
export interface DemoValidatorAccount {
  readonly staking: StakingClient;
  readonly power: PowerClient;
  readonly self: string;
  /** Registers and stakes 200 CAL in staking like a provider, then registers with the power registry. */
  register(): Promise<unknown>;
}

/**
 * The agent's binding of `w` on the local EVM chain (marketplace, staking, power).
 *
 * @example
 * ```ts
 * const chain = evmAgentChain(evm, evm.wallets[2]!);
 * ```
 */
export function evmAgentChain(evm: LocalEvm, w: EvmWallet): AgentChain {
  const base = { publicClient: evm.publicClient, deployment: evm.deployment, walletClient: w };
  return {
    name: "evm",
    kind: "evm",
    market: new EvmMarketplaceClient(base),
    staking: new EvmStakingClient(base),
    power: new EvmPowerClient(base),
    self: w.account.address,
    universal: universalFromEvm(w.account.address),
    now: async () => (await evm.publicClient.getBlock()).timestamp,
  };
}

/** The agent's binding of `w` on the local Solana chain. */
export function solanaAgentChain(sol: LocalSolana, w: LocalSolanaWallet): AgentChain {
  return {
    name: "solana",
    kind: "solana",
    market: new SolanaMarketplaceClient(w.params),
    staking: new SolanaStakingClient(w.params),
    power: new SolanaPowerClient(w.params),
    self: w.address,
    universal: universalFromSolana(w.address),
    now: () => sol.now(),
  };
}

/** The agent's binding of `a` on the local TON chain (the power registry is part of staking there). */
export function tonAgentChain(ton: LocalTon, a: TonActor): AgentChain {
  return {
    name: "ton",
    kind: "ton",
    market: new TonMarketplaceClient(ton.connect(a)),
    staking: new TonStakingClient(ton.connect(a)),
    power: ton.power(a),
    self: a.address.toString(),
    universal: universalFromTonAddress(a.address),
    now: async () => BigInt(ton.now()),
  };
}

/** A compute validator on EVM, Solana or TON (`evmValidator(evm, w)`, …): staked like a provider, then registered. */
function validatorAccount(staking: StakingClient, power: PowerClient, self: string): DemoValidatorAccount {
  return {
    staking,
    power,
    self,
    register: async () => {
      await staking.register({ metadataHash: `0x${"0a".repeat(32)}` });
      await staking.stake({ amount: 200n * CAL });
      await power.registerValidator();
    },
  };
}

/** The compute validator acting as `w` on the local EVM chain. */
export function evmValidator(evm: LocalEvm, w: EvmWallet): DemoValidatorAccount {
  const c = evmAgentChain(evm, w);
  return validatorAccount(c.staking, c.power!, c.self);
}

/** The compute validator acting as `w` on the local Solana chain. */
export function solanaValidator(sol: LocalSolana, w: LocalSolanaWallet): DemoValidatorAccount {
  const c = solanaAgentChain(sol, w);
  return validatorAccount(c.staking, c.power!, c.self);
}

/** The compute validator acting as `a` on the local TON chain. */
export function tonValidator(ton: LocalTon, a: TonActor): DemoValidatorAccount {
  const c = tonAgentChain(ton, a);
  return validatorAccount(c.staking, c.power!, c.self);
}
