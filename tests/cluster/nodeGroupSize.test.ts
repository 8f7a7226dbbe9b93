/**
 * A created node group's bounds moved on a live stack whose Cluster
 * Autoscaler sets its size (config/kubernetesVersion.ts, nodeGroupResize).
 * EKS requires a group's size within its bounds ("Minimum capacity 3 can't be
 * greater than desired size 2", hashicorp/terraform-provider-aws#18310), and
 * the program leaves the size to the autoscaler (pulumi-eks
 * `ignoreScalingChanges`): where the size EKS reports is outside the new
 * bounds, this `up` sets it to the nearest.
 */
import * as assert from "node:assert/strict";
import { invocations } from "../../tools/offline/mockRuntime";
import { one, reveal } from "../harness";
import { deployedOutputs, runProgram, stackSettings } from "../program";

const NODES = "platform-cluster-nodes";
/** A live dev stack whose autoscaler has the group at `size` nodes (mocks: the cluster's name says so). */
const scaled = (size: number) => ({ ...stackSettings("dev"), "fastapi-eks:clusterName": `fastapi-eks-scaled-to-${size}` });
const nodes = () => reveal(one("eks:index:ManagedNodeGroup", NODES).inputs);

describe("a live node group's bounds, and the size the autoscaler gave it", () => {
    it("a minimum above the size, or a maximum below it: this up sets the size to the bound, the autoscaler's again after", async () => {
        const live = await deployedOutputs(await runProgram(scaled(2)));
        const bounds = (min: number, max: number) => ({ "fastapi-eks:nodeMinSize": min, "fastapi-eks:nodeMaxSize": max });
        await runProgram({ ...scaled(2), ...bounds(3, 5), "fastapi-eks:nodeDesiredSize": 3 }, live, true);
        assert.deepEqual([nodes().scalingConfig, nodes().ignoreScalingChanges], [{ desiredSize: 3, minSize: 3, maxSize: 5 }, false]);
        // EKS was asked for the group by the name Pulumi gave it.
        const asked = invocations.find((i) => i.token === "aws:eks/getNodeGroup:getNodeGroup");
        assert.ok(String(asked?.inputs.nodeGroupName).startsWith(`${NODES}-`));
        await runProgram({ ...scaled(5), ...bounds(2, 4) }, await deployedOutputs(await runProgram(scaled(5))), true);
        assert.deepEqual([nodes().scalingConfig.desiredSize, nodes().ignoreScalingChanges], [4, false]);
        // Within the bounds, the size stays the autoscaler's.
        await runProgram({ ...scaled(3), ...bounds(2, 5) }, await deployedOutputs(await runProgram(scaled(3))), true);
        assert.deepEqual([nodes().scalingConfig.desiredSize, nodes().ignoreScalingChanges], [2, true]);
    });

    it("a new stack asks EKS nothing, and neither does a group without the autoscaler", async () => {
        invocations.length = 0;
        await runProgram(scaled(2), {}, true);
        assert.equal(invocations.filter((i) => i.token.startsWith("aws:eks/getNodeGroup")).length, 0);
        const fixed = { ...scaled(2), "fastapi-eks:nodeMinSize": 3, "fastapi-eks:nodeMaxSize": 3, "fastapi-eks:nodeDesiredSize": 3 };
        const live = await deployedOutputs(await runProgram(scaled(2)));
        invocations.length = 0;
        await runProgram(fixed, live, true);
        assert.equal(invocations.filter((i) => i.token.startsWith("aws:eks/getNodeGroup")).length, 0);
        assert.deepEqual([nodes().scalingConfig.desiredSize, nodes().ignoreScalingChanges], [3, false]);
    });
});
