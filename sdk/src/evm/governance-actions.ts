/**
 * Chain-neutral governance actions (`GovernanceAction` of `@calctra/core`) as EVM calls: on the home chain each action
 * becomes the timelock calls that apply it; toward another domain the whole list becomes one `GovernanceHub.dispatch`
 * carrying `encodeGovernanceActions` (DESIGN §7).
 */
import { decodeFunctionData, encodeFunctionData, getAddress, hexToBytes, toHex, type Address, type Hex } from "viem";
import type { EvmProposalActions } from "./governance.js";
import {
  CalctraError,
  GOVERNANCE_ROLES,
  decodeGovernanceActions,
  encodeGovernanceActions,
  parameterById,
  universalFromEvm,
  type Domain,
  type GovernanceAction,
  type UniversalAddress,
} from "@calctra/core";
import { bridgeVaultAbi, governanceHubAbi, marketplaceAbi, powerRegistryAbi, stakingAbi } from "./generated/abis.js";

/** The contracts a home-chain action may call. */
export interface EvmGovernanceTargets {
  readonly Marketplace: Address;
  readonly Staking: Address;
  /** The chain's bridge (BridgeVault on the home chain): needed by validator-set, remote-domain and bridge pause actions. */
  readonly Bridge?: Address;
  /** The power registry: needed by its parameters (ids 8..14, owner "power"). */
  readonly PowerRegistry?: Address;
}

/** One call the timelock makes. */
export interface EvmGovernanceCall {
  readonly target: Address;
  readonly value: bigint;
  readonly calldata: Hex;
}

const ZERO32 = `0x${"00".repeat(32)}`;

function evmAddress(account: UniversalAddress, field: string): Address {
  if (!/^0x0{24}[0-9a-fA-F]{40}$/.test(account)) throw new CalctraError("GovernanceInvalidAction", { field, value: account });
  return getAddress(`0x${account.slice(26)}`);
}

function bridgeOf(targets: EvmGovernanceTargets, kind: string): Address {
  if (!targets.Bridge) throw new CalctraError("GovernanceInvalidAction", { field: "bridge", value: `${kind} needs the bridge address` });
  return targets.Bridge;
}

/**
 * The calls that apply one action on the home chain (the timelock is the admin of every target). `setValidatorSet`
 * is two calls (`setRetentionWindow`, then `setValidatorSet`); the guardian role and `executionDelay` exist on spokes
 * only and are refused with `GovernanceInvalidAction` / `GovernanceUnknownParameter`.
 *
 * @example
 * ```ts
 * const calls = evmGovernanceCalls(setParameter("challengePeriod", 7200n), deployment.contracts);
 * ```
 */
export function evmGovernanceCalls(action: GovernanceAction, targets: EvmGovernanceTargets): EvmGovernanceCall[] {
  const call = (target: Address, calldata: Hex): EvmGovernanceCall => ({ target, value: 0n, calldata });
  switch (action.kind) {
    case "setParameter": {
      const p = parameterById(action.paramId);
      if (!p || p.owner === "executor") throw new CalctraError("GovernanceUnknownParameter", { paramId: action.paramId });
      const args = [action.paramId, action.value] as const;
      if (p.owner === "power") {
        if (!targets.PowerRegistry) throw new CalctraError("GovernanceUnknownParameter", { paramId: action.paramId });
        return [call(targets.PowerRegistry, encodeFunctionData({ abi: powerRegistryAbi, functionName: "setParameter", args }))];
      }
      return p.owner === "staking"
        ? [call(targets.Staking, encodeFunctionData({ abi: stakingAbi, functionName: "setParameter", args }))]
        : [call(targets.Marketplace, encodeFunctionData({ abi: marketplaceAbi, functionName: "setParameter", args }))];
    }
    case "setVerifier":
      return [
        call(
          targets.Marketplace,
          action.verifier === ZERO32
            ? encodeFunctionData({ abi: marketplaceAbi, functionName: "removeVerifier", args: [action.verifierId] })
            : encodeFunctionData({
                abi: marketplaceAbi,
                functionName: "registerVerifier",
                args: [action.verifierId, evmAddress(action.verifier, "verifier")],
              }),
        ),
      ];
    case "setRole":
      if (action.role === "guardian") throw new CalctraError("GovernanceInvalidAction", { field: "role", value: "guardian (spokes only)" });
      return [
        call(
          targets.Marketplace,
          encodeFunctionData({
            abi: marketplaceAbi,
            functionName: "setRole",
            args: [GOVERNANCE_ROLES[action.role], evmAddress(action.account, "account")],
          }),
        ),
      ];
    case "setValidatorSet": {
      const bridge = bridgeOf(targets, action.kind);
      return [
        call(bridge, encodeFunctionData({ abi: bridgeVaultAbi, functionName: "setRetentionWindow", args: [action.retention] })),
        call(
          bridge,
          encodeFunctionData({
            abi: bridgeVaultAbi,
            functionName: "setValidatorSet",
            args: [action.signers.map((s) => getAddress(s)), action.threshold],
          }),
        ),
      ];
    }
    case "setRemoteDomain": {
      const bridge = bridgeOf(targets, action.kind);
      if (!action.enabled)
        return [call(bridge, encodeFunctionData({ abi: bridgeVaultAbi, functionName: "disableRemoteDomain", args: [action.domain] }))];
      const config = {
        bridge: action.bridge,
        inboundCapacity: action.inboundCapacity,
        inboundRatePerSecond: action.inboundRatePerSecond,
        outboundCapacity: action.outboundCapacity,
        outboundRatePerSecond: action.outboundRatePerSecond,
      };
      return [call(bridge, encodeFunctionData({ abi: bridgeVaultAbi, functionName: "setRemoteDomain", args: [action.domain, config] }))];
    }
    case "pause":
    case "unpause": {
      const target = action.target === "marketplace" ? targets.Marketplace : bridgeOf(targets, `${action.kind} bridge`);
      return [call(target, encodeFunctionData({ abi: marketplaceAbi, functionName: action.kind, args: [] }))];
    }
  }
}

/**
 * The timelock call that sends `actions` to `dstDomain`'s executor: `GovernanceHub.dispatch(dstDomain,
 * encodeGovernanceActions(actions))`.
 *
 * @example
 * ```ts
 * const call = evmDispatchCall(hub, DOMAINS.solana, [setParameter("challengePeriod", 7200n)]);
 * ```
 */
export function evmDispatchCall(hub: Address, dstDomain: Domain, actions: readonly GovernanceAction[]): EvmGovernanceCall {
  return {
    target: hub,
    value: 0n,
    calldata: encodeFunctionData({
      abi: governanceHubAbi,
      functionName: "dispatch",
      args: [dstDomain, toHex(encodeGovernanceActions(actions))],
    }),
  };
}

/** Parameters of {@link evmProposalActions}. */
export interface EvmProposalActionsParameters {
  /** Actions applied on the home chain by the timelock. */
  readonly home?: readonly GovernanceAction[];
  /** Action lists for other domains, each sent as one `dispatch` (1 to 8 actions per domain). */
  readonly remote?: ReadonlyMap<Domain, readonly GovernanceAction[]>;
  readonly targets: EvmGovernanceTargets;
  /** The GovernanceHub (needed when `remote` is not empty). */
  readonly hub?: Address;
  readonly description: string;
}

/**
 * A proposal's timelock calls from chain-neutral actions: the home actions' calls, then one `dispatch` per remote domain.
 *
 * @example
 * ```ts
 * const actions = evmProposalActions({ home: [setParameter("slashBps", 3000n)],
 *   remote: new Map([[DOMAINS.ton, [setParameter("challengePeriod", 7200n)]]]), targets: deployment.contracts, hub, description });
 * await gov.propose(actions);
 * ```
 */
export function evmProposalActions(p: EvmProposalActionsParameters): EvmProposalActions {
  const calls = (p.home ?? []).flatMap((a) => evmGovernanceCalls(a, p.targets));
  for (const [domain, actions] of p.remote ?? []) {
    if (!p.hub) throw new CalctraError("GovernanceInvalidAction", { field: "hub", value: "remote actions need the GovernanceHub" });
    calls.push(evmDispatchCall(p.hub, domain, actions));
  }
  return {
    targets: calls.map((c) => c.target),
    values: calls.map((c) => c.value),
    calldatas: calls.map((c) => c.calldata),
    description: p.description,
  };
}

/** Parameters of {@link decodeEvmProposalActions}: a proposal's calls as its `ProposalCreated` event records them. */
export interface DecodeEvmProposalActionsParameters {
  readonly targets: readonly Address[];
  readonly calldatas: readonly Hex[];
  /** The contracts home actions call (as for {@link evmProposalActions}). */
  readonly contracts: EvmGovernanceTargets;
  /** The GovernanceHub: its `dispatch` calls are the remote action lists. */
  readonly hub?: Address;
}

/** What {@link decodeEvmProposalActions} returns. */
export interface DecodeEvmProposalActionsReturnType {
  /** The actions applied on the home chain, in order. */
  readonly home: GovernanceAction[];
  /** The action list sent to each domain. */
  readonly remote: Map<Domain, GovernanceAction[]>;
  /** Calls that are none of the action set's (another contract or function): shown as they are. */
  readonly other: { readonly target: Address; readonly calldata: Hex }[];
}

const ROLE_BY_ID = new Map(Object.entries(GOVERNANCE_ROLES).map(([name, id]) => [Number(id), name as keyof typeof GOVERNANCE_ROLES]));

/**
 * The inverse of {@link evmProposalActions}: a proposal's timelock calls read back as chain-neutral actions, so an
 * app can show them in words (`describeGovernanceAction`). `setRetentionWindow` + `setValidatorSet` pairs become one
 * `setValidatorSet`; calls outside the action set are returned in `other`.
 *
 * @example
 * ```ts
 * const { home, remote } = decodeEvmProposalActions({ targets, calldatas, contracts: deployment.contracts, hub });
 * home.map((a) => describeGovernanceAction(a));
 * ```
 */
export function decodeEvmProposalActions(p: DecodeEvmProposalActionsParameters): DecodeEvmProposalActionsReturnType {
  const home: GovernanceAction[] = [];
  const remote = new Map<Domain, GovernanceAction[]>();
  const other: { target: Address; calldata: Hex }[] = [];
  const same = (a: Address | undefined, b: Address) => a !== undefined && getAddress(a) === getAddress(b);
  let retention: number | undefined;
  p.targets.forEach((target, i) => {
    const data = p.calldatas[i] ?? "0x";
    const decoded = (abi: readonly unknown[]) => {
      try {
        return decodeFunctionData({ abi: abi as never, data }) as { functionName: string; args: readonly unknown[] };
      } catch {
        return undefined;
      }
    };
    if (same(p.hub, target)) {
      const call = decoded(governanceHubAbi);
      if (call?.functionName === "dispatch") {
        const [domain, payload] = call.args as [number, Hex];
        remote.set(domain, [...(remote.get(domain) ?? []), ...decodeGovernanceActions(hexToBytes(payload))]);
        return;
      }
    } else if (same(p.contracts.Bridge, target)) {
      const call = decoded(bridgeVaultAbi);
      switch (call?.functionName) {
        case "setRetentionWindow":
          retention = Number(call.args[0]);
          return;
        case "setValidatorSet": {
          const [signers, threshold] = call.args as [readonly Address[], number];
          home.push({
            kind: "setValidatorSet",
            signers: signers.map((s) => s.toLowerCase() as Hex),
            threshold: Number(threshold),
            retention: retention ?? 0,
          });
          retention = undefined;
          return;
        }
        case "disableRemoteDomain":
          home.push({
            kind: "setRemoteDomain",
            domain: Number(call.args[0]),
            enabled: false,
            bridge: ZERO32 as UniversalAddress,
            inboundCapacity: 0n,
            inboundRatePerSecond: 0n,
            outboundCapacity: 0n,
            outboundRatePerSecond: 0n,
          });
          return;
        case "setRemoteDomain": {
          const [domain, c] = call.args as [
            number,
            { bridge: Hex; inboundCapacity: bigint; inboundRatePerSecond: bigint; outboundCapacity: bigint; outboundRatePerSecond: bigint },
          ];
          home.push({ kind: "setRemoteDomain", domain: Number(domain), enabled: true, ...c, bridge: c.bridge as UniversalAddress });
          return;
        }
        case "pause":
        case "unpause":
          home.push({ kind: call.functionName, target: "bridge" });
          return;
      }
    } else if (same(p.contracts.Marketplace, target) || same(p.contracts.Staking, target) || same(p.contracts.PowerRegistry, target)) {
      const abi = same(p.contracts.Marketplace, target)
        ? marketplaceAbi
        : same(p.contracts.Staking, target)
          ? stakingAbi
          : powerRegistryAbi;
      const call = decoded(abi);
      switch (call?.functionName) {
        case "setParameter":
          home.push({ kind: "setParameter", paramId: Number(call.args[0]), value: BigInt(call.args[1] as bigint) });
          return;
        case "registerVerifier":
          home.push({ kind: "setVerifier", verifierId: Number(call.args[0]), verifier: universalFromEvm(call.args[1] as Address) });
          return;
        case "removeVerifier":
          home.push({ kind: "setVerifier", verifierId: Number(call.args[0]), verifier: ZERO32 as UniversalAddress });
          return;
        case "setRole": {
          const role = ROLE_BY_ID.get(Number(call.args[0]));
          if (!role) break;
          home.push({ kind: "setRole", role, account: universalFromEvm(call.args[1] as Address) });
          return;
        }
        case "pause":
        case "unpause":
          if (same(p.contracts.Marketplace, target)) {
            home.push({ kind: call.functionName, target: "marketplace" });
            return;
          }
      }
    }
    other.push({ target, calldata: data });
  });
  return { home, remote, other };
}
