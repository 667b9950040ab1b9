import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import hardhatViemAssertions from "@nomicfoundation/hardhat-viem-assertions";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatIgnitionViem from "@nomicfoundation/hardhat-ignition-viem";

// Solidity is compiled offline with the solc-js build shipped in the `solc` npm package:
// Hardhat is given its path, so it never downloads a compiler.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;
const solcPath = require.resolve("solc/soljson.js");

export default defineConfig({
  plugins: [hardhatViem, hardhatViemAssertions, hardhatMocha, hardhatNetworkHelpers, hardhatIgnitionViem],
  solidity: {
    profiles: {
      default: {
        version: solcVersion,
        path: solcPath,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
      },
      production: {
        version: solcVersion,
        path: solcPath,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
      },
    },
  },
  paths: {
    sources: { solidity: ["contracts-evm/contracts"] },
    tests: { mocha: "contracts-evm/test", solidity: "contracts-evm/test" },
    ignition: "contracts-evm/ignition",
  },
  test: {
    solidity: { fuzz: { runs: 256 }, invariant: { runs: 32, depth: 32 } },
    mocha: { timeout: 120000 },
  },
  networks: {
    hardhatMainnet: { type: "edr-simulated", chainType: "l1" },
    // Any JSON-RPC node by URL (default: a `hardhat node` on 127.0.0.1:8545), with the node's unlocked accounts.
    rpc: { type: "http", chainType: "l1", url: process.env.CALCTRA_RPC_URL ?? "http://127.0.0.1:8545" },
  },
});
