// Inputs of the team pages' actions.
import { z } from "zod";
import { ASSIGNABLE_ROLES } from "@/lib/auth/roles";

export const teamNameSchema = z.string().trim().min(1, "Name the team").max(100, "At most 100 characters");
export const inviteMemberSchema = z.object({
  email: z.email("Enter an email address").max(254).transform((email) => email.toLowerCase()),
  role: z.enum(ASSIGNABLE_ROLES, "Choose admin, member or viewer"),
});
export const memberRoleSchema = z.object({
  member_id: z.string().min(1).max(100),
  role: z.enum(["owner", ...ASSIGNABLE_ROLES], "Choose owner, admin, member or viewer"),
});
