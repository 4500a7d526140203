#!/usr/bin/env bash
# The embedded demo: SQLite, demo data, the task worker in the background, the web server in the foreground.
set -euo pipefail
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
PY=.venv/bin/python
mkdir -p var
$PY manage.py migrate --noinput -v0
$PY manage.py charger_demo
$PY manage.py db_worker --interval 2 --no-reload >var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo
echo "  Application : http://$HOST:$PORT/   (API : http://$HOST:$PORT/api/docs)"
echo "  Worker de tâches lancé (journal : var/worker.log). Ctrl-C pour tout arrêter."
echo
$PY manage.py runserver --noreload "$HOST:$PORT"
