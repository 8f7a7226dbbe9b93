/** PostgresDb through the Pulumi mocks: what it registers, its defaults and its outputs. */
import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PostgresDb, PostgresDbArgs } from "../../components";
import { isSecretValue, one, ofType, registrations, resetRegistrations, resolve, reveal, settle } from "../harness";

const T = {
    storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
    service: "kubernetes:core/v1:Service",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    secret: "kubernetes:core/v1:Secret",
    configMap: "kubernetes:core/v1:ConfigMap",
    password: "random:index/randomPassword:RandomPassword",
};

async function build(extra: Partial<PostgresDbArgs> = {}, name = "db") {
    resetRegistrations();
    const provider = new k8s.Provider("k8s", {});
    const db = new PostgresDb(name, { namespace: "my-cool-app", ...extra }, { provider });
    await settle();
    return db;
}

describe("PostgresDb", () => {
    it("registers the workshop's objects under the component, through the given provider", async () => {
        await build();
        const component = one("fastapi-eks:database:PostgresDb", "db");
        for (const [type, name] of [
            [T.storageClass, "db-storage-class"],
            [T.service, "db-service"],
            [T.statefulSet, "db-statefulset"],
            [T.secret, "db-secret"],
            [T.configMap, "db-init-script"],
        ]) {
            const r = one(type, name);
            assert.equal(r.parent, component.urn, `${name} is a child of the component`);
            assert.match(r.provider, /::k8s::/, `${name} uses the given provider`);
        }
        assert.equal(ofType(T.password).length, 2);
    });

    it("uses the workshop's names and the documented defaults", async () => {
        await build();
        assert.equal(reveal(one(T.storageClass, "db-storage-class").inputs).metadata.name, "ebs-sc");
        assert.equal(reveal(one(T.service, "db-service").inputs).metadata.name, "db");
        assert.equal(reveal(one(T.configMap, "db-init-script").inputs).metadata.name, "db-init-script");
        const sts = reveal(one(T.statefulSet, "db-statefulset").inputs);
        assert.equal(sts.metadata.name, "fastapi-postgres");
        assert.equal(sts.metadata.namespace, "my-cool-app");
        assert.equal(sts.spec.serviceName, "db");
        assert.equal(sts.spec.template.spec.containers[0].image, "postgres:17.6");
        assert.deepEqual(sts.spec.template.spec.containers[0].resources, {
            requests: { cpu: "100m", memory: "100Mi" },
            limits: { cpu: "500m", memory: "500Mi" },
        });
        assert.equal(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage, "1Gi");
        assert.equal(sts.spec.volumeClaimTemplates[0].spec.storageClassName, "ebs-sc");
        const secret = reveal(one(T.secret, "db-secret").inputs);
        assert.equal(secret.metadata.name, "fastapi-postgres-secret");
        assert.equal(secret.stringData.WORKSHOP_POSTGRES_USER, "bookdbadmin");
        assert.equal(secret.stringData.WORKSHOP_POSTGRES_DB, "bookstore");
    });

    it("labels every object and selects pods by the stable labels", async () => {
        await build({ instance: "bookstore" });
        // (Not the patch of the volume's claim: the StatefulSet's controller made the claim, with these labels.)
        const k8sObjects = registrations().filter((r) => r.type.startsWith("kubernetes:") && r.custom && !r.type.endsWith("Patch"));
        assert.ok(k8sObjects.some((r) => r.type === "kubernetes:apps/v1:StatefulSet"));
        for (const r of k8sObjects) {
            const labels = reveal(r.inputs).metadata.labels;
            assert.equal(labels["app.kubernetes.io/name"], "postgres", r.name);
            assert.equal(labels["app.kubernetes.io/instance"], "bookstore", r.name);
            assert.equal(labels["app.kubernetes.io/component"], "database", r.name);
            assert.equal(labels["app.kubernetes.io/part-of"], "fastapi-eks", r.name);
        }
        const sts = reveal(one(T.statefulSet, "db-statefulset").inputs);
        assert.deepEqual(sts.spec.selector.matchLabels, reveal(one(T.service, "db-service").inputs).spec.selector);
        assert.deepEqual(Object.keys(sts.spec.selector.matchLabels).sort(), ["app.kubernetes.io/instance", "app.kubernetes.io/name"]);
    });

    it("the container gets the superuser password and the app credentials from the Secret, never inline", async () => {
        await build();
        const c = reveal(one(T.statefulSet, "db-statefulset").inputs).spec.template.spec.containers[0];
        const fromSecret = c.env
            .filter((e: any) => e.valueFrom)
            .map((e: any) => [e.name, e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key]);
        assert.deepEqual(fromSecret, [
            ["POSTGRES_PASSWORD", "fastapi-postgres-secret", "POSTGRES_PASSWORD"],
            ["WORKSHOP_POSTGRES_USER", "fastapi-postgres-secret", "WORKSHOP_POSTGRES_USER"],
            ["WORKSHOP_POSTGRES_PASSWORD", "fastapi-postgres-secret", "WORKSHOP_POSTGRES_PASSWORD"],
            ["WORKSHOP_POSTGRES_DB", "fastapi-postgres-secret", "WORKSHOP_POSTGRES_DB"],
        ]);
        assert.ok(c.env.every((e: any) => e.valueFrom !== undefined || e.name === "PGDATA"));
    });

    it("generates long URL-safe passwords and keeps them secret end to end", async () => {
        const db = await build();
        for (const r of ofType(T.password)) {
            assert.ok(Number(r.inputs.length) >= 32, `${r.name}: ${r.inputs.length} characters`);
            assert.equal(r.inputs.overrideSpecial, "-_");
        }
        const secretInputs = one(T.secret, "db-secret").inputs;
        assert.ok(isSecretValue(secretInputs.stringData), "the Secret's stringData is sent as a secret");
        const password = await resolve(db.password);
        assert.equal(password.secret, true);
        assert.match(password.value, /^[A-Za-z0-9_-]{32}$/);
        const url = await resolve(db.connectionUrl);
        assert.equal(url.secret, true);
        assert.equal(url.value, `postgresql://bookdbadmin:${password.value}@db.my-cool-app.svc.cluster.local:5432/bookstore`);
        assert.equal(reveal(secretInputs).stringData.WORKSHOP_POSTGRES_PASSWORD, password.value);
        assert.notEqual(reveal(secretInputs).stringData.POSTGRES_PASSWORD, password.value);
    });

    it("takes passwords from args over the generated ones, and encodes them in the URL", async () => {
        const db = await build({
            password: pulumi.secret("p@ss:w/o rd#1"),
            superuserPassword: pulumi.secret("super"),
            username: "books",
            databaseName: "shop",
        });
        // The generated ones stay registered, unused: see the rotation test in tests/program.test.ts.
        assert.equal(ofType(T.password).length, 2);
        assert.equal(
            (await resolve(db.connectionUrl)).value,
            "postgresql://books:p%40ss%3Aw%2Fo%20rd%231@db.my-cool-app.svc.cluster.local:5432/shop",
        );
        const data = reveal(one(T.secret, "db-secret").inputs).stringData;
        assert.deepEqual(data, {
            POSTGRES_PASSWORD: "super",
            WORKSHOP_POSTGRES_USER: "books",
            WORKSHOP_POSTGRES_PASSWORD: "p@ss:w/o rd#1",
            WORKSHOP_POSTGRES_DB: "shop",
        });
    });

    it("exposes host, port, database, user and service name", async () => {
        const db = await build({ serviceName: "postgres" });
        assert.equal((await resolve(db.serviceName)).value, "postgres");
        assert.equal((await resolve(db.host)).value, "postgres.my-cool-app.svc.cluster.local");
        assert.equal((await resolve(db.port)).value, 5432);
        assert.equal((await resolve(db.databaseName)).value, "bookstore");
        assert.equal((await resolve(db.username)).value, "bookdbadmin");
    });

    it("uses an existing StorageClass when asked, and creates none", async () => {
        const db = await build({ createStorageClass: false, storageClassName: "gp3-existing", storageSize: "20Gi" });
        assert.equal(ofType(T.storageClass).length, 0);
        assert.ok(ofType(T.statefulSet).length === 1);
        const vct = reveal(one(T.statefulSet, "db-statefulset").inputs).spec.volumeClaimTemplates[0];
        assert.equal(vct.spec.storageClassName, "gp3-existing");
        assert.equal(vct.spec.resources.requests.storage, "20Gi");
        assert.equal((await resolve(db.storageClassName)).value, "gp3-existing");
    });

    it("rejects its own bad arguments before registering anything, naming each (the config's keys are their declarations' to check)", async () => {
        resetRegistrations();
        assert.throws(
            () => new PostgresDb("bad", { namespace: "ns", statefulSetName: "Fastapi_Postgres", resources: { cpuLimit: "lots" } }),
            (e: Error) =>
                /statefulSetName: "Fastapi_Postgres" is not a valid Kubernetes name/.test(e.message) &&
                /resources.cpuLimit: "lots"/.test(e.message),
        );
        await settle();
        assert.equal(registrations().length, 0);
    });
});
