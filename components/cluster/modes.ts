import * as pulumi from "@pulumi/pulumi";
import { ControlPlaneLogType, SupportType } from "./eksCluster";

/**
 * Where the app runs, one of three modes. Each carries only what applies to
 * it, so a combination the program refuses (node sizes in Auto Mode, an
 * add-on on a kubeconfig cluster, subnets without a VPC) cannot be written.
 */
export type ClusterMode = CreatedCluster | NamedCluster | KubeconfigCluster | LocalCluster;

/** A created cluster's network: a new VPC, or an existing one's subnets (at least 2 zones each). */
export type VpcChoice =
    | { kind: "new"; cidrBlock: string; availabilityZoneCount: number; natGatewayPerAz: boolean }
    | { kind: "existing"; vpcId: string; publicSubnetIds: string[]; privateSubnetIds: string[] };

/** The versions of the add-ons the program installs: the EBS CSI driver's (undefined: the newest at the first `up`) and the controller chart's. */
export interface AddonVersions {
    ebsCsiDriverVersion?: string;
    lbControllerChartVersion: string;
}

/** What runs a created cluster's pods: a managed node group, with the EBS CSI driver and the Load Balancer Controller, or EKS Auto Mode. */
export type Compute =
    | ({ kind: "nodeGroup"; instanceType: string; desiredSize: number; minSize: number; maxSize: number } & AddonVersions)
    | { kind: "autoMode" };

/** The VPC (or an existing one), the EKS cluster and what runs its pods. */
export interface CreatedCluster {
    kind: "create";
    clusterName: string;
    kubernetesVersion: string;
    supportType: SupportType;
    controlPlaneLogTypes: readonly ControlPlaneLogType[];
    apiAllowedCidrs: string[];
    clusterAdmins: string[];
    clusterPreviewers: string[];
    vpc: VpcChoice;
    compute: Compute;
}

/** An existing cluster, looked up by name: a standard one, with the add-ons it lacks when asked for, or an Auto Mode one. */
export interface NamedCluster {
    kind: "existing";
    clusterName: string;
    addons:
        { kind: "standard"; installEbsCsiDriver: boolean; installLbController: boolean; versions: AddonVersions } | { kind: "autoMode" };
}

/** An existing cluster reached by the `kubeconfig` secret, or by the ambient kubeconfig (and its context). */
export interface KubeconfigCluster {
    kind: "kubeconfig";
    kubeconfig?: pulumi.Input<string>;
    context?: string;
}

/** The local clusters the program knows: each with Traefik as its ingress controller and a local-path StorageClass. */
export const LOCAL_FLAVORS = ["kind", "k3d"] as const;
export type LocalFlavor = (typeof LOCAL_FLAVORS)[number];

/**
 * A cluster on a laptop (kind or k3d), reached through the ambient kubeconfig
 * (and its context): no AWS at all. The image goes to a registry beside the
 * cluster, the app behind its Traefik, the database on its local-path volumes.
 */
export interface LocalCluster {
    kind: "local";
    flavor: LocalFlavor;
    context?: string;
    /** Where the image is pushed from the laptop and pulled by the nodes, as one address (`host:port`). */
    registry: string;
    /** The laptop's port the cluster's ingress is mapped to. */
    port: number;
    /** The cluster's StorageClass the database's volume uses. */
    storageClass: string;
}

/** What each local flavor has: its StorageClass, and the registry address its documented recipe makes. */
export const LOCAL_FLAVOR_DEFAULTS: Record<LocalFlavor, { storageClass: string; registry: string }> = {
    // kind's "Local Registry" recipe: localhost:5001 on the laptop, and in the nodes through containerd's hosts.toml.
    kind: { storageClass: "standard", registry: "localhost:5001" },
    // k3d's "Using a local registry": a *.localhost name that the laptop and the nodes both resolve.
    k3d: { storageClass: "local-path", registry: "k3d-bookstore-registry.localhost:5001" },
};

/** Whether the mode's pods run on EKS Auto Mode. */
export function isAutoMode(mode: ClusterMode): boolean {
    switch (mode.kind) {
        case "create":
            return mode.compute.kind === "autoMode";
        case "existing":
            return mode.addons.kind === "autoMode";
        case "kubeconfig":
        case "local":
            return false;
        default:
            return unreachable(mode);
    }
}

/** For the `default:` of a switch over a union: a new member fails to compile until every switch handles it. */
export function unreachable(value: never): never {
    throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
