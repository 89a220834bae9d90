#!/usr/bin/env bash
# Health of an ingest worker container: it can write its data directory and, when the store is Qdrant, open a
# connection to Qdrant's gRPC port. A hung work loop is not detected: that needs a heartbeat written by the worker.
set -u
probe="${KnowledgeBase__DataDirectory:-/data}/.health-${HOSTNAME:-worker}"
touch "$probe" && rm -f "$probe" || { echo "data directory not writable"; exit 1; }
[ "${KnowledgeBase__Store:-Embedded}" != "Qdrant" ] && exit 0
address="${KnowledgeBase__Qdrant__Url:-http://localhost:6334}"
address="${address#*://}"
address="${address%%/*}"
host="${address%%:*}"
port="${address##*:}"
[ "$port" = "$address" ] && port=6334
exec 3<>"/dev/tcp/$host/$port" || { echo "cannot connect to Qdrant at $host:$port"; exit 1; }
