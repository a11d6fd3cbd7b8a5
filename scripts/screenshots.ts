// npm run screenshots -- [--url http://localhost:3000] [--out docs/screenshots]
// Takes the README's screenshots from a running demo (`npm run dev`): the Usage page and the
// details page of the demo's flaky webhook (and the sign-in page on the way), in the Chromium that
// scripts/find-chromium.mjs finds.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { findChromium } from "./find-chromium.mjs";

const DETAILS_WEBHOOK = "n8n workflow";

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle").catch(() => {});
  // Charts animate in; wait until they have drawn.
  await page.waitForTimeout(1500);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { url: { type: "string" }, out: { type: "string" } },
  });
  const baseUrl = (values.url ?? process.env.HOOKLINE_URL ?? "http://localhost:3000").replace(/\/$/, "");
  const outDir = values.out ?? path.join(process.cwd(), "docs", "screenshots");
  mkdirSync(outDir, { recursive: true });
  const executablePath = await findChromium();
  if (!executablePath) throw new Error("No Chromium found. Install one (apt-get install chromium) or set CHROMIUM_PATH.");
  const health = await fetch(`${baseUrl}/api/health`).catch(() => undefined);
  if (!health?.ok) throw new Error(`No Hookline answers at ${baseUrl}. Start the demo first: npm run dev`);

  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1, timezoneId: "UTC" });
    const page = await context.newPage();

    // Signed out, the page sends us to sign in: the demo's one click.
    await page.goto(`${baseUrl}/usage`);
    if (page.url().includes("/sign-in")) {
      await page.screenshot({ path: path.join(outDir, "sign-in.png") });
      await page.getByRole("button", { name: "Explore the demo" }).click();
      await page.waitForURL(/\/usage/);
    }
    await page.getByTestId("events-chart").waitFor({ timeout: 60_000 });
    await settle(page);
    await page.screenshot({ path: path.join(outDir, "usage.png"), fullPage: true });
    console.log(`wrote ${path.join(outDir, "usage.png")}`);

    await page.goto(`${baseUrl}/webhooks`);
    const link = page.getByRole("link", { name: DETAILS_WEBHOOK }).first();
    await link.waitFor({ timeout: 30_000 });
    await link.click();
    await page.waitForURL(/\/webhooks\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: DETAILS_WEBHOOK }).waitFor();
    await settle(page);
    await page.screenshot({ path: path.join(outDir, "webhook-details.png"), fullPage: true });
    console.log(`wrote ${path.join(outDir, "webhook-details.png")}`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
