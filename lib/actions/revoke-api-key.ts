"use server";
// Revokes one of the current team's API keys: every instance refuses it from the next request on.
import { validatedAction } from "@/lib/actions/safe-action";
import { revokeTeamApiKey } from "@/lib/auth/api-keys";
import { revokeApiKeySchema } from "@/lib/validation/api-key";

export const revokeApiKeyAction = validatedAction(
  revokeApiKeySchema,
  async (input, ctx) => {
    const revoked = await revokeTeamApiKey(ctx.db, ctx, input.key_id);
    return { id: revoked.id, revokedAt: revoked.revokedAt?.toISOString() ?? null };
  },
  { permission: "api_key.manage" },
);
