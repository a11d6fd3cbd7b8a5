"use server";
// Creates an API key for the current team; the answer carries the key, the only time it is shown.
import { validatedAction } from "@/lib/actions/safe-action";
import { maskApiKey } from "@/lib/api-keys";
import { createTeamApiKey } from "@/lib/auth/api-keys";
import { createApiKeySchema } from "@/lib/validation/api-key";

export const createApiKeyAction = validatedAction(
  createApiKeySchema,
  async (input, ctx) => {
    const { key, apiKey } = await createTeamApiKey(ctx.db, ctx, input);
    return { id: apiKey.id, name: apiKey.name, key, masked: maskApiKey(apiKey.prefix, apiKey.last4) };
  },
  // A key is a credential: minting one needs a recent sign-in, as revealing a signing secret does.
  { permission: "api_key.manage", requireFreshSignIn: true },
);
