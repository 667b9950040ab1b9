import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, toHex } from "viem";
import { CAL, CalctraError, replicaCommit, universalFromEvm } from "@calctra/core";
import {
  cidDigest,
  encodeResultPayload,
  encodeTaskSpec,
  encodeTensor,
  generateResultKeyPair,
  parseTaskSpec,
  parseTensor,
  resultHashOf,
  sealResult,
  specHashOfCid,
} from "@calctra/core/delivery";
import { DENSE_M, DENSE_N, denseForward } from "@calctra/core/zk";
import { waitForResult } from "@calctra/sdk/delivery";
import { LocalContentStore } from "@calctra/sdk/node";
import { EvmMarketplaceClient, EvmStakingClient, EvmTokenClient } from "../src/evm/index.js";
import { startLocalEvm } from "@calctra/devnet/evm";

describe("EVM result delivery: a spec by CID, a dense layer computed from fetched inputs, the result sealed, recorded and received", function () {
  this.timeout(300_000);

  it("lets the user fetch, decrypt and check the output the provider computed, and refuses a wrong key", async () => {
    const evm = await startLocalEvm();
    const [holder, userW, providerW] = evm.wallets;
    const base = { publicClient: evm.publicClient, deployment: evm.deployment };
    const token = new EvmTokenClient({ ...base, walletClient: holder! });
    for (const w of [userW!, providerW!]) await token.transfer({ to: w.account.address, amount: 500n * CAL });
    const staking = new EvmStakingClient({ ...base, walletClient: providerW! });
    await staking.register({ metadataHash: keccak256(toHex("provider hardware")) });
    await staking.stake({ amount: 200n * CAL });
    const store = new LocalContentStore({ directory: mkdtempSync(join(tmpdir(), "calctra-delivery-")) });

    // The user stores the inputs and the spec, and posts the task with specHash from the spec's CID.
    const keys = generateResultKeyPair();
    const W = Array.from({ length: DENSE_M }, (_, i) => Array.from({ length: DENSE_N }, (_, j) => BigInt(((i * 7 + j * 3) % 21) - 10)));
    const b = Array.from({ length: DENSE_M }, (_, i) => BigInt(i * 100 - 700));
    const x = Array.from({ length: DENSE_N }, (_, j) => BigInt(j - 8));
    const inputs = {
      W: (await store.put(encodeTensor(W))).toString(),
      b: (await store.put(encodeTensor(b))).toString(),
      x: (await store.put(encodeTensor(x))).toString(),
    };
    const specCid = await store.put(
      encodeTaskSpec({ version: 1, job: { type: "dense-inference", inputs }, verifierId: 0, resultKey: keys.publicKey, requirements: {} }),
    );
    const user = new EvmMarketplaceClient({ ...base, walletClient: userW! });
    const now = (await evm.publicClient.getBlock()).timestamp;
    const { taskId } = await user.createTask({
      specHash: specHashOfCid(specCid),
      reward: 20n * CAL,
      collateral: 10n * CAL,
      deadline: now + 3600n,
      verifierId: 0,
      minReputationBps: 0,
      offer: { minReward: 20n * CAL, rampStart: now, rampDuration: 0n, lockDeadline: now + 1800n, replicas: 1 },
    });
    expect((await user.getTask({ taskId })).specHash).to.equal(specHashOfCid(specCid));

    // The provider fetches the spec and inputs by CID, computes y = W·x + b, commits, reveals and records its sealed result.
    const provider = new EvmMarketplaceClient({ ...base, walletClient: providerW! });
    const spec = parseTaskSpec(await store.get(specCid));
    if (spec.job.type !== "dense-inference") throw new Error("unexpected job");
    const fetched = {
      W: parseTensor(await store.get(spec.job.inputs.W), [DENSE_M, DENSE_N]) as bigint[][],
      b: parseTensor(await store.get(spec.job.inputs.b), [DENSE_M]) as bigint[],
      x: parseTensor(await store.get(spec.job.inputs.x), [DENSE_N]) as bigint[],
    };
    const y = denseForward(fetched);
    const resultHash = resultHashOf(y);
    const salt = keccak256(toHex("provider salt"));
    await provider.acceptTask({ taskId });
    await provider.commitResult({ taskId, commit: replicaCommit(resultHash, salt, universalFromEvm(providerW!.account.address)) });
    await provider.revealResult({ taskId, resultHash, salt });
    await provider.settle({ taskId });
    const sealed = await store.put(
      sealResult({ plaintext: encodeResultPayload({ taskId, output: y }), recipient: spec.resultKey as `0x${string}` }),
    );
    await provider.publishResult({ taskId, resultCid: cidDigest(sealed) });
    expect(await user.getResultCid({ taskId, provider: providerW!.account.address })).to.equal(cidDigest(sealed));

    // The user receives it, decrypts it and checks it against the chain.
    const received = await waitForResult({ market: user, taskId, store, secretKey: keys.secretKey, pollMs: 10 });
    expect(received.output).to.deep.equal(denseForward({ W, b, x }));
    const wrong = await waitForResult({ market: user, taskId, store, secretKey: generateResultKeyPair().secretKey, pollMs: 10 }).catch(
      (e: unknown) => e,
    );
    expect(wrong).to.be.instanceOf(CalctraError);
    expect((wrong as CalctraError).name).to.equal("DeliveryWrongKey");
  });
});
