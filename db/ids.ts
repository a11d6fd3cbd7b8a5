// Every row id is a uuid. A value from a URL or a form is checked against this before it reaches a
// query, so a malformed id is "not found", never a database cast error.
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);
