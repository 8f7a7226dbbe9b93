/** The offline plan (npm run plan), run as a user would: a separate process, no cloud, no CLI. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { REDACTED, redact } from "../tools/plan";
import { k8sObjects, ofType, reveal } from "./harness";
import { ROOT, runProgram, stackConfig } from "./program";

function plan(args: string[]) {
    return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "tools/plan.ts"), ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, PULUMI_ACCESS_TOKEN: "", AWS_ACCESS_KEY_ID: "", AWS_PROFILE: "" },
    });
}

describe("offline plan", function () {
    this.timeout(60_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fastapi-eks-plan-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    describe("for the dev stack", () => {
        const out = path.join(tmp, "dev");
        let result: ReturnType<typeof plan>;
        before(async () => {
            result = plan(["dev", "--out", out]);
            await runProgram(stackConfig("dev"));
        });

        it("succeeds and prints the resource tree: type, name, parent by indentation, dependencies", () => {
            assert.equal(result.status, 0, result.stderr);
            assert.match(result.stdout, /^fastapi-eks:app:FastApiApp bookstore-app$/m);
            assert.match(result.stdout, /^ {2}kubernetes:networking\.k8s\.io\/v1:Ingress bookstore-app-ingress {2}<- Release platform-lb-controller-release, Namespace bookstore-namespace, Service bookstore-app-service$/m);
            assert.match(result.stdout, /^ {4}eks:index:ManagedNodeGroup platform-cluster-nodes {2}<- Cluster platform-cluster-eks/m);
        });

        it("writes every Kubernetes object as YAML that parses back to the object, secrets redacted", () => {
            const files = fs.readdirSync(out).sort();
            const objects = k8sObjects();
            assert.equal(files.length, objects.length);
            assert.ok(files.length >= 14);
            const parsed = files.map((f) => parse(fs.readFileSync(path.join(out, f), "utf8")));
            for (const r of objects) {
                const expected = redact(r.type, r.inputs);
                const found = parsed.find((o) => o.kind === expected.kind && o.metadata?.name === expected.metadata?.name);
                assert.deepEqual(found, expected, `${expected.kind} ${expected.metadata?.name}`);
            }
        });

        it("contains the workshop's objects", () => {
            for (const f of [
                "storageclass_ebs-sc.yaml",
                "service_my-cool-app_db.yaml",
                "statefulset_my-cool-app_fastapi-postgres.yaml",
                "deployment_my-cool-app_fastapi-deployment.yaml",
                "service_my-cool-app_fastapi-service.yaml",
                "ingress_my-cool-app_fastapi-ingress.yaml",
                "secret_my-cool-app_fastapi-secret.yaml",
            ]) {
                assert.ok(fs.existsSync(path.join(out, f)), f);
            }
        });

        it("leaks no secret value", () => {
            const secrets = ofType("random:index/randomPassword:RandomPassword").map((r) => r.name);
            assert.equal(secrets.length, 2);
            const dbSecret = reveal(k8sObjects().find((r) => r.name === "bookstore-db-secret")!.inputs).stringData;
            const all = fs.readdirSync(out).map((f) => fs.readFileSync(path.join(out, f), "utf8")).join("\n");
            for (const value of [dbSecret.POSTGRES_PASSWORD, dbSecret.WORKSHOP_POSTGRES_PASSWORD]) assert.ok(!all.includes(value));
            assert.ok(!all.includes("postgresql://"));
            const appSecret = parse(fs.readFileSync(path.join(out, "secret_my-cool-app_fastapi-secret.yaml"), "utf8"));
            assert.deepEqual(appSecret.stringData, { DOCKER_DATABASE_URL: REDACTED });
        });
    });

    it("redacts every value marked secret, in any object, and every value of a Secret", () => {
        const secret = (value: unknown) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });
        const cm = redact("kubernetes:core/v1:ConfigMap", { kind: "ConfigMap", data: { plain: "a", hidden: secret("s3cr3t") }, list: [secret(1)] });
        assert.deepEqual(cm, { kind: "ConfigMap", data: { plain: "a", hidden: REDACTED }, list: [REDACTED] });
        const s = redact("kubernetes:core/v1:Secret", { kind: "Secret", data: { A: "plain-but-secret" }, stringData: secret({ B: "x" }) });
        assert.deepEqual(s, { kind: "Secret", data: { A: REDACTED }, stringData: { B: REDACTED } });
    });

    it("exits non-zero with the config errors on bad config", () => {
        const stackFile = path.join(tmp, "Pulumi.broken.yaml");
        fs.writeFileSync(stackFile, "config:\n  fastapi-eks:appImage: repo/app:1.0\n  fastapi-eks:appReplicas: -1\n  fastapi-eks:albScheme: public\n");
        const result = plan(["broken", "--stack-file", stackFile, "--out", path.join(tmp, "broken")]);
        assert.equal(result.status, 1);
        assert.match(result.stderr, /Invalid stack configuration \(2 problems\)/);
        assert.match(result.stderr, /fastapi-eks:appReplicas: -1 is not a whole number from 0 to 50/);
        assert.ok(!fs.existsSync(path.join(tmp, "broken")), "nothing is written");
    });
});
