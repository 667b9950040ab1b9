import assert from "node:assert/strict";
import type { Hex } from "viem";
import { CAL, DOMAINS, decodeBridgeMessage } from "@calctra/core";
import type { SignedMessage } from "@calctra/sdk/bridge";
import { buildSolanaHostIfMissing } from "@calctra/devnet/solana-host";
import { startLocalRouteBridge, type LocalRouteBridge, type RouteSupply } from "@calctra/devnet/route-world";

const HOME = DOMAINS.localEvmHome;
const SPOKE = DOMAINS.localEvmSpoke;
const SOLANA = DOMAINS.solana;
const TON = DOMAINS.ton;
type FourChainWorld = LocalRouteBridge;
type Supply = Omit<RouteSupply, "holds">;

/** DESIGN §3 across four chains: locked on home == minted on spoke + on Solana + on TON + in flight. */
async function assertInvariant(f: FourChainWorld, expect: Supply) {
  const { holds, ...s } = await f.supply();
  assert.equal(holds, true);
  assert.equal(
    s.locked,
    s.spoke + s.solana + s.ton + s.inFlight,
    `locked ${s.locked} != spoke ${s.spoke} + Solana ${s.solana} + TON ${s.ton} + in flight ${s.inFlight}`,
  );
  assert.deepEqual(s, expect);
}

describe("Bridge end to end on four chains: EVM home -> EVM spoke -> Solana -> TON -> EVM home", () => {
  let f: FourChainWorld;
  before(async function () {
    this.timeout(45 * 60_000); // a fresh clone builds the Solana host addon first
    buildSolanaHostIfMissing();
    // the deployers enable the route directly: no spoke bootstrap, every supply starts at zero; the home user holds 1M CAL
    f = await startLocalRouteBridge({ admin: "deployer" });
    await f.fund(1_000_000n * CAL);
  });
  after(async () => {
    await f?.close();
  });

  it("carries CAL around the route hop by hop through validators and one relayer, keeping the supply invariant after every step, minting each message once; a replay on Solana is refused", async () => {
    const { home, spoke, solana: sol, ton } = f;
    const { relayer } = await f.startRelayer();
    const relay = async (id: Hex) => {
      await f.confirm();
      await f.sign();
      await relayer.pollOnce();
      assert.equal(await relayer.status(id), "delivered");
    };
    const homeUserBefore = await home.tokenContract.read.balanceOf([home.user.account.address]);
    await assertInvariant(f, { locked: 0n, spoke: 0n, solana: 0n, ton: 0n, inFlight: 0n });

    // 1. EVM home → EVM spoke: lock 100
    const { messageId: id1 } = await f.send(HOME, SPOKE, 100n * CAL);
    await assertInvariant(f, { locked: 100n * CAL, spoke: 0n, solana: 0n, ton: 0n, inFlight: 100n * CAL });
    await relay(id1);
    assert.equal(await spoke.tokenContract.read.balanceOf([spoke.user.account.address]), 100n * CAL);
    await assertInvariant(f, { locked: 100n * CAL, spoke: 100n * CAL, solana: 0n, ton: 0n, inFlight: 0n });

    // 2. EVM spoke → Solana: burn 60 on the spoke, mint 60 on Solana
    const { messageId: id2 } = await f.send(SPOKE, SOLANA, 60n * CAL);
    await assertInvariant(f, { locked: 100n * CAL, spoke: 40n * CAL, solana: 0n, ton: 0n, inFlight: 60n * CAL });
    await relay(id2);
    assert.equal(await sol.balanceOf(sol.user.publicKey), 60n * CAL);
    await assertInvariant(f, { locked: 100n * CAL, spoke: 40n * CAL, solana: 60n * CAL, ton: 0n, inFlight: 0n });

    // 3. Solana → TON: burn 25 on Solana, mint 25 on TON
    const { messageId: id3 } = await f.send(SOLANA, TON, 25n * CAL);
    await assertInvariant(f, { locked: 100n * CAL, spoke: 40n * CAL, solana: 35n * CAL, ton: 0n, inFlight: 25n * CAL });
    await relay(id3);
    assert.equal(await ton.env.balanceOf(ton.tonUser.address), 25n * CAL);
    await assertInvariant(f, { locked: 100n * CAL, spoke: 40n * CAL, solana: 35n * CAL, ton: 25n * CAL, inFlight: 0n });

    // 4. TON → EVM home: burn 10 on TON, release 10 on home
    const { messageId: id4 } = await f.send(TON, HOME, 10n * CAL);
    await assertInvariant(f, { locked: 100n * CAL, spoke: 40n * CAL, solana: 35n * CAL, ton: 15n * CAL, inFlight: 10n * CAL });
    await relay(id4);
    assert.equal(await home.tokenContract.read.balanceOf([home.user.account.address]), homeUserBefore - 100n * CAL + 10n * CAL);
    await assertInvariant(f, { locked: 90n * CAL, spoke: 40n * CAL, solana: 35n * CAL, ton: 15n * CAL, inFlight: 0n });

    // Every message went where it was addressed and was delivered exactly once.
    const route = (await f.sent()).map(({ message: m }) => ({ src: m.srcDomain, dst: m.dstDomain, amount: m.amount }));
    assert.deepEqual(route, [
      { src: HOME, dst: SPOKE, amount: 100n * CAL },
      { src: SPOKE, dst: SOLANA, amount: 60n * CAL },
      { src: SOLANA, dst: TON, amount: 25n * CAL },
      { src: TON, dst: HOME, amount: 10n * CAL },
    ]);
    for (const id of [id1, id2, id3, id4]) assert.equal(await relayer.status(id), "delivered");
    assert.deepEqual([...(await spoke.deliveries()).values()], [1], "one mint on the spoke");
    assert.deepEqual([...(await home.deliveries()).values()], [1], "one release on home");

    // A second relayer pass (and a second relayer with its own store) changes nothing.
    await relayer.pollOnce();
    const { relayer: second } = await f.startRelayer({ store: "second.sqlite" });
    await second.pollOnce();
    for (const id of [id1, id2, id3, id4]) assert.equal(await second.status(id), "delivered");
    await assertInvariant(f, { locked: 90n * CAL, spoke: 40n * CAL, solana: 35n * CAL, ton: 15n * CAL, inFlight: 0n });

    // Replaying the spoke → Solana message with the validators' signatures is refused by the Solana bridge.
    const recs = f.validators.map((v) => v.signature(id2)!);
    const signatures = recs
      .map((r) => ({ signer: r.signer.toLowerCase() as Hex, signature: r.signature }))
      .sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1))
      .slice(0, 2);
    const replay: SignedMessage = {
      messageId: id2,
      encoded: recs[0]!.encoded,
      message: decodeBridgeMessage(Buffer.from(recs[0]!.encoded.slice(2), "hex")),
      signatures,
    };
    await assert.rejects(sol.destination().deliver([replay]), (e: Error) => {
      assert.equal((e as Error & { errorName?: string }).errorName, "BridgeMessageAlreadyDelivered");
      return true;
    });
    assert.equal(await sol.balanceOf(sol.user.publicKey), 35n * CAL);
    await assertInvariant(f, { locked: 90n * CAL, spoke: 40n * CAL, solana: 35n * CAL, ton: 15n * CAL, inFlight: 0n });
  });
});
