/**
 * Progress of long runs, for a person watching a terminal. Library code says what it is doing
 * (`progress('lint: shadowed-rule')`); by default nothing is shown, and the CLI installs a sink
 * that draws one status line on a terminal only (never in CI, pipes or files).
 * Pure; imports nothing of the project.
 */

type Sink = (what: string) => void;

let sink: Sink = () => {};

/** Reports the step a long run is on. Cheap when no sink is installed. */
export function progress(what: string): void {
  sink(what);
}

/** Installs `s` until the returned function is called. */
export function withProgressSink(s: Sink): () => void {
  const before = sink;
  sink = s;
  return () => {
    sink = before;
  };
}
