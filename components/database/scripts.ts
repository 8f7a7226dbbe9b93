/**
 * The shell scripts the database's pod runs: the init script, which makes the
 * app's role and database, and the hook that runs it again at every start.
 */
/** Where the image's entrypoint finds the init scripts. */
export const INIT_MOUNT = "/docker-entrypoint-initdb.d";
export const INIT_SCRIPT_KEY = "init.sh";

/** Keys of the database Secret; the names are the workshop's env.example names. */
export const SECRET_KEYS = {
    superuserPassword: "POSTGRES_PASSWORD",
    appUser: "WORKSHOP_POSTGRES_USER",
    appPassword: "WORKSHOP_POSTGRES_PASSWORD",
    appDatabase: "WORKSHOP_POSTGRES_DB",
} as const;

/**
 * Creates the application role and database on the first start of an empty
 * data directory. The postgres image's entrypoint sources it from
 * /docker-entrypoint-initdb.d. Names and the password go in as psql variables
 * and are quoted by format(%I, %L), so no value can break out of its literal.
 * An existing role keeps its attributes but takes the given password, and an
 * existing database is left as it is, so a re-run neither fails nor changes
 * data. The database container's start hook runs it again at every start
 * (APP_PASSWORD_HOOK), and Aurora's bootstrap Job runs it as the master user
 * (a member of rds_superuser, not a superuser), again whenever the app's
 * password changes.
 */
export const INIT_SCRIPT = `#!/bin/bash
# Managed by fastapi-eks (Pulumi). Creates the application role and database.
: "\${${SECRET_KEYS.appUser}:?must be set}" "\${${SECRET_KEYS.appPassword}:?must be set}" "\${${SECRET_KEYS.appDatabase}:?must be set}"
psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password \\
  --username "\${POSTGRES_USER:-postgres}" --dbname postgres \\
  --set app_user="\$${SECRET_KEYS.appUser}" \\
  --set app_password="\$${SECRET_KEYS.appPassword}" \\
  --set app_db="\$${SECRET_KEYS.appDatabase}" <<'EOSQL'
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %L', :'app_user', :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = :'app_user')
\\gexec
-- An existing role takes the password it is given: Aurora's bootstrap runs again when the password changes.
SELECT format('ALTER ROLE %I PASSWORD %L', :'app_user', :'app_password')
\\gexec
-- A master user that is not a superuser (Aurora's) must be a member of a role to make it a database's owner.
SELECT format('GRANT %I TO %I', :'app_user', current_user)
WHERE NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
\\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user')
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = :'app_db')
\\gexec
EOSQL
`;

/**
 * The database container's postStart hook: once the server takes TCP
 * connections (the image's first-start server listens on its socket only, so
 * this waits out the initialisation), it runs the init script again as the
 * superuser over the pod's socket, and gives the superuser the password in
 * POSTGRES_PASSWORD, which the image sets only on an empty data directory. So
 * a new password in the Secret, which restarts the pod (its template carries
 * the Secret's resourceVersion), is set in PostgreSQL when the server starts;
 * any other start changes nothing. Its output is discarded, and it always
 * exits 0: a failure must never make the kubelet kill the database (the app
 * then fails to log in, which its log says).
 */
export const APP_PASSWORD_HOOK = `for _ in $(seq 180); do
  if pg_isready --quiet --host 127.0.0.1; then
    bash ${INIT_MOUNT}/${INIT_SCRIPT_KEY} >/dev/null 2>&1 || echo "fastapi-eks: the app's password could not be set" >&2
    psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username postgres --dbname postgres \\
      --set pw="\$${SECRET_KEYS.superuserPassword}" >/dev/null 2>&1 <<'EOSQL' || echo "fastapi-eks: the superuser's password could not be set" >&2
SELECT format('ALTER ROLE postgres PASSWORD %L', :'pw')
\\gexec
EOSQL
    exit 0
  fi
  sleep 1
done
echo "fastapi-eks: the server took no connection within 180 s; the passwords were not set" >&2
exit 0
`;
