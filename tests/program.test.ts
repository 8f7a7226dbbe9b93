/** The whole program (index.ts) under mocks, with the dev stack's config read from Pulumi.dev.yaml. */
import * as assert from "node:assert/strict";
import { MOCK_ALB_HOSTNAME, isSecretValue, k8sObjects, one, ofType, registrations, resolve, reveal } from "./harness";
import { ProgramOutputs, runProgram, secure, stackSettings } from "./program";
import { ConfigError } from "../config";

const NS = "kubernetes:core/v1:Namespace";

describe("program (dev stack)", () => {
    let outputs: ProgramOutputs;
    before(async () => {
        outputs = await runProgram(stackSettings("dev"));
    });

    it("exports albHostname, url, namespace, clusterName, kubeconfig, the image it deploys and its repository, the backups' bucket and restore command, the alarms' topic, and what a later up compares against", async () => {
        assert.deepEqual(Object.keys(outputs).sort(), [
            "alarmTopicArn",
            "albHostname",
            "appImageRef",
            "backupBucket",
            "clusterName",
            "imageRepositoryUrl",
            "kubeconfig",
            "lastApplied",
            "namespace",
            "restoreCommand",
            "url",
        ]);
        assert.equal((await resolve(outputs.clusterName)).value, "fastapi-eks-test");
        const kubeconfig = await resolve(outputs.kubeconfig);
        assert.equal(kubeconfig.secret, true);
        assert.equal(JSON.parse(kubeconfig.value as string).kind, "Config");
        assert.equal((await resolve(outputs.albHostname)).value, MOCK_ALB_HOSTNAME);
        assert.equal((await resolve(outputs.url)).value, `http://${MOCK_ALB_HOSTNAME}/`);
        assert.equal((await resolve(outputs.namespace)).value, "my-cool-app");
    });

    it("creates the namespace, then the database and the app in it, all through one explicit provider", () => {
        const ns = one(NS, "bookstore-namespace");
        assert.equal(reveal(ns.inputs).metadata.name, "my-cool-app");
        const provider = one("pulumi:providers:kubernetes", "platform-k8s");
        one("fastapi-eks:database:PostgresDb", "bookstore-db");
        one("fastapi-eks:app:FastApiApp", "bookstore-app");
        const objects = registrations().filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(
            objects.some((r) => r.type === "kubernetes:apps/v1:Deployment") &&
                objects.some((r) => r.type === "kubernetes:apps/v1:StatefulSet"),
        );
        for (const r of objects) {
            assert.ok(r.provider.startsWith(provider.urn), `${r.name} uses the explicit provider`);
            const obj = reveal(r.inputs);
            if (obj.kind !== "StorageClass" && obj.kind !== "Namespace" && r.type !== "kubernetes:helm.sh/v3:Release") {
                assert.equal(obj.metadata.namespace, "my-cool-app", `${r.name} is in the namespace`);
                assert.ok(r.dependencies.includes(ns.urn), `${r.name} waits for the namespace`);
            }
        }
    });

    it("with the dev defaults, the Kubernetes names are the workshop's", () => {
        const names = k8sObjects()
            .map((r) => `${r.inputs.kind}/${reveal(r.inputs).metadata.name}`)
            .sort();
        assert.deepEqual(names, [
            "ConfigMap/db-backup-scripts",
            "ConfigMap/db-init-script",
            "CronJob/db-backup",
            "CronJob/db-restore",
            "Deployment/fastapi-deployment",
            "Ingress/fastapi-ingress",
            "Namespace/my-cool-app",
            "NetworkPolicy/allow-dns",
            "NetworkPolicy/db-backup",
            "NetworkPolicy/db-backup-to-database",
            "NetworkPolicy/default-deny",
            "NetworkPolicy/fastapi-deployment",
            "NetworkPolicy/fastapi-postgres",
            "Secret/fastapi-postgres-secret",
            "Secret/fastapi-secret",
            "Service/db",
            "Service/fastapi-service",
            "ServiceAccount/db-backup",
            "ServiceAccount/db-restore",
            "StatefulSet/fastapi-postgres",
            "StorageClass/ebs-sc",
        ]);
    });

    it("hands the app its database URL without the password, which it prints, and the password apart as PGPASSWORD, both secret", () => {
        const appSecret = one("kubernetes:core/v1:Secret", "bookstore-app-secret");
        assert.ok(isSecretValue(appSecret.inputs.stringData));
        const data = reveal(appSecret.inputs).stringData;
        assert.equal(data.DOCKER_DATABASE_URL, "postgresql://bookdbadmin@db.my-cool-app.svc.cluster.local:5432/bookstore");
        assert.equal(
            data.PGPASSWORD,
            reveal(one("kubernetes:core/v1:Secret", "bookstore-db-secret").inputs).stringData.WORKSHOP_POSTGRES_PASSWORD,
        );
    });

    it("starts the app only once the database answers: an init container runs pg_isready from the database's image against its Service", () => {
        const pod = reveal(one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment").inputs).spec.template.spec;
        const sts = reveal(one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset").inputs).spec.template.spec;
        const [wait] = pod.initContainers;
        assert.equal(wait.image, sts.containers[0].image);
        assert.deepEqual(wait.env, [
            { name: "DB_HOST", value: "db.my-cool-app.svc.cluster.local" },
            { name: "DB_PORT", value: "5432" },
        ]);
        assert.match(wait.command.join(" "), /pg_isready/);
    });

    it("no plaintext password anywhere outside the Secrets' secret values", () => {
        const generated = ofType("random:index/randomPassword:RandomPassword");
        assert.equal(generated.length, 2);
        const dbSecret = reveal(one("kubernetes:core/v1:Secret", "bookstore-db-secret").inputs).stringData;
        const passwords = [dbSecret.POSTGRES_PASSWORD, dbSecret.WORKSHOP_POSTGRES_PASSWORD];
        for (const r of registrations()) {
            const plain = JSON.stringify(r.inputs, (_k, v) => (isSecretValue(v) ? "[secret]" : v));
            for (const pw of passwords) assert.ok(!plain.includes(pw), `${r.name} carries a password outside a secret`);
        }
    });
});

describe("program (other configs)", () => {
    /** The dev stack, pointed at an existing cluster through the ambient kubeconfig. */
    const base = { ...stackSettings("dev"), "fastapi-eks:createCluster": "false" };

    it("uses an existing namespace when createNamespace is false", async () => {
        const outputs = await runProgram({ ...base, "fastapi-eks:createNamespace": "false", "fastapi-eks:namespace": "shop" });
        assert.equal(ofType(NS).length, 0);
        assert.ok(ofType("kubernetes:apps/v1:Deployment").length === 1);
        assert.equal(reveal(one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment").inputs).metadata.namespace, "shop");
        assert.equal((await resolve(outputs.namespace)).value, "shop");
    });

    it("builds the provider from the kubeconfig secret, or the ambient kubeconfig and kubeContext", async () => {
        await runProgram({ ...base, "fastapi-eks:kubeconfig": secure("apiVersion: v1\nkind: Config\n") });
        const withKubeconfig = one("pulumi:providers:kubernetes", "platform-k8s").inputs;
        assert.ok(isSecretValue(withKubeconfig.kubeconfig), "kubeconfig reaches the provider as a secret");
        await runProgram({ ...base, "fastapi-eks:kubeContext": "arn:aws:eks:us-east-1:012345678901:cluster/demo" });
        const ambient = one("pulumi:providers:kubernetes", "platform-k8s").inputs;
        assert.equal(ambient.kubeconfig, undefined);
        assert.equal(ambient.context, "arn:aws:eks:us-east-1:012345678901:cluster/demo");
    });

    it("passes config through to the components", async () => {
        await runProgram({
            ...base,
            "fastapi-eks:appReplicas": "3",
            "fastapi-eks:dbStorageSize": "8Gi",
            "fastapi-eks:albScheme": "internal",
        });
        assert.equal(reveal(one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment").inputs).spec.replicas, 3);
        const sts = reveal(one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset").inputs);
        assert.equal(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage, "8Gi");
        const ing = reveal(one("kubernetes:networking.k8s.io/v1:Ingress", "bookstore-app-ingress").inputs);
        assert.equal(ing.metadata.annotations["alb.ingress.kubernetes.io/scheme"], "internal");
    });

    it("rotating the password on a protected stack keeps every protected resource: the generated passwords stay, the Secrets take the new one", async () => {
        const protectedStack = { ...base, "fastapi-eks:protectData": true };
        await runProgram(protectedStack);
        const before = registrations()
            .filter((r) => r.protect)
            .map((r) => r.urn)
            .sort();
        assert.ok(
            before.some((u) => u.endsWith("::bookstore-db-app-password")),
            "the generated password is protected",
        );
        // Step 2 of docs/operations.md: pulumi config set --secret dbPassword <new>, then pulumi up.
        await runProgram({ ...protectedStack, "fastapi-eks:dbPassword": secure("the-new-password-42") });
        const after = registrations()
            .filter((r) => r.protect)
            .map((r) => r.urn)
            .sort();
        assert.deepEqual(after, before, "no protected resource leaves the program, so pulumi up need not delete one");
        assert.equal(
            reveal(one("kubernetes:core/v1:Secret", "bookstore-db-secret").inputs).stringData.WORKSHOP_POSTGRES_PASSWORD,
            "the-new-password-42",
        );
        assert.equal(reveal(one("kubernetes:core/v1:Secret", "bookstore-app-secret").inputs).stringData.PGPASSWORD, "the-new-password-42");
    });

    it("on bad config, fails with every problem and registers nothing", async () => {
        let error: unknown;
        try {
            await runProgram({ ...base, "fastapi-eks:appReplicas": "-2", "fastapi-eks:dbStorageSize": "1 GB" });
        } catch (e) {
            error = e;
        }
        assert.ok(error instanceof ConfigError, "a ConfigError is thrown");
        assert.equal(error.problems.length, 2);
        assert.equal(registrations().length, 0);
    });
});
