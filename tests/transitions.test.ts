/**
 * The second `up`: the program evaluated for a live stack's settings, then
 * for changed ones, and what the engine would do with the difference. The
 * providers' own rules (what forces a replacement, what AWS refuses) never run
 * under mocks, so each one a test relies on is cited beside it.
 */
import * as assert from "node:assert/strict";
import { AURORA_ENGINE_VERSION, SECRET_VERSION_ANNOTATION } from "../components";
import { invocations } from "../tools/offline/mockRuntime";
import { Registration, ofType, one, registrations, reveal } from "./harness";
import { StackSettings, deployedOutputs, runProgram, secure, stackSettings } from "./program";

type Snapshot = Map<string, { reg: Registration; inputs: any }>;

/** What the program registers for these settings, by URN, secrets revealed. */
async function snapshot(settings: StackSettings): Promise<Snapshot> {
    await runProgram(settings);
    return new Map(registrations().map((r) => [r.urn, { reg: r, inputs: reveal(r.inputs) }]));
}

/** The resources whose inputs differ between two evaluations, by name. */
function changed(before: Snapshot, after: Snapshot): string[] {
    return [...after.values()]
        .filter(({ reg, inputs }) => before.has(reg.urn) && JSON.stringify(before.get(reg.urn)?.inputs) !== JSON.stringify(inputs))
        .map(({ reg }) => reg.name)
        .sort();
}

const byName = (s: Snapshot, name: string) => [...s.values()].find((e) => e.reg.name === name) ?? assert.fail(`no ${name}`);
const auroraDev = { ...stackSettings("dev"), "fastapi-eks:database": "aurora" };

describe("later `pulumi up`s", () => {
    describe("a new app password on Aurora", () => {
        let old: Snapshot;
        let rotated: Snapshot;
        before(async () => {
            old = await snapshot(auroraDev);
            rotated = await snapshot({ ...auroraDev, "fastapi-eks:dbPassword": secure("a-new-password-for-the-app") });
        });

        it("reaches Aurora first: the credentials change, so the bootstrap Job's template does, and the Job is replaced and runs again", () => {
            const job = "bookstore-aurora-bootstrap";
            const annotation = (s: Snapshot) => byName(s, job).inputs.spec.template.metadata.annotations[SECRET_VERSION_ANNOTATION];
            assert.match(annotation(old), /^\d+$/, "the credentials Secret's resourceVersion");
            assert.notEqual(annotation(rotated), annotation(old));
            // pulumi-kubernetes provider/pkg/provider/diff.go: a batch/v1 Job's `.spec.template` forces a replacement;
            // its fixed name makes the provider delete the old Job first (provider.go, Check/Diff on metadata.name).
            assert.ok(changed(old, rotated).includes(job));
            assert.equal(
                byName(rotated, "bookstore-aurora-credentials").inputs.stringData.WORKSHOP_POSTGRES_PASSWORD,
                "a-new-password-for-the-app",
            );
        });

        it("then the app: its Secret waits for the Job, and its pods roll onto the new password", () => {
            const jobUrn = byName(rotated, "bookstore-aurora-bootstrap").reg.urn;
            assert.ok(
                byName(rotated, "bookstore-app-secret").reg.dependencies.includes(jobUrn),
                "the app's Secret is written after the Job has run",
            );
            const podAnnotations = (s: Snapshot) => byName(s, "bookstore-app-deployment").inputs.spec.template.metadata.annotations;
            assert.ok(podAnnotations(old)[SECRET_VERSION_ANNOTATION]);
            assert.notEqual(podAnnotations(rotated)[SECRET_VERSION_ANNOTATION], podAnnotations(old)[SECRET_VERSION_ANNOTATION]);
        });

        it("an unrelated change re-runs nothing: the Job and the app's pods keep their templates", async () => {
            const other = await snapshot({ ...auroraDev, "fastapi-eks:backupSchedule": "0 4 * * *" });
            assert.deepEqual(changed(old, other), ["bookstore-backup-cronjob"]);
        });
    });

    it("Aurora after AWS's minor upgrade: the version is set at create only, and the writer follows the cluster", async () => {
        await runProgram(auroraDev);
        const cluster = one("aws:rds/cluster:Cluster", "bookstore-aurora-cluster");
        // After a refresh the state holds 17.x; a program that still said 17.4 would ask RDS for a downgrade,
        // which it refuses ("Cannot upgrade aurora-postgresql from 17.x to 17.4", RDS ModifyDBCluster).
        assert.deepEqual(cluster.ignoreChanges, ["engineVersion"]);
        assert.equal(reveal(cluster.inputs).engineVersion, AURORA_ENGINE_VERSION, "the major version is set when the cluster is made");
        const writer = reveal(one("aws:rds/clusterInstance:ClusterInstance", "bookstore-aurora-writer").inputs);
        assert.equal(writer.engineVersion, undefined, "an instance of an Aurora cluster takes the cluster's version");
    });

    it("a Graviton node type: arm64 nodes, the image built for them under a tag of its own, and the app's pods only on them", async () => {
        const before = await snapshot(stackSettings("dev"));
        const after = await snapshot({ ...stackSettings("dev"), "fastapi-eks:nodeInstanceType": "t4g.medium" });
        const image = (s: Snapshot) => byName(s, "bookstore-image-image").inputs;
        assert.deepEqual([image(before).platforms, image(after).platforms], [["linux/amd64"], ["linux/arm64"]]);
        const tag = (s: Snapshot) => image(s).tags[0].split(":").pop();
        assert.match(tag(before), /^git-[0-9a-f]{12}-amd64$/);
        assert.equal(tag(after), tag(before).replace(/-amd64$/, "-arm64"));
        assert.equal(byName(after, "bookstore-image-repository").inputs.imageTagMutability, "IMMUTABLE");
        // The AMI follows the type: unset, EKS takes x86 and refuses a Graviton group. Both force a new group
        // (terraform-provider-aws eks/node_group.go: ami_type and instance_types are ForceNew), made before the old
        // one is deleted and drained, its name being generated.
        const nodes = (s: Snapshot) => byName(s, "platform-cluster-nodes").inputs;
        assert.deepEqual(
            [before, after].map((s) => [nodes(s).instanceTypes, nodes(s).amiType, nodes(s).nodeGroupName]),
            [
                [["t3.medium"], "AL2023_x86_64_STANDARD", undefined],
                [["t4g.medium"], "AL2023_ARM_64_STANDARD", undefined],
            ],
        );
        // Meanwhile the old x86 nodes are still there: the arm64 image's pods wait for an arm64 node instead of
        // failing on one of those, and the old pod serves until a new one is ready.
        const pods = (s: Snapshot) => byName(s, "bookstore-app-deployment").inputs.spec;
        assert.deepEqual(
            [before, after].map((s) => pods(s).template.spec.nodeSelector),
            [{ "kubernetes.io/arch": "amd64" }, { "kubernetes.io/arch": "arm64" }],
        );
        assert.deepEqual(pods(after).strategy.rollingUpdate, { maxUnavailable: 0, maxSurge: 1 });
    });

    describe("what the live stack holds, read back from its own last outputs (lastApplied)", () => {
        const dev = stackSettings("dev");
        let earlier: Record<string, unknown>;
        before(async () => {
            earlier = await deployedOutputs(await runProgram(dev));
        });

        it("records the VPC's zones, the database volume's size, and that the cluster has no default security groups", () => {
            assert.deepEqual(earlier.lastApplied, {
                availabilityZones: ["us-east-1a", "us-east-1b"],
                dbStorageSize: "1Gi",
                namespace: "my-cool-app",
                namespaceMade: true,
                identityMode: "podIdentity",
                region: "us-east-1",
                clusterName: "fastapi-eks-test",
                vpcCidr: "10.0.0.0/16",
                database: "inCluster",
                dbName: "bookstore",
                dbUser: "bookdbadmin",
                backupBucket: "made",
                dbImage: "postgres:17.6",
                dbStorageClass: "ebs-sc",
                dbStorageClassMade: true,
                defaultSecurityGroups: false,
                clusterHome: "created",
                autoMode: false,
                kubernetesVersion: "1.35",
                appIngress: { name: "fastapi-ingress", scheme: "internet-facing" },
                lbControllerChartVersion: "3.5.0",
            });
        });

        it("Auto Mode on or off for a live created cluster: refused, since each mode has its own EBS driver and ALB controller", async () => {
            await assert.rejects(
                runProgram({ ...dev, "fastapi-eks:autoMode": true }, earlier),
                /fastapi-eks:autoMode: is true, but the cluster was created without Auto Mode, .*Fix: pulumi stack init <a new stack> .* or pulumi config set autoMode false/,
            );
            assert.deepEqual(registrations(), []);
        });

        it("another home for the app: refused before anything is registered, since the objects would be deleted where they are", async () => {
            // A changed Kubernetes provider replaces every object (delete on the old cluster, create on the new); with
            // the data protected the deletes fail after the new cluster is made: refused at preview instead.
            const attached = { ...dev, "fastapi-eks:createCluster": false, "fastapi-eks:clusterName": "workshop" };
            await assert.rejects(
                runProgram(attached, earlier),
                /fastapi-eks:createCluster: would move the app and its database from the cluster the stack created to an existing cluster, .*Fix: pulumi stack init <a new stack>/,
            );
            assert.deepEqual(registrations(), []);
            const local = { ...stackSettings("local") };
            await assert.rejects(
                runProgram(local, earlier),
                /fastapi-eks:localCluster: would move the app and its database from the cluster the stack created to a laptop's cluster/,
            );
            // The same existing cluster, reached by kubeconfig instead of by name: the same home.
            const byName = await deployedOutputs(await runProgram(attached));
            const context = "arn:aws:eks:us-east-1:012345678901:cluster/workshop";
            await runProgram({ ...dev, "fastapi-eks:createCluster": false, "fastapi-eks:kubeContext": context }, byName);
            assert.ok(registrations().length > 0);
        });

        it("pulumi-eks's unused security groups: none on a new cluster, and a cluster created with them keeps them", async () => {
            // pulumi-eks nodejs/eks/cluster/cluster.ts builds them unless skipDefaultSecurityGroups (or Auto Mode); a
            // ManagedNodeGroup uses none of them (nodejs/eks/nodes/nodegroup.ts). Dropping them from a live cluster
            // would update its security groups (terraform-provider-aws eks/cluster.go, vpc_config.0.security_group_ids)
            // and delete groups its network interfaces hold: so a live cluster that has them keeps them.
            const skip = () => reveal(one("eks:index:Cluster", "platform-cluster-eks").inputs).skipDefaultSecurityGroups;
            await runProgram(dev, earlier);
            assert.equal(skip(), true, "the next up of a new stack keeps them off");
            const before = { availabilityZones: ["us-east-1a", "us-east-1b"], dbStorageSize: "1Gi" };
            const outputs = await deployedOutputs(await runProgram(dev, { lastApplied: before }));
            assert.equal(skip(), false, "a stack deployed before the record keeps them");
            assert.equal((outputs.lastApplied as Record<string, unknown>).defaultSecurityGroups, true);
            await runProgram(dev, { namespace: "my-cool-app" });
            assert.equal(skip(), false, "so does one from before lastApplied");
            await runProgram({ ...dev, "fastapi-eks:autoMode": true });
            assert.equal(skip(), undefined, "Auto Mode: pulumi-eks's own default, none");
        });

        it("more zones on a live cluster: refused before anything is registered, naming the zones EKS keeps it in", async () => {
            // Amazon EKS User Guide, "View Amazon EKS networking requirements for VPC and subnets": all subnets
            // added to a cluster must be in the AZs it was created with; the new subnets and NAT gateways would
            // have been made before EKS refused the cluster's update.
            await assert.rejects(
                runProgram({ ...dev, "fastapi-eks:availabilityZoneCount": 3 }, earlier),
                (e: Error) =>
                    e.name === "ConfigError" &&
                    e.message.includes(
                        "fastapi-eks:availabilityZoneCount: is 3, but the cluster was created in 2 zones (us-east-1a, us-east-1b)",
                    ) &&
                    e.message.includes("Fix: pulumi config set availabilityZoneCount 2"),
            );
            assert.deepEqual(registrations(), []);
        });

        it("the region's zones moved since (another listed, or one excluded): the VPC keeps its own, so no subnet is replaced", async () => {
            const from = invocations.length;
            await runProgram(dev, { lastApplied: { availabilityZones: ["us-east-1b", "us-east-1c"], dbStorageSize: "1Gi" } }, true);
            const zones = ofType("aws:ec2/subnet:Subnet").map((r) => `${r.name} ${reveal(r.inputs).availabilityZone}`);
            assert.deepEqual(zones.sort(), [
                "platform-network-private-0 us-east-1b",
                "platform-network-private-1 us-east-1c",
                "platform-network-public-0 us-east-1b",
                "platform-network-public-1 us-east-1c",
            ]);
            assert.ok(
                !invocations.slice(from).some((i) => i.token === "aws:index/getAvailabilityZones:getAvailabilityZones"),
                "not looked up again",
            );
        });

        it("a bigger dbStorageSize grows the live volume: its claim is patched in place; the StatefulSet's template stays as created", async () => {
            await runProgram({ ...dev, "fastapi-eks:dbStorageSize": "5Gi" }, earlier);
            // pulumi-kubernetes provider/pkg/provider/provider.go (Diff): a Patch resource is updated in place for all
            // but its name and namespace, where a PersistentVolumeClaim's `.spec.resources` would force a replacement (diff.go).
            const patch = one("kubernetes:core/v1:PersistentVolumeClaimPatch", "bookstore-db-volume");
            const claim = reveal(patch.inputs);
            assert.equal(claim.metadata.name, "postgres-data-fastapi-postgres-0");
            assert.equal(claim.spec.resources.requests.storage, "5Gi");
            assert.ok(
                patch.dependencies.includes(one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset").urn),
                "once the StatefulSet has made the claim",
            );
            assert.ok(
                one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset").ignoreChanges.includes("spec.volumeClaimTemplates"),
            );
        });

        it("a smaller dbStorageSize: refused before anything is registered, since a volume never shrinks", async () => {
            await assert.rejects(
                runProgram({ ...dev, "fastapi-eks:dbStorageSize": "512Mi" }, earlier),
                /fastapi-eks:dbStorageSize: is 512Mi, but the database's volume is 1Gi, and a volume can grow but never shrink\. Fix: pulumi config set dbStorageSize 1Gi/,
            );
            assert.deepEqual(registrations(), []);
        });
    });

    describe("the Pod Identity agent on an existing cluster", () => {
        const existing = { ...stackSettings("existing-cluster") };
        const AGENT = "platform-pod-identity-agent";
        const agents = () => registrations().filter((r) => r.name === AGENT);

        it("installed where the cluster lacks it (EKS answers 409 to a second create), before what needs it, and left on the cluster by destroy", async () => {
            const earlier = await deployedOutputs(await runProgram(existing));
            const [agent] = agents();
            assert.equal(reveal(agent.inputs).addonName, "eks-pod-identity-agent");
            assert.equal(agent.retainOnDelete, true, "other workloads on the cluster may have come to use it");
            const backupRole = registrations().find(
                (r) => r.type === "kubernetes:core/v1:ServiceAccount" && r.name.startsWith("bookstore-backup-dump"),
            );
            assert.ok(backupRole?.dependencies.includes(agent.urn), "the backups' account waits for the agent");
            assert.deepEqual((earlier.lastApplied as Record<string, unknown>).podIdentityAgent, "installed");

            // The next up: EKS now reports the agent (the stack's own), and the stack keeps it, so nothing is deleted.
            // (The mocks' cluster that reports it goes by another name: the stack is taken to have been on it.)
            const there = { ...(earlier.lastApplied as object), clusterName: "workshop-with-addons" };
            await runProgram({ ...existing, "fastapi-eks:clusterName": "workshop-with-addons" }, { ...earlier, lastApplied: there });
            assert.equal(agents().length, 1);
        });

        it("where the cluster runs it already: none, and the stack never owns it", async () => {
            await runProgram({ ...existing, "fastapi-eks:clusterName": "workshop-with-addons" });
            assert.deepEqual(agents(), []);
        });

        it("a stack from before lastApplied, whose add-ons made it install the agent, keeps it rather than delete it", async () => {
            await runProgram({ ...existing, "fastapi-eks:clusterName": "workshop-with-addons" }, { namespace: "my-cool-app" });
            assert.equal(agents().length, 1);
            assert.equal(agents()[0].retainOnDelete, true);
        });
    });
});
