/**
 * The stack's config: the only place config is read. Each concern reads its
 * own keys (cluster.ts, workload.ts, backup.ts); this module gathers every problem and
 * throws once, before any resource is registered.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ClusterMode, certificateRegion } from "../components";
import { ClusterConfig, checkClusterModes, readClusterConfig } from "./cluster";
import { ConfigError, PROJECT, Reader } from "./reader";
import { clusterModeOf } from "./modes";
import { BackupConfig, checkBackupModes, readBackupConfig } from "./backup";
import { APP_DEFAULTS, AppConfig, DATABASE_DEFAULTS, DatabaseConfig, readAppConfig, readDatabaseConfig } from "./workload";

export { ConfigError, PROJECT } from "./reader";
export { ClusterConfig } from "./cluster";
import { CLUSTER_KEYS } from "./clusterKeys";
import { APP_KEYS, DATABASE_KEYS } from "./workloadKeys";
import { BACKUP_KEYS } from "./backupKeys";
import { OBSERVABILITY_KEYS, ObservabilityConfig, checkObservabilityModes, readObservabilityConfig } from "./observability";
import { LOCAL_KEYS, LocalConfig, checkLocalModes, readLocalConfig } from "./local";

/** Every key of the program, declared once (see declare.ts), in the order Pulumi.yaml and the key reference list them. */
export const CONFIG_KEYS = {
    ...CLUSTER_KEYS,
    ...LOCAL_KEYS,
    ...APP_KEYS,
    ...DATABASE_KEYS,
    ...BACKUP_KEYS,
    ...OBSERVABILITY_KEYS,
} as const;
export { BackupConfig } from "./backup";
export { AppConfig, DatabaseConfig, EXAMPLE_IMAGE } from "./workload";
export {
    Earlier,
    LAST_APPLIED_OUTPUT,
    LastApplied,
    appIngressName,
    installsContainerInsights,
    installsMetricsServer,
    installsPodIdentityAgent,
    keepsDefaultSecurityGroups,
    lastAppliedOf,
    readEarlier,
} from "./lastApplied";
export { checkTransitions } from "./transitions";
export { siteZone } from "./site";
export { nodesPlatform } from "./modes";
export { checkRegionKnown, checkZones, existingAutoModeSubnets } from "./zones";
export { checkKubernetesVersion, kubernetesVersionCheck, nodeGroupResize } from "./kubernetesVersion";

/** The stack's settings, parsed and validated. Keys match the config keys. */
export type StackConfig = ClusterConfig & LocalConfig & AppConfig & DatabaseConfig & BackupConfig & ObservabilityConfig;

/**
 * Optional secrets. Pulumi.yaml cannot declare them: the CLI requires every
 * declared key that has no default, and a declared secret's default would
 * arrive unencrypted, which the CLI refuses.
 */
export const OPTIONAL_SECRET_KEYS = Object.entries(CONFIG_KEYS)
    .filter(([, d]) => d.type === "secret")
    .map(([k]) => k);

export interface ParsedConfig {
    config: StackConfig;
    /** One line per problem, each naming its key, what is wrong and a fix. */
    problems: string[];
    /** Every key the program reads. */
    knownKeys: string[];
}

/**
 * Parses and validates the project's keys in `all` (keys as
 * `fastapi-eks:<key>`; other namespaces are ignored), as the Pulumi CLI hands
 * them over: every declared key present. Pure: registers nothing.
 */
export function parseStackConfig(all: Record<string, string>, secretKeys: readonly string[], stack: string): ParsedConfig {
    const prefix = `${PROJECT}:`;
    const ours = (k: string) => k.startsWith(prefix);
    const values = Object.fromEntries(
        Object.entries(all)
            .filter(([k]) => ours(k))
            .map(([k, v]) => [k.slice(prefix.length), v]),
    );
    const r = new Reader(values, new Set(secretKeys.filter(ours).map((k) => k.slice(prefix.length))));
    const cluster = readClusterConfig(r, all, stack);
    const config: StackConfig = {
        ...cluster,
        ...readLocalConfig(r),
        ...readAppConfig(r),
        ...readDatabaseConfig(r),
        ...readBackupConfig(r),
        ...readObservabilityConfig(r),
    };
    checkClusterModes(r, cluster);
    checkBackupModes(r, config);
    checkObservabilityModes(r, config);
    checkLocalModes(r, config);
    checkAcross(r, config);
    r.unknownKeys();
    return { config, problems: r.problems, knownKeys: [...r.known] };
}

/** Checks that span concerns: the certificate's region, and a StorageClass that cannot exist yet. */
function checkAcross(r: Reader, c: StackConfig): void {
    if (c.certificateArn && c.awsRegion && !r.hasProblem("certificateArn") && certificateRegion(c.certificateArn) !== c.awsRegion) {
        // An ALB uses certificates from ACM in its own region (ACM User Guide, "Supported Regions"; ELB listeners).
        r.conflict(
            "certificateArn",
            `is in ${certificateRegion(c.certificateArn)}, but the ALB is in aws:region ${c.awsRegion}; ACM certificates serve only their own region`,
            "request or import the certificate in that region, then pulumi config set certificateArn <its ARN>",
        );
    }
    // EKS keeps one access entry per principal (CreateAccessEntry: ResourceInUseException for a second).
    c.clusterPreviewers.forEach((arn, i) => {
        if (c.clusterAdmins.includes(arn)) {
            r.conflict(
                "clusterPreviewers",
                `lists ${arn}, which clusterAdmins lists too; EKS gives a principal one access entry`,
                `pulumi config rm --path 'clusterPreviewers[${i}]'`,
            );
        }
    });
    checkImageModes(r, c);
    checkSiteModes(r, c);
    checkAutoscaling(r, c);
    checkDatabaseModes(r, c);
    if (c.createCluster && !c.createStorageClass) {
        r.conflict(
            "createStorageClass",
            "is false, but the cluster is new, so no StorageClass of that name can exist yet",
            "pulumi config set createStorageClass true",
        );
    }
}

/** The SDK's record of which config keys the stack holds encrypted (an internal of @pulumi/pulumi's runtime). */
function configSecretKeys(all: Record<string, string>): string[] {
    const runtime = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };
    return Object.keys(all).filter((k) => runtime.isConfigSecret(k));
}

/** The stack's settings, and the cluster mode they describe. */
export type LoadedConfig = StackConfig & { cluster: ClusterMode };

/**
 * The running stack's config, parsed, with its cluster mode. Throws a
 * ConfigError listing every problem; it registers nothing, so call it before
 * any resource.
 */
export function loadStackConfig(): LoadedConfig {
    const all = pulumi.runtime.allConfig();
    const parsed = parseStackConfig(all, configSecretKeys(all), pulumi.getStack());
    if (parsed.problems.length > 0) throw new ConfigError(parsed.problems);
    return { ...parsed.config, cluster: clusterModeOf(parsed.config) };
}

/** The app's image: built (which needs the region, for ECR) or given (then the build settings do nothing). */
function checkImageModes(r: Reader, c: StackConfig): void {
    const d = APP_DEFAULTS;
    // A laptop's cluster builds into the registry beside it, with no AWS.
    if (c.appImage === undefined && !c.awsRegion && c.localCluster === "none") {
        r.conflict(
            "appImage",
            "is not set, so the program builds the app's image and pushes it to ECR, which needs aws:region",
            "pulumi config set aws:region us-east-1, or pulumi config set appImage <your image>",
        );
    }
    for (const key of ["appSource", "appDockerfile", "appImagesKept"] as const) {
        if (c.appImage !== undefined && (c[key] ?? "") !== d[key])
            r.conflict(key, "does nothing: appImage is set, so nothing is built", `pulumi config rm ${key} (or pulumi config rm appImage)`);
    }
    const git = c.appSource === undefined || /^https?:\/\//.test(c.appSource);
    const local = c.appImage === undefined && !git && !r.hasProblem("appSource") && !r.hasProblem("appDockerfile");
    if (local && !fs.existsSync(path.resolve(c.appSource ?? "", c.appDockerfile))) {
        // BuildKit stops with "failed to read dockerfile" minutes into the up; say it now.
        const key = c.appDockerfile === d.appDockerfile ? "appSource" : "appDockerfile";
        r.conflict(
            key,
            `${c.appSource} has no ${c.appDockerfile} to build the image from`,
            `add one, or pulumi config set appDockerfile <its path inside ${c.appSource}>`,
        );
    }
    if (c.appImage === undefined && git && c.appDockerfile !== d.appDockerfile && !r.hasProblem("appDockerfile")) {
        r.conflict(
            "appDockerfile",
            "must be Dockerfile for a Git source, whose Dockerfile BuildKit reads from the context's root",
            "point appSource at the Dockerfile's folder with #<commit>:<folder>, then pulumi config rm appDockerfile",
        );
    }
}

/** Aurora needs the cluster's network (so its name), and each database mode's own keys do nothing in the other. */
function checkDatabaseModes(r: Reader, c: StackConfig): void {
    const d = DATABASE_DEFAULTS;
    const chosen = (key: keyof StackConfig & string) => c[key] !== d[key];
    if (c.database === "aurora") {
        // (A laptop's cluster is refused Aurora on its own: config/local.ts.)
        if (c.clusterName === undefined && c.localCluster === "none") {
            r.conflict(
                "database",
                "aurora needs the cluster's name, to find its VPC, private subnets and security group; a kubeconfig does not say them",
                "pulumi config set clusterName <your cluster>, or pulumi config set database inCluster",
            );
        }
        for (const key of ["dbStorageSize", "dbStorageClass", "createStorageClass"] as const) {
            if (chosen(key)) r.conflict(key, "is for the in-cluster database, but database is aurora", `pulumi config rm ${key}`);
        }
        if (r.hasSecret("dbSuperuserPassword"))
            r.conflict(
                "dbSuperuserPassword",
                "is for the in-cluster database; Aurora's master password is RDS's, in Secrets Manager",
                "pulumi config rm dbSuperuserPassword",
            );
        if (
            !r.hasProblem("auroraMaxCapacity") &&
            !r.hasProblem("auroraMinCapacity") &&
            Number(c.auroraMaxCapacity) < Number(c.auroraMinCapacity)
        ) {
            r.conflict(
                "auroraMaxCapacity",
                `${c.auroraMaxCapacity} is below auroraMinCapacity ${c.auroraMinCapacity}`,
                `pulumi config set auroraMaxCapacity ${c.auroraMinCapacity}`,
            );
        }
    } else {
        for (const key of ["auroraMinCapacity", "auroraMaxCapacity"] as const) {
            if (chosen(key))
                r.conflict(key, "does nothing: database is inCluster", `pulumi config rm ${key} (or pulumi config set database aurora)`);
        }
    }
}

/** The site's name: a hosted zone of the program's own choosing only where it makes the certificate, which needs the region. */
function checkSiteModes(r: Reader, c: StackConfig): void {
    if (c.hostedZoneId !== undefined && c.domainName === undefined) {
        r.conflict(
            "hostedZoneId",
            "does nothing without domainName",
            "pulumi config set domainName <your site's name>, or pulumi config rm hostedZoneId",
        );
    }
    if (c.hostedZoneId !== undefined && c.certificateArn !== undefined) {
        r.conflict(
            "hostedZoneId",
            "does nothing beside certificateArn: the certificate and the DNS are then yours",
            "pulumi config rm hostedZoneId",
        );
    }
    if (c.domainName !== undefined && c.certificateArn === undefined && !c.awsRegion) {
        r.report(
            "aws:region",
            "is needed for the site's certificate (domainName), which ACM issues in the ALB's region",
            "For example",
            "pulumi config set aws:region us-east-1",
        );
    }
}

/** The app's autoscaler: from appReplicas (at least one pod) up to appMaxReplicas; its settings do nothing without it. */
function checkAutoscaling(r: Reader, c: StackConfig): void {
    const d = APP_DEFAULTS;
    const max = c.appMaxReplicas;
    if (max > 0 && !r.hasProblem("appMaxReplicas") && !r.hasProblem("appReplicas")) {
        if (max < c.appReplicas) {
            r.conflict(
                "appMaxReplicas",
                `${max} is below appReplicas ${c.appReplicas}, the fewest pods the autoscaler keeps`,
                `pulumi config set appMaxReplicas ${c.appReplicas * 2}`,
            );
        } else if (max === c.appReplicas) {
            r.conflict(
                "appMaxReplicas",
                "does nothing: it equals appReplicas, so the autoscaler could add no pod",
                `pulumi config set appMaxReplicas ${Math.max(2, c.appReplicas * 2)}, or pulumi config rm appMaxReplicas`,
            );
        } else if (c.appReplicas === 0) {
            // autoscaling/v2: minReplicas is at least 1 unless the alpha HPAScaleToZero feature gate is on.
            r.conflict("appReplicas", "is 0, but an autoscaler keeps one pod at least", "pulumi config set appReplicas 1");
        }
    }
    if (c.appTargetCpuPercent !== d.appTargetCpuPercent && !(max > c.appReplicas)) {
        r.conflict(
            "appTargetCpuPercent",
            "does nothing without an autoscaler (appMaxReplicas above appReplicas)",
            "pulumi config rm appTargetCpuPercent",
        );
    }
    if (c.installMetricsServer && c.createCluster) {
        r.conflict(
            "installMetricsServer",
            "applies only to an existing cluster; a created cluster always gets metrics-server",
            "pulumi config set installMetricsServer false",
        );
    } else if (c.installMetricsServer && c.clusterName === undefined) {
        r.conflict("installMetricsServer", "needs the existing cluster's name", "pulumi config set clusterName <your cluster>");
    }
}
