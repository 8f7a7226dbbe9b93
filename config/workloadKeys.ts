/** The app's and the database's keys. See declare.ts. */
import {
    ALB_SCHEMES,
    ALB_TARGET_TYPES,
    APP_IMAGE_DEFAULTS,
    AURORA_DB_DEFAULTS,
    FAST_API_APP_DEFAULTS,
    MAX_REPLICAS,
    POSTGRES_DB_DEFAULTS,
    checkAppNamespace,
    checkAuroraRoleName,
    checkCapacity,
    checkClientMajor,
    checkCertificateArn,
    checkCidr,
    checkDnsLabel,
    checkDockerfilePath,
    checkDomainName,
    checkHttpPath,
    checkImage,
    checkMaxCapacity,
    checkPgDatabaseName,
    checkPgRoleName,
    checkVolumeSize,
    parseSource,
} from "../components";
import { Declarations } from "./declare";

export const EXAMPLE_IMAGE = "012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi-microservices:1.0";
const EXAMPLE_CERTIFICATE = "arn:aws:acm:us-east-1:012345678901:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f";

export const DATABASE_MODES = ["inCluster", "aurora"] as const;
export type DatabaseMode = (typeof DATABASE_MODES)[number];

/** A source the program can build: a Git URL pinned to a commit, or a directory (relative to the project). */
function checkSource(value: string): string | undefined {
    const parsed = parseSource(value, process.cwd());
    return typeof parsed === "string" ? parsed : undefined;
}

export const APP_KEYS = {
    appImage: {
        type: "string",
        default: "",
        description:
            "An image of the app built elsewhere, pinned by tag or digest; empty to build one from appSource into the stack's ECR repository.",
        docDefault: '`""` (build one)',
        doc: "An image of the app built elsewhere, pinned by a tag (not `latest`) or a digest. In the stack's own ECR (its account and region) it is looked up at preview, so a missing image fails `pulumi preview`; from ECR (any account or region), it is copied into the stack's own repository and deployed from there by digest. Empty: the program builds the image (see [The app's image](delivery.md#the-apps-image)).",
        example: EXAMPLE_IMAGE,
        check: checkImage,
        optional: true,
    },
    appSource: {
        type: "string",
        default: "",
        description:
            "What to build when appImage is empty, a Git URL pinned to a commit (https://...git#<commit>) or a local directory; empty for the workshop app.",
        docDefault: '`""` (the workshop app)',
        doc: "What to build: a Git URL pinned to a full commit (`https://github.com/<owner>/<repo>.git#<commit>`, optionally `:<folder>`), or a local directory (relative to the project). Empty: aws-samples/python-fastapi-demo-docker at commit fb1dc64.",
        example: "./server",
        check: checkSource,
        optional: true,
    },
    appDockerfile: {
        type: "string",
        default: APP_IMAGE_DEFAULTS.dockerfile,
        description: "The Dockerfile's path inside a local appSource.",
        doc: "The Dockerfile's path inside a local `appSource` (a Git source's must be at its context's root).",
        example: "docker/Dockerfile",
        check: checkDockerfilePath,
    },
    appImagesKept: {
        type: "integer",
        default: APP_IMAGE_DEFAULTS.imagesKept,
        description: "Images the stack's ECR repository keeps; older ones expire.",
        doc: "Images the stack's ECR repository keeps; older ones expire.",
        min: 1,
        max: 1000,
        example: 20,
    },
    appReplicas: {
        type: "integer",
        default: FAST_API_APP_DEFAULTS.replicas,
        description: "Number of app pods (0 to 50).",
        doc: "App pods, 0 to 50.",
        min: 0,
        max: MAX_REPLICAS,
        example: 2,
    },
    appMaxReplicas: {
        type: "integer",
        default: 0,
        description: "Most app pods, for an autoscaler that scales them on CPU from appReplicas up; 0 for none.",
        docDefault: "`0` (no autoscaler)",
        doc: "Above `appReplicas`, a HorizontalPodAutoscaler (`autoscaling/v2`) scales the app between the two on CPU, and Pulumi sets the Deployment's replica count only when it creates it, so no `up` undoes the autoscaler's choice. It needs metrics-server: a created cluster gets the EKS add-on; on a cluster by name, `installMetricsServer` (refused at preview without either); a cluster reached by kubeconfig must run it already.",
        min: 0,
        max: MAX_REPLICAS,
        example: 6,
    },
    appTargetCpuPercent: {
        type: "integer",
        default: FAST_API_APP_DEFAULTS.targetCpuPercent,
        description: "The pods' average CPU use, as a share of their requests, that the autoscaler keeps them at.",
        doc: "With `appMaxReplicas`: the pods' average CPU use, in percent of their requests (200m), that the autoscaler aims at: above it, it adds pods; well below, it removes them (after 5 minutes).",
        min: 10,
        max: 100,
        example: 60,
    },
    namespace: {
        type: "string",
        default: "my-cool-app",
        description: "Namespace of the app and the database.",
        doc: "Namespace of the app and the database.",
        example: "my-cool-app",
        check: checkAppNamespace,
    },
    createNamespace: {
        type: "boolean",
        default: true,
        description: "Create the namespace; false when it already exists.",
        doc: "Create the namespace; `false` if it exists.",
    },
    albScheme: {
        type: "string",
        default: FAST_API_APP_DEFAULTS.albScheme,
        description: "ALB scheme, internet-facing or internal.",
        doc: "`internet-facing` or `internal`.",
        oneOf: ALB_SCHEMES,
        example: ALB_SCHEMES[0],
    },
    albTargetType: {
        type: "string",
        default: FAST_API_APP_DEFAULTS.albTargetType,
        description: "ALB target type, ip or instance.",
        doc: "`ip` or `instance`.",
        oneOf: ALB_TARGET_TYPES,
        example: ALB_TARGET_TYPES[0],
    },
    healthCheckPath: {
        type: "string",
        default: FAST_API_APP_DEFAULTS.healthCheckPath,
        description: "Path of the ALB health check and the app's probes.",
        doc: "ALB health check and the app's probes. The app has no health route, and `/` renders without touching the database.",
        example: "/",
        check: checkHttpPath,
    },
    certificateArn: {
        type: "string",
        default: "",
        description:
            "An ACM certificate of your own; the ALB then listens on 443, redirects 80 to 443 and uses a TLS 1.3 and 1.2 policy, and you point the DNS at it. Empty: the program makes one for domainName, or serves HTTP.",
        docDefault: '`""` (one for `domainName`, or HTTP only)',
        doc: "An ACM certificate of your own, in the stack's region: the ALB listens on 443, redirects 80 to 443, policy `ELBSecurityPolicy-TLS13-1-2-Res-2021-06`; the DNS is yours to point at `albHostname`. Empty, with `domainName`: the program makes the certificate and the DNS record.",
        example: EXAMPLE_CERTIFICATE,
        check: checkCertificateArn,
        optional: true,
    },
    domainName: {
        type: "string",
        default: "",
        description:
            "The site's DNS name. Without certificateArn, the program makes its ACM certificate (validated in the name's Route 53 hosted zone) and an alias record to the ALB. Empty: plain HTTP at the ALB's own name.",
        docDefault: '`""` (HTTP at the ALB\'s own name)',
        doc: "The site's DNS name; `url` becomes `https://<domainName>/`. Without `certificateArn`, the program finds the name's public Route 53 hosted zone (the name's or its nearest parent's, or `hostedZoneId`), makes an ACM certificate validated through DNS records there, gives the Ingress the certificate once ACM has issued it, and points an alias A record at the ALB; a CNAME of that name is refused at preview. With `certificateArn`, set it to a name the certificate covers and point your DNS at `albHostname` yourself.",
        example: "shop.example.com",
        check: checkDomainName,
        optional: true,
    },
    hostedZoneId: {
        type: "string",
        default: "",
        description: "The public Route 53 hosted zone of domainName; empty to find the zone of the name or its nearest parent.",
        docDefault: '`""` (found)',
        doc: "With `domainName` and no `certificateArn`: the public hosted zone for its records, when the program should not look it up (two zones of the same name, say).",
        example: "Z0123456789ABCDEFGHIJ",
        check: (v) => (/^Z[0-9A-Z]{1,32}$/.test(v) ? undefined : `"${v}" is not a Route 53 hosted zone id`),
        optional: true,
    },
    allowedCidrs: {
        type: "array",
        default: [],
        description: "Client CIDR blocks allowed to reach the ALB; empty for anyone.",
        docDefault: "`[]` (anyone)",
        doc: "Client CIDR blocks allowed to reach the ALB (`inbound-cidrs`).",
        example: "203.0.113.0/24",
        check: checkCidr,
    },
} as const satisfies Declarations;

export const DATABASE_KEYS = {
    database: {
        type: "string",
        default: "inCluster",
        description:
            "Where the database runs, inCluster (a StatefulSet) or aurora (Aurora PostgreSQL Serverless v2 beside the cluster; needs clusterName).",
        doc: "`inCluster`: PostgreSQL as a StatefulSet in the cluster. `aurora`: Aurora PostgreSQL Serverless v2 beside it (needs `clusterName`); see [Aurora](database.md#aurora).",
        oneOf: DATABASE_MODES,
        example: DATABASE_MODES[0],
    },
    auroraMinCapacity: {
        type: "string",
        default: AURORA_DB_DEFAULTS.minCapacity,
        description: "Aurora Serverless v2's fewest capacity units, 0.5 to 256 in steps of 0.5.",
        doc: "With `aurora`: the fewest Aurora capacity units (ACU), 0.5 to 256 in steps of 0.5.",
        example: "1",
        check: checkCapacity,
    },
    auroraMaxCapacity: {
        type: "string",
        default: AURORA_DB_DEFAULTS.maxCapacity,
        description: "Aurora Serverless v2's most capacity units, 1 to 256 in steps of 0.5.",
        doc: "With `aurora`: the most ACUs, at least 1 and at least `auroraMinCapacity`.",
        example: "4",
        check: checkMaxCapacity,
    },
    protectData: {
        type: "boolean",
        default: POSTGRES_DB_DEFAULTS.protect,
        description:
            "Protect the database's StatefulSet, credentials and passwords, the namespace and the backup bucket, from deletion by Pulumi.",
        docDefault: "`true` (the dev stack sets `false`)",
        doc: "Protect the StatefulSet, the database Secret, the generated passwords, the namespace and the backup bucket from deletion or replacement by Pulumi.",
    },
    dbImage: {
        type: "string",
        default: POSTGRES_DB_DEFAULTS.image,
        description: "PostgreSQL image, pinned by tag.",
        doc: "PostgreSQL image. With `aurora` it runs the backups, so its major version is at least Aurora's. On a live in-cluster database, another release of the same major version only: the data directory is the major version's own.",
        example: POSTGRES_DB_DEFAULTS.image,
        check: (v, others) => checkImage(v) ?? (others("database") === "aurora" ? checkClientMajor(v) : undefined),
    },
    dbStorageSize: {
        type: "string",
        // The StorageClass the program creates is gp3, with gp3's size limits.
        default: POSTGRES_DB_DEFAULTS.storageSize,
        description: "Size of the database volume, a Kubernetes quantity.",
        doc: "Size of the data volume. On a live stack it grows the volume in place; a smaller size is refused (a volume never shrinks).",
        example: "5Gi",
        check: (v, others) => checkVolumeSize(v, others("createStorageClass") !== "false"),
    },
    dbStorageClass: {
        type: "string",
        default: POSTGRES_DB_DEFAULTS.storageClassName,
        description: "StorageClass of the database volume.",
        doc: "StorageClass of the data volume.",
        example: "ebs-sc",
        check: checkDnsLabel,
    },
    createStorageClass: {
        type: "boolean",
        default: POSTGRES_DB_DEFAULTS.createStorageClass,
        description: "Create the StorageClass (EBS gp3, encrypted, Retain); false to use an existing one named dbStorageClass.",
        doc: "Create that StorageClass; `false` to use an existing one.",
    },
    dbName: {
        type: "string",
        default: POSTGRES_DB_DEFAULTS.databaseName,
        description: "The app's database.",
        doc: "The app's database. Fixed once the stack is up: another name would start the app on an empty database.",
        example: "bookstore",
        check: checkPgDatabaseName,
    },
    dbUser: {
        type: "string",
        default: POSTGRES_DB_DEFAULTS.username,
        description: "The app's database role.",
        doc: "The app's database role. With `aurora`, not one of the names RDS keeps (`rdsadmin`, `rds_*`). Fixed once the stack is up: it owns the tables.",
        example: "bookdbadmin",
        check: (v, others) => checkPgRoleName(v) ?? (others("database") === "aurora" ? checkAuroraRoleName(v) : undefined),
    },
    dbPassword: {
        type: "secret",
        description: "Password of the app's database role.",
        docDefault: "generated",
        doc: "Secret. Password of the app's role.",
        example: "<a long random password>",
    },
    dbSuperuserPassword: {
        type: "secret",
        description: "Password of the postgres superuser.",
        docDefault: "generated",
        doc: "Secret. Password of `postgres`.",
        example: "<a long random password>",
    },
} as const satisfies Declarations;
