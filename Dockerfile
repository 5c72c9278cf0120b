# One image for every command: `docker run IMAGE logagent|logtransfer [--config FILE]`.
# Node 24 is the current LTS; the code also runs on Node 20, which our dev machines have.
FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools
COPY test ./test
RUN npm ci --no-audit --no-fund && npx tsc -b libs/* apps/*

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /src/libs ./libs
COPY --from=build /src/apps ./apps
COPY --from=build /src/tools ./tools
COPY --from=build /src/test/package.json ./test/package.json
# Production dependencies only; sources and tests stay in the build stage.
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts \
  && find libs apps -path '*/src' -prune -exec rm -rf {} + \
  && rm -rf tools test \
  && mkdir -p /var/lib/logagent && chown node:node /var/lib/logagent
COPY config/logagent.ini /etc/logagent/logagent.ini
COPY config/logtransfer.ini /etc/logtransfer/logtransfer.ini
COPY scripts/docker-entrypoint.sh /usr/local/bin/logpipe
USER node
ENTRYPOINT ["/usr/local/bin/logpipe"]
CMD ["logagent"]
