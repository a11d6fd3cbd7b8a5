// Lengths of time in milliseconds, for code that works on instants (retry slots, rollup hours, ranges).
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
