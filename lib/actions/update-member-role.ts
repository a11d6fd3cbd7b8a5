"use server";
// Gives a member of the current team another role (better-auth also refuses demoting the last owner).
import { revalidatePath } from "next/cache";
import { validatedAction } from "@/lib/actions/safe-action";
import { forbidden } from "@/lib/errors";
import { callAuth } from "@/lib/auth/call-auth";
import { memberRoleSchema } from "@/lib/validation/team";

export const updateMemberRoleAction = validatedAction(
  memberRoleSchema,
  async (input, { accountId, role }) => {
    if (input.role === "owner" && role !== "owner") throw forbidden("Only an owner can make someone an owner.");
    await callAuth((api, headers) =>
      api.updateMemberRole({ headers, body: { memberId: input.member_id, role: input.role, organizationId: accountId } }),
    );
    revalidatePath("/settings/team");
    return { memberId: input.member_id, role: input.role };
  },
  { permission: "member.manage" },
);
