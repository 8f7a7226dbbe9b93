/**
 * Every kind of bad stack config that is refused before anything is
 * registered, who refuses it and with what message: the Pulumi CLI's type
 * check (one key at a time, before the program starts) or the program (every
 * problem at once). tests/badConfig.test.ts runs each through the CLI's config
 * step and the whole program, and checks that the README's "Rejected config"
 * table lists every one.
 */
import { EXAMPLE_IMAGE as IMAGE } from "../../config";
import { secure } from "../program";

export { IMAGE };
const CERT = "arn:aws:acm:us-east-1:012345678901:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f";

/** Stack-file settings of project keys (given without `fastapi-eks:`; other namespaces as they are), with appImage set unless `values` overrides it. */
export function withProjectKeys(values: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries({ appImage: IMAGE, ...values }).map(([k, v]) => [k.includes(":") ? k : `fastapi-eks:${k}`, v]),
    );
}

export interface BadConfig {
    what: string;
    /** Project keys (without `fastapi-eks:`) as a stack file holds them, on top of appImage and aws:region. */
    set: Record<string, unknown>;
    /** Who refuses it: the CLI's own config check, or the program. */
    by: "cli" | "program";
    message: string;
    /** The stack's name, when it matters. Default `test`. */
    stack?: string;
}

const cli = (what: string, set: Record<string, unknown>, key: string, type: string): BadConfig => ({
    what,
    set,
    by: "cli",
    message: `validating stack config: Stack 'test' with configuration key '${key}' must be of type '${type}'`,
});
const program = (what: string, set: Record<string, unknown>, message: string, stack?: string): BadConfig => ({
    what,
    set,
    by: "program",
    message,
    stack,
});

// A table: one case a line.
// prettier-ignore
export const BAD_CONFIGS: BadConfig[] = [
    cli("a word for appReplicas", { appReplicas: "two" }, "appReplicas", "integer"),
    cli("a fractional appReplicas", { appReplicas: 1.5 }, "appReplicas", "integer"),
    cli("a boolean that is not true or false", { createNamespace: "yes" }, "createNamespace", "boolean"),
    cli("protectData that is not a boolean", { protectData: "maybe" }, "protectData", "boolean"),
    cli("a list where text is expected", { namespace: ["shop"] }, "namespace", "string"),
    cli("a subnet list that is not a list", { createCluster: true, vpcId: "vpc-0123456789abcdef0", publicSubnetIds: "subnet-1" }, "publicSubnetIds", "array<string>"),
    cli("a list item that is not text", { allowedCidrs: ["203.0.113.0/24", 8] }, "allowedCidrs", "array<string>"),
    program("a negative appReplicas", { appReplicas: -1 }, "fastapi-eks:appReplicas: -1 is not a whole number from 0 to 50. For example: pulumi config set appReplicas 2"),
    program("an autoscaler's maximum below its minimum", { appReplicas: 3, appMaxReplicas: 2 }, 'fastapi-eks:appMaxReplicas: 2 is below appReplicas 3, the fewest pods the autoscaler keeps. Fix: pulumi config set appMaxReplicas 6'),
    program("an autoscaler with no room", { appReplicas: 3, appMaxReplicas: 3 }, "fastapi-eks:appMaxReplicas: does nothing: it equals appReplicas, so the autoscaler could add no pod. Fix: pulumi config set appMaxReplicas 6, or pulumi config rm appMaxReplicas"),
    program("an autoscaler from zero pods", { appReplicas: 0, appMaxReplicas: 4 }, "fastapi-eks:appReplicas: is 0, but an autoscaler keeps one pod at least. Fix: pulumi config set appReplicas 1"),
    program("a CPU target without an autoscaler", { appTargetCpuPercent: 50 }, "fastapi-eks:appTargetCpuPercent: does nothing without an autoscaler (appMaxReplicas above appReplicas). Fix: pulumi config rm appTargetCpuPercent"),
    program("metrics-server on a created cluster", { installMetricsServer: true, createCluster: true }, "fastapi-eks:installMetricsServer: applies only to an existing cluster; a created cluster always gets metrics-server. Fix: pulumi config set installMetricsServer false"),
    program("metrics-server without a cluster name", { installMetricsServer: true }, "fastapi-eks:installMetricsServer: needs the existing cluster's name. Fix: pulumi config set clusterName <your cluster>"),
    program("a dbStorageSize that is not a quantity", { dbStorageSize: "ten gigs" }, 'fastapi-eks:dbStorageSize: "ten gigs" is not a storage size with a unit, such as 5Gi. For example: pulumi config set dbStorageSize 5Gi'),
    program("a dbStorageSize with a CPU suffix", { dbStorageSize: "100m" }, 'fastapi-eks:dbStorageSize: "100m" is not a storage size with a unit, such as 5Gi. For example: pulumi config set dbStorageSize 5Gi'),
    program("a dbStorageSize with no unit (bytes)", { dbStorageSize: "10" }, 'fastapi-eks:dbStorageSize: "10" is not a storage size with a unit, such as 5Gi. For example: pulumi config set dbStorageSize 5Gi'),
    program("a gp3 volume over 16 TiB", { dbStorageSize: "17Ti" }, 'fastapi-eks:dbStorageSize: "17Ti" is more than a gp3 volume holds (16Ti). For example: pulumi config set dbStorageSize 5Gi'),
    program("the superuser as the app's role", { dbUser: "postgres" }, 'fastapi-eks:dbUser: "postgres" is the superuser; the app needs a role of its own. For example: pulumi config set dbUser bookdbadmin'),
    program("a predefined role as the app's role", { dbUser: "pg_monitor" }, 'fastapi-eks:dbUser: "pg_monitor" is a name PostgreSQL reserves for its own roles. For example: pulumi config set dbUser bookdbadmin'),
    program("a reserved role name", { dbUser: "public" }, 'fastapi-eks:dbUser: "public" is a name PostgreSQL reserves for its own roles. For example: pulumi config set dbUser bookdbadmin'),
    program("the postgres database as the app's", { dbName: "postgres" }, 'fastapi-eks:dbName: "postgres" is a database PostgreSQL creates itself; the app needs one of its own. For example: pulumi config set dbName bookstore'),
    program("a template database as the app's", { dbName: "template1" }, 'fastapi-eks:dbName: "template1" is a database PostgreSQL creates itself; the app needs one of its own. For example: pulumi config set dbName bookstore'),
    program("kube-system as the namespace", { namespace: "kube-system", createNamespace: false }, 'fastapi-eks:namespace: "kube-system" is a namespace of Kubernetes itself; the app\'s default-deny policy there would cut off the cluster\'s own pods. For example: pulumi config set namespace my-cool-app'),
    program("default as the namespace", { namespace: "default" }, 'fastapi-eks:namespace: "default" is a namespace of Kubernetes itself; the app\'s default-deny policy there would cut off the cluster\'s own pods. For example: pulumi config set namespace my-cool-app'),
    program("an upper-case repository path", { appImage: "MyOrg/app:1.0" }, `fastapi-eks:appImage: "MyOrg/app:1.0" is not a container image reference (registry/repository:tag, no spaces or upper-case repository names). For example: pulumi config set appImage ${IMAGE}`),
    program("an image name over 255 characters", { appImage: `registry.example.com/${"a".repeat(240)}:1.0` }, `fastapi-eks:appImage: "registry.example.com/${"a".repeat(240)}:1.0" is not a container image reference (registry/repository:tag, no spaces or upper-case repository names). For example: pulumi config set appImage ${IMAGE}`),
    program("a Kubernetes version EKS does not offer", { createCluster: true, kubernetesVersion: "1.28" }, 'fastapi-eks:kubernetesVersion: "1.28" is not a version EKS offers for a new cluster (1.32, 1.33, 1.34, 1.35, 1.36). For example: pulumi config set kubernetesVersion 1.35'),
    program("a stack name that makes an invalid cluster name", { createCluster: true }, "fastapi-eks:clusterName: is empty, so the cluster would be named after the stack: \"fastapi-eks-test.v2\" is not a valid EKS cluster name (letters, digits, '-' and '_', at most 100). Fix: pulumi config set clusterName fastapi-eks-dev", "test.v2"),
    program("a certificate in another region", { certificateArn: CERT.replace("us-east-1", "eu-west-1") }, `fastapi-eks:certificateArn: is in eu-west-1, but the ALB is in aws:region us-east-1; ACM certificates serve only their own region. Fix: request or import the certificate in that region, then pulumi config set certificateArn <its ARN>`),
    program("a malformed aws:region", { "aws:region": "us-east" }, 'aws:region: "us-east" is not an AWS region such as us-east-1. For example: pulumi config set aws:region us-east-1'),
    program("a VPC CIDR with an octet over 255", { createCluster: true, vpcCidr: "10.300.0.0/16" }, 'fastapi-eks:vpcCidr: "10.300.0.0/16" is not a /16 CIDR block. For example: pulumi config set vpcCidr 10.0.0.0/16'),
    program("the same subnet twice", { createCluster: true, vpcId: "vpc-0123456789abcdef0", publicSubnetIds: ["subnet-00000000000000001", "subnet-00000000000000001"], privateSubnetIds: ["subnet-00000000000000003", "subnet-00000000000000004"] }, "fastapi-eks:publicSubnetIds: lists subnet-00000000000000001 twice. Fix: pulumi config set --path 'publicSubnetIds[0]' <another subnet>"),
    program("a subnet both public and private", { createCluster: true, vpcId: "vpc-0123456789abcdef0", publicSubnetIds: ["subnet-00000000000000001", "subnet-00000000000000002"], privateSubnetIds: ["subnet-00000000000000002", "subnet-00000000000000004"] }, "fastapi-eks:privateSubnetIds: subnet-00000000000000002 is listed as both public and private. Fix: pulumi config set --path 'privateSubnetIds[0]' <another subnet>"),
    program("a health-check path over 1024 characters", { healthCheckPath: `/${"a".repeat(1024)}` }, "fastapi-eks:healthCheckPath: is 1025 characters long; an ALB health-check path has at most 1024. For example: pulumi config set healthCheckPath /"),
    program("a health-check path with a bad escape", { healthCheckPath: "/docs%zz" }, 'fastapi-eks:healthCheckPath: "/docs%zz" is not an absolute URL path. For example: pulumi config set healthCheckPath /'),
    program("createStorageClass false on a new cluster", { createCluster: true, createStorageClass: false }, "fastapi-eks:createStorageClass: is false, but the cluster is new, so no StorageClass of that name can exist yet. Fix: pulumi config set createStorageClass true"),
    program("a password given as a list", { dbPassword: secure('["a","b"]') }, "fastapi-eks:dbPassword: is a list, but it must be text. For example: pulumi config set --secret dbPassword <a long random password>"),
    program("an image with spaces", { appImage: "my app:1.0" }, `fastapi-eks:appImage: "my app:1.0" is not a container image reference (registry/repository:tag, no spaces or upper-case repository names). For example: pulumi config set appImage ${IMAGE}`),
    program("an image tagged latest", { appImage: "012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi-microservices:latest" }, `fastapi-eks:appImage: "012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi-microservices:latest" uses the tag latest, which changes under you: pin a version instead. For example: pulumi config set appImage ${IMAGE}`),
    program("an image with no tag", { dbImage: "postgres" }, 'fastapi-eks:dbImage: "postgres" has no tag: pin a version, e.g. postgres:1.0. For example: pulumi config set dbImage postgres:17.6'),
    program("an unknown ALB scheme", { albScheme: "public" }, 'fastapi-eks:albScheme: "public" is not one of "internet-facing", "internal". For example: pulumi config set albScheme internet-facing'),
    program("an unknown target type", { albTargetType: "pod" }, 'fastapi-eks:albTargetType: "pod" is not one of "ip", "instance". For example: pulumi config set albTargetType ip'),
    program("a namespace that is not a DNS label", { namespace: "My_App" }, "fastapi-eks:namespace: \"My_App\" is not a valid Kubernetes name (lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit). For example: pulumi config set namespace my-cool-app"),
    program("a database user that needs quoting", { dbUser: "book admin" }, "fastapi-eks:dbUser: \"book admin\" is not a plain PostgreSQL name (lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters). For example: pulumi config set dbUser bookdbadmin"),
    program("a relative health-check path", { healthCheckPath: "health" }, 'fastapi-eks:healthCheckPath: "health" is not an absolute URL path. For example: pulumi config set healthCheckPath /'),
    program("a certificate that is not an ACM ARN", { certificateArn: "arn:aws:iam::012345678901:server-certificate/x" }, `fastapi-eks:certificateArn: "arn:aws:iam::012345678901:server-certificate/x" is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>). For example: pulumi config set certificateArn ${CERT}`),
    program("a domainName that is not a DNS name", { domainName: "https://shop.example.com" }, 'fastapi-eks:domainName: "https://shop.example.com" is not a DNS name such as shop.example.com. For example: pulumi config set domainName shop.example.com'),
    program("an IP address as the site's name", { domainName: "203.0.113.10" }, 'fastapi-eks:domainName: "203.0.113.10" is an IP address, not a DNS name such as shop.example.com. For example: pulumi config set domainName shop.example.com'),
    program("a hosted zone without a domainName", { hostedZoneId: "Z0123456789ABCDEFGHIJ" }, "fastapi-eks:hostedZoneId: does nothing without domainName. Fix: pulumi config set domainName <your site's name>, or pulumi config rm hostedZoneId"),
    program("a hosted zone beside certificateArn", { hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "shop.example.com", certificateArn: CERT }, "fastapi-eks:hostedZoneId: does nothing beside certificateArn: the certificate and the DNS are then yours. Fix: pulumi config rm hostedZoneId"),
    program("a hosted zone given by name", { hostedZoneId: "example.com", domainName: "shop.example.com" }, 'fastapi-eks:hostedZoneId: "example.com" is not a Route 53 hosted zone id. For example: pulumi config set hostedZoneId Z0123456789ABCDEFGHIJ'),
    program("a site certificate without a region", { domainName: "shop.example.com", "aws:region": "" }, "aws:region: is needed for the site's certificate (domainName), which ACM issues in the ALB's region. For example: pulumi config set aws:region us-east-1"),
    program("an allowed CIDR that is not one", { allowedCidrs: ["10.0.0.0/33"] }, "fastapi-eks:allowedCidrs: \"10.0.0.0/33\" is not an IPv4 CIDR block such as 203.0.113.0/24. For example: pulumi config set --path 'allowedCidrs[0]' 203.0.113.0/24"),
    program("an empty secret", { dbPassword: secure(" ") }, "fastapi-eks:dbPassword: is set but empty. For example: pulumi config set --secret dbPassword <a long random password>"),
    program("a password in plain text", { dbPassword: "hunter2hunter2" }, "fastapi-eks:dbPassword: is a secret but the stack file holds it in plain text. Fix: pulumi config set --secret dbPassword <a long random password>"),
    program("a misspelt key", { appReplica: 2 }, 'fastapi-eks:appReplica: is not a setting of this program; did you mean "appReplicas"? Fix: pulumi config rm appReplica && pulumi config set appReplicas 2'),
    program("an unrelated key", { colour: "blue" }, "fastapi-eks:colour: is not a setting of this program. Fix: pulumi config rm colour"),
    program("a kubeconfig with createCluster", { createCluster: true, kubeconfig: secure("apiVersion: v1") }, "fastapi-eks:kubeconfig: is for an existing cluster, but createCluster is true. Fix: pulumi config rm kubeconfig"),
    program("a kubeContext with createCluster", { createCluster: true, kubeContext: "ctx" }, "fastapi-eks:kubeContext: is for an existing cluster, but createCluster is true. Fix: pulumi config rm kubeContext"),
    program("a kubeContext beside a kubeconfig", { kubeconfig: secure("apiVersion: v1"), kubeContext: "ctx" }, "fastapi-eks:kubeContext: selects a context of the ambient kubeconfig, so it does nothing beside kubeconfig. Fix: pulumi config rm kubeContext"),
    program("installEbsCsiDriver with createCluster", { createCluster: true, installEbsCsiDriver: true }, "fastapi-eks:installEbsCsiDriver: applies only to an existing cluster; a created cluster always gets it (or, in Auto Mode, needs none). Fix: pulumi config set installEbsCsiDriver false"),
    program("installLbController with autoMode", { autoMode: true, clusterName: "c1", installLbController: true }, "fastapi-eks:installLbController: EKS Auto Mode has block storage and ALBs built in, so it cannot be installed with autoMode. Fix: pulumi config set installLbController false"),
    program("installEbsCsiDriver without clusterName", { installEbsCsiDriver: true }, "fastapi-eks:installEbsCsiDriver: needs the existing cluster's name. Fix: pulumi config set clusterName <your cluster>"),
    program("clusterName together with kubeContext", { clusterName: "c1", kubeContext: "ctx" }, "fastapi-eks:kubeContext: an existing cluster is reached either by clusterName or by kubeContext, not both. Fix: pulumi config rm kubeContext (or pulumi config rm clusterName)"),
    program("clusterName together with kubeconfig", { clusterName: "c1", kubeconfig: secure("apiVersion: v1") }, "fastapi-eks:kubeconfig: an existing cluster is reached either by clusterName or by kubeconfig, not both. Fix: pulumi config rm kubeconfig (or pulumi config rm clusterName)"),
    program("node settings without createCluster", { nodeInstanceType: "m6i.large" }, "fastapi-eks:nodeInstanceType: applies only when the program creates the cluster. Fix: pulumi config set createCluster true, or pulumi config rm nodeInstanceType"),
    program("node settings in Auto Mode", { createCluster: true, autoMode: true, nodeDesiredSize: 3 }, "fastapi-eks:nodeDesiredSize: sizes the managed node group, which EKS Auto Mode does without. Fix: pulumi config rm nodeDesiredSize"),
    program("a new VPC's CIDR beside vpcId", { createCluster: true, vpcId: "vpc-0123456789abcdef0", publicSubnetIds: ["subnet-00000000000000001", "subnet-00000000000000002"], privateSubnetIds: ["subnet-00000000000000003", "subnet-00000000000000004"], vpcCidr: "10.1.0.0/16" }, "fastapi-eks:vpcCidr: shapes a new VPC, but vpcId names an existing one. Fix: pulumi config rm vpcCidr"),
    program("an add-on version with nothing to install", { ebsCsiDriverVersion: "v1.53.0-eksbuild.1" }, "fastapi-eks:ebsCsiDriverVersion: does nothing: this stack installs no EBS CSI driver. Fix: pulumi config rm ebsCsiDriverVersion"),
    program("a vpcId with too few public subnets", { createCluster: true, vpcId: "vpc-0123456789abcdef0", publicSubnetIds: ["subnet-00000000000000001"], privateSubnetIds: ["subnet-00000000000000002", "subnet-00000000000000003"] }, "fastapi-eks:publicSubnetIds: an existing VPC needs at least 2 public subnets, in 2 zones; it has 1. Fix: pulumi config set --path 'publicSubnetIds[1]' subnet-0123456789abcdef0"),
    program("subnets without a vpcId", { createCluster: true, privateSubnetIds: ["subnet-00000000000000001"] }, "fastapi-eks:privateSubnetIds: subnets are used only with vpcId. Fix: pulumi config set vpcId vpc-0123456789abcdef0, or pulumi config rm privateSubnetIds"),
    program("a desired size outside min and max", { createCluster: true, nodeDesiredSize: 9 }, "fastapi-eks:nodeDesiredSize: 9 is not between nodeMinSize (2) and nodeMaxSize (4). Fix: pulumi config set nodeDesiredSize 2"),
    program("an API CIDR without createCluster", { apiAllowedCidrs: ["203.0.113.0/24"] }, "fastapi-eks:apiAllowedCidrs: applies only when the program creates the cluster. Fix: pulumi config set createCluster true, or pulumi config rm apiAllowedCidrs"),
    program("a cluster admin that is not an IAM principal", { createCluster: true, clusterAdmins: ["alice@example.com"] }, "fastapi-eks:clusterAdmins: \"alice@example.com\" is not an IAM role or user ARN such as arn:aws:iam::012345678901:role/platform-admins. For example: pulumi config set --path 'clusterAdmins[0]' arn:aws:iam::012345678901:role/platform-admins"),
    program("a cluster admin ARN ending in a slash", { createCluster: true, clusterAdmins: ["arn:aws:iam::012345678901:role/admins/"] }, "fastapi-eks:clusterAdmins: \"arn:aws:iam::012345678901:role/admins/\" is not an IAM role or user ARN such as arn:aws:iam::012345678901:role/platform-admins. For example: pulumi config set --path 'clusterAdmins[0]' arn:aws:iam::012345678901:role/platform-admins"),
    program("a principal both admin and previewer", { createCluster: true, clusterAdmins: ["arn:aws:iam::012345678901:role/ops"], clusterPreviewers: ["arn:aws:iam::012345678901:role/ci", "arn:aws:iam::012345678901:role/ops"] }, "fastapi-eks:clusterPreviewers: lists arn:aws:iam::012345678901:role/ops, which clusterAdmins lists too; EKS gives a principal one access entry. Fix: pulumi config rm --path 'clusterPreviewers[1]'"),
    program("a private range for the public API", { createCluster: true, apiAllowedCidrs: ["10.0.0.0/8"] }, "fastapi-eks:apiAllowedCidrs: \"10.0.0.0/8\" is a private range (RFC 1918), which the public endpoint never sees; the VPC reaches the private endpoint. For example: pulumi config set --path 'apiAllowedCidrs[0]' 203.0.113.0/24"),
    program("a control-plane log type EKS lacks", { createCluster: true, controlPlaneLogTypes: ["audit", "Scheduler"] }, `fastapi-eks:controlPlaneLogTypes: "Scheduler" is not an EKS control-plane log type (api, audit, authenticator, controllerManager, scheduler). For example: pulumi config set --path 'controlPlaneLogTypes[0]' audit`),
    program("more API ranges than EKS takes", { createCluster: true, apiAllowedCidrs: Array.from({ length: 41 }, (_, i) => `203.0.${i}.0/24`) }, "fastapi-eks:apiAllowedCidrs: has 41 entries; at most 40 are taken. Fix: pulumi config rm --path 'apiAllowedCidrs[40]'"),
    program("a GovCloud region", { createCluster: true, "aws:region": "us-gov-west-1" }, 'aws:region: "us-gov-west-1" is in the aws-us-gov partition; the program writes ARNs of the aws partition only, which IAM there refuses. For example: pulumi config set aws:region us-east-1'),
    program("a China region", { clusterName: "c1", "aws:region": "cn-north-1" }, 'aws:region: "cn-north-1" is in the aws-cn partition; the program writes ARNs of the aws partition only, which IAM there refuses. For example: pulumi config set aws:region us-east-1'),
    program("a chain of assumed roles", { createCluster: true, "aws:assumeRoles": [{ roleArn: "arn:aws:iam::012345678901:role/a" }, { roleArn: "arn:aws:iam::012345678901:role/b" }] }, "aws:assumeRoles: chains 2 roles, but the kubeconfig's aws eks get-token assumes one. Fix: put the roles in an AWS CLI profile (role_arn, source_profile, external_id), then pulumi config set aws:profile <that profile> and pulumi config rm aws:assumeRoles"),
    program("an assumed role with an external ID", { createCluster: true, "aws:assumeRoles": [{ roleArn: "arn:aws:iam::012345678901:role/a", externalId: "x1" }] }, "aws:assumeRoles: has an externalId, which the kubeconfig's aws eks get-token cannot pass. Fix: put the roles in an AWS CLI profile (role_arn, source_profile, external_id), then pulumi config set aws:profile <that profile> and pulumi config rm aws:assumeRoles"),
    program("an identity mode with a kubeconfig", { identityMode: "irsa" }, "fastapi-eks:identityMode: does nothing: the cluster is reached by kubeconfig, so nothing here gets AWS credentials through it. Fix: pulumi config rm identityMode"),
    program("Auto Mode on an existing cluster without its name", { autoMode: true }, "fastapi-eks:autoMode: on an existing cluster needs its clusterName, to turn on NetworkPolicy enforcement there. Fix: pulumi config set clusterName <your cluster>"),
    program("an unknown support type", { createCluster: true, supportType: "LTS" }, 'fastapi-eks:supportType: "LTS" is not one of "STANDARD", "EXTENDED". For example: pulumi config set supportType STANDARD'),
    program("an unknown identity mode", { identityMode: "kiam", createCluster: true }, 'fastapi-eks:identityMode: "kiam" is not one of "podIdentity", "irsa". For example: pulumi config set identityMode podIdentity'),
    program("an add-on version that is not one", { ebsCsiDriverVersion: "latest", createCluster: true }, 'fastapi-eks:ebsCsiDriverVersion: "latest" is not an add-on version such as v1.53.0-eksbuild.1. For example: pulumi config set ebsCsiDriverVersion v1.53.0-eksbuild.1'),
    program("a chart version with a v", { lbControllerChartVersion: "v3", createCluster: true }, 'fastapi-eks:lbControllerChartVersion: "v3" is not a chart version such as 3.5.0. For example: pulumi config set lbControllerChartVersion 3.5.0'),
    program("a Kubernetes version that is not a minor version", { createCluster: true, kubernetesVersion: "1.35.2" }, 'fastapi-eks:kubernetesVersion: "1.35.2" is not a Kubernetes minor version. For example: pulumi config set kubernetesVersion 1.35'),
    cli("a word for backupRetentionDays", { backupRetentionDays: "two weeks" }, "backupRetentionDays", "integer"),
    program("a backup schedule with six fields", { backupSchedule: "0 17 3 * * *" }, 'fastapi-eks:backupSchedule: "0 17 3 * * *" has 6 fields; a schedule has 5: minute hour day-of-month month day-of-week. For example: pulumi config set backupSchedule "17 3 * * *"'),
    program("a backup schedule with a time zone", { backupSchedule: "TZ=Europe/Paris 0 3 * * *" }, 'fastapi-eks:backupSchedule: "TZ=Europe/Paris 0 3 * * *" sets a time zone, which Kubernetes refuses; schedules run in UTC. For example: pulumi config set backupSchedule "17 3 * * *"'),
    program("a backup schedule out of range", { backupSchedule: "17 24 * * *" }, 'fastapi-eks:backupSchedule: "17 24 * * *": hour "24" is outside 0-23. For example: pulumi config set backupSchedule "17 3 * * *"'),
    program("a backup schedule with spaces around it", { backupSchedule: "@daily " }, 'fastapi-eks:backupSchedule: "@daily " has spaces around it; write it without them. For example: pulumi config set backupSchedule "17 3 * * *"'),
    program("a backup schedule that never fires", { backupSchedule: "17 3 30 2 *" }, 'fastapi-eks:backupSchedule: "17 3 30 2 *" never fires: none of its months has that day. For example: pulumi config set backupSchedule "17 3 * * *"'),
    program("a backup schedule of no interval", { backupSchedule: "@every 0s" }, 'fastapi-eks:backupSchedule: "@every 0s" is shorter than a minute; a backup would start before the last one ends. For example: pulumi config set backupSchedule "17 3 * * *"'),
    program("no days of retention", { backupRetentionDays: 0 }, "fastapi-eks:backupRetentionDays: 0 is not a whole number from 1 to 36500. For example: pulumi config set backupRetentionDays 30"),
    program("a bucket name with capitals", { clusterName: "c1", backupBucket: "My_Backups" }, 'fastapi-eks:backupBucket: "My_Backups" may hold only lowercase letters, digits, dots and hyphens, and must begin and end with a letter or digit. For example: pulumi config set backupBucket my-company-db-backups'),
    program("a bucket name S3 reserves", { clusterName: "c1", backupBucket: "xn--backups" }, 'fastapi-eks:backupBucket: "xn--backups" must not begin with "xn--", which S3 reserves. For example: pulumi config set backupBucket my-company-db-backups'),
    program("a backup bucket with a kubeconfig", { backupBucket: "my-company-db-backups" }, "fastapi-eks:backupBucket: needs the cluster's name: the backup pods get AWS credentials through the cluster, which a kubeconfig does not name. Fix: pulumi config set clusterName <your cluster>, or pulumi config set backupEnabled false"),
    program("a retention for an existing bucket", { clusterName: "c1", backupBucket: "my-company-db-backups", backupRetentionDays: 30 }, "fastapi-eks:backupRetentionDays: applies only to the bucket the program creates; an existing bucket keeps its own lifecycle rules. Fix: pulumi config rm backupRetentionDays (and set the expiry on your bucket)"),
    program("a Git source without a commit", { appImage: "", appSource: "https://github.com/aws-samples/python-fastapi-demo-docker.git#main" }, 'fastapi-eks:appSource: "https://github.com/aws-samples/python-fastapi-demo-docker.git#main" must pin a full commit (#<40 hex digits>): a branch or tag moves, and the image\'s tag in ECR is immutable. For example: pulumi config set appSource ./server'),
    program("a source that is neither a URL nor a folder", { appImage: "", appSource: "./no-such-folder" }, `fastapi-eks:appSource: "./no-such-folder" is neither a Git URL nor a directory (a relative path is taken from the project's folder). For example: pulumi config set appSource ./server`),
    program("a local source without a Dockerfile", { appImage: "", appSource: "./docs" }, "fastapi-eks:appSource: ./docs has no Dockerfile to build the image from. Fix: add one, or pulumi config set appDockerfile <its path inside ./docs>"),
    program("a Dockerfile elsewhere in a Git source", { appImage: "", appDockerfile: "docker/Dockerfile" }, "fastapi-eks:appDockerfile: must be Dockerfile for a Git source, whose Dockerfile BuildKit reads from the context's root. Fix: point appSource at the Dockerfile's folder with #<commit>:<folder>, then pulumi config rm appDockerfile"),
    program("a source beside an image", { appSource: "https://github.com/aws-samples/python-fastapi-demo-docker.git#fb1dc644ef4c11393dbe1725f1f0d96256371b16" }, "fastapi-eks:appSource: does nothing: appImage is set, so nothing is built. Fix: pulumi config rm appSource (or pulumi config rm appImage)"),
    program("an image to build without a region", { appImage: "", "aws:region": "" }, "fastapi-eks:appImage: is not set, so the program builds the app's image and pushes it to ECR, which needs aws:region. Fix: pulumi config set aws:region us-east-1, or pulumi config set appImage <your image>"),
    program("an unknown database mode", { database: "rds" }, 'fastapi-eks:database: "rds" is not one of "inCluster", "aurora". For example: pulumi config set database inCluster'),
    program("Aurora on a cluster reached by kubeconfig", { database: "aurora" }, "fastapi-eks:database: aurora needs the cluster's name, to find its VPC, private subnets and security group; a kubeconfig does not say them. Fix: pulumi config set clusterName <your cluster>, or pulumi config set database inCluster"),
    program("an Aurora capacity off the half-unit steps", { clusterName: "c1", database: "aurora", auroraMaxCapacity: "2.25" }, 'fastapi-eks:auroraMaxCapacity: "2.25" is not a capacity from 0.5 to 256 ACU in steps of 0.5. For example: pulumi config set auroraMaxCapacity 4'),
    program("an Aurora maximum below the minimum", { clusterName: "c1", database: "aurora", auroraMinCapacity: "4", auroraMaxCapacity: "2" }, "fastapi-eks:auroraMaxCapacity: 2 is below auroraMinCapacity 4. Fix: pulumi config set auroraMaxCapacity 4"),
    program("an Aurora maximum below one unit", { clusterName: "c1", database: "aurora", auroraMaxCapacity: "0.5" }, 'fastapi-eks:auroraMaxCapacity: "0.5" is below 1 ACU, the smallest maximum Aurora takes. For example: pulumi config set auroraMaxCapacity 4'),
    program("a role name Aurora keeps", { clusterName: "c1", database: "aurora", dbUser: "rds_app" }, 'fastapi-eks:dbUser: "rds_app" is a name Aurora keeps for its own roles (rdsadmin, rds_*). For example: pulumi config set dbUser bookdbadmin'),
    program("a dump client older than Aurora", { clusterName: "c1", database: "aurora", dbImage: "postgres:16.4-alpine" }, 'fastapi-eks:dbImage: "postgres:16.4-alpine" holds PostgreSQL 16, whose pg_dump cannot back up Aurora PostgreSQL 17. For example: pulumi config set dbImage postgres:17.6'),
    program("an Aurora setting with the in-cluster database", { auroraMaxCapacity: "8" }, "fastapi-eks:auroraMaxCapacity: does nothing: database is inCluster. Fix: pulumi config rm auroraMaxCapacity (or pulumi config set database aurora)"),
    program("a volume size with Aurora", { clusterName: "c1", database: "aurora", dbStorageSize: "20Gi" }, "fastapi-eks:dbStorageSize: is for the in-cluster database, but database is aurora. Fix: pulumi config rm dbStorageSize"),
    program("an unknown observability level", { observability: "logs" }, 'fastapi-eks:observability: "logs" is not one of "off", "alarms", "full". For example: pulumi config set observability full'),
    program("an alert address that is not one", { alertEmail: "ops" }, 'fastapi-eks:alertEmail: "ops" is not an email address such as ops@example.com. For example: pulumi config set alertEmail ops@example.com'),
    program("an alert address with the alarms off", { observability: "off", alertEmail: "ops@example.com" }, "fastapi-eks:alertEmail: does nothing: observability is off, so nothing notifies it. Fix: pulumi config rm alertEmail (or pulumi config set observability alarms)"),
    program("an alert address without a region", { "aws:region": "", alertEmail: "ops@example.com" }, "fastapi-eks:alertEmail: does nothing without aws:region: the alarms and their topic live in the ALB's region. Fix: pulumi config set aws:region <the cluster's region>"),
    program("Container Insights on a cluster reached by kubeconfig", { observability: "full" }, "fastapi-eks:observability: full installs an EKS add-on, which needs the cluster's name; a kubeconfig does not say it. Fix: pulumi config set clusterName <your cluster>, or pulumi config set observability alarms"),
    program("backups on a laptop's cluster", { localCluster: "kind", observability: "off" }, "fastapi-eks:backupEnabled: backs up to S3, which a local cluster does not have. Fix: pulumi config set backupEnabled false"),
    program("alarms on a laptop's cluster", { localCluster: "kind", backupEnabled: false }, "fastapi-eks:observability: alarms makes CloudWatch alarms, which a local cluster does not have. Fix: pulumi config set observability off"),
    program("Aurora on a laptop's cluster", { localCluster: "k3d", backupEnabled: false, observability: "off", database: "aurora" }, "fastapi-eks:database: aurora is an AWS database, which a local cluster does not have. Fix: pulumi config set database inCluster"),
    program("a domain on a laptop's cluster", { localCluster: "k3d", backupEnabled: false, observability: "off", domainName: "shop.example.com" }, "fastapi-eks:domainName: is for Route 53 and ACM, which a local cluster does not have. Fix: pulumi config rm domainName"),
    program("a created cluster on a laptop's", { localCluster: "kind", backupEnabled: false, observability: "off", createCluster: true }, "fastapi-eks:createCluster: creates an EKS cluster, which a local cluster does not have. Fix: pulumi config set createCluster false"),
    program("an ALB setting on a laptop's cluster", { localCluster: "kind", backupEnabled: false, observability: "off", albScheme: "internal" }, "fastapi-eks:albScheme: shapes an ALB, which a local cluster does not have. Fix: pulumi config rm albScheme"),
    program("a local registry without a local cluster", { localRegistry: "localhost:5001" }, "fastapi-eks:localRegistry: does nothing without localCluster. Fix: pulumi config rm localRegistry"),
    program("a registry address without a port", { localCluster: "kind", backupEnabled: false, observability: "off", localRegistry: "localhost" }, 'fastapi-eks:localRegistry: "localhost" is not a registry address such as localhost:5001. For example: pulumi config set localRegistry localhost:5001'),
    program("a key list's item given where text is expected for a secret", { kubeconfig: secure("[]") }, 'fastapi-eks:kubeconfig: is a list, but it must be text. For example: pulumi config set --secret kubeconfig "$(cat ~/.kube/config)"'),
];
