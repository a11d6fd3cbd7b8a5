"use server";
// Accepts an invitation for the signed-in person (better-auth checks it is theirs and still pending)
// and switches them to the team.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { personAction } from "@/lib/actions/safe-action";
import { callAuth } from "@/lib/auth/call-auth";

export const acceptInvitationAction = personAction(z.object({ invitation_id: z.string().min(1).max(100) }), async (input) => {
  const accepted = await callAuth((api, headers) => api.acceptInvitation({ headers, body: { invitationId: input.invitation_id } }));
  const accountId = accepted?.member.organizationId;
  if (accountId) await callAuth((api, headers) => api.setActiveOrganization({ headers, body: { organizationId: accountId } }));
  revalidatePath("/", "layout");
  return { accountId };
});
