#!/usr/bin/env bash
# Starts the system PostgreSQL for the journal tests and prints the URL they use
# (KALSHI_TEST_POSTGRES_URL). Prints nothing and returns non-zero when no server can be had:
# the PostgreSQL variants of the tests then skip. Never fatal to CI.
set -uo pipefail

log() { echo "postgres: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    log "not installed; installing from the system packages"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 || { log "could not install"; exit 1; }
fi

cluster=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR == 1 { print $1 " " $2 }')
if [ -z "$cluster" ]; then
    log "no cluster"
    exit 1
fi
read -r version name <<<"$cluster"
pg_ctlcluster "$version" "$name" start >&2 2>&1 || true
port=$(pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1 == v && $2 == n { print $3 }')

for _ in $(seq 1 30); do
    su postgres -c "psql -qtAc 'SELECT 1'" >/dev/null 2>&1 && break
    sleep 1
done
if ! su postgres -c "psql -qtAc 'SELECT 1'" >/dev/null 2>&1; then
    log "cluster $version/$name did not come up"
    exit 1
fi

# A throwaway role and database for the tests, recreated on every run.
su postgres -c "psql -q -v ON_ERROR_STOP=1" >&2 <<'SQL' || { log "could not create the test role"; exit 1; }
DROP DATABASE IF EXISTS kalshi_test;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kalshi_test') THEN
        CREATE ROLE kalshi_test LOGIN PASSWORD 'kalshi_test';
    END IF;
END $$;
CREATE DATABASE kalshi_test OWNER kalshi_test;
SQL

echo "postgresql://kalshi_test:kalshi_test@127.0.0.1:${port:-5432}/kalshi_test"
