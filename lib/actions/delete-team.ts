"use server";
// Deletes the current team and everything it owns (owners only); the person keeps their other teams.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { conflict } from "@/lib/errors";
import { callAuth } from "@/lib/auth/call-auth";

export const deleteTeamAction = validatedAction(
  z.object({ confirm_name: z.string().max(200) }),
  async (input, { accountId, memberships }) => {
    const team = memberships.find((m) => m.accountId === accountId);
    if (!team || input.confirm_name !== team.name) throw conflict("Type the team's name to confirm.", [{ path: "confirm_name", message: "Does not match the team's name" }]);
    const other = memberships.find((m) => m.accountId !== accountId);
    if (!other) throw conflict("This is your only team: create another one before deleting it.");
    await callAuth((api, headers) => api.deleteOrganization({ headers, body: { organizationId: accountId } }));
    await callAuth((api, headers) => api.setActiveOrganization({ headers, body: { organizationId: other.accountId } }));
    revalidatePath("/", "layout");
    return { accountId };
  },
  { permission: "team.delete" },
);
