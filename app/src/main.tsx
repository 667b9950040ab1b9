import "./polyfills.js";
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { ActivityProvider, ErrorNote } from "./activity.js";
import { App } from "./App.js";
import { NetworkClients } from "./chains.js";
import { explainError, type ShownError } from "./errors.js";
import { loadNetwork, parseNetwork } from "./network.js";
import { WalletProviders } from "./wallets.js";
import "./styles.css";

/** Loads the network the app was served with, or one the voter picks (a network file with its deployments inlined). */
function Root() {
  const [clients, setClients] = useState<NetworkClients>();
  const [error, setError] = useState<ShownError>();
  useEffect(() => {
    loadNetwork()
      .then((n) => setClients(new NetworkClients(n)))
      .catch((e: unknown) => setError(explainError(e)));
  }, []);
  if (clients)
    return (
      <ActivityProvider>
        <WalletProviders clients={clients}>
          <App clients={clients} />
        </WalletProviders>
      </ActivityProvider>
    );
  return (
    <main className="loading">
      <h1>Calctra Governance</h1>
      {error ? <ErrorNote error={error} /> : <p>Connecting to the network…</p>}
      <label htmlFor="network-file">Or load a network file (devnet.json with its deployments inlined)</label>
      <input
        id="network-file"
        type="file"
        accept="application/json"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          void file
            .text()
            .then((text) => setClients(new NetworkClients(parseNetwork(JSON.parse(text)))))
            .catch((err: unknown) => setError(explainError(err)));
        }}
      />
    </main>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
