// The API's edges as a careless client meets them on the built server: unknown paths and methods,
// bodies that are not UTF-8 or not JSON, request ids, health; and a webhook URL the form refuses
// inline rather than with the browser's own pop-up.
import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "./env";
import { WebhookFormPage } from "./fixtures/webhook-pages";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };

test("unknown paths and methods answer JSON in the {error} shape, with Allow on 405", async ({ request }) => {
  for (const headers of [{}, auth]) {
    const unknown = await request.get("/api/v1/no/such/endpoint", { headers });
    expect(unknown.status()).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found");
  }
  const deep = await request.post("/api/v1/webhooks/00000000-0000-4000-8000-000000000000/nothing", { headers: auth, data: {} });
  expect(deep.status()).toBe(404);
  expect((await deep.json()).error.code).toBe("not_found");

  const put = await request.put("/api/v1/credits", { headers: auth, data: { amount: 1 } });
  expect(put.status()).toBe(405);
  expect(put.headers()["allow"]).toBe("GET, HEAD, OPTIONS, POST");
  expect((await put.json()).error.code).toBe("method_not_allowed");
  const get = await request.get("/api/v1/jobs", { headers: auth });
  expect(get.status()).toBe(405);
  expect(get.headers()["allow"]).toBe("OPTIONS, POST");

  const head = await request.head("/api/v1/credits", { headers: auth });
  expect(head.status()).toBe(200);
  const options = await request.fetch("/api/v1/credits", { method: "OPTIONS" });
  expect(options.status()).toBe(204);
  expect(options.headers()["allow"]).toBe("GET, HEAD, OPTIONS, POST");

  const malformed = await request.get("/api/v1/webhooks/%E0%A4%A", { headers: auth });
  expect(malformed.status()).toBeLessThan(500);
});

test("bodies that are not UTF-8 or not JSON are 400s, and every answer carries a request id", async ({ request }) => {
  const latin1 = Buffer.concat([Buffer.from('{"name":"Caf'), Buffer.from([0xe9]), Buffer.from('","type":"job"}')]);
  const notUtf8 = await request.post("/api/v1/searches", { headers: { ...auth, "content-type": "application/json", "x-request-id": "e2e-utf8-1" }, data: latin1 });
  expect(notUtf8.status()).toBe(400);
  expect((await notUtf8.json()).error.message).toMatch(/UTF-8/);
  expect(notUtf8.headers()["x-request-id"]).toBe("e2e-utf8-1");

  const notJson = await request.post("/api/v1/searches", { headers: { ...auth, "content-type": "application/json" }, data: "name=x&type=job" });
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error.code).toBe("invalid_request");
  expect(notJson.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  const body = await health.json();
  expect(body).toMatchObject({ status: "ok", checks: { database: "ok" } });
  expect(typeof body.event_loop_delay.p99_ms).toBe("number");
});

test("the webhook form refuses a URL with credentials inline, under the field", async ({ page, request }) => {
  const runId = Date.now().toString(36);
  const search = await request.post("/api/v1/searches", { headers: auth, data: { name: `Edges ${runId}`, type: "job" } });
  expect(search.status()).toBe(201);
  await page.goto("/webhooks/new");
  const form = new WebhookFormPage(page);
  await form.name.fill(`Edges ${runId}`);
  await form.search.selectOption({ label: `Edges ${runId} (jobs)` });
  for (const [url, message] of [
    ["https://user:pass@hooks.example.invalid/x", "without a user name or password"],
    ["ftp://hooks.example.invalid/x", "ftp: URLs cannot receive webhooks"],
  ] as const) {
    await form.url.fill(url);
    await form.submit();
    await expect(form.fieldError(message)).toBeVisible();
    await expect(form.url).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/webhooks\/new$/);
  }
  await expect(form.url).toHaveAttribute("type", "text");
});
