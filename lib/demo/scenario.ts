// The demo account's saved searches and webhooks, and what each demo receiver does. The history
// builder (lib/demo/seed.ts) and the trickle share these, so the story on the pages stays consistent.
import { EUROPEAN_COUNTRY_CODES, type DemoCompany, type DemoJob } from "./generator";

export type DemoSearchKey = "engineering" | "data_europe" | "software_companies";
export type DemoReceiverKind = "ok" | "flaky" | "down" | "slow";

export const DEMO_RECEIVER_KINDS: readonly DemoReceiverKind[] = ["ok", "flaky", "down", "slow"];

export type DemoSearch = {
  key: DemoSearchKey;
  name: string;
  type: "job" | "company";
  /** In the stored shape of lib/validation/search.ts (lower-case keywords, upper-case countries). */
  filters: Record<string, unknown>;
  /** The same filters in JS, so history events go exactly to the records the search matches. */
  matches: (record: DemoJob | DemoCompany) => boolean;
};

const hasKeyword = (text: string, keywords: string[]) => {
  const lower = text.toLowerCase();
  return keywords.some((keyword) => lower.includes(keyword));
};

const ENGINEERING_KEYWORDS = ["engineer", "developer"];
const DATA_KEYWORDS = ["data", "analytics"];
const SOFTWARE_INDUSTRIES = ["software", "fintech", "cybersecurity"];

export const DEMO_SEARCHES: readonly DemoSearch[] = [
  {
    key: "engineering",
    name: "Software engineering jobs",
    type: "job",
    filters: { title_keywords: ENGINEERING_KEYWORDS, title_exclude_keywords: ["intern"] },
    matches: (record) => {
      const job = record as DemoJob;
      return hasKeyword(job.title, ENGINEERING_KEYWORDS) && !hasKeyword(job.title, ["intern"]);
    },
  },
  {
    key: "data_europe",
    name: "Data roles in Europe",
    type: "job",
    filters: { title_keywords: DATA_KEYWORDS, country_codes: [...EUROPEAN_COUNTRY_CODES] },
    matches: (record) => {
      const job = record as DemoJob;
      return hasKeyword(job.title, DATA_KEYWORDS) && (EUROPEAN_COUNTRY_CODES as readonly string[]).includes(job.country_code);
    },
  },
  {
    key: "software_companies",
    name: "Software companies with 50+ employees",
    type: "company",
    filters: { industries: SOFTWARE_INDUSTRIES, min_employees: 50 },
    matches: (record) => {
      const company = record as DemoCompany;
      return SOFTWARE_INDUSTRIES.includes(company.industry.toLowerCase()) && company.employee_count >= 50;
    },
  },
];

export type DemoWebhookKey = "crm" | "n8n" | "enrichment" | "warehouse" | "slack";

export type DemoWebhook = {
  key: DemoWebhookKey;
  receiver: DemoReceiverKind;
  name: string;
  description: string;
  search: DemoSearchKey;
  /** Paused this many minutes before the end of the history; its last events wait, in progress. */
  pausedMinutesAgo?: number;
};

export const DEMO_WEBHOOKS: readonly DemoWebhook[] = [
  {
    key: "crm",
    receiver: "ok",
    name: "CRM sync",
    description: "New engineering jobs to the sales CRM. The demo receiver answers 200 at once.",
    search: "engineering",
  },
  {
    key: "n8n",
    receiver: "flaky",
    name: "n8n workflow",
    description: "Data roles to an n8n workflow. The demo receiver fails about a third of the time.",
    search: "data_europe",
  },
  {
    key: "enrichment",
    receiver: "down",
    name: "Lead enrichment (old endpoint)",
    description: "Companies to a retired enrichment service. The demo receiver is down (503).",
    search: "software_companies",
  },
  {
    key: "warehouse",
    receiver: "slow",
    name: "Data warehouse loader",
    description: "Data roles to a warehouse loader. The demo receiver takes 3 seconds to answer.",
    search: "data_europe",
  },
  {
    key: "slack",
    receiver: "ok",
    name: "Slack alerts",
    description: "Engineering jobs to a Slack channel. Paused while the channel moves: its last events wait, in progress, until it is enabled again.",
    search: "engineering",
    pausedMinutesAgo: 25,
  },
];

/** Where demo webhooks point; the receivers are route handlers of this same server. */
export const DEMO_RECEIVER_PATH = "/api/demo/receivers/";

export function demoReceiverUrl(baseUrl: string, kind: DemoReceiverKind): string {
  return `${baseUrl.replace(/\/$/, "")}${DEMO_RECEIVER_PATH}${kind}`;
}

/** What a receiver of each kind answers to an attempt (history uses the same codes and bodies). */
export const DEMO_RECEIVER_RESPONSES = {
  ok: { status: 200, body: '{"received":true}' },
  failure: { status: 500, body: '{"error":"Internal Server Error: workflow execution failed"}' },
  down: { status: 503, body: "Service Unavailable" },
  badGateway: { status: 502, body: "502 Bad Gateway" },
} as const;

export const SLOW_RECEIVER_DELAY_MS = 3000;
export const FLAKY_RECEIVER_FAILURE_RATE = 1 / 3;
