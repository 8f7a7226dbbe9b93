#!/bin/bash
# Moves the selected stack's database from the in-cluster StatefulSet to Aurora,
# keeping the data. See usage() below, or run it with --help.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bash tools/migrate-to-aurora.sh [--yes]

Moves the selected Pulumi stack's database from the in-cluster StatefulSet to
Aurora PostgreSQL, keeping the data. Run it from the project, with the stack
selected (pulumi stack select) and kubectl pointed at the cluster.

  1. the app stops (appReplicas 0), so nothing is written after the dump;
  2. a last dump of the in-cluster database to S3 (a Job of the db-backup CronJob);
  3. database aurora, and the in-cluster database's keys removed (dbStorageSize,
     dbStorageClass, createStorageClass, dbSuperuserPassword): `pulumi up` makes
     Aurora and runs its bootstrap Job; the StatefulSet goes (unprotected first),
     its volume stays (Retain);
  4. that dump is restored into Aurora (a Job of the db-restore CronJob);
  5. the app starts again with its replicas, on Aurora.

The app is down from step 1 to step 5. Every precondition is checked before
anything changes. If a step fails, fix the cause and run the script again: it
resumes at that step (its progress is in .migrate-to-aurora.<stack>).

  --yes     do not ask for confirmation (for automation)
  --help    this text
EOF
}

yes=""
for arg in "$@"; do
    case "$arg" in
    --help | -h) usage; exit 0 ;;
    --yes | -y) yes=1 ;;
    *) usage >&2; exit 2 ;;
    esac
done

say() { printf '\n== %s\n' "$*"; }
refuse() { echo "migrate-to-aurora: $*" >&2; exit 2; }
output() { pulumi stack output "$1" 2>/dev/null || true; }
# The in-cluster database's keys, which database: aurora refuses.
IN_CLUSTER_KEYS=(dbStorageSize dbStorageClass createStorageClass dbSuperuserPassword)

# ---- Preconditions: nothing below changes anything until the confirmation.
for tool in pulumi kubectl; do command -v "$tool" >/dev/null || refuse "$tool is not on PATH"; done
stack=$(pulumi stack --show-name 2>/dev/null) || refuse "no stack is selected: pulumi stack select <stack>"
state=".migrate-to-aurora.$stack"
# The progress file: the app's replicas before the move, the Jobs' names, the dump, the last step done.
get() { [ ! -f "$state" ] || sed -n "s/^$1=//p" "$state" | tail -n 1; }
put() { echo "$1=$2" >>"$state"; }
done_step=$(get done)
done_step=${done_step:-0}

ns=$(output namespace)
[ -n "$ns" ] || refuse "the stack has no namespace output: has it been deployed (pulumi up)?"
if [ "$done_step" = 0 ]; then
    database=$(pulumi config get database 2>/dev/null || echo inCluster)
    [ "$database" = inCluster ] || refuse "database is $database, not inCluster: nothing to move"
fi
if [ "$done_step" -lt 2 ]; then
    [ -n "$(output backupBucket)" ] || refuse "the move goes through the backups, which are off: pulumi config set backupEnabled true && pulumi up"
    kubectl -n "$ns" get statefulset fastapi-postgres >/dev/null || refuse "kubectl finds no StatefulSet fastapi-postgres in namespace $ns: is kubectl pointed at the stack's cluster?"
fi
if [ "$done_step" -lt 3 ]; then
    [ -n "$(output clusterName)" ] || refuse "Aurora needs the cluster's name, to find its network; this stack reaches its cluster by kubeconfig: pulumi config set clusterName <your cluster> && pulumi up"
fi
for cronjob in db-backup db-restore; do
    kubectl -n "$ns" get cronjob "$cronjob" >/dev/null || refuse "kubectl finds no CronJob $cronjob in namespace $ns"
done
[ "$(kubectl -n "$ns" auth can-i create jobs.batch)" = yes ] || refuse "kubectl may not create Jobs in namespace $ns"

replicas=$(get replicas)
[ -n "$replicas" ] || replicas=$(pulumi config get appReplicas 2>/dev/null || echo 1)

if [ "$done_step" -gt 0 ]; then
    echo "Resuming the move of stack $stack after step $done_step of 5 ($state)."
else
    echo "Stack $stack, namespace $ns: the app ($replicas replicas) stops, the in-cluster database"
    echo "is dumped to S3 and restored into a new Aurora cluster, and the app starts again on it."
    echo "The app is down meanwhile."
fi
if [ -z "$yes" ]; then
    [ -t 0 ] || refuse "no terminal to confirm on: run it with --yes"
    read -r -p "Type the stack's name ($stack) to go on: " answer
    [ "$answer" = "$stack" ] || refuse "not confirmed; nothing changed"
fi
trap 'echo "migrate-to-aurora: stopped during step $((done_step + 1)); fix the cause, then run it again to resume there." >&2' ERR
step_done() { done_step=$1; put done "$1"; }
wait_job() { kubectl -n "$ns" wait --for=condition=complete --timeout=30m "job/$1"; }
job_complete() { [ "$(kubectl -n "$ns" get job "$1" -o 'jsonpath={.status.succeeded}' 2>/dev/null || true)" = 1 ]; }

if [ "$done_step" -lt 1 ]; then
    say "1/5 the app stops"
    [ -n "$(get replicas)" ] || put replicas "$replicas"
    pulumi config set appReplicas 0
    pulumi up --yes
    # Until the last pod has gone, it may still write.
    app_pods="app.kubernetes.io/name=fastapi,app.kubernetes.io/component=web"
    if [ -n "$(kubectl -n "$ns" get pod -l "$app_pods" -o name)" ]; then
        kubectl -n "$ns" wait --for=delete pod -l "$app_pods" --timeout=5m
    fi
    step_done 1
fi

if [ "$done_step" -lt 2 ]; then
    say "2/5 a last dump of the in-cluster database"
    job=$(get dump_job)
    if [ -z "$job" ] || ! job_complete "$job"; then
        job="pre-aurora-$(date +%s)"
        put dump_job "$job"
        kubectl -n "$ns" create job "$job" --from=cronjob/db-backup
        wait_job "$job"
    fi
    dump=$(kubectl -n "$ns" logs "job/$job" -c upload | sed -n 's#^uploaded s3://[^/]*/[^/]*/##p' | tail -n 1)
    [ -n "$dump" ] || { echo "the backup Job $job named no dump" >&2; false; }
    put dump "$dump"
    echo "dump: $dump"
    step_done 2
fi

if [ "$done_step" -lt 3 ]; then
    say "3/5 Aurora; the in-cluster database goes, its volume stays"
    # protectData protects these from deletion; the volume itself is kept by its Retain policies.
    # (Once only: an up that failed half-way may have deleted some of them already.)
    if [ -z "$(get unprotected)" ]; then
        prefix="urn:pulumi:$stack::fastapi-eks::fastapi-eks:database:PostgresDb"
        for child in \
            'kubernetes:apps/v1:StatefulSet::bookstore-db-statefulset' \
            'kubernetes:core/v1:Secret::bookstore-db-secret' \
            'random:index/randomPassword:RandomPassword::bookstore-db-app-password' \
            'random:index/randomPassword:RandomPassword::bookstore-db-superuser-password'; do
            pulumi state unprotect "$prefix\$$child" --yes
        done
        put unprotected 1
    fi
    for key in "${IN_CLUSTER_KEYS[@]}"; do
        if pulumi config get "$key" >/dev/null 2>&1; then pulumi config rm "$key"; fi
    done
    pulumi config set database aurora
    pulumi up --yes
    step_done 3
fi

if [ "$done_step" -lt 4 ]; then
    say "4/5 the dump goes into Aurora"
    dump=$(get dump)
    job=$(get restore_job)
    if [ -z "$job" ] || ! job_complete "$job"; then
        job="aurora-restore-$(date +%s)"
        put restore_job "$job"
        kubectl -n "$ns" create job "$job" --from=cronjob/db-restore --dry-run=client -o yaml |
            kubectl set env --local -f - "RESTORE_DUMP=$dump" -o yaml |
            kubectl -n "$ns" create -f -
        wait_job "$job"
    fi
    step_done 4
fi

say "5/5 the app starts again"
pulumi config set appReplicas "$replicas"
pulumi up --yes
rm -f "$state"

say "done"
echo "The in-cluster database's volume is kept: kubectl -n $ns get pvc postgres-data-fastapi-postgres-0"
echo "Delete it once you no longer need it: kubectl -n $ns delete pvc postgres-data-fastapi-postgres-0"
echo "(its EBS volume, reclaim policy Retain, then stays until you delete it in EC2)."
