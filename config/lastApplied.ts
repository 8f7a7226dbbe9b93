/**
 * What a live stack was last deployed with, where a later `up` cannot simply
 * apply a change. The program records it in the stack output `lastApplied`
 * and reads it back at the next run through a StackReference to the stack
 * itself (none on a new stack), before it registers anything else, so a
 * change AWS or Kubernetes would refuse half-way is refused at preview.
 */
import * as pulumi from "@pulumi/pulumi";
import { storageBytes } from "../components";
import { ConfigError, PROJECT } from "./reader";
import type { StackConfig } from "./index";

export interface LastApplied {
    /** The zones of the VPC the program made for its cluster. */
    availabilityZones?: string[];
    /** The in-cluster database volume's size. */
    dbStorageSize?: string;
}

/** The stack output that holds it. */
export const LAST_APPLIED_OUTPUT = "lastApplied";

/** The running stack's `lastApplied` from its last `up`; empty for a stack never deployed. */
export async function readLastApplied(): Promise<LastApplied> {
    const self = new pulumi.StackReference(`${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`);
    const details = await self.getOutputDetails(LAST_APPLIED_OUTPUT);
    return (details.value ?? {}) as LastApplied;
}

/** One problem per change the last deployment cannot take, each naming its key, the reason and the way forward. */
export function transitionProblems(c: StackConfig, earlier: LastApplied): string[] {
    const problems: string[] = [];
    const problem = (key: string, why: string, fix: string) => problems.push(`${PROJECT}:${key}: ${why}. Fix: ${fix}`);
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
    const was = earlier.dbStorageSize;
    if (was !== undefined && c.database === "inCluster" && Number(storageBytes(c.dbStorageSize)) < Number(storageBytes(was))) {
        // Kubernetes docs, "Persistent Volumes", Expanding Persistent Volumes Claims: a claim can only grow.
        problem("dbStorageSize", `is ${c.dbStorageSize}, but the database's volume is ${was}, and a volume can grow but never shrink`, `pulumi config set dbStorageSize ${was}`);
    }
    return problems;
}

/** Throws a ConfigError when the last deployment cannot take the config. Registers nothing. */
export function checkTransitions(c: StackConfig, earlier: LastApplied): void {
    const problems = transitionProblems(c, earlier);
    if (problems.length > 0) throw new ConfigError(problems);
}
