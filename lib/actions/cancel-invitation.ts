"use server";
// Cancels a pending invitation of the current team: its link stops working.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { notFound } from "@/lib/errors";
import { listPendingInvitations } from "@/db/queries/teams";
import { callAuth } from "@/lib/auth/call-auth";

export const cancelInvitationAction = validatedAction(
  z.object({ invitation_id: z.string().min(1).max(100) }),
  async (input, { accountId, db }) => {
    const pending = await listPendingInvitations(db, accountId);
    if (!pending.some((invitation) => invitation.id === input.invitation_id)) throw notFound("Invitation");
    await callAuth((api, headers) => api.cancelInvitation({ headers, body: { invitationId: input.invitation_id } }));
    revalidatePath("/settings/team");
    return { invitationId: input.invitation_id };
  },
  { permission: "member.manage" },
);
