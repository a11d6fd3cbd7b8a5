// React Query keys of the Usage page: one entry per range, zone, grouping and webhook filter.
export type UsageSummaryParams = {
  from: string;
  to: string;
  timeZone: string;
  groupBy: "status" | "webhook";
  webhookId: string | null;
};

export const usageKeys = {
  all: ["usage"] as const,
  summary: (params: UsageSummaryParams) =>
    [...usageKeys.all, "summary", params.from, params.to, params.timeZone, params.groupBy, params.webhookId ?? "all"] as const,
};
