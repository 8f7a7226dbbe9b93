/**
 * appMaxReplicas: a HorizontalPodAutoscaler that Pulumi does not fight. The
 * engine leaves an ignored property out of the diff by putting the old input
 * back in its place (pulumi/pulumi pkg/resource/deploy/step_generator.go,
 * processIgnoreChanges), and pulumi-kubernetes leaves it out of its
 * server-side apply once another manager owns it (provider/pkg/await/await.go,
 * handleSSAIgnoreFields): so what the autoscaler sets survives every `up`.
 */
import * as assert from "node:assert/strict";
import { SECRET_VERSION_ANNOTATION } from "../../components";
import { one, ofType, registrations, reveal } from "../harness";
import { runProgram, stackSettings } from "../program";

const T = {
    deployment: "kubernetes:apps/v1:Deployment",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    addon: "aws:eks/addon:Addon",
};
const dev = stackSettings("dev");
const scaled = { ...dev, "fastapi-eks:appReplicas": 2, "fastapi-eks:appMaxReplicas": 6 };

/** What the engine diffs: the new inputs, each ignored path given the old input's value (processIgnoreChanges). */
function diffed(oldInputs: any, newInputs: any, ignore: string[]): any {
    const copy = JSON.parse(JSON.stringify(newInputs));
    for (const p of ignore) {
        const keys = p.split(".");
        const from = keys.slice(0, -1).reduce((o, k) => o?.[k], oldInputs);
        const to = keys.slice(0, -1).reduce((o, k) => o?.[k], copy);
        if (from !== undefined && to !== undefined) to[keys[keys.length - 1]] = from[keys[keys.length - 1]];
    }
    return copy;
}

describe("the app's autoscaler (appMaxReplicas)", () => {
    it("scales the Deployment from appReplicas to appMaxReplicas on CPU, at 70% of the requests", async () => {
        await runProgram(scaled);
        const hpa = reveal(one(T.hpa, "bookstore-app-autoscaler").inputs);
        assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "fastapi-deployment" });
        assert.deepEqual([hpa.spec.minReplicas, hpa.spec.maxReplicas], [2, 6]);
        assert.deepEqual(hpa.spec.metrics, [
            { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
        ]);
        assert.ok(one(T.pdb, "bookstore-app-pdb"), "the budget follows the minimum, above one pod");
        // metrics-server, which the autoscaler reads, on the created cluster.
        assert.ok(ofType(T.addon).some((r) => r.inputs.addonName === "metrics-server"));
    });

    it("the Deployment sets its replica count only when created; later ups leave the autoscaler's count alone", async () => {
        await runProgram(scaled);
        const first = one(T.deployment, "bookstore-app-deployment");
        assert.equal(reveal(first.inputs).spec.replicas, 2, "created with the minimum");
        assert.deepEqual(first.ignoreChanges, ["spec.replicas"]);
        assert.equal(
            reveal(first.inputs).metadata.annotations["pulumi.com/patchForce"],
            "true",
            "takes the count back if the autoscaler goes",
        );
        // A second up, the autoscaler having scaled to 5 meanwhile, and the minimum raised to 3: nothing of spec.replicas is diffed.
        await runProgram({ ...scaled, "fastapi-eks:appReplicas": 3 });
        const second = one(T.deployment, "bookstore-app-deployment");
        const live = { ...reveal(first.inputs), spec: { ...reveal(first.inputs).spec, replicas: 5 } };
        assert.equal(diffed(live, reveal(second.inputs), second.ignoreChanges).spec.replicas, 5, "the live count stays");
        assert.equal(reveal(one(T.hpa, "bookstore-app-autoscaler").inputs).spec.minReplicas, 3, "the new minimum is the autoscaler's");
    });

    it("without appMaxReplicas: no autoscaler, and Pulumi owns the replica count", async () => {
        await runProgram(dev);
        assert.equal(ofType(T.hpa).length, 0);
        assert.deepEqual(one(T.deployment, "bookstore-app-deployment").ignoreChanges, []);
        assert.ok(registrations().length > 0);
    });

    it("on a cluster by name: metrics-server installed where asked and lacking, or the autoscaler refused before anything is registered", async () => {
        const existing = { ...stackSettings("existing-cluster"), "fastapi-eks:appReplicas": 2, "fastapi-eks:appMaxReplicas": 4 };
        await assert.rejects(
            runProgram(existing),
            /fastapi-eks:appMaxReplicas: the autoscaler needs metrics-server, and the cluster workshop has no metrics-server add-on\. Fix: pulumi config set installMetricsServer true/,
        );
        assert.deepEqual(registrations(), []);
        await runProgram({ ...existing, "fastapi-eks:installMetricsServer": true });
        const addon = ofType(T.addon).find((r) => r.inputs.addonName === "metrics-server");
        assert.ok(addon?.retainOnDelete, "installed, and left on the cluster by destroy");
        // A cluster that has it already: nothing installed, nothing refused.
        await runProgram({ ...existing, "fastapi-eks:clusterName": "workshop-with-addons" });
        assert.ok(!ofType(T.addon).some((r) => r.inputs.addonName === "metrics-server"));
        one(T.hpa, "bookstore-app-autoscaler");
    });

    it("Auto Mode: the workloads' NodePool has limits and a consolidation budget, and the database pod is never consolidated away", async () => {
        await runProgram({ ...dev, "fastapi-eks:autoMode": true });
        const pool = reveal(one("kubernetes:karpenter.sh/v1:NodePool", "platform-network-policy-node-pool").inputs);
        assert.deepEqual(pool.spec.limits, { cpu: "32", memory: "128Gi" });
        assert.deepEqual(pool.spec.disruption, {
            consolidationPolicy: "WhenEmptyOrUnderutilized",
            consolidateAfter: "5m",
            budgets: [{ nodes: "1" }],
        });
        const sts = reveal(one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset").inputs);
        assert.equal(sts.spec.template.metadata.annotations["karpenter.sh/do-not-disrupt"], "true");
        const budget = reveal(one(T.pdb, "bookstore-db-pdb").inputs);
        assert.equal(budget.spec.maxUnavailable, 0);
        assert.deepEqual(budget.spec.selector.matchLabels, sts.spec.selector.matchLabels);
        // On a managed node group the Cluster Autoscaler empties nodes: it honours its own annotation, and no budget,
        // which would also stop the node group's upgrades from draining the node.
        await runProgram(dev);
        assert.equal(ofType(T.pdb).filter((r) => r.name === "bookstore-db-pdb").length, 0);
        // (Beside the annotation that restarts it on a new password.)
        const annotations = () =>
            Object.entries(
                reveal(one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset").inputs).spec.template.metadata.annotations,
            ).filter(([k]) => k !== SECRET_VERSION_ANNOTATION);
        assert.deepEqual(annotations(), [["cluster-autoscaler.kubernetes.io/safe-to-evict", "false"]]);
        // A node group that cannot grow has no autoscaler, and the pod no annotation.
        await runProgram({ ...dev, "fastapi-eks:nodeMaxSize": 2 });
        assert.deepEqual(annotations(), []);
    });
});
