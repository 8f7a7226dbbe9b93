/** Valid edge cases: nothing that the CLI, AWS, Kubernetes or PostgreSQL would accept is refused. */
import { withProjectKeys } from "./badConfigs";
import { one } from "../harness";
import { runProgram, secure } from "../program";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;
const VPC = { createCluster: true, vpcId: "vpc-0123456789abcdef0", publicSubnetIds: ["subnet-00000000000000001", "subnet-00000000000000002"] };

const VALID: { what: string; set: Record<string, unknown> }[] = [
    { what: "scaled to zero", set: { appReplicas: 0 } },
    { what: "replicas as the CLI also accepts them: a sign, leading zeros, text", set: { appReplicas: "+007" } },
    { what: "an image pinned by digest alone", set: { appImage: `012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi@${DIGEST}` } },
    { what: "an image with a tag and a digest", set: { appImage: `public.ecr.aws/docker/library/postgres:17.6@${DIGEST}`, dbImage: `postgres:17.6@${DIGEST}` } },
    { what: "a registry with a port, and localhost", set: { appImage: "registry.example.com:5000/team/fastapi:1.0", dbImage: "localhost:5000/postgres:17" } },
    { what: "an upper-case registry host", set: { appImage: "Registry.Example.com/team/fastapi:v1.0-RC_1" } },
    { what: "three zones with a NAT gateway each", set: { createCluster: true, availabilityZoneCount: 3, natGatewayPerAz: true } },
    { what: "the oldest and newest EKS versions offered", set: { createCluster: true, kubernetesVersion: "1.32" } },
    { what: "the newest EKS version offered", set: { createCluster: true, kubernetesVersion: "1.36" } },
    { what: "a GovCloud region", set: { "aws:region": "us-gov-west-1", createCluster: true } },
    { what: "the largest gp3 volume, and names with underscores", set: { dbStorageSize: "16Ti", dbUser: "book_admin", dbName: "book_store" } },
    { what: "a decimal size on your own StorageClass, beyond gp3", set: { dbStorageSize: "20T", createStorageClass: false, dbStorageClass: "io2" } },
    { what: "a health-check path with escapes, 1024 characters long", set: { healthCheckPath: `/docs%20x${"a".repeat(1015)}` } },
    { what: "a namespace that merely starts with kube", set: { namespace: "kubeflow-apps" } },
    { what: "an existing VPC with exactly two subnets of each kind", set: { ...VPC, privateSubnetIds: ["subnet-00000000000000003", "subnet-00000000000000004"] } },
    { what: "secrets set with --secret", set: { dbPassword: secure("p@ss:w/rd?#%"), dbSuperuserPassword: secure("another one") } },
    { what: "HTTPS with the site's name and inbound CIDRs", set: { certificateArn: "arn:aws:acm:us-east-1:012345678901:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f", domainName: "shop.example.com", allowedCidrs: ["0.0.0.0/0", "203.0.113.7/32"] } },
];

describe("valid edge cases, through the CLI and the program", () => {
    for (const c of VALID) {
        it(`accepts ${c.what}`, async () => {
            await runProgram({ "aws:region": "us-east-1", ...withProjectKeys(c.set) });
            one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment");
        });
    }
});
