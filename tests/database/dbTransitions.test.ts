/**
 * The second `up` of a live stack whose data, or the cluster it lives on,
 * would be lost or left behind by a change: each refused before anything is
 * registered (config/transitions.ts), the rule each relies on cited beside it.
 */
import * as assert from "node:assert/strict";
import { APP_PASSWORD_HOOK, SECRET_VERSION_ANNOTATION } from "../../components";
import { one, registrations, reveal } from "../harness";
import { deployedOutputs, runProgram, secure, stackSettings } from "../program";

const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";

const dev = stackSettings("dev");
const auroraDev = { ...dev, "fastapi-eks:database": "aurora" };

describe("later `pulumi up`s: where the data and the cluster live", () => {
    it("a new app password on the in-cluster database: its pod restarts, to set it at start, and the app's pods roll", async () => {
        // Both templates carry their Secret's resourceVersion (the API server renews it on every change), so both
        // change; the database container's postStart hook runs the init script again (tests/database/dbRestart.test.ts).
        const version = (type: string, name: string) =>
            reveal(one(type, name).inputs).spec.template.metadata.annotations[SECRET_VERSION_ANNOTATION];
        const pods = () => [version(STATEFUL_SET, "bookstore-db-statefulset"), version(DEPLOYMENT, "bookstore-app-deployment")];
        await runProgram(dev);
        const [db, app] = pods();
        await runProgram({ ...dev, "fastapi-eks:dbPassword": secure("a-new-password-for-the-app") });
        const [db2, app2] = pods();
        assert.ok(db && app && db2 !== db && app2 !== app);
        const hook = reveal(one(STATEFUL_SET, "bookstore-db-statefulset").inputs).spec.template.spec.containers[0].lifecycle;
        assert.deepEqual(hook.postStart.exec.command, ["bash", "-c", APP_PASSWORD_HOOK]);
    });

    let earlier: Record<string, unknown>;
    before(async () => {
        earlier = await deployedOutputs(await runProgram(dev));
    });

    it("another PostgreSQL major, StorageClass, namespace, database, cluster name or VPC: refused, as none can apply; what can, applies", async () => {
        // PostgreSQL docs, "Upgrading a PostgreSQL Cluster"; the image's server would refuse the volume's files
        // ("database files are incompatible with server") in a crash loop, the up failing half-way.
        for (const image of ["postgres:18.1", "postgres:16-alpine"]) {
            await assert.rejects(
                runProgram({ ...dev, "fastapi-eks:dbImage": image }, earlier),
                new RegExp(
                    `fastapi-eks:dbImage: is ${image}, PostgreSQL \\d+, but the database's files were made by PostgreSQL 17 \\(postgres:17\\.6\\), .*Fix: pulumi config set dbImage postgres:17\\.6; for PostgreSQL \\d+, restore a backup into a new stack`,
                ),
            );
            assert.deepEqual(registrations(), []);
        }
        // Nor does the volume's StorageClass change: the program ignores the claim template after creation.
        await assert.rejects(
            runProgram({ ...dev, "fastapi-eks:dbStorageClass": "gp3-fast" }, earlier),
            /fastapi-eks:dbStorageClass: is gp3-fast, but the database's volume was made with ebs-sc, .*Fix: pulumi config set dbStorageClass ebs-sc;/,
        );
        // Nor its database's name or role, in either place: the init script makes what is missing and moves nothing.
        for (const settings of [dev, auroraDev]) {
            const live = settings === dev ? earlier : await deployedOutputs(await runProgram(settings));
            await assert.rejects(
                runProgram({ ...settings, "fastapi-eks:dbName": "shop" }, live),
                /fastapi-eks:dbName: is shop, but the app's data is in the database bookstore, and the app would start on a new, empty shop\. Fix: pulumi config set dbName bookstore;/,
            );
            await assert.rejects(
                runProgram({ ...settings, "fastapi-eks:dbUser": "shopadmin" }, live),
                /fastapi-eks:dbUser: is shopadmin, but the app's tables belong to bookdbadmin, and a new role could not read them\. Fix: pulumi config set dbUser bookdbadmin/,
            );
        }
        // Nor does its namespace: pulumi-kubernetes would make every object anew in the other, the database empty.
        await assert.rejects(
            runProgram({ ...dev, "fastapi-eks:namespace": "shop" }, earlier),
            /fastapi-eks:namespace: is shop, but the app and its data live in my-cool-app, .*the database empty, its volume left behind\. Fix: pulumi config set namespace my-cool-app;/,
        );
        // To Aurora only by tools/migrate-to-aurora.sh, whose switch runs with the app stopped; and never back.
        await assert.rejects(
            runProgram(auroraDev, earlier),
            /fastapi-eks:database: is aurora, but the data is in the cluster's database, .*Fix: bash tools\/migrate-to-aurora\.sh/,
        );
        await runProgram({ ...auroraDev, "fastapi-eks:appReplicas": 0 }, earlier);
        assert.ok(registrations().length > 0, "the script's switch");
        await assert.rejects(
            runProgram(dev, await deployedOutputs(await runProgram(auroraDev))),
            /fastapi-eks:database: is inCluster, but the data is in Aurora, .*Fix: pulumi config set database aurora;/,
        );
        // The backups' bucket the stack made, protected, holds the dumps: dropping it would stop half-way.
        const prod = stackSettings("prod");
        const live = await deployedOutputs(await runProgram(prod));
        await assert.rejects(
            runProgram({ ...prod, "fastapi-eks:backupEnabled": false }, live),
            /fastapi-eks:backupEnabled: would delete the backup bucket the stack made, .*protected \(protectData\), .*Fix: pulumi config set backupEnabled true; to delete it, dumps and all, pulumi config set protectData false and pulumi up first/,
        );
        await assert.rejects(
            runProgram({ ...prod, "fastapi-eks:backupBucket": "my-company-db-backups" }, live),
            /fastapi-eks:backupBucket: would delete the backup bucket the stack made, .*Fix: pulumi config rm backupBucket;/,
        );
        // Unprotected, it goes, dumps and all, as the dev stack means it to.
        await runProgram({ ...dev, "fastapi-eks:backupEnabled": false }, earlier);
        assert.ok(registrations().length > 0);
        // Nor may the stack let go of the namespace it made: deleting it deletes everything in it.
        await assert.rejects(
            runProgram({ ...dev, "fastapi-eks:createNamespace": false }, earlier),
            /fastapi-eks:createNamespace: is false, but the stack made the namespace my-cool-app, .*Fix: pulumi config set createNamespace true/,
        );
        // Nor how the add-ons' running pods get AWS credentials: each got its wiring when it started.
        await assert.rejects(
            runProgram({ ...dev, "fastapi-eks:identityMode": "irsa" }, earlier),
            /fastapi-eks:identityMode: is irsa, but the add-ons' running pods get their AWS credentials through podIdentity, .*Fix: pulumi config set identityMode podIdentity \(the other mode needs a new stack: pulumi stack init/,
        );
        // Nor the region, where every AWS resource would be made anew.
        await assert.rejects(
            runProgram({ ...dev, "aws:region": "us-east-2" }, earlier),
            /^ConfigError: .*\n {2}- aws:region: is us-east-2, but the stack's AWS resources are in us-east-1, .*Fix: pulumi config set aws:region us-east-1;/s,
        );
        // Nor the cluster: EKS renames none, and never moves one to another VPC.
        await assert.rejects(
            runProgram({ ...dev, "fastapi-eks:clusterName": "shop" }, earlier),
            /fastapi-eks:clusterName: is shop, but the app and its database run on fastapi-eks-test, and EKS cannot rename a cluster: .*Fix: pulumi config set clusterName fastapi-eks-test;/,
        );
        await assert.rejects(
            runProgram({ ...dev, "fastapi-eks:vpcCidr": "10.20.0.0/16" }, earlier),
            /fastapi-eks:vpcCidr: would put the cluster in a new VPC \(10\.20\.0\.0\/16\), but it was created in a new VPC \(10\.0\.0\.0\/16\), and EKS never moves a cluster to another VPC\. Fix: pulumi config set vpcCidr 10\.0\.0\.0\/16/,
        );
        const inVpc = stackSettings("existing-vpc");
        await assert.rejects(
            runProgram({ ...inVpc, "fastapi-eks:vpcId": "vpc-0123456789abcdef9" }, await deployedOutputs(await runProgram(inVpc))),
            /fastapi-eks:vpcId: would put the cluster in vpc-0123456789abcdef9, but it was created in vpc-\w+, .*Fix: pulumi config set vpcId vpc-/,
        );
        // So is a stack from before the record, by its namespace output.
        await assert.rejects(
            runProgram({ ...dev, "fastapi-eks:namespace": "shop" }, { namespace: "my-cool-app" }),
            /fastapi-eks:namespace: is shop/,
        );
        // With the data in Aurora and nothing protected, the objects move cleanly.
        const onAurora = await deployedOutputs(await runProgram(auroraDev));
        await runProgram({ ...auroraDev, "fastapi-eks:namespace": "shop" }, onAurora);
        assert.ok(registrations().length > 0);
        // A minor release of the same major reads them.
        await runProgram({ ...dev, "fastapi-eks:dbImage": "postgres:17.7" }, earlier);
        assert.ok(registrations().length > 0);
    });

    it("on an existing cluster, createStorageClass off where the stack made its database's class: refused, the class kept", async () => {
        const existing = stackSettings("existing-cluster");
        const made = await deployedOutputs(await runProgram(existing));
        await assert.rejects(
            runProgram({ ...existing, "fastapi-eks:createStorageClass": false }, made),
            /fastapi-eks:createStorageClass: is false, but the stack made the StorageClass ebs-sc of the database's volume, which would be deleted, and the volume could no longer grow\. Fix: pulumi config set createStorageClass true/,
        );
        assert.deepEqual(registrations(), []);
        // A class of the cluster's own, from the first up, stays the stack's choice.
        const theirs = { ...existing, "fastapi-eks:createStorageClass": false };
        await runProgram(theirs, await deployedOutputs(await runProgram(theirs)));
        assert.ok(registrations().length > 0);
    });
});
