// Demo start-up (SPEC §8), called once from instrumentation.ts: on the first start of an empty
// embedded database, seed the demo account into the default account; on every start of a demo
// database, point its webhooks at this server's port and run the trickle.
import { DEFAULT_ACCOUNT_ID, getDb } from "@/db/client";
import { hasDemoWebhooks, seedDemoAccount, updateDemoWebhookUrls } from "@/lib/demo/seed";
import { ensureDemoPerson } from "@/lib/auth/demo-person";
import { log } from "@/lib/log";
import { demoReceiverBaseUrl, isDemoEnvironment } from "./config";
import { startDemoTrickle } from "./trickle";

const globalForDemo = globalThis as unknown as { hooklineDemoStart?: Promise<void> };

async function runDemoStart(): Promise<void> {
  const db = await getDb();
  const baseUrl = demoReceiverBaseUrl();
  const started = Date.now();
  const result = await seedDemoAccount(db, { accountId: DEFAULT_ACCOUNT_ID, receiverBaseUrl: baseUrl });
  if (result.seeded) {
    log.info(
      { component: "demo" },
      `seeded the demo account in ${Date.now() - started} ms: ${result.jobs} jobs, ${result.companies} companies, ` +
        `${result.events} events over 30 days, ${result.credits} credits left. DEMO=0 starts empty.`,
    );
  } else if (await hasDemoWebhooks(db, DEFAULT_ACCOUNT_ID)) {
    await updateDemoWebhookUrls(db, DEFAULT_ACCOUNT_ID, baseUrl);
  } else {
    // The account has its own searches: not a demo database.
    return;
  }
  await ensureDemoPerson(db);
  startDemoTrickle({ getDb, accountId: DEFAULT_ACCOUNT_ID });
}

/** Seeds (first start only) and starts the trickle when demo mode is on; never throws. */
export async function startDemo(): Promise<void> {
  if (!isDemoEnvironment()) return;
  globalForDemo.hooklineDemoStart ??= runDemoStart().catch((error) => {
    log.error({ component: "demo", err: error }, "could not start the demo");
  });
  await globalForDemo.hooklineDemoStart;
}
