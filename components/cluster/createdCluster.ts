import * as pulumi from "@pulumi/pulumi";
import { IdentityMode } from "../addons";
import { Network } from "../network";
import { EksCluster } from "./eksCluster";
import { ClusterFacts } from "./existingCluster";
import { CreatedCluster } from "./modes";

/**
 * A created cluster: its VPC (new, or the existing one's subnets) and the EKS
 * cluster with what runs its pods; the facts the add-ons and workloads need,
 * its kubeconfig, and the zones of a new VPC.
 */
export function createdCluster(
    name: string,
    mode: CreatedCluster,
    args: {
        region: string;
        awsProfile?: string;
        awsRoleArn?: string;
        identityMode: IdentityMode;
        availabilityZones?: string[];
        defaultSecurityGroups?: boolean;
        kubernetesUpgrade?: boolean;
        nodeResize?: number;
    },
    parent: pulumi.Resource,
): { facts: ClusterFacts; kubeconfig: pulumi.Output<string>; availabilityZones?: pulumi.Output<string[]> } {
    const vpc = mode.vpc;
    const network =
        vpc.kind === "new"
            ? new Network(
                  `${name}-network`,
                  {
                      clusterName: mode.clusterName,
                      cidrBlock: vpc.cidrBlock,
                      availabilityZoneCount: vpc.availabilityZoneCount,
                      availabilityZones: args.availabilityZones,
                      natGatewayPerAz: vpc.natGatewayPerAz,
                  },
                  { parent },
              )
            : undefined;
    const vpcId = network?.vpcId ?? (vpc.kind === "existing" ? vpc.vpcId : "");
    const privateSubnetIds = network?.privateSubnetIds ?? (vpc.kind === "existing" ? vpc.privateSubnetIds : []);
    const nodes = mode.compute.kind === "nodeGroup" ? mode.compute : undefined;
    const cluster = new EksCluster(
        `${name}-cluster`,
        {
            clusterName: mode.clusterName,
            vpcId,
            publicSubnetIds: network?.publicSubnetIds ?? (vpc.kind === "existing" ? vpc.publicSubnetIds : []),
            privateSubnetIds,
            // The control plane needs no route out; the nodes do, so only they wait for the NAT routes.
            nodesDependOn: network?.privateRoutes,
            // None listed: EksCluster's default, the endpoint open to anyone with credentials (an empty list would shut it).
            apiAllowedCidrs: mode.apiAllowedCidrs.length > 0 ? mode.apiAllowedCidrs : undefined,
            supportType: mode.supportType,
            controlPlaneLogTypes: mode.controlPlaneLogTypes,
            awsProfile: args.awsProfile,
            awsRoleArn: args.awsRoleArn,
            region: args.region,
            clusterAdmins: mode.clusterAdmins,
            clusterPreviewers: mode.clusterPreviewers,
            kubernetesVersion: mode.kubernetesVersion,
            autoMode: nodes === undefined,
            nodeInstanceType: nodes?.instanceType,
            nodeDesiredSize: nodes?.desiredSize,
            nodeMinSize: nodes?.minSize,
            nodeMaxSize: nodes?.maxSize,
            podIdentityAgent: args.identityMode === "podIdentity",
            nodeAutoscaling: nodes !== undefined && nodes.maxSize > nodes.minSize,
            defaultSecurityGroups: args.defaultSecurityGroups,
            kubernetesUpgrade: args.kubernetesUpgrade,
            nodeResize: args.nodeResize,
        },
        { parent },
    );
    const facts: ClusterFacts = {
        autoMode: cluster.autoModeNodeRoleName && {
            nodeRoleName: cluster.autoModeNodeRoleName,
            subnetIds: privateSubnetIds,
            securityGroupId: cluster.clusterSecurityGroupId,
        },
        clusterName: cluster.clusterName,
        kubernetesVersion: cluster.kubernetesVersion,
        vpcId,
        network: { vpcId, subnetIds: privateSubnetIds, clusterSecurityGroupId: cluster.clusterSecurityGroupId },
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuer: cluster.oidcIssuer,
        addonsReady: cluster.addonsReady,
    };
    return { facts, kubeconfig: cluster.kubeconfig, availabilityZones: network?.availabilityZones };
}
