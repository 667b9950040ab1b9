/**
 * The import rule of the TypeScript tree (checked in CI by scripts/test-lint.sh):
 *   core <- sdk <- {bridge, devnet, agent} <- cli; devnet may run the bridge services; contract, circuit and program
 *   tooling may import core only; core and the SDK's chain entries are browser-safe (no Node built-ins) except
 *   core's Node-only native-prover subpath (`@calctra/core/zk-native`); packages import each other by package name only.
 */
const pkg = (name) => `^${name}/`;
const tooling = "^(contracts-evm|contracts-ton|circuits|programs-solana)/";
module.exports = {
  forbidden: [
    { name: "core-imports-no-other-package", severity: "error", comment: "@calctra/core imports nothing else of this repo",
      from: { path: pkg("core/src") }, to: { path: "^(sdk|bridge|devnet|agent|cli|contracts-evm|contracts-ton|circuits|programs-solana|scripts|test)/" } },
    { name: "sdk-imports-core-only", severity: "error", comment: "@calctra/sdk depends on @calctra/core only (no services, dev chains, CLI or contract tooling)",
      from: { path: pkg("sdk/src") }, to: { path: "^(bridge|devnet|agent|cli|contracts-evm|contracts-ton|circuits|programs-solana|scripts)/" } },
    { name: "bridge-imports-sdk-and-core", severity: "error", comment: "@calctra/bridge depends on the SDK one way",
      from: { path: pkg("bridge/src") }, to: { path: "^(devnet|agent|cli|contracts-evm|contracts-ton|circuits|programs-solana|scripts)/" } },
    { name: "agent-imports-sdk-and-core", severity: "error", comment: "@calctra/agent depends on the SDK one way (not on the services, dev chains or the CLI)",
      from: { path: pkg("agent/src") }, to: { path: "^(bridge|devnet|cli|contracts-evm|contracts-ton|circuits|programs-solana|scripts)/" } },
    { name: "devnet-not-cli", severity: "error", comment: "@calctra/devnet sits below the CLI",
      from: { path: pkg("devnet/src") }, to: { path: "^(cli|agent)/" } },
    { name: "tooling-imports-core-only", severity: "error", comment: "contract, circuit and program tooling may import @calctra/core only",
      from: { path: tooling }, to: { path: "^(sdk|bridge|devnet|cli)/" } },
    { name: "browser-safe-entries", severity: "error", comment: "core and the SDK's chain entries bundle for the browser: no Node built-ins",
      from: { path: "^(core/src|sdk/src/(evm|solana|ton|zk|bridge))/", pathNot: "^core/src/zk/native\\.ts$" }, to: { dependencyTypes: ["core"] } },
    { name: "no-relative-cross-package", severity: "error", comment: "packages import each other by package name, never by relative path",
      from: { path: "^(core|sdk|bridge|devnet|agent|cli)/" }, to: { dependencyTypes: ["local"], path: "^(core|sdk|bridge|devnet|agent|cli)/", pathNot: "^$1/" } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|artifacts|build)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { conditionNames: ["calctra-source", "import", "types", "default"], exportsFields: ["exports"], mainFields: ["module", "main", "types"] },
  },
};
