/** The backups' keys. See declare.ts. */
import { DB_BACKUP_DEFAULTS, MAX_RETENTION_DAYS, checkBucketName, checkCronSchedule } from "../components";
import { Declarations } from "./declare";

export const BACKUP_KEYS = {
    backupEnabled: {
        type: "boolean",
        default: true,
        description:
            "Dump the database to S3 on a schedule, with a restore job beside it. Needs the cluster's name (not a kubeconfig) for the jobs' AWS credentials.",
        doc: "Dump the database to S3 daily, with a restore job beside it (see [Backups and restore](database.md#backups-and-restore)). Needs the cluster's name: with a kubeconfig the program cannot give the jobs AWS credentials, so backups are off there, with a warning.",
    },
    backupSchedule: {
        type: "string",
        default: DB_BACKUP_DEFAULTS.schedule,
        description: "When the backup runs, a cron schedule in UTC.",
        doc: "When the backup runs: a cron schedule (five fields, or `@daily` and the like), in UTC.",
        example: `"${DB_BACKUP_DEFAULTS.schedule}"`,
        check: checkCronSchedule,
    },
    backupRetentionDays: {
        type: "integer",
        default: DB_BACKUP_DEFAULTS.retentionDays,
        description: "Days a dump is kept in the bucket the program creates.",
        doc: "Days a dump is kept, in the bucket the program creates (1 to 36500).",
        min: 1,
        max: MAX_RETENTION_DAYS,
        example: 30,
    },
    backupBucket: {
        type: "string",
        default: "",
        description: "An existing S3 bucket for the dumps (its own settings are left alone); empty to create one.",
        docDefault: '`""` (a new bucket)',
        doc: "An existing S3 bucket for the dumps, in any region (the jobs send their requests to the bucket's own). The program looks it up (a wrong name fails the preview) and leaves its settings alone: versioning, encryption, expiry and access are its owner's.",
        example: "my-company-db-backups",
        check: checkBucketName,
        optional: true,
    },
} as const satisfies Declarations;
