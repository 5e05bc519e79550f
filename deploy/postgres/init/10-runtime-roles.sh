#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory. Services with
# append-only records (identity's audit log; negotiation's contracts and audit log) must not be
# able to alter them with their own credentials, so they connect as `<service>_app` (no
# ownership; the service grants it what it needs at start) and migrate as the owner
# (DATABASE_MIGRATION_URL).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v identity_password="$IDENTITY_APP_PASSWORD" -v negotiation_password="$NEGOTIATION_APP_PASSWORD" <<'SQL'
CREATE ROLE identity_app LOGIN PASSWORD :'identity_password';
CREATE ROLE negotiation_app LOGIN PASSWORD :'negotiation_password';
SQL
