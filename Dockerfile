# basilica-miner from source: a Rust stage builds the Debian package (scripts/package-deb), and
# the runtime stage installs it into debian:bookworm-slim exactly as Dockerfile.package does
# with the package CI builds and tests. See config/compose.yml for volumes and networking.
#   docker build -t basilica-miner:local --build-arg GIT_SHA=$(git rev-parse --short=12 HEAD) .

FROM rust:1.95-bookworm AS build
ARG GIT_SHA=unknown
ENV BASILICA_GIT_SHA=${GIT_SHA}
WORKDIR /src
COPY . .
RUN bash scripts/package-deb > /tmp/deb-path && mkdir /deb && cp "$(tail -n 1 /tmp/deb-path)" /deb/

FROM debian:bookworm-slim
COPY --from=build /deb/ /tmp/deb/
COPY docker/install-package /tmp/install-package
RUN sh /tmp/install-package && rm /tmp/install-package
# --- runtime: the same in Dockerfile and Dockerfile.package (scripts/test-image checks it) ---
USER basilica
WORKDIR /var/lib/basilica-miner
ENV NO_COLOR=1 \
    BASILICA_MINER_CONFIG=/etc/basilica-miner/miner.toml
# 50051: validators (gRPC). 9090: Prometheus metrics (keep it on a private address).
EXPOSE 50051 9090
STOPSIGNAL SIGTERM
# The daemon itself: it runs and its gRPC health answers SERVING (nodes are `status`'s business).
HEALTHCHECK --interval=30s --timeout=10s --start-period=2m --retries=3 CMD ["basilica-miner", "status", "--daemon"]
ENTRYPOINT ["basilica-miner"]
CMD ["serve"]
