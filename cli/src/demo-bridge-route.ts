/**
 * The four-chain leg of the bridge story (called from demo.ts after the EVM home ↔ spoke leg): CAL goes EVM home →
 * EVM spoke → Solana → TON → EVM home over the local route world of `sdk/src/bridge/local-route.ts` (remote domains
 * enabled by each chain's governance, three validators, one relayer). Each hop is a group of steps: the user sends
 * with the source chain's bridge client (`EvmBridgeClient`, `SolanaBridgeClient`, `TonBridgeClient`), the validators sign, the relayer delivers; the SDK's status is shown after each ("sent 0/3",
 * "signed 3/3", "delivered"). After every step the supply invariant `locked on home == spoke + Solana + TON + in
 * flight` is checked and printed. Costs are labelled by unit: EVM gas (receipt gasUsed), TON gas (compute gas of the
 * whole transaction chain, @ton/sandbox), Solana CU (compute units the native host reports — programs built for the
 * host, not SBF: indicative only).
 */
import { solanaUniversalAddress } from "@calctra/sdk/solana";
import { tonUniversalAddress } from "@calctra/sdk/ton";
import type { BridgeStatusReturnType } from "@calctra/sdk/bridge";
import { startLocalRouteBridge, type LocalRouteBridge, type RouteSupply } from "@calctra/devnet/route-world";
import { CAL, formatCal, DOMAINS } from "@calctra/core";
import type { Domain } from "@calctra/core";
import type { DemoStepFunction } from "./demo-ton.js";

/** Parameters of {@link runRouteBridgeStory}. */
export interface RunRouteBridgeStoryParameters {
  readonly step: DemoStepFunction;
}

/** Unit of a reported cost. */
export type RouteCostUnit = "EVM gas" | "TON gas" | "Solana CU";

/** One hop of the route, as it went. */
export interface RouteHop {
  readonly from: string;
  readonly to: string;
  readonly amount: bigint;
  /** SDK status after sending, after signing and after the relayer's pass, e.g. ["sent 0/3", "signed 3/3", "delivered"]. */
  readonly statuses: readonly string[];
  readonly send: { readonly cost: bigint; readonly unit: RouteCostUnit };
  readonly delivery: { readonly cost: bigint; readonly unit: RouteCostUnit };
}

/** What the route story established, for the caller's report. */
export interface RunRouteBridgeStoryReturnType {
  readonly hops: readonly RouteHop[];
  /** The four users' CAL at the end. */
  readonly balances: { readonly home: bigint; readonly spoke: bigint; readonly solana: bigint; readonly ton: bigint };
  /** Supply after every step (the invariant held at each). */
  readonly supply: readonly RouteSupply[];
  /** Governance set-up: EVM gas on home and on the spoke (with its bootstrap transfer), Solana CU of the proposals. */
  readonly setup: { readonly homeGas: bigint; readonly spokeGas: bigint; readonly solanaUnits: bigint };
}

const fmt = (v: bigint) => formatCal(v, { withUnit: true });
const shown = (s: BridgeStatusReturnType) =>
  s.state === "sent" || s.state === "signed"
    ? `${s.state} ${s.signatures}/${s.validators}`
    : s.state === "failed"
      ? `failed: ${s.reason ?? "?"}`
      : s.state;
const NAMES: Record<number, string> = {
  [DOMAINS.localEvmHome]: "EVM home",
  [DOMAINS.localEvmSpoke]: "EVM spoke",
  [DOMAINS.solana]: "Solana",
  [DOMAINS.ton]: "TON",
};
/** How each source takes CAL in. */
const HOW: Record<number, string> = {
  [DOMAINS.localEvmHome]: "EvmBridgeClient: approve + lock in the vault",
  [DOMAINS.localEvmSpoke]: "EvmBridgeClient: approve + burn",
  [DOMAINS.solana]: "SolanaBridgeClient: burn through send",
  [DOMAINS.ton]: "TonBridgeClient: CAL jetton transfer to the bridge, burnt + outbound message",
};
const unitOf = (domain: Domain): RouteCostUnit =>
  domain === DOMAINS.solana ? "Solana CU" : domain === DOMAINS.ton ? "TON gas" : "EVM gas";

/**
 * Runs the four-chain route, reporting each step through `step` (chain "bridge"); throws on any mismatch (a status,
 * a balance, the invariant) and stops every validator, relayer and server at the end.
 *
 * @example
 * ```ts
 * // inside runDemo (demo.ts), after runBridgeStory:
 * await runRouteBridgeStory({ step });
 * ```
 */
export async function runRouteBridgeStory({ step }: RunRouteBridgeStoryParameters): Promise<RunRouteBridgeStoryReturnType> {
  const supplies: RouteSupply[] = [];
  let world: LocalRouteBridge | undefined;
  const invariant = async () => {
    const s = await world!.supply();
    supplies.push(s);
    if (!s.holds) {
      throw new Error(
        `route supply invariant broken: locked ${s.locked} != spoke ${s.spoke} + Solana ${s.solana} + TON ${s.ton} + in flight ${s.inFlight}`,
      );
    }
    return `supply: locked ${fmt(s.locked)} = spoke ${fmt(s.spoke)} + Solana ${fmt(s.solana)} + TON ${fmt(s.ton)} + in flight ${fmt(s.inFlight)}`;
  };
  try {
    world = await step(
      "bridge",
      "start EVM home + spoke, TON sandbox, Solana native host; governance enables the route on home, spoke and Solana (TON: at deployment); 3 validators + relayer",
      async () => {
        const w = await startLocalRouteBridge();
        return Object.assign(w, { cost: w.setupCosts.homeGas + w.setupCosts.spokeGas });
      },
      (w) =>
        `EVM gas ${w.setupCosts.homeGas} (home: 2 proposals) + ${w.setupCosts.spokeGas} (spoke: ${fmt(1_000n * CAL)} bridged for its votes, 1 proposal); ` +
        `Solana CU ${w.setupCosts.solanaUnits} (2 proposals, native host); ${w.validatorUrls.length} validators (2 of 3)`,
    );
    const w = world;

    await step(
      "bridge",
      "fund the home user with 1,000 CAL",
      async () => ({ ...(await w.fund(1_000n * CAL)), supply: await invariant() }),
      (r) => `${r.supply}`,
    );
    const start = await w.balances();

    const hops: RouteHop[] = [];
    /** One hop: send (the source's client), validators sign, the relayer delivers; SDK status and invariant after each. */
    async function hop(
      src: Domain,
      dst: Domain,
      amount: bigint,
      send: () => Promise<{ messageId: `0x${string}`; cost: bigint }>,
    ): Promise<void> {
      const label = `${NAMES[src]} → ${NAMES[dst]}`;
      const statuses: string[] = [];
      const sent = await step(
        "bridge",
        `${label}: user sends ${fmt(amount)} (${HOW[src]})`,
        async () => {
          const r = await send();
          const s = shown(await w.status(r.messageId));
          statuses.push(s);
          return { ...r, s, supply: await invariant() };
        },
        (r) => `${unitOf(src)} ${r.cost}; message ${r.messageId.slice(0, 12)}…: ${r.s}; ${r.supply}`,
      );
      await step(
        "bridge",
        `${label}: validators sign`,
        async () => {
          await w.confirm();
          await w.sign();
          const s = shown(await w.status(sent.messageId));
          statuses.push(s);
          if (s !== "signed 3/3") throw new Error(`${label}: expected signed 3/3, got ${s}`);
          return { s, supply: await invariant() };
        },
        (r) => `${r.s}; ${r.supply}`,
      );
      const delivered = await step(
        "bridge",
        `${label}: relayer delivers on ${NAMES[dst]}`,
        async () => {
          const r = await w.relay();
          const s = shown(await w.status(sent.messageId));
          statuses.push(s);
          if (s !== "delivered") throw new Error(`${label}: not delivered (${w.relayerStatus(sent.messageId) ?? s})`);
          let cost: bigint;
          if (dst === DOMAINS.ton) {
            const chain = r.tonDeliveries[0];
            if (r.tonDeliveries.length !== 1 || !chain)
              throw new Error(`${label}: expected one TON delivery, got ${r.tonDeliveries.length}`);
            cost = w.tonGas(chain);
          } else if (dst === DOMAINS.solana) {
            if (!r.solanaDelivery?.messages.includes(sent.messageId))
              throw new Error(`${label}: no Solana delivery transaction for the message`);
            cost = BigInt(r.solanaDelivery.computeUnits ?? r.solanaDelivery.simulatedUnits ?? 0);
          } else {
            const tx = await w.relayedBy(sent.messageId);
            if (!tx) throw new Error(`${label}: the relayer recorded no transaction`);
            cost = await w.evmGas(dst, tx as `0x${string}`);
          }
          return { cost, s, supply: await invariant() };
        },
        (r) => `${r.s}; ${unitOf(dst)} ${r.cost}; ${r.supply}`,
      );
      hops.push({
        from: NAMES[src]!,
        to: NAMES[dst]!,
        amount,
        statuses,
        send: { cost: sent.cost, unit: unitOf(src) },
        delivery: { cost: delivered.cost, unit: unitOf(dst) },
      });
    }

    const amounts = { toSpoke: 300n * CAL, toSolana: 200n * CAL, toTon: 120n * CAL, toHome: 70n * CAL };
    await hop(DOMAINS.localEvmHome, DOMAINS.localEvmSpoke, amounts.toSpoke, async () => {
      const r = await w
        .homeClient(1)
        .transfer({ dstDomain: DOMAINS.localEvmSpoke, recipient: w.spokeUser.account.address, amount: amounts.toSpoke });
      return { messageId: r.messageId, cost: r.cost + (r.approval?.cost ?? 0n) };
    });
    await hop(DOMAINS.localEvmSpoke, DOMAINS.solana, amounts.toSolana, async () => {
      const r = await w
        .spokeClient(1)
        .transfer({ dstDomain: DOMAINS.solana, recipient: solanaUniversalAddress(w.solanaUser.publicKey), amount: amounts.toSolana });
      return { messageId: r.messageId, cost: r.cost + (r.approval?.cost ?? 0n) };
    });
    await hop(DOMAINS.solana, DOMAINS.ton, amounts.toTon, async () => {
      const r = await w
        .solanaClient()
        .transfer({ dstDomain: DOMAINS.ton, recipient: tonUniversalAddress(w.tonUser.address), amount: amounts.toTon });
      return { messageId: r.messageId, cost: r.cost ?? 0n };
    });
    await hop(DOMAINS.ton, DOMAINS.localEvmHome, amounts.toHome, async () => {
      const r = await w
        .tonClient()
        .transfer({ dstDomain: DOMAINS.localEvmHome, recipient: w.homeUser.account.address, amount: amounts.toHome });
      return { messageId: r.messageId, cost: r.cost ?? 0n };
    });

    const balances = await step(
      "bridge",
      "route balances: home user, spoke user, Solana user, TON user",
      async () => {
        const b = await w.balances();
        const expected = {
          home: start.home - amounts.toSpoke + amounts.toHome,
          spoke: amounts.toSpoke - amounts.toSolana,
          solana: amounts.toSolana - amounts.toTon,
          ton: amounts.toTon - amounts.toHome,
        };
        if (b.home !== expected.home || b.spoke !== expected.spoke || b.solana !== expected.solana || b.ton !== expected.ton) {
          throw new Error(`unexpected balances: ${JSON.stringify(b, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`);
        }
        return b;
      },
      (b) => `home ${fmt(b.home)}, spoke ${fmt(b.spoke)}, Solana ${fmt(b.solana)}, TON ${fmt(b.ton)}`,
    );

    await step(
      "bridge",
      "four-chain supply invariant at the end",
      async () => {
        const text = await invariant();
        const s = supplies[supplies.length - 1]!;
        if (s.inFlight !== 0n || s.solana !== balances.solana || s.ton !== balances.ton) {
          throw new Error(`unexpected end supply: ${text}`);
        }
        return text;
      },
      (s) => s,
    );
    return { hops, balances, supply: supplies, setup: w.setupCosts };
  } finally {
    await world?.close();
  }
}
