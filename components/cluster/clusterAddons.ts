import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { found } from "../shared";

/** The EKS add-on that gives pods their Pod Identity credentials, on every node. */
export const POD_IDENTITY_AGENT_ADDON = "eks-pod-identity-agent";
/** The EKS community add-on that serves the resource metrics an autoscaler reads (EKS User Guide, "Community add-ons"). */
export const METRICS_SERVER_ADDON = "metrics-server";

/**
 * Whether an existing cluster runs an EKS add-on, asked of EKS at preview
 * (DescribeAddon). EKS answers 409 "Addon already exists" to a second
 * create, so the program installs a cluster-wide add-on only where it is missing.
 * A missing add-on is EKS's ResourceNotFoundException, which the provider's
 * data source reports as not found; any other error (no permission, no
 * cluster) is the caller's to see.
 */
export function clusterHasAddon(clusterName: string, addonName: string): Promise<boolean> {
    return found(() => aws.eks.getAddon({ clusterName, addonName }));
}

/**
 * An add-on's version in the `up` that moves a created cluster to another
 * Kubernetes version: the newest for that version, since EKS moves no add-on
 * with the control plane (EKS User Guide, update-cluster). Otherwise none, and
 * the add-on keeps the version it has (aws_eks_addon's addon_version is
 * optional and computed: leaving it out changes nothing).
 */
export function versionOnUpgrade(
    addonName: string,
    kubernetesVersion: pulumi.Input<string>,
    upgrade: boolean | undefined,
    parent: pulumi.Resource,
): pulumi.Output<string> | undefined {
    return upgrade ? aws.eks.getAddonVersionOutput({ addonName, kubernetesVersion, mostRecent: true }, { parent }).version : undefined;
}

/**
 * The size a cluster's managed node group runs at now (DescribeNodegroup's
 * desiredSize), the group found by the name Pulumi gave it: its logical name
 * and a suffix. Undefined where EKS has no such group.
 */
export async function nodeGroupSize(clusterName: string, logicalName: string): Promise<number | undefined> {
    let names: string[] = [];
    if (!(await found(async () => (names = (await aws.eks.getNodeGroups({ clusterName })).names)))) return undefined;
    const name = names.find((n) => n.startsWith(`${logicalName}-`));
    return name === undefined
        ? undefined
        : (await aws.eks.getNodeGroup({ clusterName, nodeGroupName: name })).scalingConfigs[0]?.desiredSize;
}

/** The Kubernetes version EKS reports for a cluster (DescribeCluster), or undefined where it finds none. */
export async function clusterVersion(name: string): Promise<string | undefined> {
    let version: string | undefined;
    const exists = await found(async () => (version = (await aws.eks.getCluster({ name })).version));
    return exists ? version : undefined;
}
