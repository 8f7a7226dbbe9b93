import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { IdentityMode } from "../addons";
import { execKubeconfig } from "./kubeconfig";
import { POD_IDENTITY_AGENT_ADDON } from "./clusterAddons";
import { privateClusterSubnets } from "./privateSubnets";

/** Where a database beside the cluster goes (Aurora): the VPC, the private subnets, and the security group its nodes and pods have. */
export interface ClusterNetwork {
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    clusterSecurityGroupId: pulumi.Input<string>;
}

/** What Auto Mode's network-policy NodeClass needs of the cluster. */
export interface AutoModeFacts {
    nodeRoleName: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    securityGroupId: pulumi.Input<string>;
}

export interface ClusterFacts {
    autoMode?: AutoModeFacts;
    network: ClusterNetwork;
    clusterName: pulumi.Input<string>;
    kubernetesVersion: pulumi.Input<string>;
    vpcId: pulumi.Input<string>;
    oidcProviderArn?: pulumi.Input<string>;
    oidcIssuer?: pulumi.Input<string>;
    addonsReady: pulumi.Resource[];
}

/**
 * An existing cluster, looked up by name at preview: its network, identity
 * and Auto Mode facts, a kubeconfig that authenticates with `aws eks
 * get-token`, and, where asked, the Pod Identity agent add-on, which stays on
 * the cluster when the stack goes.
 */
export function existingCluster(
    name: string,
    args: {
        clusterName: string;
        region: string;
        awsProfile?: string;
        awsRoleArn?: string;
        autoMode: boolean;
        identityMode: IdentityMode;
        podIdentityAgent?: boolean;
        autoModeSubnetIds?: string[];
    },
    parent: pulumi.Resource,
): { facts: ClusterFacts; kubeconfig: pulumi.Output<string> } {
    const found = aws.eks.getClusterOutput({ name: args.clusterName }, { parent });
    const issuer = found.identities.apply((ids) => ids[0].oidcs[0].issuer);
    const kubeconfig = pulumi.secret(
        pulumi.all([found.name, found.endpoint, found.certificateAuthorities]).apply(([clusterName, endpoint, cas]) =>
            execKubeconfig({
                clusterName,
                endpoint,
                caData: cas[0].data,
                region: args.region,
                profile: args.awsProfile,
                roleArn: args.awsRoleArn,
            }),
        ),
    );
    const facts: ClusterFacts = {
        autoMode: args.autoMode
            ? {
                  nodeRoleName: found.computeConfigs.apply((c) => (c[0]?.nodeRoleArn ?? "").split("/").pop() ?? ""),
                  // Only its private subnets: a node in a public one would get a public address.
                  subnetIds: args.autoModeSubnetIds ?? pulumi.output(privateClusterSubnets(args.clusterName)),
                  securityGroupId: found.vpcConfig.clusterSecurityGroupId,
              }
            : undefined,
        clusterName: found.name,
        kubernetesVersion: found.version,
        network: {
            vpcId: found.vpcConfig.vpcId,
            subnetIds: found.vpcConfig.subnetIds,
            clusterSecurityGroupId: found.vpcConfig.clusterSecurityGroupId,
        },
        vpcId: found.vpcConfig.vpcId,
        oidcIssuer: issuer,
        oidcProviderArn: args.identityMode === "irsa" ? aws.iam.getOpenIdConnectProviderOutput({ url: issuer }, { parent }).arn : undefined,
        // Pod Identity needs the agent on the nodes; without it the add-ons and jobs get no credentials.
        addonsReady: args.podIdentityAgent
            ? [
                  new aws.eks.Addon(
                      `${name}-pod-identity-agent`,
                      { clusterName: found.name, addonName: POD_IDENTITY_AGENT_ADDON, resolveConflictsOnCreate: "OVERWRITE" },
                      { parent, retainOnDelete: true },
                  ),
              ]
            : [],
    };
    return { facts, kubeconfig };
}
