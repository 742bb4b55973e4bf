# syntax=docker/dockerfile:1
# basilica-miner in a container: built once in a Rust stage, run from a slim Debian image as an
# unprivileged user. See config/compose.yml for volumes and ports.
#   docker build -t basilica-miner --build-arg GIT_SHA=$(git rev-parse --short=12 HEAD) .

FROM rust:1.95-bookworm AS build
ARG GIT_SHA=unknown
ENV BASILICA_GIT_SHA=${GIT_SHA}
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY proto proto
COPY src src
COPY config config
COPY examples examples
COPY tests tests
RUN cargo build --release --locked --bin basilica-miner \
 && strip target/release/basilica-miner

FROM debian:bookworm-slim
# ssh is how the miner reaches its GPU nodes.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssh-client ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group --uid 10001 --home-dir /var/lib/basilica-miner --create-home --shell /usr/sbin/nologin basilica \
 && install -d -o basilica -g basilica -m 0700 /var/lib/basilica-miner \
 && install -d -m 0755 /etc/basilica-miner
COPY --from=build /src/target/release/basilica-miner /usr/bin/basilica-miner
COPY config/miner.toml.example /usr/share/doc/basilica-miner/miner.toml.example
USER basilica
WORKDIR /var/lib/basilica-miner
ENV NO_COLOR=1 \
    BASILICA_MINER_CONFIG=/etc/basilica-miner/miner.toml
# 50051: validators (gRPC). 9090: Prometheus metrics (publish it on a private address only).
EXPOSE 50051 9090
STOPSIGNAL SIGTERM
# config, database, wallet, chain, the daemon's gRPC health and the nodes; exit 1 on failure.
HEALTHCHECK --interval=5m --timeout=60s --start-period=2m --retries=3 CMD ["basilica-miner", "health-check"]
ENTRYPOINT ["basilica-miner"]
CMD ["serve"]
