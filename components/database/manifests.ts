import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { APP_PASSWORD_HOOK, INIT_MOUNT, INIT_SCRIPT, INIT_SCRIPT_KEY, SECRET_KEYS } from "./scripts";
import {
    NodeAutoscaler,
    ResourceSettings,
    SECRET_VERSION_ANNOTATION,
    STAY_PUT,
    WorkloadLabels,
    resourceRequirements,
    restrictedContainerSecurity,
    workloadNetworkPolicyArgs,
    EBS_PROVISIONER,
    POSTGRES_PORT,
    NodeSelector,
} from "../shared";

/**
 * Pure builders for PostgresDb's Kubernetes objects. They take plain values (or
 * Pulumi inputs that they only place, never read) and return the objects'
 * arguments, so their shapes can be tested without the Pulumi engine.
 */

/** UID and GID of the `postgres` user in the official image. */
export const POSTGRES_UID = 999;
/** Where the data volume is mounted, as in the workshop. */
export const DATA_MOUNT = "/var/lib/postgresql/data";
/** A subdirectory of the mount: an EBS volume's root holds lost+found, which initdb refuses. */
export const PGDATA = `${DATA_MOUNT}/pgdata`;
export const DATA_VOLUME = "postgres-data";

/** The database accepts connections only from the given client pods, on 5432; it initiates none. */
export function dbNetworkPolicyArgs(
    name: string,
    namespace: pulumi.Input<string>,
    wl: WorkloadLabels,
    clientSelector: Record<string, string>,
): k8s.networking.v1.NetworkPolicyArgs {
    return workloadNetworkPolicyArgs(name, namespace, wl, {
        ingress: [{ from: [{ podSelector: { matchLabels: clientSelector } }], ports: [{ protocol: "TCP", port: POSTGRES_PORT }] }],
        egress: [],
    });
}

export interface DbNames {
    storageClass: string;
    service: string;
    statefulSet: string;
    secret: string;
    initScript: string;
}

export function storageClassArgs(
    name: string,
    labels: Record<string, string>,
    provisioner: string = EBS_PROVISIONER,
): k8s.storage.v1.StorageClassArgs {
    return {
        metadata: { name, labels },
        provisioner,
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Retain",
        parameters: { type: "gp3", encrypted: "true" },
    };
}

/**
 * The data volume's claim at `size`: the StatefulSet's first, which its
 * controller made from the volumeClaimTemplate (`<volume>-<statefulset>-0`).
 * The template is immutable, so a bigger size reaches the live volume only
 * here; EBS grows it in place (allowVolumeExpansion). The annotation lets the
 * patch take the field from the controller that wrote it (pulumi-kubernetes,
 * Patch resources).
 */
export function volumeClaimPatchArgs(
    statefulSet: string,
    namespace: pulumi.Input<string>,
    size: string,
): k8s.core.v1.PersistentVolumeClaimPatchArgs {
    return {
        metadata: { name: `${DATA_VOLUME}-${statefulSet}-0`, namespace, annotations: { "pulumi.com/patchForce": "true" } },
        spec: { resources: { requests: { storage: size } } },
    };
}

export function headlessServiceArgs(names: DbNames, namespace: pulumi.Input<string>, wl: WorkloadLabels): k8s.core.v1.ServiceArgs {
    return {
        metadata: { name: names.service, namespace, labels: wl.labels },
        spec: {
            clusterIP: "None",
            selector: wl.selector,
            ports: [{ name: "postgres", port: POSTGRES_PORT, targetPort: POSTGRES_PORT, protocol: "TCP" }],
        },
    };
}

export function initScriptConfigMapArgs(
    names: DbNames,
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
): k8s.core.v1.ConfigMapArgs {
    return {
        metadata: { name: names.initScript, namespace, labels },
        data: { [INIT_SCRIPT_KEY]: INIT_SCRIPT },
    };
}

export interface DbSecretValues {
    superuserPassword: pulumi.Input<string>;
    appUser: string;
    appPassword: pulumi.Input<string>;
    appDatabase: string;
}

export function dbSecretArgs(
    names: DbNames,
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
    values: DbSecretValues,
): k8s.core.v1.SecretArgs {
    return {
        metadata: { name: names.secret, namespace, labels },
        type: "Opaque",
        stringData: pulumi.secret({
            [SECRET_KEYS.superuserPassword]: values.superuserPassword,
            [SECRET_KEYS.appUser]: values.appUser,
            [SECRET_KEYS.appPassword]: values.appPassword,
            [SECRET_KEYS.appDatabase]: values.appDatabase,
        }),
    };
}

export interface StatefulSetSettings {
    image: string;
    storageSize: string;
    storageClassName: pulumi.Input<string>;
    resources: ResourceSettings;
    /** Name of the headless Service; an input so that the StatefulSet depends on it. */
    serviceName: pulumi.Input<string>;
    /** Name of the Secret; an input so that the StatefulSet depends on it. */
    secretName: pulumi.Input<string>;
    /** The Secret's resourceVersion: a new app password restarts the pod, whose hook sets it. Default none. */
    secretVersion?: pulumi.Input<string>;
    /** Name of the init-script ConfigMap; an input so that the StatefulSet depends on it. */
    initScriptName: pulumi.Input<string>;
    /** The node autoscaler that must never move the pod: Karpenter (EKS Auto Mode) or the Cluster Autoscaler. Default none. */
    nodeAutoscaler?: NodeAutoscaler;
    /** The nodes the pod must run on. Default any. */
    nodeSelector?: NodeSelector;
}

function fromSecret(secretName: pulumi.Input<string>, key: string) {
    return { name: key, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

export function statefulSetArgs(
    name: string,
    namespace: pulumi.Input<string>,
    wl: WorkloadLabels,
    s: StatefulSetSettings,
): k8s.apps.v1.StatefulSetArgs {
    const pgIsReady = { exec: { command: ["pg_isready", "--host", "127.0.0.1", "--port", String(POSTGRES_PORT)] } };
    return {
        metadata: { name, namespace, labels: wl.labels },
        spec: {
            serviceName: s.serviceName,
            replicas: 1,
            selector: { matchLabels: wl.selector },
            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
            template: {
                metadata: {
                    labels: wl.labels,
                    annotations: {
                        ...(s.nodeAutoscaler && STAY_PUT[s.nodeAutoscaler]),
                        ...(s.secretVersion === undefined ? {} : { [SECRET_VERSION_ANNOTATION]: s.secretVersion }),
                    },
                },
                spec: {
                    nodeSelector: s.nodeSelector,
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    securityContext: {
                        runAsNonRoot: true,
                        runAsUser: POSTGRES_UID,
                        runAsGroup: POSTGRES_UID,
                        fsGroup: POSTGRES_UID,
                        seccompProfile: { type: "RuntimeDefault" },
                    },
                    containers: [
                        {
                            name: "db",
                            image: s.image,
                            env: [
                                { name: "PGDATA", value: PGDATA },
                                fromSecret(s.secretName, SECRET_KEYS.superuserPassword),
                                fromSecret(s.secretName, SECRET_KEYS.appUser),
                                fromSecret(s.secretName, SECRET_KEYS.appPassword),
                                fromSecret(s.secretName, SECRET_KEYS.appDatabase),
                            ],
                            ports: [{ name: "postgres", containerPort: POSTGRES_PORT, protocol: "TCP" }],
                            volumeMounts: [
                                { name: DATA_VOLUME, mountPath: DATA_MOUNT },
                                { name: "init-script", mountPath: INIT_MOUNT, readOnly: true },
                                { name: "run", mountPath: "/var/run/postgresql" },
                                { name: "tmp", mountPath: "/tmp" },
                            ],
                            resources: resourceRequirements(s.resources),
                            securityContext: restrictedContainerSecurity(POSTGRES_UID),
                            // The app's password, as the Secret holds it, set in PostgreSQL at every start (scripts.ts).
                            lifecycle: { postStart: { exec: { command: ["bash", "-c", APP_PASSWORD_HOOK] } } },
                            readinessProbe: { ...pgIsReady, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                            livenessProbe: {
                                ...pgIsReady,
                                initialDelaySeconds: 30,
                                periodSeconds: 15,
                                timeoutSeconds: 5,
                                failureThreshold: 6,
                            },
                        },
                    ],
                    volumes: [
                        {
                            name: "init-script",
                            configMap: { name: s.initScriptName, items: [{ key: INIT_SCRIPT_KEY, path: INIT_SCRIPT_KEY }] },
                        },
                        { name: "run", emptyDir: {} },
                        { name: "tmp", emptyDir: {} },
                    ],
                },
            },
            volumeClaimTemplates: [
                {
                    metadata: { name: DATA_VOLUME, labels: wl.labels },
                    spec: {
                        accessModes: ["ReadWriteOnce"],
                        storageClassName: s.storageClassName,
                        resources: { requests: { storage: s.storageSize } },
                    },
                },
            ],
        },
    };
}

export interface ConnectionParts {
    user: string;
    /** Left out of the URL when undefined: libpq then takes PGPASSWORD. */
    password?: string;
    host: string;
    port: number;
    database: string;
}

/** `postgresql://user:password@host:port/db`, with user, password and database percent-encoded. */
export function connectionUrl(p: ConnectionParts): string {
    const enc = encodeURIComponent;
    const credentials = p.password === undefined ? enc(p.user) : `${enc(p.user)}:${enc(p.password)}`;
    return `postgresql://${credentials}@${p.host}:${p.port}/${enc(p.database)}`;
}
