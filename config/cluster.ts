import * as pulumi from "@pulumi/pulumi";
import {
    EKS_CLUSTER_DEFAULTS,
    IDENTITY_MODES,
    IdentityMode,
    LB_CONTROLLER_DEFAULTS,
    NETWORK_DEFAULTS,
    SUPPORT_TYPES,
    SupportType,
    checkCidr,
    checkAddonVersion,
    checkChartVersion,
    checkClusterName,
    checkPrincipalArn,
    checkEksVersion,
    checkRegion,
    checkSubnetLists,
    checkVpcCidr,
} from "../components";
import { PROJECT, Reader, nonEmpty, orEmpty } from "./reader";

/** Where the app runs: the keys of the cluster, its network and its add-ons. */
export interface ClusterConfig {
    /** `aws:region`; required whenever the program talks to AWS. */
    awsRegion?: string;
    createCluster: boolean;
    autoMode: boolean;
    /** The configured name, or in create mode `fastapi-eks-<stack>`; undefined for an existing cluster reached by kubeconfig. */
    clusterName?: string;
    kubernetesVersion: string;
    vpcId?: string;
    publicSubnetIds: string[];
    privateSubnetIds: string[];
    vpcCidr: string;
    availabilityZoneCount: number;
    natGatewayPerAz: boolean;
    nodeInstanceType: string;
    nodeDesiredSize: number;
    nodeMinSize: number;
    nodeMaxSize: number;
    identityMode: IdentityMode;
    installEbsCsiDriver: boolean;
    installLbController: boolean;
    ebsCsiDriverVersion?: string;
    lbControllerChartVersion: string;
    kubeconfig?: pulumi.Output<string>;
    kubeContext?: string;
    apiAllowedCidrs: string[];
    supportType: SupportType;
    clusterAdmins: string[];
    clusterPreviewers: string[];
    /** `aws:profile`, which the kubeconfigs must use as the AWS provider does. */
    awsProfile?: string;
}

/** Pulumi.yaml's defaults of the cluster keys, taken from the components; tests keep the two equal. */
export const CLUSTER_DEFAULTS = {
    createCluster: false,
    autoMode: false,
    clusterName: "",
    kubernetesVersion: EKS_CLUSTER_DEFAULTS.kubernetesVersion,
    vpcId: "",
    publicSubnetIds: [] as string[],
    privateSubnetIds: [] as string[],
    vpcCidr: NETWORK_DEFAULTS.cidrBlock,
    availabilityZoneCount: NETWORK_DEFAULTS.availabilityZoneCount,
    natGatewayPerAz: NETWORK_DEFAULTS.natGatewayPerAz,
    nodeInstanceType: EKS_CLUSTER_DEFAULTS.nodeInstanceType,
    nodeDesiredSize: EKS_CLUSTER_DEFAULTS.nodeDesiredSize,
    nodeMinSize: EKS_CLUSTER_DEFAULTS.nodeMinSize,
    nodeMaxSize: EKS_CLUSTER_DEFAULTS.nodeMaxSize,
    identityMode: LB_CONTROLLER_DEFAULTS.identityMode,
    installEbsCsiDriver: false,
    installLbController: false,
    ebsCsiDriverVersion: "",
    lbControllerChartVersion: LB_CONTROLLER_DEFAULTS.chartVersion,
    kubeContext: "",
    apiAllowedCidrs: [] as string[],
    clusterAdmins: [] as string[],
    clusterPreviewers: [] as string[],
    supportType: EKS_CLUSTER_DEFAULTS.supportType,
} as const;

const subnet = (v: string) => (/^subnet-[0-9a-f]{8,17}$/.test(v) ? undefined : `"${v}" is not a subnet id`);

export function readClusterConfig(r: Reader, all: Record<string, string>, stack: string): ClusterConfig {
    const d = CLUSTER_DEFAULTS;
    const createCluster = r.bool("createCluster", d.createCluster);
    const clusterName = r.string("clusterName", d.clusterName, "fastapi-eks-dev", orEmpty(checkClusterName));
    // The name the program derives from the stack must be one EKS accepts too.
    const derived = createCluster && clusterName === "" ? checkClusterName(`${PROJECT}-${stack}`) : undefined;
    if (derived)
        r.conflict(
            "clusterName",
            `is empty, so the cluster would be named after the stack: ${derived}`,
            "pulumi config set clusterName fastapi-eks-dev",
        );
    return {
        awsRegion: all["aws:region"],
        createCluster,
        autoMode: r.bool("autoMode", d.autoMode),
        clusterName: clusterName !== "" ? clusterName : createCluster ? `${PROJECT}-${stack}` : undefined,
        kubernetesVersion: r.string("kubernetesVersion", d.kubernetesVersion, d.kubernetesVersion, checkEksVersion),
        vpcId: nonEmpty(
            r.string(
                "vpcId",
                d.vpcId,
                "vpc-0123456789abcdef0",
                orEmpty((v) => (/^vpc-[0-9a-f]{8,17}$/.test(v) ? undefined : `"${v}" is not a VPC id`)),
            ),
        ),
        publicSubnetIds: r.stringList("publicSubnetIds", d.publicSubnetIds, "subnet-0123456789abcdef0", subnet),
        privateSubnetIds: r.stringList("privateSubnetIds", d.privateSubnetIds, "subnet-0123456789abcdef0", subnet),
        vpcCidr: r.string("vpcCidr", d.vpcCidr, d.vpcCidr, checkVpcCidr),
        availabilityZoneCount: r.int("availabilityZoneCount", d.availabilityZoneCount, 2, 3, 3),
        natGatewayPerAz: r.bool("natGatewayPerAz", d.natGatewayPerAz),
        nodeInstanceType: r.string("nodeInstanceType", d.nodeInstanceType, "m6i.large", (v) =>
            /^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(v) ? undefined : `"${v}" is not an EC2 instance type`,
        ),
        nodeDesiredSize: r.int("nodeDesiredSize", d.nodeDesiredSize, 1, 100, 3),
        nodeMinSize: r.int("nodeMinSize", d.nodeMinSize, 1, 100, 2),
        nodeMaxSize: r.int("nodeMaxSize", d.nodeMaxSize, 1, 100, 6),
        identityMode: r.oneOf("identityMode", d.identityMode, IDENTITY_MODES),
        installEbsCsiDriver: r.bool("installEbsCsiDriver", d.installEbsCsiDriver),
        installLbController: r.bool("installLbController", d.installLbController),
        ebsCsiDriverVersion: nonEmpty(
            r.string("ebsCsiDriverVersion", d.ebsCsiDriverVersion, "v1.53.0-eksbuild.1", orEmpty(checkAddonVersion)),
        ),
        lbControllerChartVersion: r.string(
            "lbControllerChartVersion",
            d.lbControllerChartVersion,
            d.lbControllerChartVersion,
            checkChartVersion,
        ),
        kubeconfig: r.secret("kubeconfig", '"$(cat ~/.kube/config)"'),
        kubeContext: nonEmpty(r.string("kubeContext", d.kubeContext, "my-cluster-context")),
        apiAllowedCidrs: r.stringList("apiAllowedCidrs", d.apiAllowedCidrs, "203.0.113.0/24", checkCidr),
        supportType: r.oneOf("supportType", d.supportType, SUPPORT_TYPES),
        clusterAdmins: r.stringList("clusterAdmins", d.clusterAdmins, "arn:aws:iam::012345678901:role/platform-admins", checkPrincipalArn),
        clusterPreviewers: r.stringList(
            "clusterPreviewers",
            d.clusterPreviewers,
            "arn:aws:iam::012345678901:role/github-preview",
            checkPrincipalArn,
        ),
        awsProfile: nonEmpty(all["aws:profile"] ?? ""),
    };
}

/** Keys that shape only a cluster the program creates. */
const CREATE_ONLY = [
    "kubernetesVersion",
    "apiAllowedCidrs",
    "clusterAdmins",
    "clusterPreviewers",
    "supportType",
    "vpcId",
    "publicSubnetIds",
    "privateSubnetIds",
    "vpcCidr",
    "availabilityZoneCount",
    "natGatewayPerAz",
] as const;
/** Keys of the managed node group, which Auto Mode does without. */
const NODE_KEYS = ["nodeInstanceType", "nodeDesiredSize", "nodeMinSize", "nodeMaxSize"] as const;
/** Keys of a new VPC, which an existing vpcId makes moot. */
const NEW_VPC_KEYS = ["vpcCidr", "availabilityZoneCount", "natGatewayPerAz"] as const;

/**
 * Combinations that cannot work, or keys that would do nothing, each
 * reported against the key the user set. A key counts as chosen when its
 * value differs from Pulumi.yaml's default, which the CLI always fills in.
 */
export function checkClusterModes(r: Reader, c: ClusterConfig): void {
    const d = CLUSTER_DEFAULTS;
    const chosen = (key: keyof typeof d) => JSON.stringify(c[key] ?? "") !== JSON.stringify(d[key]);
    const rm = (key: string) => `pulumi config rm ${key}`;
    const existing = !c.createCluster;
    const byName = existing && c.clusterName !== undefined;
    const hasKubeconfig = r.hasSecret("kubeconfig");

    if (c.createCluster && hasKubeconfig)
        r.conflict("kubeconfig", "is for an existing cluster, but createCluster is true", rm("kubeconfig"));
    if (c.createCluster && c.kubeContext)
        r.conflict("kubeContext", "is for an existing cluster, but createCluster is true", rm("kubeContext"));
    if (byName && hasKubeconfig) {
        r.conflict(
            "kubeconfig",
            "an existing cluster is reached either by clusterName or by kubeconfig, not both",
            `${rm("kubeconfig")} (or ${rm("clusterName")})`,
        );
    }
    if (byName && c.kubeContext) {
        r.conflict(
            "kubeContext",
            "an existing cluster is reached either by clusterName or by kubeContext, not both",
            `${rm("kubeContext")} (or ${rm("clusterName")})`,
        );
    }
    if (existing && hasKubeconfig && c.kubeContext) {
        r.conflict("kubeContext", "selects a context of the ambient kubeconfig, so it does nothing beside kubeconfig", rm("kubeContext"));
    }
    for (const key of ["installEbsCsiDriver", "installLbController"] as const) {
        if (!c[key]) continue;
        if (c.createCluster) {
            r.conflict(
                key,
                "applies only to an existing cluster; a created cluster always gets it (or, in Auto Mode, needs none)",
                `pulumi config set ${key} false`,
            );
        } else if (c.autoMode) {
            r.conflict(
                key,
                "EKS Auto Mode has block storage and ALBs built in, so it cannot be installed with autoMode",
                `pulumi config set ${key} false`,
            );
        } else if (c.clusterName === undefined) {
            r.conflict(key, "needs the existing cluster's name", "pulumi config set clusterName <your cluster>");
        }
    }
    if (existing && c.autoMode && c.clusterName === undefined) {
        // The network-policy NodeClass needs the cluster's node role, subnets and security group, which the lookup by name gives.
        r.conflict(
            "autoMode",
            "on an existing cluster needs its clusterName, to turn on NetworkPolicy enforcement there",
            "pulumi config set clusterName <your cluster>",
        );
    }
    for (const key of [...CREATE_ONLY, ...NODE_KEYS]) {
        if (existing && chosen(key))
            r.conflict(key, "applies only when the program creates the cluster", `pulumi config set createCluster true, or ${rm(key)}`);
    }
    if (c.createCluster && c.autoMode) {
        for (const key of NODE_KEYS)
            if (chosen(key)) r.conflict(key, "sizes the managed node group, which EKS Auto Mode does without", rm(key));
    }
    if (c.createCluster && c.vpcId !== undefined) {
        for (const key of NEW_VPC_KEYS) if (chosen(key)) r.conflict(key, "shapes a new VPC, but vpcId names an existing one", rm(key));
    }
    const installsDriver = !c.autoMode && (c.createCluster || c.installEbsCsiDriver);
    const installsController = !c.autoMode && (c.createCluster || c.installLbController);
    if (chosen("ebsCsiDriverVersion") && !installsDriver)
        r.conflict("ebsCsiDriverVersion", "does nothing: this stack installs no EBS CSI driver", rm("ebsCsiDriverVersion"));
    if (chosen("lbControllerChartVersion") && !installsController) {
        r.conflict(
            "lbControllerChartVersion",
            "does nothing: this stack installs no Load Balancer Controller",
            rm("lbControllerChartVersion"),
        );
    }
    if (chosen("identityMode") && !installsDriver && !installsController)
        r.conflict("identityMode", "does nothing: this stack installs no add-on that needs AWS credentials", rm("identityMode"));

    if (c.createCluster && c.vpcId !== undefined) {
        for (const key of ["publicSubnetIds", "privateSubnetIds"] as const) {
            const n = c[key].length;
            if (n < 2 && !r.hasProblem(key)) {
                r.conflict(
                    key,
                    `an existing VPC needs at least 2 ${key.startsWith("public") ? "public" : "private"} subnets, in 2 zones; it has ${n}`,
                    `pulumi config set --path '${key}[${n}]' subnet-0123456789abcdef0`,
                );
            }
        }
    }
    if (c.vpcId === undefined) {
        for (const key of ["publicSubnetIds", "privateSubnetIds"] as const) {
            if (c[key].length > 0 && !(existing && chosen(key)))
                r.conflict(key, "subnets are used only with vpcId", `pulumi config set vpcId vpc-0123456789abcdef0, or ${rm(key)}`);
        }
    }
    if (c.createCluster && !c.autoMode && !(c.nodeMinSize <= c.nodeDesiredSize && c.nodeDesiredSize <= c.nodeMaxSize)) {
        r.conflict(
            "nodeDesiredSize",
            `${c.nodeDesiredSize} is not between nodeMinSize (${c.nodeMinSize}) and nodeMaxSize (${c.nodeMaxSize})`,
            `pulumi config set nodeDesiredSize ${c.nodeMinSize}`,
        );
    }
    if ((c.createCluster || c.clusterName !== undefined) && !c.awsRegion) {
        r.report("aws:region", "is required to create or look up an EKS cluster", "For example", "pulumi config set aws:region us-east-1");
    }
    const badRegion = c.awsRegion ? checkRegion(c.awsRegion) : undefined;
    if (badRegion) r.report("aws:region", badRegion, "For example", "pulumi config set aws:region us-east-1");
    if (c.createCluster && c.vpcId !== undefined) {
        for (const { key, problem } of checkSubnetLists(c.publicSubnetIds, c.privateSubnetIds))
            r.conflict(key, problem, `pulumi config set --path '${key}[0]' <another subnet>`);
    }
}
