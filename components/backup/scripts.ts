/**
 * The backup and restore scripts, as the program puts them into the
 * `db-backup-scripts` ConfigMap. Each runs in two steps, one per image: the
 * database image for pg_dump and pg_restore (so the client matches the
 * server's major version), the AWS CLI image for S3. From a laptop, through
 * `kubectl port-forward`, the restore script runs both steps in one go.
 *
 * Both read libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD,
 * PGDATABASE), BACKUP_BUCKET and BACKUP_PREFIX (the namespace), and, for the
 * AWS CLI, its usual credentials and AWS_REGION. AWS_S3_ENDPOINT_URL, when
 * set, points the AWS CLI at another S3 API. With BACKUP_METRICS_NAMESPACE,
 * the backup publishes its success and the dump's size to CloudWatch
 * (AWS_CLOUDWATCH_ENDPOINT_URL, when set, points the AWS CLI at another).
 */

export const BACKUP_SCRIPT_KEY = "backup.sh";
export const RESTORE_SCRIPT_KEY = "restore.sh";

export const BACKUP_SCRIPT = `#!/bin/bash
# Managed by fastapi-eks (Pulumi). Backs up the app's database to S3.
#   backup.sh dump DIR     pg_dump --format=custom into DIR/<UTC time, to the millisecond>Z-<pod>.dump
#   backup.sh upload DIR   copies each DIR/*.dump to s3://$BACKUP_BUCKET/$BACKUP_PREFIX/
set -euo pipefail
usage() { echo "usage: backup.sh dump|upload DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
dir=$2
case "$1" in
dump)
    : "\${PGDATABASE:?must be set}"
    # The time first, so that the greatest name is the newest; the pod's name after it, so that two Jobs
    # (the schedule's and one started by hand) never write the same key, whatever their timing.
    file="$dir/$(date -u +%Y%m%dT%H%M%S.%3NZ)-\${HOSTNAME:-local}.dump"
    pg_dump --no-password --format=custom --file="$file.partial"
    mv "$file.partial" "$file"
    echo "dumped database $PGDATABASE to $(basename "$file") ($(wc -c <"$file") bytes)"
    ;;
upload)
    : "\${BACKUP_BUCKET:?must be set}" "\${BACKUP_PREFIX:?must be set}"
    shopt -s nullglob
    files=("$dir"/*.dump)
    [ \${#files[@]} -gt 0 ] || { echo "no dump in $dir" >&2; exit 1; }
    for f in "\${files[@]}"; do
        dest="s3://$BACKUP_BUCKET/$BACKUP_PREFIX/$(basename "$f")"
        aws \${AWS_S3_ENDPOINT_URL:+--endpoint-url "$AWS_S3_ENDPOINT_URL"} s3 cp --only-show-errors "$f" "$dest"
        echo "uploaded $dest"
    done
    if [ -n "\${BACKUP_METRICS_NAMESPACE:-}" ]; then
        # The success the missing-backup alarm waits for, and the dump's size, the database's growth. The dump is
        # safe in S3 by now: a failure here fails nothing, and the alarm notices the missing success.
        bytes=$(cat "\${files[@]}" | wc -c)
        dims='[{"Name":"Backup","Value":"'"$BACKUP_BUCKET/$BACKUP_PREFIX"'"}]'
        aws \${AWS_CLOUDWATCH_ENDPOINT_URL:+--endpoint-url "$AWS_CLOUDWATCH_ENDPOINT_URL"} cloudwatch put-metric-data --namespace "$BACKUP_METRICS_NAMESPACE" --metric-data \
            '[{"MetricName":"Succeeded","Value":1,"Unit":"Count","Dimensions":'"$dims"'},{"MetricName":"DumpBytes","Value":'"$bytes"',"Unit":"Bytes","Dimensions":'"$dims"'}]' &&
            echo "published the backup's metrics to $BACKUP_METRICS_NAMESPACE" ||
            echo "could not publish the backup's metrics to $BACKUP_METRICS_NAMESPACE" >&2
    fi
    ;;
*) usage ;;
esac
`;

export const RESTORE_SCRIPT = `#!/bin/bash
# Managed by fastapi-eks (Pulumi). Restores the app's database from S3.
#   restore.sh download DIR [DUMP]  the newest dump under s3://$BACKUP_BUCKET/$BACKUP_PREFIX/, or DUMP
#                                   (a name such as 20261125T031700.000Z-db-backup-29400157-x7k2p.dump), into DIR
#   restore.sh load DIR             pg_restore of DIR's dump into $PGDATABASE
#   restore.sh DIR [DUMP]           both, from a laptop with psql and the AWS CLI; a refusal (below)
#                                   comes before the download
# A database that has tables is left alone unless RESTORE_FORCE=1; then everything
# the app's role owns in it is dropped (DROP OWNED: tables made since the dump too)
# and the dump loaded, in one transaction: the database ends as the dump recorded
# it, or, on any error, as it was. DUMP may also come as RESTORE_DUMP.
set -euo pipefail
usage() { echo "usage: restore.sh download DIR [DUMP] | load DIR | DIR [DUMP]" >&2; exit 2; }
s3() { aws \${AWS_S3_ENDPOINT_URL:+--endpoint-url "$AWS_S3_ENDPOINT_URL"} "$@"; }

download() {
    local dir=$1 name=\${2:-\${RESTORE_DUMP:-}}
    : "\${BACKUP_BUCKET:?must be set}" "\${BACKUP_PREFIX:?must be set}"
    if [ -z "$name" ]; then
        # Names are UTC times, so the greatest is the newest.
        name=$(s3 s3api list-objects-v2 --bucket "$BACKUP_BUCKET" --prefix "$BACKUP_PREFIX/" \\
            --query 'max_by(Contents[?ends_with(Key, \`.dump\`)] || \`[]\`, &Key).Key' --output text)
        [ "$name" != None ] && [ -n "$name" ] || { echo "no dump under s3://$BACKUP_BUCKET/$BACKUP_PREFIX/" >&2; exit 1; }
        name=\${name##*/}
    fi
    case "$name" in */* | "" | . | ..) echo "DUMP must be a file name, not $name" >&2; exit 2 ;; esac
    s3 s3 cp --only-show-errors "s3://$BACKUP_BUCKET/$BACKUP_PREFIX/$name" "$dir/restore.dump"
    echo "downloaded $name"
}

# Exits 3 where the database has tables, unless RESTORE_FORCE=1.
refuse_unless_empty() {
    local tables
    : "\${PGDATABASE:?must be set}"
    tables=$(psql --no-psqlrc --no-password --tuples-only --no-align --command \\
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
    if [ "$tables" != 0 ] && [ "\${RESTORE_FORCE:-}" != 1 ]; then
        echo "refusing to restore: database $PGDATABASE has $tables tables; set RESTORE_FORCE=1 to replace them" >&2
        exit 3
    fi
}

load() {
    local dir=$1
    [ -s "$dir/restore.dump" ] || { echo "no dump at $dir/restore.dump" >&2; exit 1; }
    refuse_unless_empty
    # COMMIT is sent only once pg_restore has written the whole dump: if it fails, psql reaches the end
    # of its input inside the transaction, and the server rolls it back when psql disconnects.
    {
        echo 'BEGIN;'
        echo 'DROP OWNED BY CURRENT_USER;'
        pg_restore --no-owner --no-privileges --file=- "$dir/restore.dump" && echo 'COMMIT;'
    } | psql --no-psqlrc --no-password --quiet --set ON_ERROR_STOP=1 --output=/dev/null
    echo "restored database $PGDATABASE"
}

case "\${1:-}" in
download) [ $# -ge 2 ] && [ $# -le 3 ] || usage; download "$2" "\${3:-}" ;;
load) [ $# -eq 2 ] || usage; load "$2" ;;
"" | -*) usage ;;
*) [ $# -le 2 ] || usage; refuse_unless_empty; download "$1" "\${2:-}"; load "$1" ;;
esac
`;
