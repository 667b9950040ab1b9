/**
 * The agent's Prometheus metrics (prom-client, one registry per agent so several agents can share a process) and its
 * HTTP endpoint: `GET /health` (JSON: ok, chains reachable, task counts) and `GET /metrics`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** The agent's metrics. */
export class AgentMetrics {
  readonly registry = new Registry();
  /** Tasks looked at, accepted, completed (paid) and failed, by chain. */
  readonly tasksSeen = new Counter({
    name: "calctra_agent_tasks_seen_total",
    help: "Tasks looked at",
    labelNames: ["chain"],
    registers: [this.registry],
  });
  readonly tasksSkipped = new Counter({
    name: "calctra_agent_tasks_skipped_total",
    help: "Tasks left alone (unsupported, bad spec or input, below the floor)",
    labelNames: ["chain"],
    registers: [this.registry],
  });
  readonly tasksAccepted = new Counter({
    name: "calctra_agent_tasks_accepted_total",
    help: "Tasks accepted",
    labelNames: ["chain"],
    registers: [this.registry],
  });
  readonly tasksCompleted = new Counter({
    name: "calctra_agent_tasks_completed_total",
    help: "Tasks completed and paid",
    labelNames: ["chain"],
    registers: [this.registry],
  });
  readonly tasksFailed = new Counter({
    name: "calctra_agent_tasks_failed_total",
    help: "Tasks given up after accepting",
    labelNames: ["chain"],
    registers: [this.registry],
  });
  readonly proveSeconds = new Histogram({
    name: "calctra_agent_prove_seconds",
    help: "Time to prove one result",
    labelNames: ["chain", "prover"],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly earned = new Counter({
    name: "calctra_agent_earned_cal",
    help: "CAL earned by completed tasks (the provider's share)",
    labelNames: ["chain"],
    registers: [this.registry],
  });
  /** Power challenges (DESIGN §11) answered in their window and missed, by chain, and the time to solve one. */
  readonly challengesAnswered = new Counter({
    name: "calctra_agent_power_challenges_answered_total",
    help: "Power challenges answered within their window",
    labelNames: ["chain"],
    registers: [this.registry],
  });
  readonly challengesMissed = new Counter({
    name: "calctra_agent_power_challenges_missed_total",
    help: "Power challenges not answered within their window",
    labelNames: ["chain"],
    registers: [this.registry],
  });
  readonly powerSolveSeconds = new Histogram({
    name: "calctra_agent_power_solve_seconds",
    help: "Time to solve one power challenge (native keccak-256, every core)",
    labelNames: ["chain"],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600],
    registers: [this.registry],
  });
  readonly active = new Gauge({ name: "calctra_agent_active_tasks", help: "Tasks accepted and not finished", registers: [this.registry] });
  readonly chainErrors = new Counter({
    name: "calctra_agent_chain_errors_total",
    help: "Passes in which a chain could not be reached",
    labelNames: ["chain"],
    registers: [this.registry],
  });
}

/** Parameters of {@link serveAgentHttp}. */
export interface ServeAgentHttpParameters {
  readonly host?: string;
  readonly port: number;
  /** The agent's metrics, or any service's with a prom-client registry (the compute validator's). */
  readonly metrics: Pick<AgentMetrics, "registry">;
  health(): Promise<{ readonly ok: boolean } & Record<string, unknown>>;
}

/**
 * Serves `/health` (200 when ok, 503 otherwise) and `/metrics`; anything else is 404, other methods 405.
 *
 * @example
 * ```ts
 * const { url, close } = await serveAgentHttp({ port: 9400, metrics: agent.metrics, health: () => agent.health() });
 * ```
 */
export async function serveAgentHttp(p: ServeAgentHttpParameters): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
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
        } else if (path === "/metrics") {
          res.writeHead(200, { "content-type": p.metrics.registry.contentType }).end(await p.metrics.registry.metrics());
        } else {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
        }
      } catch (e) {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(p.port, p.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
