// Who is asking: a signed-in person or an API key (the door, workspace.ts, finds them), or Hookline
// itself acting on a webhook (pausing one whose endpoint answered 410 Gone). The audit log records it.
/** Who sent a request: a person or an API key. */
export type RequestActor =
  | { kind: "user"; userId: string; email: string; name: string; signedInAt: Date }
  | { kind: "api_key"; keyId: string; name: string };

export type Actor = RequestActor | { kind: "system" };

/** Hookline itself, for what it does on its own. */
export const SYSTEM_ACTOR: Actor = { kind: "system" };
