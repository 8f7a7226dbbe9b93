import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { IdentityMode, PolicyDocument, checkIdentity, serviceAccountRole } from "./serviceAccountRole";
import { throwIfProblems } from "../shared";

export const CLUSTER_AUTOSCALER_CHART = {
    chart: "cluster-autoscaler",
    repo: "https://kubernetes.github.io/autoscaler",
    version: "9.59.0",
} as const;
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = { namespace: "kube-system", name: "cluster-autoscaler" } as const;

export interface ClusterAutoscalerArgs {
    /** The cluster whose managed node groups it scales, each between its own minimum and maximum. Required. */
    clusterName: pulumi.Input<string>;
    /** The cluster's Kubernetes minor version: the autoscaler's must match it. Required. */
    kubernetesVersion: pulumi.Input<string>;
    /** The cluster's region. Required. */
    region: pulumi.Input<string>;
    /** How it gets AWS credentials. Default `podIdentity`. */
    identityMode?: IdentityMode;
    /** IRSA: the cluster's OIDC provider ARN. Required with `irsa`. */
    oidcProviderArn?: pulumi.Input<string>;
    /** IRSA: the cluster's OIDC issuer. Required with `irsa`. */
    oidcIssuer?: pulumi.Input<string>;
    /** What it waits for (the nodes, the Pod Identity agent). Default none. */
    dependsOn?: pulumi.Resource[];
}

/**
 * What the autoscaler may do (Cluster Autoscaler on AWS, "IAM Policy",
 * minimal): read the groups and instance types everywhere, and change the
 * size of, or end an instance of, only the groups of its own cluster, which
 * EKS tags `k8s.io/cluster-autoscaler/<cluster>: owned` on every managed node
 * group's Auto Scaling group.
 */
export function clusterAutoscalerPolicy(clusterName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ScaleOwnGroups",
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
            },
            {
                Sid: "Discover",
                Effect: "Allow",
                Action: [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    "eks:DescribeNodegroup",
                ],
                Resource: "*",
            },
        ],
    };
}

/** The chart's values: discovery of the cluster's groups by their tags, and the image of the cluster's own minor version. */
export function clusterAutoscalerValues(v: { clusterName: string; region: string; kubernetesVersion: string; irsaRoleArn?: string }) {
    return {
        cloudProvider: "aws",
        awsRegion: v.region,
        autoDiscovery: { clusterName: v.clusterName },
        // Its minor version must be the cluster's (Cluster Autoscaler's README, "Releases").
        image: { tag: `v${v.kubernetesVersion}.0` },
        rbac: {
            serviceAccount: {
                create: true,
                name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.name,
                annotations: v.irsaRoleArn ? { "eks.amazonaws.com/role-arn": v.irsaRoleArn } : {},
            },
        },
        extraArgs: { "balance-similar-node-groups": true, "skip-nodes-with-system-pods": false, expander: "least-waste" },
    };
}

/**
 * Cluster Autoscaler: it adds nodes to a managed node group when pods cannot
 * be scheduled, and removes underused ones, within the group's own minimum
 * and maximum. Chosen over Karpenter for managed node groups: it scales the
 * group the program made, with that group's bounds, and needs one Deployment
 * and an IAM role, where Karpenter would replace the group with its own
 * NodePools and want an interruption queue besides.
 */
export class ClusterAutoscaler extends pulumi.ComponentResource {
    public readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        const identityMode = args.identityMode ?? "podIdentity";
        throwIfProblems(`ClusterAutoscaler "${name}"`, checkIdentity(identityMode, args.oidcProviderArn, args.oidcIssuer));
        super("fastapi-eks:addons:ClusterAutoscaler", name, {}, opts);

        const policy = new aws.iam.Policy(
            `${name}-policy`,
            { policy: pulumi.output(args.clusterName).apply((c) => JSON.stringify(clusterAutoscalerPolicy(c))) },
            { parent: this },
        );
        const identity = serviceAccountRole(
            name,
            {
                clusterName: args.clusterName,
                namespace: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.namespace,
                serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.name,
                identityMode,
                oidcProviderArn: args.oidcProviderArn,
                oidcIssuer: args.oidcIssuer,
                policyArns: [policy.arn],
            },
            this,
        );
        const values = pulumi
            .all([args.clusterName, args.region, args.kubernetesVersion, identity.role.arn])
            .apply(([clusterName, region, kubernetesVersion, roleArn]) =>
                clusterAutoscalerValues({
                    clusterName,
                    region,
                    kubernetesVersion,
                    irsaRoleArn: identityMode === "irsa" ? roleArn : undefined,
                }),
            );
        const c = CLUSTER_AUTOSCALER_CHART;
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: c.chart,
                chart: c.chart,
                version: c.version,
                repositoryOpts: { repo: c.repo },
                namespace: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.namespace,
                values,
                atomic: true,
                timeout: 600,
            },
            { parent: this, dependsOn: [...(args.dependsOn ?? []), ...identity.ready] },
        );
        this.registerOutputs({ releaseStatus: this.release.status });
    }
}
