/**
 * The same program on a laptop's cluster (kind or k3d): its keys, and what a
 * local cluster cannot have, each refused with the fix. See declare.ts.
 */
import { LOCAL_FLAVORS } from "../components";
import { Declarations, Values, defaultsOf } from "./declare";
import { Reader, readKeys } from "./reader";
import { APP_DEFAULTS } from "./workload";

export const LOCAL_CLUSTERS = ["none", ...LOCAL_FLAVORS] as const;

/** A registry address, `host:port`, as Docker takes it. */
export function checkRegistryAddress(value: string): string | undefined {
    return /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?:\d{1,5}$/.test(value)
        ? undefined
        : `"${value}" is not a registry address such as localhost:5001`;
}

export const LOCAL_KEYS = {
    localCluster: {
        type: "string",
        default: "none",
        description: "none, or the laptop cluster (kind or k3d) the stack deploys to through the ambient kubeconfig, with no AWS at all.",
        doc: "`none`, `kind` or `k3d`: deploy to a cluster on this laptop through the ambient kubeconfig (and `kubeContext`), with no AWS at all: the image built into the registry beside it, the app behind its Traefik, the database on its local-path volumes. See the README's [On a laptop](../README.md#on-a-laptop).",
        oneOf: LOCAL_CLUSTERS,
        example: "k3d",
    },
    localRegistry: {
        type: "string",
        default: "",
        description:
            "With localCluster: the registry beside the cluster, host:port, which the laptop pushes to and the nodes pull from. Empty: the recipe's.",
        docDefault: '`""` (kind: `localhost:5001`; k3d: `k3d-bookstore-registry.localhost:5001`)',
        doc: "With `localCluster`: the registry the image is pushed to and pulled from, one address for both.",
        example: "localhost:5001",
        check: checkRegistryAddress,
        optional: true,
    },
    localPort: {
        type: "integer",
        default: 8080,
        description: "With localCluster: the laptop's port the cluster's ingress is mapped to (the url output).",
        doc: "With `localCluster`: the laptop's port the cluster's ingress is mapped to when it is created; the `url` output is `http://localhost:<port>/`.",
        min: 1,
        max: 65535,
        example: 8080,
    },
} as const satisfies Declarations;

export type LocalConfig = Values<typeof LOCAL_KEYS>;
const D = defaultsOf(LOCAL_KEYS);

export function readLocalConfig(r: Reader): LocalConfig {
    return readKeys(r, LOCAL_KEYS);
}

/** What the rest of the config says that a laptop's cluster cannot do. */
interface Others {
    createCluster: boolean;
    clusterName?: string;
    autoMode: boolean;
    backupEnabled: boolean;
    database: string;
    observability: string;
    domainName?: string;
    certificateArn?: string;
    hostedZoneId?: string;
    albScheme: string;
    albTargetType: string;
    allowedCidrs: string[];
}

export function checkLocalModes(r: Reader, c: LocalConfig & Others): void {
    const local = c.localCluster !== "none";
    if (!local) {
        for (const key of ["localRegistry", "localPort"] as const) {
            if ((c[key] ?? "") !== D[key]) r.conflict(key, "does nothing without localCluster", `pulumi config rm ${key}`);
        }
        return;
    }
    const refuse = (key: string, why: string, fix: string) => r.conflict(key, `${why}, which a local cluster does not have`, fix);
    if (c.createCluster) refuse("createCluster", "creates an EKS cluster", "pulumi config set createCluster false");
    // (With createCluster the name is the stack's own, refused with it.)
    if (c.clusterName !== undefined && !c.createCluster) refuse("clusterName", "names an EKS cluster", "pulumi config rm clusterName");
    if (c.autoMode) refuse("autoMode", "is EKS Auto Mode", "pulumi config set autoMode false");
    if (r.hasSecret("kubeconfig"))
        r.conflict(
            "kubeconfig",
            "a local cluster is reached through the ambient kubeconfig",
            "pulumi config rm kubeconfig (and pulumi config set kubeContext k3d-bookstore)",
        );
    if (c.backupEnabled) refuse("backupEnabled", "backs up to S3", "pulumi config set backupEnabled false");
    if (c.database === "aurora") refuse("database", "aurora is an AWS database", "pulumi config set database inCluster");
    if (c.observability !== "off")
        refuse("observability", `${c.observability} makes CloudWatch alarms`, "pulumi config set observability off");
    for (const key of ["domainName", "certificateArn", "hostedZoneId"] as const) {
        if (c[key] !== undefined) refuse(key, "is for Route 53 and ACM", `pulumi config rm ${key}`);
    }
    for (const key of ["albScheme", "albTargetType"] as const) {
        if (c[key] !== APP_DEFAULTS[key]) refuse(key, "shapes an ALB", `pulumi config rm ${key}`);
    }
    if (c.allowedCidrs.length > 0) refuse("allowedCidrs", "limits who reaches an ALB", "pulumi config rm allowedCidrs");
}
