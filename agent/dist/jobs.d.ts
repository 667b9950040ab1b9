import { type TaskSpec } from "@calctra/core/delivery";
import type { ContentStore } from "@calctra/sdk/delivery";
/** The most multiply-accumulates one dense-inference job may ask (a larger spec is refused before accepting). */
export declare const MAX_DENSE_MACS: bigint;
/** A dense layer's inputs. */
export interface DenseInputs {
    readonly W: readonly (readonly bigint[])[];
    readonly b: readonly bigint[];
    readonly x: readonly bigint[];
}
/**
 * Fetches and checks a dense-inference spec's inputs: `DeliveryContentNotFound` / `DeliveryStoreUnreachable` from the
 * store, `DeliveryInvalidInput` for a tensor of the wrong shape or a job above {@link MAX_DENSE_MACS}.
 *
 * @example
 * ```ts
 * const inputs = await fetchDenseInputs({ spec, content });
 * ```
 */
export declare function fetchDenseInputs({ spec, content, }: {
    readonly spec: TaskSpec;
    readonly content: ContentStore;
}): Promise<DenseInputs>;
/** The work a dense job asks, in multiply-accumulates (the unit of the agent's floor price). */
export declare function denseWorkUnits(inputs: DenseInputs): bigint;
/**
 * y = W·x + b, exact integers.
 *
 * @example
 * ```ts
 * denseInference({ W: [[1n, 2n]], b: [3n], x: [4n, 5n] }); // [17n]
 * ```
 */
export declare function denseInference({ W, b, x }: DenseInputs): bigint[];
//# sourceMappingURL=jobs.d.ts.map