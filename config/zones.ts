/**
 * A created cluster's zones and node type, checked against what AWS offers
 * before anything is registered: a new VPC needs as many usable zones as
 * availabilityZoneCount, and the node group's type must be offered in each
 * of its zones, or in each zone of an existing VPC's private subnets
 * (a misspelt or absent type otherwise fails about 15 minutes into the up,
 * when the node group cannot launch).
 */
import * as aws from "@pulumi/aws";
import { ZoneLookups, awsZoneLookups, privateClusterSubnets } from "../components";
import { ConfigError, PROJECT } from "./reader";
import type { LastApplied } from "./lastApplied";
import type { LoadedConfig } from "./index";

/**
 * `aws:region` as the AWS provider takes it, asked before anything else of
 * AWS wherever the program looks a cluster up or creates one: the provider
 * refuses a region its SDK does not list, as "Invalid AWS Region: <name>"
 * (aws-sdk-go-base ValidateRegion, unless skipRegionValidation), which names
 * no key. A region of the right form (components/cluster/rules.ts
 * checkRegion) that AWS never made fails here, with the key and a fix.
 */
export async function checkRegionKnown(c: LoadedConfig, ask: () => Promise<unknown> = () => aws.getRegion({})): Promise<void> {
    if (c.cluster.kind === "kubeconfig" || c.cluster.kind === "local" || !c.awsRegion) return;
    try {
        await ask();
    } catch (e) {
        if (!/invalid AWS Region/i.test((e as Error).message)) throw e;
        throw new ConfigError([
            `aws:region: ${c.awsRegion} is not a region the AWS provider knows (${(e as Error).message.trim()}). Fix: pulumi config set aws:region us-east-1 (or another region AWS lists: aws account list-regions)`,
        ]);
    }
}

export async function checkZones(c: LoadedConfig, lastApplied: LastApplied, lookups: ZoneLookups = awsZoneLookups): Promise<void> {
    const mode = c.cluster;
    if (mode.kind !== "create") return;
    if (mode.vpc.kind === "existing") {
        // The node group launches in the private subnets given, so the type must be offered in their zones.
        if (mode.compute.kind === "nodeGroup")
            await checkOffered(mode.compute.instanceType, await lookups.subnetZones(mode.vpc.privateSubnetIds), lookups);
        return;
    }
    const count = mode.vpc.availabilityZoneCount;
    let zones = lastApplied.availabilityZones;
    if (zones === undefined) {
        const usable = await lookups.usableZones();
        if (usable.length < count) {
            throw new ConfigError([
                `${PROJECT}:availabilityZoneCount: is ${count}, but ${c.awsRegion} has ${usable.length} zones a new VPC for EKS can use (available, not opt-in, none where EKS refuses a control plane). Fix: pulumi config set availabilityZoneCount ${usable.length}`,
            ]);
        }
        zones = usable.slice(0, count);
    }
    if (mode.compute.kind === "nodeGroup") await checkOffered(mode.compute.instanceType, zones, lookups);
}

/** Refuses a node type some of the node group's zones do not offer. */
async function checkOffered(type: string, zones: string[], lookups: ZoneLookups): Promise<void> {
    const offered = await lookups.zonesOffering(type, zones);
    const missing = zones.filter((z) => !offered.includes(z));
    if (missing.length > 0) {
        throw new ConfigError([
            `${PROJECT}:nodeInstanceType: ${type} is not offered in ${missing.join(", ")} (EC2 instance type offerings), where the node group would launch. Fix: pulumi config set nodeInstanceType <a type offered there, such as m6i.large>`,
        ]);
    }
}

/**
 * An existing Auto Mode cluster's private subnets, where the workloads' nodes
 * go (components/cluster/privateSubnets.ts); a cluster with none is refused
 * before anything is registered. Undefined for every other mode.
 */
export async function existingAutoModeSubnets(
    c: LoadedConfig,
    lookup: (clusterName: string) => Promise<string[]> = privateClusterSubnets,
): Promise<string[] | undefined> {
    const mode = c.cluster;
    if (mode.kind !== "existing" || mode.addons.kind !== "autoMode") return undefined;
    const subnets = await lookup(mode.clusterName);
    if (subnets.length === 0) {
        throw new ConfigError([
            `${PROJECT}:autoMode: the cluster ${mode.clusterName} has no private subnet (each of its subnets routes to an internet gateway), so the workloads' nodes would get public addresses. Fix: give the cluster private subnets (aws eks update-cluster-config --name ${mode.clusterName} --resources-vpc-config subnetIds=<private subnets>), then run pulumi preview again`,
        ]);
    }
    return subnets;
}
