#!/usr/bin/env bash
# Start PostgreSQL and Redis if they are not answering (CI machines start with them, but a restart may stop them).
set -euo pipefail
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  command -v pg_ctlcluster >/dev/null || { echo "ERREUR : PostgreSQL n'est pas installé (apt-get install postgresql)"; exit 1; }
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "ERREUR : PostgreSQL ne répond pas sur 127.0.0.1:5432"; exit 1; }
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  command -v redis-server >/dev/null || { echo "ERREUR : Redis n'est pas installé (apt-get install redis-server)"; exit 1; }
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
fi
redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || { echo "ERREUR : Redis ne répond pas sur 127.0.0.1:6379"; exit 1; }
