import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { PolicyDocument, WorkloadIdentity, awsServiceAccount } from "../addons";
import {
    AWS_CLI_IMAGE,
    BACKUP_METRICS_NAMESPACE,
    DatabasePeer,
    awsJobNetworkPolicyArgs,
    ResourceSettings,
    WorkloadLabels,
    checkImage,
    checkQuantity,
    checkResources,
    named,
    resolveResources,
    throwIfProblems,
    workloadLabels,
    NodeSelector,
} from "../shared";
import {
    DatabaseRef,
    JobSettings,
    backupCronJobArgs,
    databaseAdmitsBackupArgs,
    restoreCronJobArgs,
    scriptsConfigMapArgs,
} from "./manifests";
import { backupBucket } from "./bucket";
import { backupPolicy, restorePolicy } from "./policies";

export interface DbBackupArgs {
    /** Namespace of the database, and of the backup's objects; the dumps' prefix in the bucket. Required. */
    namespace: pulumi.Input<string>;
    /** How the backup and restore pods get AWS credentials (Pod Identity or IRSA). Required. */
    identity: WorkloadIdentity;
    /** The database to back up, and the Secret that holds its password. Required. */
    database: DatabaseRef;
    /** The database the backup pods may reach: its pods' labels (they are let in on 5432), or its address range (Aurora). Required. */
    databasePeer: DatabasePeer;
    /** The database's image, for pg_dump and pg_restore of the server's own major version. Required. */
    dbImage: string;
    /** The AWS CLI image (2.15.0 or later, for Pod Identity). Default `amazon/aws-cli:2.27.0`. */
    awsCliImage?: string;
    /** When the backup runs, a cron schedule in UTC. Default `17 3 * * *` (daily at 03:17 UTC). */
    schedule?: string;
    /** Days a dump is kept in the created bucket. Default 14. */
    retentionDays?: number;
    /** An existing bucket for the dumps; its own settings are left alone. Default: a bucket is created. */
    bucketName?: string;
    /** Room for one dump on the node (an emptyDir's size limit), a Kubernetes quantity. Default `1Gi`. */
    dumpSizeLimit?: string;
    /** Container requests and limits. Default requests 100m CPU / 128Mi, limits 1000m / 512Mi. */
    resources?: Partial<ResourceSettings>;
    /** Protect the created bucket from deletion by Pulumi. Default true. */
    protect?: boolean;
    /** The nodes its pods must run on, as a nodeSelector (on EKS Auto Mode, the pool that enforces NetworkPolicies). Default none: any node. */
    nodeSelector?: NodeSelector;
    /** Value of the `app.kubernetes.io/instance` label. Default: the component's name. */
    instance?: string;
    /**
     * Publish each successful backup, and the dump's size, to CloudWatch (BACKUP_METRICS_NAMESPACE, by `Backup` =
     * `<bucket>/<prefix>`), which the missing-backup alarm watches. Default false.
     */
    metrics?: boolean;
}

export const DB_BACKUP_DEFAULTS = {
    awsCliImage: AWS_CLI_IMAGE,
    schedule: "17 3 * * *",
    retentionDays: 14,
    dumpSizeLimit: "1Gi",
    resources: { cpuRequest: "100m", memoryRequest: "128Mi", cpuLimit: "1000m", memoryLimit: "512Mi" },
    protect: true,
    names: { backup: "db-backup", restore: "db-restore", scripts: "db-backup-scripts" },
} as const;

/**
 * Daily dumps of the app's database to S3, and the restore that puts one
 * back: an S3 bucket (or an existing one), a CronJob that runs pg_dump and
 * uploads the dump, a suspended CronJob that is the restore's template, IAM
 * roles that may only write (backup) or read (restore) the namespace's dumps,
 * and NetworkPolicies.
 */
export class DbBackup extends pulumi.ComponentResource {
    /** The bucket that holds the dumps, under `<namespace>/`. */
    public readonly bucketName: pulumi.Output<string>;
    /** The command that restores the newest dump. */
    public readonly restoreCommand: pulumi.Output<string>;
    /** The `Backup` dimension of the metrics the backup job publishes: `<bucket>/<prefix>`. */
    public readonly metricsDimension: pulumi.Output<string>;

    constructor(name: string, args: DbBackupArgs, opts?: pulumi.ComponentResourceOptions) {
        const d = DB_BACKUP_DEFAULTS;
        const awsCliImage = args.awsCliImage ?? d.awsCliImage;
        const schedule = args.schedule ?? d.schedule;
        const retentionDays = args.retentionDays ?? d.retentionDays;
        const dumpSizeLimit = args.dumpSizeLimit ?? d.dumpSizeLimit;
        const resources = resolveResources(args.resources, d.resources);
        // The schedule, retention, bucket and image are the config's keys, checked by their declarations; these are not.
        throwIfProblems(`DbBackup "${name}"`, [
            named("awsCliImage", checkImage(awsCliImage)),
            named("dumpSizeLimit", checkQuantity(dumpSizeLimit)),
            ...checkResources("resources", resources),
        ]);
        super("fastapi-eks:backup:DbBackup", name, {}, opts);
        const childOpts = { parent: this };
        const instance = args.instance ?? name;
        const backupWl = workloadLabels(d.names.backup, instance, "backup");
        const restoreWl = workloadLabels(d.names.backup, instance, "restore");
        const prefix = pulumi.output(args.namespace);
        const metricsNamespace = args.metrics ? BACKUP_METRICS_NAMESPACE : undefined;

        const bucket = backupBucket(name, { bucketName: args.bucketName, retentionDays, protect: args.protect ?? d.protect }, this);
        const scripts = new k8s.core.v1.ConfigMap(
            `${name}-scripts`,
            scriptsConfigMapArgs(d.names.scripts, args.namespace, backupWl.labels),
            childOpts,
        );
        const job = (
            role: "dump" | "restore",
            wl: WorkloadLabels,
            policy: (bucketArn: string, prefix: string, metricsNamespace?: string) => PolicyDocument,
        ): JobSettings => {
            const sa = role === "dump" ? d.names.backup : d.names.restore;
            const account = awsServiceAccount(
                `${name}-${role}`,
                {
                    identity: args.identity,
                    namespace: args.namespace,
                    serviceAccount: sa,
                    policy: pulumi.all([bucket.arn, prefix]).apply(([arn, p]) => JSON.stringify(policy(arn, p, metricsNamespace))),
                    description: `fastapi-eks: the database ${role === "dump" ? "backup" : "restore"} job's access to its namespace's dumps`,
                    labels: wl.labels,
                },
                this,
            );
            return {
                name: sa,
                namespace: args.namespace,
                wl,
                serviceAccountName: account.metadata.name,
                scriptsConfigMap: scripts.metadata.name,
                dbImage: args.dbImage,
                awsCliImage,
                database: args.database,
                bucket: bucket.name,
                prefix,
                region: bucket.region,
                resources,
                dumpSizeLimit,
                nodeSelector: args.nodeSelector,
                metricsNamespace: role === "dump" ? metricsNamespace : undefined,
            };
        };
        new k8s.batch.v1.CronJob(`${name}-cronjob`, backupCronJobArgs(job("dump", backupWl, backupPolicy), schedule), childOpts);
        new k8s.batch.v1.CronJob(`${name}-restore-cronjob`, restoreCronJobArgs(job("restore", restoreWl, restorePolicy)), childOpts);
        new k8s.networking.v1.NetworkPolicy(
            `${name}-network-policy`,
            awsJobNetworkPolicyArgs(d.names.backup, args.namespace, backupWl, args.databasePeer),
            childOpts,
        );
        if ("podSelector" in args.databasePeer) {
            new k8s.networking.v1.NetworkPolicy(
                `${name}-database-network-policy`,
                databaseAdmitsBackupArgs(`${d.names.backup}-to-database`, args.namespace, backupWl, args.databasePeer.podSelector),
                childOpts,
            );
        }

        this.bucketName = bucket.name;
        this.metricsDimension = pulumi.interpolate`${bucket.name}/${prefix}`;
        this.restoreCommand = prefix.apply((ns) => `kubectl -n ${ns} create job db-restore-$(date +%s) --from=cronjob/${d.names.restore}`);
        this.registerOutputs({ bucketName: this.bucketName, restoreCommand: this.restoreCommand });
    }
}
