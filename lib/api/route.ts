// Helpers for /api/v1 route handlers: authenticate → parse → call lib → Response.json.
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { authenticateRequest } from "./auth";
import { badRequest, handleApiError, payloadTooLarge, validationError } from "./errors";

export type ApiContext<P> = { request: Request; accountId: string; db: Db; params: P };

/**
 * Wraps a handler with API-key auth and the error shape. The handler returns a Response, or a value
 * that is sent as JSON with status 200.
 */
export function apiRoute<P = Record<string, string>>(handler: (ctx: ApiContext<P>) => Promise<Response | unknown>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const { accountId } = await authenticateRequest(request);
      const params = (await context?.params) ?? ({} as P);
      const db = await getDb();
      const result = await handler({ request, accountId, db, params });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return handleApiError(error);
    }
  };
}

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Reads and validates a JSON body; 413 beyond `maxBytes`, 400 for bad JSON or bad fields. */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { maxBytes?: number } = {},
): Promise<z.infer<S>> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw payloadTooLarge(`Body is larger than ${maxBytes} bytes`);
  const text = await readTextWithLimit(request, maxBytes);
  let json: unknown;
  try {
    json = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw badRequest("Body is not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

async function readTextWithLimit(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw payloadTooLarge(`Body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Validates the query string (`?status=failed&limit=50`) against a schema of string inputs. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams.entries());
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** Validates a path parameter such as `{id}` as a uuid, answering 404 (not 400) for anything else. */
export const uuidParam = z.string().uuid();
