/**
 * The tests' own cases, layered over the offline runtime's neutral answers
 * (tools/offline/mockOutputs.ts), which the offline plan uses as they are.
 */
import { MockCallArgs, MockResourceArgs, Mocks } from "@pulumi/pulumi/runtime/mocks";
import { mocks, providerError } from "../tools/offline/mockRuntime";

/** The stack's outputs from its last `up`, as a StackReference to the stack itself reads them; runProgram sets them. */
export const earlierOutputs: { value: Record<string, unknown> } = { value: {} };

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
        // A cluster whose name says so runs the add-on already.
        if (args.token === "aws:eks/getAddon:getAddon" && String(args.inputs.clusterName).includes("with-addons")) {
            return { addonName: args.inputs.addonName, addonVersion: "v1.3.4-eksbuild.1" };
        }
        return mocks.call(args);
    },
};
