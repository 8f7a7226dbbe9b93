/**
 * tools/migrate-to-aurora.sh, with stand-ins for kubectl and pulumi that log
 * each call and keep the stack's config in files, as the CLI keeps it in the
 * stack file. The order is what keeps the data (stop, dump, switch, restore
 * that dump, start); the data path itself runs on real servers in
 * auroraBootstrap.test.ts and backupRestore.test.ts.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../program";
import { tempDir } from "../scratch";

// $CONFIG/<key> holds a config value; FAIL_ON names a call ("pulumi up") whose Nth time (FAIL_AT) fails.
const STAND_IN = `#!/bin/bash
call="$(basename "$0") $*"
echo "$call" >> "$CALLS"
if [ -n "\${FAIL_ON:-}" ] && [ "$call" = "$FAIL_ON" ]; then
    n=$(grep -cxF "$FAIL_ON" "$CALLS")
    [ "$n" != "\${FAIL_AT:-1}" ] || { echo "failed: $call" >&2; exit 1; }
fi
case "$call" in
"pulumi config get "*) [ -f "$CONFIG/$3" ] && cat "$CONFIG/$3" || exit 1 ;;
"pulumi config set "*) printf '%s' "$4" > "$CONFIG/$3" ;;
"pulumi config rm "*) rm "$CONFIG/$3" ;;
"pulumi stack output backupBucket") echo "$BUCKET" ;;
"pulumi stack output clusterName") echo "$CLUSTER" ;;
"pulumi stack output namespace") echo my-cool-app ;;
"pulumi stack --show-name") echo dev ;;
"kubectl -n my-cool-app get statefulset fastapi-postgres") [ -n "$STATEFULSET" ] || exit 1 ;;
"kubectl -n my-cool-app auth can-i create jobs.batch") echo yes ;;
"kubectl -n my-cool-app get pod -l "*) echo pod/fastapi-deployment-5d9c7b6f4-abcde ;;
"kubectl -n my-cool-app get job "*) [ "$JOBS_SUCCEED" = 1 ] && echo 1 ;;
"kubectl -n my-cool-app logs "*) echo "dumped database bookstore to 20261125T031700.000Z-x.dump"; echo "uploaded s3://b/my-cool-app/20261125T031700.000Z-x.dump" ;;
*"--dry-run=client -o yaml") echo "kind: Job" ;;
"kubectl set env --local -f - "*) cat; echo "env: $5" ;;
"kubectl -n my-cool-app create -f -") cat >> "$CALLS" ;;
esac
`;

interface Run {
    status: number | null;
    calls: string[];
    stdout: string;
    stderr: string;
    config: Record<string, string>;
}

/** A project folder with the stand-ins and a stack config; each `migrate` runs the script there again. */
function project(config: Record<string, string>) {
    const dir = tempDir("migrate");
    const bin = path.join(dir, "bin");
    const conf = path.join(dir, "config");
    fs.mkdirSync(bin);
    fs.mkdirSync(conf);
    for (const tool of ["pulumi", "kubectl"]) fs.writeFileSync(path.join(bin, tool), STAND_IN, { mode: 0o755 });
    for (const [k, v] of Object.entries(config)) fs.writeFileSync(path.join(conf, k), v);
    const calls = path.join(dir, "calls");
    return {
        dir,
        migrate(args: string[], env: Record<string, string> = {}): Run {
            fs.writeFileSync(calls, "");
            const res = spawnSync("bash", [path.join(ROOT, "tools", "migrate-to-aurora.sh"), ...args], {
                cwd: dir,
                encoding: "utf8",
                input: "",
                env: {
                    PATH: `${bin}:${process.env.PATH}`,
                    CALLS: calls,
                    CONFIG: conf,
                    BUCKET: "bookstore-backup-bucket-0a1b2c3",
                    CLUSTER: "fastapi-eks-dev",
                    STATEFULSET: "1",
                    JOBS_SUCCEED: "",
                    ...env,
                },
            });
            const values = Object.fromEntries(fs.readdirSync(conf).map((k) => [k, fs.readFileSync(path.join(conf, k), "utf8")]));
            return {
                status: res.status,
                calls: fs.readFileSync(calls, "utf8").trim().split("\n"),
                stdout: res.stdout,
                stderr: res.stderr,
                config: values,
            };
        },
        cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
}

/** A call that changes something: the stack's config or resources, or the cluster. */
const changes = (calls: string[]) => calls.filter((c) => / config (set|rm) | up | state |-n \S+ create /.test(` ${c} `));

function indexOf(calls: string[], pattern: RegExp): number {
    const i = calls.findIndex((c) => pattern.test(c));
    assert.ok(i >= 0, `called: ${pattern}\n${calls.join("\n")}`);
    return i;
}

describe("tools/migrate-to-aurora.sh", () => {
    const inCluster = { appReplicas: "3", dbStorageSize: "20Gi", dbSuperuserPassword: "s3cret" };

    it("--help prints the steps and changes nothing", () => {
        const p = project(inCluster);
        try {
            const r = p.migrate(["--help"]);
            assert.equal(r.status, 0);
            assert.match(r.stdout, /usage: bash tools\/migrate-to-aurora\.sh \[--yes\]/);
            assert.match(r.stdout, /1\. the app stops/);
            assert.deepEqual(r.calls, [""]);
        } finally {
            p.cleanup();
        }
    });

    it("asks for the stack's name, and without a terminal or --yes changes nothing", () => {
        const p = project(inCluster);
        try {
            const r = p.migrate([]);
            assert.equal(r.status, 2);
            assert.match(r.stderr, /no terminal to confirm on: run it with --yes/);
            assert.deepEqual(changes(r.calls), []);
        } finally {
            p.cleanup();
        }
    });

    it("stops the app, then dumps, removes the in-cluster keys and switches, restores that very dump, then starts the app", () => {
        const p = project(inCluster);
        try {
            const { status, calls, stderr, config } = p.migrate(["--yes"]);
            assert.equal(status, 0, stderr);
            const order = [
                indexOf(calls, /^pulumi config set appReplicas 0$/),
                indexOf(
                    calls,
                    /^kubectl -n my-cool-app wait --for=delete pod -l app\.kubernetes\.io\/name=fastapi,app\.kubernetes\.io\/component=web --timeout=5m$/,
                ),
                indexOf(calls, /^kubectl -n my-cool-app create job pre-aurora-\d+ --from=cronjob\/db-backup$/),
                indexOf(calls, /^kubectl -n my-cool-app wait --for=condition=complete --timeout=30m job\/pre-aurora-\d+$/),
                indexOf(
                    calls,
                    /^pulumi state unprotect urn:pulumi:dev::fastapi-eks::fastapi-eks:database:PostgresDb\$kubernetes:apps\/v1:StatefulSet::bookstore-db-statefulset --yes$/,
                ),
                indexOf(calls, /^pulumi config rm dbStorageSize$/),
                indexOf(calls, /^pulumi config set database aurora$/),
                indexOf(calls, /^kubectl set env --local -f - RESTORE_DUMP=20261125T031700\.000Z-x\.dump -o yaml$/),
                indexOf(calls, /^kubectl -n my-cool-app wait --for=condition=complete --timeout=30m job\/aurora-restore-\d+$/),
                indexOf(calls, /^pulumi config set appReplicas 3$/),
            ];
            assert.deepEqual(
                [...order].sort((a, b) => a - b),
                order,
                "in this order",
            );
            assert.ok(calls.indexOf("pulumi up --yes") < order[2], "the app is stopped by an up before the dump");
            assert.equal(
                calls.filter((c) => c.startsWith("pulumi state unprotect")).length,
                4,
                "the StatefulSet, its Secret and both passwords",
            );
            assert.equal(calls.filter((c) => c === "pulumi up --yes").length, 3, "stop, switch, start");
            assert.ok(
                !calls.some((c) => /^kubectl( -n \S+)? delete |--skip-preview/.test(c)),
                "the old volume is kept, and every up is previewed",
            );
            // What database: aurora refuses is gone; the replicas are back.
            assert.deepEqual(config, { appReplicas: "3", database: "aurora" });
            assert.ok(!fs.existsSync(path.join(p.dir, ".migrate-to-aurora.dev")), "the progress file goes when done");
        } finally {
            p.cleanup();
        }
    });

    it("refuses, before changing anything, a stack on Aurora already, without backups, reached by kubeconfig, or whose cluster kubectl does not reach", () => {
        for (const [env, config, message] of [
            [{}, { ...inCluster, database: "aurora" }, /database is aurora, not inCluster: nothing to move/],
            [{ BUCKET: "" }, inCluster, /the backups, which are off: pulumi config set backupEnabled true/],
            [{ CLUSTER: "" }, inCluster, /Aurora needs the cluster's name.*pulumi config set clusterName/],
            [{ STATEFULSET: "" }, inCluster, /no StatefulSet fastapi-postgres in namespace my-cool-app/],
        ] as [Record<string, string>, Record<string, string>, RegExp][]) {
            const p = project(config);
            try {
                const r = p.migrate(["--yes"], env);
                assert.equal(r.status, 2, r.stderr);
                assert.match(r.stderr, message);
                assert.deepEqual(changes(r.calls), []);
            } finally {
                p.cleanup();
            }
        }
    });

    it("stopped half-way (the switch's up failed), a second run resumes at that step: the app is not stopped or dumped twice, and comes back with its replicas", () => {
        const p = project(inCluster);
        try {
            // The second `pulumi up` (the switch) fails.
            const first = p.migrate(["--yes"], { FAIL_ON: "pulumi up --yes", FAIL_AT: "2" });
            assert.notEqual(first.status, 0);
            assert.match(first.stderr, /stopped during step 3; fix the cause, then run it again to resume there/);
            assert.equal(first.config.appReplicas, "0", "the app stays stopped: the dump is the data's last state");

            // The dump Job from the first run has completed.
            const second = p.migrate(["--yes"], { JOBS_SUCCEED: "1" });
            assert.equal(second.status, 0, second.stderr);
            assert.match(second.stdout, /Resuming the move of stack dev after step 2 of 5/);
            assert.ok(
                !second.calls.some((c) => /create job pre-aurora|config set appReplicas 0|state unprotect/.test(c)),
                second.calls.join("\n"),
            );
            indexOf(second.calls, /^kubectl set env --local -f - RESTORE_DUMP=20261125T031700\.000Z-x\.dump -o yaml$/);
            assert.deepEqual(second.config, { appReplicas: "3", database: "aurora" });
        } finally {
            p.cleanup();
        }
    });
});
