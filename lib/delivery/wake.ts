// Hands new due events to the delivery runs of this process at once (ingest, detection, triggers,
// resumed webhooks), instead of at their next poll. A tiny module on purpose: callers that create
// events import it without pulling in the delivery machinery. Call it after the events' transaction
// has committed, or the run finds nothing yet.
type Waker = () => void;

const globalWakers = globalThis as unknown as { hooklineDeliveryWakers?: Set<Waker> };
const wakers = (globalWakers.hooklineDeliveryWakers ??= new Set());

/** Registers a run's wake-up; returns its removal. */
export function onDeliveryWake(wake: Waker): () => void {
  wakers.add(wake);
  return () => wakers.delete(wake);
}

/** New events are due: every delivery run in this process claims now. */
export function wakeDelivery(): void {
  for (const wake of [...wakers]) wake();
}
