// Runs a bench script in its own process (tsx, with the react-server condition so `server-only`
// modules load) and collects the JSON it prints as its last line: every process reports its own
// CPU time and peak memory.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export type ProcessReport = { cpu_ms: number; max_rss_mb: number } & Record<string, unknown>;

export type BenchProcess = {
  child: ChildProcess;
  /** Resolves with the first line that parses as JSON with `ready: true` (servers), if any. */
  ready: Promise<Record<string, unknown>>;
  /** Resolves with the last JSON line printed before the process exits. */
  done: Promise<ProcessReport>;
  stop: () => void;
};

const ROOT = path.resolve(import.meta.dirname, "..", "..");

export function startTsProcess(script: string, args: string[] = [], env: Record<string, string> = {}): BenchProcess {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(ROOT, script), ...args],
    { cwd: ROOT, env: { ...process.env, ...env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let buffer = "";
  let last: ProcessReport | undefined;
  let resolveReady: (value: Record<string, unknown>) => void;
  let rejectReady: (error: Error) => void;
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith("{")) {
        if (line) process.stderr.write(`  [${path.basename(script)}] ${line}\n`);
        continue;
      }
      try {
        const parsed = JSON.parse(line);
        // A server log line (pino: level, time, msg) is shown, not taken for the report.
        if (typeof parsed.level === "number" && "msg" in parsed) process.stderr.write(`  [${path.basename(script)}] ${line}\n`);
        else if (parsed.ready) resolveReady(parsed);
        else last = parsed;
      } catch {
        process.stderr.write(`  [${path.basename(script)}] ${line}\n`);
      }
    }
  });
  // Processes that are not servers never print `ready`; that is not an error for them.
  ready.catch(() => {});
  const done = new Promise<ProcessReport>((resolve, reject) => {
    child.on("exit", (code, signal) => {
      rejectReady(new Error(`${script} exited before it was ready (${code ?? signal})`));
      if (last) resolve(last);
      else reject(new Error(`${script} exited with ${code ?? signal} and no report`));
    });
  });
  return { child, ready, done, stop: () => child.kill("SIGTERM") };
}

/** What a bench process prints about itself when it finishes. */
export function selfReport(extra: Record<string, unknown>): string {
  const cpu = process.cpuUsage();
  return JSON.stringify({
    ...extra,
    cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  });
}
