import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { EbsCsiDriver, IDENTITY_MODES, IdentityMode, LbController, WorkloadIdentity } from "../addons";
import { Network } from "../network";
import { AUTO_MODE_EBS_PROVISIONER, AlbScheme, EBS_PROVISIONER } from "../shared";
import { AutoModeClasses } from "./autoModeClasses";
import { AutoModeNetworkPolicy } from "./autoModeNetworkPolicy";
import { PreviewAccess } from "./previewAccess";
import { EksCluster, SupportType } from "./eksCluster";
import { checkOneOf, named, throwIfProblems } from "../shared";
import { ClusterFacts, ClusterNetwork, existingCluster } from "./existingCluster";

export interface PlatformArgs {
    /** Create the VPC (unless `vpcId` is given), the EKS cluster and its add-ons. Default false: use an existing cluster. */
    createCluster?: boolean;
    /** EKS Auto Mode: no node group, EBS CSI driver or Load Balancer Controller; an IngressClass for Auto Mode's ALBs instead. Default false. */
    autoMode?: boolean;
    /** Name of the cluster to create, or of the existing cluster to look up. Required to create; optional otherwise. */
    clusterName?: string;
    /** AWS region of the cluster. Required. */
    region: string;
    /** Existing cluster, no `clusterName`: its kubeconfig (secret). Default: the ambient kubeconfig. */
    kubeconfig?: pulumi.Input<string>;
    /** Existing cluster, no `clusterName`: the ambient kubeconfig's context. Default: its current context. */
    kubeContext?: string;
    /** Kubernetes version of a created cluster. Default: EksCluster's (`1.35`). */
    kubernetesVersion?: string;
    /** Existing VPC and subnets for a created cluster. Default: a new VPC. */
    vpcId?: string;
    /** Public subnets of `vpcId`. Required with `vpcId`. */
    publicSubnetIds?: string[];
    /** Private subnets of `vpcId`, for the nodes. Required with `vpcId`. */
    privateSubnetIds?: string[];
    /** CIDR of a new VPC. Default: Network's (`10.0.0.0/16`). */
    vpcCidr?: string;
    /** Zones of a new VPC. Default: Network's (2). */
    availabilityZoneCount?: number;
    /** The zones a live VPC was made in, by name, which it keeps. Default: Network's (looked up). */
    availabilityZones?: string[];
    /** One NAT gateway per zone in a new VPC. Default: Network's (false). */
    natGatewayPerAz?: boolean;
    /** Instance type of a created cluster's nodes. Default: EksCluster's (`t3.medium`). */
    nodeInstanceType?: string;
    /** Desired nodes. Default: EksCluster's (2). */
    nodeDesiredSize?: number;
    /** Fewest nodes. Default: EksCluster's (2). */
    nodeMinSize?: number;
    /** Most nodes. Default: EksCluster's (4). */
    nodeMaxSize?: number;
    /** Existing cluster: install the EBS CSI driver add-on (needs `clusterName`). A created cluster always gets it, unless Auto Mode. Default false. */
    installEbsCsiDriver?: boolean;
    /** Existing cluster: install the AWS Load Balancer Controller (needs `clusterName`). A created cluster always gets it, unless Auto Mode. Default false. */
    installLbController?: boolean;
    /**
     * Existing cluster (by name) only: install the eks-pod-identity-agent add-on, which the cluster lacks. It
     * stays on the cluster when the stack goes: other workloads may have come to use it. Default false.
     */
    podIdentityAgent?: boolean;
    /** How the add-ons and the app's own workloads (backups) get AWS credentials: `podIdentity` or `irsa`. Default `podIdentity`. */
    identityMode?: IdentityMode;
    /** EBS CSI add-on version. Default: resolved at deploy time for the cluster's version. */
    ebsCsiDriverVersion?: string;
    /** Load Balancer Controller chart version. Default: LbController's (`3.5.0`). */
    lbControllerChartVersion?: string;
    /** Scheme of Auto Mode's IngressClassParams. Default `internet-facing`. */
    albScheme?: AlbScheme;
    /** CIDR blocks allowed to reach a created cluster's public API endpoint. Default: EksCluster's (anyone). */
    apiAllowedCidrs?: string[];
    /** A created cluster's support tier after standard support. Default: EksCluster's (`STANDARD`). */
    supportType?: SupportType;
    /** IAM roles or users made admins of a created cluster. Default none (only its creator). */
    clusterAdmins?: string[];
    /** IAM roles or users that run `pulumi preview` against a created cluster, with dry-run access only. Default none. */
    clusterPreviewers?: string[];
    /** The AWS profile of the stack (`aws:profile`), which every kubeconfig's `aws eks get-token` must use too. Default none. */
    awsProfile?: string;
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
    /** What the database's StorageClass waits for: the EBS CSI add-on, when the program installs it. */
    public readonly storageDependsOn: pulumi.Resource[] = [];
    /** What the app's Service and Ingress wait for: the Load Balancer Controller, or Auto Mode's IngressClass. */
    public readonly ingressDependsOn: pulumi.Resource[] = [];
    /** How the app's own pods get AWS credentials; undefined when the cluster is reached by kubeconfig (its name is unknown). */
    public readonly workloadIdentity?: WorkloadIdentity;
    /** The cluster's network, for a database beside it; undefined when reached by kubeconfig. */
    public readonly clusterNetwork?: ClusterNetwork;
    /** The zones of the VPC it made, by name; undefined when it made none. */
    public readonly availabilityZones?: pulumi.Output<string[]>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(`Platform "${name}"`, [
            named("clusterName", args.createCluster && args.clusterName === undefined ? "is required to create a cluster" : undefined),
            named(
                "region",
                (args.createCluster || args.clusterName !== undefined) && args.region === ""
                    ? "is required to create or look up a cluster"
                    : undefined,
            ),
            named("vpcId", args.vpcId !== undefined && !args.createCluster ? "applies only to a created cluster" : undefined),
            named("identityMode", args.identityMode === undefined ? undefined : checkOneOf(args.identityMode, IDENTITY_MODES)),
        ]);
        super("fastapi-eks:cluster:Platform", name, {}, opts);
        const autoMode = args.autoMode ?? false;
        const identityMode = args.identityMode ?? "podIdentity";
        this.storageProvisioner = autoMode ? AUTO_MODE_EBS_PROVISIONER : EBS_PROVISIONER;

        let facts: ClusterFacts | undefined;
        let kubeconfig: pulumi.Input<string> | undefined = args.kubeconfig;
        if (args.createCluster) {
            const clusterName = args.clusterName as string;
            const network = args.vpcId
                ? undefined
                : new Network(
                      `${name}-network`,
                      {
                          clusterName,
                          cidrBlock: args.vpcCidr,
                          availabilityZoneCount: args.availabilityZoneCount,
                          availabilityZones: args.availabilityZones,
                          natGatewayPerAz: args.natGatewayPerAz,
                      },
                      { parent: this },
                  );
            const vpcId = network?.vpcId ?? (args.vpcId as string);
            const cluster = new EksCluster(
                `${name}-cluster`,
                {
                    clusterName,
                    vpcId,
                    publicSubnetIds: network?.publicSubnetIds ?? args.publicSubnetIds ?? [],
                    privateSubnetIds: network?.privateSubnetIds ?? args.privateSubnetIds ?? [],
                    // The control plane needs no route out; the nodes do, so only they wait for the NAT routes.
                    nodesDependOn: network?.privateRoutes,
                    apiAllowedCidrs: args.apiAllowedCidrs,
                    supportType: args.supportType,
                    awsProfile: args.awsProfile,
                    region: args.region,
                    clusterAdmins: args.clusterAdmins,
                    clusterPreviewers: args.clusterPreviewers,
                    kubernetesVersion: args.kubernetesVersion,
                    autoMode,
                    nodeInstanceType: args.nodeInstanceType,
                    nodeDesiredSize: args.nodeDesiredSize,
                    nodeMinSize: args.nodeMinSize,
                    nodeMaxSize: args.nodeMaxSize,
                    podIdentityAgent: identityMode === "podIdentity",
                },
                { parent: this },
            );
            kubeconfig = cluster.kubeconfig;
            this.availabilityZones = network?.availabilityZones;
            facts = {
                autoMode: cluster.autoModeNodeRoleName && {
                    nodeRoleName: cluster.autoModeNodeRoleName,
                    subnetIds: network?.privateSubnetIds ?? args.privateSubnetIds ?? [],
                    securityGroupId: cluster.clusterSecurityGroupId,
                },
                clusterName: cluster.clusterName,
                kubernetesVersion: cluster.kubernetesVersion,
                vpcId,
                network: {
                    vpcId,
                    subnetIds: network?.privateSubnetIds ?? args.privateSubnetIds ?? [],
                    clusterSecurityGroupId: cluster.clusterSecurityGroupId,
                },
                oidcProviderArn: cluster.oidcProviderArn,
                oidcIssuer: cluster.oidcIssuer,
                addonsReady: cluster.addonsReady,
            };
        } else if (args.clusterName !== undefined) {
            ({ facts, kubeconfig } = existingCluster(name, { ...args, clusterName: args.clusterName, autoMode, identityMode }, this));
        }

        this.provider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig, context: kubeconfig === undefined ? args.kubeContext : undefined },
            { parent: this },
        );
        // The components that make Kubernetes objects take the provider as an option; their children inherit it.
        const onCluster = { parent: this, provider: this.provider };
        this.clusterName = facts ? pulumi.output(facts.clusterName) : undefined;
        this.kubeconfig = kubeconfig === undefined ? undefined : pulumi.secret(kubeconfig);

        const installAddons = !autoMode && (args.createCluster ?? false);
        // How both add-ons, and the app's own workloads, get their AWS credentials.
        const identity = { identityMode, oidcProviderArn: facts?.oidcProviderArn, oidcIssuer: facts?.oidcIssuer };
        this.workloadIdentity = facts && { ...identity, clusterName: facts.clusterName, ready: facts.addonsReady };
        this.clusterNetwork = facts?.network;
        if (facts && (installAddons || args.installEbsCsiDriver)) {
            const driver = new EbsCsiDriver(
                `${name}-ebs-csi`,
                {
                    clusterName: facts.clusterName,
                    kubernetesVersion: facts.kubernetesVersion,
                    addonVersion: args.ebsCsiDriverVersion,
                    ...identity,
                    dependsOn: facts.addonsReady,
                },
                { parent: this },
            );
            this.storageDependsOn.push(driver.addon);
        }
        if (facts && (installAddons || args.installLbController)) {
            const controller = new LbController(
                `${name}-lb-controller`,
                {
                    clusterName: facts.clusterName,
                    region: args.region,
                    vpcId: facts.vpcId,
                    chartVersion: args.lbControllerChartVersion,
                    ...identity,
                    dependsOn: facts.addonsReady,
                },
                onCluster,
            );
            this.ingressDependsOn.push(controller.release);
        }
        if (args.createCluster && (args.clusterPreviewers ?? []).length > 0) {
            new PreviewAccess(`${name}-preview-access`, {}, onCluster);
        }
        if (autoMode) {
            const classes = new AutoModeClasses(`${name}-auto-mode`, { scheme: args.albScheme }, onCluster);
            this.ingressDependsOn.push(classes.ingressClass);
            if (facts?.autoMode) {
                new AutoModeNetworkPolicy(`${name}-network-policy`, facts.autoMode, onCluster);
            }
        }
        this.registerOutputs({ clusterName: this.clusterName, kubeconfig: this.kubeconfig, availabilityZones: this.availabilityZones });
    }
}
