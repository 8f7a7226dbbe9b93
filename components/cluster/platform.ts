import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { ClusterAutoscaler, EbsCsiDriver, IdentityMode, LbController, WorkloadIdentity } from "../addons";
import {
    AUTO_MODE_EBS_PROVISIONER,
    AlbScheme,
    EBS_PROVISIONER,
    LOCAL_PATH_PROVISIONER,
    NodeSelector,
    named,
    throwIfProblems,
} from "../shared";
import { AutoModeClasses } from "./autoModeClasses";
import { AutoModeNetworkPolicy } from "./autoModeNetworkPolicy";
import { PreviewAccess } from "./previewAccess";
import { createdCluster } from "./createdCluster";
import { ClusterFacts, ClusterNetwork, existingCluster } from "./existingCluster";
import { METRICS_SERVER_ADDON, versionOnUpgrade } from "./clusterAddons";
import { AddonVersions, ClusterMode, isAutoMode, unreachable } from "./modes";

export interface PlatformArgs {
    /** Where the app runs: a created cluster, an existing one by name, or one reached by kubeconfig. Required. */
    mode: ClusterMode;
    /** AWS region of the cluster. Required, except by kubeconfig. */
    region: string;
    /** How the add-ons and the app's own workloads (backups) get AWS credentials: `podIdentity` or `irsa`. Default `podIdentity`. */
    identityMode?: IdentityMode;
    /** Scheme of Auto Mode's IngressClassParams. Default `internet-facing`. */
    albScheme?: AlbScheme;
    /** The AWS profile of the stack (`aws:profile`), which every kubeconfig's `aws eks get-token` must use too. Default none. */
    awsProfile?: string;
    /** The role the stack's AWS provider assumes (`aws:assumeRoles`), which every kubeconfig's `aws eks get-token` assumes too. Default none. */
    awsRoleArn?: string;
    /** A created cluster's new VPC: the zones it was made in, by name, which it keeps. Default: looked up. */
    availabilityZones?: string[];
    /**
     * A created node-group cluster: keep @pulumi/eks's default security groups, which nothing here uses, as a
     * cluster created with them has (config/lastApplied.ts keepsDefaultSecurityGroups). Default false.
     */
    defaultSecurityGroups?: boolean;
    /** This `up` moves a created cluster to another Kubernetes version: the add-ons the stack installs there take the newest for it. Default false. */
    kubernetesUpgrade?: boolean;
    /** A created node group's size for this `up`, where new bounds leave the autoscaler's outside them (EksCluster's `nodeResize`). Default none. */
    nodeResize?: number;
    /**
     * An existing cluster by name: install the eks-pod-identity-agent add-on, which the cluster lacks. It stays on
     * the cluster when the stack goes: other workloads may have come to use it. Default false.
     */
    podIdentityAgent?: boolean;
    /**
     * An existing cluster by name: install the metrics-server add-on, which the cluster lacks (a created cluster always
     * gets it). It stays on the cluster when the stack goes. Default false.
     */
    metricsServer?: boolean;
    /**
     * An existing Auto Mode cluster: the subnets of the workloads' nodes. Default: the cluster's private subnets,
     * asked of EC2 (privateClusterSubnets).
     */
    autoModeSubnetIds?: string[];
}

/** The add-ons the program installs in a mode, with their versions. */
function addonsOf(mode: ClusterMode): { ebsCsiDriver?: AddonVersions; lbController?: AddonVersions } {
    switch (mode.kind) {
        case "create":
            return mode.compute.kind === "nodeGroup" ? { ebsCsiDriver: mode.compute, lbController: mode.compute } : {};
        case "existing": {
            const a = mode.addons;
            if (a.kind === "autoMode") return {};
            return {
                ebsCsiDriver: a.installEbsCsiDriver ? a.versions : undefined,
                lbController: a.installLbController ? a.versions : undefined,
            };
        }
        case "kubeconfig":
        case "local":
            return {};
        default:
            return unreachable(mode);
    }
}

/**
 * Where the app runs: a created EKS cluster (standard or Auto Mode) with its
 * add-ons, or an existing cluster. Gives the Kubernetes provider for it, and
 * what storage and ingress objects must wait for.
 */
export class Platform extends pulumi.ComponentResource {
    public readonly provider: k8s.Provider;
    /** The cluster's name, when known. */
    public readonly clusterName?: pulumi.Output<string>;
    /** Kubeconfig of the cluster (secret), when the program built it. */
    public readonly kubeconfig?: pulumi.Output<string>;
    /** The provisioner the database's StorageClass must use. */
    public readonly storageProvisioner: string;
    /** The IngressClass the app's Ingress names: `alb`, or a laptop's `traefik`. */
    public readonly ingressClassName: string = "alb";
    /** What the database's StorageClass waits for: the EBS CSI add-on, when the program installs it. */
    public readonly storageDependsOn: pulumi.Resource[] = [];
    /** What the app's Service and Ingress wait for: the Load Balancer Controller, or Auto Mode's IngressClass. */
    public readonly ingressDependsOn: pulumi.Resource[] = [];
    /** How the app's own pods get AWS credentials; undefined when the cluster is reached by kubeconfig (its name is unknown). */
    public readonly workloadIdentity?: WorkloadIdentity;
    /** The cluster's network, for a database beside it; undefined when reached by kubeconfig. */
    public readonly clusterNetwork?: ClusterNetwork;
    /** A created cluster's new Kubernetes version, in the `up` that moves it there. */
    private readonly upgrade?: { kubernetesVersion: pulumi.Input<string> };
    /** The Cluster Autoscaler of a created node group that may grow; undefined otherwise. */
    public readonly clusterAutoscaler?: ClusterAutoscaler;
    /** Where the workloads must run: on Auto Mode, the pool that enforces NetworkPolicies; undefined for any node. */
    public readonly workloadNodeSelector?: NodeSelector;
    /** The zones of the VPC it made, by name; undefined when it made none. */
    public readonly availabilityZones?: pulumi.Output<string[]>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        const mode = args.mode;
        throwIfProblems(`Platform "${name}"`, [
            named(
                "region",
                mode.kind !== "kubeconfig" && mode.kind !== "local" && args.region === ""
                    ? "is required to create or look up a cluster"
                    : undefined,
            ),
        ]);
        super("fastapi-eks:cluster:Platform", name, {}, opts);
        const autoMode = isAutoMode(mode);
        const identityMode = args.identityMode ?? "podIdentity";
        this.storageProvisioner = autoMode ? AUTO_MODE_EBS_PROVISIONER : EBS_PROVISIONER;

        let facts: ClusterFacts | undefined;
        let kubeconfig: pulumi.Input<string> | undefined;
        switch (mode.kind) {
            case "create": {
                const created = createdCluster(name, mode, { ...args, identityMode }, this);
                ({ facts, kubeconfig } = created);
                this.availabilityZones = created.availabilityZones;
                break;
            }
            case "existing":
                ({ facts, kubeconfig } = existingCluster(name, { ...args, clusterName: mode.clusterName, autoMode, identityMode }, this));
                break;
            case "kubeconfig":
                kubeconfig = mode.kubeconfig;
                break;
            case "local":
                this.ingressClassName = "traefik";
                this.storageProvisioner = LOCAL_PATH_PROVISIONER;
                break;
            default:
                unreachable(mode);
        }

        this.provider = new k8s.Provider(
            `${name}-k8s`,
            {
                kubeconfig,
                context: (mode.kind === "kubeconfig" || mode.kind === "local") && kubeconfig === undefined ? mode.context : undefined,
            },
            { parent: this },
        );
        // The components that make Kubernetes objects take the provider as an option; their children inherit it.
        const onCluster = { parent: this, provider: this.provider };
        this.clusterName = facts ? pulumi.output(facts.clusterName) : undefined;
        this.kubeconfig = kubeconfig === undefined ? undefined : pulumi.secret(kubeconfig);

        // How both add-ons, and the app's own workloads, get their AWS credentials.
        const identity = { identityMode, oidcProviderArn: facts?.oidcProviderArn, oidcIssuer: facts?.oidcIssuer };
        this.workloadIdentity = facts && { ...identity, clusterName: facts.clusterName, ready: facts.addonsReady };
        this.clusterNetwork = facts?.network;
        this.upgrade =
            facts && mode.kind === "create" && args.kubernetesUpgrade ? { kubernetesVersion: facts.kubernetesVersion } : undefined;
        const addons = addonsOf(mode);
        if (facts && addons.ebsCsiDriver) {
            const driver = new EbsCsiDriver(
                `${name}-ebs-csi`,
                {
                    clusterName: facts.clusterName,
                    kubernetesVersion: facts.kubernetesVersion,
                    addonVersion: addons.ebsCsiDriver.ebsCsiDriverVersion,
                    followNewest: args.kubernetesUpgrade,
                    ...identity,
                    dependsOn: facts.addonsReady,
                },
                { parent: this },
            );
            this.storageDependsOn.push(driver.addon);
        }
        if (facts && addons.lbController) {
            const controller = new LbController(
                `${name}-lb-controller`,
                {
                    clusterName: facts.clusterName,
                    region: args.region,
                    vpcId: facts.vpcId,
                    chartVersion: addons.lbController.lbControllerChartVersion,
                    ...identity,
                    dependsOn: facts.addonsReady,
                },
                onCluster,
            );
            this.ingressDependsOn.push(controller.release);
        }
        // Nodes for pods that do not fit, within the node group's bounds, where it may grow.
        if (facts && mode.kind === "create" && mode.compute.kind === "nodeGroup" && mode.compute.maxSize > mode.compute.minSize) {
            this.clusterAutoscaler = new ClusterAutoscaler(
                `${name}-cluster-autoscaler`,
                {
                    clusterName: facts.clusterName,
                    kubernetesVersion: facts.kubernetesVersion,
                    region: args.region,
                    ...identity,
                    dependsOn: facts.addonsReady,
                },
                onCluster,
            );
        }
        // metrics-server, whose figures the app's autoscaler reads (neither a standard cluster nor Auto Mode has it).
        if (facts && (mode.kind === "create" || args.metricsServer)) {
            new aws.eks.Addon(
                `${name}-metrics-server`,
                {
                    clusterName: facts.clusterName,
                    addonName: METRICS_SERVER_ADDON,
                    addonVersion: this.addonVersionOnUpgrade(METRICS_SERVER_ADDON),
                    resolveConflictsOnCreate: "OVERWRITE",
                },
                { parent: this, dependsOn: facts.addonsReady, retainOnDelete: mode.kind !== "create" },
            );
        }
        if (mode.kind === "create" && mode.clusterPreviewers.length > 0) {
            new PreviewAccess(`${name}-preview-access`, {}, onCluster);
        }
        if (autoMode) {
            const classes = new AutoModeClasses(`${name}-auto-mode`, { scheme: args.albScheme }, onCluster);
            this.ingressDependsOn.push(classes.ingressClass);
            if (facts?.autoMode) {
                this.workloadNodeSelector = new AutoModeNetworkPolicy(`${name}-network-policy`, facts.autoMode, onCluster).nodeSelector;
            }
        }
        this.registerOutputs({ clusterName: this.clusterName, kubeconfig: this.kubeconfig, availabilityZones: this.availabilityZones });
    }

    /** An add-on's version on a created cluster in the `up` that moves it to another Kubernetes version (versionOnUpgrade). */
    addonVersionOnUpgrade(addonName: string): pulumi.Output<string> | undefined {
        const upgrade = this.upgrade;
        return upgrade && versionOnUpgrade(addonName, upgrade.kubernetesVersion, true, this);
    }

    /** The cluster's network and the workloads' identity, which only a cluster known by name has (not one reached by kubeconfig). */
    awsCluster(purpose: string): { network: ClusterNetwork; identity: WorkloadIdentity } {
        if (this.clusterNetwork === undefined || this.workloadIdentity === undefined) {
            throw new Error(`${purpose} needs a cluster known by name, and this one is reached by kubeconfig`);
        }
        return { network: this.clusterNetwork, identity: this.workloadIdentity };
    }
}
