-- Privileges of the application's PostgreSQL role (docs/deploy.md, "Database roles").
-- Run as the role that owns the tables (the one `manage.py migrate` runs as), in the
-- application's database, after the first migration and again after every upgrade:
--   psql "$MIGRATE_DATABASE_URL" -v app_role=tdkt_app -f deploy/postgresql-grants.sql
\set ON_ERROR_STOP on
GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
-- Tables and sequences that later migrations create get the same.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app_role";
-- The audit log: the application appends and reads; it never changes or removes an entry
-- (a trigger refuses that too, for every role).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_action FROM :"app_role";
