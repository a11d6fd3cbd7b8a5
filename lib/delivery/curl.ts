// "Copy as cURL" of an attempt: the request as it was sent — POST, the URL, the headers that were
// sent (the signature, never the secret) and the exact body. Pure: the event view builds it in the browser.

/** A POSIX shell single-quoted word: nothing inside is expanded. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(request: { url: string; headers: Record<string, string>; body: string }): string {
  const lines = [`curl -X POST ${shellQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  // --data-raw sends the string as given: no @file reading, nothing stripped.
  lines.push(`  --data-raw ${shellQuote(request.body)}`);
  return lines.join(" \\\n");
}
