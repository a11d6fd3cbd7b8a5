// GET /api/v1/openapi.json — the OpenAPI document of the public API (no key needed)
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-static";

export function GET() {
  return Response.json(buildOpenApiDocument());
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
