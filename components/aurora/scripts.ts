/**
 * The Aurora bootstrap Job's script. The download step (the AWS CLI image)
 * writes the master user's secret, as RDS keeps it in Secrets Manager
 * (`{"username": ..., "password": ...}`), into a memory-backed emptyDir; this
 * script (the database image) reads it, then runs the in-cluster database's
 * own init script as that user.
 */
export const BOOTSTRAP_SCRIPT_KEY = "bootstrap.sh";

export const BOOTSTRAP_SCRIPT = `#!/bin/bash
# Managed by fastapi-eks (Pulumi). Creates the app's role and database on Aurora.
#   bootstrap.sh MASTER_JSON   the master user's secret; libpq's PGHOST and PGPORT say where
set -euo pipefail
json=$(<"\${1:?usage: bootstrap.sh MASTER_JSON}")

# One string field of a flat JSON object, unescaped (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX).
json_field() {
    local rest=\${json#*\\"$1\\"} out="" c
    [ "$rest" != "$json" ] || { echo "the secret has no $1" >&2; return 1; }
    rest=\${rest#*:}
    rest=\${rest#"\${rest%%[![:space:]]*}"}
    [ "\${rest:0:1}" = '"' ] || { echo "the secret's $1 is not a string" >&2; return 1; }
    rest=\${rest:1}
    while [ -n "$rest" ]; do
        c=\${rest:0:1}
        rest=\${rest:1}
        case "$c" in
        '"') printf '%s' "$out"; return 0 ;;
        '\\')
            c=\${rest:0:1}
            rest=\${rest:1}
            case "$c" in
            b) out+=$'\\b' ;; f) out+=$'\\f' ;; n) out+=$'\\n' ;; r) out+=$'\\r' ;; t) out+=$'\\t' ;;
            u) out+=$(printf "\\\\u\${rest:0:4}"); rest=\${rest:4} ;;
            *) out+=$c ;;
            esac
            ;;
        *) out+=$c ;;
        esac
    done
    echo "the secret's $1 is not terminated" >&2
    return 1
}

PGUSER=$(json_field username)
PGPASSWORD=$(json_field password)
export PGUSER PGPASSWORD POSTGRES_USER="$PGUSER"
unset json
bash "$(dirname "$0")/init.sh"
echo "the app's role and database are ready"
`;
