#!/usr/bin/env bash
# Starts Debian's PostgreSQL on 127.0.0.1:5432 for the store and queue tests, creates a test user and
# database, and writes the connection URL to .ci/.env-test (not committed), which the tests read.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pg_lsclusters >/dev/null || { echo "postgres.sh: postgresql not installed, skipping"; exit 0; }

read -r version cluster _ < <(pg_lsclusters -h | head -1) || true
if [ -z "${version:-}" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  cluster=main
  pg_createcluster "$version" "$cluster" >/dev/null
fi
# Listen on loopback only.
pg_conftool "$version" "$cluster" remove listen_addresses >/dev/null 2>&1 || true
mkdir -p "/etc/postgresql/$version/$cluster/conf.d"
echo "listen_addresses = '127.0.0.1'" > "/etc/postgresql/$version/$cluster/conf.d/scorifya-test.conf"
pg_ctlcluster "$version" "$cluster" start 2>/dev/null || pg_ctlcluster "$version" "$cluster" status >/dev/null
port=$(pg_conftool -s "$version" "$cluster" show port)
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.5; done

su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'scorifya_test') THEN
    CREATE ROLE scorifya_test LOGIN PASSWORD 'scorifya_test';
  END IF;
END \$\$;
SQL
su postgres -c "psql -q -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='scorifya_test'\"" | grep -q 1 \
  || su postgres -c "createdb -p $port -O scorifya_test scorifya_test"

echo "DATABASE_URL_TEST=postgres://scorifya_test:scorifya_test@127.0.0.1:$port/scorifya_test" > .env-test
echo "postgres.sh: PostgreSQL $version/$cluster ready on 127.0.0.1:$port"
