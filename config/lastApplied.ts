/**
 * What a live stack was last deployed with, where a later `up` cannot simply
 * apply a change. The program records it in the stack output `lastApplied`
 * and reads it back at the next run through a StackReference to the stack
 * itself (none on a new stack), before it registers anything else, so a
 * change AWS or Kubernetes would refuse half-way is refused at preview.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    AlbScheme,
    CLOUDWATCH_OBSERVABILITY_ADDON,
    CONTAINER_INSIGHTS_LOG_KINDS,
    FAST_API_APP_DEFAULTS,
    METRICS_SERVER_ADDON,
    POD_IDENTITY_AGENT_ADDON,
} from "../components";
import { ConfigError, PROJECT } from "./reader";
import type { StackConfig } from "./index";

export interface LastApplied {
    /** The zones of the VPC the program made for its cluster. */
    availabilityZones?: string[];
    /** The in-cluster database volume's size. */
    dbStorageSize?: string;
    /** The namespace of the app and its database. */
    namespace?: string;
    /** Whether the stack made that namespace. */
    namespaceMade?: boolean;
    /** How the stack's long-running AWS clients (the EBS CSI driver, the ALB controller, the CloudWatch agent) get credentials. */
    identityMode?: StackConfig["identityMode"];
    /** The laptop's cluster the stack runs on: kind or k3d. */
    localCluster?: string;
    /** The AWS region of the stack's AWS resources (none on a laptop's cluster). */
    region?: string;
    /** The EKS cluster the stack runs on, by name: the one it created, or an existing one (not by kubeconfig). */
    clusterName?: string;
    /** A created cluster's new VPC: its CIDR block. */
    vpcCidr?: string;
    /** A created cluster's existing VPC. */
    vpcId?: string;
    /** "made" when the stack made the backups' bucket (not one of the user's). */
    backupBucket?: "made";
    /** Where the database runs. */
    database?: StackConfig["database"];
    /** The app's database, which holds its data, in either place. */
    dbName?: string;
    /** The app's role, which owns its tables. */
    dbUser?: string;
    /** The in-cluster database's image, whose PostgreSQL major version made its data directory. */
    dbImage?: string;
    /** The StorageClass of the in-cluster database's volume, on an EKS cluster (a laptop's cluster has its own). */
    dbStorageClass?: string;
    /** true when the stack made that StorageClass (createStorageClass). */
    dbStorageClassMade?: boolean;
    /** "installed" when the stack installed the Pod Identity agent on an existing cluster. */
    podIdentityAgent?: "installed";
    /** "installed" when the stack installed the EBS CSI driver on an existing cluster. */
    ebsCsiDriver?: "installed";
    /** "installed" when the stack installed metrics-server on an existing cluster. */
    metricsServer?: "installed";
    /** "installed" when the stack installed Container Insights (observability: full) on an existing cluster. */
    containerInsights?: "installed";
    /** A created node-group cluster: whether it has @pulumi/eks's default security groups. */
    defaultSecurityGroups?: boolean;
    /** Where the app and its database run: the cluster the stack created, one it attached to, or a laptop's. */
    clusterHome?: ClusterHome;
    /** A created cluster: whether it runs EKS Auto Mode. */
    autoMode?: boolean;
    /** A created cluster's Kubernetes minor version. */
    kubernetesVersion?: string;
    /** The AWS Load Balancer Controller chart the stack installed. */
    lbControllerChartVersion?: string;
    /** On AWS, the app's Ingress: its name, and the scheme of the ALB the controller made for it. */
    appIngress?: AppIngress;
}

export interface AppIngress {
    name: string;
    scheme: AlbScheme;
}

/** What the stack's workloads were given at this `up`, besides its config. */
export interface Given {
    availabilityZones: pulumi.Input<string[] | undefined>;
    inClusterDatabase: boolean;
    /** The stack makes the backups' bucket. */
    backupBucketMade: boolean;
    podIdentityAgent: boolean;
    metricsServer: boolean;
    containerInsights: boolean;
    defaultSecurityGroups: boolean;
    /** The app Ingress's name (appIngressName). */
    appIngressName: string;
}

/** What this `up` leaves for the next one to compare against: the output `lastApplied`. */
export function lastAppliedOf(c: StackConfig, g: Given): { [K in keyof LastApplied]: pulumi.Input<LastApplied[K]> } {
    return {
        availabilityZones: g.availabilityZones,
        dbStorageSize: g.inClusterDatabase ? c.dbStorageSize : undefined,
        namespace: c.namespace,
        namespaceMade: c.createNamespace,
        localCluster: c.localCluster === "none" ? undefined : c.localCluster,
        identityMode: c.clusterName !== undefined && runsAwsClients(c) ? c.identityMode : undefined,
        region: c.localCluster === "none" ? c.awsRegion : undefined,
        clusterName: c.clusterName,
        vpcCidr: c.createCluster && c.vpcId === undefined ? c.vpcCidr : undefined,
        vpcId: c.createCluster ? c.vpcId : undefined,
        database: c.database,
        dbName: c.dbName,
        dbUser: c.dbUser,
        backupBucket: g.backupBucketMade ? "made" : undefined,
        dbImage: g.inClusterDatabase ? c.dbImage : undefined,
        dbStorageClass: g.inClusterDatabase && c.localCluster === "none" ? c.dbStorageClass : undefined,
        dbStorageClassMade: g.inClusterDatabase && c.localCluster === "none" && c.createStorageClass ? true : undefined,
        podIdentityAgent: g.podIdentityAgent ? "installed" : undefined,
        ebsCsiDriver: !c.createCluster && c.installEbsCsiDriver ? "installed" : undefined,
        metricsServer: g.metricsServer ? "installed" : undefined,
        containerInsights: g.containerInsights && !c.createCluster ? "installed" : undefined,
        clusterHome: clusterHomeOf(c),
        autoMode: c.createCluster ? c.autoMode : undefined,
        kubernetesVersion: c.createCluster ? c.kubernetesVersion : undefined,
        defaultSecurityGroups: c.createCluster && !c.autoMode ? g.defaultSecurityGroups : undefined,
        appIngress: c.localCluster === "none" ? { name: g.appIngressName, scheme: c.albScheme } : undefined,
        lbControllerChartVersion: installsLbController(c) ? c.lbControllerChartVersion : undefined,
    };
}

/** Whether the stack installs the AWS Load Balancer Controller (Auto Mode has its own). */
export function installsLbController(c: Pick<StackConfig, "autoMode" | "createCluster" | "installLbController">): boolean {
    return !c.autoMode && (c.createCluster || c.installLbController);
}

/** Whether the stack runs pods that hold AWS credentials for as long as they run: the add-ons' controllers and agents. */
export function runsAwsClients(c: StackConfig): boolean {
    return (c.createCluster && !c.autoMode) || c.installEbsCsiDriver || c.installLbController || c.observability === "full";
}

/** Where a stack's workloads live. An existing cluster by name and by kubeconfig are one home: the same cluster, reached two ways. */
export type ClusterHome = "created" | "attached" | "laptop";

export function clusterHomeOf(c: Pick<StackConfig, "createCluster" | "localCluster">): ClusterHome {
    return c.createCluster ? "created" : c.localCluster !== "none" ? "laptop" : "attached";
}

/** What the stack's last `up` left. */
export interface Earlier {
    lastApplied: LastApplied;
    /** Deployed by a version of the program from before `lastApplied`: it has outputs, but not that one. */
    legacy: boolean;
    /** Deployed at all: it has outputs. */
    deployed: boolean;
}

/** The stack output that holds it. */
export const LAST_APPLIED_OUTPUT = "lastApplied";

/** The running stack's outputs from its last `up`: `lastApplied` empty for a stack never deployed. */
export async function readEarlier(): Promise<Earlier> {
    const self = new pulumi.StackReference(`${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`);
    // `namespace` is an output of every version of the program.
    const [last, namespace, clusterName, albHostname] = await Promise.all(
        [LAST_APPLIED_OUTPUT, "namespace", "clusterName", "albHostname"].map((o) => self.getOutputDetails(o)),
    );
    const recorded = (last.value ?? {}) as LastApplied;
    return {
        // A stack from before the record has its namespace in that output.
        lastApplied: {
            ...recorded,
            namespace: recorded.namespace ?? (namespace.value as string | undefined),
            clusterName: recorded.clusterName ?? (clusterName.value as string | undefined),
            appIngress: recorded.appIngress ?? appIngressOfHostname(albHostname.value),
        },
        legacy: last.value === undefined && namespace.value !== undefined,
        deployed: last.value !== undefined || namespace.value !== undefined,
    };
}

/**
 * The app Ingress of a stack from before the record, by its ALB's hostname
 * (the `albHostname` output): an internal load balancer's DNS name starts
 * with `internal-` (ELB User Guide, "Internal Application Load Balancers").
 */
function appIngressOfHostname(hostname: unknown): AppIngress | undefined {
    if (typeof hostname !== "string" || !hostname.endsWith(".elb.amazonaws.com")) return undefined;
    return { name: FAST_API_APP_DEFAULTS.ingressName, scheme: hostname.startsWith("internal-") ? "internal" : "internet-facing" };
}

/**
 * The app Ingress's name for this `up`. The controller replaces an ALB whose
 * scheme changes, deleting it first (aws-load-balancer-controller
 * pkg/deploy/elbv2/load_balancer_synthesizer.go,
 * isSDKLoadBalancerRequiresReplacement), while the Ingress's status still
 * names the old one, which pulumi-kubernetes' await takes as ready
 * (provider/pkg/await/ingress.go): the outputs, the alarms and the site's
 * DNS record would follow a deleted ALB. So another scheme gets an Ingress of
 * another name, which Pulumi makes (and the controller its ALB) before it
 * deletes the old one, so the old ALB serves until the new one has its name.
 * The same scheme keeps the name, whichever of the two it is.
 */
export function appIngressName(c: Pick<StackConfig, "albScheme">, earlier: Earlier): string {
    const base = FAST_API_APP_DEFAULTS.ingressName;
    const last = earlier.lastApplied.appIngress;
    if (last === undefined || last.scheme === c.albScheme) return last?.name ?? base;
    return last.name === base ? `${base}-${c.albScheme}` : base;
}

/**
 * Whether a created node-group cluster keeps @pulumi/eks's default cluster and
 * node security groups, with their rules, which nothing here uses: the
 * managed node group's nodes and the control plane talk through the cluster
 * security group EKS makes (pulumi-eks nodejs/eks/nodes/nodegroup.ts: a
 * ManagedNodeGroup takes no node security group). A new stack goes without
 * them (`skipDefaultSecurityGroups`). A cluster created with them keeps them:
 * dropping them would change its security groups in place and delete groups
 * its control plane's network interfaces still hold, so it stays as it is
 * rather than risk a half-applied update. Auto Mode never has them.
 */
export function keepsDefaultSecurityGroups(earlier: Earlier): boolean {
    return earlier.lastApplied.defaultSecurityGroups ?? earlier.deployed;
}

/**
 * Whether the stack installs the Pod Identity agent on an existing cluster
 * (by name): where a workload of the stack gets AWS credentials through Pod
 * Identity (an add-on, the backups, Aurora's bootstrap) and the cluster lacks
 * the agent (`present`, asked of EKS only then). An agent the stack installed
 * stays in the program, or the next `up` would remove it from the cluster; so
 * does one that a version from before `lastApplied` installed (with either
 * add-on). Auto Mode has the agent built in.
 */
export async function installsPodIdentityAgent(
    c: StackConfig,
    earlier: Earlier,
    present: (clusterName: string, addonName: string) => Promise<boolean>,
): Promise<boolean> {
    if (c.createCluster || c.clusterName === undefined || c.identityMode !== "podIdentity") return false;
    const addons = c.installEbsCsiDriver || c.installLbController;
    if (earlier.lastApplied.podIdentityAgent === "installed" || (earlier.legacy && addons)) return true;
    if (c.autoMode || !(addons || c.backupEnabled || c.database === "aurora")) return false;
    return !(await present(c.clusterName, POD_IDENTITY_AGENT_ADDON));
}

/**
 * Whether the stack installs metrics-server on an existing cluster (by name):
 * with `installMetricsServer`, where EKS reports none (or where the stack
 * installed it before, which it keeps). An autoscaler without it never gets
 * the pods' CPU figures, so `appMaxReplicas` on a cluster that lacks it, with
 * nothing to install it, is refused here, before anything is registered. (A
 * created cluster always gets it; a cluster by kubeconfig cannot be asked.)
 */
export async function installsMetricsServer(
    c: StackConfig,
    earlier: Earlier,
    present: (clusterName: string, addonName: string) => Promise<boolean>,
): Promise<boolean> {
    if (c.createCluster || c.clusterName === undefined) return false;
    if (earlier.lastApplied.metricsServer === "installed") return true;
    const autoscaled = c.appMaxReplicas > c.appReplicas;
    if (!c.installMetricsServer && !autoscaled) return false;
    const has = await present(c.clusterName, METRICS_SERVER_ADDON);
    if (!has && !c.installMetricsServer) {
        throw new ConfigError([
            `${PROJECT}:appMaxReplicas: the autoscaler needs metrics-server, and the cluster ${c.clusterName} has no metrics-server add-on. Fix: pulumi config set installMetricsServer true (or pulumi config rm appMaxReplicas)`,
        ]);
    }
    return c.installMetricsServer && !has;
}

/**
 * Whether the stack installs Container Insights (`observability: full`): on a
 * created cluster always; on an existing one where EKS reports no such add-on
 * (or where the stack installed it before, which it keeps), so that an add-on
 * the cluster has is never installed twice. There, a log group of an earlier
 * install, which the stack would create, is refused before anything is
 * registered: CreateLogGroup would fail half-way through the up.
 */
export async function installsContainerInsights(
    c: StackConfig,
    earlier: Earlier,
    present: (clusterName: string, addonName: string) => Promise<boolean>,
    logGroupExists: (name: string) => Promise<boolean>,
): Promise<boolean> {
    if (c.observability !== "full" || c.clusterName === undefined) return false;
    if (c.createCluster || earlier.lastApplied.containerInsights === "installed") return true;
    if (await present(c.clusterName, CLOUDWATCH_OBSERVABILITY_ADDON)) return false;
    for (const kind of CONTAINER_INSIGHTS_LOG_KINDS) {
        const group = `/aws/containerinsights/${c.clusterName}/${kind}`;
        if (await logGroupExists(group)) {
            throw new ConfigError([
                `${PROJECT}:observability: full would create the log group ${group}, which an earlier Container Insights install left. Fix: aws logs delete-log-group --log-group-name ${group} (its logs go with it), then pulumi preview again; or pulumi config set observability alarms`,
            ]);
        }
    }
    return true;
}
