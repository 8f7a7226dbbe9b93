import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { NodeSelector, workloadLabels } from "../shared";

export interface AutoModeNetworkPolicyArgs {
    /** Name of the IAM role of Auto Mode's nodes. Required. */
    nodeRoleName: pulumi.Input<string>;
    /** Subnets of the nodes. Required. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The cluster security group, for the nodes. Required. */
    securityGroupId: pulumi.Input<string>;
    /** Name of the NodeClass and NodePool. Default `network-policy`. */
    name?: string;
}

/**
 * How far the workloads' pool may grow, and how Karpenter may shrink it:
 * consolidated when nodes are empty or underused, once they have been so for
 * 5 minutes, one node at a time (Karpenter v1 NodePool API: spec.limits,
 * spec.disruption). The limits cap the bill at about 16 c6a.large.
 */
export const NODE_POOL_LIMITS = { cpu: "32", memory: "128Gi" } as const;
export const NODE_POOL_DISRUPTION = {
    consolidationPolicy: "WhenEmptyOrUnderutilized",
    consolidateAfter: "5m",
    budgets: [{ nodes: "1" }],
} as const;

/** The workloads' node pool: on-demand, general-purpose families, amd64, as Auto Mode's built-in general-purpose pool. */
export const NODE_POOL_REQUIREMENTS = [
    { key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] },
    { key: "eks.amazonaws.com/instance-category", operator: "In", values: ["c", "m", "r"] },
    { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
];

/**
 * NetworkPolicy enforcement on EKS Auto Mode (Amazon EKS User Guide, "Use
 * Network Policies with EKS Auto Mode"): the VPC CNI's policy controller
 * turned on through the `kube-system/amazon-vpc-cni` ConfigMap, and a NodeClass
 * with network policy on, used by the node pool the workloads run on. Without
 * both, Auto Mode accepts NetworkPolicies and enforces none.
 */
export class AutoModeNetworkPolicy extends pulumi.ComponentResource {
    /** The NodePool the workloads run on. */
    public readonly nodePool: k8s.apiextensions.CustomResource;
    /** What puts a pod on that pool: Karpenter labels each node with its pool's name. */
    public readonly nodeSelector: NodeSelector;

    constructor(name: string, args: AutoModeNetworkPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fastapi-eks:cluster:AutoModeNetworkPolicy", name, {}, opts);
        const childOpts = { parent: this };
        const className = args.name ?? "network-policy";
        const labels = workloadLabels(className, name, "node-pool").labels;
        const controller = new k8s.core.v1.ConfigMap(
            `${name}-controller`,
            {
                metadata: { name: "amazon-vpc-cni", namespace: "kube-system", labels },
                data: { "enable-network-policy-controller": "true" },
            },
            childOpts,
        );
        const nodeClass = new k8s.apiextensions.CustomResource(
            `${name}-node-class`,
            {
                apiVersion: "eks.amazonaws.com/v1",
                kind: "NodeClass",
                metadata: { name: className, labels },
                spec: {
                    role: args.nodeRoleName,
                    subnetSelectorTerms: pulumi.output(args.subnetIds).apply((ids) => ids.map((id) => ({ id }))),
                    securityGroupSelectorTerms: [{ id: args.securityGroupId }],
                    networkPolicy: "DefaultAllow",
                    networkPolicyEventLogs: "Disabled",
                },
            },
            { ...childOpts, dependsOn: [controller] },
        );
        this.nodePool = new k8s.apiextensions.CustomResource(
            `${name}-node-pool`,
            {
                apiVersion: "karpenter.sh/v1",
                kind: "NodePool",
                metadata: { name: className, labels },
                spec: {
                    limits: NODE_POOL_LIMITS,
                    disruption: NODE_POOL_DISRUPTION,
                    // No template labels: the pods select the pool by karpenter.sh/nodepool, and Karpenter refused
                    // labels of the kubernetes.io domains there before v1.9.0 (Auto Mode's version is not published).
                    template: {
                        spec: {
                            nodeClassRef: { group: "eks.amazonaws.com", kind: "NodeClass", name: nodeClass.metadata.name },
                            requirements: NODE_POOL_REQUIREMENTS,
                        },
                    },
                },
            },
            childOpts,
        );
        this.nodeSelector = { "karpenter.sh/nodepool": className };
        this.registerOutputs({ nodePoolName: this.nodePool.metadata.name });
    }
}
