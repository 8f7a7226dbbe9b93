/**
 * Every kind of bad stack config the program rejects, with the exact message.
 * tests/badConfig.test.ts runs each through the whole program, and checks
 * that the README's "Rejected config" table lists every message.
 */
export const IMAGE = "012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi-microservices:1.0";
const CERT = "arn:aws:acm:us-east-1:012345678901:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f";

/** Project keys as the CLI passes them (`fastapi-eks:<key>`), with appImage set unless `values` overrides it. */
export function withProjectKeys(values: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries({ appImage: IMAGE, ...values }).map(([k, v]) => [`fastapi-eks:${k}`, v]));
}

export interface BadConfig {
    what: string;
    /** Project keys (without `fastapi-eks:`) set on top of appImage and aws:region. */
    set: Record<string, string>;
    message: string;
}

export const BAD_CONFIGS: BadConfig[] = [
    { what: "a negative appReplicas", set: { appReplicas: "-1" }, message: "fastapi-eks:appReplicas: -1 is not a whole number from 0 to 50. For example: pulumi config set appReplicas 2" },
    { what: "a fractional appReplicas", set: { appReplicas: "1.5" }, message: 'fastapi-eks:appReplicas: "1.5" is not a whole number from 0 to 50. For example: pulumi config set appReplicas 2' },
    { what: "a word for appReplicas", set: { appReplicas: "two" }, message: 'fastapi-eks:appReplicas: "two" is not a whole number from 0 to 50. For example: pulumi config set appReplicas 2' },
    { what: "a dbStorageSize that is not a quantity", set: { dbStorageSize: "ten gigs" }, message: 'fastapi-eks:dbStorageSize: "ten gigs" is not a positive Kubernetes quantity. For example: pulumi config set dbStorageSize 5Gi' },
    { what: "an image with spaces", set: { appImage: "my app:1.0" }, message: `fastapi-eks:appImage: "my app:1.0" is not a container image reference (registry/repository:tag, no spaces or upper-case repository names). For example: pulumi config set appImage ${IMAGE}` },
    { what: "an image tagged latest", set: { appImage: "012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi-microservices:latest" }, message: `fastapi-eks:appImage: "012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi-microservices:latest" uses the tag latest, which changes under you: pin a version instead. For example: pulumi config set appImage ${IMAGE}` },
    { what: "an image with no tag", set: { dbImage: "postgres" }, message: 'fastapi-eks:dbImage: "postgres" has no tag: pin a version, e.g. postgres:1.0. For example: pulumi config set dbImage postgres:17.6' },
    { what: "an unknown ALB scheme", set: { albScheme: "public" }, message: 'fastapi-eks:albScheme: "public" is not one of "internet-facing", "internal". For example: pulumi config set albScheme internet-facing' },
    { what: "an unknown target type", set: { albTargetType: "pod" }, message: 'fastapi-eks:albTargetType: "pod" is not one of "ip", "instance". For example: pulumi config set albTargetType ip' },
    { what: "a boolean that is not true or false", set: { createNamespace: "yes" }, message: 'fastapi-eks:createNamespace: "yes" is not true or false. For example: pulumi config set createNamespace false' },
    { what: "protectData that is not a boolean", set: { protectData: "maybe" }, message: 'fastapi-eks:protectData: "maybe" is not true or false. For example: pulumi config set protectData false' },
    { what: "a namespace that is not a DNS label", set: { namespace: "My_App" }, message: "fastapi-eks:namespace: \"My_App\" is not a valid Kubernetes name (lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit). For example: pulumi config set namespace my-cool-app" },
    { what: "a database user that needs quoting", set: { dbUser: "book admin" }, message: "fastapi-eks:dbUser: \"book admin\" is not a plain PostgreSQL name (lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters). For example: pulumi config set dbUser bookdbadmin" },
    { what: "a relative health-check path", set: { healthCheckPath: "health" }, message: 'fastapi-eks:healthCheckPath: "health" is not an absolute URL path. For example: pulumi config set healthCheckPath /' },
    { what: "a certificate that is not an ACM ARN", set: { certificateArn: "arn:aws:iam::012345678901:server-certificate/x" }, message: `fastapi-eks:certificateArn: "arn:aws:iam::012345678901:server-certificate/x" is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>). For example: pulumi config set certificateArn ${CERT}` },
    { what: "an allowed CIDR that is not one", set: { allowedCidrs: '["10.0.0.0/33"]' }, message: "fastapi-eks:allowedCidrs: \"10.0.0.0/33\" is not an IPv4 CIDR block such as 203.0.113.0/24. For example: pulumi config set --path 'allowedCidrs[0]' 203.0.113.0/24" },
    { what: "an empty secret", set: { dbPassword: " " }, message: "fastapi-eks:dbPassword: is set but empty. For example: pulumi config set --secret dbPassword <a long random password>" },
    { what: "a misspelt key", set: { appReplica: "2" }, message: 'fastapi-eks:appReplica: is not a setting of this program; did you mean "appReplicas"? Fix: pulumi config mv appReplica appReplicas' },
    { what: "an unrelated key", set: { colour: "blue" }, message: "fastapi-eks:colour: is not a setting of this program. Fix: pulumi config rm colour" },
    { what: "a kubeconfig with createCluster", set: { createCluster: "true", kubeconfig: "apiVersion: v1" }, message: "fastapi-eks:kubeconfig: is for an existing cluster, but createCluster is true. Fix: pulumi config rm kubeconfig" },
    { what: "installEbsCsiDriver with createCluster", set: { createCluster: "true", installEbsCsiDriver: "true" }, message: "fastapi-eks:installEbsCsiDriver: applies only to an existing cluster; a created cluster always gets it (or, in Auto Mode, needs none). Fix: pulumi config rm installEbsCsiDriver" },
    { what: "installLbController with autoMode", set: { autoMode: "true", clusterName: "c1", installLbController: "true" }, message: "fastapi-eks:installLbController: EKS Auto Mode has block storage and ALBs built in, so it cannot be installed with autoMode. Fix: pulumi config set installLbController false" },
    { what: "installEbsCsiDriver without clusterName", set: { installEbsCsiDriver: "true" }, message: "fastapi-eks:installEbsCsiDriver: needs the existing cluster's name. Fix: pulumi config set clusterName <your cluster>" },
    { what: "clusterName together with kubeContext", set: { clusterName: "c1", kubeContext: "ctx" }, message: "fastapi-eks:clusterName: an existing cluster is reached either by clusterName or by kubeconfig/kubeContext, not both. Fix: pulumi config rm kubeconfig (or clusterName)" },
    { what: "node settings without createCluster", set: { nodeInstanceType: "m6i.large" }, message: "fastapi-eks:nodeInstanceType: applies only when the program creates the cluster. Fix: pulumi config set createCluster true, or pulumi config rm nodeInstanceType" },
    { what: "a vpcId without subnets", set: { createCluster: "true", vpcId: "vpc-0123456789abcdef0" }, message: "fastapi-eks:vpcId: an existing VPC needs publicSubnetIds and privateSubnetIds, at least 2 each (2 zones). Fix: pulumi config set --path 'privateSubnetIds[0]' subnet-0123456789abcdef0" },
    { what: "subnets without a vpcId", set: { createCluster: "true", privateSubnetIds: '["subnet-00000000000000001"]' }, message: "fastapi-eks:privateSubnetIds: subnets are used only with vpcId. Fix: pulumi config set vpcId vpc-0123456789abcdef0" },
    { what: "a subnet list that is not a list", set: { createCluster: "true", vpcId: "vpc-0123456789abcdef0", publicSubnetIds: "subnet-1", privateSubnetIds: '["subnet-00000000000000001","subnet-00000000000000002"]' }, message: "fastapi-eks:publicSubnetIds: \"subnet-1\" is not a list of strings. For example: pulumi config set --path 'publicSubnetIds[0]' subnet-0123456789abcdef0" },
    { what: "a desired size outside min and max", set: { createCluster: "true", nodeDesiredSize: "9" }, message: "fastapi-eks:nodeDesiredSize: 9 is not between nodeMinSize (2) and nodeMaxSize (4). Fix: pulumi config set nodeDesiredSize 2" },
    { what: "an unknown identity mode", set: { identityMode: "kiam" }, message: 'fastapi-eks:identityMode: "kiam" is not one of "podIdentity", "irsa". For example: pulumi config set identityMode podIdentity' },
    { what: "a Kubernetes version that is not a minor version", set: { createCluster: "true", kubernetesVersion: "1.35.2" }, message: 'fastapi-eks:kubernetesVersion: "1.35.2" is not a Kubernetes minor version. For example: pulumi config set kubernetesVersion 1.35' },
];
