import { BACKUP_KEYS } from "./backupKeys";
import { Values, defaultsOf } from "./declare";
import { Reader, readKeys } from "./reader";

/** The database backups to S3, as declared in backupKeys.ts. */
export type BackupConfig = Values<typeof BACKUP_KEYS>;

/** The declared defaults of the backup keys. */
export const BACKUP_DEFAULTS = defaultsOf(BACKUP_KEYS);

export function readBackupConfig(r: Reader): BackupConfig {
    return readKeys(r, BACKUP_KEYS);
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
