# syntax=docker/dockerfile:1
#
# One image recipe for every Relay app. Pick the workspace package with APP:
#
#   docker build --build-arg APP=@relay/api -t relay-api .
#   docker build --build-arg APP=@relay/db  -t relay-migrate .   # run with: npm run migrate -w @relay/db
#
#   docker build --build-arg APP=@relay/web --build-arg NEXT_PUBLIC_API_URL=https://api.example.com \
#     --build-arg NEXT_PUBLIC_GATEWAY_URL=https://rt.example.com -t relay-web .
#
# Only the web app has a build step (next build): workspace packages export
# TypeScript source and the other apps run with `node --import tsx`, so their
# images hold source plus production dependencies. `turbo prune --docker` cuts the monorepo down to APP and the
# workspace packages it depends on, writing out/json (package.json files and
# the pruned lockfile, for a cacheable install layer), out/full (their source)
# and out/package-lock.json.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS base
# Match root package.json "packageManager" (the image ships an older npm; the
# lockfile and the "allowScripts" field are npm 11's).
ARG NPM_VERSION=11.19.1
ENV NEXT_TELEMETRY_DISABLED=1 \
    TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
RUN npm install --global "npm@${NPM_VERSION}" && npm cache clean --force
WORKDIR /app

# --- prune: the part of the monorepo APP needs -------------------------------
FROM base AS prune
ARG APP
RUN test -n "${APP}" || { echo 'build with --build-arg APP=<workspace package, e.g. @relay/api>' >&2; exit 1; }
# turbo at exactly the version the lockfile pins (node_modules is not copied in).
COPY package-lock.json ./
RUN npm install --global "turbo@$(node -p "require('./package-lock.json').packages['node_modules/turbo'].version")" \
  && npm cache clean --force
COPY . .
RUN turbo prune "${APP}" --docker

# --- install: production dependencies from the pruned lockfile ---------------
FROM base AS install
COPY --from=prune /app/out/json/ ./
COPY --from=prune /app/out/package-lock.json ./package-lock.json
# npm ci's postinstall applies these to node_modules (patch-package; see patches/README.md).
COPY --from=prune /app/patches ./patches
# Production dependencies only: the root devDependencies (biome, turbo,
# vitest, ...) are tooling the image never runs.
RUN npm ci --omit=dev && npm cache clean --force

# --- build: only the web app has one (next build) -----------------------------
# Every other app runs its TypeScript source as is; for them this stage leaves
# /out empty. NEXT_PUBLIC_* values are inlined into the browser bundle at build
# time, so the web image is built for the URLs its users will reach.
FROM base AS build
ARG APP
ARG NEXT_PUBLIC_API_URL=""
ARG NEXT_PUBLIC_GATEWAY_URL=""
COPY --from=prune /app/out/json/ ./
COPY --from=prune /app/out/package-lock.json ./package-lock.json
COPY --from=prune /app/patches ./patches
RUN mkdir -p /out && if [ "${APP}" = "@relay/web" ]; then npm ci && npm cache clean --force; fi
COPY --from=prune /app/out/full/ ./
COPY tsconfig.json ./
RUN if [ "${APP}" = "@relay/web" ]; then \
      NEXT_PUBLIC_API_URL="${NEXT_PUBLIC_API_URL}" NEXT_PUBLIC_GATEWAY_URL="${NEXT_PUBLIC_GATEWAY_URL}" \
        npm run build -w @relay/web \
      && mkdir -p /out/apps/web && cp -r apps/web/.next /out/apps/web/.next; \
    fi

# --- runner --------------------------------------------------------------------
FROM base AS runner
ARG APP
# npm runs scripts with `sh -c`; Debian's dash forks the script's command
# instead of exec-ing it, so the SIGTERM npm forwards on `docker stop` would
# kill the shell and orphan the app. bash execs it, so the app itself gets the
# signal and shuts down cleanly.
ENV NODE_ENV=production \
    APP=${APP} \
    NPM_CONFIG_SCRIPT_SHELL=/bin/bash
# node_modules (root and any nested per-workspace ones), then the pruned source.
COPY --from=install /app/ ./
COPY --from=prune /app/out/full/ ./
# The web app's production build (empty for the other apps).
COPY --from=build /out/ ./
# The packages' tsconfig.json files extend the root one, which prune leaves out.
COPY tsconfig.json ./
# db/migrations is not a workspace, so prune leaves it out too; @relay/db reads
# it from <repo>/db/migrations, i.e. /app/db/migrations.
COPY db/ ./db/
USER node
EXPOSE 3000
# Every app package has a "start" script. The migrate image is run with
# `npm run migrate -w @relay/db` instead (see docker-compose.yml).
CMD ["sh", "-c", "exec npm start -w \"$APP\""]
