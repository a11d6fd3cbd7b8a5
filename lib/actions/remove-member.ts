"use server";
// Removes a member from the current team; their sessions stay, but the team is gone from them.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { callAuth } from "@/lib/auth/call-auth";

export const removeMemberAction = validatedAction(
  z.object({ member_id: z.string().min(1).max(100) }),
  async (input, { accountId }) => {
    await callAuth((api, headers) => api.removeMember({ headers, body: { memberIdOrEmail: input.member_id, organizationId: accountId } }));
    revalidatePath("/settings/team");
    return { memberId: input.member_id };
  },
  { permission: "member.manage" },
);
