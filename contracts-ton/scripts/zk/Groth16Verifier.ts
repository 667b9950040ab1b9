// Wrapper of the standalone Groth16 verifier contract (contracts-ton/contracts/zk/verifier.tolk).
import { runTolkCompiler } from "@ton/tolk-js";
import { beginCell, Cell, contractAddress, type Address, type Contract, type ContractProvider, type Sender } from "@ton/core";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ZK_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "contracts", "zk");
export const OP_VERIFY = 0x56726679;
export const EXIT_FIELD_ELEMENT_OUT_OF_RANGE = 414; // MarketplaceFieldElementOutOfRange
export const EXIT_INVALID_PROOF = 416; // MarketplaceInvalidProof

let code: Cell | undefined;
/** Compiles verifier.tolk (+ groth16.tolk) with tolk-js. */
export async function compileGroth16Verifier(): Promise<Cell> {
  if (!code) {
    const res = await runTolkCompiler({
      entrypointFileName: "verifier.tolk",
      fsReadCallback: (path: string) => readFileSync(join(ZK_DIR, path), "utf8"),
      optimizationLevel: 2,
    });
    if (res.status === "error") throw new Error(`Tolk compilation failed:\n${res.message}`);
    code = Cell.fromBase64(res.codeBoc64);
  }
  return code;
}

export type PublicInputs4 = readonly [bigint, bigint, bigint, bigint];

export class Groth16Verifier implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}

  /** A verifier whose storage is the verifying-key cell. */
  static fromVerifyingKey(codeCell: Cell, vk: Cell): Groth16Verifier {
    const init = { code: codeCell, data: vk };
    return new Groth16Verifier(contractAddress(0, init), init);
  }

  async sendDeploy(provider: ContractProvider, via: Sender, value: bigint): Promise<void> {
    await provider.internal(via, { value, body: beginCell().endCell() });
  }

  static verifyBody(proof: Cell, inputs: PublicInputs4, queryId = 0n): Cell {
    return beginCell()
      .storeUint(OP_VERIFY, 32)
      .storeUint(queryId, 64)
      .storeRef(proof)
      .storeUint(inputs[0], 256)
      .storeUint(inputs[1], 256)
      .storeRef(beginCell().storeUint(inputs[2], 256).storeUint(inputs[3], 256).endCell())
      .endCell();
  }

  async sendVerify(provider: ContractProvider, via: Sender, value: bigint, proof: Cell, inputs: PublicInputs4): Promise<void> {
    await provider.internal(via, { value, body: Groth16Verifier.verifyBody(proof, inputs) });
  }

  /** Runs the `verify_proof` get-method; returns the verdict and the gas it used. */
  async getVerify(provider: ContractProvider, proof: Cell, inputs: PublicInputs4): Promise<{ ok: boolean; gasUsed: bigint }> {
    const res = await provider.get("verify_proof", [
      { type: "cell", cell: proof },
      ...inputs.map((value) => ({ type: "int" as const, value })),
    ]);
    const ok = res.stack.readBoolean();
    const gasUsed = (res as unknown as { gasUsed?: bigint }).gasUsed ?? -1n;
    return { ok, gasUsed };
  }
}
