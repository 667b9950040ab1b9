/**
 * `calctra gov …`: one governance across chains (DESIGN §7) through the SDK's `CrossChainGovernanceClient`.
 * On the hub (the EVM home): propose, announce, queue and execute proposals whose actions, in core's short form, may
 * target any domain, and read a proposal's status on every chain. On any chain: vote. On a spoke (an EVM spoke,
 * Solana, TON): deposit and withdraw voting weight, send the tally to the hub, run, veto or retry the hub's action lists.
 */
import type { Command } from "commander";
import { getAddress, type Address } from "viem";
import {
  CalctraError,
  DOMAINS,
  GOVERNANCE_ROLES,
  GOVERNED_PARAMETERS,
  PAUSE_TARGETS,
  ProposalState,
  encodeGovernanceActions,
  parseDuration,
  parseUniversalAddress,
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
import { EvmGovernanceClient, EvmGovernanceHubClient, EvmSpokeGovernanceClient, EvmTokenClient } from "@calctra/sdk/evm";
import { CrossChainGovernanceClient, type CrossChainProposeParameters } from "@calctra/sdk/governance";
import { SolanaGovernanceClient } from "@calctra/sdk/solana";
import { TonGovernanceClient, TonSpokeGovernanceClient } from "@calctra/sdk/ton";
import type { ChainOptions, CommandKit, EvmCommandContext } from "../context.js";
import { evmAddressArg } from "./token.js";

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
  return buildProposal({}, actions, remote, description);
}

/**
 * The proposal builder's options, one per action of core's action set (DESIGN §7); each is repeatable and applies on
 * the hub chain, or on a spoke with a trailing `@<domain>` (solana, ton or a chain id):
 * - `setParameter`: `name=value` with units — durations `90s|15m|2h|7d` (or seconds), `minStake` in CAL,
 *   `feeSplit` as `provider/treasury/creator` bps, bps as integers
 * - `setVerifier`: `id=<address|none>`; `setRole`: `<arbiter|treasury|pauser|guardian>=<address>`
 * - `setValidatorSet`: `<0xsigner,…>:<threshold>[:<retention duration>]`
 * - `setRemoteDomain`: `<domain>:<bridge>:enable:<inCapacity>:<inRatePerSecond>:<outCapacity>:<outRatePerSecond>`
 *   (limits in CAL and CAL per second) or `<domain>:disable`
 * - `pause` / `unpause`: `marketplace|bridge`
 */
export interface ProposalBuilderOptions {
  readonly setParameter?: readonly string[];
  readonly setVerifier?: readonly string[];
  readonly setRole?: readonly string[];
  readonly setValidators?: readonly string[];
  readonly remoteDomain?: readonly string[];
  readonly pause?: readonly string[];
  readonly unpause?: readonly string[];
}

const ZERO_UNIVERSAL = `0x${"00".repeat(32)}` as const;

/** One builder option's value as a core action (the option's name, the value without its `@domain`). */
function builderAction(option: keyof ProposalBuilderOptions, text: string): GovernanceAction {
  const fail = (reason: string) => new CalctraError("GovernanceInvalidAction", { option: optionFlag(option), value: text, reason });
  const pair = (sep: string): [string, string] => {
    const i = text.indexOf(sep);
    if (i <= 0 || i === text.length - 1) throw fail(`expected <name>${sep}<value>`);
    return [text.slice(0, i).trim(), text.slice(i + 1).trim()];
  };
  switch (option) {
    case "setParameter": {
      const [name, value] = pair("=");
      if (!(name in GOVERNED_PARAMETERS)) throw fail(`unknown parameter ${name}: ${Object.keys(GOVERNED_PARAMETERS).join(", ")}`);
      // minStake is written in CAL here ("100" or "100CAL"); core's short form takes base units unless suffixed
      const shown = name === "minStake" && !/CAL$/i.test(value) ? `${value}CAL` : value;
      return parseGovernanceAction(`set ${name} ${shown}`);
    }
    case "setVerifier": {
      const [id, address] = pair("=");
      if (!/^\d+$/.test(id) || Number(id) > 0xffff) throw fail("the verifier id is a u16");
      return {
        kind: "setVerifier",
        verifierId: Number(id),
        verifier: address === "none" ? ZERO_UNIVERSAL : parseUniversalAddress(address),
      };
    }
    case "setRole": {
      const [role, address] = pair("=");
      if (!(role in GOVERNANCE_ROLES)) throw fail(`unknown role ${role}: ${Object.keys(GOVERNANCE_ROLES).join(", ")}`);
      return { kind: "setRole", role: role as keyof typeof GOVERNANCE_ROLES, account: parseUniversalAddress(address) };
    }
    case "setValidators": {
      const [list = "", threshold = "", retention = "0", ...rest] = text.split(":");
      if (!list || !/^\d+$/.test(threshold) || rest.length > 0) throw fail("expected <0xsigner,…>:<threshold>[:<retention>]");
      const signers = list.split(",").map((a) => {
        if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw fail(`not a 20-byte signer address: ${a}`);
        return a.toLowerCase() as `0x${string}`;
      });
      return { kind: "setValidatorSet", signers, threshold: Number(threshold), retention: Number(parseDuration(retention)) };
    }
    case "remoteDomain": {
      const parts = text.split(":");
      const domain = parseDomain(parts[0] ?? "");
      if (parts.length === 2 && parts[1] === "disable")
        return {
          kind: "setRemoteDomain",
          domain,
          enabled: false,
          bridge: ZERO_UNIVERSAL,
          inboundCapacity: 0n,
          inboundRatePerSecond: 0n,
          outboundCapacity: 0n,
          outboundRatePerSecond: 0n,
        };
      if (parts.length !== 7 || parts[2] !== "enable")
        throw fail(
          "expected <domain>:<bridge>:enable:<inCapacity>:<inRatePerSecond>:<outCapacity>:<outRatePerSecond> (CAL) or <domain>:disable",
        );
      const [inCap, inRate, outCap, outRate] = parts.slice(3).map((v) => parseCal(v.replace(/\s*CAL(\/s)?$/i, ""))) as [
        bigint,
        bigint,
        bigint,
        bigint,
      ];
      return {
        kind: "setRemoteDomain",
        domain,
        enabled: true,
        bridge: parseUniversalAddress(parts[1] ?? ""),
        inboundCapacity: inCap,
        inboundRatePerSecond: inRate,
        outboundCapacity: outCap,
        outboundRatePerSecond: outRate,
      };
    }
    case "pause":
    case "unpause":
      if (!(text in PAUSE_TARGETS)) throw fail(`expected ${Object.keys(PAUSE_TARGETS).join(" or ")}`);
      return { kind: option, target: text as keyof typeof PAUSE_TARGETS };
  }
}
const optionFlag = (option: keyof ProposalBuilderOptions) => `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const BUILDER_OPTIONS = ["setParameter", "setVerifier", "setRole", "setValidators", "remoteDomain", "pause", "unpause"] as const;

/**
 * A proposal from the builder's options (see {@link ProposalBuilderOptions}) and core's short forms (`--action`,
 * `--remote`): hub actions first in the order of the options, then each spoke's list.
 *
 * @example
 * ```ts
 * buildProposal({ setParameter: ["challengePeriod=2h", "challengePeriod=2h@solana"], pause: ["bridge@ton"] }, [], [], "2h");
 * ```
 */
export function buildProposal(
  options: ProposalBuilderOptions,
  actions: readonly string[],
  remote: readonly string[],
  description: string,
): CrossChainProposeParameters {
  const home: GovernanceAction[] = actions.map((a) => parseGovernanceAction(a));
  const byDomain = new Map<Domain, GovernanceAction[]>();
  const add = (domain: Domain | undefined, action: GovernanceAction) => {
    if (domain === undefined) home.push(action);
    else byDomain.set(domain, [...(byDomain.get(domain) ?? []), action]);
  };
  for (const option of BUILDER_OPTIONS)
    for (const entry of options[option] ?? []) {
      const m = /^(.*)@([^@:]+)$/.exec(entry.trim());
      add(m ? parseDomain(m[2]!) : undefined, builderAction(option, m ? m[1]! : entry.trim()));
    }
  for (const entry of remote) {
    const m = /^([^:\s]+):(.+)$/.exec(entry.trim());
    if (!m) throw new Error(`--remote ${entry}: expected <domain>:<action>, e.g. "solana:set challengePeriod 2h"`);
    add(parseDomain(m[1]!), parseGovernanceAction(m[2]!));
  }
  if (home.length === 0 && byDomain.size === 0)
    throw new Error("give at least one --action or --remote, or a builder option (--set-parameter, --remote-domain, --pause, …)");
  return { home, remote: byDomain, description };
}

/** The encoded action lists of a proposal (core's `encodeGovernanceActions`), hex, by where they run. */
export function encodedActions(p: CrossChainProposeParameters): { home?: `0x${string}`; remote: Record<string, `0x${string}`> } {
  const hex = (a: readonly GovernanceAction[]) =>
    `0x${Array.from(encodeGovernanceActions(a), (b) => b.toString(16).padStart(2, "0")).join("")}` as const;
  return {
    ...(p.home && p.home.length > 0 ? { home: hex(p.home) } : {}),
    remote: Object.fromEntries([...(p.remote ?? new Map()).entries()].map(([d, a]) => [String(d), hex(a)])),
  };
}

/** Options of the hub commands. */
interface HubOptions extends ChainOptions {
  readonly hub?: string;
  readonly homeBridge?: string;
}
/** Options of `gov propose|queue|execute`. */
interface ActionOptions extends HubOptions, ProposalBuilderOptions {
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
Or build them with one option per action (a trailing @<domain> sends it to that spoke):
  --set-parameter challengePeriod=2h | minStake=100 (CAL) | feeSplit=7000/2000/1000    --set-verifier 1=<address|none>
  --set-role guardian=<address>   --set-validators 0xa…,0xb…,0xc…:2[:1d]   --pause bridge   --unpause marketplace
  --remote-domain <domain>:<bridge>:enable:<inCap>:<inRate>:<outCap>:<outRate> (CAL, CAL/s) | <domain>:disable

  calctra gov delegate   (once: votes count from the next block; proposing needs the threshold)
  calctra gov propose --hub 0x… --home-bridge 0x… --set-parameter challengePeriod=2h \
    --remote-domain 31338:0x…:enable:1000000:10:1000000:10 --set-parameter challengePeriod=2h@solana --description "2h"

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
      .option(
        "--set-parameter <name=value[@domain]>",
        "repeatable: setParameter with units, e.g. challengePeriod=2h, minStake=100 (CAL)",
        collect,
        [] as string[],
      )
      .option("--set-verifier <id=address|none[@domain]>", "repeatable: setVerifier", collect, [] as string[])
      .option("--set-role <role=address[@domain]>", "repeatable: setRole (arbiter, treasury, pauser, guardian)", collect, [] as string[])
      .option(
        "--set-validators <signers:threshold[:retention][@domain]>",
        "repeatable: setValidatorSet, e.g. 0xa…,0xb…,0xc…:2:1d",
        collect,
        [] as string[],
      )
      .option(
        "--remote-domain <domain:bridge:enable:inCap:inRate:outCap:outRate|domain:disable[@domain]>",
        "repeatable: setRemoteDomain with its limits (CAL, CAL per second)",
        collect,
        [] as string[],
      )
      .option("--pause <marketplace|bridge[@domain]>", "repeatable: pause", collect, [] as string[])
      .option("--unpause <marketplace|bridge[@domain]>", "repeatable: unpause", collect, [] as string[])
      .option("--home-bridge <address>", "the home BridgeVault (for bridge actions on the hub chain)")
      .requiredOption("--description <text>", "proposal description (queue and execute need the same text)");

  withActions(gov.command("propose").description("hub: propose actions for the hub chain and any spoke")).action(
    async (o: ActionOptions) => {
      const ctx = await hubContext(o);
      const proposal = buildProposal(o, o.action, o.remote, o.description);
      const r = await crossChain(ctx, o, proposalHub(o, proposal)).propose(proposal);
      print(o, `proposal ${r.proposalId} created: tx ${r.id} (gas ${r.cost})`, {
        proposalId: r.proposalId,
        tx: r.id,
        gas: r.cost,
        actions: encodedActions(proposal),
      });
    },
  );
  for (const verb of ["queue", "execute"] as const) {
    withActions(gov.command(verb).description(`hub: ${verb} a proposal (the same actions and description as proposed)`)).action(
      async (o: ActionOptions) => {
        const ctx = await hubContext(o);
        const proposal = buildProposal(o, o.action, o.remote, o.description);
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

  withConn(
    gov
      .command("delegate [delegatee]")
      .description("hub: delegate your CAL's votes (default: to yourself); votes count from the next block, proposing needs the threshold"),
  ).action(async (delegatee: string | undefined, o: ChainOptions) => {
    const ctx = await hubContext(o);
    const d = delegatee ? evmAddressArg("delegatee", delegatee) : ctx.walletClient.account.address;
    tx(o, `delegate votes to ${d}`, await new EvmTokenClient(ctx).delegate({ delegatee: d }));
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
