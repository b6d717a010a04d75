# vpcraft in one image: the server binary with the browser bundle embedded.
# Build: docker build -t vpcraft .   Run: docker run -p 8080:8080 -v vpcraft:/data vpcraft

FROM rust:1.95-bookworm AS build
WORKDIR /src
RUN rustup target add wasm32-unknown-unknown && rustup component add rust-src && apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cargo xtask build && cp target/release/vpcraft /vpcraft

FROM debian:bookworm-slim
RUN useradd --system --home /data vpcraft && mkdir -p /data && chown vpcraft /data
COPY --from=build /vpcraft /usr/local/bin/vpcraft
USER vpcraft
WORKDIR /data
EXPOSE 8080
ENV VPCRAFT_ADDR=0.0.0.0:8080 VPCRAFT_DATABASE=sqlite:///data/vpcraft.db
ENTRYPOINT ["vpcraft"]
CMD ["serve"]
