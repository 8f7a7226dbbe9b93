/**
 * tools/migrate-to-aurora.sh, with stand-ins for kubectl and pulumi that log
 * each call: the order is what keeps the data (dump, stop, switch, restore
 * that dump, start). The data path itself runs on real servers in
 * auroraBootstrap.test.ts.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../program";
import { tempDir } from "../scratch";

const STAND_IN = `#!/bin/bash
echo "$(basename "$0") $*" >> "$CALLS"
case "$(basename "$0") $*" in
"pulumi config get database") [ -n "$DATABASE" ] && echo "$DATABASE" || exit 1 ;;
"pulumi config get appReplicas") echo 3 ;;
"pulumi stack output backupBucket") echo "$BUCKET" ;;
"pulumi stack output namespace") echo my-cool-app ;;
"pulumi stack --show-name") echo dev ;;
"kubectl -n my-cool-app logs "*) echo "dumped database bookstore to 20261125T031700Z.dump"; echo "uploaded s3://b/my-cool-app/20261125T031700Z.dump" ;;
*"--dry-run=client -o yaml") echo "kind: Job" ;;
"kubectl set env --local -f - "*) cat; echo "env: $5" ;;
"kubectl -n my-cool-app create -f -") cat >> "$CALLS" ;;
esac
`;

function migrate(env: Record<string, string>): { status: number | null; calls: string[]; stderr: string } {
    const dir = tempDir("migrate");
    try {
        for (const tool of ["pulumi", "kubectl"]) fs.writeFileSync(path.join(dir, tool), STAND_IN, { mode: 0o755 });
        const calls = path.join(dir, "calls");
        fs.writeFileSync(calls, "");
        const res = spawnSync("bash", [path.join(ROOT, "tools", "migrate-to-aurora.sh")], {
            encoding: "utf8",
            env: { PATH: `${dir}:${process.env.PATH}`, CALLS: calls, BUCKET: "bookstore-backup-bucket-0a1b2c3", DATABASE: "", ...env },
        });
        return { status: res.status, calls: fs.readFileSync(calls, "utf8").trim().split("\n"), stderr: res.stderr };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("tools/migrate-to-aurora.sh", () => {
    it("dumps, stops the app, lets the in-cluster database go and switches, restores that very dump, then starts the app", () => {
        const { status, calls, stderr } = migrate({});
        assert.equal(status, 0, stderr);
        const at = (pattern: RegExp) => {
            const i = calls.findIndex((c) => pattern.test(c));
            assert.ok(i >= 0, `called: ${pattern}`);
            return i;
        };
        const order = [
            at(/^kubectl -n my-cool-app create job pre-aurora-\d+ --from=cronjob\/db-backup$/),
            at(/^kubectl -n my-cool-app wait --for=condition=complete --timeout=30m job\/pre-aurora-\d+$/),
            at(/^pulumi config set appReplicas 0$/),
            at(/^pulumi state unprotect urn:pulumi:dev::fastapi-eks::fastapi-eks:database:PostgresDb\$kubernetes:apps\/v1:StatefulSet::bookstore-db-statefulset --yes$/),
            at(/^pulumi config set database aurora$/),
            at(/^kubectl set env --local -f - RESTORE_DUMP=20261125T031700Z\.dump -o yaml$/),
            at(/^kubectl -n my-cool-app wait --for=condition=complete --timeout=30m job\/aurora-restore-\d+$/),
            at(/^pulumi config set appReplicas 3$/),
        ];
        assert.deepEqual([...order].sort((a, b) => a - b), order, "in this order");
        assert.equal(calls.filter((c) => c.startsWith("pulumi state unprotect")).length, 4, "the StatefulSet, its Secret and both passwords");
        assert.equal(calls.filter((c) => c === "pulumi up --yes --skip-preview").length, 3, "stop, switch, start");
        assert.ok(!calls.some((c) => /delete/.test(c)), "the old volume is kept");
    });

    it("refuses a stack already on Aurora, or without backups, before touching anything", () => {
        for (const env of [{ DATABASE: "aurora" }, { BUCKET: "" }] as Record<string, string>[]) {
            const { status, calls } = migrate(env);
            assert.equal(status, 2);
            assert.ok(!calls.some((c) => / set | create | up /.test(` ${c} `)), calls.join("; "));
        }
    });
});
