import * as pulumi from "@pulumi/pulumi";
import {
    EKS_CLUSTER_DEFAULTS,
    IDENTITY_MODES,
    IdentityMode,
    LB_CONTROLLER_DEFAULTS,
    NETWORK_DEFAULTS,
    ALB_SCHEMES,
    ALB_TARGET_TYPES,
    AlbScheme,
    AlbTargetType,
    FAST_API_APP_DEFAULTS,
    MAX_REPLICAS,
    POSTGRES_DB_DEFAULTS,
    checkAddonVersion,
    checkCertificateArn,
    checkChartVersion,
    checkCidr,
    checkDnsLabel,
    checkHttpPath,
    checkImage,
    checkInteger,
    checkKubernetesVersion,
    checkOneOf,
    checkPgIdentifier,
    checkQuantity,
    checkVpcCidr,
} from "./components";

/** The project's name, and so the namespace of its config keys. */
export const PROJECT = "fastapi-eks";

/** The stack's settings, parsed and validated. Keys match the config keys. */
export interface StackConfig {
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
    namespace: string;
    createNamespace: boolean;
    appImage: string;
    appReplicas: number;
    albScheme: AlbScheme;
    albTargetType: AlbTargetType;
    healthCheckPath: string;
    certificateArn?: string;
    allowedCidrs: string[];
    protectData: boolean;
    dbImage: string;
    dbStorageSize: string;
    dbStorageClass: string;
    createStorageClass: boolean;
    dbName: string;
    dbUser: string;
    dbPassword?: pulumi.Output<string>;
    dbSuperuserPassword?: pulumi.Output<string>;
}

/**
 * Defaults of the optional keys. The CLI applies Pulumi.yaml's `default:`s,
 * the SDK does not, so the code applies these itself; a test keeps the two
 * equal. Component defaults are reused, never restated.
 */
export const CONFIG_DEFAULTS = {
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
    namespace: "my-cool-app",
    createNamespace: true,
    appReplicas: FAST_API_APP_DEFAULTS.replicas,
    albScheme: FAST_API_APP_DEFAULTS.albScheme,
    albTargetType: FAST_API_APP_DEFAULTS.albTargetType,
    healthCheckPath: FAST_API_APP_DEFAULTS.healthCheckPath,
    certificateArn: "",
    allowedCidrs: [] as string[],
    protectData: POSTGRES_DB_DEFAULTS.protect,
    dbImage: POSTGRES_DB_DEFAULTS.image,
    dbStorageSize: POSTGRES_DB_DEFAULTS.storageSize,
    dbStorageClass: POSTGRES_DB_DEFAULTS.storageClassName,
    createStorageClass: POSTGRES_DB_DEFAULTS.createStorageClass,
    dbName: POSTGRES_DB_DEFAULTS.databaseName,
    dbUser: POSTGRES_DB_DEFAULTS.username,
} as const;

/** Keys every stack must set. */
export const REQUIRED_KEYS = ["appImage"] as const;

/**
 * Optional secrets. Pulumi.yaml cannot declare them: the CLI requires every
 * declared key that has no default, and rejects a default on a secret key.
 */
export const OPTIONAL_SECRET_KEYS = ["kubeconfig", "dbPassword", "dbSuperuserPassword"] as const;

/** Raised for bad stack config; lists every problem, each naming its key. */
export class ConfigError extends pulumi.RunError {
    constructor(public readonly problems: string[]) {
        super(
            `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

/** Reads typed values, collecting one problem per bad key instead of stopping at the first. */
class Reader {
    readonly problems: string[] = [];
    readonly known = new Set<string>();

    constructor(private readonly values: Record<string, string>) {}

    private take(key: string): string | undefined {
        this.known.add(key);
        return this.values[key];
    }

    /** Whether the stack sets `key` at all. */
    isSet(key: string): boolean {
        return this.values[key] !== undefined;
    }

    fail(key: string, problem: string, example: string, secret = false): void {
        this.report(key, problem, "For example", `pulumi config set${secret ? " --secret" : ""} ${key} ${example}`);
    }

    /** A problem with a combination of keys, reported against `key`, with the command that fixes it. */
    conflict(key: string, problem: string, fix: string): void {
        this.report(key, problem, "Fix", fix);
    }

    report(key: string, problem: string, label: "For example" | "Fix", command: string): void {
        this.problems.push(`${PROJECT}:${key}: ${problem}. ${label}: ${command}`);
    }

    /** Whether a problem was already reported against `key`. */
    hasProblem(key: string): boolean {
        return this.problems.some((p) => p.startsWith(`${PROJECT}:${key}: `));
    }

    string(key: string, def: string | undefined, example: string, check?: (v: string) => string | undefined): string {
        const raw = this.take(key);
        if (raw === undefined && def === undefined) {
            this.fail(key, "is required but not set", example);
            return "";
        }
        const value = raw ?? def ?? "";
        const problem = check?.(value);
        if (problem !== undefined) this.fail(key, problem, example);
        return value;
    }

    stringList(key: string, def: readonly string[], example: string, check?: (v: string) => string | undefined): string[] {
        const raw = this.take(key);
        if (raw === undefined) return [...def];
        const fix = `pulumi config set --path '${key}[0]' ${example}`;
        let parsed: unknown;
        try {
            parsed = JSON.parse(raw);
        } catch {
            parsed = undefined;
        }
        if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === "string")) {
            this.report(key, `${JSON.stringify(raw)} is not a list of strings`, "For example", fix);
            return [];
        }
        for (const item of parsed) {
            const problem = check?.(item);
            if (problem !== undefined) this.report(key, problem, "For example", fix);
        }
        return parsed;
    }

    oneOf<T extends string>(key: string, def: T, allowed: readonly T[]): T {
        return this.string(key, def, allowed[0], (v) => checkOneOf(v, allowed)) as T;
    }

    int(key: string, def: number, min: number, max: number, example: number): number {
        const raw = this.take(key);
        if (raw === undefined) return def;
        const value = /^\s*-?[0-9]+\s*$/.test(raw) ? Number(raw) : Number.NaN;
        const problem = Number.isNaN(value) ? `"${raw}" is not a whole number from ${min} to ${max}` : checkInteger(value, min, max);
        if (problem !== undefined) this.fail(key, problem, String(example));
        return value;
    }

    bool(key: string, def: boolean): boolean {
        const raw = this.take(key);
        if (raw === undefined) return def;
        if (raw !== "true" && raw !== "false") this.fail(key, `"${raw}" is not true or false`, String(!def));
        return raw === "true";
    }

    secret(key: string, example: string): pulumi.Output<string> | undefined {
        const raw = this.take(key);
        if (raw === undefined) return undefined;
        if (raw.trim() === "") this.fail(key, "is set but empty", example, true);
        return pulumi.secret(raw);
    }

    unknownKeys(): void {
        for (const key of Object.keys(this.values).filter((k) => !this.known.has(k))) {
            const near = closest(key, [...this.known]);
            this.problems.push(
                `${PROJECT}:${key}: is not a setting of this program` +
                    (near ? `; did you mean "${near}"? Fix: pulumi config mv ${key} ${near}` : `. Fix: pulumi config rm ${key}`),
            );
        }
    }
}

function checkClusterName(v: string): string | undefined {
    return /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(v) ? undefined : `"${v}" is not a valid EKS cluster name (letters, digits, '-' and '_', at most 100)`;
}

/** Combinations of keys that cannot work together, each reported against the key to change. */
function checkModes(r: Reader, c: StackConfig): void {
    const existing = !c.createCluster;
    if (c.createCluster && r.isSet("kubeconfig")) {
        r.conflict("kubeconfig", "is for an existing cluster, but createCluster is true", "pulumi config rm kubeconfig");
    }
    if (existing && r.isSet("clusterName") && (r.isSet("kubeconfig") || r.isSet("kubeContext"))) {
        r.conflict("clusterName", `an existing cluster is reached either by clusterName or by kubeconfig/kubeContext, not both`, `pulumi config rm kubeconfig (or clusterName)`);
    }
    for (const key of ["installEbsCsiDriver", "installLbController"] as const) {
        if (!r.isSet(key)) continue;
        if (c.createCluster) {
            r.conflict(key, `applies only to an existing cluster; a created cluster always gets it (or, in Auto Mode, needs none)`, `pulumi config rm ${key}`);
        } else if (c.autoMode && c[key]) {
            r.conflict(key, `EKS Auto Mode has block storage and ALBs built in, so it cannot be installed with autoMode`, `pulumi config set ${key} false`);
        } else if (c[key] && c.clusterName === undefined) {
            r.conflict(key, `needs the existing cluster's name`, `pulumi config set clusterName <your cluster>`);
        }
    }
    for (const key of ["vpcId", "publicSubnetIds", "privateSubnetIds", "vpcCidr", "availabilityZoneCount", "natGatewayPerAz", "nodeInstanceType", "nodeDesiredSize", "nodeMinSize", "nodeMaxSize", "kubernetesVersion"]) {
        if (existing && r.isSet(key)) {
            r.conflict(key, `applies only when the program creates the cluster`, `pulumi config set createCluster true, or pulumi config rm ${key}`);
        }
    }
    const subnetsParsed = !r.hasProblem("publicSubnetIds") && !r.hasProblem("privateSubnetIds");
    if (subnetsParsed && c.vpcId !== undefined && (c.publicSubnetIds.length < 2 || c.privateSubnetIds.length < 2)) {
        r.conflict("vpcId", `an existing VPC needs publicSubnetIds and privateSubnetIds, at least 2 each (2 zones)`, `pulumi config set --path 'privateSubnetIds[0]' subnet-0123456789abcdef0`);
    }
    if (c.vpcId === undefined && (c.publicSubnetIds.length > 0 || c.privateSubnetIds.length > 0)) {
        r.conflict("privateSubnetIds", `subnets are used only with vpcId`, `pulumi config set vpcId vpc-0123456789abcdef0`);
    }
    if (c.createCluster && !c.autoMode && !(c.nodeMinSize <= c.nodeDesiredSize && c.nodeDesiredSize <= c.nodeMaxSize)) {
        r.conflict("nodeDesiredSize", `${c.nodeDesiredSize} is not between nodeMinSize (${c.nodeMinSize}) and nodeMaxSize (${c.nodeMaxSize})`, `pulumi config set nodeDesiredSize ${c.nodeMinSize}`);
    }
    const needsAws = c.createCluster || c.clusterName !== undefined;
    if (needsAws && (c.awsRegion === undefined || c.awsRegion === "")) {
        r.problems.push("aws:region: is required to create or look up an EKS cluster. For example: pulumi config set aws:region us-east-1");
    }
}

/** The known key nearest to `key` by edit distance, if it is close enough to be a typo. */
function closest(key: string, known: string[]): string | undefined {
    const distance = (a: string, b: string): number => {
        const row = Array.from({ length: b.length + 1 }, (_, j) => j);
        for (let i = 1; i <= a.length; i++) {
            let diagonal = row[0];
            row[0] = i;
            for (let j = 1; j <= b.length; j++) {
                const above = row[j];
                row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length];
    };
    const best = known.map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d)[0];
    return best !== undefined && best.d <= Math.max(2, Math.floor(key.length / 4)) ? best.k : undefined;
}

export interface ParsedConfig {
    config: StackConfig;
    /** One line per problem, each naming its key, what is wrong and a fix. */
    problems: string[];
    /** Every key the program reads. */
    knownKeys: string[];
}

/**
 * Parses and validates the project's keys in `all` (keys as
 * `fastapi-eks:<key>`; other namespaces are ignored). Pure: registers nothing.
 */
export function parseStackConfig(all: Record<string, string>, stack: string = pulumi.getStack()): ParsedConfig {
    const prefix = `${PROJECT}:`;
    const values = Object.fromEntries(
        Object.entries(all)
            .filter(([k]) => k.startsWith(prefix))
            .map(([k, v]) => [k.slice(prefix.length), v]),
    );
    const r = new Reader(values);
    const d = CONFIG_DEFAULTS;
    const kubeContext = r.string("kubeContext", d.kubeContext, "my-cluster-context");
    const clusterName = r.string("clusterName", d.clusterName, "fastapi-eks-dev", (v) => (v === "" ? undefined : checkClusterName(v)));
    const createCluster = r.bool("createCluster", d.createCluster);
    const vpcId = r.string("vpcId", d.vpcId, "vpc-0123456789abcdef0", (v) => (v === "" || /^vpc-[0-9a-f]{8,17}$/.test(v) ? undefined : `"${v}" is not a VPC id`));
    const ebsCsiDriverVersion = r.string("ebsCsiDriverVersion", d.ebsCsiDriverVersion, "v1.53.0-eksbuild.1", (v) =>
        v === "" ? undefined : checkAddonVersion(v),
    );
    const certificateArn = r.string("certificateArn", d.certificateArn, "arn:aws:acm:us-east-1:012345678901:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f", (v) =>
        v === "" ? undefined : checkCertificateArn(v),
    );
    const subnet = (v: string) => (/^subnet-[0-9a-f]{8,17}$/.test(v) ? undefined : `"${v}" is not a subnet id`);
    const cfg: StackConfig = {
        awsRegion: all["aws:region"],
        createCluster,
        autoMode: r.bool("autoMode", d.autoMode),
        clusterName: clusterName !== "" ? clusterName : createCluster ? `${PROJECT}-${stack}` : undefined,
        kubernetesVersion: r.string("kubernetesVersion", d.kubernetesVersion, d.kubernetesVersion, checkKubernetesVersion),
        vpcId: vpcId === "" ? undefined : vpcId,
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
        ebsCsiDriverVersion: ebsCsiDriverVersion === "" ? undefined : ebsCsiDriverVersion,
        lbControllerChartVersion: r.string("lbControllerChartVersion", d.lbControllerChartVersion, d.lbControllerChartVersion, checkChartVersion),
        kubeconfig: r.secret("kubeconfig", '"$(cat ~/.kube/config)"'),
        kubeContext: kubeContext === "" ? undefined : kubeContext,
        namespace: r.string("namespace", d.namespace, "my-cool-app", checkDnsLabel),
        createNamespace: r.bool("createNamespace", d.createNamespace),
        appImage: r.string(
            "appImage",
            undefined,
            "012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi-microservices:1.0",
            checkImage,
        ),
        appReplicas: r.int("appReplicas", d.appReplicas, 0, MAX_REPLICAS, 2),
        albScheme: r.oneOf("albScheme", d.albScheme, ALB_SCHEMES),
        albTargetType: r.oneOf("albTargetType", d.albTargetType, ALB_TARGET_TYPES),
        healthCheckPath: r.string("healthCheckPath", d.healthCheckPath, "/", checkHttpPath),
        certificateArn: certificateArn === "" ? undefined : certificateArn,
        allowedCidrs: r.stringList("allowedCidrs", d.allowedCidrs, "203.0.113.0/24", checkCidr),
        protectData: r.bool("protectData", d.protectData),
        dbImage: r.string("dbImage", d.dbImage, d.dbImage, checkImage),
        dbStorageSize: r.string("dbStorageSize", d.dbStorageSize, "5Gi", checkQuantity),
        dbStorageClass: r.string("dbStorageClass", d.dbStorageClass, "ebs-sc", checkDnsLabel),
        createStorageClass: r.bool("createStorageClass", d.createStorageClass),
        dbName: r.string("dbName", d.dbName, "bookstore", checkPgIdentifier),
        dbUser: r.string("dbUser", d.dbUser, "bookdbadmin", checkPgIdentifier),
        dbPassword: r.secret("dbPassword", "<a long random password>"),
        dbSuperuserPassword: r.secret("dbSuperuserPassword", "<a long random password>"),
    };
    checkModes(r, cfg);
    r.unknownKeys();
    return { config: cfg, problems: r.problems, knownKeys: [...r.known] };
}

/**
 * The running stack's config, parsed. Throws a ConfigError listing every
 * problem; it registers nothing, so call it before any resource.
 */
export function loadStackConfig(all: Record<string, string> = pulumi.runtime.allConfig(), stack: string = pulumi.getStack()): StackConfig {
    const parsed = parseStackConfig(all, stack);
    if (parsed.problems.length > 0) throw new ConfigError(parsed.problems);
    return parsed.config;
}
