import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Address, createWalletClient, http, numberToHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { universalFromEvm } from "@calctra/core";
import { evmBridgeAbi } from "@calctra/sdk/evm";
import {
  type HardhatNode,
  calctra,
  freePort,
  hardhat as hardhatCli,
  removeJournal,
  repo,
  scratch,
  startNode,
  withoutCode,
} from "./deploy-support.js";

// hardhat node's first account (a public test key) deploys; three fresh keys are the validators
const DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
// (in ascending order, as the bridges take them; `calctra deploy` sorts them itself, Ignition's CLI does not)
const VALIDATORS = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey()).address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));

type Written = { chainId: number; mode: string; bridge?: Address; contracts: Record<string, Address> };
const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Written;

describe("calctra deploy --role home|spoke: two hardhat nodes of different chain ids from a networks file", function () {
  this.timeout(600_000);
  let home: HardhatNode;
  let spoke: HardhatNode;
  let files: ReturnType<typeof scratch>;
  let networks: string;
  const homeFile = () => join(files.dir, "home.json");
  const spokeFile = () => join(files.dir, "spoke.json");
  const ids = { home: `deploy-home-${process.pid}-${Date.now()}`, spoke: `deploy-spoke-${process.pid}-${Date.now()}` };
  const deploy = (name: "home" | "spoke", ...extra: string[]) =>
    calctra(["deploy", "--networks", networks, "--network", name, "--deployment-id", ids[name], ...extra], {
      CALCTRA_PRIVATE_KEY: DEPLOYER_KEY,
    });

  before(async () => {
    [home, spoke] = await Promise.all([startNode(31337), startNode(31338)]);
    files = scratch();
    networks = join(files.dir, "networks.json");
    writeFileSync(
      networks,
      JSON.stringify({
        networks: {
          home: { rpc: home.url, chainId: 31337, role: "home", deployment: homeFile(), validators: VALIDATORS, threshold: 2 },
          spoke: {
            rpc: spoke.url,
            chainId: 31338,
            role: "spoke",
            deployment: spokeFile(),
            validators: VALIDATORS,
            threshold: 2,
            homeDeployment: homeFile(),
          },
          wrong: { rpc: spoke.url, chainId: 31337, deployment: join(files.dir, "wrong.json") },
        },
      }),
    );
  });
  after(async () => {
    await Promise.all([home?.stop(), spoke?.stop()]);
    files?.cleanup();
    removeJournal(ids.home);
    removeJournal(ids.spoke);
  });

  it("deploys the home suite and its BridgeVault with stdin closed, and writes the vault into the deployment file", async () => {
    const run = await deploy("home");
    expect(run.stderr).to.not.match(/\(y\/N\)|Confirm/);
    expect(run.code, run.stderr).to.equal(0);
    const d = read(homeFile());
    expect(d).to.include({ chainId: 31337, mode: "home" });
    expect(d.bridge).to.equal(d.contracts.BridgeVault);
    expect(
      await withoutCode(
        home.client(),
        Object.values(d.contracts).filter((a) => !/^0x0{40}$/.test(a)),
      ),
    ).to.deep.equal([]);
  });

  it("deploys the spoke suite and its BridgeMinter on chain 31338 with no prompt, its home being the home's vault", async () => {
    const run = await deploy("spoke");
    expect(run.stderr).to.not.match(/\(y\/N\)|Confirm/);
    expect(run.code, run.stderr).to.equal(0);
    const d = read(spokeFile());
    expect(d).to.include({ chainId: 31338, mode: "spoke" });
    expect(d.bridge).to.equal(d.contracts.BridgeMinter);
    expect(await withoutCode(spoke.client(), [d.bridge as Address])).to.deep.equal([]);
    const remote = await spoke.client().readContract({
      address: d.bridge as Address,
      abi: evmBridgeAbi,
      functionName: "remoteBridge",
      args: [31337],
    });
    expect(remote).to.equal(universalFromEvm(read(homeFile()).bridge as Address));
  });

  it("refuses a node whose chain id is not the networks file's, naming both", async () => {
    const run = await deploy("wrong" as "home");
    expect(run.code, run.stderr).to.equal(1);
    expect(run.stderr).to.contain("DeploymentChainMismatch(network=wrong");
    expect(run.stderr).to.contain("expectedChainId=31337, chainId=31338");
  });

  it("refuses a malformed networks file with DeploymentInvalidConfig naming the field", async () => {
    const bad = join(files.dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ networks: { home: { rpc: "not a url" } } }));
    const run = await calctra(["deploy", "--networks", bad, "--network", "home"]);
    expect(run.code, run.stderr).to.equal(1);
    expect(run.stderr).to.contain("DeploymentInvalidConfig(");
    expect(run.stderr).to.contain("field=networks.home.rpc");
  });

  it("Ignition's own CLI deploys the default-exported Calctra and BridgeHome modules on chain 31338 with stdin closed", async () => {
    const id = `${ids.spoke}-ignition-cli`;
    const env = { CALCTRA_RPC_URL: spoke.url, HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "1" };
    // `--build-profile default`: the artifacts scripts/build.sh built (Ignition's task would otherwise build "production")
    try {
      const suite = await hardhatCli(
        [
          "--build-profile",
          "default",
          "ignition",
          "deploy",
          "contracts-evm/ignition/modules/Calctra.ts",
          "--network",
          "rpc",
          "--deployment-id",
          id,
        ],
        env,
      );
      expect(suite.code, `${suite.stdout}${suite.stderr}`).to.equal(0);
      const journal = join(repo, "contracts-evm/ignition/deployments", id, "deployed_addresses.json");
      const deployed = () => JSON.parse(readFileSync(journal, "utf8")) as Record<string, Address>;
      const parameters = join(files.dir, "bridge-home.json");
      writeFileSync(
        parameters,
        JSON.stringify({
          BridgeHome: { token: deployed()["Calctra#CalToken"], timelock: deployed()["Calctra#CalTimelock"], validators: VALIDATORS },
        }),
      );
      const vault = await hardhatCli(
        [
          "--build-profile",
          "default",
          "ignition",
          "deploy",
          "contracts-evm/ignition/modules/BridgeHome.ts",
          "--network",
          "rpc",
          "--deployment-id",
          id,
          "--parameters",
          parameters,
        ],
        env,
      );
      expect(vault.code, `${vault.stdout}${vault.stderr}`).to.equal(0);
      expect(`${vault.stdout}${vault.stderr}`).to.not.match(/\(y\/N\)/);
      expect(await withoutCode(spoke.client(), [deployed()["BridgeHome#BridgeVault"] as Address])).to.deep.equal([]);
    } finally {
      removeJournal(id);
    }
  });

  it("bridge transfer and bridge status find the bridges in the deployment files; status runs without a private key", async () => {
    // Enabling the spoke on the home vault is governance's act; on this dev node the test acts as the timelock.
    const h = read(homeFile());
    const timelock = h.contracts.CalTimelock as Address;
    await home.client().request({ method: "hardhat_impersonateAccount" as never, params: [timelock] as never });
    await home.client().request({ method: "hardhat_setBalance" as never, params: [timelock, numberToHex(10n ** 19n)] as never });
    const asTimelock = createWalletClient({ account: timelock, chain: hardhat, transport: http(home.url) });
    const limit = 1_000_000n * 10n ** 9n;
    await home.client().waitForTransactionReceipt({
      hash: await asTimelock.writeContract({
        address: h.bridge as Address,
        abi: evmBridgeAbi,
        functionName: "setRemoteDomain",
        args: [
          31338,
          {
            bridge: universalFromEvm(read(spokeFile()).bridge as Address),
            inboundCapacity: limit,
            inboundRatePerSecond: limit,
            outboundCapacity: limit,
            outboundRatePerSecond: limit,
          },
        ],
      }),
    });

    const sent = await calctra(
      [
        "bridge",
        "transfer",
        "--rpc",
        home.url,
        "--deployment",
        homeFile(),
        "--to-domain",
        "31338",
        "--recipient",
        VALIDATORS[0] as string,
        "--amount",
        "5",
        "--json",
      ],
      { CALCTRA_PRIVATE_KEY: DEPLOYER_KEY },
    );
    expect(sent.stderr).to.equal("");
    expect(sent.code, sent.stderr).to.equal(0);
    const { messageId } = JSON.parse(sent.stdout) as { messageId: string };

    const noValidator = `http://127.0.0.1:${await freePort()}`;
    const status = await calctra([
      "bridge",
      "status",
      messageId,
      "--rpc",
      home.url,
      "--deployment",
      homeFile(),
      "--dst-rpc",
      spoke.url,
      "--dst-deployment",
      spokeFile(),
      "--validator",
      noValidator,
      "--json",
    ]);
    expect(status.stderr).to.equal("");
    expect(status.code, status.stderr).to.equal(0);
    expect(JSON.parse(status.stdout)).to.include({ state: "sent", signatures: 0 });
  });
});
