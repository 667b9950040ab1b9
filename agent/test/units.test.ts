import { expect } from "chai";
import { readFileSync } from "node:fs";
import { CAL, CalctraError } from "@calctra/core";
import { denseInference, detectHardware, parseAgentConfig, parseNvidiaSmi, unmetRequirement } from "../src/index.js";

describe("Provider agent units: configuration, hardware detection and matching, the dense job", () => {
  it("accepts the shipped example configuration and fills in the defaults", () => {
    const c = parseAgentConfig(JSON.parse(readFileSync("agent/examples/agent.json", "utf8")));
    expect(c.chains.map((x) => x.chain)).to.deep.equal(["evm", "solana", "ton"]);
    expect(parseAgentConfig({ chains: [{ chain: "evm" }] })).to.include({
      concurrency: 2,
      taskTimeoutSeconds: 600,
      prover: "native",
      stake: "0",
    });
  });

  it("names the bad field of a configuration (AgentInvalidConfig)", () => {
    for (const [bad, field] of [
      [{ chains: [] }, "chains"],
      [{ chains: [{ chain: "evm" }], stake: "lots" }, "stake"],
      [{ chains: [{ chain: "evm" }], concurrency: 0 }, "concurrency"],
      [{ chains: [{ chain: "evm" }], verifiers: { one: "result_commitment" } }, "verifiers.one"],
      [{ chains: [{ chain: "evm", rpc: "not a url" }] }, "chains.0.rpc"],
    ] as const) {
      const e = (() => {
        try {
          parseAgentConfig(bad);
        } catch (x) {
          return x;
        }
      })();
      expect(e, JSON.stringify(bad)).to.be.instanceOf(CalctraError);
      expect((e as CalctraError).args.field).to.equal(field);
    }
  });

  it("reads nvidia-smi's CSV, and finds no GPU when nvidia-smi is absent", async () => {
    expect(parseNvidiaSmi("NVIDIA A100-SXM4-80GB, 81920\nNVIDIA L4, 23034\n")).to.deep.equal([
      { model: "NVIDIA A100-SXM4-80GB", memoryGiB: 80 },
      { model: "NVIDIA L4", memoryGiB: 22.5 },
    ]);
    const none = await detectHardware({ nvidiaSmi: async () => undefined, region: "eu-west" });
    expect(none.gpus).to.deep.equal([]);
    expect(none.cores).to.be.greaterThan(0);
    expect(none.region).to.equal("eu-west");
    const two = await detectHardware({ nvidiaSmi: async () => "NVIDIA H100 80GB HBM3, 81559\nNVIDIA H100 80GB HBM3, 81559\n" });
    expect(two.gpus).to.have.length(2);
  });

  it("matches requirements against the hardware and says what is missing", () => {
    const hw = { version: 1, cores: 8, memoryGiB: 64, gpus: [{ model: "NVIDIA H100", memoryGiB: 80 }], region: "eu-west" } as const;
    expect(unmetRequirement(hw, {})).to.equal(undefined);
    expect(unmetRequirement(hw, { cores: 8, memoryGiB: 64, gpu: { count: 1, model: "h100", memoryGiB: 40 }, region: "eu-west" })).to.equal(
      undefined,
    );
    expect(unmetRequirement(hw, { cores: 16 })).to.equal("needs 16 cores, has 8");
    expect(unmetRequirement(hw, { memoryGiB: 128 })).to.equal("needs 128 GiB, has 64");
    expect(unmetRequirement(hw, { gpu: { count: 2 } })).to.equal("needs 2 GPU(s), has 1");
    expect(unmetRequirement(hw, { gpu: { count: 1, memoryGiB: 96 } })).to.equal("needs 1 GPU(s), has 0");
    expect(unmetRequirement(hw, { region: "us-east" })).to.equal("needs region us-east, runs in eu-west");
  });

  it("computes y = W·x + b exactly for any shape", () => {
    expect(denseInference({ W: [[1n, 2n]], b: [3n], x: [4n, 5n] })).to.deep.equal([17n]);
    expect(denseInference({ W: [[-1n], [2n], [0n]], b: [0n, 1n, CAL], x: [7n] })).to.deep.equal([-7n, 15n, CAL]);
  });
});
