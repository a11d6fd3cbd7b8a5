// The dashboard's internal routes act as the signed-in person's team, so seeds go there and every
// assertion is scoped to the seeded webhook.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { jobs, searches } from "@/db/schema";
import { callRoute } from "@/test/api";
import { createTestAccount } from "@/test/fixtures";
import { signUpPerson, type TestPerson } from "@/test/auth";
import { seedWebhookEvents } from "@/test/events";
import { GET as getPanel } from "./[id]/events/route";
import { GET as getPreview } from "./preview/route";
import { GET as getEventView } from "../events/[id]/route";

describe("dashboard routes", () => {
  let person: TestPerson;
  beforeAll(async () => {
    person = await signUpPerson();
  });

  it("answers the details page's poll: a page of events and the stats", async () => {
    const db = await getDb();
    const { webhook, eventRows } = await seedWebhookEvents(db, person.accountId, ["failed", "success", "failed"]);
    const res = await callRoute(getPanel, { cookie: person.cookie,
      path: `/api/dashboard/webhooks/${webhook.id}/events?status=failed&limit=1&offset=1`,
      params: { id: webhook.id },
    });
    expect(res.status).toBe(200);
    expect(res.body.page).toMatchObject({ offset: 1, limit: 1, total: 2 });
    expect(res.body.page.data.map((e: { id: string }) => e.id)).toEqual([eventRows[2].id]);
    expect(res.body.stats).toMatchObject({ total: 3, counts: { failed: 2, success: 1 }, success_rate: 1 / 3 });
    expect(res.body.stats.last_failure).toMatchObject({ response_status: 500 });

    const view = await callRoute(getEventView, { cookie: person.cookie, path: `/api/dashboard/events/${eventRows[0].id}`, params: { id: eventRows[0].id } });
    expect(view.status).toBe(200);
    expect(view.body.attempts).toHaveLength(1);
  });

  it("answers 404 for another account's webhook or event", async () => {
    const other = await createTestAccount();
    const { webhook, eventRows } = await seedWebhookEvents(other.db, other.accountId, ["failed"]);
    const panel = await callRoute(getPanel, { cookie: person.cookie, path: `/api/dashboard/webhooks/${webhook.id}/events`, params: { id: webhook.id } });
    expect(panel.status).toBe(404);
    const view = await callRoute(getEventView, { cookie: person.cookie, path: `/api/dashboard/events/${eventRows[0].id}`, params: { id: eventRows[0].id } });
    expect(view.status).toBe(404);
  });

  it("previews how many records each listening start would trigger and what it costs", async () => {
    const db = await getDb();
    const tag = randomUUID().slice(0, 8);
    const [search] = await db
      .insert(searches)
      .values({ accountId: person.accountId, name: `preview ${tag}`, type: "job", filters: { title_keywords: [tag] } })
      .returning();
    await db.insert(jobs).values(
      [1, 2, 3].map((i) => ({ accountId: person.accountId, externalId: `${tag}-${i}`, title: `Role ${tag} ${i}`, data: {} })),
    );
    const fromStart = await callRoute(getPreview, { cookie: person.cookie, path: `/api/dashboard/webhooks/preview?search_id=${search.id}&listening_start=search_start` });
    expect(fromStart.status).toBe(200);
    expect(fromStart.body).toMatchObject({ records: 3, credits_needed: 3 });
    expect(typeof fromStart.body.balance).toBe("number");
    const fromNow = await callRoute(getPreview, { cookie: person.cookie, path: `/api/dashboard/webhooks/preview?search_id=${search.id}&listening_start=now` });
    expect(fromNow.body).toMatchObject({ records: 0, credits_needed: 0 });
    const bad = await callRoute(getPreview, { cookie: person.cookie, path: `/api/dashboard/webhooks/preview?search_id=nope&listening_start=now` });
    expect(bad.status).toBe(400);
    const unknown = await callRoute(getPreview, { cookie: person.cookie, path: `/api/dashboard/webhooks/preview?search_id=${randomUUID()}&listening_start=now` });
    expect(unknown.status).toBe(404);
  });
});
