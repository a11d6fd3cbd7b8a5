// Bench receiver: answers 200 at once to every POST, counts requests and distinct webhook-ids.
// Prints {"ready":true,"port"} when listening and its report on SIGTERM.
import http from "node:http";
import { selfReport } from "./lib/process";

let requests = 0;
let duplicates = 0;
const seen = new Set<string>();
const trackIds = process.env.BENCH_TRACK_IDS !== "0";

const server = http.createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    requests++;
    if (trackIds) {
      const id = String(req.headers["webhook-id"] ?? "");
      if (seen.has(id)) duplicates++;
      else seen.add(id);
    }
    res.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
    res.end("ok");
  });
});
let connections = 0;
server.on("connection", () => connections++);
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address() as { port: number };
  console.log(JSON.stringify({ ready: true, port: address.port }));
});
process.on("SIGTERM", () => {
  console.log(selfReport({ requests, distinct_ids: seen.size, duplicates, connections }));
  process.exit(0);
});
