/** The validated cluster keys as the mode they describe (components/cluster/modes.ts): parsed once, here. */
import { ClusterMode } from "../components";
import { ClusterConfig } from "./cluster";

/**
 * The cluster mode of keys that passed checkClusterModes: `createCluster`, or
 * an existing cluster by `clusterName`, or else by kubeconfig. What a mode
 * does not take was refused there, so it is left out here.
 */
export function clusterModeOf(c: ClusterConfig): ClusterMode {
    const versions = { ebsCsiDriverVersion: c.ebsCsiDriverVersion, lbControllerChartVersion: c.lbControllerChartVersion };
    if (c.createCluster) {
        return {
            kind: "create",
            clusterName: c.clusterName as string,
            kubernetesVersion: c.kubernetesVersion,
            supportType: c.supportType,
            apiAllowedCidrs: c.apiAllowedCidrs,
            clusterAdmins: c.clusterAdmins,
            clusterPreviewers: c.clusterPreviewers,
            vpc:
                c.vpcId === undefined
                    ? {
                          kind: "new",
                          cidrBlock: c.vpcCidr,
                          availabilityZoneCount: c.availabilityZoneCount,
                          natGatewayPerAz: c.natGatewayPerAz,
                      }
                    : { kind: "existing", vpcId: c.vpcId, publicSubnetIds: c.publicSubnetIds, privateSubnetIds: c.privateSubnetIds },
            compute: c.autoMode
                ? { kind: "autoMode" }
                : {
                      kind: "nodeGroup",
                      instanceType: c.nodeInstanceType,
                      desiredSize: c.nodeDesiredSize,
                      minSize: c.nodeMinSize,
                      maxSize: c.nodeMaxSize,
                      ...versions,
                  },
        };
    }
    if (c.clusterName !== undefined) {
        return {
            kind: "existing",
            clusterName: c.clusterName,
            addons: c.autoMode
                ? { kind: "autoMode" }
                : { kind: "standard", installEbsCsiDriver: c.installEbsCsiDriver, installLbController: c.installLbController, versions },
        };
    }
    return { kind: "kubeconfig", kubeconfig: c.kubeconfig, context: c.kubeContext };
}
