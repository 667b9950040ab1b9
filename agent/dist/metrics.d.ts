import { Counter, Gauge, Histogram, Registry } from "prom-client";
/** The agent's metrics. */
export declare class AgentMetrics {
    readonly registry: Registry<"text/plain; version=0.0.4; charset=utf-8">;
    /** Tasks looked at, accepted, completed (paid) and failed, by chain. */
    readonly tasksSeen: Counter<"chain">;
    readonly tasksSkipped: Counter<"chain">;
    readonly tasksAccepted: Counter<"chain">;
    readonly tasksCompleted: Counter<"chain">;
    readonly tasksFailed: Counter<"chain">;
    readonly proveSeconds: Histogram<"chain" | "prover">;
    readonly earned: Counter<"chain">;
    readonly active: Gauge<string>;
    readonly chainErrors: Counter<"chain">;
}
/** Parameters of {@link serveAgentHttp}. */
export interface ServeAgentHttpParameters {
    readonly host?: string;
    readonly port: number;
    readonly metrics: AgentMetrics;
    health(): Promise<{
        readonly ok: boolean;
    } & Record<string, unknown>>;
}
/**
 * Serves `/health` (200 when ok, 503 otherwise) and `/metrics`; anything else is 404, other methods 405.
 *
 * @example
 * ```ts
 * const { url, close } = await serveAgentHttp({ port: 9400, metrics: agent.metrics, health: () => agent.health() });
 * ```
 */
export declare function serveAgentHttp(p: ServeAgentHttpParameters): Promise<{
    readonly url: string;
    close(): Promise<void>;
}>;
//# sourceMappingURL=metrics.d.ts.map