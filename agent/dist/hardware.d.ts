/** One GPU as `nvidia-smi` reports it. */
export interface GpuInfo {
    readonly model: string;
    readonly memoryGiB: number;
}
/** The hardware document (version 1) a provider registers. */
export interface HardwareSpec {
    readonly version: 1;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly gpus: readonly GpuInfo[];
    readonly region?: string;
}
/** Parameters of {@link detectHardware}. */
export interface DetectHardwareParameters {
    readonly region?: string;
    /** Runs `nvidia-smi` (tests substitute a fake; default: the real one, absent → no GPUs). */
    readonly nvidiaSmi?: () => Promise<string | undefined>;
}
/**
 * Parses `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits` (one `name, MiB` line per GPU).
 *
 * @example
 * ```ts
 * parseNvidiaSmi("NVIDIA A100-SXM4-80GB, 81920\n"); // [{ model: "NVIDIA A100-SXM4-80GB", memoryGiB: 80 }]
 * ```
 */
export declare function parseNvidiaSmi(text: string): GpuInfo[];
/**
 * Detects this machine's hardware.
 *
 * @example
 * ```ts
 * const hw = await detectHardware({ region: "eu-west" }); // { version: 1, cores: 2, memoryGiB: 23.4, gpus: [] }
 * ```
 */
export declare function detectHardware({ region, nvidiaSmi }?: DetectHardwareParameters): Promise<HardwareSpec>;
/** The document's bytes (canonical JSON), stored by CID. */
export declare function encodeHardwareSpec(spec: HardwareSpec): Uint8Array;
/** What a task's spec asks of a provider (`requirements` of the task spec). */
export interface Requirements {
    readonly cores?: number | undefined;
    readonly memoryGiB?: number | undefined;
    readonly gpu?: {
        readonly count: number;
        readonly model?: string | undefined;
        readonly memoryGiB?: number | undefined;
    } | undefined;
    readonly region?: string | undefined;
}
/**
 * Why this hardware cannot run a task with these requirements, or `undefined` when it can.
 *
 * @example
 * ```ts
 * unmetRequirement(hw, { gpu: { count: 1 } }); // "needs 1 GPU(s), has 0"
 * ```
 */
export declare function unmetRequirement(hw: HardwareSpec, req: Requirements): string | undefined;
//# sourceMappingURL=hardware.d.ts.map