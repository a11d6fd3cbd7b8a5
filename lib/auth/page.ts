import "server-only";
// Pages' side of the door: the same workspace as actions and routes. A stranger is sent to sign in
// (and back afterwards); a role without the permission gets the 403 page.
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { PATH_HEADER, signInUrl } from "./page-paths";
import { requestHeaders } from "./request-headers";
import { authorize, resolveWorkspace, type Workspace } from "./workspace";
import type { Permission } from "./roles";


// One resolution per request, shared by the layout and the page.
const resolvePageWorkspace = cache(async (): Promise<Workspace | AppError> => {
  const headers = await requestHeaders();
  try {
    return await resolveWorkspace(headers, "session");
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
});

export async function getPageWorkspace(permission: Permission = "read"): Promise<Workspace> {
  const workspace = await resolvePageWorkspace();
  if (workspace instanceof AppError) {
    if (workspace.code === "unauthorized") redirect(signInUrl((await requestHeaders()).get(PATH_HEADER)));
    if (workspace.code === "forbidden") redirect("/no-team");
    throw workspace;
  }
  try {
    authorize(workspace, permission);
  } catch {
    forbidden();
  }
  return workspace;
}
