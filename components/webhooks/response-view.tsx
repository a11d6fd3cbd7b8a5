// An endpoint's answer as an attempt kept it: its headers beside its body (the first 4 KiB).
// Shared by the event view's attempts, the test-send result and the webhook's test sends.

export function ResponseView({
  status,
  headers,
  body,
}: {
  status: number | null;
  /** null: not recorded (no response, or an attempt older than header capture). */
  headers: Record<string, string> | null;
  body: string | null;
}) {
  if (status == null) return <p className="text-xs text-slate-400">No response</p>;
  const entries = Object.entries(headers ?? {});
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <div className="min-w-0">
        <h4 className="mb-1 text-xs text-slate-500">Headers</h4>
        {entries.length > 0 ? (
          <table className="w-full text-xs" data-testid="response-headers">
            <tbody>
              {entries.map(([name, value]) => (
                <tr key={name} className="align-top">
                  <td className="w-36 py-0.5 pr-3 font-mono break-all text-slate-500">{name}</td>
                  <td className="py-0.5 font-mono break-all text-slate-800">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-xs text-slate-400">{headers === null ? "Not recorded" : "None"}</p>
        )}
      </div>
      <div className="min-w-0">
        <h4 className="mb-1 text-xs text-slate-500">Body</h4>
        {body ? (
          <pre
            tabIndex={0}
            aria-label="Response body"
            data-testid="response-body"
            className="max-h-64 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-800"
          >
            {body}
          </pre>
        ) : (
          <p className="text-xs text-slate-400">Empty body</p>
        )}
      </div>
    </div>
  );
}
