#!/bin/bash
# Moves the selected stack's database from the in-cluster StatefulSet to Aurora,
# keeping the data. Run it from the project, with the stack selected, kubectl
# pointed at the cluster, and backups on:
#
#   bash tools/migrate-to-aurora.sh
#
#   1. a last dump of the in-cluster database to S3 (a Job of the db-backup CronJob);
#   2. the app stops (appReplicas 0), so nothing is written after the dump;
#   3. database aurora: `pulumi up` makes Aurora and runs its bootstrap Job; the
#      StatefulSet goes, unprotected first, but its volume stays (Retain);
#   4. that dump is restored into Aurora (a Job of the db-restore CronJob);
#   5. the app starts again, on Aurora.
set -euo pipefail
say() { printf '\n== %s\n' "$*"; }
wait_job() { kubectl -n "$ns" wait --for=condition=complete --timeout=30m "job/$1"; }

if [ "$(pulumi config get database 2>/dev/null || echo inCluster)" != inCluster ]; then
    echo "database is not inCluster: nothing to move" >&2
    exit 2
fi
if [ -z "$(pulumi stack output backupBucket 2>/dev/null || true)" ]; then
    echo "the move goes through the backups, which are off: pulumi config set backupEnabled true && pulumi up" >&2
    exit 2
fi
ns=$(pulumi stack output namespace)
stack=$(pulumi stack --show-name)
replicas=$(pulumi config get appReplicas 2>/dev/null || echo 1)
stamp=$(date +%s)

say "1/5 a last dump of the in-cluster database"
kubectl -n "$ns" create job "pre-aurora-$stamp" --from=cronjob/db-backup
wait_job "pre-aurora-$stamp"
dump=$(kubectl -n "$ns" logs "job/pre-aurora-$stamp" -c upload | sed -n 's#^uploaded s3://[^/]*/[^/]*/##p' | tail -n 1)
[ -n "$dump" ] || { echo "the backup Job named no dump" >&2; exit 1; }
echo "dump: $dump"

say "2/5 the app stops"
pulumi config set appReplicas 0
pulumi up --yes --skip-preview

say "3/5 Aurora; the in-cluster database goes, its volume stays"
# protectData protects these from deletion; the volume itself is kept by its Retain policies.
prefix="urn:pulumi:$stack::fastapi-eks::fastapi-eks:database:PostgresDb"
for child in \
    'kubernetes:apps/v1:StatefulSet::bookstore-db-statefulset' \
    'kubernetes:core/v1:Secret::bookstore-db-secret' \
    'random:index/randomPassword:RandomPassword::bookstore-db-app-password' \
    'random:index/randomPassword:RandomPassword::bookstore-db-superuser-password'; do
    pulumi state unprotect "$prefix\$$child" --yes
done
pulumi config set database aurora
pulumi up --yes --skip-preview

say "4/5 the dump goes into Aurora"
kubectl -n "$ns" create job "aurora-restore-$stamp" --from=cronjob/db-restore --dry-run=client -o yaml |
    kubectl set env --local -f - "RESTORE_DUMP=$dump" -o yaml |
    kubectl -n "$ns" create -f -
wait_job "aurora-restore-$stamp"

say "5/5 the app starts again"
pulumi config set appReplicas "$replicas"
pulumi up --yes --skip-preview

say "done"
echo "The in-cluster database's volume is kept: kubectl -n $ns get pvc postgres-data-fastapi-postgres-0"
echo "Delete it once you no longer need it: kubectl -n $ns delete pvc postgres-data-fastapi-postgres-0"
echo "(its EBS volume, reclaim policy Retain, then stays until you delete it in EC2)."
