"use server";
// Switches the session to another of the person's teams (better-auth refuses teams they are not in).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { notFound } from "@/lib/errors";
import { callAuth } from "@/lib/auth/call-auth";

export const switchTeamAction = validatedAction(
  z.object({ account_id: z.uuid("Unknown team") }),
  async (input, { memberships }) => {
    if (!memberships.some((m) => m.accountId === input.account_id)) throw notFound("Team");
    await callAuth((api, headers) => api.setActiveOrganization({ headers, body: { organizationId: input.account_id } }));
    revalidatePath("/", "layout");
    return { accountId: input.account_id };
  },
  { permission: "read" },
);
