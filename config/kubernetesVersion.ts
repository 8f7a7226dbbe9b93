/**
 * A created cluster on a live stack, as EKS reports it at preview: its
 * Kubernetes version, what EKS takes, and what it did on its own since the
 * last `up`; and its node group's size (nodeGroupResize). Amazon EKS User Guide:
 * update-cluster ("you can update only one minor version at a time", "You
 * cannot downgrade"); kubernetes-versions (at the end of a version's support
 * EKS upgrades the control plane by itself, and never a managed node group).
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, PROJECT } from "./reader";
import type { Earlier } from "./lastApplied";
import type { StackConfig } from "./index";

export interface VersionCheck {
    /** Why the up is refused, with the way forward. */
    problem?: string;
    /** What the user must do for the up to apply, which the program cannot see (a refresh). */
    warning?: string;
}

const minor = (v: string) => Number(v.split(".")[1]);

/**
 * `wanted` against the version the last `up` recorded and the one EKS reports
 * now (undefined where not asked or not found). EKS's answer is what runs:
 * above the record, EKS moved the cluster by itself (it never moves one
 * down); below it, the recorded step never applied (its up failed).
 */
export function kubernetesVersionCheck(wanted: string, recorded: string | undefined, live: string | undefined): VersionCheck {
    const running = live ?? recorded;
    const moved = live !== undefined && recorded !== undefined && minor(live) > minor(recorded);
    // A stack deployed before the record has only EKS's answer; its state may hold an older version too.
    const fromEks = moved || (live !== undefined && recorded === undefined);
    if (running === undefined || running === wanted) {
        // The stack's state still holds the recorded version: a plain up would ask EKS for the version it runs
        // (UpdateClusterVersion), which EKS refuses; a refresh first brings the state to it.
        return moved
            ? {
                  warning: `EKS upgraded the cluster from ${recorded} to ${live} since the last up. Run pulumi up --refresh, so that the stack learns it and the nodes follow: a plain pulumi up would ask EKS for the version it already runs, which EKS refuses.`,
              }
            : {};
    }
    const why = (what: string) =>
        `${PROJECT}:kubernetesVersion: is ${wanted}, but the cluster runs ${running}${moved ? " (EKS upgraded it since the last up, as it does when a version's support ends)" : ""}, and ${what}`;
    if (minor(wanted) < minor(running)) {
        const fix = fromEks
            ? `pulumi config set kubernetesVersion ${running}, then pulumi up --refresh, so that the stack learns the version EKS moved the cluster to (the nodes follow)`
            : `pulumi config set kubernetesVersion ${running} (an older version needs a new stack: pulumi stack init)`;
        return { problem: `${why("EKS never downgrades a cluster")}. Fix: ${fix}` };
    }
    if (minor(wanted) > minor(running) + 1) {
        const next = `1.${minor(running) + 1}`;
        return {
            problem: `${why("EKS updates a cluster one minor version at a time")}. Fix: pulumi config set kubernetesVersion ${next}, pulumi up, and so on to ${wanted}`,
        };
    }
    return {};
}

/**
 * Refuses, before anything is registered, a version the live cluster cannot
 * take; asks EKS (DescribeCluster) only for a cluster the stack made. Whether
 * this `up` moves the cluster to another version, or EKS moved it since the last.
 */
export async function checkKubernetesVersion(
    c: StackConfig,
    earlier: Earlier,
    version: (clusterName: string) => Promise<string | undefined>,
): Promise<boolean> {
    if (!c.createCluster || c.clusterName === undefined || earlier.lastApplied.clusterHome !== "created") return false;
    const recorded = earlier.lastApplied.kubernetesVersion;
    const live = await version(c.clusterName);
    const { problem, warning } = kubernetesVersionCheck(c.kubernetesVersion, recorded, live);
    if (problem !== undefined) throw new ConfigError([problem]);
    if (warning !== undefined) pulumi.log.warn(warning);
    return recorded !== undefined && (recorded !== c.kubernetesVersion || (live !== undefined && minor(live) > minor(recorded)));
}

/**
 * A created node group's size for this `up`, where the Cluster Autoscaler sets
 * it (asked of EKS on a live stack) and new bounds leave it outside them: the
 * nearest bound. EKS refuses a minimum above a group's size, or a maximum
 * below it ("Minimum capacity 3 can't be greater than desired size 2",
 * hashicorp/terraform-provider-aws#18310), and the program otherwise leaves
 * the size to the autoscaler, so the update would fail half-way. Undefined
 * otherwise: the autoscaler's size stays.
 */
export async function nodeGroupResize(
    c: StackConfig,
    earlier: Earlier,
    size: (clusterName: string) => Promise<number | undefined>,
): Promise<number | undefined> {
    const [min, max] = [c.nodeMinSize, c.nodeMaxSize];
    if (!c.createCluster || c.autoMode || max <= min || c.clusterName === undefined) return undefined;
    if (earlier.lastApplied.clusterHome !== "created") return undefined;
    const now = await size(c.clusterName);
    return now === undefined || (now >= min && now <= max) ? undefined : Math.min(Math.max(now, min), max);
}
