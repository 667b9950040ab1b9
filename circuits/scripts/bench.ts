/**
 * ZK benchmark (npm run bench:zk): median prove time per circuit and curve for snarkjs and for the native
 * prover (circuits/prover-native, built here when needed) side by side, witness and proof timed apart; EVM verify gas beside
 * the EIP-1108 floor (pairing 45,000 + 34,000 per pair with 4 pairs = 181,000, plus 6,150 per public
 * input for ecMul + ecAdd), and TON verify gas (sandbox). Prints one table and writes
 * reports/zk-bench.md. Requires the build (npm run build:circuits). Not part of the test suite.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Table from "cli-table3";
import hre from "hardhat";
import type {} from "@nomicfoundation/hardhat-viem"; // network.create() type extensions
import { Blockchain } from "@ton/sandbox";
import { toNano } from "@ton/core";
import { encodeFunctionData, type Hex } from "viem";
import { encodeProofEvm, encodeProofTon, encodeVerifyingKeyTon } from "@calctra/core/zk";
import type { ProofCurve } from "@calctra/core/zk";
import {
  loadSnarkjs,
  proveGroth16,
  terminateCurves,
  verifyGroth16,
  type SnarkjsGroth16Proof,
  type SnarkjsVerificationKey,
} from "@calctra/core/zk";
import {
  buildNativeProver,
  clearNativeZkeyCache,
  computeWitness,
  loadZkeyNative,
  proveGroth16Native,
  proveWitnessNative,
} from "../src/native-prover.ts";
import { compileGroth16Verifier, Groth16Verifier, type PublicInputs4 } from "../../contracts-ton/scripts/zk/Groth16Verifier.ts";
import { CIRCUITS, exampleInputs, type CircuitName } from "./gen-vectors.ts";
import { r1csConstraints } from "./r1cs.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const RUNS = Number(process.env.ZK_BENCH_RUNS ?? 5);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Row {
  circuit: CircuitName;
  curve: ProofCurve;
  constraints: number;
  /** snarkjs groth16.fullProve (witness + proof) */
  proveMs: number;
  runs: number[];
  /** snarkjs wtns.calculate alone (compiles the wasm each time) / groth16.prove from that witness alone */
  sjWitnessMs: number;
  /** the native path's witness: the same calculator, compiled once */
  nWitnessMs: number;
  sjProveMs: number;
  /** native: proveGroth16Native (same JS witness + addon) / the addon alone, key cached / of which MSMs / cold key parse */
  nFullMs: number;
  nRuns: number[];
  nProveMs: number;
  nMsmMs: number;
  nLoadMs: number;
}
interface SnarkjsProve {
  groth16: { prove(zkey: Uint8Array, wtns: Uint8Array): Promise<{ proof: SnarkjsGroth16Proof; publicSignals: string[] }> };
}
const sj = await loadSnarkjs();
const snarkjs = sj as unknown as SnarkjsProve;
buildNativeProver();
const rows: Row[] = [];
for (const curve of ["bn254", "bls12381"] as const) {
  for (const circuit of CIRCUITS) {
    const build = join(root, "circuits", "build", curve);
    const { witnessInput } = await exampleInputs(circuit, curve);
    const wasmPath = join(build, `${circuit}.wasm`);
    const zkeyPath = join(build, `${circuit}.zkey`);
    const wasm = readFileSync(wasmPath);
    const zkey = readFileSync(zkeyPath);
    const vkey = JSON.parse(readFileSync(join(build, `${circuit}.vkey.json`), "utf8")) as SnarkjsVerificationKey;
    clearNativeZkeyCache();
    const nLoadMs = loadZkeyNative({ zkey: zkeyPath }).loadMs; // cold parse of the zkey (then cached)
    await proveGroth16({ wasm, zkey, witnessInput }); // warm-up (curve set-up, wasm compile)
    const warm = await proveGroth16Native({ wasm, zkey: zkeyPath, witnessInput });
    if (!(await verifyGroth16({ vkey, publicInputs: warm.publicSignals, proof: warm.proof })))
      throw new Error(`${circuit}.${curve}: snarkjs rejects the native proof`);
    const runs: number[] = [];
    const nRuns: number[] = [];
    const sjW: number[] = [];
    const sjP: number[] = [];
    const nW: number[] = [];
    const nP: number[] = [];
    const nM: number[] = [];
    // the two provers alternate within each run, so both see the same machine load
    for (let i = 0; i < RUNS; i++) {
      let t0 = performance.now();
      await proveGroth16({ wasm, zkey, witnessInput });
      runs.push(performance.now() - t0);
      t0 = performance.now();
      await proveGroth16Native({ wasm, zkey: zkeyPath, witnessInput });
      nRuns.push(performance.now() - t0);
      t0 = performance.now();
      const out: { type: "mem"; data?: Uint8Array } = { type: "mem" };
      await sj.wtns.calculate(witnessInput, wasm, out);
      sjW.push(performance.now() - t0);
      t0 = performance.now();
      await snarkjs.groth16.prove(zkey, out.data!);
      sjP.push(performance.now() - t0);
      t0 = performance.now();
      const wtns = await computeWitness({ wasm, witnessInput });
      nW.push(performance.now() - t0);
      const n = await proveWitnessNative({ zkey: zkeyPath, wtns });
      nP.push(n.timings.proveMs);
      nM.push(n.timings.msmMs);
    }
    rows.push({
      circuit,
      curve,
      constraints: r1csConstraints(join(build, `${circuit}.r1cs`)),
      proveMs: median(runs),
      runs,
      sjWitnessMs: median(sjW),
      nWitnessMs: median(nW),
      sjProveMs: median(sjP),
      nFullMs: median(nRuns),
      nRuns,
      nProveMs: median(nP),
      nMsmMs: median(nM),
      nLoadMs,
    });
    console.error(`[bench] ${circuit}.${curve}: snarkjs ${median(runs).toFixed(0)} ms, native ${median(nRuns).toFixed(0)} ms`);
  }
}
await terminateCurves();

// ---- EVM gas (Hardhat EDR) ----
await hre.tasks.getTask("build").run({ quiet: true });
const { viem } = await hre.network.create();
const publicClient = await viem.getPublicClient();
const [wallet] = await viem.getWalletClients();
const FLOOR = 181_000 + 6_150 * 4;
const calldataGas = (data: Hex): number => {
  const b = Buffer.from(data.slice(2), "hex");
  return b.reduce((g, x) => g + (x === 0 ? 4 : 16), 0);
};
interface Vec {
  publicInputs: string[];
  proof: SnarkjsGroth16Proof;
  vkey: SnarkjsVerificationKey;
}
const vec = (c: string, curve: string): Vec =>
  JSON.parse(readFileSync(join(root, "test", "vectors", "proofs", `${c}.${curve}.json`), "utf8")) as Vec;
const evm = new Map<string, { tx: number; exec: number }>();
for (const [circuit, contract] of [
  ["result_commitment", "ResultCommitmentVerifier"],
  ["dense_inference", "DenseInferenceVerifier"],
] as const) {
  const v = vec(circuit, "bn254");
  const verifier = await viem.deployContract(contract);
  const inputs = v.publicInputs.map(BigInt) as unknown as PublicInputs4;
  const data = encodeFunctionData({
    abi: verifier.abi,
    functionName: "verifyProof",
    args: [encodeProofEvm({ proof: v.proof }), inputs],
  });
  const { data: ret } = await publicClient.call({ to: verifier.address, data });
  if (ret !== `0x${"0".repeat(63)}1`) throw new Error(`${circuit}: EVM rejects the vector`);
  const hash = await wallet!.sendTransaction({ to: verifier.address, data });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  const tx = Number(receipt.gasUsed);
  evm.set(circuit, { tx, exec: tx - 21_000 - calldataGas(data) });
}

// ---- TON gas (sandbox) ----
const ton = new Map<string, { get: number; msg: number }>();
const code = await compileGroth16Verifier();
for (const circuit of CIRCUITS) {
  const v = vec(circuit, "bls12381");
  const bc = await Blockchain.create();
  const deployer = await bc.treasury("bench");
  const verifier = bc.openContract(Groth16Verifier.fromVerifyingKey(code, encodeVerifyingKeyTon({ vkey: v.vkey })));
  await verifier.sendDeploy(deployer.getSender(), toNano("1"));
  const inputs = v.publicInputs.map(BigInt) as unknown as PublicInputs4;
  const proof = encodeProofTon({ proof: v.proof });
  const got = await verifier.getVerify(proof, inputs);
  if (!got.ok) throw new Error(`${circuit}: TON rejects the vector`);
  const res = await verifier.sendVerify(deployer.getSender(), toNano("0.5"), proof, inputs);
  const tx = res.transactions.find((t) => t.inMessage?.info.dest?.toString() === verifier.address.toString());
  const d = tx?.description;
  const gas = d && d.type === "generic" && d.computePhase.type === "vm" ? Number(d.computePhase.gasUsed) : -1;
  ton.set(circuit, { get: Number(got.gasUsed), msg: gas });
}

// ---- report ----
const fmt = (n: number) => n.toLocaleString("en-US");
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const msf = (ms: number) => `${ms.toFixed(0)} ms`;
const mdTable = (head: string[], body: string[][]): string =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...body.map((c) => `| ${c.join(" | ")} |`)].join("\n");
const proverHead = [
  "circuit",
  "curve",
  "constraints",
  "snarkjs fullProve",
  "native fullProve",
  "speed-up",
  "target",
  "snarkjs witness",
  "native witness (JS)",
  "snarkjs prove only",
  "native prove only",
  "speed-up (prove)",
  "native MSMs",
  "native zkey load (cold, once)",
];
const proverBody = rows.map((r) => [
  r.circuit,
  r.curve,
  fmt(r.constraints),
  sec(r.proveMs),
  sec(r.nFullMs),
  `${(r.proveMs / r.nFullMs).toFixed(1)}×`,
  r.circuit === "result_commitment" ? "< 1 s" : "< 5 s",
  msf(r.sjWitnessMs),
  msf(r.nWitnessMs),
  msf(r.sjProveMs),
  msf(r.nProveMs),
  `${(r.sjProveMs / r.nProveMs).toFixed(1)}×`,
  msf(r.nMsmMs),
  msf(r.nLoadMs),
]);
const verifierHead = ["circuit", "curve", "EVM verify gas (exec / tx)", "EIP-1108 floor", "exec vs floor", "TON verify gas (msg / get)"];
const verifierBody = rows.map((r) => {
  const e = r.curve === "bn254" ? evm.get(r.circuit) : undefined;
  const t = r.curve === "bls12381" ? ton.get(r.circuit) : undefined;
  return [
    r.circuit,
    r.curve,
    e ? `${fmt(e.exec)} / ${fmt(e.tx)}` : "—",
    e ? fmt(FLOOR) : "—",
    e ? `${(((e.exec - FLOOR) / FLOOR) * 100).toFixed(1)} %` : "—",
    t ? `${fmt(t.msg)} / ${fmt(t.get)}` : "—",
  ];
});
const t1 = new Table({ head: proverHead });
t1.push(...proverBody);
const t2 = new Table({ head: verifierHead });
t2.push(...verifierBody);
process.stdout.write(`${t1.toString()}\n${t2.toString()}\n`);
const when = new Date().toISOString();
const text = `# ZK benchmark

Generated by \`npm run bench:zk\` (circuits/scripts/bench.ts) on ${when}, ${cpus().length} cores,
load average ${loadavg()
  .map((x) => x.toFixed(1))
  .join(" / ")} at the end of the run (the machine is shared: timings vary; both provers ran interleaved in the same run).

## Provers: snarkjs (baseline) and the native prover (circuits/prover-native)

${mdTable(proverHead, proverBody)}

- Medians of ${RUNS} runs after one warm-up; within each run the provers alternate. snarkjs: \`groth16.fullProve\` in process
  (wasm witness + proof, worker threads), and separately \`wtns.calculate\` then \`groth16.prove\` from that witness.
  Native: \`proveGroth16Native\` (circuits/src/native-prover.ts) = the same circom wasm witness calculator in JS (circom_runtime,
  compiled and instantiated once per wasm and reused, where snarkjs compiles it on every proof), then the Rust
  addon (arkworks 0.4, release build, rayon on all cores) proving from the \`.wtns\` bytes with the same \`.zkey\`; "prove only"
  is the addon call from a ready witness with the key already parsed (a provider parses it once at start-up: the cold
  parse is the last column). Every native proof passes the pairing check inside the addon (included), and the warm-up
  proof is checked with snarkjs \`groth16.verify\` before timing.
- Raw fullProve runs (ms), snarkjs: ${rows.map((r) => `${r.circuit}.${r.curve} [${r.runs.map((x) => x.toFixed(0)).join(", ")}]`).join("; ")}.
- Raw fullProve runs (ms), native: ${rows.map((r) => `${r.circuit}.${r.curve} [${r.nRuns.map((x) => x.toFixed(0)).join(", ")}]`).join("; ")}.
- Targets: result_commitment < 1 s, dense_inference < 5 s (either prover); issue 14: native ≥ 5× snarkjs on dense_inference (BN254).

## Verifiers

${mdTable(verifierHead, verifierBody)}

- EVM: \`exec\` = receipt gasUsed − 21,000 − calldata gas of a transaction calling the adapter's
  \`verifyProof(bytes, uint256[4])\` (snarkjs verifier + ABI decoding + one warm self-call); \`tx\` = receipt gasUsed.
  Floor = EIP-1108 precompile cost alone: pairing 45,000 + 34,000·4 = 181,000, plus 6,150 (ecMul 6,000 + ecAdd 150) per public input → ${fmt(FLOOR)} for 4 inputs. Target: within 10 %.
- TON: compute-phase gas of an internal \`verify\` message to contracts-ton/contracts/zk/verifier.tolk (\`msg\`), and
  of the \`verify_proof\` get-method (\`get\`), @ton/sandbox. Target < 120,000.
`;
mkdirSync(join(root, "reports"), { recursive: true });
writeFileSync(join(root, "reports", "zk-bench.md"), text);
process.exit(0);
