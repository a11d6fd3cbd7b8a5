// Who is asking: a signed-in person or an API key. The audit log records it; the door (workspace.ts) finds it.
export type Actor =
  | { kind: "user"; userId: string; email: string; name: string; signedInAt: Date }
  | { kind: "api_key"; keyId: string; name: string };
