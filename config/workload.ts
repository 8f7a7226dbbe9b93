import * as pulumi from "@pulumi/pulumi";
import {
    ALB_SCHEMES,
    ALB_TARGET_TYPES,
    AlbScheme,
    AlbTargetType,
    FAST_API_APP_DEFAULTS,
    MAX_REPLICAS,
    POSTGRES_DB_DEFAULTS,
    checkCertificateArn,
    checkCidr,
    checkAppNamespace,
    checkDnsLabel,
    checkDomainName,
    checkPgDatabaseName,
    checkPgRoleName,
    checkVolumeSize,
    checkHttpPath,
    checkImage,
    APP_IMAGE_DEFAULTS,
    AURORA_DB_DEFAULTS,
    checkCapacity,
    checkDockerfilePath,
    parseSource,
} from "../components";
import { Reader, nonEmpty, orEmpty } from "./reader";

/** The app: its namespace, image, replicas and the ALB in front of it. */
export interface AppConfig {
    namespace: string;
    createNamespace: boolean;
    /** An image built elsewhere; undefined to build one from appSource. */
    appImage?: string;
    /** What to build: a pinned Git URL or a local directory; undefined for the workshop app. */
    appSource?: string;
    appDockerfile: string;
    appImagesKept: number;
    appReplicas: number;
    albScheme: AlbScheme;
    albTargetType: AlbTargetType;
    healthCheckPath: string;
    certificateArn?: string;
    domainName?: string;
    allowedCidrs: string[];
}

export const DATABASE_MODES = ["inCluster", "aurora"] as const;
export type DatabaseMode = (typeof DATABASE_MODES)[number];

/** The database: in the cluster or Aurora; its image, volume, names, passwords and protection. */
export interface DatabaseConfig {
    database: DatabaseMode;
    auroraMinCapacity: string;
    auroraMaxCapacity: string;
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

/** Pulumi.yaml's defaults of the app keys, taken from the components; tests keep the two equal. */
export const APP_DEFAULTS = {
    namespace: "my-cool-app",
    createNamespace: true,
    appImage: "",
    appSource: "",
    appDockerfile: APP_IMAGE_DEFAULTS.dockerfile,
    appImagesKept: APP_IMAGE_DEFAULTS.imagesKept,
    appReplicas: FAST_API_APP_DEFAULTS.replicas,
    albScheme: FAST_API_APP_DEFAULTS.albScheme,
    albTargetType: FAST_API_APP_DEFAULTS.albTargetType,
    healthCheckPath: FAST_API_APP_DEFAULTS.healthCheckPath,
    certificateArn: "",
    domainName: "",
    allowedCidrs: [] as string[],
} as const;

/** Pulumi.yaml's defaults of the database keys. */
export const DATABASE_DEFAULTS = {
    database: "inCluster" as DatabaseMode,
    auroraMinCapacity: AURORA_DB_DEFAULTS.minCapacity,
    auroraMaxCapacity: AURORA_DB_DEFAULTS.maxCapacity,
    protectData: POSTGRES_DB_DEFAULTS.protect,
    dbImage: POSTGRES_DB_DEFAULTS.image,
    dbStorageSize: POSTGRES_DB_DEFAULTS.storageSize,
    dbStorageClass: POSTGRES_DB_DEFAULTS.storageClassName,
    createStorageClass: POSTGRES_DB_DEFAULTS.createStorageClass,
    dbName: POSTGRES_DB_DEFAULTS.databaseName,
    dbUser: POSTGRES_DB_DEFAULTS.username,
} as const;

export const EXAMPLE_IMAGE = "012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi-microservices:1.0";
const EXAMPLE_CERTIFICATE = "arn:aws:acm:us-east-1:012345678901:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f";

/** A source the program can build: a Git URL pinned to a commit, or a directory (relative to the project). */
function checkSource(value: string): string | undefined {
    const parsed = parseSource(value, process.cwd());
    return typeof parsed === "string" ? parsed : undefined;
}

export function readAppConfig(r: Reader): AppConfig {
    const d = APP_DEFAULTS;
    const certificateArn = r.string("certificateArn", d.certificateArn, EXAMPLE_CERTIFICATE, orEmpty(checkCertificateArn));
    return {
        namespace: r.string("namespace", d.namespace, "my-cool-app", checkAppNamespace),
        createNamespace: r.bool("createNamespace", d.createNamespace),
        appImage: nonEmpty(r.string("appImage", d.appImage, EXAMPLE_IMAGE, orEmpty(checkImage))),
        appSource: nonEmpty(r.string("appSource", d.appSource, "./server", orEmpty(checkSource))),
        appDockerfile: r.string("appDockerfile", d.appDockerfile, "docker/Dockerfile", checkDockerfilePath),
        appImagesKept: r.int("appImagesKept", d.appImagesKept, 1, 1000, 20),
        appReplicas: r.int("appReplicas", d.appReplicas, 0, MAX_REPLICAS, 2),
        albScheme: r.oneOf("albScheme", d.albScheme, ALB_SCHEMES),
        albTargetType: r.oneOf("albTargetType", d.albTargetType, ALB_TARGET_TYPES),
        healthCheckPath: r.string("healthCheckPath", d.healthCheckPath, "/", checkHttpPath),
        certificateArn: nonEmpty(certificateArn),
        domainName: nonEmpty(r.string("domainName", d.domainName, "shop.example.com", orEmpty(checkDomainName))),
        allowedCidrs: r.stringList("allowedCidrs", d.allowedCidrs, "203.0.113.0/24", checkCidr),
    };
}

export function readDatabaseConfig(r: Reader): DatabaseConfig {
    const d = DATABASE_DEFAULTS;
    const createStorageClass = r.bool("createStorageClass", d.createStorageClass);
    return {
        database: r.oneOf("database", d.database, DATABASE_MODES),
        auroraMinCapacity: r.string("auroraMinCapacity", d.auroraMinCapacity, "1", checkCapacity),
        auroraMaxCapacity: r.string("auroraMaxCapacity", d.auroraMaxCapacity, "4", checkCapacity),
        protectData: r.bool("protectData", d.protectData),
        dbImage: r.string("dbImage", d.dbImage, d.dbImage, checkImage),
        // The StorageClass the program creates is gp3, with gp3's size limits.
        dbStorageSize: r.string("dbStorageSize", d.dbStorageSize, "5Gi", (v) => checkVolumeSize(v, createStorageClass)),
        dbStorageClass: r.string("dbStorageClass", d.dbStorageClass, "ebs-sc", checkDnsLabel),
        createStorageClass,
        dbName: r.string("dbName", d.dbName, "bookstore", checkPgDatabaseName),
        dbUser: r.string("dbUser", d.dbUser, "bookdbadmin", checkPgRoleName),
        dbPassword: r.secret("dbPassword", "<a long random password>"),
        dbSuperuserPassword: r.secret("dbSuperuserPassword", "<a long random password>"),
    };
}
