/**
 * What the layers agree on without importing each other: the app's and the
 * database's pod labels (for each other's NetworkPolicies), the database's
 * port, the ALB schemes, the provisioners a database volume can use, and
 * the backups' metrics.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { WorkloadLabels, workloadLabels, workloadNetworkPolicyArgs } from "./workloads";

export const APP_NAME = "fastapi";
export const APP_COMPONENT = "web";
export const DB_NAME = "postgres";
export const DB_COMPONENT = "database";
export const POSTGRES_PORT = 5432;

/** The CloudWatch namespace the backup job publishes to, and the missing-backup alarm reads. */
export const BACKUP_METRICS_NAMESPACE = "fastapi-eks/Backups";

/**
 * The ALB's TLS policy: TLS 1.3 and 1.2 with restricted, forward-secret
 * ciphers, the one the console gives a new HTTPS listener (Elastic Load
 * Balancing User Guide, "Security policies for your Application Load
 * Balancer"). The Ingress asks for it, and the controller defaults to it.
 */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";

/**
 * Pod-template annotation that carries the `metadata.resourceVersion` of the
 * Secret a workload reads its credentials from. Pods read a Secret's values at
 * start only, and the Secret keeps its name when a password changes, so
 * without it nothing would restart them: the API server gives the Secret a new
 * resourceVersion on every change, the template changes with it, and a
 * Deployment rolls (a Job, whose template cannot change, is replaced).
 */
export const SECRET_VERSION_ANNOTATION = "fastapi-eks/secret-version";

/**
 * Where the workloads' pods must run, as a nodeSelector: on EKS Auto Mode, the
 * node pool whose NodeClass enforces NetworkPolicies, by the label Karpenter
 * gives each node of a pool (`karpenter.sh/nodepool`, a well-known label its
 * scheduler matches to pools). Undefined: any node.
 */
export type NodeSelector = Record<string, string>;

/** Selector of the app's pods for a given `app.kubernetes.io/instance`, for other components' NetworkPolicies. */
export function fastApiPodSelector(instance: string): Record<string, string> {
    return workloadLabels(APP_NAME, instance, APP_COMPONENT).selector;
}

/** Selector of the database pods for a given `app.kubernetes.io/instance`, for other components' NetworkPolicies. */
export function postgresPodSelector(instance: string): Record<string, string> {
    return workloadLabels(DB_NAME, instance, DB_COMPONENT).selector;
}

/**
 * Where a workload's database is, for its NetworkPolicy: the in-cluster
 * database's pods, or an address range outside the cluster (Aurora, in the VPC).
 */
export type DatabasePeer = { podSelector: Record<string, string> } | { cidr: pulumi.Input<string> };

/** The egress rule to the database: its pods by label, or its address range by ipBlock. */
export function databaseEgress(peer: DatabasePeer, port: number) {
    const to = "cidr" in peer ? [{ ipBlock: { cidr: peer.cidr } }] : [{ podSelector: { matchLabels: peer.podSelector } }];
    return { to, ports: [{ protocol: "TCP", port }] };
}

/** The AWS CLI image of every job that calls AWS: 2.15.0 or later, for Pod Identity (EKS User Guide, "Use pod identity with the AWS SDK"). */
export const AWS_CLI_IMAGE = "amazon/aws-cli:2.27.0";
/** The AWS CLI image's root user is replaced by this unprivileged one in every job that uses it. */
export const AWS_CLI_UID = 65532;
/** The EKS Pod Identity agent's address on every node (EKS User Guide, "Understand how EKS Pod Identity works"). */
export const POD_IDENTITY_AGENT = { ipv4: "169.254.170.23/32", ipv6: "fd00:ec2::23/128", port: 80 } as const;

/** What a pod that calls AWS must reach: HTTPS anywhere (S3, Secrets Manager, STS for IRSA) and the node's Pod Identity agent. */
export function awsClientEgress() {
    const a = POD_IDENTITY_AGENT;
    return [
        { ports: [{ protocol: "TCP", port: 443 }] },
        { to: [{ ipBlock: { cidr: a.ipv4 } }, { ipBlock: { cidr: a.ipv6 } }], ports: [{ protocol: "TCP", port: a.port }] },
    ];
}

export const ALB_SCHEMES = ["internet-facing", "internal"] as const;
export type AlbScheme = (typeof ALB_SCHEMES)[number];

/** The EBS CSI driver's provisioner, as the workshop's StorageClass. */
export const EBS_PROVISIONER = "ebs.csi.aws.com";
/** EKS Auto Mode's built-in block storage provisioner. */
export const AUTO_MODE_EBS_PROVISIONER = "ebs.csi.eks.amazonaws.com";
/** Rancher's local-path-provisioner, which kind and k3d ship (a directory on the node for each volume). */
export const LOCAL_PATH_PROVISIONER = "rancher.io/local-path";

/** A job that calls AWS and uses the database: nothing reaches its pods; they reach the database on 5432, AWS and the Pod Identity agent. */
export function awsJobNetworkPolicyArgs(
    name: string,
    namespace: pulumi.Input<string>,
    wl: WorkloadLabels,
    database: DatabasePeer,
): k8s.networking.v1.NetworkPolicyArgs {
    return workloadNetworkPolicyArgs(name, namespace, wl, {
        ingress: [],
        egress: [databaseEgress(database, POSTGRES_PORT), ...awsClientEgress()],
    });
}

/** What scales a cluster's nodes, and so may move a pod to empty a node. */
export type NodeAutoscaler = "karpenter" | "clusterAutoscaler";

/**
 * The pod annotation each node autoscaler honours by never choosing the pod's
 * node to empty: Karpenter's `karpenter.sh/do-not-disrupt` (Karpenter docs,
 * "Disruption"), the Cluster Autoscaler's `safe-to-evict: "false"` (its FAQ,
 * "What types of pods can prevent CA from removing a node?").
 */
export const STAY_PUT: Record<NodeAutoscaler, Record<string, string>> = {
    karpenter: { "karpenter.sh/do-not-disrupt": "true" },
    clusterAutoscaler: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false" },
};
