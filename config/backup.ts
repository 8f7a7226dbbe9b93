import { DB_BACKUP_DEFAULTS, MAX_RETENTION_DAYS, checkBucketName, checkCronSchedule } from "../components";
import { Reader, nonEmpty, orEmpty } from "./reader";

/** The database backups to S3. */
export interface BackupConfig {
    backupEnabled: boolean;
    backupSchedule: string;
    backupRetentionDays: number;
    /** An existing bucket; undefined to create one. */
    backupBucket?: string;
}

/** Pulumi.yaml's defaults of the backup keys, taken from the component; tests keep the two equal. */
export const BACKUP_DEFAULTS = {
    backupEnabled: true,
    backupSchedule: DB_BACKUP_DEFAULTS.schedule,
    backupRetentionDays: DB_BACKUP_DEFAULTS.retentionDays,
    backupBucket: "",
} as const;

export function readBackupConfig(r: Reader): BackupConfig {
    const d = BACKUP_DEFAULTS;
    return {
        backupEnabled: r.bool("backupEnabled", d.backupEnabled),
        backupSchedule: r.string("backupSchedule", d.backupSchedule, `"${d.backupSchedule}"`, checkCronSchedule),
        backupRetentionDays: r.int("backupRetentionDays", d.backupRetentionDays, 1, MAX_RETENTION_DAYS, 30),
        backupBucket: nonEmpty(r.string("backupBucket", d.backupBucket, "my-company-db-backups", orEmpty(checkBucketName))),
    };
}

/**
 * What the backups need of the rest: a cluster known by name (its pods get AWS
 * credentials through it), and a bucket the program creates for the retention
 * to apply. Values are judged against the defaults, which the CLI always hands over.
 */
export function checkBackupModes(r: Reader, c: BackupConfig & { clusterName?: string }): void {
    const d = BACKUP_DEFAULTS;
    const off = "pulumi config set backupEnabled false";
    if (c.backupEnabled && c.clusterName === undefined && c.backupBucket !== undefined) {
        r.conflict(
            "backupBucket",
            "needs the cluster's name: the backup pods get AWS credentials through the cluster, which a kubeconfig does not name",
            `pulumi config set clusterName <your cluster>, or ${off}`,
        );
    }
    if (c.backupEnabled && c.backupBucket !== undefined && c.backupRetentionDays !== d.backupRetentionDays) {
        r.conflict(
            "backupRetentionDays",
            "applies only to the bucket the program creates; an existing bucket keeps its own lifecycle rules",
            "pulumi config rm backupRetentionDays (and set the expiry on your bucket)",
        );
    }
}
