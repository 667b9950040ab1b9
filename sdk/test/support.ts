// Shared by the SDK tests (not a test file: the suite runs sdk/test/*.test.ts).
import { expect } from "chai";
import { CAL, CalctraError } from "@calctra/core";
import { startLocalTon, type TonActor } from "@calctra/devnet/ton";
import { TonMarketplaceClient, TonStakingClient, TonTokenClient, TonTransactionError } from "../src/ton/index.js";

/** 32 bytes of one repeated byte, as 0x-hex (`h32("ab")`). */
export const h32 = (byte: string) => `0x${byte.repeat(32)}` as `0x${string}`;

/** Awaits `p` and returns the CalctraError it must reject with. */
export async function rejection(p: Promise<unknown>): Promise<CalctraError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(CalctraError);
    return e as CalctraError;
  }
  throw new Error("expected a CalctraError");
}

/** Awaits `p` and checks it is refused with `name`: a CalctraError, or on TON a transaction that exited with that code. */
export async function expectRefusal(p: Promise<unknown>, name: string): Promise<void> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, `expected ${name}`).to.be.instanceOf(Error);
  if (e instanceof TonTransactionError) expect(e.exitName).to.equal(name);
  else {
    expect(e, String(e)).to.be.instanceOf(CalctraError);
    expect((e as CalctraError).name).to.equal(name);
  }
}

/**
 * An embedded TON stack with a CAL-holding user and the three providers registered and staking 500 CAL each, and a
 * marketplace client for each actor — the set-up of the TON marketplace tests.
 */
export async function startStakedTonMarket() {
  const ton = await startLocalTon({ now: 1_800_000_000 });
  const { user, providers } = ton.actors;
  const addr = (a: TonActor) => a.address.toString();
  const admin = new TonTokenClient(ton.connect(ton.actors.deployer));
  await admin.mint({ to: addr(user), amount: 1_000n * CAL });
  for (const p of providers) {
    await admin.mint({ to: addr(p), amount: 1_000n * CAL });
    const staking = new TonStakingClient(ton.connect(p));
    await staking.register({ metadataHash: h32("ab") });
    await staking.stake({ amount: 500n * CAL });
  }
  return {
    ton,
    user,
    providers,
    userMarket: new TonMarketplaceClient(ton.connect(user)),
    markets: providers.map((p) => new TonMarketplaceClient(ton.connect(p))),
    anyoneMarket: new TonMarketplaceClient(ton.connect(ton.actors.anyone)),
    arbiterMarket: new TonMarketplaceClient(ton.connect(ton.actors.arbiter)),
  };
}
