// /api/v1/credits: the balance, and a top-up that catches up not_triggered events.
import { describe, expect, it } from "vitest";
import { createTestAccount } from "@/test/fixtures";
import { callRoute } from "@/test/api";
import { GET as getCredits, POST as postCredits } from "./route";
import { POST as postJobs } from "../jobs/route";
import { POST as postSearch } from "../searches/route";
import { POST as postWebhook } from "../webhooks/route";

describe("/api/v1/credits", () => {
  it("answers 401 without or with a wrong key", async () => {
    for (const key of [undefined, "hk_nope"]) {
      expect((await callRoute(getCredits, { apiKey: key })).status).toBe(401);
      expect((await callRoute(postCredits, { method: "POST", apiKey: key, body: { amount: 5 } })).status).toBe(401);
    }
  });

  it("reads the balance, adds credits and catches up what was not triggered", async () => {
    const { apiKey } = await createTestAccount({ credits: 1 });
    expect((await callRoute(getCredits, { apiKey })).body).toEqual({ balance: 1 });
    const search = await callRoute(postSearch, { method: "POST", apiKey, body: { name: "Rust", type: "job", filters: { title_keywords: ["rust"] } } });
    await callRoute(postWebhook, { method: "POST", apiKey, body: { name: "h", url: "https://example.com/h", search_id: search.body.id } });
    const ingest = await callRoute(postJobs, {
      method: "POST",
      apiKey,
      body: { records: [{ external_id: "1", title: "Rust dev" }, { external_id: "2", title: "Rust lead" }, { external_id: "3", title: "PHP dev" }, { external_id: "4", title: "rust intern" }] },
    });
    expect(ingest.body).toEqual({ new: 4, duplicate: 0, events_triggered: 1, events_not_triggered: 2 });
    expect((await callRoute(getCredits, { apiKey })).body).toEqual({ balance: 0 });

    const topUp = await callRoute(postCredits, { method: "POST", apiKey, body: { amount: 5 } });
    expect(topUp.status).toBe(200);
    expect(topUp.body).toEqual({ balance: 3, events_triggered: 2 });
    expect((await callRoute(getCredits, { apiKey })).body).toEqual({ balance: 3 });
  });

  it("refuses amounts that are not positive whole numbers", async () => {
    const { apiKey } = await createTestAccount({ credits: 7 });
    for (const body of [{ amount: 0 }, { amount: -3 }, { amount: 1.5 }, { amount: "10" }, {}, { amount: 1e12 }]) {
      const response = await callRoute(postCredits, { method: "POST", apiKey, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.message).toMatch(/^amount: /);
    }
    expect((await callRoute(getCredits, { apiKey })).body).toEqual({ balance: 7 });
  });
});
