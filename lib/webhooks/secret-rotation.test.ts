// Rotation with overlap: for the grace period, deliveries carry a v1 signature by the new secret and
// one by the old, and each verifies with the standardwebhooks and svix libraries; after it, only the
// new one signs. The old secret stays encrypted at rest.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { events, webhooks } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { callRoute } from "@/test/api";
import { receiversClosedAfterEach, type ReceivedRequest } from "@/test/receiver";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { seedDueEvents } from "@/test/delivery";
import { POST as rotate } from "@/app/api/v1/webhooks/[id]/secret/rotate/route";
import { rotateWebhookSecret } from "./service";

const receiver = receiversClosedAfterEach();

function verifies(secret: string, request: ReceivedRequest): { standardwebhooks: boolean; svix: boolean } {
  const { body, headers } = request;
  const attempt = (fn: () => unknown) => {
    try {
      fn();
      return true;
    } catch {
      return false;
    }
  };
  return {
    standardwebhooks: attempt(() => new StandardWebhook(secret).verify(body, headers)),
    svix: attempt(() =>
      new SvixWebhook(secret).verify(body, {
        "svix-id": headers["webhook-id"],
        "svix-timestamp": headers["webhook-timestamp"],
        "svix-signature": headers["webhook-signature"],
      }),
    ),
  };
}

describe("signing-secret rotation with overlap", () => {
  it("signs with both secrets during the grace period, each verifying with standardwebhooks and svix, then only the new one", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const target = await receiver();
    const { webhook, secret: oldSecret } = await seedDueEvents(db, accountId, { url: target.url });

    const rotated = await callRoute(rotate, { method: "POST", path: `/api/v1/webhooks/${webhook.id}/secret/rotate`, apiKey, params: { id: webhook.id }, body: { grace_period_hours: 2 } });
    expect(rotated.status).toBe(200);
    const newSecret: string = rotated.body.secret;
    expect(newSecret).not.toBe(oldSecret);
    const expiresAt = new Date(rotated.body.previous_secret_expires_at).getTime();
    expect(Math.abs(expiresAt - (Date.now() + 2 * 3_600_000))).toBeLessThan(60_000);
    // both stored sealed: no whsec_ in the row
    const [row] = await db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(JSON.stringify(row)).not.toContain("whsec_");
    expect(row.previousSecret).toBeTruthy();

    await runDeliveryCycle(db, { accountId });
    expect(target.requests).toHaveLength(1);
    const [request] = target.requests;
    expect(request.headers["webhook-signature"]).toMatch(/^v1,\S+ v1,\S+$/);
    expect(verifies(newSecret, request)).toEqual({ standardwebhooks: true, svix: true });
    expect(verifies(oldSecret, request)).toEqual({ standardwebhooks: true, svix: true });

    // the grace period over: the old secret no longer signs (the same event resent by its schedule)
    await db.update(webhooks).set({ previousSecretExpiresAt: new Date(Date.now() - 1_000) }).where(eq(webhooks.id, webhook.id));
    await db.update(events).set({ status: "in_progress", nextAttemptAt: new Date(Date.now() - 1_000) }).where(eq(events.webhookId, webhook.id));
    await runDeliveryCycle(db, { accountId });
    expect(target.requests).toHaveLength(2);
    expect(target.requests[1].headers["webhook-signature"]).toMatch(/^v1,\S+$/);
    expect(verifies(newSecret, target.requests[1])).toEqual({ standardwebhooks: true, svix: true });
    expect(verifies(oldSecret, target.requests[1])).toEqual({ standardwebhooks: false, svix: false });

    // a rotation with no grace period stops the old secret at once
    const again = await rotateWebhookSecret(db, accountId, webhook.id, { graceHours: 0 });
    expect(again.webhook).toMatchObject({ previousSecret: null, previousSecretExpiresAt: null });
  });

  it("refuses a grace period beyond 7 days or negative with a 400 naming the field, changing nothing", async () => {
    const { db, accountId, apiKey } = await createTestAccount();
    const { webhook } = await seedDueEvents(db, accountId, { url: "http://127.0.0.1:9/hook" });
    const [before] = await db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    for (const body of [{ grace_period_hours: 169 }, { grace_period_hours: -1 }, { grace_period_hours: "24" }]) {
      const res = await callRoute(rotate, { method: "POST", path: `/api/v1/webhooks/${webhook.id}/secret/rotate`, apiKey, params: { id: webhook.id }, body });
      expect(res.status).toBe(400);
      expect(res.body.error.message.startsWith("grace_period_hours:")).toBe(true);
    }
    const [after] = await db.select().from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(after.secret).toBe(before.secret);
  });
});
