// Building blocks of the response schemas: how the API writes ids, instants and counts.
import { z } from "zod";
import { EVENT_TYPES } from "@/lib/event-types";

/** A moment as Date.toISOString() writes it (UTC, "Z"). */
export const isoDateTime = z.iso.datetime();
export const nullableDateTime = isoDateTime.nullable();
export const count = z.int().min(0);
export const eventTypeName = z.enum([EVENT_TYPES.job, EVENT_TYPES.company]);
