import { chromium } from "@playwright/test";
const base = "http://127.0.0.1:3181";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
await page.goto(`${base}/sign-in`);
await page.getByRole("button", { name: /explore the demo/i }).click();
await page.waitForURL(/usage/);
await page.goto(base + "/webhooks");
const hook = await page.locator("[data-testid=webhook-row] a").first().getAttribute("href");
await page.goto(base + hook);
const ev = await page.locator("[data-testid=event-row] a").first().getAttribute("href");
const paths = [...process.argv.slice(2), hook, ev];
for (const p of paths) {
  await page.goto(base + p);
  await page.waitForTimeout(1500);
  const wide = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 && r.width > 0) {
        // only report the outermost offenders
        let inside = false;
        for (let a = el.parentElement; a; a = a.parentElement) { const s = getComputedStyle(a); if (s.overflowX === "auto" || s.overflowX === "hidden" || s.overflowX === "scroll") { inside = true; break; } }
        if (!inside) out.push((inside?"[in] ":"")+getComputedStyle(el).position+" "+`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 80)} right=${Math.round(r.right)} w=${Math.round(r.width)}`);
      }
    }
    return { sw: document.documentElement.scrollWidth, out: out.slice(0, 12) };
  });
  console.log(p, wide.sw, "\n  " + wide.out.join("\n  "));
}
await browser.close();
