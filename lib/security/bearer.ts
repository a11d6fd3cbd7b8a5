// Bearer checks of the operator routes (cron, metrics). Both sides are hashed first so the comparison
// is constant-time whatever the lengths; there is no development bypass (tests send the header).
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

export function isAuthorizedBearer(authorization: string | null, secret: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return false;
  return timingSafeEqual(digest(match[1]), digest(secret));
}
