// Issue 14 against a running server: the Usage range that used to freeze it (9999-12-31) and the
// dates that answered 500 now get a 400 naming the parameter at once, the pages say what they
// refused instead of falling back in silence, and the server answers its health check throughout.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_API_KEY } from "./env";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };

async function timedGet(request: APIRequestContext, path: string, headers?: Record<string, string>) {
  const started = Date.now();
  const response = await request.get(path, { headers, timeout: 5_000 });
  expect(Date.now() - started, path).toBeLessThan(2_000);
  return response;
}

async function expectHealthy(request: APIRequestContext) {
  const health = await timedGet(request, "/api/health");
  expect(health.status()).toBe(200);
}

test("extreme dates get a 400 naming the parameter, and the server stays responsive", async ({ page }) => {
  const request = page.request; // the signed-in owner's session
  for (const [path, param] of [
    ["/api/dashboard/usage?from=9999-12-31&to=9999-12-31", "from"],
    ["/api/dashboard/usage?from=0001-01-01&to=0001-01-05", "from"],
    ["/api/dashboard/usage?from=2026-01-01&to=9999-12-31", "to"],
  ] as const) {
    const response = await timedGet(request, path);
    expect(response.status(), path).toBe(400);
    const body = await response.json();
    expect(body.error.message, path).toMatch(new RegExp(`^${param}: `));
    await expectHealthy(request);
  }
  for (const [path, param] of [
    ["/api/v1/webhooks/events/count?start_datetime=0000-01-01T00:00:00Z", "start_datetime"],
    ["/api/v1/webhooks/events/count?start_datetime=2026-01-01&end_datetime=9999-12-31", "end_datetime"],
  ] as const) {
    const response = await timedGet(request, path, auth);
    expect(response.status(), path).toBe(400);
    expect((await response.json()).error.details[0].path).toBe(param);
  }
  // Many at once: each answers, and health stays green among them.
  const burst = await Promise.all([
    ...Array.from({ length: 10 }, () => request.get("/api/dashboard/usage?from=9999-12-31&to=9999-12-31")),
    request.get("/api/health"),
  ]);
  expect(burst.map((r) => r.status())).toEqual([...Array(10).fill(400), 200]);
});

test("the Usage and Events pages say which parameter they refused", async ({ page }) => {
  const response = await page.goto("/usage?from=9999-12-31&to=9999-12-31");
  expect(response?.status()).toBe(200);
  const notice = page.getByTestId("usage-link-error");
  await expect(notice).toContainText("from");
  await expect(notice).toContainText("between 2000-01-01 and 2100-12-31");
  await expect(notice).toContainText("Showing the last 30 days instead");
  await expect(page.getByTestId("events-total")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/usage-refused-range.png" });
  // Choosing a range replaces the refused one, and the notice goes.
  await page.getByRole("button", { name: "7 days" }).click();
  await expect(page).toHaveURL(/days=7/);
  await expect(notice).toHaveCount(0);

  await page.goto("/usage?days=45");
  await expect(page.getByTestId("usage-link-error")).toContainText("days");

  await page.goto("/events?from=0000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");
  const refused = page.getByTestId("events-query-error");
  await expect(refused).toContainText("from");
  await expect(refused).toContainText("between 2000-01-01 and 2100-12-31");
  await expect(page.getByTestId("events-table")).toHaveCount(0);
  await page.screenshot({ path: "e2e/screenshots/events-refused-range.png" });
  await refused.getByRole("link", { name: "Show the newest events" }).click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByTestId("events-query-error")).toHaveCount(0);

  await page.goto("/events?before=0000-01-01T00:00:00.000000Z_00000000-0000-0000-0000-000000000000");
  await expect(page.getByTestId("events-query-error")).toContainText("before");
});
