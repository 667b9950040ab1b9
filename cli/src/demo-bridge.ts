/**
 * The bridge's part of the end-to-end story (called from demo.ts): an embedded EVM home (31337) and spoke
 * (31338), the bridge deployed by the Ignition modules (the spoke enabled on the home vault by governance), three
 * in-process validators (development keys of test/vectors/bridge.json) and a relayer. A user sends CAL home →
 * spoke through the SDK's `EvmBridgeClient` and watches it go sent → signed k/3 → delivered; the recipient sends
 * part of it back spoke → home and delivers it herself (`selfRelay`, no relayer). After every step the supply
 * invariant `locked in the home vault == total supply on the spoke + in flight` is checked and reported.
 */
import { startLocalBridge, type BridgeSupply, type LocalBridge } from "@calctra/devnet/bridge-world";
import type { BridgeStatusReturnType, EvmBridgeClient } from "@calctra/sdk/evm";
import { CAL, formatCal, DOMAINS } from "@calctra/core";
import { EvmTokenClient } from "@calctra/sdk/evm";
import type { DemoStepFunction } from "./demo-ton.js";

/** Parameters of {@link runBridgeStory}. */
export interface RunBridgeStoryParameters {
  readonly step: DemoStepFunction;
}

/** What the bridge story established, for the caller's report. */
export interface RunBridgeStoryReturnType {
  /** Status seen after each stage of the outbound transfer, e.g. ["sent 0/3", "signed 1/3", "signed 3/3", "delivered"]. */
  readonly outbound: readonly string[];
  /** Recipient's CAL on the spoke after delivery, and the user's CAL on home at the end. */
  readonly spokeBalance: bigint;
  readonly homeBalance: bigint;
  /** Supply after every step (the invariant held at each). */
  readonly supply: readonly BridgeSupply[];
  /** Gas: home `send` (lock), relayer delivery on the spoke, spoke `send` (burn), self-relayed delivery on home. */
  readonly gas: { readonly lock: bigint; readonly relayedDelivery: bigint; readonly burn: bigint; readonly selfRelay: bigint };
}

const fmt = (v: bigint) => formatCal(v, { withUnit: true });
const shown = (s: BridgeStatusReturnType) =>
  s.state === "signed" || s.state === "sent"
    ? `${s.state} ${s.signatures}/${s.validators}`
    : s.state === "failed"
      ? `failed: ${s.reason ?? "?"}`
      : s.state;

/**
 * Runs the bridge story, reporting each step through `step`; stops every validator, relayer and server at the end.
 *
 * @example
 * ```ts
 * // inside runDemo (demo.ts), after the other chains:
 * await runBridgeStory({ step });
 * ```
 */
export async function runBridgeStory({ step }: RunBridgeStoryParameters): Promise<RunBridgeStoryReturnType> {
  const supplies: BridgeSupply[] = [];
  let world: LocalBridge | undefined;
  const invariant = async () => {
    const s = await world!.supply();
    supplies.push(s);
    if (!s.holds) throw new Error(`bridge supply invariant broken: locked ${s.locked} != minted ${s.minted} + in flight ${s.inFlight}`);
    return `supply: locked ${fmt(s.locked)} = spoke ${fmt(s.minted)} + in flight ${fmt(s.inFlight)}`;
  };
  try {
    world = await step(
      "bridge",
      "start EVM home 31337 + spoke 31338, deploy suites + bridge, governance enables the spoke, 3 validators + relayer",
      async () => {
        const w = await startLocalBridge();
        return Object.assign(w, { cost: w.enableCost });
      },
      (w) => `vault ${w.homeBridge.slice(0, 10)}…, minter ${w.spokeBridge.slice(0, 10)}…, ${w.validatorUrls.length} validators (2 of 3)`,
    );
    const w = world;
    const { home, spoke, validatorUrls: validators } = w;
    const user = home.wallets[1]!;
    const recipient = spoke.wallets[2]!;
    const homeToken = new EvmTokenClient({ publicClient: home.publicClient, deployment: home.deployment, walletClient: home.wallets[0]! });
    const spokeToken = new EvmTokenClient({
      publicClient: spoke.publicClient,
      deployment: spoke.deployment,
      walletClient: spoke.wallets[0]!,
    });
    const homeUser = w.homeClient(1);
    const spokeRecipient = w.spokeClient(2);
    const spokeView: EvmBridgeClient = w.spokeClient(0);
    const outbound: string[] = [];

    await step(
      "bridge",
      "fund the user with 1,000 CAL on home",
      async () => ({
        ...(await homeToken.transfer({ to: user.account.address, amount: 1_000n * CAL })),
        supply: await invariant(),
      }),
      (r) => r.supply,
    );

    const sent = await step(
      "bridge",
      "user sends 250 CAL home → spoke (SDK: approve + lock in the vault)",
      () => homeUser.transfer({ dstDomain: DOMAINS.localEvmSpoke, recipient: recipient.account.address, amount: 250n * CAL }),
      (r) => `nonce ${r.message.nonce}, message ${r.messageId.slice(0, 12)}…, approval ${r.approval?.cost ?? 0n} gas`,
    );
    const watch = async (name: string, before: () => Promise<unknown>) =>
      step(
        "bridge",
        name,
        async () => {
          await before();
          const s = await homeUser.status({ messageId: sent.messageId, validators, destination: spokeView });
          outbound.push(shown(s));
          return { s, supply: await invariant() };
        },
        (r) => `${shown(r.s)} (threshold ${r.s.threshold}); ${r.supply}`,
      );

    await watch("status before any validator saw it", async () => {});
    await watch("one confirmation, validator 1 signs", async () => {
      await w.confirm();
      await w.sign([0]);
    });
    await watch("validators 2 and 3 sign", () => w.sign([1, 2]));
    const relayed = await step(
      "bridge",
      "relayer delivers on the spoke (receiveBatch)",
      async () => {
        await w.relay();
        const tx = w.relayedBy(sent.messageId);
        if (!tx) throw new Error(`relayer did not deliver: ${w.relayer.status(sent.messageId) ?? "unknown"}`);
        const receipt = await spoke.publicClient.getTransactionReceipt({ hash: tx });
        const s = await homeUser.status({ messageId: sent.messageId, validators, destination: spokeView });
        outbound.push(shown(s));
        return { cost: receipt.gasUsed, s, supply: await invariant() };
      },
      (r) => `${shown(r.s)}; ${r.supply}`,
    );

    const spokeBalance = await step(
      "bridge",
      "recipient's CAL on the spoke",
      async () => {
        const b = await spokeToken.balanceOf({ owner: recipient.account.address });
        if (b !== 250n * CAL) throw new Error(`recipient holds ${b} on the spoke, expected ${250n * CAL}`);
        return b;
      },
      (b) => `${fmt(b)} minted by the minter`,
    );

    const back = await step(
      "bridge",
      "recipient sends 100 CAL back spoke → home (SDK: approve + burn through the minter)",
      async () => {
        const r = await spokeRecipient.transfer({ dstDomain: DOMAINS.localEvmHome, recipient: user.account.address, amount: 100n * CAL });
        return { ...r, supply: await invariant() };
      },
      (r) => `nonce ${r.message.nonce}, message ${r.messageId.slice(0, 12)}…; ${r.supply}`,
    );

    const homeView: EvmBridgeClient = w.homeClient(0);
    const selfRelayer = w.homeClient(2); // the recipient's own key, paying gas on home
    await step(
      "bridge",
      "one confirmation, all validators sign",
      async () => {
        await w.confirm();
        await w.sign();
        const s = await spokeRecipient.status({ messageId: back.messageId, validators, destination: homeView });
        return { s, supply: await invariant() };
      },
      (r) => `${shown(r.s)}; ${r.supply}`,
    );
    const self = await step(
      "bridge",
      "recipient self-relays on home (no relayer): receiveMessage with 2 of 3 signatures",
      async () => {
        const r = await spokeRecipient.selfRelay({ messageId: back.messageId, validators, destination: selfRelayer });
        const s = await spokeRecipient.status({ messageId: back.messageId, validators, destination: homeView });
        return { ...r, s, supply: await invariant() };
      },
      (r) => `${shown(r.s)}, signers ${r.signers.map((a) => a.slice(0, 8)).join(", ")}; ${r.supply}`,
    );
    const homeBalance = await step(
      "bridge",
      "user's CAL on home after the round trip",
      async () => {
        const b = await homeToken.balanceOf({ owner: user.account.address });
        if (b !== 850n * CAL) throw new Error(`user holds ${b} on home, expected ${850n * CAL}`);
        return b;
      },
      (b) => `${fmt(b)} (1,000 − 250 + 100)`,
    );
    await step(
      "bridge",
      "supply invariant at the end",
      async () => invariant(),
      (s) => s,
    );
    return {
      outbound,
      spokeBalance,
      homeBalance,
      supply: supplies,
      gas: { lock: sent.cost, relayedDelivery: relayed.cost, burn: back.cost, selfRelay: self.cost },
    };
  } finally {
    await world?.close();
  }
}
