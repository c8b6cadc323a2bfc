# The Shopify and API X simulators in one container, for `skaffold dev` on a local cluster
# (skaffold.yaml, profile dev). Development only: the chart never deploys it. make image-test
# builds it and runs the production image against it.
ARG NODE_IMAGE=node:24.18.0-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d
FROM ${NODE_IMAGE}
WORKDIR /app
# The same first steps as the production Dockerfile's build stage, so builds share the layers.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY simulators ./simulators
USER 1000:1000
ENTRYPOINT ["node", "--import", "tsx", "simulators/cli.ts"]
CMD ["--host", "0.0.0.0"]
