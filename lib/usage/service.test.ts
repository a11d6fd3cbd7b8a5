import { describe, expect, it } from "vitest";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { signUpPerson } from "@/test/auth";
import { seedWebhookEvents } from "@/test/events";
import { creditTransactions } from "@/db/schema";
import { GET as dashboardUsage } from "@/app/api/dashboard/usage/route";
import { getUsageSummary } from "./service";
import { localDateOf } from "./time-zone";

describe("usage summary", () => {
  it("fills every day, counts by status and by webhook, and sums credits used", async () => {
    const { db, accountId } = await createTestAccount({ credits: 12 });
    const now = new Date();
    const a = await seedWebhookEvents(db, accountId, ["success", "failed", "failed", "not_triggered"], { now });
    const b = await seedWebhookEvents(db, accountId, ["success"], { now });
    await db.insert(creditTransactions).values([
      { accountId, amount: -3, reason: "events", createdAt: now },
      { accountId, amount: 50, reason: "top-up", createdAt: now },
    ]);
    const today = localDateOf(new Date(now.getTime() - 5 * 60_000), "UTC");
    const from = localDateOf(new Date(now.getTime() - 6 * 86_400_000), "UTC");
    const byStatus = await getUsageSummary(db, accountId, { from, to: today, timeZone: "UTC", groupBy: "status" });
    expect(byStatus.series.days).toHaveLength(7);
    expect(byStatus.series.total).toBe(5);
    expect(Object.fromEntries(byStatus.series.keys.map((k) => [k.key, k.total]))).toEqual({ success: 2, in_progress: 0, failed: 2, not_triggered: 1 });
    expect(byStatus.credits).toMatchObject({ balance: 12, usedTotal: 3 });
    expect(byStatus.credits.usedByDay).toHaveLength(7);
    expect(byStatus.webhooks.map((w) => w.id).sort()).toEqual([a.webhook.id, b.webhook.id].sort());

    const byWebhook = await getUsageSummary(db, accountId, { from, to: today, timeZone: "UTC", groupBy: "webhook" });
    expect(byWebhook.series.keys.map((k) => [k.key, k.total, k.label])).toEqual([
      [a.webhook.id, 4, a.webhook.name],
      [b.webhook.id, 1, b.webhook.name],
    ]);
    const filtered = await getUsageSummary(db, accountId, { from, to: today, timeZone: "UTC", groupBy: "status", webhookId: b.webhook.id });
    expect(filtered.series.total).toBe(1);
    expect(filtered.webhookId).toBe(b.webhook.id);

    const other = await createTestAccount();
    await expect(getUsageSummary(db, other.accountId, { from, to: today, timeZone: "UTC", groupBy: "status", webhookId: b.webhook.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("the dashboard route answers 400 naming the parameter for a bad range, zone or grouping", async () => {
    const { cookie } = await signUpPerson();
    for (const [qs, field] of [
      ["from=2026-01-02&to=2026-01-01", "to"],
      ["from=2026-01-01&to=2026-01-31&tz=Nowhere/City", "tz"],
      ["from=2026-02-30&to=2026-03-01", "from"],
      ["from=2026-01-01&to=2026-01-31&group_by=day", "group_by"],
      ["to=2026-01-31", "from"],
    ]) {
      const res = await callRoute(dashboardUsage, { cookie, path: `/api/dashboard/usage?${qs}` });
      expect(res.status, qs).toBe(400);
      expect(res.body.error.message.startsWith(`${field}:`), res.body.error.message).toBe(true);
    }
    const ok = await callRoute(dashboardUsage, { cookie, path: "/api/dashboard/usage?from=2026-01-01&to=2026-01-07&tz=America/New_York&group_by=webhook" });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ from: "2026-01-01", to: "2026-01-07", timeZone: "America/New_York", groupBy: "webhook", start: "2026-01-01T05:00:00.000Z" });
    expect(ok.body.series.days).toHaveLength(7);
  });
});
