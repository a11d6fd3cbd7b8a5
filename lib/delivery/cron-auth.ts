// Bearer check of the cron route (lib/security/bearer.ts: constant-time, no development bypass).
import { isAuthorizedBearer } from "@/lib/security/bearer";

export function isAuthorizedCronRequest(authorization: string | null, secret: string): boolean {
  return isAuthorizedBearer(authorization, secret);
}
