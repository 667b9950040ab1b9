/**
 * The governance app's build: React, the workspace packages from their TypeScript sources (`calctra-source`), and a
 * small plugin that serves the network the app connects to (`/network.json`, from the devnet's `devnet.json` or the
 * file `CALCTRA_NETWORK` names, with every deployment file it references inlined) and TON Connect's manifest.
 */
import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig, type Plugin } from "vite";

const root = dirname(fileURLToPath(import.meta.url));
const repo = resolve(root, "..");

/** The network file with its deployment files inlined (`deploymentData`), or an error the app shows. */
export function networkDocument(file: string): { status: number; body: unknown } {
  if (!existsSync(file))
    return {
      status: 404,
      body: { error: "NetworkFileMissing", file, hint: "start the devnet (npm run devnet) or set CALCTRA_NETWORK to a network file" },
    };
  const doc = JSON.parse(readFileSync(file, "utf8")) as { chains?: Record<string, { deployment?: string }> };
  const chains = Object.fromEntries(
    Object.entries(doc.chains ?? {}).map(([name, chain]) => {
      const path = chain.deployment && (isAbsolute(chain.deployment) ? chain.deployment : resolve(dirname(file), chain.deployment));
      const deploymentData = path && existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as unknown) : undefined;
      return [name, { ...chain, deploymentData }];
    }),
  );
  return { status: 200, body: { ...doc, chains } };
}

function calctraNetwork(): Plugin {
  const file = () => resolve(repo, process.env.CALCTRA_NETWORK ?? "deployments/devnet/devnet.json");
  const serve = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = (req.url ?? "").split("?")[0];
    const json = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader("content-type", "application/json");
      res.setHeader("cache-control", "no-store");
      res.end(JSON.stringify(body));
    };
    if (url === "/network.json") {
      const { status, body } = networkDocument(file());
      return json(status, body);
    }
    if (url === "/tonconnect-manifest.json") {
      const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
      return json(200, { url: origin, name: "Calctra Governance", iconUrl: `${origin}/icon.svg` });
    }
    next();
  };
  return {
    name: "calctra-network",
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
  };
}

export default defineConfig({
  root,
  plugins: [react(), calctraNetwork()],
  resolve: { conditions: ["calctra-source", ...defaultClientConditions], dedupe: ["@tonconnect/sdk", "react", "react-dom"] },
  define: { "process.env.NODE_DEBUG": "false", global: "globalThis" },
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 4173 },
  build: { outDir: "dist", chunkSizeWarningLimit: 4096, sourcemap: false },
});
