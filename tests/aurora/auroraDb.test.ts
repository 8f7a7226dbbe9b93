/** database: aurora under mocks: the Aurora cluster and its network, the bootstrap Job, and the app and backups pointed at it. */
import * as assert from "node:assert/strict";
import { AURORA_ENGINE_VERSION, BOOTSTRAP_SCRIPT, INIT_SCRIPT, finalSnapshotName } from "../../components";
import { Registration, one, ofType, registrations, reveal } from "../harness";
import { runProgram, stackSettings } from "../program";

const T = {
    cluster: "aws:rds/cluster:Cluster",
    instance: "aws:rds/clusterInstance:ClusterInstance",
    subnets: "aws:rds/subnetGroup:SubnetGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    job: "kubernetes:batch/v1:Job",
    netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    secret: "kubernetes:core/v1:Secret",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
};
const aurora = { ...stackSettings("dev"), "fastapi-eks:database": "aurora" };
const byName = (type: string, name: string) => ofType(type).find((r) => reveal(r.inputs).metadata?.name === name) as Registration;
const ENDPOINT = "bookstore-aurora-cluster.cluster-c0a1b2c3d4e5.us-east-1.rds.amazonaws.com";

describe("database: aurora (under mocks)", () => {
    before(async () => {
        await runProgram(aurora);
    });

    it("an Aurora PostgreSQL Serverless v2 cluster: encrypted, 7 days of backups, 0.5 to 2 ACU, its master password managed by RDS", () => {
        const c = reveal(one(T.cluster, "bookstore-aurora-cluster").inputs);
        assert.equal(c.engine, "aurora-postgresql");
        assert.equal(c.engineVersion, AURORA_ENGINE_VERSION);
        const job = reveal(one(T.job, "bookstore-aurora-bootstrap").inputs).spec.template.spec;
        const dbImageMajor = /^postgres:(\d+)/.exec(job.containers[0].image)?.[1];
        assert.equal(c.engineVersion.split(".")[0], dbImageMajor, "the in-cluster database's major version, so a dump moves across");
        assert.equal(c.manageMasterUserPassword, true);
        assert.equal(c.masterPassword, undefined, "no master password in the program, so none in the state");
        assert.equal(c.storageEncrypted, true);
        assert.equal(c.backupRetentionPeriod, 7);
        assert.deepEqual(c.serverlessv2ScalingConfiguration, { minCapacity: 0.5, maxCapacity: 2 });
        assert.equal(c.deletionProtection, false, "dev does not protect data");
        assert.equal(c.skipFinalSnapshot, true);
        const writers = ofType(T.instance);
        assert.equal(writers.length, 1);
        assert.equal(reveal(writers[0].inputs).instanceClass, "db.serverless");
    });

    it("in the cluster's private subnets, reachable on 5432 from the cluster's security group only", () => {
        const subnets = one(T.subnets, "bookstore-aurora-subnets");
        const privateSubnets = ofType("aws:ec2/subnet:Subnet").filter((r) => r.name.includes("private"));
        assert.equal(privateSubnets.length, 2);
        for (const s of privateSubnets) assert.ok(subnets.dependencies.includes(s.urn), `${s.name} is in the subnet group`);
        const sg = reveal(one(T.sg, "bookstore-aurora-security-group").inputs);
        assert.equal(sg.ingress.length, 1);
        const rule = sg.ingress[0];
        assert.deepEqual([rule.protocol, rule.fromPort, rule.toPort, rule.cidrBlocks], ["tcp", 5432, 5432, undefined]);
        assert.equal(rule.securityGroups.length, 1, "the EKS cluster security group, which its nodes and pods carry");
    });

    it("nothing of the in-cluster database; the app's URL and NetworkPolicy point at Aurora", () => {
        assert.equal(ofType(T.statefulSet).length, 0);
        assert.equal(ofType("kubernetes:storage.k8s.io/v1:StorageClass").length, 0);
        assert.equal(ofType("fastapi-eks:database:PostgresDb").length, 0);
        const app = reveal(one(T.secret, "bookstore-app-secret").inputs).stringData;
        assert.equal(app.DOCKER_DATABASE_URL, `postgresql://bookdbadmin@${ENDPOINT}:5432/bookstore?sslmode=require`);
        const egress = reveal(byName(T.netpol, "fastapi-deployment").inputs).spec.egress;
        assert.deepEqual(egress, [{ to: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ protocol: "TCP", port: 5432 }] }]);
        const backup = reveal(byName(T.netpol, "db-backup").inputs).spec.egress[0];
        assert.deepEqual(backup.to, [{ ipBlock: { cidr: "10.0.0.0/16" } }]);
        assert.equal(byName(T.netpol, "db-backup-to-database"), undefined, "no database pods to let the backups into");
    });

    it("TLS all the way: the server refuses connections without it, and the app, the bootstrap and the backups ask for it", () => {
        // Aurora User Guide, "Securing Aurora PostgreSQL data with SSL/TLS": rds.force_ssl in the cluster's parameter group.
        const group = one("aws:rds/clusterParameterGroup:ClusterParameterGroup", "bookstore-aurora-params");
        const params = reveal(group.inputs);
        assert.equal(params.family, `aurora-postgresql${AURORA_ENGINE_VERSION.split(".")[0]}`);
        assert.deepEqual(params.parameters, [{ name: "rds.force_ssl", value: "1", applyMethod: "immediate" }]);
        const cluster = one(T.cluster, "bookstore-aurora-cluster");
        assert.ok(cluster.dependencies.includes(group.urn), "the cluster uses the group");
        assert.equal(reveal(cluster.inputs).dbClusterParameterGroupName, "bookstore-aurora-params-0a1b2c3", "the cluster names the group");
        const pods = [
            reveal(one(T.job, "bookstore-aurora-bootstrap").inputs).spec.template.spec,
            ...["db-backup", "db-restore"].map(
                (n) => reveal(byName("kubernetes:batch/v1:CronJob", n).inputs).spec.jobTemplate.spec.template.spec,
            ),
        ];
        for (const pod of pods) {
            const pg = [...(pod.initContainers ?? []), ...pod.containers].filter((c: any) => c.env?.some((e: any) => e.name === "PGHOST"));
            assert.ok(pg.length > 0);
            for (const c of pg) assert.equal(c.env.find((e: any) => e.name === "PGSSLMODE")?.value, "require", c.name);
        }
    });

    it("a one-off Job creates the app's role and database with the in-cluster init script, as the master user read from Secrets Manager", () => {
        const job = one(T.job, "bookstore-aurora-bootstrap");
        const pod = reveal(job.inputs).spec.template.spec;
        const [fetch] = pod.initContainers;
        assert.match(fetch.image, /^amazon\/aws-cli:/);
        assert.match(
            fetch.command.join(" "),
            /aws secretsmanager get-secret-value --secret-id "\$MASTER_SECRET_ARN" --query SecretString --output text > \/secret\/master\.json/,
        );
        assert.match(
            fetch.env.find((e: any) => e.name === "MASTER_SECRET_ARN").value,
            /^arn:aws:secretsmanager:us-east-1:012345678901:secret:rds!cluster-/,
        );
        assert.deepEqual(pod.volumes.find((v: any) => v.name === "secret").emptyDir.medium, "Memory");
        const [boot] = pod.containers;
        assert.deepEqual(boot.command, ["bash", "/scripts/bootstrap.sh", "/secret/master.json"]);
        const env = Object.fromEntries(boot.env.map((e: any) => [e.name, e.value ?? e.valueFrom.secretKeyRef.key]));
        assert.equal(env.PGHOST, ENDPOINT);
        assert.equal(env.PGSSLMODE, "require");
        const scripts = reveal(byName("kubernetes:core/v1:ConfigMap", "db-bootstrap-scripts").inputs).data;
        assert.equal(scripts["init.sh"], INIT_SCRIPT, "the very init script of the in-cluster database");
        assert.equal(scripts["bootstrap.sh"], BOOTSTRAP_SCRIPT);
        for (const c of [...pod.initContainers, ...pod.containers]) {
            assert.equal(c.securityContext.allowPrivilegeEscalation, false);
            assert.equal(c.securityContext.runAsNonRoot, true);
        }
    });

    it("the bootstrap's role may only read that one secret; the app waits for the Job", () => {
        const policy = JSON.parse(reveal(one("aws:iam/policy:Policy", "bookstore-aurora-bootstrap-policy").inputs).policy);
        assert.deepEqual(policy.Statement, [
            {
                Sid: "ReadMasterSecret",
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: "arn:aws:secretsmanager:us-east-1:012345678901:secret:rds!cluster-0a1b2c3d-AbCdEf",
            },
        ]);
        const job = one(T.job, "bookstore-aurora-bootstrap");
        const appSecret = one(T.secret, "bookstore-app-secret");
        assert.ok(appSecret.dependencies.includes(job.urn), "the app's URL is read after the Job");
        assert.ok(
            one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment").dependencies.includes(appSecret.urn),
            "and the app after its Secret",
        );
        assert.ok(job.dependencies.includes(one(T.instance, "bookstore-aurora-writer").urn), "the Job waits for the writer");
    });

    it("no Secret holds a master credential: the app and the bootstrap get only the app role's", () => {
        const keys = ofType(T.secret).map((r) => [reveal(r.inputs).metadata.name, Object.keys(reveal(r.inputs).stringData).sort()]);
        assert.deepEqual(keys.sort(), [
            ["aurora-app-credentials", ["WORKSHOP_POSTGRES_DB", "WORKSHOP_POSTGRES_PASSWORD", "WORKSHOP_POSTGRES_USER"]],
            ["fastapi-secret", ["DOCKER_DATABASE_URL", "PGPASSWORD"]],
        ]);
        assert.ok(registrations().length > 10);
    });

    it("protectData: deletion protection, a final snapshot, and Pulumi's protect", async () => {
        await runProgram({
            ...aurora,
            "fastapi-eks:protectData": "true",
            "fastapi-eks:auroraMinCapacity": "1",
            "fastapi-eks:auroraMaxCapacity": "8",
        });
        const cluster = one(T.cluster, "bookstore-aurora-cluster");
        const c = reveal(cluster.inputs);
        assert.equal(cluster.protect, true);
        assert.equal(c.deletionProtection, true);
        assert.equal(c.skipFinalSnapshot, false);
        assert.equal(c.finalSnapshotIdentifier, "fastapi-eks-test-bookstore-aurora-final", "unique per stack");
        assert.equal(finalSnapshotName("prod.eu_1", "db"), "fastapi-eks-prod-eu-1-db-final");
        assert.deepEqual(c.serverlessv2ScalingConfiguration, { minCapacity: 1, maxCapacity: 8 });
    });
});
