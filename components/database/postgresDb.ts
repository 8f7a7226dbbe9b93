import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import {
    DB_COMPONENT,
    DB_NAME,
    EBS_PROVISIONER,
    POSTGRES_PORT,
    ResourceSettings,
    checkDnsLabel,
    checkResources,
    fastApiPodSelector,
    NodeAutoscaler,
    named,
    podDisruptionBudgetArgs,
    resolveResources,
    throwIfProblems,
    workloadLabels,
    NodeSelector,
} from "../shared";
import {
    DbNames,
    connectionUrl,
    dbNetworkPolicyArgs,
    dbSecretArgs,
    headlessServiceArgs,
    initScriptConfigMapArgs,
    statefulSetArgs,
    storageClassArgs,
    volumeClaimPatchArgs,
} from "./manifests";
import { SECRET_KEYS } from "./scripts";

export interface PostgresDbArgs {
    /** Namespace of the database's objects. Required; it must exist or be created first. */
    namespace: pulumi.Input<string>;
    /** PostgreSQL image. Default `postgres:17.6` (PostgreSQL 17, supported until November 2029). */
    image?: string;
    /** Name of the StatefulSet. Default `fastapi-postgres`. */
    statefulSetName?: string;
    /** Name of the headless Service, and so of the database's DNS host. Default `db`. */
    serviceName?: string;
    /** Name of the Secret that holds the database credentials. Default `fastapi-postgres-secret`. */
    secretName?: string;
    /** Name of the ConfigMap that holds the init script. Default `db-init-script`. */
    initScriptName?: string;
    /** StorageClass of the data volume. Default `ebs-sc`. */
    storageClassName?: string;
    /**
     * Create the StorageClass (EBS gp3, encrypted, expandable, reclaim policy
     * Retain). Set false to use an existing class named `storageClassName`.
     * Default true.
     */
    createStorageClass?: boolean;
    /** Provisioner of the created StorageClass: `ebs.csi.aws.com`, or `ebs.csi.eks.amazonaws.com` on EKS Auto Mode. Default `ebs.csi.aws.com`. */
    storageProvisioner?: string;
    /**
     * What must be ready before volumes can be provisioned, typically the EBS
     * CSI add-on: the StorageClass waits for it, or the StatefulSet when no
     * class is created. Default none.
     */
    storageDependsOn?: pulumi.Input<pulumi.Resource>[];
    /** Size of the data volume, a Kubernetes quantity. Default `1Gi`. */
    storageSize?: string;
    /** Container requests and limits. Default requests 100m CPU / 100Mi, limits 500m / 500Mi. */
    resources?: Partial<ResourceSettings>;
    /** The application's database. Default `bookstore`. */
    databaseName?: string;
    /** The application's role (LOGIN, not a superuser). Default `bookdbadmin`. */
    username?: string;
    /** The application role's password. Default: generated, 32 URL-safe characters. */
    password?: pulumi.Input<string>;
    /** The `postgres` superuser's password. Default: generated, 32 URL-safe characters. */
    superuserPassword?: pulumi.Input<string>;
    /** Labels of the pods allowed to connect (its NetworkPolicy). Default: FastApiApp's pods of the same instance. */
    clientSelector?: Record<string, string>;
    /**
     * Protect what holds the data (the StatefulSet, the credentials Secret and
     * the generated passwords) from deletion and replacement by Pulumi.
     * Default true.
     */
    protect?: boolean;
    /**
     * What scales the cluster's nodes, which must never evict the single replica to empty a node: the pod gets that
     * autoscaler's annotation, and under Karpenter (EKS Auto Mode) a PodDisruptionBudget of no voluntary eviction too.
     * (The Cluster Autoscaler honours the annotation; a budget would also stop a node group's upgrades.) Default none.
     */
    nodeAutoscaler?: NodeAutoscaler;
    /** The nodes its pods must run on, as a nodeSelector (on EKS Auto Mode, the pool that enforces NetworkPolicies). Default none: any node. */
    nodeSelector?: NodeSelector;
    /** Value of the `app.kubernetes.io/instance` label. Default: the component's name. */
    instance?: string;
}

export const POSTGRES_DB_DEFAULTS = {
    image: "postgres:17.6",
    statefulSetName: "fastapi-postgres",
    serviceName: "db",
    secretName: "fastapi-postgres-secret",
    initScriptName: "db-init-script",
    storageClassName: "ebs-sc",
    createStorageClass: true,
    storageProvisioner: EBS_PROVISIONER,
    storageSize: "1Gi",
    resources: { cpuRequest: "100m", memoryRequest: "100Mi", cpuLimit: "500m", memoryLimit: "500Mi" },
    databaseName: "bookstore",
    username: "bookdbadmin",
    protect: true,
} as const;

/**
 * StatefulSet fields Kubernetes never lets change. A change to them would
 * make Pulumi replace the StatefulSet; they are ignored after creation
 * instead (see the README on growing the volume).
 */
export const IMMUTABLE_STATEFULSET_FIELDS = ["spec.volumeClaimTemplates", "spec.selector", "spec.serviceName"];

/** Length of generated passwords; letters, digits, `-` and `_` only, so they are URL-safe. */
export const GENERATED_PASSWORD_LENGTH = 32;

/**
 * PostgreSQL for the bookstore app: a StatefulSet with one replica and an
 * encrypted EBS volume, a headless Service, the credentials Secret and the
 * init script that creates the application's role and database.
 */
export class PostgresDb extends pulumi.ComponentResource {
    /** Name of the headless Service. */
    public readonly serviceName: pulumi.Output<string>;
    /** In-cluster DNS name of the database. */
    public readonly host: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    public readonly databaseName: pulumi.Output<string>;
    public readonly username: pulumi.Output<string>;
    /** The application role's password (secret). */
    public readonly password: pulumi.Output<string>;
    /** `postgresql://user:password@host:5432/db` for the application (secret). */
    public readonly connectionUrl: pulumi.Output<string>;
    /** `postgresql://user@host:5432/db`, for a client that takes the password from PGPASSWORD (secret all the same). */
    public readonly urlWithoutPassword: pulumi.Output<string>;
    /** Name of the StorageClass the data volume uses. */
    public readonly storageClassName: pulumi.Output<string>;
    /** Name of the Secret that holds the credentials; the app role's password is under `passwordKey`. */
    public readonly secretName: pulumi.Output<string>;
    /** Key of the app role's password in the Secret `secretName`. */
    public readonly passwordKey: string = SECRET_KEYS.appPassword;

    constructor(name: string, args: PostgresDbArgs, opts?: pulumi.ComponentResourceOptions) {
        const d = POSTGRES_DB_DEFAULTS;
        const image = args.image ?? d.image;
        const storageSize = args.storageSize ?? d.storageSize;
        const createStorageClass = args.createStorageClass ?? d.createStorageClass;
        const databaseName = args.databaseName ?? d.databaseName;
        const username = args.username ?? d.username;
        const resources = resolveResources(args.resources, d.resources);
        const names: DbNames = {
            statefulSet: args.statefulSetName ?? d.statefulSetName,
            service: args.serviceName ?? d.serviceName,
            secret: args.secretName ?? d.secretName,
            initScript: args.initScriptName ?? d.initScriptName,
            storageClass: args.storageClassName ?? d.storageClassName,
        };
        // The image, size, database and role are the config's keys, checked by their declarations (config/workloadKeys.ts).
        throwIfProblems(`PostgresDb "${name}"`, [
            ...Object.entries(names).map(([k, v]) => named(`${k}Name`, checkDnsLabel(v))),
            ...checkResources("resources", resources),
        ]);

        super("fastapi-eks:database:PostgresDb", name, {}, opts);
        const childOpts = { parent: this };
        const instance = args.instance ?? name;
        const wl = workloadLabels(DB_NAME, instance, DB_COMPONENT);
        const protect = args.protect ?? d.protect;
        const dataOpts = { ...childOpts, protect };

        // The generated passwords exist whether or not a password is given. Setting one (to rotate it) must
        // not remove a generated one: on a protected stack Pulumi refuses to delete it, and the update stops.
        const generated = generatedPassword(`${name}-app-password`, this, protect);
        const generatedSuperuser = generatedPassword(`${name}-superuser-password`, this, protect);
        const password = args.password ?? generated;
        const superuserPassword = args.superuserPassword ?? generatedSuperuser;

        const storageDependsOn = args.storageDependsOn ?? [];
        const storageClass = createStorageClass
            ? new k8s.storage.v1.StorageClass(
                  `${name}-storage-class`,
                  storageClassArgs(names.storageClass, wl.labels, args.storageProvisioner ?? d.storageProvisioner),
                  { ...childOpts, dependsOn: storageDependsOn },
              )
            : undefined;
        const secret = new k8s.core.v1.Secret(
            `${name}-secret`,
            dbSecretArgs(names, args.namespace, wl.labels, {
                superuserPassword,
                appUser: username,
                appPassword: password,
                appDatabase: databaseName,
            }),
            dataOpts,
        );
        const initScript = new k8s.core.v1.ConfigMap(
            `${name}-init-script`,
            initScriptConfigMapArgs(names, args.namespace, wl.labels),
            childOpts,
        );
        const service = new k8s.core.v1.Service(`${name}-service`, headlessServiceArgs(names, args.namespace, wl), childOpts);
        this.storageClassName = storageClass ? storageClass.metadata.name : pulumi.output(names.storageClass);
        const statefulSet = new k8s.apps.v1.StatefulSet(
            `${name}-statefulset`,
            statefulSetArgs(names.statefulSet, args.namespace, wl, {
                image,
                storageSize,
                resources,
                storageClassName: this.storageClassName,
                serviceName: service.metadata.name,
                secretName: secret.metadata.name,
                secretVersion: secret.metadata.resourceVersion,
                initScriptName: initScript.metadata.name,
                nodeAutoscaler: args.nodeAutoscaler,
                nodeSelector: args.nodeSelector,
            }),
            {
                ...dataOpts,
                // With a created class, the StatefulSet waits for the add-on through it.
                dependsOn: storageClass ? [] : storageDependsOn,
                ignoreChanges: IMMUTABLE_STATEFULSET_FIELDS,
            },
        );
        if (args.nodeAutoscaler === "karpenter") {
            // Voluntary evictions (consolidation, drains) wait; a node's own failure or expiry still moves the pod.
            new k8s.policy.v1.PodDisruptionBudget(
                `${name}-pdb`,
                podDisruptionBudgetArgs(names.statefulSet, args.namespace, wl, 0),
                childOpts,
            );
        }
        // A bigger storageSize grows the live volume (the template above is immutable). Once the StatefulSet is
        // ready its claim exists. Kept on delete: a patch gives its field back, and a claim's size is required.
        new k8s.core.v1.PersistentVolumeClaimPatch(`${name}-volume`, volumeClaimPatchArgs(names.statefulSet, args.namespace, storageSize), {
            ...childOpts,
            dependsOn: [statefulSet],
            retainOnDelete: true,
        });
        new k8s.networking.v1.NetworkPolicy(
            `${name}-network-policy`,
            dbNetworkPolicyArgs(names.statefulSet, args.namespace, wl, args.clientSelector ?? fastApiPodSelector(instance)),
            childOpts,
        );

        this.serviceName = service.metadata.name;
        this.secretName = secret.metadata.name;
        this.host = pulumi.interpolate`${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local`;
        this.port = pulumi.output(POSTGRES_PORT);
        this.databaseName = pulumi.output(databaseName);
        this.username = pulumi.output(username);
        this.password = pulumi.secret(password);
        this.connectionUrl = pulumi.secret(
            pulumi
                .all([this.host, password])
                .apply(([host, pw]) => connectionUrl({ user: username, password: pw, host, port: POSTGRES_PORT, database: databaseName })),
        );
        this.urlWithoutPassword = pulumi.secret(
            this.host.apply((host) => connectionUrl({ user: username, host, port: POSTGRES_PORT, database: databaseName })),
        );

        this.registerOutputs({
            serviceName: this.serviceName,
            host: this.host,
            port: this.port,
            databaseName: this.databaseName,
            username: this.username,
            password: this.password,
            connectionUrl: this.connectionUrl,
            urlWithoutPassword: this.urlWithoutPassword,
            storageClassName: this.storageClassName,
            secretName: this.secretName,
        });
    }
}

/** A generated database password (URL-safe, GENERATED_PASSWORD_LENGTH long), a secret, as a child of `parent`. */
export function generatedPassword(resourceName: string, parent: pulumi.Resource, protect: boolean): pulumi.Output<string> {
    const pw = new random.RandomPassword(
        resourceName,
        { length: GENERATED_PASSWORD_LENGTH, special: true, overrideSpecial: "-_", minLower: 1, minUpper: 1, minNumeric: 1 },
        { parent, protect },
    );
    return pulumi.secret(pw.result);
}
