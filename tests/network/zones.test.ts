/**
 * A created cluster's zones and node type, checked against what AWS offers
 * (EC2 DescribeAvailabilityZones, DescribeSubnets and DescribeInstanceTypeOfferings) before
 * anything is registered.
 */
import * as assert from "node:assert/strict";
import { invocations } from "../../tools/offline/mockRuntime";
import { one, registrations, reveal } from "../harness";
import { runProgram, stackSettings } from "../program";

const dev = stackSettings("dev");

describe("zones and node types AWS offers", () => {
    it("refused at preview, before anything is registered: a misspelt type, a type some zone lacks (a new VPC's or an existing one's), more zones than the region has", async () => {
        for (const [settings, message] of [
            [
                { ...dev, "fastapi-eks:nodeInstanceType": "m7g.lagre" },
                /fastapi-eks:nodeInstanceType: m7g\.lagre is not offered in us-east-1a, us-east-1b .*Fix: pulumi config set nodeInstanceType/,
            ],
            [
                { ...dev, "fastapi-eks:nodeInstanceType": "m7i-flex.large" },
                /fastapi-eks:nodeInstanceType: m7i-flex\.large is not offered in us-east-1b \(/,
            ],
            [
                // An existing VPC: the zones of its private subnets, where the node group launches (subnet-...3 in a, ...4 in b).
                {
                    ...dev,
                    "fastapi-eks:vpcId": "vpc-0123456789abcdef0",
                    "fastapi-eks:publicSubnetIds": ["subnet-00000000000000001", "subnet-00000000000000002"],
                    "fastapi-eks:privateSubnetIds": ["subnet-00000000000000003", "subnet-00000000000000004"],
                    "fastapi-eks:nodeInstanceType": "m7i-flex.large",
                },
                /fastapi-eks:nodeInstanceType: m7i-flex\.large is not offered in us-east-1b \(/,
            ],
            [
                // A region of the right form that AWS never made: the provider refuses it, and the key is named.
                { ...dev, "aws:region": "us-eats-1" },
                /- aws:region: us-eats-1 is not a region the AWS provider knows \(Invalid AWS Region: us-eats-1\)\. Fix: pulumi config set aws:region us-east-1/,
            ],
            [
                { ...dev, "aws:region": "us-west-1", "fastapi-eks:availabilityZoneCount": 3 },
                /fastapi-eks:availabilityZoneCount: is 3, but us-west-1 has 2 zones a new VPC for EKS can use .*Fix: pulumi config set availabilityZoneCount 2/,
            ],
        ] as [Record<string, unknown>, RegExp][]) {
            await assert.rejects(runProgram(settings), message);
            assert.deepEqual(registrations(), []);
        }
    });

    it("asks EC2 about the zones the VPC takes, for the node group's type", async () => {
        const before = invocations.length;
        // A run of its own (runProgram reuses an earlier run of the same settings, and its invokes with it).
        await runProgram({ ...dev, "fastapi-eks:nodeInstanceType": "m6i.large" }, {}, true);
        const asked = invocations.slice(before).find((i) => i.token === "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings");
        const subnets = ["platform-network-private-0", "platform-network-private-1"].map(
            (n) => reveal(one("aws:ec2/subnet:Subnet", n).inputs).availabilityZone,
        );
        assert.deepEqual(asked?.inputs.filters, [
            { name: "instance-type", values: ["m6i.large"] },
            { name: "location", values: subnets },
        ]);
    });

    it("Auto Mode has no type to check; a live VPC keeps its own zones, whatever the region lists now", async () => {
        let before = invocations.length;
        await runProgram({ ...dev, "fastapi-eks:autoMode": true, "fastapi-eks:appReplicas": 3 }, {}, true);
        const tokens = invocations.slice(before).map((i) => i.token);
        assert.ok(tokens.includes("aws:index/getAvailabilityZones:getAvailabilityZones"), "a run of its own, whose zones were asked for");
        assert.ok(!tokens.includes("aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings"));
        // us-west-1 lists two zones now; a stack made with three keeps them, and the type is checked in those.
        const live = ["us-west-1a", "us-west-1b", "us-west-1c"];
        before = invocations.length;
        await runProgram(
            { ...dev, "aws:region": "us-west-1", "fastapi-eks:availabilityZoneCount": 3 },
            { lastApplied: { availabilityZones: live } },
        );
        const asked = invocations.slice(before).find((i) => i.token === "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings");
        assert.deepEqual((asked?.inputs.filters as unknown[])[1], { name: "location", values: live });
    });
});
