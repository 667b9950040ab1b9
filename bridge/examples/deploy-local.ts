/**
 * Deploys a home (CalToken + BridgeVault, domain 31337) and a spoke (CalSpokeToken + BridgeMinter, domain 31338) on two
 * fresh local `hardhat node`s for the bridge services walkthrough (README, "Running the bridge services"), with the
 * three development validators (test/vectors/bridge.json) as the set and threshold 2, each side enabled for the
 * other, and the user (Hardhat account #1) holding 1000 CAL approved to the vault.
 *
 *   npx tsx bridge/examples/deploy-local.ts http://127.0.0.1:18545 http://127.0.0.1:18546
 *
 * The deployer is Hardhat account #0 on both nodes and starts at nonce 0, so the addresses are the same every time
 * (and the same on both chains): the ones in bridge/examples/*.json. Needs the contracts built (`npx hardhat build`).
 */
import { readFileSync } from "node:fs";
import { createPublicClient, createWalletClient, getAddress, http, keccak256, toHex, type Abi, type Address, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { universalFromEvm } from "@calctra/core";

const MNEMONIC = "test test test test test test test test test test test junk";
const CAL = 1_000_000_000n;
const HOME = 31337;
const SPOKE = 31338;
/** The addresses bridge/examples/*.json name (deployer account #0, nonces 0 and 1, on each chain). */
export const EXAMPLE_ADDRESSES = {
  token: getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
  bridge: getAddress("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"),
} as const;

const artifact = (file: string, name: string) =>
  JSON.parse(readFileSync(`artifacts/contracts-evm/contracts/${file}/${name}.json`, "utf8")) as { abi: Abi; bytecode: Hex };
const validators = (JSON.parse(readFileSync("test/vectors/bridge.json", "utf8")) as { validators: { address: Address }[] }).validators.map(
  (v) => v.address,
);
const limits = (bridge: Address) => ({
  bridge: universalFromEvm(bridge),
  inboundCapacity: 1_000_000n * CAL,
  inboundRatePerSecond: 1000n * CAL,
  outboundCapacity: 1_000_000n * CAL,
  outboundRatePerSecond: 1000n * CAL,
});

async function chain(url: string, id: number) {
  const c = {
    id,
    name: `local-${id}`,
    nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  };
  const publicClient = createPublicClient({ chain: c, transport: http(url), pollingInterval: 100 });
  const actual = await publicClient.getChainId();
  if (actual !== id) throw new Error(`${url} reports chain id ${actual}, expected ${id} (start it with --chain-id ${id})`);
  const deployer = mnemonicToAccount(MNEMONIC, { addressIndex: 0 });
  const user = mnemonicToAccount(MNEMONIC, { addressIndex: 1 });
  if ((await publicClient.getTransactionCount({ address: deployer.address })) !== 0)
    throw new Error(`${url} is not a fresh node (the deployer has sent transactions): restart it`);
  const wallet = (account = deployer) => createWalletClient({ chain: c, transport: http(url), account, pollingInterval: 100 });
  const wait = async (hash: Hex) => {
    const r = await publicClient.waitForTransactionReceipt({ hash });
    if (r.status !== "success") throw new Error(`transaction ${hash} reverted on ${url}`);
    return r;
  };
  return {
    deployer,
    user,
    deploy: async (file: string, name: string, args: unknown[]) => {
      const { abi, bytecode } = artifact(file, name);
      return (await wait(await wallet().deployContract({ abi, bytecode, args }))).contractAddress!;
    },
    write: async (address: Address, abi: Abi, functionName: string, args: unknown[], account = deployer) =>
      wait(await wallet(account).writeContract({ address, abi, functionName, args, chain: c })),
  };
}

const [homeUrl = "http://127.0.0.1:18545", spokeUrl = "http://127.0.0.1:18546"] = process.argv.slice(2);
const home = await chain(homeUrl, HOME);
const spoke = await chain(spokeUrl, SPOKE);
const tokenAbi = artifact("token/CalToken.sol", "CalToken").abi;
const bridgeAbi = artifact("bridge/BridgeVault.sol", "BridgeVault").abi;

const homeToken = await home.deploy("token/CalToken.sol", "CalToken", [home.deployer.address, home.deployer.address, true]);
const vault = await home.deploy("bridge/BridgeVault.sol", "BridgeVault", [
  homeToken,
  home.deployer.address,
  home.deployer.address,
  validators,
  2,
  86_400,
]);
const spokeToken = await spoke.deploy("token/CalSpokeToken.sol", "CalSpokeToken", [spoke.deployer.address]);
const minter = await spoke.deploy("bridge/BridgeMinter.sol", "BridgeMinter", [
  spokeToken,
  spoke.deployer.address,
  spoke.deployer.address,
  validators,
  2,
  86_400,
]);
await home.write(vault, bridgeAbi, "setRemoteDomain", [SPOKE, limits(minter)]);
await spoke.write(minter, bridgeAbi, "setRemoteDomain", [HOME, limits(vault)]);
await spoke.write(spokeToken, tokenAbi, "grantRole", [keccak256(toHex("BRIDGE_ROLE")), minter]);
await home.write(homeToken, tokenAbi, "transfer", [home.user.address, 1000n * CAL]);
await home.write(homeToken, tokenAbi, "approve", [vault, 1000n * CAL], home.user);

const same = (a: Address, b: Address) => a.toLowerCase() === b.toLowerCase();
if (
  ![homeToken, spokeToken].every((a) => same(a, EXAMPLE_ADDRESSES.token)) ||
  ![vault, minter].every((a) => same(a, EXAMPLE_ADDRESSES.bridge))
)
  throw new Error(
    `unexpected addresses (token ${homeToken}/${spokeToken}, bridge ${vault}/${minter}): not the ones the example configs name`,
  );
process.stdout.write(
  `deployed: token ${EXAMPLE_ADDRESSES.token} and bridge ${EXAMPLE_ADDRESSES.bridge} on home ${homeUrl} (31337) and spoke ${spokeUrl} (31338); user ${home.user.address} holds 1000 CAL\n`,
);
