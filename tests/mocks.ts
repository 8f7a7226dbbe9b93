/**
 * The tests' own cases, layered over the offline runtime's neutral answers
 * (tools/offline/mockOutputs.ts), which the offline plan uses as they are.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockCallArgs, MockResourceArgs, Mocks } from "@pulumi/pulumi/runtime/mocks";
import { mocks, providerError } from "../tools/offline/mockRuntime";

/** The stack's outputs from its last `up`, as a StackReference to the stack itself reads them; runProgram sets them. */
export const earlierOutputs: { value: Record<string, unknown> } = { value: {} };

const PUBLIC_ONLY_VPC = "vpc-0b00000000000000p";

export const testMocks: Mocks = {
    newResource: (args: MockResourceArgs) => {
        if (args.type === "pulumi:pulumi:StackReference") {
            return { id: `${args.name}-id`, state: { name: args.inputs.name, outputs: earlierOutputs.value, secretOutputNames: [] } };
        }
        return mocks.newResource(args);
    },
    call: (args: MockCallArgs) => {
        // An image whose tag says so was never pushed, and ECR answers so.
        if (args.token === "aws:ecr/getImage:getImage" && args.inputs.imageTag === "missing") {
            mocks.call(args);
            throw providerError("ImageNotFoundException: The image requested does not exist in the specified repository.");
        }
        // No public zone for a domain under .invalid (RFC 2606 keeps it unregistered).
        if (args.token === "aws:route53/getZone:getZone" && String(args.inputs.name ?? "").endsWith("invalid")) {
            mocks.call(args);
            throw providerError("no matching Route 53 Hosted Zone found");
        }
        // A name that starts with "cname." has a CNAME record already.
        if (args.token === "aws:route53/getRecords:getRecords" && String(args.inputs.nameRegex).startsWith("^cname\\.")) {
            mocks.call(args);
            return { zoneId: args.inputs.zoneId, resourceRecordSets: [{ name: "cname.example.com.", type: "CNAME", ttl: 300 }] };
        }
        // A bucket whose name starts with "eu-" lives in eu-west-1, whatever region the lookup went to.
        if (args.token === "aws:s3/getBucket:getBucket" && String(args.inputs.bucket).startsWith("eu-")) {
            return { ...mocks.call(args), bucketRegion: "eu-west-1" };
        }
        // A misspelt instance type ("lagre") is offered nowhere; "m7i-flex" only in the first zone.
        if (args.token === "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings") {
            const answer = mocks.call(args) as { instanceTypes: string[]; locations: string[] };
            if (answer.instanceTypes.some((t) => t.includes("lagre"))) return { ...answer, locations: [] };
            if (answer.instanceTypes.some((t) => t.startsWith("m7i-flex"))) return { ...answer, locations: answer.locations.slice(0, 1) };
            return answer;
        }
        // In us-west-1, a new account sees two zones.
        if (
            args.token === "aws:index/getAvailabilityZones:getAvailabilityZones" &&
            pulumi.runtime.allConfig()["aws:region"] === "us-west-1"
        ) {
            mocks.call(args);
            return { names: ["us-west-1a", "us-west-1c"], zoneIds: ["usw1-az1", "usw1-az3"] };
        }
        // The provider's SDK lists no region us-eats-1 (aws-sdk-go-base ValidateRegion), and says so on its first use.
        if (args.token === "aws:index/getRegion:getRegion" && pulumi.runtime.allConfig()["aws:region"] === "us-eats-1") {
            mocks.call(args);
            throw providerError("Invalid AWS Region: us-eats-1");
        }
        // A cluster whose name says "public-only" is in a VPC whose only (main) route table goes to an internet gateway.
        if (args.token === "aws:eks/getCluster:getCluster" && String(args.inputs.name).includes("public-only")) {
            const found = mocks.call(args) as { vpcConfig: object };
            return { ...found, vpcConfig: { ...found.vpcConfig, vpcId: PUBLIC_ONLY_VPC } };
        }
        if (args.token === "aws:ec2/getRouteTables:getRouteTables" && args.inputs.vpcId === PUBLIC_ONLY_VPC) {
            return { ids: ["rtb-0b00000000000000m"], vpcId: PUBLIC_ONLY_VPC };
        }
        if (args.token === "aws:ec2/getRouteTable:getRouteTable" && args.inputs.routeTableId === "rtb-0b00000000000000m") {
            return { routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0b000000000000000" }], associations: [{ main: true }] };
        }
        // The cluster a stack created, looked up by a later up: EKS moved one whose name says "upgraded" to 1.36
        // (as at the end of a version's support); the others are not found, so the version the stack recorded stands.
        if (args.token === "aws:eks/getCluster:getCluster" && String(args.inputs.name).startsWith("fastapi-eks-")) {
            const found = mocks.call(args) as object;
            if (String(args.inputs.name).includes("upgraded")) return { ...found, version: "1.36" };
            throw providerError(`couldn't find resource: ResourceNotFoundException: No cluster found for name: ${args.inputs.name}.`);
        }
        // A created cluster whose name says "scaled-to-<n>": the autoscaler has its node group at n nodes.
        const scaled = /scaled-to-(\d+)/.exec(String(args.inputs.clusterName ?? ""));
        if (scaled && args.token === "aws:eks/getNodeGroups:getNodeGroups") {
            return { ...mocks.call(args), names: ["platform-cluster-nodes-0a1b2c3"] };
        }
        if (scaled && args.token === "aws:eks/getNodeGroup:getNodeGroup") {
            return { ...mocks.call(args), scalingConfigs: [{ desiredSize: Number(scaled[1]), minSize: 1, maxSize: 4 }] };
        }
        // A cluster whose name says "leftover" has the log groups of an earlier Container Insights install.
        if (args.token === "aws:cloudwatch/getLogGroup:getLogGroup" && String(args.inputs.name).includes("leftover")) {
            return { name: args.inputs.name, retentionInDays: 0 };
        }
        // A cluster whose name says so runs the add-on already.
        if (args.token === "aws:eks/getAddon:getAddon" && String(args.inputs.clusterName).includes("with-addons")) {
            return { addonName: args.inputs.addonName, addonVersion: "v1.3.4-eksbuild.1" };
        }
        return mocks.call(args);
    },
};
