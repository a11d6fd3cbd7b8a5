// A webhook's event type follows its search's record type (SPEC §1): the one mapping, used by
// delivery payloads, the API's JSON and the pages.
export const EVENT_TYPES = { job: "job.new", company: "company.new" } as const;
export type RecordType = keyof typeof EVENT_TYPES;
export type EventType = (typeof EVENT_TYPES)[RecordType];

export function recordTypeOf(eventType: EventType): RecordType {
  return eventType === EVENT_TYPES.job ? "job" : "company";
}
