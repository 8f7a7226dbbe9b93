/** The validated cluster keys as the mode they describe (components/cluster/modes.ts): parsed once, here. */
import { ClusterMode, ImagePlatform, LOCAL_FLAVOR_DEFAULTS, isControlPlaneLogType, platformOf } from "../components";
import { ClusterConfig } from "./cluster";
import { LocalConfig } from "./local";
import { DATABASE_DEFAULTS, DatabaseConfig } from "./workload";

/**
 * The cluster mode of keys that passed checkClusterModes: `createCluster`, or
 * an existing cluster by `clusterName`, a laptop's (`localCluster`), or else
 * by kubeconfig. What a mode
 * does not take was refused there, so it is left out here.
 */
export function clusterModeOf(c: ClusterConfig & LocalConfig & Pick<DatabaseConfig, "dbStorageClass">): ClusterMode {
    const versions = { ebsCsiDriverVersion: c.ebsCsiDriverVersion, lbControllerChartVersion: c.lbControllerChartVersion };
    if (c.createCluster) {
        return {
            kind: "create",
            clusterName: c.clusterName as string,
            kubernetesVersion: c.kubernetesVersion,
            supportType: c.supportType,
            // Each was checked against the list (clusterKeys.ts): the filter only types them.
            controlPlaneLogTypes: c.controlPlaneLogTypes.filter(isControlPlaneLogType),
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
    if (c.localCluster !== "none") {
        const flavor = c.localCluster;
        return {
            kind: "local",
            flavor,
            context: c.kubeContext,
            registry: c.localRegistry ?? LOCAL_FLAVOR_DEFAULTS[flavor].registry,
            port: c.localPort,
            // The flavor's own, unless dbStorageClass names another the cluster has.
            storageClass:
                c.dbStorageClass === DATABASE_DEFAULTS.dbStorageClass ? LOCAL_FLAVOR_DEFAULTS[flavor].storageClass : c.dbStorageClass,
        };
    }
    return { kind: "kubeconfig", kubeconfig: c.kubeconfig, context: c.kubeContext };
}

/**
 * The nodes' architecture, for the app's image: a created node group's
 * instance type says it; a laptop's cluster runs on the laptop's own;
 * Auto Mode's built-in pools and existing clusters are taken as amd64.
 */
export function nodesPlatform(mode: ClusterMode, hostArch: string = process.arch): ImagePlatform {
    if (mode.kind === "create" && mode.compute.kind === "nodeGroup") return platformOf(mode.compute.instanceType);
    if (mode.kind === "local") return hostArch === "arm64" ? "linux/arm64" : "linux/amd64";
    return "linux/amd64";
}
