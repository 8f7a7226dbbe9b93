/**
 * A created cluster's version on a live stack, against the recorded one and
 * the one EKS reports (config/kubernetesVersion.ts), and the second `up` that
 * moves it (the providers' rules, which never run under mocks, cited beside).
 */
import * as assert from "node:assert/strict";
import { kubernetesVersionCheck } from "../../config";
import { MOCK_EBS_ADDON_VERSION, one, registrations, reveal } from "../harness";
import { deployedOutputs, runProgram, stackSettings } from "../program";

describe("kubernetesVersion on a live cluster", () => {
    it("one minor version up, or none, applies; what EKS reports wins over the record", () => {
        for (const [wanted, recorded, live] of [
            ["1.35", "1.35", undefined],
            ["1.36", "1.35", undefined],
            ["1.36", "1.35", "1.35"],
            ["1.37", "1.35", "1.36"], // EKS moved it to 1.36: 1.37 is one more
            ["1.35", "1.36", "1.35"], // the recorded step never applied (its up failed): EKS runs what is wanted
            ["1.36", "1.36", "1.35"], // and the step is tried again
        ] as const)
            assert.deepEqual(kubernetesVersionCheck(wanted, recorded, live), {}, `${wanted} over ${recorded}, EKS ${live}`);
    });

    it("after EKS upgraded the cluster by itself: down is refused with a refresh in the fix; the same version warns to refresh", () => {
        assert.match(
            kubernetesVersionCheck("1.35", "1.35", "1.36").problem ?? "",
            /runs 1\.36 \(EKS upgraded it since the last up, .*never downgrades a cluster\. Fix: pulumi config set kubernetesVersion 1\.36, then pulumi up --refresh/,
        );
        const same = kubernetesVersionCheck("1.36", "1.35", "1.36");
        assert.equal(same.problem, undefined);
        assert.match(same.warning ?? "", /from 1\.35 to 1\.36 since the last up\. Run pulumi up --refresh/);
        // A stack from before the record: EKS's answer is what runs, and its state may be older.
        assert.match(
            kubernetesVersionCheck("1.34", undefined, "1.35").problem ?? "",
            /runs 1\.35, and EKS never downgrades.*pulumi up --refresh/,
        );
    });

    it("a downgrade or a skipped minor version the stack itself made: refused, with the version to set", () => {
        assert.match(
            kubernetesVersionCheck("1.34", "1.35", undefined).problem ?? "",
            /Fix: pulumi config set kubernetesVersion 1\.35 \(an older version needs a new stack: pulumi stack init\)$/,
        );
        assert.match(
            kubernetesVersionCheck("1.36", "1.34", undefined).problem ?? "",
            /one minor version at a time\. Fix: pulumi config set kubernetesVersion 1\.35, pulumi up, and so on to 1\.36$/,
        );
    });

    describe("the second up", () => {
        const dev = stackSettings("dev");
        let earlier: Record<string, unknown>;
        before(async () => {
            earlier = await deployedOutputs(await runProgram(dev));
        });

        it("a newer kubernetesVersion: the control plane, then the nodes onto it; one minor version at a time, never back", async () => {
            // Amazon EKS User Guide: update-cluster, "you can update only one minor version at a time" and "You cannot
            // downgrade"; kubernetes-versions, a managed node group's instances "aren't automatically upgraded" with
            // the control plane. UpdateClusterVersion would refuse the others half-way through the up.
            await runProgram({ ...dev, "fastapi-eks:kubernetesVersion": "1.36" }, earlier);
            const cluster = one("eks:index:Cluster", "platform-cluster-eks");
            const nodes = one("eks:index:ManagedNodeGroup", "platform-cluster-nodes");
            assert.equal(reveal(cluster.inputs).version, "1.36");
            assert.equal(reveal(nodes.inputs).version, "1.36", "the nodes follow the control plane");
            assert.ok(nodes.dependencies.includes(cluster.urn), "once the control plane is updated");
            // EKS updates no add-on with the control plane (EKS User Guide, update-cluster: after it, "To update an add-on"…): an unpinned EBS CSI
            // driver moves to the newest for the new version in that up, and otherwise stays as installed.
            // So do the add-ons EKS versioned when the stack installed them (none is set otherwise, and each keeps its own).
            const addon = () => one("aws:eks/addon:Addon", "platform-ebs-csi-addon");
            const versions = () =>
                ["platform-cluster-pod-identity-agent", "platform-metrics-server", "platform-container-insights-addon"].map(
                    (n) => reveal(one("aws:eks/addon:Addon", n).inputs).addonVersion,
                );
            assert.deepEqual(addon().ignoreChanges, []);
            const full = { ...dev, "fastapi-eks:observability": "full" };
            await runProgram({ ...full, "fastapi-eks:kubernetesVersion": "1.36" }, earlier);
            assert.deepEqual(versions(), Array(3).fill(MOCK_EBS_ADDON_VERSION));
            await runProgram(full, earlier);
            assert.deepEqual(addon().ignoreChanges, ["addonVersion"]);
            assert.deepEqual(versions(), Array(3).fill(undefined));
            await assert.rejects(
                runProgram({ ...dev, "fastapi-eks:kubernetesVersion": "1.34" }, earlier),
                /fastapi-eks:kubernetesVersion: is 1\.34, but the cluster runs 1\.35, and EKS never downgrades a cluster\. Fix: pulumi config set kubernetesVersion 1\.35 /,
            );
            assert.deepEqual(registrations(), []);
            // EKS moved the live cluster on (mocks: a name that says "upgraded" runs 1.36), as at the end of support.
            const moved = { ...dev, "fastapi-eks:clusterName": "fastapi-eks-upgraded" };
            const recorded = await deployedOutputs(await runProgram(moved));
            await assert.rejects(
                runProgram(moved, recorded),
                /fastapi-eks:kubernetesVersion: is 1\.35, but the cluster runs 1\.36 \(EKS upgraded it since the last up, .*\), and EKS never downgrades a cluster\. Fix: pulumi config set kubernetesVersion 1\.36, then pulumi up --refresh,/,
            );
            assert.deepEqual(registrations(), []);
            await runProgram({ ...moved, "fastapi-eks:kubernetesVersion": "1.36" }, recorded);
            assert.equal(reveal(one("eks:index:ManagedNodeGroup", "platform-cluster-nodes").inputs).version, "1.36");
            const older = { ...earlier, lastApplied: { ...(earlier.lastApplied as object), kubernetesVersion: "1.33" } };
            await assert.rejects(
                runProgram(dev, older),
                /fastapi-eks:kubernetesVersion: is 1\.35, but the cluster runs 1\.33, and EKS updates a cluster one minor version at a time\. Fix: pulumi config set kubernetesVersion 1\.34, pulumi up, and so on to 1\.35$/,
            );
            assert.deepEqual(registrations(), []);
        });
    });
});
