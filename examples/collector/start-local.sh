#!/usr/bin/env bash
# Starts the whole Collector-side deployment of this folder on one machine, with the same
# configuration files the Collector test suite runs: a reference decision-log server, three
# `vaxelia-otel gateway` processes each behind a sidecar Collector (otelcol-sidecar.yaml), and the
# front Collector (otelcol-config.yaml) that apps export OTLP to: http://127.0.0.1:4318 (HTTP) or
# 127.0.0.1:4317 (gRPC). Ctrl-C stops everything. State lives in .vaxelia-collector-local/.
#
# Needs the built package and Collector: npm run build && bash scripts/build-collector.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

collector=$(bash scripts/build-collector.sh --print)
if [[ ! -x "$collector" ]]; then
  echo "start-local: the Collector is not built yet: bash scripts/build-collector.sh" >&2
  exit 1
fi
if [[ ! -f dist/cli.js ]]; then
  echo "start-local: the package is not built yet: npm run build" >&2
  exit 1
fi

state="$PWD/.vaxelia-collector-local"
mkdir -p "$state"
chmod 700 "$state"
# Keys are made once and kept (0600): a restarted gateway must read its queue with the same key.
[[ -f "$state/buffer.key" ]] || (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("base64"))' >"$state/buffer.key")
[[ -f "$state/api.key" ]] || (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(16).toString("hex"))' >"$state/api.key")
[[ -f "$state/gateway.token" ]] || (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(16).toString("hex"))' >"$state/gateway.token")
export SERVE_KEY VAXELIA_API_KEY VAXELIA_BUFFER_KEY VAXELIA_GATEWAY_AUTH_TOKEN
SERVE_KEY=$(cat "$state/api.key")
VAXELIA_API_KEY=$SERVE_KEY
VAXELIA_BUFFER_KEY=$(cat "$state/buffer.key")
VAXELIA_GATEWAY_AUTH_TOKEN=$(cat "$state/gateway.token")
export VAXELIA_TENANT_API_URL=http://127.0.0.1:8787/v1/decisions
export VAXELIA_AI_SYSTEM_ID=${VAXELIA_AI_SYSTEM_ID:-local-collector-demo}

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM

node dist/cli.js serve --port 8787 --db "$state/decision-log.sqlite" --api-key-env SERVE_KEY &
pids+=($!)
for i in 1 2 3; do
  VAXELIA_BUFFER_DIR="$state/gateway-$i" node dist/cli.js gateway --port $((4400 + i)) --auth-token-env VAXELIA_GATEWAY_AUTH_TOKEN &
  pids+=($!)
  OTELCOL_OTLP_GRPC_ENDPOINT=127.0.0.1:$((4410 + i)) OTELCOL_STORAGE_DIR="$state/sidecar-$i" OTELCOL_METRICS_PORT=$((8888 + i)) \
    VAXELIA_GATEWAY_URL=http://127.0.0.1:$((4400 + i)) "$collector" --config examples/collector/otelcol-sidecar.yaml 2>"$state/sidecar-$i.log" &
  pids+=($!)
done
OTELCOL_OTLP_GRPC_ENDPOINT=127.0.0.1:4317 OTELCOL_OTLP_HTTP_ENDPOINT=127.0.0.1:4318 OTELCOL_STORAGE_DIR="$state/front" \
  VAXELIA_GATEWAY_1=127.0.0.1:4411 VAXELIA_GATEWAY_2=127.0.0.1:4412 VAXELIA_GATEWAY_3=127.0.0.1:4413 \
  "$collector" --config examples/collector/otelcol-config.yaml 2>"$state/front.log" &
pids+=($!)
echo "start-local: apps export OTLP to http://127.0.0.1:4318 (or gRPC 127.0.0.1:4317); decisions at http://127.0.0.1:8787/report (password: $state/api.key); Collector logs in $state/*.log; Ctrl-C stops"
wait -n "${pids[@]}"
echo "start-local: a process exited; stopping the rest" >&2
