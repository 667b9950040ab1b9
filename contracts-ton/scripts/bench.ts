// Gas and fees of every user-facing TON message of Calctra, measured in @ton/sandbox, with the
// standard FunC jetton (compiled code shipped in @ton-community/assets-sdk) as the baseline on the
// same TEP-74 transfers. Prints a table and writes reports/gas-ton.md; the spoke governance section (vault +
// executor, scripts/governance-bench.ts) follows.
//   npm run bench:ton
import { Blockchain, type BlockchainTransaction, type SendMessageResult, internal } from "@ton/sandbox";
import { Address, beginCell, type Cell, fromNano, toNano } from "@ton/core";
import { JettonMinter as StdMinter } from "@ton-community/assets-sdk";
import Table from "cli-table3";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deployCalctra, CAL, DAY } from "./sandbox";
import { CalJettonWallet } from "../wrappers/CalJettonWallet";
import { stakePayload } from "../wrappers/Staking";
import { createTaskPayload, Marketplace } from "../wrappers/Marketplace";
import { encodeProofTon, encodeVerifyingKeyTon } from "@calctra/core/zk";
import type { SnarkjsGroth16Proof, SnarkjsVerificationKey } from "@calctra/core/zk";
import { op } from "../wrappers/abi";
import { CONTRACTS_DIR } from "../wrappers/compile";
import { governanceBench } from "./governance-bench";
import { fundValidatorBudgetPayload, nonceList, Power, POWER_PARAM } from "../wrappers/Power";
import { solveChallenge, type UniversalAddress } from "@calctra/core";

type Row = { group: string; message: string; entryGas: bigint; chainGas: bigint; txs: number; fees: bigint; note?: string };
const rows: Row[] = [];

function gasOf(tx: BlockchainTransaction): bigint {
  const d = tx.description;
  if (d.type === "generic" && d.computePhase.type === "vm") return d.computePhase.gasUsed;
  return 0n;
}
function record(group: string, message: string, res: SendMessageResult, entry: Address, note?: string) {
  const txs = res.transactions.filter((t) => t.inMessage?.info.type === "internal");
  for (const t of txs) {
    const d = t.description;
    if (d.type === "generic" && d.computePhase.type === "vm" && d.computePhase.exitCode !== 0 && d.computePhase.exitCode !== 1) {
      throw new Error(`${message}: a transaction failed (exit ${d.computePhase.exitCode})`);
    }
  }
  const entryTx = txs.find((t) => t.address === BigInt(`0x${entry.hash.toString("hex")}`));
  if (!entryTx) throw new Error(`${message}: no transaction on ${entry}`);
  rows.push({
    group,
    message,
    entryGas: gasOf(entryTx),
    txs: txs.length,
    note,
    chainGas: txs.reduce((a, t) => a + gasOf(t), 0n),
    fees: txs.reduce((a, t) => a + t.totalFees.coins, 0n),
  });
}

async function main() {
  const blockchain = await Blockchain.create();
  blockchain.now = 1_800_000_000;
  const env = await deployCalctra(blockchain);
  const alice = await blockchain.treasury("alice");
  const bob = await blockchain.treasury("bob");
  const carol = await blockchain.treasury("carol");
  const user = await blockchain.treasury("user");
  const provider = await blockchain.treasury("provider");

  // ---------- jetton: CAL vs standard FunC jetton on identical TEP-74 messages ----------
  const std = blockchain.openContract(
    StdMinter.createFromConfig({ admin: env.deployer.address, content: beginCell().storeUint(1, 8).endCell() }),
  );
  await std.sendDeploy(env.deployer.getSender(), toNano("0.1"));
  const stdWalletOf = async (o: Address) => std.getWalletAddress(o);

  const r1 = await env.minter.sendMint(env.deployer.getSender(), alice.address, 1_000_000n * CAL, {
    responseAddress: env.deployer.address,
  });
  record("jetton", "mint (deploys wallet)", r1, env.minter.address);
  const r1s = await std.sendMint(env.deployer.getSender(), alice.address, 1_000_000n * CAL, { returnExcess: true, value: toNano("0.1") });
  record("jetton (FunC baseline)", "mint (deploys wallet)", r1s, std.address, "stablecoin-style mint body differs; indicative only");

  const cases: [string, (to: Address) => Cell, bigint][] = [
    [
      "transfer to a new holder (deploys wallet)",
      (to) => CalJettonWallet.transferMessage(10n * CAL, to, { responseAddress: alice.address }),
      toNano("0.1"),
    ],
    [
      "transfer to an existing holder",
      (to) => CalJettonWallet.transferMessage(10n * CAL, to, { responseAddress: alice.address }),
      toNano("0.1"),
    ],
    ["transfer, no response address", (to) => CalJettonWallet.transferMessage(10n * CAL, to, {}), toNano("0.1")],
    [
      "transfer + notification with payload",
      (to) =>
        CalJettonWallet.transferMessage(10n * CAL, to, {
          responseAddress: alice.address,
          forwardTonAmount: toNano("0.01"),
          forwardPayload: beginCell().storeUint(0xabcd, 32).endCell(),
        }),
      toNano("0.1"),
    ],
  ];
  const compare: { name: string; cal: Row; std: Row }[] = [];
  const recipients = [bob, bob, bob, carol];
  for (let i = 0; i < cases.length; i++) {
    const [name, body, value] = cases[i];
    const to = recipients[i].address;
    const calW = (await env.walletOf(alice.address)).address;
    const stdW = await stdWalletOf(alice.address);
    const a = await alice.send({ to: calW, value, body: body(to) });
    record("jetton", name, a, calW);
    const calRow = rows[rows.length - 1];
    const b = await alice.send({ to: stdW, value, body: body(to) });
    record("jetton (FunC baseline)", name, b, stdW);
    compare.push({ name, cal: calRow, std: rows[rows.length - 1] });
  }
  {
    const burn = beginCell()
      .storeUint(op("AskToBurn"), 32)
      .storeUint(0, 64)
      .storeCoins(5n * CAL)
      .storeAddress(alice.address)
      .storeMaybeRef(null)
      .endCell();
    const calW = (await env.walletOf(alice.address)).address;
    const stdW = await stdWalletOf(alice.address);
    record("jetton", "burn", await alice.send({ to: calW, value: toNano("0.1"), body: burn }), calW);
    const calRow = rows[rows.length - 1];
    record("jetton (FunC baseline)", "burn", await alice.send({ to: stdW, value: toNano("0.1"), body: burn }), stdW);
    compare.push({ name: "burn", cal: calRow, std: rows[rows.length - 1] });
    const provide = beginCell()
      .storeUint(op("RequestWalletAddress"), 32)
      .storeUint(0, 64)
      .storeAddress(bob.address)
      .storeBit(true)
      .endCell();
    record(
      "jetton",
      "provide_wallet_address (TEP-89)",
      await alice.send({ to: env.minter.address, value: toNano("0.05"), body: provide }),
      env.minter.address,
    );
    const calRow2 = rows[rows.length - 1];
    record(
      "jetton (FunC baseline)",
      "provide_wallet_address (TEP-89)",
      await alice.send({ to: std.address, value: toNano("0.05"), body: provide }),
      std.address,
    );
    compare.push({ name: "provide_wallet_address (TEP-89)", cal: calRow2, std: rows[rows.length - 1] });
  }

  // ---------- staking ----------
  await env.mint(provider.address, 100_000n * CAL);
  await env.mint(user.address, 100_000n * CAL);
  const transfer = async (from: typeof alice, to: Address, amount: bigint, payload: Cell, fwd = toNano("0.05")) =>
    (await env.walletOf(from.address)).sendTransfer(from.getSender(), amount, to, {
      forwardTonAmount: fwd,
      forwardPayload: payload,
      responseAddress: from.address,
    });
  record("staking", "register", await env.staking.sendRegister(provider.getSender(), 1n), env.staking.address);
  record(
    "staking",
    "stake (CAL transfer + notification)",
    await transfer(provider, env.staking.address, 10_000n * CAL, stakePayload()),
    env.staking.address,
    "chain starts at the provider's CAL wallet",
  );
  record("staking", "requestUnstake", await env.staking.sendRequestUnstake(provider.getSender(), 100n * CAL), env.staking.address);
  blockchain.now! += 7 * DAY;
  record("staking", "withdraw (CAL back)", await env.staking.sendWithdraw(provider.getSender()), env.staking.address);

  // ---------- marketplace ----------
  const task = (over: object = {}) =>
    createTaskPayload({ specHash: 42n, collateral: 100n * CAL, deadline: blockchain.now! + DAY, ...over });
  record(
    "marketplace",
    "createTask (CAL transfer + notification)",
    await transfer(user, env.marketplace.address, 1000n * CAL, task()),
    env.marketplace.address,
    "chain starts at the user's CAL wallet",
  );
  record("marketplace", "cancelTask (refund)", await env.marketplace.sendCancelTask(user.getSender(), 1n), env.marketplace.address);
  await transfer(user, env.marketplace.address, 1000n * CAL, task());
  record(
    "marketplace",
    "acceptTask (+ lock in staking)",
    await env.marketplace.sendAcceptTask(provider.getSender(), 2n),
    env.marketplace.address,
  );
  record(
    "marketplace",
    "publishResult (classic: the cid on the task's offer cell; sends nothing)",
    await env.marketplace.sendPublishResult(provider.getSender(), 2n, 0xc1dn << 200n),
    env.marketplace.address,
  );
  record(
    "marketplace",
    "submitResult (optimistic)",
    await env.marketplace.sendSubmitResult(provider.getSender(), 2n, 7n),
    env.marketplace.address,
  );
  blockchain.now! += DAY;
  record(
    "marketplace",
    "finalize (payout 80/15/5 + unlock)",
    await env.marketplace.sendFinalize(user.getSender(), 2n),
    env.marketplace.address,
  );
  await transfer(user, env.marketplace.address, 1000n * CAL, task());
  await env.marketplace.sendAcceptTask(provider.getSender(), 3n);
  await env.marketplace.sendSubmitResult(provider.getSender(), 3n, 7n);
  record("marketplace", "dispute", await env.marketplace.sendDispute(user.getSender(), 3n), env.marketplace.address);
  record(
    "marketplace",
    "resolve (provider at fault: refund + slash)",
    await env.marketplace.sendResolve(env.arbiter.getSender(), 3n, true),
    env.marketplace.address,
  );
  await transfer(user, env.marketplace.address, 1000n * CAL, task());
  await env.marketplace.sendAcceptTask(provider.getSender(), 4n);
  blockchain.now! += 2 * DAY;
  record("marketplace", "expire (refund + slash)", await env.marketplace.sendExpire(user.getSender(), 4n), env.marketplace.address);

  // ---------- marketplace v2: offers and replicas (DESIGN §5.1, §5.2) ----------
  {
    const provs = [provider, await blockchain.treasury("provider2"), await blockchain.treasury("provider3")];
    for (const p of provs.slice(1)) {
      await env.mint(p.address, 10_000n * CAL);
      await env.staking.sendRegister(p.getSender(), 1n);
      await transfer(p, env.staking.address, 10_000n * CAL, stakePayload());
    }
    const now = blockchain.now!;
    const offer = (replicas: number) =>
      task({ offer: { minReward: 500n * CAL, rampStart: now, rampDuration: 3600, lockDeadline: now + DAY / 2, replicas } });
    const next = async () => (await env.marketplace.getData()).nextTaskId;
    const classic = await next();
    record(
      "marketplace",
      "createTask (offer terms)",
      await transfer(user, env.marketplace.address, 1000n * CAL, offer(0)),
      env.marketplace.address,
      "chain starts at the user's CAL wallet",
    );
    blockchain.now = now + 1800;
    record(
      "marketplace",
      "acceptTask (offer: price locked mid-ramp, + lock in staking)",
      await env.marketplace.sendAcceptTask(provider.getSender(), classic),
      env.marketplace.address,
    );
    await env.marketplace.sendSubmitResult(provider.getSender(), classic, 7n);
    blockchain.now! += DAY;
    record(
      "marketplace",
      "finalize (offer: payout of the price + reward - price to the user)",
      await env.marketplace.sendFinalize(user.getSender(), classic),
      env.marketplace.address,
    );
    const salt = (i: number) => BigInt(i + 1) << 128n;
    const commitOf = (h: bigint, i: number) => env.marketplace.getReplicaCommit(h, salt(i), provs[i].address);
    const replicated = async (label: string, hashes: bigint[]) => {
      const t0 = blockchain.now!;
      const id = await next();
      const body = task({
        deadline: t0 + DAY,
        offer: { minReward: 500n * CAL, rampStart: t0, rampDuration: 3600, lockDeadline: t0 + DAY / 2, replicas: 3 },
      });
      const created = await transfer(user, env.marketplace.address, 1000n * CAL, body);
      const accepts: SendMessageResult[] = [];
      for (const p of provs) accepts.push(await env.marketplace.sendAcceptTask(p.getSender(), id));
      const commits: SendMessageResult[] = [];
      for (const [i, p] of provs.entries())
        commits.push(await env.marketplace.sendCommitResult(p.getSender(), id, await commitOf(hashes[i], i)));
      const publishes: SendMessageResult[] = [];
      for (const [i, p] of provs.entries())
        publishes.push(await env.marketplace.sendPublishResult(p.getSender(), id, BigInt(i + 1) << 200n));
      const reveals: SendMessageResult[] = [];
      for (const [i, p] of provs.entries()) reveals.push(await env.marketplace.sendRevealResult(p.getSender(), id, hashes[i], salt(i)));
      const settled = await env.marketplace.sendSettle(user.getSender(), id);
      return { created, accepts, commits, publishes, reveals, settled, label };
    };
    const agree = await replicated("3 agree", [0xaan, 0xaan, 0xaan]);
    record(
      "marketplace",
      "createTask (offer, 3 replicas)",
      agree.created,
      env.marketplace.address,
      "chain starts at the user's CAL wallet",
    );
    record("marketplace", "acceptTask (replica: price locked, + lock in staking)", agree.accepts[1], env.marketplace.address);
    record("marketplace", "commitResult", agree.commits[0], env.marketplace.address);
    record("marketplace", "commitResult (the k-th: opens the reveal)", agree.commits[2], env.marketplace.address);
    record("marketplace", "revealResult (keccak commit check)", agree.reveals[0], env.marketplace.address);
    record("marketplace", "publishResult (replica: a cid cell on its record)", agree.publishes[1], env.marketplace.address);
    record("marketplace", "settle, 3 replicas agree (3 payouts + unlocks, the user's rest)", agree.settled, env.marketplace.address);
    const dissent = await replicated("2 of 3", [0xaan, 0xbbn, 0xaan]);
    record("marketplace", "settle, 3 replicas, 2 of 3 (2 payouts + unlocks, 1 slash)", dissent.settled, env.marketplace.address);
  }

  // proof of result with the shared BLS12-381 vector (task id and provider bound as in the vector)
  {
    const v = JSON.parse(
      readFileSync(join(CONTRACTS_DIR, "..", "..", "test", "vectors", "proofs", "result_commitment.bls12381.json"), "utf-8"),
    ) as { publicInputs: string[]; proof: SnarkjsGroth16Proof; vkey: SnarkjsVerificationKey };
    const [tid, spec, com, pf] = v.publicInputs.map(BigInt);
    const b2 = await Blockchain.create();
    b2.now = 1_800_000_000;
    const e2 = await deployCalctra(b2);
    const prov = new Address(0, Buffer.from(pf.toString(16).padStart(64, "0"), "hex"));
    const from = (to: Address, body: Cell, value = toNano("0.3")) => b2.sendMessage(internal({ from: prov, to, value, body }));
    await e2.marketplace.sendRaw(e2.deployer.getSender(), Marketplace.registerVerifierBody(1, encodeVerifyingKeyTon({ vkey: v.vkey })));
    await e2.mint(prov, 1000n * CAL);
    const u2 = await b2.treasury("user");
    await e2.mint(u2.address, 1000n * CAL);
    await from(e2.staking.address, beginCell().storeUint(op("Register"), 32).storeUint(0, 64).storeUint(1n, 256).endCell());
    await from(
      (await e2.walletOf(prov)).address,
      CalJettonWallet.transferMessage(1000n * CAL, e2.staking.address, {
        forwardTonAmount: toNano("0.05"),
        forwardPayload: stakePayload(),
        responseAddress: prov,
      }),
    );
    for (let i = 1n; i <= tid; i++) {
      await (await e2.walletOf(u2.address)).sendTransfer(u2.getSender(), 100n * CAL, e2.marketplace.address, {
        forwardTonAmount: toNano("0.05"),
        forwardPayload: createTaskPayload({ specHash: spec, collateral: 10n * CAL, deadline: b2.now! + DAY, verifierId: 1 }),
        responseAddress: u2.address,
      });
    }
    await from(e2.marketplace.address, beginCell().storeUint(op("AcceptTask"), 32).storeUint(0, 64).storeUint(tid, 64).endCell());
    const res = await from(
      e2.marketplace.address,
      beginCell()
        .storeUint(op("SubmitResult"), 32)
        .storeUint(0, 64)
        .storeUint(tid, 64)
        .storeUint(com, 256)
        .storeMaybeRef(encodeProofTon({ proof: v.proof }))
        .endCell(),
      toNano("0.5"),
    );
    record("marketplace", "submitResult + Groth16 BLS12-381 verify + payout", res, e2.marketplace.address);
  }

  // ---------- proof of computational power (contracts/power, messages of staking) ----------
  {
    const b3 = await Blockchain.create();
    b3.now = 1_800_000_000;
    const e3 = await deployCalctra(b3);
    const power = b3.openContract(Power.at(e3.staking.address));
    const prov = await b3.treasury("provider");
    const val = await b3.treasury("validator");
    for (const who of [prov, val]) {
      await e3.mint(who.address, 1_000n * CAL);
      await e3.staking.sendRegister(who.getSender(), 1n);
      await (await e3.walletOf(who.address)).sendTransfer(who.getSender(), 500n * CAL, e3.staking.address, {
        forwardTonAmount: toNano("0.05"),
        forwardPayload: stakePayload(),
        responseAddress: who.address,
      });
    }
    await e3.mint(e3.treasury.address, 1_000n * CAL);
    await e3.staking.sendSetParam(e3.deployer.getSender(), POWER_PARAM.validatorBudget, 100n * CAL);
    record(
      "power",
      "fundValidatorBudget (CAL transfer + notification)",
      await (await e3.walletOf(e3.treasury.address)).sendTransfer(e3.treasury.getSender(), 100n * CAL, e3.staking.address, {
        forwardTonAmount: toNano("0.05"),
        forwardPayload: fundValidatorBudgetPayload(),
        responseAddress: e3.treasury.address,
      }),
      e3.staking.address,
      "chain starts at the treasury's CAL wallet",
    );
    record("power", "declareRate", await power.sendDeclareRate(prov.getSender(), 1n), e3.staking.address);
    record("power", "registerValidator", await power.sendRegisterValidator(val.getSender()), e3.staking.address);
    record(
      "power",
      "challenge (random() seed, keccak, target)",
      await power.sendChallenge(val.getSender(), prov.address),
      e3.staking.address,
    );
    const c = await power.getChallengeOf(prov.address);
    const seed = `0x${c.seed.toString(16).padStart(64, "0")}` as const;
    const account = `0x${prov.address.hash.toString("hex")}` as UniversalAddress;
    const { nonces } = solveChallenge(seed, account, c.target, c.nonces);
    const baseline = await b3.runGetMethod(e3.staking.address, "get_check_answer", [
      { type: "int", value: c.seed },
      { type: "int", value: BigInt(account) },
      { type: "int", value: c.target },
      { type: "int", value: BigInt(c.nonces) },
      { type: "cell", cell: nonceList(nonces) },
    ]);
    record(
      "power",
      `respond, m = ${c.nonces} (pass + fee)`,
      await power.sendRespond(prov.getSender(), c.challengeId, nonces),
      e3.staking.address,
      `baseline: the bare answer check (8 HASHEXT_KECCAK256 of 72 bytes + order, get_check_answer) ${baseline.gasUsed} gas`,
    );
    b3.now! += DAY;
    await power.sendChallenge(val.getSender(), prov.address);
    b3.now! += 601;
    record("power", "expireChallenge (a failure, fee)", await power.sendExpireChallenge(val.getSender(), prov.address), e3.staking.address);
    for (let i = 0; i < 2; i++) {
      b3.now! += DAY;
      await power.sendChallenge(val.getSender(), prov.address);
      b3.now! += 601;
      const r = await power.sendExpireChallenge(val.getSender(), prov.address);
      if (i === 1) record("power", "expireChallenge (the 3rd in a row: power slash, 2 CAL payouts)", r, e3.staking.address);
    }
    record("power", "claimFees (CAL to the validator)", await power.sendClaimFees(val.getSender()), e3.staking.address);
  }

  // ---------- output ----------
  const table = new Table({ head: ["contract", "message", "entry gas", "chain gas", "txs", "fees (TON)"] });
  for (const r of rows) table.push([r.group, r.message, r.entryGas.toString(), r.chainGas.toString(), r.txs, fromNano(r.fees)]);
  console.log(table.toString());
  const cmp = new Table({
    head: ["jetton message", "CAL chain gas", "FunC chain gas", "CAL sender-wallet gas", "FunC sender-wallet gas", "CAL ≤ FunC"],
  });
  for (const c of compare)
    cmp.push([
      c.name,
      c.cal.chainGas.toString(),
      c.std.chainGas.toString(),
      c.cal.entryGas.toString(),
      c.std.entryGas.toString(),
      c.cal.chainGas <= c.std.chainGas ? "yes" : "NO",
    ]);
  console.log(cmp.toString());

  const md: string[] = [
    "# TON gas report",
    "",
    `Generated by \`npm run bench:ton\` (contracts-ton/scripts/bench.ts) in @ton/sandbox on ${new Date().toISOString().slice(0, 10)}.`,
    "*entry gas*: compute gas of the Calctra contract that handles the message (for CAL-transfer-driven actions: its",
    "transfer_notification handler); *chain gas*: sum over every transaction the message causes (wallets, notifications,",
    "payouts, excesses); *fees*: total fees of those transactions. Baseline: the standard FunC jetton compiled in",
    "`@ton-community/assets-sdk`, sent byte-identical TEP-74 bodies.",
    "",
    "## CAL jetton vs standard FunC jetton",
    "",
    "| message | CAL chain gas | FunC chain gas | CAL sender-wallet gas | FunC sender-wallet gas | CAL ≤ FunC |",
    "|---|---:|---:|---:|---:|:-:|",
    ...compare.map(
      (c) =>
        `| ${c.name} | ${c.cal.chainGas} | ${c.std.chainGas} | ${c.cal.entryGas} | ${c.std.entryGas} | ${c.cal.chainGas <= c.std.chainGas ? "yes" : "NO"} |`,
    ),
    "",
    "## Every user-facing message",
    "",
    "| contract | message | entry gas | chain gas | txs | fees (TON) | note |",
    "|---|---|---:|---:|---:|---:|---|",
    ...rows.map((r) => `| ${r.group} | ${r.message} | ${r.entryGas} | ${r.chainGas} | ${r.txs} | ${fromNano(r.fees)} | ${r.note ?? ""} |`),
    "",
  ];
  const out = join(CONTRACTS_DIR, "..", "..", "reports");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "gas-ton.md"), md.join("\n"));
  console.log(`written ${join(out, "gas-ton.md")}`);
  // the spoke governance (vault + executor) section: scripts/governance-bench.ts appends it to the report
  await governanceBench();
  const worse = compare.filter((c) => c.name.startsWith("transfer") && c.cal.chainGas > c.std.chainGas);
  if (worse.length) console.log(`WARNING: CAL transfer costs more gas than the FunC baseline: ${worse.map((w) => w.name).join(", ")}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
