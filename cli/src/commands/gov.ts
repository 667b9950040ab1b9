/**
 * `calctra gov …`: one governance across chains (DESIGN §7) through the SDK's `CrossChainGovernanceClient`.
 * On the hub (the EVM home): propose, announce, queue and execute proposals whose actions, in core's short form, may
 * target any domain, and read a proposal's status on every chain. On any chain: vote. On a spoke (an EVM spoke,
 * Solana, TON): deposit and withdraw voting weight, send the tally to the hub, run, veto or retry the hub's action lists.
 */
import type { Command } from "commander";
import { getAddress, type Address } from "viem";
import {
  DOMAINS,
  ProposalState,
  describeProposalStatus,
  domainName,
  formatCal,
  parseCal,
  parseGovernanceAction,
  type CrossChainProposalStatus,
  type Domain,
  type GovernanceAction,
  type SpokeGovernanceClient,
  type TransactionReceiptSummary,
} from "@calctra/core";
import { EvmGovernanceClient, EvmGovernanceHubClient, EvmSpokeGovernanceClient } from "@calctra/sdk/evm";
import { CrossChainGovernanceClient, type CrossChainProposeParameters } from "@calctra/sdk/governance";
import { SolanaGovernanceClient } from "@calctra/sdk/solana";
import { TonGovernanceClient, TonSpokeGovernanceClient } from "@calctra/sdk/ton";
import type { ChainOptions, CommandKit, EvmCommandContext } from "../context.js";

const STATE_NAMES = Object.fromEntries(Object.entries(ProposalState).map(([k, v]) => [v, k])) as Record<number, string>;

/** Reads a domain as the CLI writes it: `solana`, `ton` or an EVM chain id. */
export function parseDomain(text: string): Domain {
  if (text === "solana") return DOMAINS.solana;
  if (text === "ton") return DOMAINS.ton;
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff) throw new Error(`unknown domain ${text}: solana, ton or an EVM chain id`);
  return Number(text);
}

/**
 * A proposal's actions from the CLI: `--action` entries apply on the hub chain, `--remote <domain>:<action>` entries
 * go to that domain's executor (grouped per domain, in order), each in core's short form (`parseGovernanceAction`).
 *
 * @example
 * ```ts
 * govProposal(["set challengePeriod 2h"], ["solana:set challengePeriod 2h", "ton:pause bridge"], "Two hours everywhere");
 * ```
 */
export function govProposal(actions: readonly string[], remote: readonly string[], description: string): CrossChainProposeParameters {
  const byDomain = new Map<Domain, GovernanceAction[]>();
  for (const entry of remote) {
    const m = /^([^:\s]+):(.+)$/.exec(entry.trim());
    if (!m) throw new Error(`--remote ${entry}: expected <domain>:<action>, e.g. "solana:set challengePeriod 2h"`);
    const domain = parseDomain(m[1]!);
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), parseGovernanceAction(m[2]!)]);
  }
  if (actions.length === 0 && byDomain.size === 0) throw new Error("give at least one --action or --remote");
  return { home: actions.map((a) => parseGovernanceAction(a)), remote: byDomain, description };
}

/** Options of the hub commands. */
interface HubOptions extends ChainOptions {
  readonly hub?: string;
  readonly homeBridge?: string;
}
/** Options of `gov propose|queue|execute`. */
interface ActionOptions extends HubOptions {
  readonly action: string[];
  readonly remote: string[];
  readonly description: string;
}
/** Options naming an EVM spoke's vault and executor. */
interface SpokeOptions extends ChainOptions {
  readonly vault?: string;
  readonly executor?: string;
}

const evmAddress = (name: string, v: string | undefined): Address => {
  if (!v || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw new Error(`${name}: expected a 0x-prefixed 20-byte address, got ${v ?? "nothing"}`);
  return getAddress(v);
};
const sequenceOf = (v: string): bigint => {
  if (!/^\d+$/.test(v) || BigInt(v) === 0n) throw new Error(`sequence: expected a positive integer, got ${v}`);
  return BigInt(v);
};
const collect = (v: string, prev: string[]) => [...prev, v];

/**
 * Adds the `gov` command group.
 *
 * @example
 * ```ts
 * addGovCommands(program, commandKit({ evm: rpcContextFactory }, (t) => process.stdout.write(t)));
 * ```
 */
export function addGovCommands(program: Command, kit: CommandKit): void {
  const { withConn, conn, clients, print, tx, evmContext, tonParams, factories } = kit;
  const gov = program
    .command("gov")
    .description("governance: proposals on the hub (EVM home), votes from every chain, execution on every spoke")
    .addHelpText(
      "after",
      `
Actions are written in core's short form, e.g.
  set challengePeriod 2h | set minStake 100CAL | set feeSplit 7000/2000/1000 | role guardian <address>
  verifier <id> <address|none> | validators <0xaddr,…> <threshold> [retention] | remote <domain> off | pause bridge
--action applies one on the hub chain; --remote <domain>:<action> sends one to a spoke (domain: solana, ton or a chain id).

  calctra gov propose --hub 0x… --action "set challengePeriod 2h" --remote "solana:set challengePeriod 2h" --description "2h"
  calctra gov announce 42 --hub 0x… --to solana --to ton
  calctra gov vote 42 for --chain solana
  calctra gov tally 42 --chain solana
  calctra gov queue|execute  (the same --action/--remote/--description as proposed)
  calctra gov run 1 --chain solana
  calctra gov status 42 --hub 0x… --spoke solana --spoke ton --spoke 31338=http://127.0.0.1:8546`,
    );

  /** Progress of long work on stderr, as the demo shows it (one line rewritten on a terminal). */
  const progress = (o: ChainOptions) => {
    const tty = process.stderr.isTTY;
    return {
      step: (m: string) => {
        if (!o.json) process.stderr.write(tty ? `\r\x1b[2K… ${m}` : `… ${m}\n`);
      },
      done: () => {
        if (!o.json && tty) process.stderr.write("\r\x1b[2K");
      },
    };
  };

  /** The hub's context: an EVM home deployment. */
  const hubContext = async (o: ChainOptions): Promise<EvmCommandContext> => {
    const ctx = await evmContext(o);
    if (ctx.deployment.mode !== "home") throw new Error("this command runs on the hub (the EVM home deployment)");
    return ctx;
  };
  const hubAddress = (o: HubOptions): Address =>
    evmAddress("--hub (the GovernanceHub; or CALCTRA_GOVERNANCE_HUB)", o.hub ?? process.env.CALCTRA_GOVERNANCE_HUB);
  /** The GovernanceHub a proposal needs: required with remote actions, unused (zero) by a home-only one. */
  const proposalHub = (o: HubOptions, proposal: CrossChainProposeParameters): Address =>
    (proposal.remote?.size ?? 0) > 0 || o.hub || process.env.CALCTRA_GOVERNANCE_HUB ? hubAddress(o) : getAddress(`0x${"00".repeat(20)}`);
  /** The cross-chain client of the hub, with the spokes given. */
  const crossChain = (ctx: EvmCommandContext, o: HubOptions, hub: Address, spokes = new Map<Domain, SpokeGovernanceClient>()) =>
    new CrossChainGovernanceClient({
      governor: new EvmGovernanceClient(ctx),
      hub: new EvmGovernanceHubClient({ publicClient: ctx.publicClient, walletClient: ctx.walletClient, address: hub }),
      hubDomain: ctx.deployment.chainId,
      governorAddress: ctx.deployment.contracts.CalGovernor,
      targets: { ...ctx.deployment.contracts, ...(o.homeBridge ? { Bridge: evmAddress("--home-bridge", o.homeBridge) } : {}) },
      spokes,
    });

  /** The spoke governance client of the chain `--chain` names, or undefined for TON without an executor. */
  const spokeOf = async (o: SpokeOptions): Promise<SpokeGovernanceClient | undefined> => {
    if (o.chain === "evm") {
      const ctx = await evmContext(o);
      if (ctx.deployment.mode !== "spoke")
        throw new Error("this command runs on a spoke; the EVM home is the hub, where voting weight is the delegated CAL balance");
      return new EvmSpokeGovernanceClient({
        publicClient: ctx.publicClient,
        walletClient: ctx.walletClient,
        vault: evmAddress("--vault (the SpokeVault; or CALCTRA_SPOKE_VAULT)", o.vault ?? process.env.CALCTRA_SPOKE_VAULT),
        executor: evmAddress("--executor (the SpokeExecutor; or CALCTRA_SPOKE_EXECUTOR)", o.executor ?? process.env.CALCTRA_SPOKE_EXECUTOR),
      });
    }
    if (o.chain === "solana") {
      const g = (await clients(o)).governance;
      if (!(g instanceof SolanaGovernanceClient)) throw new Error("Solana is not configured in this CLI");
      return g;
    }
    if (o.chain === "ton") {
      const params = await tonParams(o);
      return params.deployment.executor ? new TonSpokeGovernanceClient({ ...params, executor: params.deployment.executor }) : undefined;
    }
    throw new Error(`unknown chain ${o.chain}: evm, solana or ton`);
  };
  const needSpoke = async (o: SpokeOptions, what: string): Promise<SpokeGovernanceClient> => {
    const s = await spokeOf(o);
    if (!s) throw new Error(`${what} needs the TON deployment's spoke executor ("executor" in the deployment file)`);
    return s;
  };
  const withSpoke = (c: Command) =>
    withConn(c)
      .option("--vault <address>", "EVM spoke: the SpokeVault (default CALCTRA_SPOKE_VAULT)")
      .option("--executor <address>", "EVM spoke: the SpokeExecutor (default CALCTRA_SPOKE_EXECUTOR)");
  const withHub = (c: Command) =>
    withConn(c).option("--hub <address>", "the GovernanceHub on the hub chain (default CALCTRA_GOVERNANCE_HUB)");

  const withActions = (c: Command) =>
    withHub(c)
      .option("--action <text>", 'repeatable: an action on the hub chain, e.g. "set challengePeriod 2h"', collect, [] as string[])
      .option(
        "--remote <domain:action>",
        'repeatable: an action for a spoke (solana, ton or a chain id), e.g. "solana:set challengePeriod 2h"',
        collect,
        [] as string[],
      )
      .option("--home-bridge <address>", "the home BridgeVault (for bridge actions on the hub chain)")
      .requiredOption("--description <text>", "proposal description (queue and execute need the same text)");

  withActions(gov.command("propose").description("hub: propose actions for the hub chain and any spoke")).action(
    async (o: ActionOptions) => {
      const ctx = await hubContext(o);
      const proposal = govProposal(o.action, o.remote, o.description);
      const r = await crossChain(ctx, o, proposalHub(o, proposal)).propose(proposal);
      print(o, `proposal ${r.proposalId} created: tx ${r.id} (gas ${r.cost})`, { proposalId: r.proposalId, tx: r.id, gas: r.cost });
    },
  );
  for (const verb of ["queue", "execute"] as const) {
    withActions(gov.command(verb).description(`hub: ${verb} a proposal (the same actions and description as proposed)`)).action(
      async (o: ActionOptions) => {
        const ctx = await hubContext(o);
        const proposal = govProposal(o.action, o.remote, o.description);
        const g = crossChain(ctx, o, proposalHub(o, proposal));
        tx(o, verb, verb === "queue" ? await g.queue(proposal) : await g.execute(proposal));
      },
    );
  }
  withHub(gov.command("announce <proposalId>").description("hub: announce a proposal to spokes, whose holders can then vote"))
    .requiredOption("--to <domain>", "repeatable: a spoke (solana, ton or a chain id)", collect, [] as string[])
    .action(async (id: string, o: HubOptions & { to: string[] }) => {
      const ctx = await hubContext(o);
      const sent = await crossChain(ctx, o, hubAddress(o)).announce({ proposalId: BigInt(id), domains: o.to.map(parseDomain) });
      print(
        o,
        sent.map((s) => `announced to ${domainName(s.domain)}: tx ${s.id} (gas ${s.cost}), message ${s.messageId}`).join("\n"),
        sent.map((s) => ({ domain: s.domain, tx: s.id, gas: s.cost, messageId: s.messageId })),
      );
    });

  withSpoke(gov.command("vote <proposalId> <for|against|abstain>").description("vote on the hub's Governor or a spoke's vault")).action(
    async (id: string, choice: string, o: SpokeOptions) => {
      const support = ({ against: 0, for: 1, abstain: 2 } as const)[choice as "for"];
      if (support === undefined) throw new Error("vote must be for, against or abstain");
      const proposalId = BigInt(id);
      const home = o.chain === "evm" ? await evmContext(o) : undefined;
      let sent: TransactionReceiptSummary;
      if (home?.deployment.mode === "home") sent = await new EvmGovernanceClient(home).castVote({ proposalId, support });
      // a TON deployment without a spoke executor votes on the older governance contract
      else sent = await ((await spokeOf(o)) ?? (await clients(o)).governance).castVote({ proposalId, support });
      tx(o, `vote ${choice}`, sent);
    },
  );
  withSpoke(
    gov.command("deposit <CAL>").description("spoke: deposit CAL in the vault as voting weight (the hub's holders delegate)"),
  ).action(async (amount: string, o: SpokeOptions) => {
    const spoke = await spokeOf(o);
    if (!spoke) {
      // A TON deployment without a spoke executor: the older governance contract.
      tx(o, `deposit ${amount} CAL of votes`, await new TonGovernanceClient(await tonParams(o)).depositVotes({ amount: parseCal(amount) }));
      return;
    }
    tx(o, `deposit ${amount} CAL in the vault`, await spoke.deposit({ amount: parseCal(amount) }));
  });
  withSpoke(gov.command("withdraw <CAL>").description("spoke: withdraw CAL from the vault (weights at past snapshots stay)")).action(
    async (amount: string, o: SpokeOptions) => {
      const spoke = await spokeOf(o);
      if (!spoke) {
        tx(
          o,
          `withdraw ${amount} CAL of votes`,
          await new TonGovernanceClient(await tonParams(o)).withdrawVotes({ amount: parseCal(amount) }),
        );
        return;
      }
      tx(o, `withdraw ${amount} CAL from the vault`, await spoke.withdraw({ amount: parseCal(amount) }));
    },
  );
  withSpoke(gov.command("tally <proposalId>").description("spoke: send this spoke's cumulative tally to the hub")).action(
    async (id: string, o: SpokeOptions) => {
      tx(o, `tally of ${id} sent to the hub`, await (await needSpoke(o, "gov tally")).sendTally({ proposalId: BigInt(id) }));
    },
  );
  const sequenceCommands = [
    ["run", "execute a received action list once its delay is over", "action list", "execute"],
    ["veto", "the Guardian vetoes a pending action list", "veto of action list", "veto"],
    ["retry", "run a failed action list again", "retry of action list", "retry"],
  ] as const;
  for (const [name, description, what, method] of sequenceCommands)
    withSpoke(gov.command(`${name} <sequence>`).description(`spoke: ${description}`)).action(async (sequence: string, o: SpokeOptions) => {
      tx(o, `${what} ${sequence}`, await (await needSpoke(o, `gov ${name}`))[method]({ sequence: sequenceOf(sequence) }));
    });

  withHub(gov.command("status <proposalId>"))
    .description("a proposal on every chain (on the hub) or as this spoke knows it")
    .option("--vault <address>", "EVM spoke: the SpokeVault (default CALCTRA_SPOKE_VAULT)")
    .option("--executor <address>", "EVM spoke: the SpokeExecutor (default CALCTRA_SPOKE_EXECUTOR)")
    .option(
      "--spoke <domain[=rpc[,deployment]]>",
      "hub: repeatable, a spoke to read too (solana, ton or a chain id; its endpoint and deployment file, else the chain's defaults)",
      collect,
      [] as string[],
    )
    .action(async (id: string, o: HubOptions & SpokeOptions & { spoke: string[] }) => {
      const proposalId = BigInt(id);
      if (o.chain !== "evm" || (await evmContext(o)).deployment.mode !== "home") {
        await spokeStatus(proposalId, o);
        return;
      }
      const ctx = await hubContext(o);
      const p = await new EvmGovernanceClient(ctx).getProposal({ proposalId });
      const votes = `for ${formatCal(p.forVotes)} / against ${formatCal(p.againstVotes)} / abstain ${formatCal(p.abstainVotes)} CAL; voting ${p.voteStart}..${p.voteEnd}`;
      const hubGiven = o.hub ?? process.env.CALCTRA_GOVERNANCE_HUB;
      let status: CrossChainProposalStatus;
      if (!hubGiven) {
        if (o.spoke.length > 0) throw new Error("--spoke needs --hub (the GovernanceHub)");
        status = { proposalId, hubDomain: ctx.deployment.chainId, hubState: p.state, tallies: [], executions: [] };
      } else {
        const hub = hubAddress(o);
        const show = progress(o);
        const spokes = new Map<Domain, SpokeGovernanceClient>();
        for (const entry of o.spoke) {
          const [domainText = "", endpoint] = entry.split("=", 2);
          const domain = parseDomain(domainText);
          show.step(`connecting to ${domainName(domain)}`);
          spokes.set(
            domain,
            await remoteSpoke(domain, endpoint, new EvmGovernanceHubClient({ publicClient: ctx.publicClient, address: hub })),
          );
        }
        show.step(`reading proposal ${proposalId} on ${[ctx.deployment.chainId, ...spokes.keys()].map(domainName).join(", ")}`);
        status = await crossChain(ctx, o, hub, spokes).status({ proposalId });
        show.done();
      }
      const now = (await ctx.publicClient.getBlock()).timestamp;
      const sentence = describeProposalStatus(status, now);
      const lines = [
        sentence,
        `${domainName(status.hubDomain)}: ${votes}`,
        ...status.tallies.map(
          (t) =>
            `${domainName(t.domain)}: for ${formatCal(t.forVotes)} / against ${formatCal(t.againstVotes)} / abstain ${formatCal(t.abstainVotes)} CAL (${t.counted ? "counted on the hub" : "not yet counted on the hub"})`,
        ),
        ...status.executions.map(
          (e) => `${domainName(e.domain)}: actions ${e.state}${e.sequence === undefined ? "" : ` (sequence ${e.sequence})`}`,
        ),
      ];
      print(o, lines.join("\n"), { ...p, ...status, stateName: STATE_NAMES[p.state] ?? String(p.state), description: sentence });
    });

  /** A spoke's client for `gov status --spoke`: the chain's factory at the given endpoint; an EVM spoke's vault and executor from the hub. */
  async function remoteSpoke(domain: Domain, endpoint: string | undefined, hub: EvmGovernanceHubClient): Promise<SpokeGovernanceClient> {
    const chain = domain === DOMAINS.solana ? "solana" : domain === DOMAINS.ton ? "ton" : "evm";
    const [rpc, deployment] = endpoint ? endpoint.split(",", 2) : [];
    const options: ChainOptions = { chain, ...(rpc ? { rpc } : {}), ...(deployment ? { deployment } : {}) };
    if (chain !== "evm") {
      const spoke = await spokeOf(options);
      if (!spoke) throw new Error(`--spoke ${domainName(domain)} needs the TON deployment's spoke executor`);
      return spoke;
    }
    const ctx = await factories.evm(conn(options, "evm"));
    const { vault, executor } = await hub.spoke({ domain });
    const evm = (u: `0x${string}`) => getAddress(`0x${u.slice(26)}`);
    return new EvmSpokeGovernanceClient({
      publicClient: ctx.publicClient,
      walletClient: ctx.walletClient,
      vault: evm(vault),
      executor: evm(executor),
    });
  }

  /** `gov status` on a spoke: the proposal as this spoke knows it (TON without an executor: the older governance). */
  async function spokeStatus(proposalId: bigint, o: SpokeOptions): Promise<void> {
    const spoke = await spokeOf(o);
    if (!spoke) {
      const p = await (await clients(o)).governance.getProposal({ proposalId });
      const state = STATE_NAMES[p.state] ?? String(p.state);
      print(
        o,
        `${state}: for ${formatCal(p.forVotes)} / against ${formatCal(p.againstVotes)} / abstain ${formatCal(p.abstainVotes)} CAL; voting ${p.voteStart}..${p.voteEnd}`,
        { ...p, stateName: state },
      );
      return;
    }
    const p = await spoke.getProposal({ proposalId });
    print(
      o,
      `announced here: for ${formatCal(p.forVotes)} / against ${formatCal(p.againstVotes)} / abstain ${formatCal(p.abstainVotes)} CAL; snapshot ${p.snapshot}, votes until ${p.voteEnd}`,
      p,
    );
  }
}
