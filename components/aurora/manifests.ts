import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { INIT_SCRIPT, INIT_SCRIPT_KEY, SECRET_KEYS } from "../database";
import {
    AWS_CLI_UID,
    POSTGRES_PORT,
    ResourceSettings,
    SECRET_VERSION_ANNOTATION,
    WorkloadLabels,
    jobContainer,
    jobPodSpec,
    NodeSelector,
} from "../shared";
import { BOOTSTRAP_SCRIPT, BOOTSTRAP_SCRIPT_KEY } from "./scripts";

export const BOOTSTRAP_UID = 999;

export function bootstrapScriptsArgs(
    name: string,
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
): k8s.core.v1.ConfigMapArgs {
    return { metadata: { name, namespace, labels }, data: { [BOOTSTRAP_SCRIPT_KEY]: BOOTSTRAP_SCRIPT, [INIT_SCRIPT_KEY]: INIT_SCRIPT } };
}

/** The app's credentials for the bootstrap (the init script's WORKSHOP_POSTGRES_* names) and for the backups. */
export function appCredentialsArgs(
    name: string,
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
    values: { user: string; password: pulumi.Input<string>; database: string },
): k8s.core.v1.SecretArgs {
    return {
        metadata: { name, namespace, labels },
        type: "Opaque",
        stringData: pulumi.secret({
            [SECRET_KEYS.appUser]: values.user,
            [SECRET_KEYS.appPassword]: values.password,
            [SECRET_KEYS.appDatabase]: values.database,
        }),
    };
}

export interface BootstrapJobSettings {
    name: string;
    namespace: pulumi.Input<string>;
    wl: WorkloadLabels;
    serviceAccountName: pulumi.Input<string>;
    scriptsConfigMap: pulumi.Input<string>;
    credentialsSecret: pulumi.Input<string>;
    /** The credentials Secret's resourceVersion: a new password makes a new Job, which sets it in Aurora. */
    credentialsVersion: pulumi.Input<string>;
    masterSecretArn: pulumi.Input<string>;
    region: pulumi.Input<string>;
    host: pulumi.Input<string>;
    dbImage: string;
    awsCliImage: string;
    resources: ResourceSettings;
    /** The nodes the Job's pod must run on. Default any. */
    nodeSelector?: NodeSelector;
}

/**
 * A one-off Job: the AWS CLI reads the master secret from Secrets Manager
 * into memory (a memory-backed emptyDir), then the database image runs the
 * init script as the master user. The app's pods never see the master secret.
 */
export function bootstrapJobArgs(s: BootstrapJobSettings): k8s.batch.v1.JobArgs {
    const mounts = [
        { name: "scripts", mountPath: "/scripts", readOnly: true },
        { name: "secret", mountPath: "/secret" },
        { name: "home", mountPath: "/tmp" },
    ];
    const fromSecret = (key: string) => ({ name: key, valueFrom: { secretKeyRef: { name: s.credentialsSecret, key } } });
    const container = (name: string, image: string, uid: number, command: string[], env: k8s.types.input.core.v1.EnvVar[]) =>
        jobContainer({ name, image, uid, command, env, resources: s.resources, volumeMounts: mounts });
    return {
        metadata: { name: s.name, namespace: s.namespace, labels: s.wl.labels },
        spec: {
            backoffLimit: 6,
            activeDeadlineSeconds: 1800,
            template: {
                metadata: { labels: s.wl.labels, annotations: { [SECRET_VERSION_ANNOTATION]: s.credentialsVersion } },
                spec: jobPodSpec({
                    serviceAccountName: s.serviceAccountName,
                    nodeSelector: s.nodeSelector,
                    // The secret file, written by the init container's user, is read by the bootstrap's group.
                    fsGroup: BOOTSTRAP_UID,
                    init: container(
                        "master-secret",
                        s.awsCliImage,
                        AWS_CLI_UID,
                        [
                            "sh",
                            "-c",
                            'umask 077 && aws secretsmanager get-secret-value --secret-id "$MASTER_SECRET_ARN" --query SecretString --output text > /secret/master.json && chmod 0440 /secret/master.json',
                        ],
                        [
                            { name: "MASTER_SECRET_ARN", value: s.masterSecretArn },
                            { name: "AWS_REGION", value: s.region },
                            { name: "HOME", value: "/tmp" },
                        ],
                    ),
                    main: container(
                        "bootstrap",
                        s.dbImage,
                        BOOTSTRAP_UID,
                        ["bash", `/scripts/${BOOTSTRAP_SCRIPT_KEY}`, "/secret/master.json"],
                        [
                            { name: "PGHOST", value: s.host },
                            { name: "PGPORT", value: String(POSTGRES_PORT) },
                            { name: "PGSSLMODE", value: "require" },
                            { name: "PGCONNECT_TIMEOUT", value: "10" },
                            fromSecret(SECRET_KEYS.appUser),
                            fromSecret(SECRET_KEYS.appPassword),
                            fromSecret(SECRET_KEYS.appDatabase),
                        ],
                    ),
                    volumes: [
                        { name: "scripts", configMap: { name: s.scriptsConfigMap, defaultMode: 0o555 } },
                        // The master secret lives in memory only, and dies with the pod.
                        { name: "secret", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
                        { name: "home", emptyDir: { sizeLimit: "64Mi" } },
                    ],
                }),
            },
        },
    };
}
