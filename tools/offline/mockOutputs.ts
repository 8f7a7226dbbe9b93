/**
 * What the mock providers answer: the outputs a real provider would add to a
 * resource's inputs, and the functions (invokes) the program calls, each
 * recorded in `invocations`. Neutral answers, as for a first deployment into
 * an account that has only what the stack names: an existing cluster has no
 * add-on, the stack has no earlier outputs, an image asked for exists. The
 * tests layer their own cases over these (tests/mocks.ts).
 */
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { Mocks, MockResourceArgs, MockCallArgs } from "@pulumi/pulumi/runtime/mocks";
import {
    MOCK_ACCOUNT,
    MOCK_ALB_HOSTNAME,
    MOCK_CA,
    MOCK_EXISTING_PUBLIC_SUBNET,
    MOCK_OIDC_PROVIDER_ARN,
    eksClusterState,
    mockPassword,
} from "./mockCluster";

export * from "./mockCluster";

/** Outputs a real provider would add to a resource's inputs. */
function mockState(args: MockResourceArgs): Record<string, unknown> {
    const state: Record<string, any> = { ...args.inputs };
    // The API server gives an object a new resourceVersion on every change: here, one per content.
    if (args.type.startsWith("kubernetes:") && typeof args.inputs.metadata === "object") {
        state.metadata = {
            ...args.inputs.metadata,
            resourceVersion: String(parseInt(mockDigest(JSON.stringify(args.inputs)).slice(7, 15), 16)),
        };
    }
    switch (args.type) {
        case "eks:index:Cluster":
            Object.assign(state, eksClusterState(args.inputs));
            break;
        case "eks:index:ManagedNodeGroup":
            state.nodeGroup = { nodeGroupName: `${args.name}-0123`, status: "ACTIVE" };
            break;
        case "aws:iam/role:Role":
        case "aws:iam/policy:Policy":
            state.name = args.name;
            state.arn = `arn:aws:iam::${MOCK_ACCOUNT}:${args.type.includes("role") ? "role" : "policy"}/${args.name}`;
            break;
        case "aws:rds/subnetGroup:SubnetGroup": // autonamed, as Pulumi does: the name and a random suffix
        case "aws:rds/clusterParameterGroup:ClusterParameterGroup":
            state.name = args.inputs.name ?? `${args.name}-0a1b2c3`;
            break;
        case "aws:s3/bucket:Bucket": // autonamed, as AWS would: the name and a random suffix, in the provider's region
            Object.assign(state, bucketState(`${args.name}-0a1b2c3`));
            break;
        case "docker-build:index:Image": // what a push reports: the image's digest, and a tag@digest reference
            state.digest = mockDigest(args.name);
            state.ref = `${(args.inputs.tags as string[] | undefined)?.[0]}@${state.digest}`;
            break;
        case "docker-build:index:Index": // a copy of one image index keeps its bytes, so its digest
            state.ref = `${args.inputs.tag}@${/@(sha256:[0-9a-f]{64})$/.exec(String((args.inputs.sources as string[])[0]))?.[1] ?? mockDigest(args.name)}`;
            break;
        case "aws:ecr/repository:Repository":
            state.registryId = MOCK_ACCOUNT;
            state.repositoryUrl = `${MOCK_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${args.name}-0a1b2c3`;
            break;
        case "aws:sns/topic:Topic": // autonamed, as Pulumi does
            state.name = `${args.name}-0a1b2c3`;
            state.arn = `arn:aws:sns:us-east-1:${MOCK_ACCOUNT}:${state.name}`;
            break;
        case "aws:rds/cluster:Cluster": // what RDS reports of a cluster whose master password it manages
            state.endpoint = `${args.name}.cluster-c0a1b2c3d4e5.us-east-1.rds.amazonaws.com`;
            state.arn = `arn:aws:rds:us-east-1:${MOCK_ACCOUNT}:cluster:${args.name}`;
            state.masterUserSecrets = [
                {
                    secretArn: `arn:aws:secretsmanager:us-east-1:${MOCK_ACCOUNT}:secret:rds!cluster-0a1b2c3d-AbCdEf`,
                    secretStatus: "active",
                },
            ];
            break;
        case "aws:eks/addon:Addon":
            state.addonVersion = args.inputs.addonVersion ?? "v0.0.0-eksbuild.1";
            break;
        case "kubernetes:helm.sh/v3:Release":
            state.status = { status: "deployed", version: args.inputs.version };
            break;
        case "random:index/randomPassword:RandomPassword":
            state.result = mockPassword(args.name, Number(args.inputs.length));
            break;
        case "pulumi:pulumi:StackReference": // the stack's own last outputs (config/lastApplied.ts): none, as for a new stack
            state.outputs = {};
            state.secretOutputNames = [];
            break;
        case "aws:acm/certificate:Certificate": // ACM asks one CNAME of a name and of its wildcard alike
            state.arn = `arn:aws:acm:us-east-1:${MOCK_ACCOUNT}:certificate/${mockDigest(args.name).slice(7, 15)}-0a1b-0a1b-0a1b-0a1b2c3d4e5f`;
            state.domainValidationOptions = [args.inputs.domainName, ...((args.inputs.subjectAlternativeNames as string[]) ?? [])].map(
                (n) => {
                    const base = String(n).replace(/^\*\./, "");
                    const token = mockDigest(base).slice(7, 19);
                    return {
                        domainName: n,
                        resourceRecordName: `_${token}.${base}.`,
                        resourceRecordType: "CNAME",
                        resourceRecordValue: `_${token}.acm-validations.aws.`,
                    };
                },
            );
            break;
        case "aws:acm/certificateValidation:CertificateValidation": // resolves once ACM has issued the certificate
            state.certificateArn = args.inputs.certificateArn;
            break;
        case "aws:route53/record:Record":
            state.fqdn = String(args.inputs.name).replace(/\.$/, "");
            break;
        case "kubernetes:networking.k8s.io/v1:Ingress":
            state.status = { loadBalancer: { ingress: [{ hostname: MOCK_ALB_HOSTNAME }] } };
            break;
    }
    return state;
}

const bucketState = (bucket: string) => ({ bucket, arn: `arn:aws:s3:::${bucket}`, region: "us-east-1" });
/** The registry password a real getAuthorizationToken would return; tests look for it anywhere outside a secret. */
export const MOCK_ECR_TOKEN = "mock-ecr-token-eyJwYXlsb2FkIjoi";
const mockDigest = (seed: string) => `sha256:${crypto.createHash("sha256").update(seed).digest("hex")}`;
export const MOCK_EBS_ADDON_VERSION = "v1.53.0-eksbuild.1";
export const MOCK_EXISTING_VPC = "vpc-0a1b2c3d4e5f67890";

/** An invoke's failure as the engine hands it over: a gRPC error whose details the SDK makes the Error's message. */
export const providerError = (message: string) => Object.assign(new Error(message), { details: message });

/** Every function call (invoke) the program made, in order: token and arguments. */
export const invocations: { token: string; inputs: Record<string, unknown> }[] = [];

export const mocks: Mocks = {
    newResource: (args: MockResourceArgs) => ({ id: `${args.name}-id`, state: mockState(args) }),
    call: (args: MockCallArgs) => {
        invocations.push({ token: args.token, inputs: args.inputs });
        switch (args.token) {
            case "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": {
                // Every type asked for is offered in every zone asked about.
                const filter = (name: string) =>
                    ((args.inputs.filters ?? []) as { name: string; values: string[] }[]).find((f) => f.name === name)?.values ?? [];
                return { instanceTypes: filter("instance-type"), locations: filter("location"), locationTypes: [] };
            }
            case "aws:index/getAvailabilityZones:getAvailabilityZones":
                return { names: ["us-east-1a", "us-east-1b", "us-east-1c"], zoneIds: ["use1-az1", "use1-az2", "use1-az4"] };
            case "aws:eks/getNodeGroups:getNodeGroups": // a cluster with no node group of the program's yet
                return { clusterName: args.inputs.clusterName, names: [] };
            case "aws:eks/getNodeGroup:getNodeGroup":
                return { ...args.inputs, scalingConfigs: [] };
            case "aws:eks/getAddonVersion:getAddonVersion":
                return {
                    addonName: args.inputs.addonName,
                    kubernetesVersion: args.inputs.kubernetesVersion,
                    version: MOCK_EBS_ADDON_VERSION,
                };
            case "aws:eks/getCluster:getCluster": {
                // Its Auto Mode settings too, which the program reads only when autoMode says the cluster has it.
                return {
                    ...(eksClusterState({
                        name: args.inputs.name,
                        version: "1.34",
                        vpcId: MOCK_EXISTING_VPC,
                        publicSubnetIds: [MOCK_EXISTING_PUBLIC_SUBNET],
                        privateSubnetIds: ["subnet-0e00000000000000a", "subnet-0e00000000000000b"],
                    }).eksCluster as object),
                    certificateAuthorities: [{ data: MOCK_CA }],
                    computeConfigs: [
                        {
                            enabled: true,
                            nodePools: ["system"],
                            nodeRoleArn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${args.inputs.name}-auto-node`,
                        },
                    ],
                };
            }
            case "aws:ec2/getSubnet:getSubnet": {
                // An existing subnet, in zone a, b or c by its ID's last digit.
                const id = String(args.inputs.id);
                return { id, availabilityZone: `us-east-1${"abc"[parseInt(id.slice(-1), 16) % 3]}` };
            }
            case "aws:ec2/getRouteTables:getRouteTables": // an existing VPC's: a public table, and the main one, private
                return { ids: ["rtb-0a00000000000000p", "rtb-0a00000000000000m"], vpcId: args.inputs.vpcId };
            case "aws:ec2/getRouteTable:getRouteTable":
                return args.inputs.routeTableId === "rtb-0a00000000000000p"
                    ? {
                          routeTableId: args.inputs.routeTableId,
                          routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0a000000000000000" }],
                          associations: [{ subnetId: MOCK_EXISTING_PUBLIC_SUBNET, main: false }],
                      }
                    : {
                          routeTableId: args.inputs.routeTableId,
                          routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-0a000000000000000" }],
                          associations: [{ main: true }],
                      };
            case "aws:index/getRegion:getRegion": // the provider's own region
                return { name: pulumi.runtime.allConfig()["aws:region"], region: pulumi.runtime.allConfig()["aws:region"] };
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/tester`, userId: "AIDAEXAMPLE" };
            case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
                return {
                    userName: "AWS",
                    password: MOCK_ECR_TOKEN,
                    authorizationToken: Buffer.from(`AWS:${MOCK_ECR_TOKEN}`).toString("base64"),
                    proxyEndpoint: "",
                    expiresAt: "",
                };
            case "aws:ecr/getImage:getImage":
                return {
                    imageDigest: args.inputs.imageDigest ?? mockDigest(`${args.inputs.repositoryName}:${args.inputs.imageTag}`),
                    imageTags: [args.inputs.imageTag],
                };
            case "aws:ec2/getVpc:getVpc":
                return { id: args.inputs.id, cidrBlock: args.inputs.id === MOCK_EXISTING_VPC ? "172.31.0.0/16" : "10.0.0.0/16" };
            case "aws:s3/getBucket:getBucket": // an existing bucket, in the region the lookup went to
                return { ...bucketState(String(args.inputs.bucket)), bucketRegion: "us-east-1" };
            case "aws:route53/getZone:getZone": {
                // One public zone for each domain's registrable parent (its last two labels), named after it.
                const name = args.inputs.zoneId !== undefined ? "example.com" : String(args.inputs.name).replace(/\.$/, "");
                if (name.split(".").length !== 2) throw providerError("no matching Route 53 Hosted Zone found");
                return {
                    zoneId: args.inputs.zoneId ?? `Z${mockDigest(name).slice(7, 27).toUpperCase()}`,
                    name: `${name}.`,
                    privateZone: false,
                };
            }
            case "aws:route53/getRecords:getRecords": // no record where the stack would put its own
                return { zoneId: args.inputs.zoneId, resourceRecordSets: [] };
            case "aws:lb/getLoadBalancer:getLoadBalancer": {
                // The ALB the controller made, by the name in its DNS name.
                const arnSuffix = `app/${args.inputs.name}/50dc6c495c0c9188`;
                return {
                    name: args.inputs.name,
                    arn: `arn:aws:elasticloadbalancing:us-east-1:${MOCK_ACCOUNT}:loadbalancer/${arnSuffix}`,
                    arnSuffix,
                };
            }
            case "aws:cloudwatch/getLogGroup:getLogGroup": // none left by an earlier Container Insights install
                throw providerError(`reading CloudWatch Logs Log Group (${args.inputs.name}): couldn't find resource`);
            case "aws:lb/getHostedZoneId:getHostedZoneId": // the canonical hosted zone of us-east-1's ALBs
                return { id: "Z35SXDOTRQ7X7K" };
            case "aws:eks/getAddon:getAddon": // an existing cluster has no add-on the stack would install
                throw providerError(`reading EKS Add-On (${args.inputs.clusterName}:${args.inputs.addonName}): couldn't find resource`);
            case "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider":
                return { arn: MOCK_OIDC_PROVIDER_ARN, url: args.inputs.url };
        }
        throw new Error(`unexpected call to ${args.token} under mocks`);
    },
};
