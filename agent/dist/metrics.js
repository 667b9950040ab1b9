/**
 * The agent's Prometheus metrics (prom-client, one registry per agent so several agents can share a process) and its
 * HTTP endpoint: `GET /health` (JSON: ok, chains reachable, task counts) and `GET /metrics`.
 */
import { createServer } from "node:http";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
/** The agent's metrics. */
export class AgentMetrics {
    registry = new Registry();
    /** Tasks looked at, accepted, completed (paid) and failed, by chain. */
    tasksSeen = new Counter({
        name: "calctra_agent_tasks_seen_total",
        help: "Tasks looked at",
        labelNames: ["chain"],
        registers: [this.registry],
    });
    tasksSkipped = new Counter({
        name: "calctra_agent_tasks_skipped_total",
        help: "Tasks left alone (unsupported, bad spec or input, below the floor)",
        labelNames: ["chain"],
        registers: [this.registry],
    });
    tasksAccepted = new Counter({
        name: "calctra_agent_tasks_accepted_total",
        help: "Tasks accepted",
        labelNames: ["chain"],
        registers: [this.registry],
    });
    tasksCompleted = new Counter({
        name: "calctra_agent_tasks_completed_total",
        help: "Tasks completed and paid",
        labelNames: ["chain"],
        registers: [this.registry],
    });
    tasksFailed = new Counter({
        name: "calctra_agent_tasks_failed_total",
        help: "Tasks given up after accepting",
        labelNames: ["chain"],
        registers: [this.registry],
    });
    proveSeconds = new Histogram({
        name: "calctra_agent_prove_seconds",
        help: "Time to prove one result",
        labelNames: ["chain", "prover"],
        buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
        registers: [this.registry],
    });
    earned = new Counter({
        name: "calctra_agent_earned_cal",
        help: "CAL earned by completed tasks (the provider's share)",
        labelNames: ["chain"],
        registers: [this.registry],
    });
    active = new Gauge({ name: "calctra_agent_active_tasks", help: "Tasks accepted and not finished", registers: [this.registry] });
    chainErrors = new Counter({
        name: "calctra_agent_chain_errors_total",
        help: "Passes in which a chain could not be reached",
        labelNames: ["chain"],
        registers: [this.registry],
    });
}
/**
 * Serves `/health` (200 when ok, 503 otherwise) and `/metrics`; anything else is 404, other methods 405.
 *
 * @example
 * ```ts
 * const { url, close } = await serveAgentHttp({ port: 9400, metrics: agent.metrics, health: () => agent.health() });
 * ```
 */
export async function serveAgentHttp(p) {
    const server = createServer((req, res) => {
        void (async () => {
            try {
                if (req.method !== "GET" && req.method !== "HEAD") {
                    res.writeHead(405, { allow: "GET, HEAD" }).end();
                    return;
                }
                const path = (req.url ?? "/").split("?")[0];
                if (path === "/health") {
                    const h = await p.health();
                    res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(h));
                }
                else if (path === "/metrics") {
                    res.writeHead(200, { "content-type": p.metrics.registry.contentType }).end(await p.metrics.registry.metrics());
                }
                else {
                    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
                }
            }
            catch (e) {
                if (!res.headersSent)
                    res.writeHead(500, { "content-type": "application/json" });
                res.end(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
            }
        })();
    });
    await new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(p.port, p.host ?? "127.0.0.1", () => resolve());
    });
    const { address, port } = server.address();
    return {
        url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}
//# sourceMappingURL=metrics.js.map