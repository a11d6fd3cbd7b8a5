// Request parsing for route handlers (lib/auth/workspace.ts authenticates): bodies, queries, params.
import { z } from "zod";
import { formatIssuePath, validationError } from "@/lib/errors";
import { badRequest, payloadTooLarge } from "@/lib/errors";

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Reads and validates a JSON body; 413 beyond `maxBytes`, 400 for bad JSON or bad fields. */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { maxBytes?: number } = {},
): Promise<z.infer<S>> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) throw payloadTooLarge(`Body is larger than ${maxBytes} bytes`);
  const text = await readTextWithLimit(request, maxBytes);
  let json: unknown;
  try {
    json = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw badRequest("Body is not valid JSON");
  }
  const unstorable = findUnstorableValue(json);
  if (unstorable) throw badRequest(`${unstorable.path || "body"}: ${unstorable.message}`, [unstorable]);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** Nesting deeper than this is refused: PostgreSQL's jsonb parser would fail on it with a 500. */
export const MAX_JSON_DEPTH = 64;

/**
 * The first value PostgreSQL cannot store (a NUL character or a lone surrogate in a string or key,
 * or nesting beyond MAX_JSON_DEPTH), so bad input is a 400 naming it rather than a 500 from the
 * database. Iterative, so a 5 MB body of brackets cannot overflow the stack.
 */
export function findUnstorableValue(value: unknown): { path: string; message: string } | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  const isStorable = (text: string) => !text.includes("\u0000") && text.isWellFormed();
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === "string") {
      if (!isStorable(item.value)) return { path: formatIssuePath(item.path), message: "Text must not contain NUL characters or invalid Unicode" };
      continue;
    }
    if (item.value === null || typeof item.value !== "object") continue;
    if (item.path.length >= MAX_JSON_DEPTH) return { path: formatIssuePath(item.path), message: `Nested deeper than ${MAX_JSON_DEPTH} levels` };
    if (Array.isArray(item.value)) {
      item.value.forEach((child, index) => stack.push({ value: child, path: [...item.path, index] }));
      continue;
    }
    for (const [key, child] of Object.entries(item.value)) {
      if (!isStorable(key)) return { path: formatIssuePath(item.path), message: "Keys must not contain NUL characters or invalid Unicode" };
      stack.push({ value: child, path: [...item.path, key] });
    }
  }
  return null;
}

/**
 * The body as text, at most `maxBytes` (413 beyond, without reading the rest). Bytes that are not
 * UTF-8 are a 400: decoding them leniently would store U+FFFD in place of what the caller sent.
 */
async function readTextWithLimit(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      throw badRequest("The request body could not be read to its end");
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge(`Body is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk.value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw badRequest("Body is not valid UTF-8");
  }
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
