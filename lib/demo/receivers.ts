// The built-in demo receivers: the endpoints the demo webhooks deliver to, so a fresh clone shows
// successes, failures, an outage and a slow endpoint without any outside service.
import {
  DEMO_RECEIVER_KINDS,
  DEMO_RECEIVER_RESPONSES,
  FLAKY_RECEIVER_FAILURE_RATE,
  SLOW_RECEIVER_DELAY_MS,
  type DemoReceiverKind,
} from "./scenario";
import { isDemoEnvironment } from "./config";

export type DemoReceiverOptions = {
  /** Random source deciding the flaky receiver's failures. */
  random?: () => number;
  /** How long the slow receiver waits before answering. */
  slowDelayMs?: number;
  /** Whether demo mode is on (default: from the environment). */
  isDemo?: boolean;
};

function isReceiverKind(kind: string): kind is DemoReceiverKind {
  return (DEMO_RECEIVER_KINDS as readonly string[]).includes(kind);
}

// Not tied to request.signal: the dev server has been seen to abort it early, which made "slow" fast.
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const json = (body: string, status: number) =>
  new Response(body, { status, headers: { "content-type": "application/json" } });

/** Answers one delivery the way the receiver `kind` behaves; 404 outside demo mode or for unknown kinds. */
export async function answerDemoReceiver(kind: string, request: Request, options: DemoReceiverOptions = {}): Promise<Response> {
  if (!(options.isDemo ?? isDemoEnvironment()) || !isReceiverKind(kind)) {
    return Response.json({ error: { code: "not_found", message: "Not found" } }, { status: 404 });
  }
  // Read the delivery like a real endpoint would.
  await request.text().catch(() => "");
  const random = options.random ?? Math.random;
  switch (kind) {
    case "ok":
      return json(DEMO_RECEIVER_RESPONSES.ok.body, 200);
    case "flaky":
      return random() < FLAKY_RECEIVER_FAILURE_RATE
        ? json(DEMO_RECEIVER_RESPONSES.failure.body, DEMO_RECEIVER_RESPONSES.failure.status)
        : json(DEMO_RECEIVER_RESPONSES.ok.body, 200);
    case "down":
      return new Response(DEMO_RECEIVER_RESPONSES.down.body, {
        status: DEMO_RECEIVER_RESPONSES.down.status,
        headers: { "content-type": "text/plain", "retry-after": "3600" },
      });
    case "slow":
      await wait(options.slowDelayMs ?? SLOW_RECEIVER_DELAY_MS);
      return json(DEMO_RECEIVER_RESPONSES.ok.body, 200);
  }
}
