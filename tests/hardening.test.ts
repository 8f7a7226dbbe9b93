/** Production defaults under mocks: security contexts that work for each image, availability, network policies, data safety. */
import * as assert from "node:assert/strict";
import { one, ofType, registrations, reveal } from "./harness";
import { runProgram, stackSettings } from "./program";

const T = {
    deployment: "kubernetes:apps/v1:Deployment",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
};
const dev = stackSettings("dev");

/** Paths each image writes to at run time, which a read-only root filesystem must leave writable. */
const WRITES = {
    "fastapi-deployment": ["/tmp"],
    "fastapi-postgres": ["/var/lib/postgresql/data", "/var/run/postgresql", "/tmp"],
} as Record<string, string[]>;

describe("security contexts", () => {
    before(async () => {
        await runProgram(dev);
    });

    for (const [type, name] of [
        [T.deployment, "bookstore-app-deployment"],
        [T.statefulSet, "bookstore-db-statefulset"],
    ]) {
        it(`${name}: non-root by a numeric UID, no escalation, no capabilities, RuntimeDefault, read-only root with writable mounts`, () => {
            const obj = reveal(one(type, name).inputs);
            const pod = obj.spec.template.spec;
            assert.equal(pod.automountServiceAccountToken, false);
            for (const c of pod.containers) {
                const sc = { ...pod.securityContext, ...c.securityContext };
                assert.equal(sc.runAsNonRoot, true);
                // The images do not declare a numeric non-root USER (the app's none at all), so the kubelet
                // can only admit runAsNonRoot with an explicit, non-zero runAsUser.
                assert.ok(Number.isInteger(sc.runAsUser) && sc.runAsUser > 0, "a numeric non-root runAsUser");
                assert.ok(Number.isInteger(sc.runAsGroup) && sc.runAsGroup > 0, "a non-root group");
                assert.equal(sc.allowPrivilegeEscalation, false);
                assert.deepEqual(sc.capabilities, { drop: ["ALL"] });
                assert.equal(sc.seccompProfile.type, "RuntimeDefault");
                assert.equal(sc.readOnlyRootFilesystem, true);
                const mounted = c.volumeMounts.map((m: any) => m.mountPath);
                for (const path of WRITES[obj.metadata.name]) assert.ok(mounted.includes(path), `${path} is mounted writable`);
                assert.ok(c.resources.requests && c.resources.limits);
                assert.ok(c.readinessProbe && c.livenessProbe);
            }
        });
    }

    it("postgres runs as the image's postgres user (999) and owns its volume through fsGroup 999", () => {
        const pod = reveal(one(T.statefulSet, "bookstore-db-statefulset").inputs).spec.template.spec;
        assert.equal(pod.securityContext.runAsUser, 999);
        assert.equal(pod.securityContext.fsGroup, 999);
        const c = pod.containers[0];
        assert.equal(c.securityContext.runAsUser, 999);
        const pgdata = c.env.find((e: any) => e.name === "PGDATA").value;
        const dataMount = c.volumeMounts.find((m: any) => m.name === "postgres-data").mountPath;
        assert.ok(pgdata.startsWith(`${dataMount}/`), "PGDATA is a subdirectory of the volume, not its root");
        assert.deepEqual(c.readinessProbe.exec.command.slice(0, 1), ["pg_isready"]);
    });

    it("NetworkPolicies: default deny and DNS for the namespace, the database only from the app and the backup jobs", () => {
        const names = ofType(T.netpol)
            .map((r) => reveal(r.inputs).metadata.name)
            .sort();
        assert.deepEqual(names, [
            "allow-dns",
            "db-backup",
            "db-backup-to-database",
            "default-deny",
            "fastapi-deployment",
            "fastapi-postgres",
        ]);
        const db = reveal(one(T.netpol, "bookstore-db-network-policy").inputs);
        const appPod = reveal(one(T.deployment, "bookstore-app-deployment").inputs).spec.template.metadata.labels;
        const dbPod = reveal(one(T.statefulSet, "bookstore-db-statefulset").inputs).spec.template.metadata.labels;
        const matches = (sel: Record<string, string>, labels: Record<string, string>) =>
            Object.entries(sel).every(([k, v]) => labels[k] === v);
        assert.ok(matches(db.spec.podSelector.matchLabels, dbPod), "the database policy selects the database pods");
        assert.ok(matches(db.spec.ingress[0].from[0].podSelector.matchLabels, appPod), "and admits the app's pods");
        assert.ok(!matches(db.spec.ingress[0].from[0].podSelector.matchLabels, dbPod), "and nothing else of the namespace");
        const app = reveal(one(T.netpol, "bookstore-app-network-policy").inputs);
        assert.ok(matches(app.spec.egress[0].to[0].podSelector.matchLabels, dbPod), "the app may reach the database");
    });
});

describe("availability", () => {
    it("one replica: no PodDisruptionBudget (it would block node drains)", async () => {
        await runProgram(dev);
        assert.ok(ofType(T.deployment).length === 1);
        assert.equal(ofType(T.pdb).length, 0);
    });

    it("more replicas: a PodDisruptionBudget and zone spread", async () => {
        await runProgram({ ...dev, "fastapi-eks:appReplicas": "3" });
        const pdb = reveal(one(T.pdb, "bookstore-app-pdb").inputs);
        assert.equal(pdb.spec.maxUnavailable, 1);
        const pod = reveal(one(T.deployment, "bookstore-app-deployment").inputs).spec.template.spec;
        assert.equal(pod.topologySpreadConstraints[0].topologyKey, "topology.kubernetes.io/zone");
    });
});

describe("data safety", () => {
    const holdsData = [
        ["kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset"],
        ["kubernetes:core/v1:Secret", "bookstore-db-secret"],
        ["random:index/randomPassword:RandomPassword", "bookstore-db-app-password"],
        ["random:index/randomPassword:RandomPassword", "bookstore-db-superuser-password"],
        ["kubernetes:core/v1:Namespace", "bookstore-namespace"],
        ["aws:s3/bucket:Bucket", "bookstore-backup-bucket"],
        // What guards the dumps: each depends on the bucket, so Pulumi would delete it before reaching the bucket.
        ["aws:s3/bucketVersioning:BucketVersioning", "bookstore-backup-versioning"],
        ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "bookstore-backup-encryption"],
        ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "bookstore-backup-public-access-block"],
        ["aws:s3/bucketPolicy:BucketPolicy", "bookstore-backup-tls-only"],
        ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "bookstore-backup-lifecycle"],
        // Destroy's first step, which refuses the destroy (tests/destroy.test.ts).
        ["random:index/randomUuid:RandomUuid", "protectData"],
    ];

    it("protectData (the default outside dev) protects what holds the data, what guards it, and destroy's first step; nothing else", async () => {
        await runProgram({ ...dev, "fastapi-eks:protectData": "true" });
        for (const [type, name] of holdsData) assert.equal(one(type, name).protect, true, name);
        const protectedNames = registrations()
            .filter((r) => r.protect)
            .map((r) => r.name)
            .sort();
        assert.deepEqual(protectedNames, holdsData.map(([, n]) => n).sort());
    });

    it("the dev stack sets protectData false, so destroy can remove it", async () => {
        await runProgram(dev);
        assert.ok(registrations().length > 0);
        assert.deepEqual(
            registrations()
                .filter((r) => r.protect)
                .map((r) => r.name),
            [],
        );
    });

    it("the StatefulSet's immutable fields are never changed in place, so it is never replaced for them", async () => {
        await runProgram(dev);
        const sts = one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset");
        assert.deepEqual(sts.ignoreChanges, ["spec.volumeClaimTemplates", "spec.selector", "spec.serviceName"]);
        const spec = reveal(sts.inputs).spec;
        assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
        assert.equal(reveal(one("kubernetes:storage.k8s.io/v1:StorageClass", "bookstore-db-storage-class").inputs).reclaimPolicy, "Retain");
    });
});
