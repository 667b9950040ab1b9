// submitResult with verifierId != 0: the Groth16 BLS12-381 proof of the shared vector is verified on
// chain by contracts/zk/groth16.tolk against the verifying key registered for the verifier id.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Address, beginCell, type Cell, toNano } from "@ton/core";
import { type BlockchainSnapshot, internal } from "@ton/sandbox";
import "@ton/test-utils";
import { encodeProofTon, encodeVerifyingKeyTon } from "@calctra/core/zk";
import type { SnarkjsGroth16Proof, SnarkjsVerificationKey } from "@calctra/core/zk";
import { setup, type Env, createTask, registerAndStake, transferWithPayload, CAL, DAY } from "./fixtures";
import { createTaskPayload } from "../wrappers/Marketplace";
import { replicaCommitOf } from "./replica-fixtures";
import { Marketplace, TaskStatus } from "../wrappers/Marketplace";
import { CalJettonWallet } from "../wrappers/CalJettonWallet";
import { stakePayload } from "../wrappers/Staking";
import { err, op } from "../wrappers/abi";
import { CONTRACTS_DIR } from "../wrappers/compile";

type ProofVector = { publicInputs: string[]; proof: SnarkjsGroth16Proof; vkey: SnarkjsVerificationKey };

for (const circuit of ["result_commitment", "dense_inference"]) {
  describe(`Marketplace proof of result (${circuit}, BLS12-381)`, () => {
    const v: ProofVector = JSON.parse(
      readFileSync(join(CONTRACTS_DIR, "..", "..", "test", "vectors", "proofs", `${circuit}.bls12381.json`), "utf-8"),
    );
    const [taskId, specHash, commitment, providerField] = v.publicInputs.map(BigInt);
    const proof = encodeProofTon({ proof: v.proof });
    // the vector's provider input is an account id (< 2^248): that account is our provider
    const prov = new Address(0, Buffer.from(providerField.toString(16).padStart(64, "0"), "hex"));
    let env: Env;
    let snap: BlockchainSnapshot;
    let beforeTask: BlockchainSnapshot;

    const fromProv = (to: Address, body: Cell, value = toNano("0.2")) =>
      env.blockchain.sendMessage(internal({ from: prov, to, value, body }));
    const submitBody = (c: bigint, p: Cell | null) =>
      beginCell().storeUint(op("SubmitResult"), 32).storeUint(0, 64).storeUint(taskId, 64).storeUint(c, 256).storeMaybeRef(p).endCell();

    before(async () => {
      env = await setup();
      await env.marketplace.sendRaw(env.deployer.getSender(), Marketplace.registerVerifierBody(1, encodeVerifyingKeyTon({ vkey: v.vkey })));
      await env.mint(prov, 1000n * CAL);
      await fromProv(env.staking.address, beginCell().storeUint(op("Register"), 32).storeUint(0, 64).storeUint(7n, 256).endCell());
      const pw = await env.walletOf(prov);
      await fromProv(
        pw.address,
        CalJettonWallet.transferMessage(1000n * CAL, env.staking.address, {
          forwardTonAmount: toNano("0.05"),
          forwardPayload: stakePayload(),
          responseAddress: prov,
        }),
        toNano("0.3"),
      );
      expect((await env.staking.getProvider(prov)).stake).to.equal(1000n * CAL);
      // task ids are sequential from 1: open (and leave) placeholder tasks up to the vector's id
      for (let i = 1n; i < taskId; i++) await createTask(env, CAL);
      beforeTask = env.blockchain.snapshot();
      await createTask(env, 1000n * CAL, { specHash, verifierId: 1, collateral: 100n * CAL });
      snap = env.blockchain.snapshot();
    });
    beforeEach(async () => {
      await env.blockchain.loadFrom(snap);
    });

    it("accepts the real proof bound to task, spec, commitment and provider: Completed and paid 80/15/5", async () => {
      await fromProv(env.marketplace.address, beginCell().storeUint(op("AcceptTask"), 32).storeUint(0, 64).storeUint(taskId, 64).endCell());
      expect(await env.marketplace.getTaskStatus(taskId)).to.equal(TaskStatus.Assigned);
      const r = await fromProv(env.marketplace.address, submitBody(commitment, proof), toNano("0.5"));
      expect(r.transactions).to.have.transaction({ to: env.marketplace.address, success: true });
      expect(await env.marketplace.getTaskStatus(taskId)).to.equal(TaskStatus.Completed);
      expect((await env.marketplace.getTask(taskId)).resultCommitment).to.equal(commitment);
      expect(await env.balanceOf(prov)).to.equal(800n * CAL);
      expect(await env.balanceOf(env.treasury.address)).to.equal(200n * CAL);
      const p = await env.staking.getProvider(prov);
      expect([p.locked, p.completed]).to.deep.equal([0n, 1]);
    });

    it("refuses a wrong commitment, a missing proof, a malformed proof and too little TON with named codes", async () => {
      await fromProv(env.marketplace.address, beginCell().storeUint(op("AcceptTask"), 32).storeUint(0, 64).storeUint(taskId, 64).endCell());
      const cases: [Cell, string, bigint?][] = [
        [submitBody(commitment + 1n, proof), "MarketplaceInvalidProof"],
        [submitBody(commitment, null), "MarketplaceInvalidProof"],
        [submitBody(commitment, beginCell().storeUint(0, 8).endCell()), "MarketplaceInvalidProof"],
        [submitBody(commitment, proof), "NotEnoughTon", toNano("0.2")],
      ];
      for (const [body, name, value] of cases) {
        const r = await fromProv(env.marketplace.address, body, value ?? toNano("0.5"));
        expect(r.transactions, name).to.have.transaction({ to: env.marketplace.address, exitCode: err(name) });
      }
      expect(await env.marketplace.getTaskStatus(taskId)).to.equal(TaskStatus.Assigned);
    });

    it("settles a Disputed replicated task with a proof by the replica that revealed the commitment (the proof path)", async () => {
      await env.blockchain.loadFrom(beforeTask);
      const now = env.blockchain.now!;
      const args = { specHash, collateral: 100n * CAL, deadline: now + DAY, verifierId: 1 };
      const offer = { minReward: 1000n * CAL, rampStart: now, rampDuration: 0, lockDeadline: now + DAY, replicas: 2 };
      await transferWithPayload(env, env.user, env.marketplace.address, 1000n * CAL, createTaskPayload({ ...args, offer }));
      await registerAndStake(env, env.provider, 1000n * CAL);
      const accept = beginCell().storeUint(op("AcceptTask"), 32).storeUint(0, 64).storeUint(taskId, 64).endCell();
      await fromProv(env.marketplace.address, accept);
      await env.marketplace.sendAcceptTask(env.provider.getSender(), taskId);
      // prov commits and reveals the proved commitment, the other replica something else: k = 2 disagree -> Disputed
      const body = (name: string, ...fields: bigint[]) => {
        const b = beginCell().storeUint(op(name), 32).storeUint(0, 64).storeUint(taskId, 64);
        for (const f of fields) b.storeUint(f, 256);
        return b.endCell();
      };
      await fromProv(env.marketplace.address, body("CommitResult", replicaCommitOf(commitment, 5n, prov)));
      await env.marketplace.sendCommitResult(env.provider.getSender(), taskId, replicaCommitOf(commitment + 1n, 6n, env.provider.address));
      await fromProv(env.marketplace.address, body("RevealResult", commitment, 5n));
      await env.marketplace.sendRevealResult(env.provider.getSender(), taskId, commitment + 1n, 6n);
      await env.marketplace.sendSettle(env.anyone.getSender(), taskId);
      expect(await env.marketplace.getTaskStatus(taskId)).to.equal(TaskStatus.Disputed);
      // the other replica cannot claim the commitment it did not reveal; too little TON is refused
      const other = await env.marketplace.sendSubmitResult(env.provider.getSender(), taskId, commitment, proof, toNano("1"));
      expect(other.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceCommitMismatch") });
      const poor = await fromProv(env.marketplace.address, submitBody(commitment, proof), toNano("0.5"));
      expect(poor.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("NotEnoughTon") });
      const bad = await fromProv(env.marketplace.address, submitBody(commitment, beginCell().storeUint(0, 8).endCell()), toNano("1"));
      expect(bad.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceInvalidProof") });
      const r = await fromProv(env.marketplace.address, submitBody(commitment, proof), toNano("1"));
      expect(r.transactions).to.have.transaction({ to: env.marketplace.address, success: true });
      expect(await env.marketplace.getTaskStatus(taskId)).to.equal(TaskStatus.Completed);
      expect((await env.marketplace.getTask(taskId)).resultCommitment).to.equal(commitment);
      expect(await env.balanceOf(prov)).to.equal(400n * CAL); // 80% of its share 1000 / 2
      const p = await env.staking.getProvider(prov);
      expect([p.locked, p.completed]).to.deep.equal([0n, 1]);
      const o = await env.staking.getProvider(env.provider.address);
      expect([o.locked, o.failed, o.slashedTotal]).to.deep.equal([0n, 1, 20n * CAL]);
      expect((await env.marketplace.getData()).escrowed).to.equal((taskId - 1n) * CAL); // only the placeholders remain
    });

    it("refuses the same proof submitted by another provider (proof bound to the provider)", async () => {
      await registerAndStake(env, env.provider, 1000n * CAL);
      await env.marketplace.sendAcceptTask(env.provider.getSender(), taskId);
      expect(await env.marketplace.getTaskStatus(taskId)).to.equal(TaskStatus.Assigned);
      const r = await env.marketplace.sendSubmitResult(env.provider.getSender(), taskId, commitment, proof, toNano("0.5"));
      expect(r.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("MarketplaceInvalidProof") });
      expect(await env.marketplace.getTaskStatus(taskId)).to.equal(TaskStatus.Assigned);
    });
  });
}
