"use server";
// Invites a person by email to the current team; the mail carries the accept link.
import { revalidatePath } from "next/cache";
import { validatedAction } from "@/lib/actions/safe-action";
import { callAuth } from "@/lib/auth/call-auth";
import { inviteMemberSchema } from "@/lib/validation/team";

export const inviteMemberAction = validatedAction(
  inviteMemberSchema,
  async (input, { accountId }) => {
    const invitation = await callAuth((api, headers) =>
      api.createInvitation({ headers, body: { email: input.email, role: input.role, organizationId: accountId, resend: true } }),
    );
    revalidatePath("/settings/team");
    return { id: invitation.id, email: input.email };
  },
  { permission: "member.manage" },
);
