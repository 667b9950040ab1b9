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
    // Any JSON-RPC node by URL, so that no network is named here to deploy to one: `calctra deploy` overrides the URL
    // and the accounts per run (`--rpc`, `--networks <file>`), and Ignition's own CLI reads them from the environment:
    // CALCTRA_RPC_URL (default: a `hardhat node` on 127.0.0.1:8545) and CALCTRA_PRIVATE_KEY (default: the node's
    // unlocked accounts). The chain id is always the node's.
    rpc: {
      type: "http",
      chainType: "l1",
      url: process.env.CALCTRA_RPC_URL ?? "http://127.0.0.1:8545",
      accounts: process.env.CALCTRA_PRIVATE_KEY ? [process.env.CALCTRA_PRIVATE_KEY] : "remote",
    },
  },
});
