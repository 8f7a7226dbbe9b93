/** The database's pure manifest builders, tested without the Pulumi engine. */
import * as assert from "node:assert/strict";
import { INIT_SCRIPT, connectionUrl, headlessServiceArgs, statefulSetArgs, storageClassArgs, workloadLabels } from "../../components";
import { reveal } from "../harness";

const wl = workloadLabels("postgres", "bookstore", "database");
const dbNames = { storageClass: "ebs-sc", service: "db", statefulSet: "fastapi-postgres", secret: "s", initScript: "db-init-script" };
const resources = { cpuRequest: "100m", memoryRequest: "100Mi", cpuLimit: "500m", memoryLimit: "500Mi" };

describe("database manifest builders", () => {
    it("labels carry name, instance, component and part-of; selectors only the stable name and instance", () => {
        assert.deepEqual(wl.labels, {
            "app.kubernetes.io/name": "postgres",
            "app.kubernetes.io/instance": "bookstore",
            "app.kubernetes.io/component": "database",
            "app.kubernetes.io/part-of": "fastapi-eks",
            "app.kubernetes.io/managed-by": "pulumi",
        });
        assert.deepEqual(wl.selector, { "app.kubernetes.io/name": "postgres", "app.kubernetes.io/instance": "bookstore" });
    });

    it("StorageClass: the workshop's provisioner and binding mode, plus gp3, encryption, expansion and Retain", () => {
        const sc = storageClassArgs("ebs-sc", wl.labels);
        assert.equal(sc.provisioner, "ebs.csi.aws.com");
        assert.equal(sc.volumeBindingMode, "WaitForFirstConsumer");
        assert.equal(sc.reclaimPolicy, "Retain");
        assert.equal(sc.allowVolumeExpansion, true);
        assert.deepEqual(sc.parameters, { type: "gp3", encrypted: "true" });
    });

    it("headless Service on 5432 selects the database pods", () => {
        const svc = reveal(headlessServiceArgs(dbNames, "ns", wl));
        assert.equal(svc.metadata.name, "db");
        assert.equal(svc.spec.clusterIP, "None");
        assert.deepEqual(svc.spec.selector, wl.selector);
        assert.equal(svc.spec.ports[0].port, 5432);
    });

    it("StatefulSet: every workshop field", () => {
        const sts = reveal(
            statefulSetArgs("fastapi-postgres", "ns", wl, {
                image: "postgres:17.6",
                storageSize: "1Gi",
                storageClassName: "ebs-sc",
                resources,
                serviceName: "db",
                secretName: "s",
                initScriptName: "db-init-script",
            }),
        );
        assert.equal(sts.spec.serviceName, "db");
        assert.equal(sts.spec.replicas, 1);
        assert.deepEqual(sts.spec.selector.matchLabels, wl.selector);
        assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
        const c = sts.spec.template.spec.containers[0];
        assert.equal(c.image, "postgres:17.6");
        assert.deepEqual(c.env[0], { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" });
        assert.equal(c.ports[0].containerPort, 5432);
        const mounts = Object.fromEntries(c.volumeMounts.map((m: any) => [m.name, m.mountPath]));
        assert.equal(mounts["postgres-data"], "/var/lib/postgresql/data");
        assert.equal(mounts["init-script"], "/docker-entrypoint-initdb.d");
        assert.deepEqual(c.resources, { requests: { cpu: "100m", memory: "100Mi" }, limits: { cpu: "500m", memory: "500Mi" } });
        const initVolume = sts.spec.template.spec.volumes.find((v: any) => v.name === "init-script");
        assert.deepEqual(initVolume.configMap, { name: "db-init-script", items: [{ key: "init.sh", path: "init.sh" }] });
        const [vct] = sts.spec.volumeClaimTemplates;
        assert.equal(vct.metadata.name, "postgres-data");
        assert.deepEqual(vct.spec.accessModes, ["ReadWriteOnce"]);
        assert.equal(vct.spec.storageClassName, "ebs-sc");
        assert.equal(vct.spec.resources.requests.storage, "1Gi");
    });

    it("the init script creates a non-superuser LOGIN role and its database, only when missing", () => {
        assert.match(INIT_SCRIPT, /CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE/);
        assert.match(INIT_SCRIPT, /WHERE NOT EXISTS \(SELECT FROM pg_catalog\.pg_roles WHERE rolname = :'app_user'\)/);
        assert.match(INIT_SCRIPT, /CREATE DATABASE %I OWNER %I/);
        assert.match(INIT_SCRIPT, /WHERE NOT EXISTS \(SELECT FROM pg_catalog\.pg_database WHERE datname = :'app_db'\)/);
        // The heredoc is quoted, so the shell expands nothing inside the SQL.
        assert.match(INIT_SCRIPT, /<<'EOSQL'/);
        assert.doesNotMatch(INIT_SCRIPT, /SUPERUSER;/);
    });

    it("connection URL percent-encodes the user, password and database", () => {
        const url = connectionUrl({
            user: "bookdbadmin",
            password: "p@ss:w/o?r#d% &+",
            host: "db.ns.svc.cluster.local",
            port: 5432,
            database: "bookstore",
        });
        assert.equal(url, "postgresql://bookdbadmin:p%40ss%3Aw%2Fo%3Fr%23d%25%20%26%2B@db.ns.svc.cluster.local:5432/bookstore");
        const parsed = new URL(url);
        assert.equal(decodeURIComponent(parsed.password), "p@ss:w/o?r#d% &+");
        assert.equal(parsed.hostname, "db.ns.svc.cluster.local");
    });
});
