# syntax=docker/dockerfile:1
# One image for every logpipe command; the first argument picks it:
#
#   docker run IMAGE logagent    [--config FILE] [--check]
#   docker run IMAGE logtransfer [--config FILE] [--check]
#   docker run IMAGE logctl      ...
#   docker run IMAGE setup       [--config FILE] [--check]   (the compose stack's one-shot setup)
#   docker run IMAGE demo-logs   [--dir DIR] [--rate N]      (demo log generator)
#   docker run IMAGE certs       [DIR]                       (the secure compose stack's certificates)
#
# Node 24 LTS, the runtime the tests run on: scripts/lib/node.sh brings the same major to machines
# whose own Node is older, and package.json's engines requires it.
ARG NODE_IMAGE=node:24-slim

# ---- build: every dependency, compile the shipped packages -----------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
# Only what the image runs: the libs, the apps (logctl is picked up by `apps/*` once it exists)
# and the setup tool; not the servers harness, the demo runner or the tests. npm ci skips the
# workspaces that are not there.
COPY libs ./libs
COPY apps ./apps
COPY tools/setup ./tools/setup
RUN npm ci --no-audit --no-fund --ignore-scripts
RUN npx tsc -b libs/* apps/* tools/setup \
 && find libs apps tools -path '*/node_modules' -prune -o -type d -name src -prune -exec rm -rf {} + \
 && find libs apps tools -path '*/node_modules' -prune -o -type f \( -name '*.test.*' -o -name '*.tsbuildinfo' \) -exec rm -f {} +

# ---- runtime: production dependencies only, non-root ---------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /src/libs ./libs
COPY --from=build /src/apps ./apps
COPY --from=build /src/tools ./tools
# The workspaces not copied are skipped by npm ci; no dev
# dependency (TypeScript, ESLint, test libraries) is installed. Install scripts are not needed:
# no production dependency builds anything natively.
# OpenSSL makes the secure compose stack's certificates (`certs`); Node cannot make certificates.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl \
 && rm -rf /var/lib/apt/lists/*
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts \
 && npm cache clean --force \
 && mkdir -p /var/lib/logagent /var/log/demo /certs \
 && chown node:node /var/lib/logagent /var/log/demo /certs
# Defaults for each command; compose overrides keys through LOGAGENT_*, LOGTRANSFER_* and
# LOGPIPE_SETUP_* environment variables.
COPY config/logagent.ini /etc/logagent/logagent.ini
COPY config/logtransfer.ini /etc/logtransfer/logtransfer.ini
COPY config/compose/setup.ini config/compose/demo-targets.json /etc/logpipe/compose/
COPY config/kibana/ /etc/logpipe/kibana/
COPY config/opensearch-dashboards/ /etc/logpipe/opensearch-dashboards/
COPY --chmod=0755 scripts/docker-entrypoint.sh /usr/local/bin/logpipe
COPY --chmod=0755 config/compose/secure/make-certs.sh /usr/local/lib/logpipe/make-certs.sh
# The image's own user (uid 1000). Named volumes created from /var/lib/logagent, /var/log/demo
# and /certs inherit its ownership.
USER node
ENTRYPOINT ["/usr/local/bin/logpipe"]
CMD ["logagent"]
