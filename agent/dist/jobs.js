/**
 * The jobs an agent runs. `dense-inference`: y = W·x + b over integers, computed for real from the inputs fetched by
 * CID — any shape within a work bound, W (m×n), b (m), x (n).
 */
import { CalctraError } from "@calctra/core";
import { parseTensor } from "@calctra/core/delivery";
/** The most multiply-accumulates one dense-inference job may ask (a larger spec is refused before accepting). */
export const MAX_DENSE_MACS = 1n << 24n;
/**
 * Fetches and checks a dense-inference spec's inputs: `DeliveryContentNotFound` / `DeliveryStoreUnreachable` from the
 * store, `DeliveryInvalidInput` for a tensor of the wrong shape or a job above {@link MAX_DENSE_MACS}.
 *
 * @example
 * ```ts
 * const inputs = await fetchDenseInputs({ spec, content });
 * ```
 */
export async function fetchDenseInputs({ spec, content, }) {
    const { inputs } = spec.job;
    const W = parseTensor(await content.get(inputs.W));
    const b = parseTensor(await content.get(inputs.b));
    const x = parseTensor(await content.get(inputs.x));
    if (!Array.isArray(W[0]))
        throw new CalctraError("DeliveryInvalidInput", { input: "W", reason: "W must be a matrix" });
    const matrix = W;
    if (Array.isArray(b[0]) || Array.isArray(x[0]))
        throw new CalctraError("DeliveryInvalidInput", { input: "b, x", reason: "b and x must be vectors" });
    const m = matrix.length;
    const n = matrix[0]?.length ?? 0;
    if (b.length !== m)
        throw new CalctraError("DeliveryInvalidInput", { input: "b", reason: `b has ${b.length} entries, W has ${m} rows` });
    if (x.length !== n)
        throw new CalctraError("DeliveryInvalidInput", { input: "x", reason: `x has ${x.length} entries, W has ${n} columns` });
    if (BigInt(m) * BigInt(n) > MAX_DENSE_MACS)
        throw new CalctraError("DeliveryInvalidInput", { input: "W", reason: `${m}×${n} exceeds ${MAX_DENSE_MACS} multiply-accumulates` });
    return { W: matrix, b: b, x: x };
}
/** The work a dense job asks, in multiply-accumulates (the unit of the agent's floor price). */
export function denseWorkUnits(inputs) {
    return BigInt(inputs.W.length) * BigInt(inputs.W[0]?.length ?? 0);
}
/**
 * y = W·x + b, exact integers.
 *
 * @example
 * ```ts
 * denseInference({ W: [[1n, 2n]], b: [3n], x: [4n, 5n] }); // [17n]
 * ```
 */
export function denseInference({ W, b, x }) {
    return W.map((row, i) => row.reduce((acc, w, j) => acc + w * x[j], b[i]));
}
//# sourceMappingURL=jobs.js.map