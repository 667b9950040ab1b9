import { expect } from "chai";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Address } from "viem";
import { type HardhatNode, calctra, removeJournal, scratch, startNode, withoutCode } from "./deploy-support.js";

type Written = { chainId: number; genesisHash: string; startBlock: number; block: number; contracts: Record<string, Address> };
const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Written;
const recorded = (d: Written) => Object.values(d.contracts).filter((a) => !/^0x0{40}$/.test(a));

describe("calctra deploy against a hardhat node that is restarted", function () {
  this.timeout(600_000);
  let node: HardhatNode;
  let files: ReturnType<typeof scratch>;
  let file: string;
  const deploymentId = `deploy-restart-${process.pid}-${Date.now()}`;
  const deploy = (...extra: string[]) =>
    calctra(["deploy", "--network", "local", "--rpc", node.url, "--deployment", file, "--deployment-id", deploymentId, ...extra]);

  before(async () => {
    node = await startNode(31337);
    files = scratch();
    file = join(files.dir, "local.json");
  });
  after(async () => {
    await node?.stop();
    files?.cleanup();
    removeJournal(deploymentId);
  });

  it("records the chain id, the genesis hash and the deployment's blocks, and every recorded address holds code", async () => {
    const run = await deploy();
    expect(run.stderr).to.not.match(/error/);
    expect(run.code, run.stderr).to.equal(0);
    const d = read(file);
    const genesis = await node.client().getBlock({ blockNumber: 0n });
    expect(d.chainId).to.equal(31337);
    expect(Object.keys(d.contracts)).to.include.members([
      "CalToken",
      "CalTimelock",
      "CalGovernor",
      "Staking",
      "Marketplace",
      "PowerRegistry",
    ]);
    expect(d.genesisHash).to.equal(genesis.hash);
    expect(d.startBlock).to.be.greaterThan(0);
    expect(d.block).to.be.at.least(d.startBlock);
    expect(await withoutCode(node.client(), recorded(d))).to.deep.equal([]);
  });

  it("deploys again to the same chain without redeploying: the same addresses", async () => {
    const before = read(file);
    const run = await deploy();
    expect(run.code, run.stderr).to.equal(0);
    expect(read(file).contracts).to.deep.equal(before.contracts);
  });

  it("refuses to deploy to the restarted node, naming the genesis hashes and the addresses without code, and keeps the file", async () => {
    const before = readFileSync(file, "utf8");
    await node.restart();
    const run = await deploy();
    expect(run.code, run.stderr).to.equal(1);
    expect(run.stderr).to.contain("DeploymentChainMismatch(");
    expect(run.stderr).to.contain(`recordedGenesisHash=${read(file).genesisHash}`);
    expect(run.stderr).to.contain(`genesisHash=${(await node.client().getBlock({ blockNumber: 0n })).hash}`);
    expect(run.stderr).to.match(/withoutCode=CalToken@0x[0-9a-fA-F]{40}/);
    expect(run.stderr).to.contain("--reset");
    expect(readFileSync(file, "utf8")).to.equal(before);
  });

  it("names the restarted node in every later command instead of failing with returned no data", async () => {
    const run = await calctra(["token", "balance", "--rpc", node.url, "--deployment", file], {
      CALCTRA_PRIVATE_KEY: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    });
    expect(run.code, run.stderr).to.equal(1);
    expect(run.stderr).to.contain("DeploymentChainMismatch(");
    expect(run.stderr).to.contain(`recordedGenesisHash=${read(file).genesisHash}`);
    expect(run.stderr).to.not.contain("returned no data");
  });

  it("refuses Ignition's journal of the old chain even when the deployment file is gone, and writes no file", async () => {
    rmSync(file);
    const run = await deploy();
    expect(run.code, run.stderr).to.equal(1);
    expect(run.stderr).to.contain("DeploymentChainMismatch(journal=");
    expect(run.stderr).to.contain(`genesisHash=${(await node.client().getBlock({ blockNumber: 0n })).hash}`);
    expect(run.stderr).to.match(/journalGenesisHash=0x[0-9a-f]{64}/);
    expect(run.stderr).to.match(/withoutCode=Calctra#\w+@0x/);
    expect(existsSync(file)).to.equal(false);
  });

  it("redeploys to the restarted node with --reset: the new file's addresses hold code and its blocks are real", async () => {
    const run = await deploy("--reset");
    expect(run.code, run.stderr).to.equal(0);
    const d = read(file);
    expect(d.genesisHash).to.equal((await node.client().getBlock({ blockNumber: 0n })).hash);
    expect(d.startBlock).to.be.greaterThan(0);
    expect(d.block).to.be.greaterThan(0);
    expect(await withoutCode(node.client(), recorded(d))).to.deep.equal([]);
  });
});
