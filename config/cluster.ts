import { checkClusterName, checkRegion, checkSubnetLists } from "../components";
import { CLUSTER_KEYS } from "./clusterKeys";
import { Values, defaultsOf, keysIn } from "./declare";
import { PROJECT, Reader, nonEmpty, readKeys } from "./reader";
import { installsLbController } from "./lastApplied";

/** Where the app runs: the keys of the cluster, its network and its add-ons, as declared in clusterKeys.ts. */
export type ClusterConfig = Omit<Values<typeof CLUSTER_KEYS>, "clusterName"> & {
    /** `aws:region`; required whenever the program talks to AWS. */
    awsRegion?: string;
    /** The configured name, or in create mode `fastapi-eks-<stack>`; undefined for an existing cluster reached by kubeconfig. */
    clusterName?: string;
    /** `aws:profile`, which the kubeconfigs must use as the AWS provider does. */
    awsProfile?: string;
    /** The role of `aws:assumeRoles` (or `aws:assumeRole`), which the kubeconfigs must assume as the AWS provider does. */
    awsRoleArn?: string;
};

/** The declared defaults of the cluster keys. */
export const CLUSTER_DEFAULTS = defaultsOf(CLUSTER_KEYS);

export function readClusterConfig(r: Reader, all: Record<string, string>, stack: string): ClusterConfig {
    const v = readKeys(r, CLUSTER_KEYS);
    // The name the program derives from the stack must be one EKS accepts too.
    const derived = v.createCluster && v.clusterName === undefined ? checkClusterName(`${PROJECT}-${stack}`) : undefined;
    if (derived)
        r.conflict(
            "clusterName",
            `is empty, so the cluster would be named after the stack: ${derived}`,
            "pulumi config set clusterName fastapi-eks-dev",
        );
    return {
        ...v,
        awsRegion: all["aws:region"],
        clusterName: v.clusterName ?? (v.createCluster ? `${PROJECT}-${stack}` : undefined),
        awsProfile: nonEmpty(all["aws:profile"] ?? ""),
        awsRoleArn: assumedRole(r, all),
    };
}

/**
 * The role the AWS provider assumes (@pulumi/aws v7 `aws:assumeRoles`, a list;
 * v6 `aws:assumeRole`, one), for the kubeconfigs' `aws eks get-token
 * --role-arn`, which assumes one role, from the same base credentials, with
 * no external ID (AWS CLI reference, eks get-token).
 */
function assumedRole(r: Reader, all: Record<string, string>): string | undefined {
    const key = all["aws:assumeRoles"] !== undefined ? "aws:assumeRoles" : "aws:assumeRole";
    let parsed: unknown;
    try {
        parsed = JSON.parse(all[key] ?? "null");
    } catch {
        return undefined; // the provider refuses it with its own message
    }
    const roles = (Array.isArray(parsed) ? parsed : parsed ? [parsed] : []) as { roleArn?: string; externalId?: string }[];
    const fix =
        "put the roles in an AWS CLI profile (role_arn, source_profile, external_id), then pulumi config set aws:profile <that profile> and pulumi config rm " +
        key;
    if (roles.length > 1) r.report(key, `chains ${roles.length} roles, but the kubeconfig's aws eks get-token assumes one`, "Fix", fix);
    else if (roles[0]?.externalId) r.report(key, "has an externalId, which the kubeconfig's aws eks get-token cannot pass", "Fix", fix);
    return roles.length === 1 ? roles[0].roleArn : undefined;
}

/** Keys that shape only a cluster the program creates (its new VPC's among them). */
const CREATE_ONLY = [...keysIn(CLUSTER_KEYS, "createdCluster"), ...keysIn(CLUSTER_KEYS, "newVpc")];
/** Keys of the managed node group, which Auto Mode does without. */
const NODE_KEYS = keysIn(CLUSTER_KEYS, "nodeGroup");
/** Keys of a new VPC, which an existing vpcId makes moot. */
const NEW_VPC_KEYS = keysIn(CLUSTER_KEYS, "newVpc");

/**
 * Combinations that cannot work, or keys that would do nothing, each
 * reported against the key the user set. A key counts as chosen when its
 * value differs from Pulumi.yaml's default, which the CLI always fills in.
 */
export function checkClusterModes(r: Reader, c: ClusterConfig): void {
    const d = CLUSTER_DEFAULTS;
    const chosen = (key: string) => JSON.stringify(c[key as keyof ClusterConfig] ?? "") !== JSON.stringify(d[key]);
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
    const installsController = installsLbController(c);
    if (chosen("ebsCsiDriverVersion") && !installsDriver)
        r.conflict("ebsCsiDriverVersion", "does nothing: this stack installs no EBS CSI driver", rm("ebsCsiDriverVersion"));
    if (chosen("lbControllerChartVersion") && !installsController) {
        r.conflict(
            "lbControllerChartVersion",
            "does nothing: this stack installs no Load Balancer Controller",
            rm("lbControllerChartVersion"),
        );
    }
    // It also gives the backup and Aurora bootstrap jobs their credentials, wherever the cluster is known by name.
    if (chosen("identityMode") && !installsDriver && !installsController && c.clusterName === undefined) {
        r.conflict(
            "identityMode",
            "does nothing: the cluster is reached by kubeconfig, so nothing here gets AWS credentials through it",
            rm("identityMode"),
        );
    }

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
