import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { AWS_CLI_UID, NodeSelector, POSTGRES_PORT, ResourceSettings, WorkloadLabels, jobContainer, jobPodSpec } from "../shared";
import { BACKUP_SCRIPT, BACKUP_SCRIPT_KEY, RESTORE_SCRIPT, RESTORE_SCRIPT_KEY } from "./scripts";

/** The postgres image's user (postgres, 999). */
export const DB_TOOLS_UID = 999;
/** Where the jobs see the scripts, the dump and a writable HOME for the AWS CLI. */
export const SCRIPTS_MOUNT = "/scripts";
export const WORK_MOUNT = "/work";
export const HOME_MOUNT = "/tmp";

/** How the jobs reach the app's database: libpq's variables, the password from the database's Secret. */
export interface DatabaseRef {
    host: pulumi.Input<string>;
    port: pulumi.Input<number>;
    databaseName: pulumi.Input<string>;
    username: pulumi.Input<string>;
    secretName: pulumi.Input<string>;
    passwordKey: string;
    /** libpq's sslmode (PGSSLMODE). Default libpq's own, `prefer`. */
    sslMode?: "require";
}

export interface JobSettings {
    name: string;
    namespace: pulumi.Input<string>;
    wl: WorkloadLabels;
    serviceAccountName: pulumi.Input<string>;
    scriptsConfigMap: pulumi.Input<string>;
    dbImage: string;
    awsCliImage: string;
    database: DatabaseRef;
    /** The nodes the jobs' pods must run on. Default any. */
    nodeSelector?: NodeSelector;
    bucket: pulumi.Input<string>;
    prefix: pulumi.Input<string>;
    region: pulumi.Input<string>;
    resources: ResourceSettings;
    dumpSizeLimit: string;
    /** The CloudWatch namespace the upload step publishes each success and the dump's size to. Default none. */
    metricsNamespace?: string;
}

export function scriptsConfigMapArgs(
    name: string,
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
): k8s.core.v1.ConfigMapArgs {
    return { metadata: { name, namespace, labels }, data: { [BACKUP_SCRIPT_KEY]: BACKUP_SCRIPT, [RESTORE_SCRIPT_KEY]: RESTORE_SCRIPT } };
}

function container(
    name: string,
    image: string,
    uid: number,
    script: string,
    args: string[],
    env: k8s.types.input.core.v1.EnvVar[],
    s: JobSettings,
) {
    return jobContainer({
        name,
        image,
        uid,
        command: ["bash", `${SCRIPTS_MOUNT}/${script}`, ...args],
        env,
        resources: s.resources,
        volumeMounts: [
            { name: "scripts", mountPath: SCRIPTS_MOUNT, readOnly: true },
            { name: "work", mountPath: WORK_MOUNT },
            { name: "home", mountPath: HOME_MOUNT },
        ],
    });
}

function dbEnv(db: DatabaseRef): k8s.types.input.core.v1.EnvVar[] {
    return [
        { name: "PGHOST", value: db.host },
        { name: "PGPORT", value: pulumi.output(db.port).apply(String) },
        { name: "PGDATABASE", value: db.databaseName },
        { name: "PGUSER", value: db.username },
        { name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: db.secretName, key: db.passwordKey } } },
        { name: "PGCONNECT_TIMEOUT", value: "10" },
        ...(db.sslMode ? [{ name: "PGSSLMODE", value: db.sslMode }] : []),
    ];
}

function s3Env(s: JobSettings): k8s.types.input.core.v1.EnvVar[] {
    return [
        { name: "BACKUP_BUCKET", value: s.bucket },
        { name: "BACKUP_PREFIX", value: s.prefix },
        { name: "AWS_REGION", value: s.region },
        { name: "HOME", value: HOME_MOUNT },
        ...(s.metricsNamespace ? [{ name: "BACKUP_METRICS_NAMESPACE", value: s.metricsNamespace }] : []),
    ];
}

/** One run: the first container in `steps` is an init container, so the second starts only once it succeeded. */
function jobTemplate(s: JobSettings, steps: [ReturnType<typeof container>, ReturnType<typeof container>]) {
    return {
        metadata: { labels: s.wl.labels },
        spec: {
            backoffLimit: 2,
            activeDeadlineSeconds: 3600,
            template: {
                metadata: { labels: s.wl.labels },
                spec: jobPodSpec({
                    serviceAccountName: s.serviceAccountName,
                    nodeSelector: s.nodeSelector,
                    init: steps[0],
                    main: steps[1],
                    volumes: [
                        { name: "scripts", configMap: { name: s.scriptsConfigMap, defaultMode: 0o555 } },
                        // The dump never touches the node's disk beyond this volume, which ends with the pod.
                        { name: "work", emptyDir: { sizeLimit: s.dumpSizeLimit } },
                        { name: "home", emptyDir: { sizeLimit: "64Mi" } },
                    ],
                }),
            },
        },
    };
}

/** The scheduled backup: pg_dump with the database image, then the upload with the AWS CLI image. */
export function backupCronJobArgs(s: JobSettings, schedule: string): k8s.batch.v1.CronJobArgs {
    return {
        metadata: { name: s.name, namespace: s.namespace, labels: s.wl.labels },
        spec: {
            schedule,
            timeZone: "Etc/UTC",
            concurrencyPolicy: "Forbid",
            startingDeadlineSeconds: 3600,
            successfulJobsHistoryLimit: 3,
            failedJobsHistoryLimit: 3,
            jobTemplate: jobTemplate(s, [
                container("dump", s.dbImage, DB_TOOLS_UID, BACKUP_SCRIPT_KEY, ["dump", WORK_MOUNT], dbEnv(s.database), s),
                container("upload", s.awsCliImage, AWS_CLI_UID, BACKUP_SCRIPT_KEY, ["upload", WORK_MOUNT], s3Env(s), s),
            ]),
        },
    };
}

/**
 * The restore, kept suspended: it never runs on a schedule, and is the
 * template of the one-off Job that `kubectl create job --from=cronjob/...`
 * starts. RESTORE_DUMP names a dump (default: the newest); RESTORE_FORCE=1
 * replaces a database that has tables.
 */
export function restoreCronJobArgs(s: JobSettings): k8s.batch.v1.CronJobArgs {
    const choice = [
        { name: "RESTORE_DUMP", value: "" },
        { name: "RESTORE_FORCE", value: "" },
    ];
    return {
        metadata: { name: s.name, namespace: s.namespace, labels: s.wl.labels },
        spec: {
            schedule: "@yearly",
            suspend: true,
            timeZone: "Etc/UTC",
            concurrencyPolicy: "Forbid",
            successfulJobsHistoryLimit: 1,
            failedJobsHistoryLimit: 1,
            jobTemplate: jobTemplate(s, [
                container(
                    "download",
                    s.awsCliImage,
                    AWS_CLI_UID,
                    RESTORE_SCRIPT_KEY,
                    ["download", WORK_MOUNT],
                    [...s3Env(s), ...choice],
                    s,
                ),
                container("load", s.dbImage, DB_TOOLS_UID, RESTORE_SCRIPT_KEY, ["load", WORK_MOUNT], [...dbEnv(s.database), ...choice], s),
            ]),
        },
    };
}

/** Lets the backup and restore pods into the database on 5432 (NetworkPolicies add up; the database's own stays as it is). */
export function databaseAdmitsBackupArgs(
    name: string,
    namespace: pulumi.Input<string>,
    wl: WorkloadLabels,
    databaseSelector: Record<string, string>,
): k8s.networking.v1.NetworkPolicyArgs {
    return {
        metadata: { name, namespace, labels: wl.labels },
        spec: {
            podSelector: { matchLabels: databaseSelector },
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ podSelector: { matchLabels: wl.selector } }], ports: [{ protocol: "TCP", port: POSTGRES_PORT }] }],
        },
    };
}
