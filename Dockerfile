# syntax=docker/dockerfile:1
# Handover: ONE image, two entrypoints (docker-compose.yml picks one per service):
#   node dist/worker/main.js   the Temporal worker (default command)
#   node dist/api/server.js    the HTTP API
# Debian slim, not Alpine: the Temporal SDK's native core bridge is built for glibc.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: compile TypeScript and prebundle the workflows ---------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY config ./config
COPY security ./security
COPY contracts ./contracts
COPY domain ./domain
COPY temporal ./temporal
COPY logging ./logging
COPY workflows ./workflows
COPY activities ./activities
COPY api ./api
COPY worker ./worker
COPY scripts ./scripts
COPY web ./web
RUN npm run build \
 && npx tsx scripts/build-web.ts --force \
 && node dist/scripts/bundle-workflows.js dist/workflow-bundle.js \
 && test -f dist/worker/main.js && test -f dist/api/server.js && test -f dist/workflow-bundle.js && test -f web/dist/index.html

# --- deps: production dependencies only ------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HANDOVER_DATA_DIR=/var/lib/handover \
    HANDOVER_LOG_PRETTY=false
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The built workbench, served by the API from beside dist/.
COPY --from=build /app/web/dist ./web/dist
# The data folder (notification outbox) belongs to the unprivileged `node` user of the base image.
RUN mkdir -p /var/lib/handover && chown node:node /var/lib/handover
USER node
VOLUME ["/var/lib/handover"]
EXPOSE 3000
CMD ["node", "dist/worker/main.js"]
