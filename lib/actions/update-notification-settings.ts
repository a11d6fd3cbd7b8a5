"use server";
// Settings → Notifications: which members get alert mail, a Slack-compatible URL, an operational endpoint.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedAction } from "@/lib/actions/safe-action";
import { updateNotificationSettings } from "@/lib/alerts/settings";

const optionalUrl = z
  .string()
  .trim()
  .max(2048, "At most 2,048 characters")
  .transform((value) => (value === "" ? null : value))
  .refine((value) => value === null || /^https?:\/\/[^\s]+$/i.test(value), "Enter an http or https URL")
  .refine((value) => {
    if (value === null) return true;
    try {
      new URL(value);
      return true;
    } catch {
      return false;
    }
  }, "Enter a valid URL");

const schema = z.object({
  email_user_ids: z.array(z.string().min(1).max(100)).max(500, "At most 500 members"),
  slack_url: optionalUrl,
  ops_url: optionalUrl,
});

export const updateNotificationSettingsAction = validatedAction(
  schema,
  async (input, ctx) => {
    const view = await updateNotificationSettings(ctx.db, ctx.accountId, input, { audit: ctx });
    revalidatePath("/settings/notifications");
    return { opsSecret: view.opsSecret };
  },
  { permission: "member.manage" },
);
