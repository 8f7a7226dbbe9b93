/** The backups under mocks: the bucket, the jobs, their AWS access and their network, as the program wires them. */
import * as assert from "node:assert/strict";
import { BACKUP_METRICS_NAMESPACE, PolicyDocument, backupPolicy, restorePolicy } from "../../components";
import { EXAMPLE_IMAGE } from "../../config";
import { invocations } from "../../tools/offline/mockRuntime";
import { MOCK_OIDC_PROVIDER_ARN, Registration, one, ofType, registrations, reveal } from "../harness";
import { runProgram, stackSettings } from "../program";

const T = {
    backup: "fastapi-eks:backup:DbBackup",
    bucket: "aws:s3/bucket:Bucket",
    cronJob: "kubernetes:batch/v1:CronJob",
    netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    policy: "aws:iam/policy:Policy",
    role: "aws:iam/role:Role",
    association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
};
const dev = stackSettings("dev");
const BUCKET_ARN = "arn:aws:s3:::bookstore-backup-bucket-0a1b2c3";
const byName = (type: string, name: string) => ofType(type).find((r) => reveal(r.inputs).metadata?.name === name) as Registration;
const podOf = (cronJob: string) => reveal(byName(T.cronJob, cronJob).inputs).spec.jobTemplate.spec.template.spec;

/** IAM's answer for one request, for the statements these documents use: Allow/Deny, `*` in resources, StringLike and StringEquals. */
function allows(doc: PolicyDocument, action: string, resource: string, context: Record<string, string> = {}): boolean {
    const glob = (pattern: string, value: string) =>
        new RegExp(
            `^${pattern
                .split("*")
                .map((p) => p.replace(/[.?+^$()[\]{}|\\/]/g, "\\$&"))
                .join(".*")}$`,
        ).test(value);
    const list = (x: string | string[] | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
    const applies = doc.Statement.filter(
        (s) =>
            list(s.Action).some((a) => glob(a, action)) &&
            list(s.Resource).some((r) => glob(r, resource)) &&
            Object.entries(s.Condition?.StringLike ?? {}).every(
                ([k, v]) => context[k] !== undefined && list(v).some((p) => glob(p, context[k])),
            ) &&
            Object.entries(s.Condition?.StringEquals ?? {}).every(([k, v]) => context[k] !== undefined && list(v).includes(context[k])),
    );
    return applies.some((s) => s.Effect === "Allow") && !applies.some((s) => s.Effect === "Deny");
}

describe("database backups (under mocks)", () => {
    describe("least privilege", () => {
        const mine = `${BUCKET_ARN}/my-cool-app/20261125T031700Z.dump`;
        const theirs = `${BUCKET_ARN}/other-app/20261125T031700Z.dump`;

        it("the backup job may only write its namespace's dumps", () => {
            const doc = backupPolicy(BUCKET_ARN, "my-cool-app");
            assert.ok(allows(doc, "s3:PutObject", mine));
            for (const action of [
                "s3:GetObject",
                "s3:DeleteObject",
                "s3:DeleteObjectVersion",
                "s3:PutBucketPolicy",
                "s3:PutLifecycleConfiguration",
            ]) {
                assert.ok(!allows(doc, action, mine), action);
            }
            assert.ok(!allows(doc, "s3:PutObject", theirs), "not another namespace's prefix");
            assert.ok(!allows(doc, "s3:ListBucket", BUCKET_ARN, { "s3:prefix": "my-cool-app/" }));
            assert.ok(
                !allows(doc, "cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": BACKUP_METRICS_NAMESPACE }),
                "no metrics unless asked",
            );
            const publishing = backupPolicy(BUCKET_ARN, "my-cool-app", BACKUP_METRICS_NAMESPACE);
            assert.ok(allows(publishing, "cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": BACKUP_METRICS_NAMESPACE }));
            assert.ok(!allows(publishing, "cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "AWS/EC2" }), "not another namespace");
        });

        it("the restore job may only list and read its namespace's dumps", () => {
            const doc = restorePolicy(BUCKET_ARN, "my-cool-app");
            assert.ok(allows(doc, "s3:GetObject", mine));
            assert.ok(allows(doc, "s3:ListBucket", BUCKET_ARN, { "s3:prefix": "my-cool-app/" }));
            assert.ok(!allows(doc, "s3:ListBucket", BUCKET_ARN, { "s3:prefix": "other-app/" }), "not another prefix");
            assert.ok(!allows(doc, "s3:ListBucket", BUCKET_ARN), "not the whole bucket");
            assert.ok(!allows(doc, "s3:GetObject", theirs));
            for (const action of ["s3:PutObject", "s3:DeleteObject"]) assert.ok(!allows(doc, action, mine), action);
        });
    });

    describe("the dev stack (a created cluster, Pod Identity)", () => {
        before(async () => {
            await runProgram({ ...dev, "fastapi-eks:backupRetentionDays": "30", "fastapi-eks:backupSchedule": "0 2 * * *" });
        });

        it("creates a bucket that is versioned, encrypted, closed to the public, TLS-only, and expires dumps after backupRetentionDays", () => {
            const bucket = one(T.bucket, "bookstore-backup-bucket");
            // Unprotected, destroy empties the versioned bucket first (every version and delete marker:
            // terraform-provider-aws internal/service/s3/delete.go, EmptyBucket), or S3 refuses with BucketNotEmpty.
            assert.equal(bucket.inputs.forceDestroy, true, "dev's destroy removes the dumps with the bucket");
            assert.equal(bucket.protect, false, "dev does not protect data");
            const of = (type: string, name: string) => reveal(one(type, name).inputs);
            assert.equal(
                of("aws:s3/bucketVersioning:BucketVersioning", "bookstore-backup-versioning").versioningConfiguration.status,
                "Enabled",
            );
            const sse = of(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "bookstore-backup-encryption",
            );
            assert.equal(sse.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
            const block = of("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "bookstore-backup-public-access-block");
            for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"])
                assert.equal(block[k], true, k);
            const policy = JSON.parse(of("aws:s3/bucketPolicy:BucketPolicy", "bookstore-backup-tls-only").policy) as PolicyDocument;
            assert.ok(!allows(policy, "s3:GetObject", `${BUCKET_ARN}/x`), "denies");
            assert.deepEqual(policy.Statement[0].Condition, { Bool: { "aws:SecureTransport": "false" } });
            assert.deepEqual(policy.Statement[0].Resource, [BUCKET_ARN, `${BUCKET_ARN}/*`]);
            const rule = of("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "bookstore-backup-lifecycle").rules[0];
            assert.equal(rule.status, "Enabled");
            assert.equal(rule.expiration.days, 30);
            assert.equal(rule.noncurrentVersionExpiration.noncurrentDays, 7);
        });

        it("runs pg_dump with the database's image, then the upload with the AWS CLI, on the schedule, one at a time", () => {
            const cron = reveal(byName(T.cronJob, "db-backup").inputs).spec;
            assert.equal(cron.schedule, "0 2 * * *");
            assert.equal(cron.timeZone, "Etc/UTC");
            assert.equal(cron.concurrencyPolicy, "Forbid");
            assert.ok(cron.successfulJobsHistoryLimit > 0 && cron.failedJobsHistoryLimit > 0);
            const pod = cron.jobTemplate.spec.template.spec;
            assert.deepEqual(
                pod.initContainers.map((c: any) => [c.name, c.image]),
                [["dump", "postgres:17.6"]],
            );
            assert.deepEqual(
                pod.containers.map((c: any) => c.name),
                ["upload"],
            );
            assert.match(pod.containers[0].image, /^amazon\/aws-cli:2\.\d+\.\d+$/);
            const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value]));
            assert.deepEqual(
                [env.BACKUP_BUCKET, env.BACKUP_PREFIX, env.AWS_REGION],
                ["bookstore-backup-bucket-0a1b2c3", "my-cool-app", "us-east-1"],
            );
            assert.equal(
                pod.initContainers[0].env.find((e: any) => e.name === "PGSSLMODE"),
                undefined,
                "the in-cluster server has no certificate: libpq's own sslmode",
            );
            const password = pod.initContainers[0].env.find((e: any) => e.name === "PGPASSWORD").valueFrom.secretKeyRef;
            assert.deepEqual(
                password,
                { name: "fastapi-postgres-secret", key: "WORKSHOP_POSTGRES_PASSWORD" },
                "the app role's password, from the database's Secret",
            );
            assert.deepEqual(pod.volumes.find((v: any) => v.name === "work").emptyDir, { sizeLimit: "1Gi" });
        });

        it("keeps the restore as a suspended CronJob, the template of a one-off Job", () => {
            const cron = reveal(byName(T.cronJob, "db-restore").inputs).spec;
            assert.equal(cron.suspend, true);
            const pod = cron.jobTemplate.spec.template.spec;
            assert.deepEqual([pod.initContainers[0].name, pod.containers[0].name], ["download", "load"]);
            assert.equal(pod.containers[0].image, "postgres:17.6");
        });

        it("runs every job container hardened: non-root, no privilege escalation, read-only root, no capabilities, limits", () => {
            for (const name of ["db-backup", "db-restore"]) {
                const pod = podOf(name);
                assert.equal(pod.automountServiceAccountToken, false);
                assert.equal(pod.securityContext.runAsNonRoot, true);
                for (const c of [...pod.initContainers, ...pod.containers]) {
                    const sc = c.securityContext;
                    assert.ok(sc.runAsNonRoot && sc.runAsUser > 0, `${name}/${c.name} runs as non-root`);
                    assert.equal(sc.allowPrivilegeEscalation, false);
                    assert.equal(sc.readOnlyRootFilesystem, true);
                    assert.deepEqual(sc.capabilities.drop, ["ALL"]);
                    assert.ok(c.resources.limits.cpu && c.resources.limits.memory && c.resources.requests.cpu);
                }
            }
        });

        it("gives each job its own role through Pod Identity, with only its own policy", () => {
            const assoc = ofType(T.association).filter((r) => ["db-backup", "db-restore"].includes(r.inputs.serviceAccount as string));
            assert.equal(assoc.length, 2);
            for (const a of assoc) assert.equal(reveal(a.inputs).namespace, "my-cool-app");
            const policy = (name: string) => JSON.parse(reveal(one(T.policy, name).inputs).policy) as PolicyDocument;
            // With the alarms (observability, by default), the backup may publish its metrics too, in their namespace alone.
            assert.deepEqual(policy("bookstore-backup-dump-policy"), backupPolicy(BUCKET_ARN, "my-cool-app", BACKUP_METRICS_NAMESPACE));
            assert.deepEqual(policy("bookstore-backup-restore-policy"), restorePolicy(BUCKET_ARN, "my-cool-app"));
            const trust = JSON.parse(reveal(one(T.role, "bookstore-backup-dump-role").inputs).assumeRolePolicy);
            assert.equal(trust.Statement[0].Principal.Service, "pods.eks.amazonaws.com");
        });

        it("NetworkPolicies: nothing reaches the job pods; they reach the database on 5432, HTTPS and the Pod Identity agent; the database admits them", () => {
            const jobs = reveal(byName(T.netpol, "db-backup").inputs).spec;
            assert.deepEqual(jobs.policyTypes, ["Ingress", "Egress"]);
            assert.deepEqual(jobs.ingress, []);
            const dbPod = reveal(byName("kubernetes:apps/v1:StatefulSet", "fastapi-postgres").inputs).spec.template.metadata.labels;
            const matches = (sel: Record<string, string>, labels: Record<string, string>) =>
                Object.entries(sel).every(([k, v]) => labels[k] === v);
            assert.ok(matches(jobs.egress[0].to[0].podSelector.matchLabels, dbPod));
            assert.deepEqual(jobs.egress[0].ports, [{ protocol: "TCP", port: 5432 }]);
            assert.deepEqual(jobs.egress[1], { ports: [{ protocol: "TCP", port: 443 }] });
            assert.deepEqual(jobs.egress[2].to[0], { ipBlock: { cidr: "169.254.170.23/32" } });
            const backupPod = podOf("db-backup");
            const admit = reveal(byName(T.netpol, "db-backup-to-database").inputs).spec;
            assert.ok(matches(admit.podSelector.matchLabels, dbPod));
            assert.ok(
                matches(
                    admit.ingress[0].from[0].podSelector.matchLabels,
                    reveal(byName(T.cronJob, "db-backup").inputs).spec.jobTemplate.spec.template.metadata.labels,
                ),
            );
            assert.ok(
                matches(
                    jobs.podSelector.matchLabels,
                    reveal(byName(T.cronJob, "db-restore").inputs).spec.jobTemplate.spec.template.metadata.labels,
                ),
                "the restore pods too",
            );
            assert.ok(backupPod);
        });
    });

    it("protectData protects the bucket and every setting that guards it, and destroy may not empty it", async () => {
        await runProgram({ ...dev, "fastapi-eks:protectData": "true" });
        const bucket = one(T.bucket, "bookstore-backup-bucket");
        assert.equal(bucket.protect, true);
        assert.equal(bucket.inputs.forceDestroy, false);
        // Each depends on the bucket, so destroy reaches it first: unprotected, it would be gone before the refusal.
        const guards = registrations().filter((r) => r.type.startsWith("aws:s3/") && r.dependencies.includes(bucket.urn));
        assert.deepEqual(guards.map((r) => r.name).sort(), [
            "bookstore-backup-encryption",
            "bookstore-backup-lifecycle",
            "bookstore-backup-public-access-block",
            "bookstore-backup-tls-only",
            "bookstore-backup-versioning",
        ]);
        for (const g of guards) assert.equal(g.protect, true, g.name);
    });

    for (const [where, settings] of [
        ["a created cluster", dev],
        [
            "an existing cluster by name (whose OIDC provider is looked up)",
            { ...dev, "fastapi-eks:createCluster": false, "fastapi-eks:clusterName": "workshop" },
        ],
    ] as const) {
        it(`with IRSA on ${where}, the service accounts carry their role, trusted for that account only`, async () => {
            await runProgram({ ...settings, "fastapi-eks:identityMode": "irsa" });
            assert.equal(ofType(T.association).length, 0);
            const sa = reveal(byName(T.serviceAccount, "db-backup").inputs);
            assert.equal(
                sa.metadata.annotations["eks.amazonaws.com/role-arn"],
                `arn:aws:iam::012345678901:role/bookstore-backup-dump-role`,
            );
            const trust = JSON.parse(reveal(one(T.role, "bookstore-backup-dump-role").inputs).assumeRolePolicy);
            assert.equal(trust.Statement[0].Principal.Federated, MOCK_OIDC_PROVIDER_ARN);
            const condition = Object.entries(trust.Statement[0].Condition.StringEquals);
            assert.ok(condition.some(([k, v]) => k.endsWith(":sub") && v === "system:serviceaccount:my-cool-app:db-backup"));
        });
    }

    it("with backupBucket, looks the bucket up and creates none", async () => {
        const before = invocations.length;
        await runProgram({ ...dev, "fastapi-eks:backupBucket": "my-company-db-backups" }, {}, true);
        assert.equal(ofType(T.bucket).length, 0);
        assert.ok(
            invocations.slice(before).some((i) => i.token === "aws:s3/getBucket:getBucket" && i.inputs.bucket === "my-company-db-backups"),
        );
        const doc = JSON.parse(reveal(one(T.policy, "bookstore-backup-dump-policy").inputs).policy) as PolicyDocument;
        assert.deepEqual(doc, backupPolicy("arn:aws:s3:::my-company-db-backups", "my-cool-app", BACKUP_METRICS_NAMESPACE));
    });

    it("an existing bucket in another region: the jobs send their requests to the bucket's own region", async () => {
        await runProgram({ ...dev, "fastapi-eks:backupBucket": "eu-company-db-backups" });
        for (const job of ["db-backup", "db-restore"]) {
            const env = [...podOf(job).initContainers, ...podOf(job).containers].flatMap(
                (c: { env?: { name: string; value?: string }[] }) => c.env ?? [],
            );
            assert.deepEqual(
                env.filter((e: { name: string }) => e.name === "AWS_REGION").map((e: { value?: string }) => e.value),
                ["eu-west-1"],
                job,
            );
        }
    });

    it("backupEnabled false, or a cluster reached by kubeconfig: no backups", async () => {
        await runProgram({ ...dev, "fastapi-eks:backupEnabled": "false" });
        assert.equal(ofType(T.backup).length, 0);
        assert.ok(registrations().length > 0);
        await runProgram({ ...dev, "fastapi-eks:createCluster": "false", "fastapi-eks:appImage": EXAMPLE_IMAGE });
        assert.equal(ofType(T.backup).length, 0);
        assert.ok(ofType("fastapi-eks:database:PostgresDb").length === 1);
    });
});
