/** Valid edge cases: nothing that the CLI, AWS, Kubernetes or PostgreSQL would accept is refused. */
import { withProjectKeys } from "./badConfigs";
import { one } from "../harness";
import { runProgram, secure } from "../program";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;
const VPC = {
    createCluster: true,
    vpcId: "vpc-0123456789abcdef0",
    publicSubnetIds: ["subnet-00000000000000001", "subnet-00000000000000002"],
};

/**
 * Each entry is one run of the program; cases that touch different keys share
 * a run (a refused one names its key), so the runs stay few.
 */
const VALID: { what: string; set: Record<string, unknown> }[] = [
    {
        what: "scaled to zero; a namespace that merely starts with kube; a health-check path with escapes, 1024 characters long; secrets set with --secret",
        set: {
            appReplicas: 0,
            namespace: "kubeflow-apps",
            healthCheckPath: `/docs%20x${"a".repeat(1015)}`,
            dbPassword: secure("p@ss:w/rd?#%"),
            dbSuperuserPassword: secure("another one"),
        },
    },
    {
        what: "replicas as the CLI also accepts them (a sign, leading zeros, text); the largest gp3 volume, and names with underscores",
        set: { appReplicas: "+007", dbStorageSize: "16Ti", dbUser: "book_admin", dbName: "book_store" },
    },
    {
        what: "an image pinned by digest alone; a decimal size on your own StorageClass, beyond gp3",
        set: {
            appImage: `012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi@${DIGEST}`,
            dbStorageSize: "20T",
            createStorageClass: false,
            dbStorageClass: "io2",
        },
    },
    {
        what: "an image with a tag and a digest",
        set: { appImage: `public.ecr.aws/docker/library/postgres:17.6@${DIGEST}`, dbImage: `postgres:17.6@${DIGEST}` },
    },
    {
        what: "a registry with a port, and localhost",
        set: { appImage: "registry.example.com:5000/team/fastapi:1.0", dbImage: "localhost:5000/postgres:17" },
    },
    {
        what: "an upper-case registry host; HTTPS with the site's name and inbound CIDRs",
        set: {
            appImage: "Registry.Example.com/team/fastapi:v1.0-RC_1",
            certificateArn: "arn:aws:acm:us-east-1:012345678901:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f",
            domainName: "shop.example.com",
            allowedCidrs: ["0.0.0.0/0", "203.0.113.7/32"],
        },
    },
    {
        what: "three zones with a NAT gateway each, on the oldest EKS version offered",
        set: { createCluster: true, availabilityZoneCount: 3, natGatewayPerAz: true, kubernetesVersion: "1.32" },
    },
    {
        what: "the newest EKS version offered, in an existing VPC with exactly two subnets of each kind",
        set: { ...VPC, kubernetesVersion: "1.36", privateSubnetIds: ["subnet-00000000000000003", "subnet-00000000000000004"] },
    },
    {
        what: "a region of the newest kind (three-part, as ap-southeast-7 and mx-central-1)",
        set: { "aws:region": "mx-central-1", createCluster: true },
    },
    {
        what: "the 40 public API ranges EKS takes, next to a private range; an admin role with a path; an rds_ role in the cluster's own PostgreSQL",
        set: {
            createCluster: true,
            apiAllowedCidrs: [...Array.from({ length: 39 }, (_, i) => `203.0.${i}.0/24`), "172.32.0.0/16"],
            clusterAdmins: ["arn:aws:iam::012345678901:role/team/platform-admins"],
            clusterPreviewers: ["arn:aws:iam::012345678901:role/ci"],
            dbUser: "rds_app",
        },
    },
];

describe("valid edge cases, through the CLI and the program", () => {
    for (const c of VALID) {
        it(`accepts ${c.what}`, async () => {
            await runProgram({ "aws:region": "us-east-1", ...withProjectKeys(c.set) });
            one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment");
        });
    }
});
