// GET /api/dashboard/replays — the header indicator's poll: running replays and those finished in the last minute
import { withWorkspace } from "@/lib/auth/workspace";
import { listActiveReplays } from "@/lib/replays/service";

export const GET = withWorkspace(async ({ accountId, db }) => ({ data: await listActiveReplays(db, accountId) }), { via: "session", permission: "read" });
