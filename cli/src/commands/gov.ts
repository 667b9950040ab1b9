/**
 * `calctra gov …`: status and vote on any chain; propose, queue and execute EVM timelock calls; deposit voting weight
 * on TON and Solana; on Solana (a spoke vault + executor) send a proposal's tally to the hub, run or veto a received
 * action list.
 */
import type { Command } from "commander";
import {
  DOMAINS,
  ProposalState,
  formatCal,
  packFeeSplit,
  parseCal,
  parseGovernanceAction,
  setParameter,
  universalFromEvm,
  type GovernanceAction,
} from "@calctra/core";
import type { Address } from "viem";
import { EvmGovernanceClient, evmProposalActions, type EvmDeployment, type EvmProposalActions } from "@calctra/sdk/evm";
import { TonGovernanceClient } from "@calctra/sdk/ton";
import { SolanaGovernanceClient } from "@calctra/sdk/solana";
import type { ChainOptions as Opts, CommandKit } from "../context.js";

/** Parses a uint argument. */
const uint = (name: string, v: string | undefined): bigint => {
  if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${name}: expected an unsigned integer, got ${v ?? "nothing"}`);
  return BigInt(v);
};

/**
 * Governance actions the CLI can propose, `name:arg1,arg2`, each built as a chain-neutral `GovernanceAction`
 * (`setChallengePeriod:7200` is `setParameter("challengePeriod", 7200n)`).
 */
const GOV_ACTIONS: Record<string, { readonly args: number; readonly build: (a: string[]) => GovernanceAction }> = {
  ...Object.fromEntries(
    (["minStake", "unbondingPeriod", "challengePeriod", "slashBps"] as const).map((p) => [
      `set${p[0]!.toUpperCase()}${p.slice(1)}`,
      { args: 1, build: (a: string[]) => setParameter(p, uint(p, a[0])) },
    ]),
  ),
  setFeeSplit: {
    args: 3,
    build: (a) =>
      setParameter(
        "feeSplit",
        packFeeSplit({
          providerBps: uint("providerBps", a[0]),
          treasuryBps: uint("treasuryBps", a[1]),
          creatorBps: uint("creatorBps", a[2]),
        }),
      ),
  },
  setArbiter: { args: 1, build: (a) => ({ kind: "setRole", role: "arbiter", account: universalFromEvm(a[0]!) }) },
  setTreasury: { args: 1, build: (a) => ({ kind: "setRole", role: "treasury", account: universalFromEvm(a[0]!) }) },
  setPauser: { args: 1, build: (a) => ({ kind: "setRole", role: "pauser", account: universalFromEvm(a[0]!) }) },
  registerVerifier: {
    args: 2,
    build: (a) => ({ kind: "setVerifier", verifierId: Number(uint("verifierId", a[0])), verifier: universalFromEvm(a[1]!) }),
  },
  unpause: { args: 0, build: () => ({ kind: "unpause", target: "marketplace" }) },
};

/**
 * Parses governance actions into chain-neutral `GovernanceAction`s: `name:arg,arg` (`setChallengePeriod:7200`) or
 * core's short form (`set challengePeriod 2h`, see `parseGovernanceAction`).
 *
 * @example
 * ```ts
 * parseGovActions(["setChallengePeriod:7200"]); // [setParameter("challengePeriod", 7200n)]
 * ```
 */
export function parseGovActions(actions: readonly string[]): GovernanceAction[] {
  return actions.map((a) => {
    // core's short form ("set challengePeriod 2h", "role arbiter 0x…", "pause bridge", …)
    if (a.includes(" ")) return parseGovernanceAction(a);
    const [name = "", rawArgs = ""] = a.split(":");
    const spec = GOV_ACTIONS[name];
    if (!spec) throw new Error(`unknown action ${name}; known: ${Object.keys(GOV_ACTIONS).join(", ")}`);
    const parts = rawArgs === "" ? [] : rawArgs.split(",");
    if (parts.length !== spec.args) throw new Error(`${name} takes ${spec.args} argument(s)`);
    return spec.build(parts);
  });
}

/** Actions for other domains: `domain/name:args` entries and the GovernanceHub that dispatches them. */
export interface RemoteGovActions {
  readonly hub: Address;
  readonly entries: readonly string[];
}

/**
 * Encodes `name:arg,arg` governance actions into the home timelock's calls, plus one `GovernanceHub.dispatch` per
 * destination for `domain/name:args` remote entries.
 *
 * @example
 * ```ts
 * encodeGovActions(deployment, ["setChallengePeriod:7200"], "Shorter challenge window");
 * encodeGovActions(deployment, [], "Spoke window", { hub, entries: ["31338/setChallengePeriod:3600"] });
 * ```
 */
export function encodeGovActions(
  deployment: EvmDeployment,
  actions: readonly string[],
  description: string,
  remote?: RemoteGovActions,
): EvmProposalActions {
  const byDomain = new Map<number, GovernanceAction[]>();
  for (const entry of remote?.entries ?? []) {
    const slash = entry.indexOf("/");
    const domainText = entry.slice(0, slash);
    const domain = domainText === "solana" ? DOMAINS.solana : domainText === "ton" ? DOMAINS.ton : Number(domainText);
    if (slash < 1 || !Number.isInteger(domain) || domain < 0 || domain > 0xffffffff)
      throw new Error(`remote action ${entry}: expected <domain>/<name:args>`);
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), ...parseGovActions([entry.slice(slash + 1)])]);
  }
  if (actions.length === 0 && byDomain.size === 0) throw new Error("give at least one --action or --remote");
  return evmProposalActions({
    home: parseGovActions(actions),
    remote: byDomain,
    targets: deployment.contracts,
    ...(remote ? { hub: remote.hub } : {}),
    description,
  });
}

/** Options of `gov propose|queue|execute`. */
interface GovActionOptions {
  readonly action: string[];
  readonly remote: string[];
  readonly hub?: string;
  readonly description: string;
}

function remoteOf(o: GovActionOptions): RemoteGovActions | undefined {
  if (o.remote.length === 0) return undefined;
  if (!o.hub || !/^0x[0-9a-fA-F]{40}$/.test(o.hub)) throw new Error("--remote needs --hub <GovernanceHub address>");
  return { hub: o.hub as Address, entries: o.remote };
}

/**
 * Adds the `gov` command group.
 *
 * @example
 * ```ts
 * addGovCommands(program, commandKit({ evm: rpcContextFactory }, (t) => process.stdout.write(t)));
 * ```
 */
export function addGovCommands(program: Command, kit: CommandKit): void {
  const { withConn, clients, print, tx, evmContext, tonParams } = kit;
  const gov = program.command("gov").description("governance");
  withConn(gov.command("status <proposalId>")).action(async (id: string, o: Opts) => {
    const p = await (await clients(o)).governance.getProposal({ proposalId: BigInt(id) });
    const state = Object.entries(ProposalState).find(([, v]) => v === p.state)?.[0] ?? String(p.state);
    print(
      o,
      `${state}: for ${formatCal(p.forVotes)} / against ${formatCal(p.againstVotes)} / abstain ${formatCal(p.abstainVotes)} CAL; voting ${p.voteStart}..${p.voteEnd}`,
      { ...p, stateName: state },
    );
  });
  const withActions = (c: Command) =>
    withConn(
      c
        .option(
          "--action <name:args...>",
          `repeatable, applied on this (home) chain: ${Object.keys(GOV_ACTIONS).join(", ")}`,
          (v: string, prev: string[]) => [...prev, v],
          [] as string[],
        )
        .option(
          "--remote <domain/action>",
          "repeatable: an action for another domain (a chain id, solana or ton), sent by the GovernanceHub (--hub) to its executor",
          (v: string, prev: string[]) => [...prev, v],
          [] as string[],
        )
        .option("--hub <address>", "the GovernanceHub (needed by --remote)")
        .requiredOption("--description <text>", "proposal description (queue and execute need the same text)"),
    );
  withActions(gov.command("propose").description("propose typed parameter changes (EVM timelock calls)")).action(
    async (o: Opts & GovActionOptions) => {
      const ctx = await evmContext(o);
      const r = await new EvmGovernanceClient(ctx).propose(encodeGovActions(ctx.deployment, o.action, o.description, remoteOf(o)));
      print(o, `proposal ${r.proposalId} created: tx ${r.id} (gas ${r.cost})`, { proposalId: r.proposalId, tx: r.id, gas: r.cost });
    },
  );
  for (const verb of ["queue", "execute"] as const) {
    withActions(gov.command(verb).description(`${verb} a proposal (same actions and description as proposed)`)).action(
      async (o: Opts & GovActionOptions) => {
        const ctx = await evmContext(o);
        const g = new EvmGovernanceClient(ctx);
        const actions = encodeGovActions(ctx.deployment, o.action, o.description, remoteOf(o));
        tx(o, verb, verb === "queue" ? await g.queue(actions) : await g.execute(actions));
      },
    );
  }
  /** The Solana governance client of the connection (Solana-only commands). */
  const solanaGov = async (o: Opts): Promise<SolanaGovernanceClient> => {
    const g = o.chain === "solana" ? (await clients(o)).governance : undefined;
    if (!(g instanceof SolanaGovernanceClient)) throw new Error(`this command runs on Solana only (got --chain ${o.chain})`);
    return g;
  };
  withConn(
    gov.command("deposit <CAL>").description("TON, Solana: deposit CAL in governance as voting weight (EVM delegates its balance instead)"),
  ).action(async (amount: string, o: Opts) => {
    if (o.chain === "solana") {
      tx(o, `deposit ${amount} CAL in the vault`, await (await solanaGov(o)).deposit({ amount: parseCal(amount) }));
      return;
    }
    if (o.chain !== "ton")
      throw new Error(
        `gov deposit runs on TON and Solana only (got --chain ${o.chain}); on EVM, voting weight is the delegated CAL balance`,
      );
    tx(o, `deposit ${amount} CAL of votes`, await new TonGovernanceClient(await tonParams(o)).depositVotes({ amount: parseCal(amount) }));
  });
  withConn(gov.command("tally <proposalId>").description("Solana: send this spoke's cumulative tally to the hub")).action(
    async (id: string, o: Opts) => {
      tx(o, `tally of ${id} sent to the hub`, await (await solanaGov(o)).sendTally({ proposalId: BigInt(id) }));
    },
  );
  withConn(gov.command("run <sequence>").description("Solana: execute a received action list once its delay is over")).action(
    async (sequence: string, o: Opts) => {
      tx(o, `action list ${sequence}`, await (await solanaGov(o)).execute({ sequence: BigInt(sequence) }));
    },
  );
  withConn(gov.command("veto <sequence>").description("Solana: the guardian vetoes a pending action list")).action(
    async (sequence: string, o: Opts) => {
      tx(o, `veto of action list ${sequence}`, await (await solanaGov(o)).veto({ sequence: BigInt(sequence) }));
    },
  );
  withConn(gov.command("vote <proposalId> <for|against|abstain>")).action(async (id: string, choice: string, o: Opts) => {
    const support = ({ against: 0, for: 1, abstain: 2 } as const)[choice as "for"];
    if (support === undefined) throw new Error("vote must be for, against or abstain");
    tx(o, `vote ${choice}`, await (await clients(o)).governance.castVote({ proposalId: BigInt(id), support }));
  });
}
