import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { getAddress } from "viem";
import { CalctraError } from "@calctra/core";
import { resolveTarget } from "../src/deploy/target.js";
import { scratch } from "./deploy-support.js";

const KEY_A = `0x${"11".repeat(32)}`;
const KEY_B = `0x${"22".repeat(32)}`;
const LOW = "0x00000000000000000000000000000000000000aa";
const HIGH = "0xffffffffffffffffffffffffffffffffffffff00";

/** The CalctraError a call throws (fails the test when it returns). */
function refusal(call: () => unknown): CalctraError {
  try {
    call();
  } catch (e) {
    if (e instanceof CalctraError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("calctra deploy: where the target comes from (--rpc, networks file, environment)", () => {
  let files: ReturnType<typeof scratch>;
  let networks: string;
  before(() => {
    files = scratch();
    networks = join(files.dir, "networks.json");
    writeFileSync(
      networks,
      JSON.stringify({
        networks: {
          spoke: { rpc: "http://10.0.0.2:8545", chainId: 31338, role: "spoke", privateKeyEnv: "SPOKE_KEY", validators: [HIGH, LOW] },
        },
      }),
    );
  });
  after(() => files.cleanup());

  it("takes a local node, deployments/localhost.json and the node's accounts when nothing is given", () => {
    const t = resolveTarget({}, {});
    expect(t).to.deep.equal({ name: "localhost", rpc: "http://127.0.0.1:8545", deploymentFile: "deployments/localhost.json" });
  });

  it("takes CALCTRA_RPC_URL and CALCTRA_PRIVATE_KEY from the environment", () => {
    const t = resolveTarget({ network: "sepolia" }, { CALCTRA_RPC_URL: "http://node:8545", CALCTRA_PRIVATE_KEY: KEY_A });
    expect(t).to.include({ name: "sepolia", rpc: "http://node:8545", privateKey: KEY_A, deploymentFile: "deployments/sepolia.json" });
  });

  it("takes the networks file's entry over the environment, with its own key variable and its validators sorted", () => {
    const t = resolveTarget(
      { network: "spoke", networks },
      { CALCTRA_RPC_URL: "http://other:1", CALCTRA_PRIVATE_KEY: KEY_A, SPOKE_KEY: KEY_B },
    );
    expect(t).to.deep.include({ rpc: "http://10.0.0.2:8545", privateKey: KEY_B, expectedChainId: 31338, role: "spoke" });
    expect(t.validators).to.deep.equal([getAddress(LOW), getAddress(HIGH)]);
  });

  it("takes --rpc and --role over the networks file", () => {
    const t = resolveTarget({ network: "spoke", networks, rpc: "http://127.0.0.1:9", role: "home" }, {});
    expect(t).to.include({ rpc: "http://127.0.0.1:9", role: "home" });
  });

  it("refuses a network the file does not name, a bad key, a bad role and a validator with a bad checksum", () => {
    expect(refusal(() => resolveTarget({ network: "nope", networks }, {})).args).to.include({
      network: "nope",
      reason: "no such network in the file",
    });
    expect(refusal(() => resolveTarget({}, { CALCTRA_PRIVATE_KEY: "0x12" })).name).to.equal("DeploymentInvalidConfig");
    expect(refusal(() => resolveTarget({ role: "hub" }, {})).args).to.include({ role: "hub" });
    expect(refusal(() => resolveTarget({ validators: "0xfFFfFFfFfFFffFFfFFFffffFfFfFffFFfFFFFF00" }, {})).name).to.equal(
      "DeploymentInvalidConfig",
    );
  });

  it("refuses a networks file with an unknown field, naming it", () => {
    const bad = join(files.dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ networks: { home: { rpc: "http://127.0.0.1:8545", url: "x" } } }));
    const e = refusal(() => resolveTarget({ network: "home", networks: bad }, {}));
    expect(e.name).to.equal("DeploymentInvalidConfig");
    expect(e.args).to.include({ file: bad, field: "networks.home" });
  });
});
