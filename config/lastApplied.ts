/**
 * What a live stack was last deployed with, where a later `up` cannot simply
 * apply a change. The program records it in the stack output `lastApplied`
 * and reads it back at the next run through a StackReference to the stack
 * itself (none on a new stack), before it registers anything else, so a
 * change AWS or Kubernetes would refuse half-way is refused at preview.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    CLOUDWATCH_OBSERVABILITY_ADDON,
    CONTAINER_INSIGHTS_LOG_KINDS,
    METRICS_SERVER_ADDON,
    POD_IDENTITY_AGENT_ADDON,
    postgresMajor,
    storageBytes,
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
    /** The in-cluster database's image, whose PostgreSQL major version made its data directory. */
    dbImage?: string;
    /** The StorageClass of the in-cluster database's volume, on an EKS cluster (a laptop's cluster has its own). */
    dbStorageClass?: string;
    /** "installed" when the stack installed the Pod Identity agent on an existing cluster. */
    podIdentityAgent?: "installed";
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
}

/** What the stack's workloads were given at this `up`, besides its config. */
export interface Given {
    availabilityZones: pulumi.Input<string[] | undefined>;
    inClusterDatabase: boolean;
    podIdentityAgent: boolean;
    metricsServer: boolean;
    containerInsights: boolean;
    defaultSecurityGroups: boolean;
}

/** What this `up` leaves for the next one to compare against: the output `lastApplied`. */
export function lastAppliedOf(c: StackConfig, g: Given): { [K in keyof LastApplied]: pulumi.Input<LastApplied[K]> } {
    return {
        availabilityZones: g.availabilityZones,
        dbStorageSize: g.inClusterDatabase ? c.dbStorageSize : undefined,
        namespace: c.namespace,
        dbImage: g.inClusterDatabase ? c.dbImage : undefined,
        dbStorageClass: g.inClusterDatabase && c.localCluster === "none" ? c.dbStorageClass : undefined,
        podIdentityAgent: g.podIdentityAgent ? "installed" : undefined,
        metricsServer: g.metricsServer ? "installed" : undefined,
        containerInsights: g.containerInsights && !c.createCluster ? "installed" : undefined,
        clusterHome: clusterHomeOf(c),
        autoMode: c.createCluster ? c.autoMode : undefined,
        kubernetesVersion: c.createCluster ? c.kubernetesVersion : undefined,
        defaultSecurityGroups: c.createCluster && !c.autoMode ? g.defaultSecurityGroups : undefined,
    };
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
    const [last, namespace] = await Promise.all([self.getOutputDetails(LAST_APPLIED_OUTPUT), self.getOutputDetails("namespace")]);
    const recorded = (last.value ?? {}) as LastApplied;
    return {
        // A stack from before the record has its namespace in that output.
        lastApplied: { ...recorded, namespace: recorded.namespace ?? (namespace.value as string | undefined) },
        legacy: last.value === undefined && namespace.value !== undefined,
        deployed: last.value !== undefined || namespace.value !== undefined,
    };
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

/** One problem per change the last deployment cannot take, each naming its key, the reason and the way forward. */
export function transitionProblems(c: StackConfig, earlier: LastApplied): string[] {
    const problems: string[] = [];
    const problem = (key: string, why: string, fix: string) => problems.push(`${PROJECT}:${key}: ${why}. Fix: ${fix}`);
    const home = clusterHomeOf(c);
    if (earlier.clusterHome !== undefined && earlier.clusterHome !== home) {
        // The Kubernetes provider would change: Pulumi replaces every object, deleting it from the old cluster (a
        // created one, with its VPC, goes too); a protected database stops that half-way, after the new is made.
        const key = home === "laptop" || earlier.clusterHome === "laptop" ? "localCluster" : "createCluster";
        const where = { created: "the cluster the stack created", attached: "an existing cluster", laptop: "a laptop's cluster" };
        problem(
            key,
            `would move the app and its database from ${where[earlier.clusterHome]} to ${where[home]}, deleting them there, their data with them`,
            `pulumi stack init <a new stack> for the new place, and migrate the data (docs/database.md); or set ${key} back`,
        );
    }
    if (earlier.clusterHome === "created" && home === "created" && earlier.autoMode !== undefined && earlier.autoMode !== c.autoMode) {
        // Each mode has its own EBS driver (ebs.csi.aws.com, an add-on, against Auto Mode's ebs.csi.eks.amazonaws.com)
        // and its own ALB controller: the database's volume would be left to a driver the cluster no longer runs.
        problem(
            "autoMode",
            `is ${c.autoMode}, but the cluster was created ${earlier.autoMode ? "in" : "without"} Auto Mode, and the other mode's EBS driver and ALB controller would leave the database's volume and the app's ALB to ones the cluster no longer runs`,
            `pulumi stack init <a new stack> for the other mode, and restore a backup there (docs/database.md); or pulumi config set autoMode ${earlier.autoMode}`,
        );
    }
    const zones = earlier.availabilityZones;
    if (zones !== undefined && c.createCluster && c.vpcId === undefined && c.availabilityZoneCount !== zones.length) {
        // Amazon EKS User Guide, "View Amazon EKS networking requirements for VPC and subnets": "All subnets that
        // you add must be in the same set of AZs as originally provided when you created the cluster." The new
        // subnets and NAT gateways would be made first, and the cluster's update refused after them.
        problem(
            "availabilityZoneCount",
            `is ${c.availabilityZoneCount}, but the cluster was created in ${zones.length} zones (${zones.join(", ")}), and EKS keeps a cluster's subnets in the zones it was created in`,
            `pulumi config set availabilityZoneCount ${zones.length} (other zones need a new stack: pulumi stack init)`,
        );
    }
    const lived = earlier.namespace;
    if (lived !== undefined && c.namespace !== lived && (c.database === "inCluster" || c.protectData)) {
        // pulumi-kubernetes replaces an object whose metadata.namespace changes, creating the new before deleting
        // the old: the in-cluster database would start empty in the new namespace, its volume left in the old; and
        // on a protected stack the old objects' deletes fail after the new ones are made.
        problem(
            "namespace",
            `is ${c.namespace}, but the app and its data live in ${lived}, and every object would be made anew there, ${c.database === "inCluster" ? "the database empty, its volume left behind" : "the protected ones refusing their deletes half-way"}`,
            `pulumi config set namespace ${lived}; to move, restore a backup into a new stack (docs/database.md)`,
        );
    }
    const [made, major] = [postgresMajor(earlier.dbImage ?? ""), postgresMajor(c.dbImage)];
    if (made !== undefined && major !== undefined && made !== major && c.database === "inCluster") {
        // PostgreSQL docs, "Upgrading a PostgreSQL Cluster": a major release's data directory needs pg_upgrade or a
        // dump and restore. The StatefulSet would roll onto a server that refuses the volume's files ("database
        // files are incompatible with server") and restart it for ever: the database down, the up failed half-way.
        problem(
            "dbImage",
            `is ${c.dbImage}, PostgreSQL ${major}, but the database's files were made by PostgreSQL ${made} (${earlier.dbImage}), and a server starts only on its own major version's files`,
            `pulumi config set dbImage ${earlier.dbImage}; for PostgreSQL ${major}, restore a backup into a new stack that runs it (docs/database.md)`,
        );
    }
    const madeIn = earlier.dbStorageClass;
    if (madeIn !== undefined && c.database === "inCluster" && c.localCluster === "none" && c.dbStorageClass !== madeIn) {
        // Kubernetes API, StatefulSet: updates to fields other than replicas, ordinals, template, updateStrategy,
        // persistentVolumeClaimRetentionPolicy and minReadySeconds are forbidden; the program ignores the claim
        // template after creation, so the change would do nothing, silently.
        problem(
            "dbStorageClass",
            `is ${c.dbStorageClass}, but the database's volume was made with ${madeIn}, and a StatefulSet's volume template never changes`,
            `pulumi config set dbStorageClass ${madeIn}; for another class, restore a backup into a new stack that uses it (docs/database.md)`,
        );
    }
    const was = earlier.dbStorageSize;
    if (was !== undefined && c.database === "inCluster" && Number(storageBytes(c.dbStorageSize)) < Number(storageBytes(was))) {
        // Kubernetes docs, "Persistent Volumes", Expanding Persistent Volumes Claims: a claim can only grow.
        problem(
            "dbStorageSize",
            `is ${c.dbStorageSize}, but the database's volume is ${was}, and a volume can grow but never shrink`,
            `pulumi config set dbStorageSize ${was}`,
        );
    }
    return problems;
}

/** Throws a ConfigError when the last deployment cannot take the config. Registers nothing. */
export function checkTransitions(c: StackConfig, earlier: LastApplied): void {
    const problems = transitionProblems(c, earlier);
    if (problems.length > 0) throw new ConfigError(problems);
}
