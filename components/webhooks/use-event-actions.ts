"use client";
// Resend and trigger from any event list or view: run the server action, patch the cached row at
// once (no reload), toast the outcome, then refetch so every count catches up.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { resendEventsAction } from "@/lib/actions/resend-events";
import { triggerEventsAction } from "@/lib/actions/trigger-events";
import type { EventJson } from "@/lib/events/serialize";
import { toast } from "@/components/ui/toast";
import { describeHttpStatus } from "./format";
import { eventKeys } from "./query-keys";
import type { ResendResult } from "@/lib/delivery/resend";

export function describeResendResult(outcome: ResendResult): { title: string; tone: "success" | "error" } {
  if (outcome.status === "success") {
    return { title: `Delivered — ${outcome.response_status != null ? describeHttpStatus(outcome.response_status) : "OK"}`, tone: "success" };
  }
  const why = outcome.response_status != null ? describeHttpStatus(outcome.response_status) : (outcome.error ?? "no response");
  return { title: `Failed — ${why}`, tone: "error" };
}

type Patchable = { page?: { data: EventJson[] } } & Partial<EventJson>;

function patchEvent(event: EventJson, outcome: ResendResult): EventJson {
  const now = new Date().toISOString();
  return {
    ...event,
    status: outcome.status,
    attempt_count: event.attempt_count + 1,
    last_attempt_at: now,
    last_response_status: outcome.response_status,
    last_error: outcome.error,
    delivered_at: outcome.status === "success" ? now : event.delivered_at,
  };
}

/** Applies resend outcomes to every cached list page and event view. */
export function applyOutcomesToCache(queryClient: ReturnType<typeof useQueryClient>, outcomes: ResendResult[]) {
  const byId = new Map(outcomes.map((o) => [o.event_id, o]));
  queryClient.setQueriesData<Patchable>({ queryKey: eventKeys.all }, (old) => {
    if (!old) return old;
    if (old.page?.data) {
      return { ...old, page: { ...old.page, data: old.page.data.map((e) => (byId.has(e.id) ? patchEvent(e, byId.get(e.id)!) : e)) } };
    }
    if (old.id && byId.has(old.id)) return patchEvent(old as EventJson, byId.get(old.id)!);
    return old;
  });
}

export function useResendEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (eventId: string) => {
      const result = await resendEventsAction({ event_ids: [eventId] });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    onSuccess: (outcomes) => {
      applyOutcomesToCache(queryClient, outcomes);
      for (const outcome of outcomes) toast(describeResendResult(outcome));
    },
    onError: (error) => toast({ title: "Could not resend", description: error.message, tone: "error" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: eventKeys.all }),
  });
}

export function useTriggerEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (eventId: string) => {
      const result = await triggerEventsAction({ event_ids: [eventId] });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    onSuccess: (result) => {
      if (result.triggered.length > 0) toast({ title: "Triggered — delivering now", description: "1 credit used.", tone: "success" });
      else if (result.insufficient_credits.length > 0)
        toast({ title: "No credits left", description: "Add credits on the Usage page, then trigger again.", tone: "error" });
      else toast({ title: "Not triggered", description: "The webhook is paused or archived.", tone: "info" });
    },
    onError: (error) => toast({ title: "Could not trigger", description: error.message, tone: "error" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: eventKeys.all }),
  });
}
