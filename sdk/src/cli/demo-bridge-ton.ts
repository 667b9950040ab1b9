/**
 * The EVM home ↔ TON leg of the bridge story (called from demo.ts after the EVM bridge leg): an embedded EVM home
 * (31337) and a @ton/sandbox chain with the governed TON bridge, three in-process validators (development keys) and
 * a relayer. A user locks CAL on home for a TON account and watches it go sent → signed k/3 → delivered; the TON
 * account sends part back through the TON bridge (burn + outbound message), validators sign and the relayer releases
 * it on home. After every step the supply invariant `locked in the home vault == minted on TON by the bridge + in
 * flight` is checked and reported; gas is the EVM receipt's gasUsed or the compute gas of the TON transaction chain.
 */
import { tonUniversalAddress } from "../../../bridge/src/ton.js";
import { startLocalTonBridge, type LocalTonBridge, type TonBridgeSupply } from "../bridge/local-ton.js";
import { CAL, DOMAINS } from "../core/index.js";
import { summarizeTonTrace } from "../ton/errors.js";
import type { DemoStepFunction } from "./demo-ton.js";

/** Parameters of {@link runTonBridgeStory}. */
export interface RunTonBridgeStoryParameters {
  readonly step: DemoStepFunction;
}

/** What the EVM home ↔ TON story established, for the caller's report. */
export interface RunTonBridgeStoryReturnType {
  /** Status after each stage home → TON, e.g. ["sent", "signed 1/3", "signed 3/3", "delivered"]. */
  readonly outbound: readonly string[];
  /** Status after each stage TON → home. */
  readonly inbound: readonly string[];
  /** The TON account's CAL after delivery; the user's CAL on home at the end. */
  readonly tonBalance: bigint;
  readonly homeBalance: bigint;
  /** Supply after every step (the invariant held at each). */
  readonly supply: readonly TonBridgeSupply[];
  /** Gas: home lock (EVM), relayed delivery on TON (chain compute gas), TON burn + outbound message, release on home (EVM). */
  readonly gas: { readonly lock: bigint; readonly tonDelivery: bigint; readonly burn: bigint; readonly homeRelease: bigint };
}

const fmt = (v: bigint) => {
  const whole = v / CAL;
  const frac = (v % CAL).toString().padStart(9, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac} CAL` : `${whole} CAL`;
};

/**
 * Runs the EVM home ↔ TON bridge story, reporting each step through `step` (chain "bridge"); throws on any
 * mismatch and stops every validator, relayer and server at the end.
 *
 * @example
 * ```ts
 * // inside runDemo (demo.ts), after runBridgeStory:
 * await runTonBridgeStory({ step });
 * ```
 */
export async function runTonBridgeStory({ step }: RunTonBridgeStoryParameters): Promise<RunTonBridgeStoryReturnType> {
  const supplies: TonBridgeSupply[] = [];
  let world: LocalTonBridge | undefined;
  const invariant = async () => {
    const s = await world!.supply();
    supplies.push(s);
    if (!s.holds) throw new Error(`EVM-TON bridge supply invariant broken: locked ${s.locked} != minted on TON ${s.minted} + in flight ${s.inFlight}`);
    return `supply: locked ${fmt(s.locked)} = TON ${fmt(s.minted)} + in flight ${fmt(s.inFlight)}`;
  };
  try {
    world = await step("bridge", "start EVM home 31337 + TON sandbox (governed bridge), governance enables TON on the vault, 3 validators + relayer",
      async () => {
        const w = await startLocalTonBridge();
        return Object.assign(w, { cost: w.enableCost });
      },
      (w) => `vault ${w.homeBridge.slice(0, 10)}…, TON bridge ${w.tonBridge.toString().slice(0, 10)}…, ${w.validatorUrls.length} validators (2 of 3)`);
    const w = world;
    const outbound: string[] = [];
    const inbound: string[] = [];
    const lockAmount = 200n * CAL;
    const backAmount = 75n * CAL;

    await step("bridge", "fund the user with 1,000 CAL on home", async () => ({ ...(await w.fund(1_000n * CAL)), supply: await invariant() }), (r) => r.supply);
    const homeBefore = await w.homeBalance();

    const sent = await step("bridge", "user locks 200 CAL on home for a TON account (SDK: approve + lock in the vault)", async () => {
      const r = await w.homeClient(1).transfer({ dstDomain: DOMAINS.ton, recipient: tonUniversalAddress(w.tonUser.address), amount: lockAmount });
      const s = await w.status(r.messageId, "ton");
      outbound.push(s);
      return { ...r, s, supply: await invariant() };
    }, (r) => `nonce ${r.message.nonce}, message ${r.messageId.slice(0, 12)}…: ${r.s}, approval ${r.approval?.cost ?? 0n} gas; ${r.supply}`);

    const watchOut = (name: string, run: () => Promise<void>) => step("bridge", name, async () => {
      await run();
      const s = await w.status(sent.messageId, "ton");
      outbound.push(s);
      return { s, supply: await invariant() };
    }, (r) => `${r.s}; ${r.supply}`);
    await watchOut("one confirmation, validator 1 signs", async () => { await w.confirm(); await w.sign([0]); });
    await watchOut("validators 2 and 3 sign", () => w.sign([1, 2]));

    const delivered = await step("bridge", "relayer delivers on TON (BridgeDeliver: signatures checked by ECRECOVER, CAL minted)", async () => {
      const { tonDeliveries } = await w.relay();
      const chain = tonDeliveries[0];
      if (tonDeliveries.length !== 1 || !chain || w.relayerStatus(sent.messageId) !== "delivered") {
        throw new Error(`relayer did not deliver on TON: ${w.relayerStatus(sent.messageId) ?? "unknown"}`);
      }
      const s = await w.status(sent.messageId, "ton");
      if (s !== "delivered") throw new Error(`TON bridge does not record ${sent.messageId} as delivered`);
      outbound.push(s);
      return { cost: summarizeTonTrace({ transactions: chain }).cost, transactions: chain.length, s, supply: await invariant() };
    }, (r) => `${r.s} (${r.transactions} transactions); ${r.supply}`);

    const tonBalance = await step("bridge", "TON account's CAL jetton balance", async () => {
      const b = await w.tonBalance();
      if (b !== lockAmount) throw new Error(`the TON account holds ${b}, expected ${lockAmount}`);
      return b;
    }, (b) => `${fmt(b)} minted by the bridge`);

    const back = await step("bridge", "TON account sends 75 CAL back to home (jetton transfer to the bridge: burn + outbound message 1)", async () => {
      const r = await w.burnOnTon(backAmount, 1n);
      const left = await w.tonBalance();
      if (left !== lockAmount - backAmount) throw new Error(`the TON account holds ${left} after the burn, expected ${lockAmount - backAmount}`);
      const s = await w.status(r.messageId, "home");
      inbound.push(s);
      return { ...r, s, supply: await invariant() };
    }, (r) => `message ${r.messageId.slice(0, 12)}…: ${r.s}; ${r.supply}`);

    await step("bridge", "validators sign the TON outbound message", async () => {
      await w.sign();
      const s = await w.status(back.messageId, "home");
      inbound.push(s);
      return { s, supply: await invariant() };
    }, (r) => `${r.s}; ${r.supply}`);

    const released = await step("bridge", "relayer releases on home (receiveBatch)", async () => {
      const { tonDeliveries } = await w.relay();
      const tx = w.relayedBy(back.messageId);
      if (tonDeliveries.length !== 0 || !tx || w.relayerStatus(back.messageId) !== "delivered") {
        throw new Error(`relayer did not release on home: ${w.relayerStatus(back.messageId) ?? "unknown"}`);
      }
      const s = await w.status(back.messageId, "home");
      if (s !== "delivered") throw new Error(`the home vault does not record ${back.messageId} as delivered`);
      inbound.push(s);
      return { cost: await w.homeGas(tx as `0x${string}`), s, supply: await invariant() };
    }, (r) => `${r.s}; ${r.supply}`);

    const homeBalance = await step("bridge", "user's CAL on home after the round trip", async () => {
      const b = await w.homeBalance();
      const expected = homeBefore - lockAmount + backAmount;
      if (b !== expected) throw new Error(`the user holds ${b} on home, expected ${expected}`);
      return b;
    }, (b) => `${fmt(b)} (1,000 − 200 + 75)`);

    await step("bridge", "EVM-TON supply invariant at the end", async () => {
      const text = await invariant();
      const s = supplies[supplies.length - 1]!;
      if (s.locked !== lockAmount - backAmount || s.minted !== lockAmount - backAmount || s.inFlight !== 0n) {
        throw new Error(`unexpected end supply: locked ${s.locked}, minted ${s.minted}, in flight ${s.inFlight}`);
      }
      return text;
    }, (s) => s);
    return {
      outbound, inbound, tonBalance, homeBalance, supply: supplies,
      gas: { lock: sent.cost, tonDelivery: delivered.cost, burn: back.cost, homeRelease: released.cost },
    };
  } finally {
    await world?.close();
  }
}
