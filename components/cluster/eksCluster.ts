import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import { checkInteger, named, platformOf, throwIfProblems } from "../shared";
import { adminAccessEntries, previewerAccessEntries } from "./access";
import { PREVIEWER_GROUP } from "./previewAccess";
import { execKubeconfig } from "./kubeconfig";
import { POD_IDENTITY_AGENT_ADDON, versionOnUpgrade } from "./clusterAddons";

export interface EksClusterArgs {
    /** Name of the EKS cluster. Required. */
    clusterName: string;
    /** VPC of the cluster. Required. */
    vpcId: pulumi.Input<string>;
    /** Public subnets, for internet-facing load balancers; the cluster's own subnets too, but not in Auto Mode. Required. */
    publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Private subnets of the control plane's network interfaces. Required. */
    privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** What the nodes wait for besides the cluster: their subnets' routes out (NAT). Default none. */
    nodesDependOn?: pulumi.Resource[];
    /** CIDR blocks allowed to reach the public API endpoint. Default `["0.0.0.0/0"]`, anyone (with valid credentials). */
    apiAllowedCidrs?: string[];
    /**
     * EKS support tier once the version leaves standard support: `STANDARD`
     * (the cluster is upgraded then) or `EXTENDED` (it stays, at $0.60/h
     * instead of $0.10/h). Default `STANDARD`; the EKS API's own default is EXTENDED.
     */
    supportType?: SupportType;
    /** IAM roles or users made cluster admins through EKS access entries, besides the creator. Default none. */
    clusterAdmins?: string[];
    /** IAM roles or users mapped to the previewers' Kubernetes group (see PreviewAccess). Default none. */
    clusterPreviewers?: string[];
    /** AWS region of the cluster, for the kubeconfig's `aws eks get-token`. Required. */
    region: string;
    /** AWS profile the kubeconfig's `aws eks get-token` uses, as the AWS provider does (`aws:profile`). Default none. */
    awsProfile?: string;
    /** IAM role the kubeconfig's `aws eks get-token` assumes, as the AWS provider does (`aws:assumeRoles`). Default none. */
    awsRoleArn?: string;
    /** Kubernetes version. Default `1.35` (EKS standard support until 27 March 2027). */
    kubernetesVersion?: string;
    /** EKS Auto Mode: AWS manages nodes, block storage and load balancing; no node group is created. Default false. */
    autoMode?: boolean;
    /** Instance type of the managed node group; a Graviton one gets the arm64 AMI (see nodeAmiType). Default `t3.medium`. */
    nodeInstanceType?: string;
    /** Desired nodes. Default 2. */
    nodeDesiredSize?: number;
    /** Fewest nodes. Default 2. */
    nodeMinSize?: number;
    /** Most nodes. Default 4. */
    nodeMaxSize?: number;
    /** Days to keep the control-plane logs. Default 30. */
    logRetentionDays?: number;
    /**
     * The control-plane log types sent to CloudWatch; none turns the logs off. Default all five. A change on a live
     * cluster is an in-place UpdateClusterConfig (terraform-provider-aws internal/service/eks/cluster.go, `enabled_cluster_log_types`).
     */
    controlPlaneLogTypes?: readonly ControlPlaneLogType[];
    /** Install the eks-pod-identity-agent add-on (Auto Mode has it built in). Default true. */
    podIdentityAgent?: boolean;
    /** This `up` moves the cluster to another Kubernetes version: the add-ons it installs take the newest for it. Default false. */
    kubernetesUpgrade?: boolean;
    /**
     * An autoscaler sets the node group's size between its minimum and maximum: Pulumi sets the desired size only
     * when it creates the group, and leaves it to the autoscaler afterwards (pulumi-eks `ignoreScalingChanges`).
     * Default false.
     */
    nodeAutoscaling?: boolean;
    /**
     * With `nodeAutoscaling`, a size this `up` sets all the same: the autoscaler's, brought inside new bounds, which
     * EKS requires of a group's size. Default none: the autoscaler's size stays.
     */
    nodeResize?: number;
    /** Turn on the VPC CNI's NetworkPolicy enforcement. Default true. */
    enableNetworkPolicy?: boolean;
    /**
     * Keep @pulumi/eks's default cluster and node security groups and their rules, which nothing here uses (the
     * nodes and the control plane share the cluster security group EKS makes). Only for a cluster created with
     * them: dropping them changes a live cluster's security groups. Auto Mode never has them. Default false.
     */
    defaultSecurityGroups?: boolean;
}

export const SUPPORT_TYPES = ["STANDARD", "EXTENDED"] as const;
export type SupportType = (typeof SUPPORT_TYPES)[number];

export const EKS_CLUSTER_DEFAULTS = {
    apiAllowedCidrs: ["0.0.0.0/0"] as string[],
    supportType: "STANDARD" as SupportType,
    kubernetesVersion: "1.35",
    autoMode: false,
    nodeInstanceType: "t3.medium",
    nodeDesiredSize: 2,
    nodeMinSize: 2,
    nodeMaxSize: 4,
    logRetentionDays: 30,
    podIdentityAgent: true,
    enableNetworkPolicy: true,
} as const;

/** Every control-plane log type EKS has (EKS API reference, `LogType`), all on as in the workshop's `enableTypes: ["*"]`. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
export type ControlPlaneLogType = (typeof CONTROL_PLANE_LOG_TYPES)[number];
export const isControlPlaneLogType = (v: string): v is ControlPlaneLogType => (CONTROL_PLANE_LOG_TYPES as readonly string[]).includes(v);

/**
 * The managed node group's AMI type, Amazon Linux 2023 for the instance
 * type's architecture. Unset, EKS takes `AL2023_x86_64_STANDARD` whatever the
 * instance type (EKS User Guide, eks-optimized-ami: AL2023 by default from
 * 1.30), and refuses a Graviton group: "[t4g.medium] is not a valid instance
 * type for requested amiType AL2023_x86_64_STANDARD" (HHS/simpler-grants-gov#12404).
 * pulumi-eks works it out only when given an `operatingSystem`
 * (nodejs/eks/nodes/nodegroup.ts, determineAmiType). x86 groups made before
 * it was set hold that same default, so they see no change.
 */
export function nodeAmiType(instanceType: string): eks.AmiType {
    return platformOf(instanceType) === "linux/arm64" ? eks.AmiType.AL2023Arm64Standard : eks.AmiType.AL2023X86_64Standard;
}

const NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"];

/**
 * An EKS cluster (API authentication; the deploying identity becomes cluster
 * admin through EKS's creator bootstrap), its control-plane logs kept for a
 * set time, and a managed node group in the private subnets, or Auto Mode.
 */
export class EksCluster extends pulumi.ComponentResource {
    public readonly cluster: eks.Cluster;
    /** The node group, or undefined in Auto Mode. Add-ons that run pods wait for it. */
    public readonly nodeGroup?: eks.ManagedNodeGroup;
    /** What an add-on needs before it can become active: the nodes, and the Pod Identity agent. */
    public readonly addonsReady: pulumi.Resource[];
    public readonly clusterName: pulumi.Output<string>;
    public readonly kubernetesVersion: pulumi.Output<string>;
    /** Kubeconfig of the cluster (secret). */
    public readonly kubeconfig: pulumi.Output<string>;
    public readonly oidcProviderArn: pulumi.Output<string>;
    public readonly oidcIssuer: pulumi.Output<string>;
    /** The cluster security group EKS made. */
    public readonly clusterSecurityGroupId: pulumi.Output<string>;
    /** In Auto Mode, the name of the nodes' IAM role. */
    public readonly autoModeNodeRoleName?: pulumi.Output<string>;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const d = EKS_CLUSTER_DEFAULTS;
        const version = args.kubernetesVersion ?? d.kubernetesVersion;
        const autoMode = args.autoMode ?? d.autoMode;
        const instanceType = args.nodeInstanceType ?? d.nodeInstanceType;
        const desired = args.nodeDesiredSize ?? d.nodeDesiredSize;
        const min = args.nodeMinSize ?? d.nodeMinSize;
        const max = args.nodeMaxSize ?? d.nodeMaxSize;
        const retention = args.logRetentionDays ?? d.logRetentionDays;
        const supportType = args.supportType ?? d.supportType;
        const apiAllowedCidrs = args.apiAllowedCidrs ?? d.apiAllowedCidrs;
        // Each key's own format is checked by its declaration (config/clusterKeys.ts); the sizes' order is not.
        // Auto Mode has no node group, so its sizes are not checked (nor used).
        throwIfProblems(`EksCluster "${name}"`, [
            ...(autoMode
                ? []
                : [named("nodeMaxSize", checkInteger(max, min, 100)), named("nodeDesiredSize", checkInteger(desired, min, max))]),
        ]);

        super("fastapi-eks:cluster:EksCluster", name, {}, opts);
        const parent = { parent: this };

        // EKS writes control-plane logs to this group; creating it first sets the retention (EKS's own never expires).
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: `/aws/eks/${args.clusterName}/cluster`, retentionInDays: retention },
            parent,
        );

        this.cluster = new eks.Cluster(
            `${name}-eks`,
            {
                name: args.clusterName,
                version,
                vpcId: args.vpcId,
                // Auto Mode's built-in pools launch nodes in the cluster's subnets, public ones included (eksctl
                // refuses public cluster subnets there: EKS User Guide, automode/wip/eksctl-docs.adoc). Its load
                // balancers find the public subnets by their kubernetes.io/role/elb tag, so the cluster gets only
                // the private ones. On a live cluster that is an in-place update (terraform-provider-aws
                // internal/service/eks/cluster.go: vpc_config.0.subnet_ids is updated through UpdateClusterConfig),
                // after which Auto Mode moves the system pool's nodes out of the public subnets.
                ...(autoMode ? {} : { publicSubnetIds: args.publicSubnetIds }),
                privateSubnetIds: args.privateSubnetIds,
                authenticationMode: eks.AuthenticationMode.Api,
                skipDefaultNodeGroup: true,
                // pulumi-eks skips them itself in Auto Mode (nodejs/eks/cluster/cluster.ts).
                skipDefaultSecurityGroups: autoMode ? undefined : !(args.defaultSecurityGroups ?? false),
                createOidcProvider: true,
                // Nodes reach the API inside the VPC; people and CI through the public endpoint, from these CIDRs.
                endpointPrivateAccess: true,
                endpointPublicAccess: true,
                publicAccessCidrs: apiAllowedCidrs,
                upgradePolicy: { supportType },
                providerCredentialOpts:
                    args.awsProfile || args.awsRoleArn ? { profileName: args.awsProfile, roleArn: args.awsRoleArn } : undefined,
                accessEntries: {
                    ...adminAccessEntries(args.clusterAdmins ?? []),
                    ...previewerAccessEntries(args.clusterPreviewers ?? [], PREVIEWER_GROUP),
                },
                enabledClusterLogTypes: [...(args.controlPlaneLogTypes ?? CONTROL_PLANE_LOG_TYPES)],
                ...(autoMode
                    ? // Only the built-in system pool: workloads go to AutoModeNetworkPolicy's pool, where NetworkPolicies hold.
                      { autoMode: { enabled: true, computeConfig: { nodePools: ["system"] } } }
                    : { vpcCniOptions: { enableNetworkPolicy: args.enableNetworkPolicy ?? d.enableNetworkPolicy } }),
            },
            { parent: this, dependsOn: [logGroup] },
        );

        this.addonsReady = [];
        if (!autoMode) {
            const nodeRole = new aws.iam.Role(
                `${name}-node-role`,
                { assumeRolePolicy: JSON.stringify(aws.iam.assumeRolePolicyForPrincipal({ Service: "ec2.amazonaws.com" })) },
                parent,
            );
            const attachments = NODE_POLICIES.map(
                (policy) =>
                    new aws.iam.RolePolicyAttachment(
                        `${name}-node-${policy}`,
                        { role: nodeRole.name, policyArn: `arn:aws:iam::aws:policy/${policy}` },
                        parent,
                    ),
            );
            this.nodeGroup = new eks.ManagedNodeGroup(
                `${name}-nodes`,
                {
                    cluster: this.cluster,
                    nodeRole,
                    subnetIds: args.privateSubnetIds,
                    instanceTypes: [instanceType],
                    amiType: nodeAmiType(instanceType),
                    // The nodes follow the control plane: EKS never upgrades a managed node group with it (EKS User
                    // Guide, kubernetes-versions: "These instances aren't automatically upgraded"). A newer
                    // kubernetesVersion updates the cluster, then rolls the nodes onto it (UpdateNodegroupVersion).
                    version: this.cluster.eksCluster.version,
                    scalingConfig: { desiredSize: args.nodeResize ?? desired, minSize: min, maxSize: max },
                    ignoreScalingChanges: args.nodeAutoscaling && args.nodeResize === undefined,
                },
                // The cluster goes in as a resource reference, which adds no dependency of its own: state it.
                { parent: this, dependsOn: [this.cluster, ...attachments, ...(args.nodesDependOn ?? [])] },
            );
            this.addonsReady.push(this.nodeGroup);
            if (args.podIdentityAgent ?? d.podIdentityAgent) {
                this.addonsReady.push(
                    new aws.eks.Addon(
                        `${name}-pod-identity-agent`,
                        {
                            clusterName: this.cluster.eksCluster.name,
                            addonName: POD_IDENTITY_AGENT_ADDON,
                            addonVersion: versionOnUpgrade(POD_IDENTITY_AGENT_ADDON, version, args.kubernetesUpgrade, this),
                        },
                        // A DaemonSet add-on: it becomes ACTIVE without nodes, so it need not wait for them.
                        { parent: this },
                    ),
                );
            }
        }

        this.clusterName = this.cluster.eksCluster.name;
        this.kubernetesVersion = this.cluster.eksCluster.version;
        const eksCluster = this.cluster.eksCluster;
        this.kubeconfig = pulumi.secret(
            pulumi
                .all([eksCluster.name, eksCluster.endpoint, eksCluster.certificateAuthority.data])
                .apply(([clusterName, endpoint, caData]) =>
                    execKubeconfig({
                        clusterName,
                        endpoint,
                        caData,
                        region: args.region,
                        profile: args.awsProfile,
                        roleArn: args.awsRoleArn,
                    }),
                ),
        );
        this.oidcProviderArn = this.cluster.oidcProviderArn;
        this.oidcIssuer = this.cluster.oidcIssuer;
        this.clusterSecurityGroupId = this.cluster.eksCluster.vpcConfig.clusterSecurityGroupId;
        this.autoModeNodeRoleName = autoMode ? this.cluster.autoModeNodeRoleName : undefined;
        this.registerOutputs({
            clusterName: this.clusterName,
            kubernetesVersion: this.kubernetesVersion,
            kubeconfig: this.kubeconfig,
            oidcProviderArn: this.oidcProviderArn,
            oidcIssuer: this.oidcIssuer,
        });
    }
}
