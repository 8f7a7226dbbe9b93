/** The offline plan (npm run plan), run as a user would: a separate process, no cloud, no CLI. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse, stringify } from "yaml";
import { PLAN_MARKER, REDACTED, USAGE, redact } from "../../tools/plan";
import { k8sObjects, ofType, reveal } from "../harness";
import { ROOT, TEST_PASSPHRASE, planHere, secure, stackSettings, testStackFile } from "../program";
import { tempDir } from "../scratch";

/**
 * Runs the plan as `npm run plan -- <args>` does, from the folder `from` (npm
 * runs scripts at the root and passes the caller's folder as INIT_CWD), in a
 * process of its own. The tests run compiled, so this is tools/plan.ts
 * compiled beside them.
 */
function plan(args: string[], from = ROOT) {
    const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_ACCESS_TOKEN: "", AWS_ACCESS_KEY_ID: "", AWS_PROFILE: "", INIT_CWD: from };
    delete env.PULUMI_CONFIG_PASSPHRASE;
    return spawnSync(process.execPath, [require.resolve("../../tools/plan"), ...args], { cwd: ROOT, encoding: "utf8", env });
}

/** Writes a stack file into `dir`. */
function writeStack(dir: string, name: string, file: object): string {
    const p = path.join(dir, `Pulumi.${name}.yaml`);
    fs.writeFileSync(p, stringify(file));
    return p;
}

describe("offline plan", function () {
    this.timeout(60_000);
    const tmp = tempDir("plan");
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    describe("for the dev stack", () => {
        const out = path.join(tmp, "dev");
        let result: Awaited<ReturnType<typeof planHere>>;
        before(async () => {
            // The registrations are then the plan's own run of the program.
            result = await planHere(["dev", "--out", out]);
        });

        it("succeeds and prints the resource tree: type, name, parent by indentation, dependencies", () => {
            assert.equal(result.status, 0, result.stderr);
            assert.match(result.stdout, /^fastapi-eks:app:FastApiApp bookstore-app$/m);
            assert.match(
                result.stdout,
                /^ {2}kubernetes:networking\.k8s\.io\/v1:Ingress bookstore-app-ingress {2}<- Release platform-lb-controller-release, Namespace bookstore-namespace, Service bookstore-app-service$/m,
            );
            assert.match(result.stdout, /^ {4}eks:index:ManagedNodeGroup platform-cluster-nodes {2}<- Cluster platform-cluster-eks/m);
        });

        it("writes every Kubernetes object as YAML that parses back to the object, secrets redacted", () => {
            const files = fs
                .readdirSync(out)
                .filter((f) => f !== PLAN_MARKER)
                .sort();
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
            const all = fs
                .readdirSync(out)
                .map((f) => fs.readFileSync(path.join(out, f), "utf8"))
                .join("\n");
            for (const value of [dbSecret.POSTGRES_PASSWORD, dbSecret.WORKSHOP_POSTGRES_PASSWORD]) assert.ok(!all.includes(value));
            assert.ok(!all.includes("postgresql://"));
            const appSecret = parse(fs.readFileSync(path.join(out, "secret_my-cool-app_fastapi-secret.yaml"), "utf8"));
            assert.deepEqual(appSecret.stringData, { DOCKER_DATABASE_URL: REDACTED, PGPASSWORD: REDACTED });
        });
    });

    it("redacts every value marked secret, in any object, and every value of a Secret", () => {
        const secret = (value: unknown) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });
        const cm = redact("kubernetes:core/v1:ConfigMap", {
            kind: "ConfigMap",
            data: { plain: "a", hidden: secret("s3cr3t") },
            list: [secret(1)],
        });
        assert.deepEqual(cm, { kind: "ConfigMap", data: { plain: "a", hidden: REDACTED }, list: [REDACTED] });
        const s = redact("kubernetes:core/v1:Secret", { kind: "Secret", data: { A: "plain-but-secret" }, stringData: secret({ B: "x" }) });
        assert.deepEqual(s, { kind: "Secret", data: { A: REDACTED }, stringData: { B: REDACTED } });
    });

    it("exits non-zero with the config errors on bad config", async () => {
        const stackFile = path.join(tmp, "Pulumi.broken.yaml");
        fs.writeFileSync(
            stackFile,
            "config:\n  fastapi-eks:appImage: repo/app:1.0\n  fastapi-eks:appReplicas: -1\n  fastapi-eks:albScheme: public\n",
        );
        const result = await planHere(["broken", "--stack-file", stackFile, "--out", path.join(tmp, "broken")]);
        assert.equal(result.status, 1);
        assert.match(result.stderr, /Invalid stack configuration \(2 problems\)/);
        assert.match(result.stderr, /fastapi-eks:appReplicas: -1 is not a whole number from 0 to 50/);
        assert.ok(!fs.existsSync(path.join(tmp, "broken")), "nothing is written");
    });

    it("a stack file that is not YAML: exits non-zero naming the file and the line, with no stack trace", async () => {
        const stackFile = path.join(tmp, "Pulumi.typo.yaml");
        fs.writeFileSync(stackFile, "config:\n  fastapi-eks:appImage: repo/app:1.0\n   fastapi-eks:appReplicas: 2\n");
        const result = await planHere(["typo", "--stack-file", stackFile, "--out", path.join(tmp, "typo")]);
        assert.equal(result.status, 1);
        assert.match(result.stderr, new RegExp(`could not read ${stackFile.replace(/[.]/g, "\\.")}: .* at line \\d+, column \\d+`));
        assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    });

    it("stops where the CLI stops, with the CLI's message", async () => {
        const stackFile = writeStack(tmp, "untyped", {
            config: { "fastapi-eks:appImage": "repo/app:1.0", "fastapi-eks:appReplicas": "two" },
        });
        const result = await planHere(["untyped", "--stack-file", stackFile, "--out", path.join(tmp, "untyped")]);
        assert.equal(result.status, 1);
        assert.equal(
            result.stderr.trim(),
            "validating stack config: Stack 'untyped' with configuration key 'appReplicas' must be of type 'integer'",
        );
    });

    it("never empties a folder it did not write: a non-empty --out without an earlier plan is refused, untouched", async () => {
        const mine = fs.mkdtempSync(path.join(tmp, "mine-"));
        fs.writeFileSync(path.join(mine, "notes.txt"), "keep me");
        const result = await planHere(["dev", "--out", mine]);
        assert.equal(result.status, 2);
        assert.match(result.stderr, /is not empty and holds no earlier plan/);
        assert.deepEqual(fs.readdirSync(mine), ["notes.txt"]);
        // `--out .` from a folder that is a project of its own (a copy, never the repository itself) is refused the same way.
        const project = fs.mkdtempSync(path.join(tmp, "project-"));
        fs.mkdirSync(path.join(project, ".git"));
        fs.writeFileSync(path.join(project, "package.json"), "{}");
        assert.equal((await planHere(["dev", "--out", "."], project)).status, 2);
        assert.deepEqual(fs.readdirSync(project).sort(), [".git", "package.json"]);
    });

    it("replaces an earlier plan in the same folder", async () => {
        const out = path.join(tmp, "again");
        assert.equal((await planHere(["dev", "--out", out])).status, 0);
        fs.writeFileSync(path.join(out, "stale.yaml"), "kind: Stale\n");
        assert.equal((await planHere(["dev", "--out", out])).status, 0);
        assert.ok(fs.existsSync(path.join(out, PLAN_MARKER)));
        assert.ok(!fs.existsSync(path.join(out, "stale.yaml")));
    });

    it("resolves a relative --out and --stack-file against the folder it was run from", async () => {
        const from = fs.mkdtempSync(path.join(tmp, "cwd-"));
        writeStack(from, "mine", { config: stackSettings("dev") });
        const result = await planHere(["mine", "--stack-file", "Pulumi.mine.yaml", "--out", "out"], from);
        assert.equal(result.status, 0, result.stderr);
        assert.ok(fs.existsSync(path.join(from, "out", PLAN_MARKER)));
    });

    it("as its own process, as npm runs it, exits with the status it reports", () => {
        const result = plan(["dev", "--outdir", "x"]);
        assert.equal(result.status, 2);
        assert.ok(result.stderr.includes(USAGE));
    });

    it("refuses unknown options and extra arguments with the usage line", async () => {
        for (const args of [["dev", "--outdir", "x"], ["dev", "extra"], ["dev", "--out"], ["--out", "x"], []]) {
            const result = await planHere(args);
            assert.equal(result.status, 2, args.join(" "));
            assert.ok(result.stderr.includes(USAGE), args.join(" "));
        }
    });

    it("answers neutrally, with none of the tests' cases: a stack taken as new, an existing cluster without add-ons, any image found", async () => {
        // The tests' own answers (tests/mocks.ts) would refuse this image, skip the agent, and read earlier outputs.
        const stackFile = writeStack(tmp, "neutral", {
            config: {
                "aws:region": "us-east-1",
                "fastapi-eks:clusterName": "shop-with-addons",
                "fastapi-eks:appImage": "012345678901.dkr.ecr.us-east-1.amazonaws.com/shop:missing",
            },
        });
        const result = await planHere(["neutral", "--stack-file", stackFile, "--out", path.join(tmp, "neutral")]);
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /aws:eks\/addon:Addon platform-pod-identity-agent/);
    });

    it("lists only the outputs the stack has: no clusterName or kubeconfig when reached by the ambient kubeconfig", async () => {
        const stackFile = writeStack(tmp, "ambient", { config: { ...stackSettings("dev"), "fastapi-eks:createCluster": false } });
        const result = await planHere(["ambient", "--stack-file", stackFile, "--out", path.join(tmp, "ambient")]);
        assert.equal(result.status, 0, result.stderr);
        assert.match(
            result.stdout,
            /^Stack outputs: albHostname, url, namespace, appImageRef, imageRepositoryUrl, alarmTopicArn, lastApplied$/m,
        );
    });

    it("decrypts a passphrase stack's secrets with PULUMI_CONFIG_PASSPHRASE, and keeps them out of its files", async () => {
        const password = "correct-horse-battery";
        const stackFile = writeStack(tmp, "secret", testStackFile({ ...stackSettings("dev"), "fastapi-eks:dbPassword": secure(password) }));
        const out = path.join(tmp, "secret");
        const result = await planHere(["secret", "--stack-file", stackFile, "--out", out], ROOT, {
            PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
        });
        assert.equal(result.status, 0, result.stderr);
        assert.ok(!result.stdout.includes("placeholders"));
        const all = fs
            .readdirSync(out)
            .map((f) => fs.readFileSync(path.join(out, f), "utf8"))
            .join("\n");
        assert.ok(!all.includes(password) && !result.stdout.includes(password));
        const wrong = await planHere(["secret", "--stack-file", stackFile, "--out", out], ROOT, { PULUMI_CONFIG_PASSPHRASE: "wrong" });
        assert.notEqual(wrong.status, 0);
        assert.match(wrong.stderr, /incorrect passphrase/);
        const without = await planHere(["secret", "--stack-file", stackFile, "--out", out]);
        assert.equal(without.status, 0, without.stderr);
        assert.match(without.stdout, /placeholders stood in/);
    });
});
