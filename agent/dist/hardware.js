/**
 * What the agent runs on: CPU cores, memory and NVIDIA GPUs (through `nvidia-smi` when it is installed), as the
 * document a provider registers by CID (its registration's `metadataHash` is the document's CID digest).
 */
import { execFile } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { canonicalJson } from "@calctra/core/delivery";
const round1 = (n) => Math.round(n * 10) / 10;
/**
 * Parses `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits` (one `name, MiB` line per GPU).
 *
 * @example
 * ```ts
 * parseNvidiaSmi("NVIDIA A100-SXM4-80GB, 81920\n"); // [{ model: "NVIDIA A100-SXM4-80GB", memoryGiB: 80 }]
 * ```
 */
export function parseNvidiaSmi(text) {
    const gpus = [];
    for (const line of text.split("\n")) {
        const m = /^\s*(.+?)\s*,\s*(\d+(?:\.\d+)?)\s*$/.exec(line);
        if (m?.[1] && m[2])
            gpus.push({ model: m[1], memoryGiB: round1(Number(m[2]) / 1024) });
    }
    return gpus;
}
function runNvidiaSmi() {
    return new Promise((resolve) => {
        execFile("nvidia-smi", ["--query-gpu=name,memory.total", "--format=csv,noheader,nounits"], { timeout: 5000 }, (error, stdout) => resolve(error ? undefined : stdout));
    });
}
/**
 * Detects this machine's hardware.
 *
 * @example
 * ```ts
 * const hw = await detectHardware({ region: "eu-west" }); // { version: 1, cores: 2, memoryGiB: 23.4, gpus: [] }
 * ```
 */
export async function detectHardware({ region, nvidiaSmi = runNvidiaSmi } = {}) {
    const smi = await nvidiaSmi();
    return {
        version: 1,
        cores: cpus().length,
        memoryGiB: round1(totalmem() / 2 ** 30),
        gpus: smi ? parseNvidiaSmi(smi) : [],
        ...(region ? { region } : {}),
    };
}
/** The document's bytes (canonical JSON), stored by CID. */
export function encodeHardwareSpec(spec) {
    return new TextEncoder().encode(canonicalJson(spec));
}
/**
 * Why this hardware cannot run a task with these requirements, or `undefined` when it can.
 *
 * @example
 * ```ts
 * unmetRequirement(hw, { gpu: { count: 1 } }); // "needs 1 GPU(s), has 0"
 * ```
 */
export function unmetRequirement(hw, req) {
    if (req.cores !== undefined && hw.cores < req.cores)
        return `needs ${req.cores} cores, has ${hw.cores}`;
    if (req.memoryGiB !== undefined && hw.memoryGiB < req.memoryGiB)
        return `needs ${req.memoryGiB} GiB, has ${hw.memoryGiB}`;
    if (req.gpu) {
        const fit = hw.gpus.filter((g) => (req.gpu?.model === undefined || g.model.toLowerCase().includes(req.gpu.model.toLowerCase())) &&
            (req.gpu?.memoryGiB === undefined || g.memoryGiB >= req.gpu.memoryGiB));
        if (fit.length < req.gpu.count)
            return `needs ${req.gpu.count} GPU(s)${req.gpu.model ? ` (${req.gpu.model})` : ""}, has ${fit.length}`;
    }
    if (req.region !== undefined && hw.region !== req.region)
        return `needs region ${req.region}, runs in ${hw.region ?? "no region"}`;
    return undefined;
}
//# sourceMappingURL=hardware.js.map