"use client";
// What the signed-in person may do in the current team, for client components that hide buttons
// (the server refuses anyway: this only keeps viewers from seeing controls they cannot use).
import { createContext, useContext } from "react";
import type { Permission } from "@/lib/auth/roles";

export type WorkspaceView = { role: string; email: string; allowed: Partial<Record<Permission, boolean>> };

const WorkspaceContext = createContext<WorkspaceView>({ role: "viewer", email: "", allowed: {} });
/** The signed-in person's email, for the password prompt of sensitive steps. */
export const WorkspaceEmailContext = createContext("");

export function WorkspaceProvider({ value, children }: { value: WorkspaceView; children: React.ReactNode }) {
  return (
    <WorkspaceContext.Provider value={value}>
      <WorkspaceEmailContext.Provider value={value.email}>{children}</WorkspaceEmailContext.Provider>
    </WorkspaceContext.Provider>
  );
}

/** Every permission's answer for the current team (for lists of links or controls). */
export function useAllowed(): WorkspaceView["allowed"] {
  return useContext(WorkspaceContext).allowed;
}

export function useCan(permission: Permission): boolean {
  return useContext(WorkspaceContext).allowed[permission] === true;
}

/** Renders its children only when the person may do `permission`. */
export function IfCan({ permission, children }: { permission: Permission; children: React.ReactNode }) {
  return useCan(permission) ? <>{children}</> : null;
}
