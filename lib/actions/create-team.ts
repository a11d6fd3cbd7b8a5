"use server";
// Creates a team with the signed-in person as its owner, and switches to it (a person with no team
// left can always make one).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { personAction } from "@/lib/actions/safe-action";
import { callAuth } from "@/lib/auth/call-auth";
import { teamSlug } from "@/lib/auth/teams";
import { teamNameSchema } from "@/lib/validation/team";

export const createTeamAction = personAction(
  z.object({ name: teamNameSchema }),
  async (input) => {
    const team = await callAuth((api, headers) => api.createOrganization({ headers, body: { name: input.name, slug: teamSlug(input.name) } }));
    if (!team) throw new Error("better-auth created no team");
    await callAuth((api, headers) => api.setActiveOrganization({ headers, body: { organizationId: team.id } }));
    revalidatePath("/", "layout");
    return { id: team.id };
  },
);
