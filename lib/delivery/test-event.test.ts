import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { attempts } from "@/db/schema";
import { createTestAccount } from "@/test/fixtures";
import { randomWebhookSecret, receiversClosedAfterEach } from "@/test/receiver";
import { sendTestEvent } from "./test-event";

const startTestReceiver = receiversClosedAfterEach();

describe("sendTestEvent", () => {
  it("signs with the given secret so the receiver can verify it", async () => {
    const secret = randomWebhookSecret();
    const receiver = await startTestReceiver({ secret });
    const result = await sendTestEvent({ url: receiver.url, event_type: "job.new", secret });
    expect(result).toMatchObject({ ok: true, status_code: 200, error_code: null });
    expect(receiver.requests[0].verification).toEqual({ standardwebhooks: true, svix: true });
  });

  it("answers timeouts and blocked addresses with their error code, and records the attempt for an account", async () => {
    const { db, accountId } = await createTestAccount();
    const receiver = await startTestReceiver({ mode: { kind: "hang" } });
    const timedOut = await sendTestEvent({ url: receiver.url, event_type: "job.new", accountId }, { db, timeoutMs: 300 });
    expect(timedOut).toMatchObject({ ok: false, status_code: null, error_code: "timeout" });
    expect(timedOut.duration_ms).toBeLessThan(2_000);
    const blocked = await sendTestEvent(
      { url: receiver.url.replace("127.0.0.1", "localhost"), event_type: "company.new", accountId },
      { db, allowPrivateUrls: false },
    );
    expect(blocked).toMatchObject({ ok: false, error_code: "blocked_address" });
    expect(blocked.message).toMatch(/loopback/);
    expect(receiver.requests).toHaveLength(1);
    const rows = await db.select().from(attempts).where(eq(attempts.accountId, accountId));
    expect(rows.map((r) => [r.trigger, r.errorCode]).sort()).toEqual([
      ["test", "blocked_address"],
      ["test", "timeout"],
    ]);
  });
});
