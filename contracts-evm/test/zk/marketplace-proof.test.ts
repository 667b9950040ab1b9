import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { getAddress } from "viem";
import { encodeProofEvm } from "@calctra/core/zk";
import type { SnarkjsGroth16Proof } from "@calctra/core/zk";
import { viem, deployWithProvider, taskParams, Status, type Suite } from "../helpers/fixture.js";

interface ProofVector {
  publicInputs: string[];
  proof: SnarkjsGroth16Proof;
}
const v = JSON.parse(
  readFileSync(new URL("../../../test/vectors/proofs/result_commitment.bn254.json", import.meta.url), "utf8"),
) as ProofVector;
const [taskId, specHash, commitment, provider] = v.publicInputs.map(BigInt) as [bigint, bigint, bigint, bigint];
const proof = encodeProofEvm({ proof: v.proof });
const VERIFIER_ID = 2;

async function proofTask(): Promise<Suite & { id: bigint }> {
  const s = await deployWithProvider();
  const verifier = await viem.deployContract("ResultCommitmentVerifier");
  await s.marketplace.write.registerVerifier([VERIFIER_ID, verifier.address]);
  await s.marketplace.write.createTask([await taskParams({ specHash, verifierId: VERIFIER_ID })], { account: s.user.account });
  const id = await s.marketplace.read.taskCount();
  await s.marketplace.write.acceptTask([id], { account: s.provider.account });
  return { ...s, id };
}

describe("Marketplace with the real result_commitment Groth16 verifier", () => {
  it("uses a vector whose task id and provider match the fixture", async () => {
    const s = await proofTask();
    assert.equal(s.id, taskId);
    assert.equal(getAddress(`0x${provider.toString(16).padStart(40, "0")}`), getAddress(s.provider.account.address));
  });

  it("completes a task when the provider submits a real proof of result", async () => {
    const s = await proofTask();
    await s.marketplace.write.submitResult([s.id, commitment, proof], { account: s.provider.account });
    const t = await s.marketplace.read.getTask([s.id]);
    assert.equal(t.status, Status.Completed);
    assert.equal(t.resultCommitment, commitment);
  });

  it("refuses a proof for another result commitment with MarketplaceInvalidProof", async () => {
    const s = await proofTask();
    await viem.assertions.revertWithCustomError(
      s.marketplace.write.submitResult([s.id, commitment + 1n, proof], { account: s.provider.account }),
      s.marketplace,
      "MarketplaceInvalidProof",
    );
  });

  it("refuses a tampered proof with MarketplaceInvalidProof", async () => {
    const s = await proofTask();
    const tampered = `${proof.slice(0, -2)}${proof.endsWith("00") ? "01" : "00"}` as `0x${string}`;
    await viem.assertions.revertWithCustomError(
      s.marketplace.write.submitResult([s.id, commitment, tampered], { account: s.provider.account }),
      s.marketplace,
      "MarketplaceInvalidProof",
    );
  });
});
