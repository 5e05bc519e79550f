#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory. Identity's
# audit log must not be alterable by the role the service runs as, so identity connects as
# `identity_app` (no ownership; identity grants it what it needs at start) and migrates as
# the owner (DATABASE_MIGRATION_URL).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="$IDENTITY_APP_PASSWORD" <<'SQL'
CREATE ROLE identity_app LOGIN PASSWORD :'password';
SQL
