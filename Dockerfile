# syntax=docker/dockerfile:1
# Hookline as a container: the standalone Next.js server (output: "standalone") on Node 20, run as a
# non-root user. Build: `docker build -t hookline .`; run it with compose.yaml, or alone with the
# variables README.md lists (DATABASE_URL, APP_URL, BETTER_AUTH_SECRET, HOOKLINE_ENCRYPTION_KEY, …).

# 1. Dependencies, from the lockfile only (cached until package*.json change).
FROM node:20-bookworm-slim AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. The build: .next/standalone/server.js with the static files and migrations beside it
#    (scripts/prepare-standalone.mjs).
FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /src/node_modules ./node_modules
COPY . .
RUN npm run build:standalone

# 3. The runtime: only the standalone folder, owned by an unprivileged user.
FROM node:20-bookworm-slim AS runtime
# NEXT_MANUAL_SIG_HANDLE: lib/lifecycle.ts handles SIGTERM (stop claiming, finish deliveries in flight,
# hand the rest back, exit 143 within SHUTDOWN_GRACE_MS).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=true \
    PORT=3000 \
    HOSTNAME=0.0.0.0
RUN groupadd --system --gid 10001 hookline \
 && useradd --system --uid 10001 --gid hookline --home-dir /app --shell /usr/sbin/nologin hookline
WORKDIR /app
COPY --from=build --chown=hookline:hookline /src/.next/standalone ./
# Without DATABASE_URL the server keeps an embedded database (and its development key) under .data/.
RUN mkdir -p /app/.data && chown hookline:hookline /app/.data
USER hookline
EXPOSE 3000
# Node 20 has fetch: no curl in the image. /api/health is 503 when the database does not answer.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SHUTDOWN_GRACE_MS (10 s) must stay below the stop timeout (compose: stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "server.js"]
