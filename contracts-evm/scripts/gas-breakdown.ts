/**
 * Splits the gas of one transaction into components from an opcode trace (`debug_traceTransaction`, struct logs):
 * intrinsic (21k + calldata), then per call depth (1 = the called contract, 2 = a contract it calls) storage reads,
 * storage writes, signature recovery (calls to the ecrecover precompile), logs, keccak, external-call overhead and
 * the rest (computation, memory, ABI decoding), minus the refund. Used by scripts/bench-bridge.ts.
 */
import type { Hash, PublicClient } from "viem";

interface Step {
  depth: number;
  gas: number;
  gasCost: number;
  op: string;
  stack?: string[];
}

/** Gas of one transaction by component (the parts add up to the receipt's gasUsed). */
export type GasBreakdown = Record<string, bigint>;

/** Category of one opcode executed at `depth` (1 = the transaction's target). */
function category(step: Step): string {
  const where = step.depth === 1 ? "bridge" : "token";
  switch (step.op) {
    case "SLOAD":
      return `${where}: storage reads (SLOAD)`;
    case "SSTORE":
      return `${where}: storage writes (SSTORE)`;
    case "TLOAD":
    case "TSTORE":
      return `${where}: reentrancy guard (transient)`;
    case "LOG0":
    case "LOG1":
    case "LOG2":
    case "LOG3":
    case "LOG4":
      return `${where}: events`;
    case "KECCAK256":
      return `${where}: keccak`;
    case "CALL":
    case "STATICCALL":
    case "DELEGATECALL":
      return `${where}: calls`;
    default:
      return `${where}: computation, memory, ABI`;
  }
}

/** Traces `hash` and returns its gas split by component. */
export async function gasBreakdown(client: PublicClient, hash: Hash): Promise<GasBreakdown> {
  const receipt = await client.getTransactionReceipt({ hash });
  const tx = await client.getTransaction({ hash });
  const trace = (await client.request({
    method: "debug_traceTransaction" as never,
    params: [hash, { disableStorage: true, disableMemory: true, disableStack: false }] as never,
  })) as { gas: number; structLogs: Step[] };
  const steps = trace.structLogs;
  const out: GasBreakdown = {};
  const add = (k: string, v: number) => {
    out[k] = (out[k] ?? 0n) + BigInt(v);
  };
  let executed = 0;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const next = steps[i + 1];
    let cost: number;
    if (!next) cost = s.gasCost;
    else if (next.depth === s.depth) cost = s.gas - next.gas;
    else if (next.depth > s.depth) {
      // Entered a contract: this step's own cost is what the caller lost minus what the callee used.
      let j = i + 1;
      while (j < steps.length && steps[j]!.depth > s.depth) j++;
      const after = steps[j];
      // Exact: caller gas before - caller gas after - gas the callee consumed (callee first gas - callee last gas left).
      const first = steps[i + 1]!;
      const last = steps[j - 1]!;
      const calleeUsed = first.gas - last.gas + last.gasCost;
      cost = after ? s.gas - after.gas - calleeUsed : s.gasCost;
    } else cost = s.gasCost; // RETURN/STOP/REVERT leaving a frame
    // A call to the ecrecover precompile (address 1) runs no opcodes: its 3000 gas land on the STATICCALL.
    if (s.op === "STATICCALL" && s.stack && BigInt(`0x${s.stack[s.stack.length - 2]!.replace(/^0x/, "")}`) === 1n) {
      add(`${s.depth === 1 ? "bridge" : "token"}: signature recovery (ecrecover)`, cost);
    } else add(category(s), cost);
    executed += cost;
  }
  const gasLimitUsedBeforeRefund = Number(receipt.gasUsed);
  const intrinsic = 21000 + [...Buffer.from(tx.input.slice(2), "hex")].reduce((a, b) => a + (b === 0 ? 4 : 16), 0);
  out["intrinsic: 21000 base"] = 21000n;
  out["intrinsic: calldata"] = BigInt(intrinsic - 21000);
  const refund = intrinsic + executed - gasLimitUsedBeforeRefund;
  if (refund !== 0) out.refund = BigInt(-refund);
  return out;
}
