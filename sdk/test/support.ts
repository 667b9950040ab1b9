// Shared by the SDK tests (not a test file: the suite runs sdk/test/*.test.ts).
import { expect } from "chai";
import { CalctraError } from "@calctra/core";
import { TonTransactionError } from "../src/ton/index.js";

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
