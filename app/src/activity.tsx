/**
 * Progress of long work: every write runs as an activity whose steps ("waiting for your wallet", "confirmed", "the
 * bridge carries it") appear as they happen, in a live region screen readers announce; a failure shows the error's
 * canonical name and its sentence.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { explainError, type ShownError } from "./errors.js";

export interface Activity {
  readonly id: number;
  readonly title: string;
  readonly steps: string[];
  readonly state: "running" | "done" | "failed";
  readonly error?: ShownError;
}

type Run = (title: string, work: (step: (text: string) => void) => Promise<void>) => Promise<boolean>;
const ActivityContext = createContext<{ activities: readonly Activity[]; run: Run } | undefined>(undefined);

let nextId = 1;

export function ActivityProvider({ children }: { children: ReactNode }) {
  const [activities, setActivities] = useState<Activity[]>([]);
  const run = useCallback<Run>(async (title, work) => {
    const id = nextId++;
    const update = (f: (a: Activity) => Activity) => setActivities((all) => all.map((a) => (a.id === id ? f(a) : a)));
    setActivities((all) => [{ id, title, steps: [], state: "running" as const }, ...all].slice(0, 30));
    try {
      await work((text) => update((a) => ({ ...a, steps: [...a.steps, text] })));
      update((a) => ({ ...a, state: "done" }));
      return true;
    } catch (e) {
      update((a) => ({ ...a, state: "failed", error: explainError(e) }));
      return false;
    }
  }, []);
  const value = useMemo(() => ({ activities, run }), [activities, run]);
  return <ActivityContext.Provider value={value}>{children}</ActivityContext.Provider>;
}

/** Runs a write as an activity (resolves true when it succeeded). */
export function useActivity() {
  const c = useContext(ActivityContext);
  if (!c) throw new Error("useActivity outside ActivityProvider");
  return c;
}

/** Shows an error by its canonical name with its sentence. */
export function ErrorNote({ error }: { error: ShownError }) {
  return (
    <p className="error" role="alert">
      <strong className="error-name">{error.name}</strong>: {error.sentence}
      {error.detail ? <span className="detail"> ({error.detail})</span> : null}
    </p>
  );
}

export function ActivityLog() {
  const { activities } = useActivity();
  return (
    <section className="panel activity" aria-labelledby="activity-title">
      <h2 id="activity-title">Activity</h2>
      <ol aria-live="polite" className="activity-list">
        {activities.length === 0 ? <li className="muted">Nothing yet: your transactions and their progress appear here.</li> : null}
        {activities.map((a) => (
          <li key={a.id} className={`activity-item ${a.state}`} data-state={a.state} data-activity={a.id}>
            <span className="activity-title">
              {a.state === "running" ? "⏳" : a.state === "done" ? "✓" : "✗"} {a.title}
            </span>
            {a.steps.length > 0 ? <span className="activity-step"> — {a.steps[a.steps.length - 1]}</span> : null}
            {a.error ? <ErrorNote error={a.error} /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
