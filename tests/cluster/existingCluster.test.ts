/** An existing cluster under mocks: reached by kubeconfig (no AWS at all) or by name (looked up, with only the add-ons it lacks). */
import * as assert from "node:assert/strict";
import { MOCK_EXISTING_VPC, isSecretValue, k8sObjects, one, ofType, registrations, resolve, reveal } from "../harness";
import { EXAMPLE_IMAGE } from "../../config";
import { deployedOutputs, runProgram, secure, stackSettings, warningsAbout } from "../program";

const T = {
    cluster: "eks:index:Cluster",
    nodeGroup: "eks:index:ManagedNodeGroup",
    addon: "aws:eks/addon:Addon",
    release: "kubernetes:helm.sh/v3:Release",
    provider: "pulumi:providers:kubernetes",
};
// An image built elsewhere, so that the stack builds nothing into ECR.
const existing = { ...stackSettings("dev"), "fastapi-eks:createCluster": "false", "fastapi-eks:appImage": EXAMPLE_IMAGE };
const addon = (name: string) => ofType(T.addon).find((r) => r.inputs.addonName === name);
const awsResources = () => registrations().filter((r) => r.type.startsWith("aws:"));

describe("existing cluster", () => {
    it("through the kubeconfig: no AWS resource but the alarms, and with no aws:region none at all", async () => {
        await runProgram(existing);
        const alarms = "fastapi-eks:observability:Alarms::bookstore-alarms";
        assert.ok(awsResources().length > 0);
        for (const r of awsResources()) assert.ok(r.parent.endsWith(alarms), `${r.type} ${r.name} belongs to the alarms`);
        await runProgram(Object.fromEntries(Object.entries(existing).filter(([k]) => k !== "aws:region")));
        assert.equal(awsResources().length, 0);
        assert.equal(ofType(T.cluster).length, 0);
        assert.equal(ofType(T.release).length, 0);
        // The app and the database, in their namespace, and nothing of the cluster's own (no StorageClass, no add-on).
        const kinds = new Set(k8sObjects().map((r) => r.type.split(":").pop()));
        for (const kind of ["Namespace", "Deployment", "StatefulSet", "Service", "Ingress", "StorageClass"])
            assert.ok(kinds.has(kind), kind);
        assert.ok(!kinds.has("IngressClass") && !kinds.has("ClusterRole"), [...kinds].join(", "));
    });

    it("by clusterName: looks it up and authenticates with aws eks get-token", async () => {
        const outputs = await runProgram({ ...existing, "fastapi-eks:clusterName": "workshop-with-addons" });
        assert.equal(ofType(T.cluster).length, 0);
        // Nothing of the cluster's own (no add-on: it runs the Pod Identity agent already): only the backups'
        // bucket and roles, the stack's image repository with the copy of its image, and the alarms.
        const owners = [
            "fastapi-eks:backup:DbBackup::bookstore-backup",
            "fastapi-eks:image:AppImage::bookstore-image",
            "fastapi-eks:observability:Alarms::bookstore-alarms",
        ];
        assert.ok(awsResources().length > 0);
        for (const r of awsResources())
            assert.ok(
                owners.some((o) => r.parent.endsWith(o)),
                `${r.type} ${r.name} belongs to the backups, the image or the alarms`,
            );
        const kubeconfig = one(T.provider, "platform-k8s").inputs.kubeconfig;
        assert.ok(isSecretValue(kubeconfig));
        const user = JSON.parse(reveal(kubeconfig)).users[0].user.exec;
        assert.equal(user.command, "aws");
        assert.deepEqual(user.args, [
            "eks",
            "get-token",
            "--cluster-name",
            "workshop-with-addons",
            "--region",
            "us-east-1",
            "--output",
            "json",
        ]);
        assert.equal((await resolve(outputs.clusterName)).value, "workshop-with-addons");
    });

    it("by clusterName, with installEbsCsiDriver and installLbController: installs both for that cluster", async () => {
        await runProgram({
            ...existing,
            "fastapi-eks:clusterName": "workshop",
            "fastapi-eks:installEbsCsiDriver": "true",
            "fastapi-eks:installLbController": "true",
        });
        assert.equal(reveal(addon("aws-ebs-csi-driver")!.inputs).clusterName, "workshop");
        assert.equal(reveal(one(T.release, "platform-lb-controller-release").inputs).values.vpcId, MOCK_EXISTING_VPC);
        assert.equal(ofType(T.cluster).length, 0);
        assert.equal(ofType(T.nodeGroup).length, 0);
    });

    it("kubectl's current context: a warning at the first up, refused once the stack is up, until kubeContext names it", async () => {
        // pulumi-kubernetes reads the ambient kubeconfig at each run, and sees no change of its own inputs when
        // kubectl's current context moves (provider.go, DiffConfig): the next up would go to the other cluster.
        const first = await warningsAbout("kubeContext", () => runProgram(existing, {}, true));
        assert.deepEqual(first.length, 1);
        assert.match(
            first[0],
            /^fastapi-eks:kubeContext: is empty, so the stack follows kubectl's current context, .*; the next up refuses it\. Set it now: pulumi config set kubeContext </,
        );
        const live = await deployedOutputs(await runProgram(existing));
        await assert.rejects(
            runProgram(existing, live),
            /fastapi-eks:kubeContext: is empty, .*Fix: pulumi config set kubeContext <the context of the cluster the stack runs on>/,
        );
        assert.deepEqual(registrations(), []);
        const named = { ...existing, "fastapi-eks:kubeContext": "arn:aws:eks:us-east-1:012345678901:cluster/workshop" };
        assert.deepEqual(await warningsAbout("kubeContext", () => runProgram(named, live, true)), []);
        assert.ok(registrations().length > 0);
        // A kubeconfig of the stack's own holds its context itself.
        await runProgram({ ...existing, "fastapi-eks:kubeconfig": secure("apiVersion: v1\nkind: Config\n") }, live);
        assert.ok(registrations().length > 0);
    });

    it("an add-on the stack installed there, turned off: refused, with the way to leave it to the cluster's owner", async () => {
        // Uninstalled, the controller would no longer register a rollout's pods with the ALB, nor let the Ingress go;
        // the driver would no longer attach the database's volume where its pod starts.
        const byName = stackSettings("existing-cluster");
        const live = await deployedOutputs(await runProgram(byName));
        await assert.rejects(
            runProgram({ ...byName, "fastapi-eks:installLbController": false }, live),
            /fastapi-eks:installLbController: would uninstall the AWS Load Balancer Controller the stack installed, .*Fix: pulumi config set installLbController true \(to leave it to the cluster's owner: pulumi state delete <its URN>, from pulumi stack --show-urns, then set installLbController false\)/,
        );
        await assert.rejects(
            runProgram({ ...byName, "fastapi-eks:installEbsCsiDriver": false }, live),
            /fastapi-eks:installEbsCsiDriver: would uninstall the EBS CSI driver the stack installed, which attaches the database's volume/,
        );
        assert.deepEqual(registrations(), []);
        // With the data in Aurora no volume needs the driver, which goes.
        const aurora = { ...byName, "fastapi-eks:database": "aurora" };
        const onAurora = await deployedOutputs(await runProgram(aurora));
        assert.ok(addon("aws-ebs-csi-driver"));
        await runProgram({ ...aurora, "fastapi-eks:installEbsCsiDriver": false }, onAurora);
        assert.equal(addon("aws-ebs-csi-driver"), undefined);
    });
});
