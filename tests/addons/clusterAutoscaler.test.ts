/** The nodes follow the pods: Cluster Autoscaler on a created managed node group, within its bounds, with the least it needs. */
import * as assert from "node:assert/strict";
import { clusterAutoscalerPolicy, clusterAutoscalerValues } from "../../components";
import { one, ofType, reveal } from "../harness";
import { runProgram, stackSettings } from "../program";

const T = {
    release: "kubernetes:helm.sh/v3:Release",
    nodeGroup: "eks:index:ManagedNodeGroup",
    association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
};
const dev = stackSettings("dev");

describe("the node autoscaler (Cluster Autoscaler)", () => {
    it("may resize, or end an instance of, only the Auto Scaling groups EKS tags as this cluster's; everything else is reads", () => {
        const doc = clusterAutoscalerPolicy("fastapi-eks-dev");
        const [scale, discover] = doc.Statement;
        assert.deepEqual(scale.Action, ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
        assert.deepEqual(scale.Condition, { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/fastapi-eks-dev": "owned" } });
        for (const action of discover.Action as string[]) assert.match(action, /:(Describe|Get)[A-Za-z]+$/, action);
        assert.equal(doc.Statement.length, 2);
    });

    it("runs the image of the cluster's own minor version, finds the groups by their tags, under the account Pod Identity serves", () => {
        const v = clusterAutoscalerValues({ clusterName: "c", region: "eu-west-1", kubernetesVersion: "1.35" });
        assert.equal(v.image.tag, "v1.35.0");
        assert.deepEqual([v.cloudProvider, v.awsRegion, v.autoDiscovery.clusterName], ["aws", "eu-west-1", "c"]);
        assert.equal(v.rbac.serviceAccount.name, "cluster-autoscaler");
    });

    it("dev (2 to 4 nodes): installed after the nodes, and the node group leaves its size to it after creation", async () => {
        await runProgram(dev);
        const release = one(T.release, "platform-cluster-autoscaler-release");
        const r = reveal(release.inputs);
        assert.deepEqual(
            [r.chart, r.version, r.repositoryOpts.repo, r.namespace],
            ["cluster-autoscaler", "9.59.0", "https://kubernetes.github.io/autoscaler", "kube-system"],
        );
        assert.equal(r.values.image.tag, "v1.35.0", "the cluster's Kubernetes 1.35");
        const nodes = one(T.nodeGroup, "platform-cluster-nodes");
        assert.ok(release.dependencies.includes(nodes.urn), "it starts once there are nodes");
        // @pulumi/eks ManagedNodeGroupArgs.ignoreScalingChanges: "Whether to ignore changes to the desired size of the Auto
        // Scaling Group. This is useful when using Cluster Autoscaler."
        assert.equal(reveal(nodes.inputs).ignoreScalingChanges, true);
        assert.ok(
            ofType(T.association).some((a) => a.inputs.serviceAccount === "cluster-autoscaler" && a.inputs.namespace === "kube-system"),
        );
    });

    it("a node group that may shrink to zero (EKS UpdateNodegroupConfig: minSize 0) starts with its desired size, under the autoscaler", async () => {
        await runProgram({ ...dev, "fastapi-eks:nodeMinSize": 0, "fastapi-eks:nodeDesiredSize": 1, "fastapi-eks:nodeMaxSize": 3 });
        const nodes = reveal(one(T.nodeGroup, "platform-cluster-nodes").inputs);
        assert.deepEqual(nodes.scalingConfig, { minSize: 0, desiredSize: 1, maxSize: 3 });
        one(T.release, "platform-cluster-autoscaler-release");
    });

    it("a node group that cannot grow, or Auto Mode (whose Karpenter scales its nodes), gets none", async () => {
        await runProgram({ ...dev, "fastapi-eks:nodeMaxSize": 2 });
        assert.equal(ofType(T.release).filter((r) => r.name.includes("cluster-autoscaler")).length, 0);
        assert.notEqual(reveal(one(T.nodeGroup, "platform-cluster-nodes").inputs).ignoreScalingChanges, true);
        await runProgram({ ...dev, "fastapi-eks:autoMode": true });
        assert.equal(ofType(T.release).length, 0);
    });
});
