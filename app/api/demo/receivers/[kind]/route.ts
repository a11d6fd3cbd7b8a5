// POST /api/demo/receivers/{ok|flaky|down|slow} — built-in endpoints of the demo webhooks (demo mode only, else 404)
import { answerDemoReceiver } from "@/lib/demo/receivers";

export async function POST(request: Request, context: { params: Promise<{ kind: string }> }): Promise<Response> {
  const { kind } = await context.params;
  return answerDemoReceiver(kind, request);
}
