# syntax=docker/dockerfile:1
# webnet's image: the release folder (`npm run release`: the sources Node 24 runs, the migrations,
# the built web UI, production dependencies only) on Node 24, run as the unprivileged `node` user.
# `webnet serve` by default; `webnet serve --no-worker` and `webnet worker` for separate processes.

FROM node:24-bookworm-slim AS build
WORKDIR /src
# ssh2's native ciphers are compiled in the build stage only; the runtime image has no compiler.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# Dependencies first: a source change does not reinstall them.
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/release.ts /release

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080 \
    WEBNET_DATA_DIR=/data
COPY --from=build /release /app
RUN ln -s /app/bin/webnet /usr/local/bin/webnet \
  && mkdir -p /data \
  && chown node:node /data
USER node
WORKDIR /app
VOLUME ["/data"]
EXPOSE 8080 9464
# /healthz answers while the process lives; orchestrators that route traffic read /readyz.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["webnet"]
CMD ["serve"]
