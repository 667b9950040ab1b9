/**
 * The governance app: your voting power on every chain, the hub's proposals with their actions in words, the votes
 * per chain and each remote execution, and the writes a voter makes (delegate, deposit, withdraw, vote, propose,
 * announce, relay a tally, queue, execute, veto), each through the SDK with its progress shown.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type ReactNode } from "react";
import { useConfig } from "wagmi";
import {
  CalctraError,
  GOVERNED_PARAMETERS,
  ProposalState,
  describeGovernanceAction,
  domainName,
  formatCal,
  formatDuration,
  parseCal,
  parseGovernanceAction,
  type Domain,
  type GovernanceAction,
  type RemoteExecution,
} from "@calctra/core";
import { calGovernorAbi, calTokenAbi, decodeEvmProposalActions, type EvmProposalCreated } from "@calctra/sdk/evm";
import { ActivityLog, useActivity } from "./activity.js";
import type { ConnectedWallets, NetworkClients } from "./chains.js";
import { WalletBar, useConnectedWallets } from "./wallets.js";

/** A table that may scroll sideways on a phone: a labelled region keyboard users can focus to scroll it. */
function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-wrap" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

const STATE_NAMES = Object.fromEntries(Object.entries(ProposalState).map(([k, v]) => [v, k])) as Record<number, string>;
const SUPPORT = [
  ["For", 1],
  ["Against", 0],
  ["Abstain", 2],
] as const;

/** The wallet's address on a chain, in that chain's own format. */
function addressOn(clients: NetworkClients, domain: Domain, wallets: ConnectedWallets): string | undefined {
  const n = clients.network;
  if (domain === n.home.domain || domain === n.evmSpoke?.domain) return wallets.evm?.address;
  if (domain === n.solana?.domain) return wallets.solana?.publicKey.toBase58();
  if (domain === n.ton?.domain) return wallets.ton?.address.toString();
  return undefined;
}

const jsonKey = (a: GovernanceAction) => JSON.stringify(a, (_, v) => (typeof v === "bigint" ? v.toString() : v));

/** A proposal's actions in words; an action sent everywhere reads "… on every chain". */
export function actionsInWords(
  home: readonly GovernanceAction[],
  remote: ReadonlyMap<Domain, readonly GovernanceAction[]>,
  hubDomain: Domain,
  allDomains: readonly Domain[],
): string[] {
  const where = new Map<string, { action: GovernanceAction; domains: Domain[] }>();
  const add = (d: Domain, a: GovernanceAction) => {
    const k = jsonKey(a);
    const e = where.get(k) ?? { action: a, domains: [] };
    e.domains.push(d);
    where.set(k, e);
  };
  for (const a of home) add(hubDomain, a);
  for (const [d, list] of remote) for (const a of list) add(d, a);
  return [...where.values()].map(({ action, domains }) =>
    allDomains.every((d) => domains.includes(d))
      ? describeGovernanceAction(action, "every chain")
      : `${describeGovernanceAction(action)} on ${domains.map(domainName).join(", ")}`,
  );
}

function useNow(clients: NetworkClients) {
  return useQuery({
    queryKey: ["now"],
    queryFn: async () => (await clients.homePublic.getBlock()).timestamp,
  }).data;
}

function VotingPower({ clients, wallets }: { clients: NetworkClients; wallets: ConnectedWallets }) {
  const { run } = useActivity();
  const qc = useQueryClient();
  const n = clients.network;
  const [amounts, setAmounts] = useState<Record<number, string>>({});
  const home = useQuery({
    queryKey: ["home-power", wallets.evm?.address],
    enabled: !!wallets.evm,
    queryFn: async () => {
      const owner = wallets.evm!.address;
      const read = (functionName: "getVotes" | "delegates") =>
        clients.homePublic.readContract({
          address: n.home.deployment.contracts.CalToken,
          abi: calTokenAbi,
          functionName,
          args: [owner],
        } as never);
      const [balance, votes, delegatee] = await Promise.all([
        clients.homeToken().balanceOf({ owner }),
        read("getVotes"),
        read("delegates"),
      ]);
      return { balance, votes: votes as bigint, delegatee: delegatee as string };
    },
  });
  const spokes = useQuery({
    queryKey: ["spoke-power", ...clients.spokeDomains.map((d) => addressOn(clients, d, wallets) ?? "")],
    queryFn: async () =>
      Promise.all(
        clients.spokeDomains.map(async (domain): Promise<{ domain: Domain; balance?: bigint; deposited?: bigint }> => {
          const who = addressOn(clients, domain, wallets);
          if (!who) return { domain };
          const [balance, deposited] = await Promise.all([
            clients.calBalance(domain, who),
            clients.spoke(domain).depositOf({ voter: who }),
          ]);
          return { domain, balance: balance as bigint | undefined, deposited: deposited as bigint | undefined };
        }),
      ),
  });
  const refresh = () => void qc.invalidateQueries();
  const move = (domain: Domain, kind: "deposit" | "withdraw") => {
    void run(`${kind === "deposit" ? "Deposit" : "Withdraw"} ${amounts[domain] ?? "?"} CAL on ${domainName(domain)}`, async (step) => {
      let amount: bigint;
      try {
        amount = parseCal((amounts[domain] ?? "").trim());
      } catch {
        throw new CalctraError("InvalidAmount", { value: amounts[domain] ?? "" });
      }
      if (amount <= 0n) throw new CalctraError("InvalidAmount", { value: amounts[domain] ?? "" });
      step(`waiting for your ${domainName(domain)} wallet`);
      const spoke = await clients.signingSpoke(domain, wallets);
      await (kind === "deposit" ? spoke.deposit({ amount }) : spoke.withdraw({ amount }));
      step("confirmed");
      refresh();
    });
  };
  return (
    <section className="panel" aria-labelledby="power-title">
      <h2 id="power-title">Your voting power</h2>
      <ScrollTable label="Voting power per chain">
        <table>
          <thead>
            <tr>
              <th scope="col">Chain</th>
              <th scope="col">CAL in wallet</th>
              <th scope="col">Voting weight</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            <tr data-domain={n.home.domain}>
              <th scope="row">{domainName(n.home.domain)} (hub)</th>
              <td>{home.data ? formatCal(home.data.balance, { withUnit: true }) : "—"}</td>
              <td>{home.data ? `${formatCal(home.data.votes, { withUnit: true })} delegated` : "connect an EVM wallet"}</td>
              <td>
                <button
                  type="button"
                  disabled={!wallets.evm}
                  onClick={() =>
                    void run("Delegate your CAL votes to yourself on the hub", async (step) => {
                      step("waiting for your EVM wallet");
                      const wallet = await wallets.evm!.walletOn(n.home.domain);
                      await clients.homeToken(wallet).delegate({ delegatee: wallets.evm!.address });
                      step("confirmed: votes count from the next block");
                      refresh();
                    })
                  }
                >
                  Delegate to myself
                </button>
              </td>
            </tr>
            {(
              spokes.data ?? clients.spokeDomains.map((domain): { domain: Domain; balance?: bigint; deposited?: bigint } => ({ domain }))
            ).map((s) => (
              <tr key={s.domain} data-domain={s.domain}>
                <th scope="row">{domainName(s.domain)}</th>
                <td>{s.balance !== undefined ? formatCal(s.balance, { withUnit: true }) : "—"}</td>
                <td>{s.deposited !== undefined ? `${formatCal(s.deposited, { withUnit: true })} in the vault` : "connect a wallet"}</td>
                <td className="row-actions">
                  <label className="visually-hidden" htmlFor={`amount-${s.domain}`}>
                    CAL amount on {domainName(s.domain)}
                  </label>
                  <input
                    id={`amount-${s.domain}`}
                    inputMode="decimal"
                    placeholder="CAL"
                    value={amounts[s.domain] ?? ""}
                    onChange={(e) => setAmounts({ ...amounts, [s.domain]: e.target.value })}
                  />
                  <button type="button" disabled={!addressOn(clients, s.domain, wallets)} onClick={() => move(s.domain, "deposit")}>
                    Deposit
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    disabled={!addressOn(clients, s.domain, wallets)}
                    onClick={() => move(s.domain, "withdraw")}
                  >
                    Withdraw
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}

interface ProposalView {
  readonly created: EvmProposalCreated;
  readonly words: string[];
  readonly state: number;
  readonly hubVotes: { forVotes: bigint; againstVotes: bigint; abstainVotes: bigint };
  readonly tallies: readonly { domain: Domain; forVotes: bigint; againstVotes: bigint; abstainVotes: bigint; counted: boolean }[];
  readonly executions: readonly RemoteExecution[];
}

function useProposals(clients: NetworkClients) {
  const n = clients.network;
  return useQuery({
    queryKey: ["proposals"],
    queryFn: async (): Promise<ProposalView[]> => {
      const gov = clients.crossChain();
      const all = await clients.governor().proposals();
      const allDomains = [n.home.domain, ...clients.spokeDomains];
      return Promise.all(
        all.reverse().map(async (created) => {
          const decoded = decodeEvmProposalActions({
            ...created,
            contracts: { ...n.home.deployment.contracts, Bridge: n.home.vault },
            hub: n.home.hub,
          });
          const [status, hub] = await Promise.all([
            gov.status({ proposalId: created.proposalId }),
            clients.governor().getProposal({ proposalId: created.proposalId }),
          ]);
          return {
            created,
            words: [
              ...actionsInWords(decoded.home, decoded.remote, n.home.domain, allDomains),
              ...decoded.other.map((o) => `call ${o.target.slice(0, 10)}… with ${o.calldata.slice(0, 10)}…`),
            ],
            state: status.hubState,
            hubVotes: hub,
            tallies: status.tallies,
            executions: status.executions,
          };
        }),
      );
    },
  });
}

function timeToGo(eta: bigint | undefined, now: bigint | undefined): string {
  if (eta === undefined || now === undefined) return "";
  return eta <= now ? "ready to execute" : `${formatDuration(eta - now)} to go`;
}

function ProposalCard({ p, clients, wallets, now }: { p: ProposalView; clients: NetworkClients; wallets: ConnectedWallets; now?: bigint }) {
  const { run } = useActivity();
  const qc = useQueryClient();
  const n = clients.network;
  const id = p.created.proposalId;
  const shortId = `${id.toString().slice(0, 6)}…${id.toString().slice(-4)}`;
  const voteDomains = [n.home.domain, ...clients.spokeDomains].filter((d) => addressOn(clients, d, wallets));
  const [voteOn, setVoteOn] = useState<Domain | undefined>();
  const chosen = voteOn !== undefined && voteDomains.includes(voteOn) ? voteOn : voteDomains[0];
  const voter = chosen === undefined ? undefined : addressOn(clients, chosen, wallets);
  // the weight this wallet votes with here: delegated votes (hub) or the vault deposit (spoke) at the proposal's snapshot
  const weight = useQuery({
    queryKey: ["weight", id.toString(), chosen, voter],
    enabled: voter !== undefined && (p.state === ProposalState.Active || p.state === ProposalState.Pending),
    queryFn: async (): Promise<bigint | null> => {
      if (chosen === n.home.domain) {
        if (p.state === ProposalState.Pending) return null; // the snapshot is still ahead
        return (await clients.homePublic.readContract({
          address: n.home.deployment.contracts.CalGovernor,
          abi: calGovernorAbi,
          functionName: "getVotes",
          args: [voter as `0x${string}`, p.created.voteStart],
        })) as bigint;
      }
      return clients.spoke(chosen!).votingPower({ proposalId: id, voter: voter! });
    },
  });
  const refresh = () => void qc.invalidateQueries();
  const hubWallet = async () => {
    if (!wallets.evm) throw new Error("WalletNotConnected: connect an EVM wallet");
    return wallets.evm.walletOn(n.home.domain);
  };
  const state = STATE_NAMES[p.state] ?? String(p.state);
  const headingId = `proposal-${id}`;
  return (
    <article className="proposal" aria-labelledby={headingId} data-proposal={id.toString()} data-state={state}>
      <header className="proposal-head">
        <h3 id={headingId}>{p.created.description || `Proposal ${shortId}`}</h3>
        <span className={`badge state-${state.toLowerCase()}`}>{state}</span>
      </header>
      <p className="muted">
        Proposal {shortId} by <code>{p.created.proposer.slice(0, 8)}…</code>
      </p>
      <h4>Actions</h4>
      <ul className="actions-list">
        {p.words.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
      <h4>Votes per chain</h4>
      <ScrollTable label="Votes per chain">
        <table className="votes">
          <thead>
            <tr>
              <th scope="col">Chain</th>
              <th scope="col">For (CAL)</th>
              <th scope="col">Against (CAL)</th>
              <th scope="col">Abstain (CAL)</th>
              <th scope="col">On the hub</th>
            </tr>
          </thead>
          <tbody>
            <tr data-domain={n.home.domain}>
              <th scope="row">{domainName(n.home.domain)} (hub total)</th>
              <td>{formatCal(p.hubVotes.forVotes)}</td>
              <td>{formatCal(p.hubVotes.againstVotes)}</td>
              <td>{formatCal(p.hubVotes.abstainVotes)}</td>
              <td>counts every chain</td>
            </tr>
            {p.tallies.map((t) => (
              <tr key={t.domain} data-domain={t.domain}>
                <th scope="row">{domainName(t.domain)}</th>
                <td>{formatCal(t.forVotes)}</td>
                <td>{formatCal(t.againstVotes)}</td>
                <td>{formatCal(t.abstainVotes)}</td>
                <td>
                  {t.counted ? "counted" : "not yet counted"}{" "}
                  {!t.counted ? (
                    <button
                      type="button"
                      className="small"
                      disabled={!addressOn(clients, t.domain, wallets)}
                      onClick={() =>
                        void run(`Relay the ${domainName(t.domain)} tally to the hub`, async (step) => {
                          step(`waiting for your ${domainName(t.domain)} wallet`);
                          await (await clients.signingSpoke(t.domain, wallets)).sendTally({ proposalId: id });
                          step("sent: the bridge carries it to the hub");
                          refresh();
                        })
                      }
                    >
                      Relay tally
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {p.state === ProposalState.Active || p.state === ProposalState.Pending ? (
        <fieldset className="vote">
          <legend>Vote</legend>
          {voteDomains.length === 0 ? (
            <p className="muted">Connect a wallet to vote.</p>
          ) : (
            <>
              <label htmlFor={`vote-on-${id}`}>From</label>
              <select id={`vote-on-${id}`} value={chosen} onChange={(e) => setVoteOn(Number(e.target.value))}>
                {voteDomains.map((d) => (
                  <option key={d} value={d}>
                    {domainName(d)}
                    {d === n.home.domain ? " (hub)" : ""}
                  </option>
                ))}
              </select>
              <span className="muted" data-testid={`weight-${id}`}>
                {weight.data === undefined
                  ? ""
                  : weight.data === null
                    ? "your weight is taken at the snapshot"
                    : `your weight: ${formatCal(weight.data, { withUnit: true })}`}
              </span>
              {SUPPORT.map(([label, support]) => (
                <button
                  key={label}
                  type="button"
                  onClick={() =>
                    void run(`Vote ${label} on ${domainName(chosen!)}`, async (step) => {
                      step(`waiting for your ${domainName(chosen!)} wallet`);
                      if (chosen === n.home.domain) await clients.governor(await hubWallet()).castVote({ proposalId: id, support });
                      else await (await clients.signingSpoke(chosen!, wallets)).castVote({ proposalId: id, support });
                      step("counted");
                      refresh();
                    })
                  }
                >
                  {label}
                </button>
              ))}
            </>
          )}
          <button
            type="button"
            className="secondary"
            disabled={!wallets.evm}
            onClick={() =>
              void run("Announce the proposal to the spokes", async (step) => {
                step("waiting for your EVM wallet");
                const sent = await clients.crossChain(await hubWallet()).announce({ proposalId: id });
                step(`sent to ${sent.length} spokes: the bridge carries it`);
                refresh();
              })
            }
          >
            Announce to spokes
          </button>
        </fieldset>
      ) : null}
      {p.state === ProposalState.Succeeded || p.state === ProposalState.Queued ? (
        <div className="lifecycle">
          <button
            type="button"
            disabled={!wallets.evm}
            onClick={() =>
              void run(`${p.state === ProposalState.Succeeded ? "Queue" : "Execute"} on the hub`, async (step) => {
                step("waiting for your EVM wallet");
                const gov = clients.governor(await hubWallet());
                await (p.state === ProposalState.Succeeded ? gov.queue(p.created) : gov.execute(p.created));
                step(p.state === ProposalState.Succeeded ? "queued in the timelock" : "executed: remote lists leave through the bridge");
                refresh();
              })
            }
          >
            {p.state === ProposalState.Succeeded ? "Queue" : "Execute"}
          </button>
        </div>
      ) : null}
      {p.executions.length > 0 ? (
        <>
          <h4>Remote execution</h4>
          <ScrollTable label="Remote execution per chain">
            <table className="executions">
              <thead>
                <tr>
                  <th scope="col">Chain</th>
                  <th scope="col">State</th>
                  <th scope="col">Time to go</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {p.executions.map((e) => (
                  <tr key={e.domain} data-domain={e.domain} data-execution={e.state}>
                    <th scope="row">{domainName(e.domain)}</th>
                    <td>{e.state}</td>
                    <td>{e.state === "Pending" ? timeToGo(e.eta, now) : ""}</td>
                    <td className="row-actions">
                      {e.state === "Pending" || e.state === "Failed" ? (
                        <button
                          type="button"
                          className="small"
                          disabled={!addressOn(clients, e.domain, wallets)}
                          onClick={() =>
                            void run(`Execute on ${domainName(e.domain)}`, async (step) => {
                              step(`waiting for your ${domainName(e.domain)} wallet`);
                              const spoke = await clients.signingSpoke(e.domain, wallets);
                              await (e.state === "Failed"
                                ? spoke.retry({ sequence: e.sequence! })
                                : spoke.execute({ sequence: e.sequence! }));
                              step("executed");
                              refresh();
                            })
                          }
                        >
                          {e.state === "Failed" ? "Retry" : "Execute"}
                        </button>
                      ) : null}
                      {e.state === "Pending" ? (
                        <button
                          type="button"
                          className="small danger"
                          disabled={!addressOn(clients, e.domain, wallets)}
                          onClick={() =>
                            void run(`Veto on ${domainName(e.domain)} (Guardian)`, async (step) => {
                              step(`waiting for your ${domainName(e.domain)} wallet`);
                              await (await clients.signingSpoke(e.domain, wallets)).veto({ sequence: e.sequence! });
                              step("vetoed");
                              refresh();
                            })
                          }
                        >
                          Veto
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      ) : null}
    </article>
  );
}

interface DraftAction {
  kind: "set" | "pause" | "unpause";
  name: string;
  value: string;
  where: string;
}

function NewProposal({ clients, wallets }: { clients: NetworkClients; wallets: ConnectedWallets }) {
  const { run } = useActivity();
  const qc = useQueryClient();
  const n = clients.network;
  const [rows, setRows] = useState<DraftAction[]>([{ kind: "set", name: "challengePeriod", value: "2h", where: "every" }]);
  const [description, setDescription] = useState("");
  const power = useQuery({
    queryKey: ["threshold", wallets.evm?.address],
    queryFn: async () => {
      const threshold = (await clients.homePublic.readContract({
        address: n.home.deployment.contracts.CalGovernor,
        abi: calGovernorAbi,
        functionName: "proposalThreshold",
      })) as bigint;
      // what propose checks: the proposer's votes one second (the Governor's clock) before the latest block
      const governor = n.home.deployment.contracts.CalGovernor;
      const clock = BigInt(
        (await clients.homePublic.readContract({ address: governor, abi: calGovernorAbi, functionName: "clock" })) as number,
      );
      const votes = wallets.evm
        ? ((await clients.homePublic.readContract({
            address: governor,
            abi: calGovernorAbi,
            functionName: "getVotes",
            args: [wallets.evm.address, clock - 1n],
          })) as bigint)
        : 0n;
      return { threshold, votes };
    },
  });
  const below = !power.data || power.data.votes < power.data.threshold;
  const places: [string, string][] = [
    ["every", "every chain"],
    [String(n.home.domain), `${domainName(n.home.domain)} (hub)`],
    ...clients.spokeDomains.map((d): [string, string] => [String(d), domainName(d)]),
  ];
  const update = (i: number, patch: Partial<DraftAction>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const submit = () =>
    void run(`Propose “${description || "(no description)"}”`, async (step) => {
      const home: GovernanceAction[] = [];
      const remote = new Map<Domain, GovernanceAction[]>();
      for (const r of rows) {
        const action = parseGovernanceAction(r.kind === "set" ? `set ${r.name} ${r.value}` : `${r.kind} ${r.name}`);
        const domains = r.where === "every" ? [n.home.domain, ...clients.spokeDomains] : [Number(r.where)];
        for (const d of domains) {
          // executionDelay exists on spokes only: "every chain" means every spoke for it
          if (
            d === n.home.domain &&
            r.kind === "set" &&
            GOVERNED_PARAMETERS[r.name as keyof typeof GOVERNED_PARAMETERS]?.owner === "executor"
          )
            continue;
          if (d === n.home.domain) home.push(action);
          else remote.set(d, [...(remote.get(d) ?? []), action]);
        }
      }
      if (!description.trim()) throw new CalctraError("GovernanceInvalidAction", { field: "description", value: "empty" });
      step("waiting for your EVM wallet");
      if (!wallets.evm) throw new Error("WalletNotConnected: connect an EVM wallet");
      const gov = clients.crossChain(await wallets.evm.walletOn(n.home.domain));
      const { proposalId } = await gov.propose({ home, remote, description });
      step(`proposed; announcing to ${remote.size} spokes`);
      if (remote.size > 0) await gov.announce({ proposalId, domains: [...remote.keys()] });
      step("announced: the bridge carries it to the spokes");
      setDescription("");
      void qc.invalidateQueries();
    });
  return (
    <section className="panel" aria-labelledby="new-title">
      <h2 id="new-title">New proposal</h2>
      <p className="muted" data-testid="threshold">
        {power.data
          ? `Your votes on the hub: ${formatCal(power.data.votes, { withUnit: true })}; proposing needs ${formatCal(power.data.threshold, { withUnit: true })}.`
          : "Reading the threshold…"}
      </p>
      {rows.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
        <fieldset key={i} className="draft">
          <legend>Action {i + 1}</legend>
          <label htmlFor={`kind-${i}`}>Kind</label>
          <select
            id={`kind-${i}`}
            value={r.kind}
            onChange={(e) =>
              update(i, { kind: e.target.value as DraftAction["kind"], name: e.target.value === "set" ? "challengePeriod" : "marketplace" })
            }
          >
            <option value="set">set a parameter</option>
            <option value="pause">pause</option>
            <option value="unpause">unpause</option>
          </select>
          <label htmlFor={`name-${i}`}>{r.kind === "set" ? "Parameter" : "Target"}</label>
          <select id={`name-${i}`} value={r.name} onChange={(e) => update(i, { name: e.target.value })}>
            {(r.kind === "set" ? Object.keys(GOVERNED_PARAMETERS) : ["marketplace", "bridge"]).map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          {r.kind === "set" ? (
            <>
              <label htmlFor={`value-${i}`}>Value</label>
              <input
                id={`value-${i}`}
                value={r.value}
                onChange={(e) => update(i, { value: e.target.value })}
                placeholder="2h, 100CAL, 3000"
              />
            </>
          ) : null}
          <label htmlFor={`where-${i}`}>Where</label>
          <select id={`where-${i}`} value={r.where} onChange={(e) => update(i, { where: e.target.value })}>
            {places.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
          {rows.length > 1 ? (
            <button type="button" className="link" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              Remove action {i + 1}
            </button>
          ) : null}
        </fieldset>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => setRows([...rows, { kind: "set", name: "slashBps", value: "", where: "every" }])}
        disabled={rows.length >= 8}
      >
        Add an action
      </button>
      <label htmlFor="description">Description</label>
      <textarea id="description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      <button type="button" onClick={submit} disabled={!wallets.evm || below} aria-describedby="propose-why">
        Propose
      </button>
      <span id="propose-why" className="muted">
        {!wallets.evm ? " Connect an EVM wallet to propose." : below ? " Below the threshold: delegate CAL to yourself first." : ""}
      </span>
    </section>
  );
}

function Parameters({ clients }: { clients: NetworkClients }) {
  const domains = [clients.network.home.domain, ...clients.spokeDomains];
  const params = useQuery({
    queryKey: ["parameters"],
    queryFn: () => Promise.all(domains.map(async (d) => ({ domain: d, ...(await clients.marketplaceParameters(d)) }))),
  });
  return (
    <section className="panel" aria-labelledby="params-title">
      <h2 id="params-title">Parameters in force</h2>
      <ScrollTable label="Parameters per chain">
        <table className="parameters">
          <thead>
            <tr>
              <th scope="col">Chain</th>
              <th scope="col">challengePeriod</th>
              <th scope="col">slashBps</th>
              <th scope="col">revealPeriod</th>
            </tr>
          </thead>
          <tbody>
            {(params.data ?? []).map((p) => (
              <tr key={p.domain} data-domain={p.domain}>
                <th scope="row">{domainName(p.domain)}</th>
                <td data-param="challengePeriod">{formatDuration(p.challengePeriod)}</td>
                <td>{Number(p.slashBps) / 100}%</td>
                <td>{formatDuration(p.revealPeriod)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}

export function App({ clients }: { clients: NetworkClients }) {
  const config = useConfig();
  const wallets = useConnectedWallets(config);
  const proposals = useProposals(clients);
  const now = useNow(clients);
  const n = clients.network;
  const chains = useMemo(() => [n.home.domain, ...clients.spokeDomains].map(domainName).join(" · "), [n, clients]);
  return (
    <>
      <header className="top">
        <div className="brand">
          <img src="/icon.svg" alt="" width={32} height={32} />
          <div>
            <h1>Calctra Governance</h1>
            <p className="muted">
              {n.name}: {chains}
            </p>
          </div>
        </div>
        <WalletBar clients={clients} />
      </header>
      <main>
        <VotingPower clients={clients} wallets={wallets} />
        <section className="panel" aria-labelledby="proposals-title">
          <h2 id="proposals-title">Proposals</h2>
          {proposals.isLoading ? <p className="muted">Reading proposals from the hub…</p> : null}
          {proposals.data?.length === 0 ? <p className="muted">No proposals yet.</p> : null}
          {proposals.data?.map((p) => (
            <ProposalCard
              key={p.created.proposalId.toString()}
              p={p}
              clients={clients}
              wallets={wallets}
              {...(now !== undefined ? { now } : {})}
            />
          ))}
        </section>
        <NewProposal clients={clients} wallets={wallets} />
        <Parameters clients={clients} />
        <ActivityLog />
      </main>
    </>
  );
}
