// Finds a Chromium for Playwright: CHROMIUM_PATH, Playwright's own download, or Debian's package.
import { existsSync } from "node:fs";

export async function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  try {
    const { chromium } = await import("@playwright/test");
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright's browser registry is absent: fall through to the system browser.
  }
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = await findChromium();
  if (!found) process.exit(1);
  console.log(found);
}
