import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import {
    ALB_SSL_POLICY,
    ResourceSettings,
    SECRET_VERSION_ANNOTATION,
    WorkloadLabels,
    resourceRequirements,
    restrictedContainerSecurity,
    workloadNetworkPolicyArgs,
    AlbScheme,
    DatabasePeer,
    databaseEgress,
    NodeSelector,
    ImagePlatform,
    ARCH_LABEL,
    archOf,
} from "../shared";

/**
 * Pure builders for FastApiApp's Kubernetes objects; see dbManifests.ts for
 * the conventions.
 */

export const APP_PORT = 8000;
export const SERVICE_PORT = 80;
/** A non-root UID for the workshop image, which has no USER line. */
export const APP_UID = 10001;
/** The variable the workshop app reads its database URL from. */
export const DATABASE_URL_KEY = "DOCKER_DATABASE_URL";

export const ALB_TARGET_TYPES = ["ip", "instance"] as const;
export type AlbTargetType = (typeof ALB_TARGET_TYPES)[number];

export interface AppNames {
    deployment: string;
    service: string;
    ingress: string;
    secret: string;
}

/** The password's key in the app's Secret, and the variable libpq reads when the URL has no password. */
export const DATABASE_PASSWORD_KEY = "PGPASSWORD";

/** The app's Secret: its database URL, and the password apart from it when one is given. */
export function appSecretArgs(
    names: AppNames,
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
    databaseUrl: pulumi.Input<string>,
    databasePassword?: pulumi.Input<string>,
): k8s.core.v1.SecretArgs {
    const data: Record<string, pulumi.Input<string>> = { [DATABASE_URL_KEY]: databaseUrl };
    if (databasePassword !== undefined) data[DATABASE_PASSWORD_KEY] = databasePassword;
    return {
        metadata: { name: names.secret, namespace, labels },
        type: "Opaque",
        stringData: pulumi.secret(data),
    };
}

/** Where the app's init container waits for the database (pg_isready, from the database's own image). */
export interface DatabaseWait {
    image: string;
    host: pulumi.Input<string>;
    port: number;
}

/** Seconds between two pg_isready tries. */
export const DATABASE_WAIT_INTERVAL_SECONDS = 2;

/**
 * An init container that returns once the database accepts connections. The
 * app tries its database for only about ten seconds, then exits; on a first
 * `up` the database comes minutes after the nodes, and kubelet's back-off
 * (10 s doubling to 5 min) could push the app's first Ready past Pulumi's
 * 10-minute Deployment await. Waiting here ties the app's start to the
 * database's readiness instead.
 */
export function databaseWaitContainer(w: DatabaseWait, resources: ResourceSettings) {
    return {
        name: "wait-for-database",
        image: w.image,
        command: [
            "sh",
            "-c",
            `until pg_isready --quiet --host="$DB_HOST" --port="$DB_PORT" --timeout=3; do echo "waiting for the database at $DB_HOST:$DB_PORT"; sleep ${DATABASE_WAIT_INTERVAL_SECONDS}; done`,
        ],
        env: [
            { name: "DB_HOST", value: w.host },
            { name: "DB_PORT", value: String(w.port) },
        ],
        resources: resourceRequirements(resources),
        securityContext: restrictedContainerSecurity(APP_UID),
    };
}

/** An init container's small, fixed share. */
export const WAIT_RESOURCES: ResourceSettings = { cpuRequest: "10m", memoryRequest: "16Mi", cpuLimit: "100m", memoryLimit: "64Mi" };

/** Seconds a stopping pod keeps serving, so that the ALB deregisters it first. */
export const PRE_STOP_SLEEP_SECONDS = 15;

export interface DeploymentSettings {
    image: pulumi.Input<string>;
    replicas: number;
    /** Most replicas, when an autoscaler may add pods. Default `replicas`. */
    maxReplicas?: number;
    resources: ResourceSettings;
    healthCheckPath: string;
    /** Name of the app Secret; an input so that the Deployment depends on it. */
    secretName: pulumi.Input<string>;
    /** The Secret also holds PGPASSWORD, which the container gets. */
    passwordInSecret: boolean;
    /** The Secret's resourceVersion: when it changes (a new password), the pods roll. */
    secretVersion?: pulumi.Input<string>;
    /** Wait for the database before the app starts. */
    databaseWait?: DatabaseWait;
    /** The nodes the pods must run on. Default any. */
    nodeSelector?: NodeSelector;
    /** The image's platform: the pods run only on nodes of its architecture. Default any. */
    platform?: ImagePlatform;
}

/**
 * The app pods' nodeSelector: the one given, and the image's architecture
 * (`kubernetes.io/arch`, which the kubelet sets on every node). An image built
 * for one architecture fails on another's node ("exec format error"); with it,
 * a pod waits for a node it can run on, as when a Graviton node group replaces
 * an x86 one and the arm64 image rolls out before the old nodes go.
 */
export function podNodeSelector(given: NodeSelector | undefined, platform: ImagePlatform | undefined): NodeSelector | undefined {
    return platform === undefined ? given : { ...given, [ARCH_LABEL]: archOf(platform) };
}

export function deploymentArgs(
    name: string,
    namespace: pulumi.Input<string>,
    wl: WorkloadLabels,
    s: DeploymentSettings,
): k8s.apps.v1.DeploymentArgs {
    const httpGet = { path: s.healthCheckPath, port: "http" };
    return {
        // Forced, so that the replica count comes back to Pulumi from an autoscaler that is removed (pulumi-kubernetes:
        // an apply that changes a field another manager owns is otherwise a conflict).
        metadata: { name, namespace, labels: wl.labels, annotations: { "pulumi.com/patchForce": "true" } },
        spec: {
            replicas: s.replicas,
            selector: { matchLabels: wl.selector },
            // A new pod is ready before an old one goes: never fewer than the desired count.
            strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
            template: {
                metadata: {
                    labels: wl.labels,
                    annotations: s.secretVersion === undefined ? undefined : { [SECRET_VERSION_ANNOTATION]: s.secretVersion },
                },
                spec: {
                    nodeSelector: podNodeSelector(s.nodeSelector, s.platform),
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                    terminationGracePeriodSeconds: PRE_STOP_SLEEP_SECONDS + 30,
                    topologySpreadConstraints:
                        (s.maxReplicas ?? s.replicas) > 1
                            ? [
                                  {
                                      maxSkew: 1,
                                      topologyKey: "topology.kubernetes.io/zone",
                                      whenUnsatisfiable: "ScheduleAnyway",
                                      labelSelector: { matchLabels: wl.selector },
                                  },
                              ]
                            : undefined,
                    initContainers: s.databaseWait ? [databaseWaitContainer(s.databaseWait, WAIT_RESOURCES)] : undefined,
                    containers: [
                        {
                            name: "web",
                            image: s.image,
                            ports: [{ name: "http", containerPort: APP_PORT, protocol: "TCP" }],
                            env: [DATABASE_URL_KEY, ...(s.passwordInSecret ? [DATABASE_PASSWORD_KEY] : [])].map((key) => ({
                                name: key,
                                valueFrom: { secretKeyRef: { name: s.secretName, key } },
                            })),
                            resources: resourceRequirements(s.resources),
                            securityContext: restrictedContainerSecurity(APP_UID),
                            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                            // Keep serving while the ALB deregisters the pod, then stop.
                            lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } } },
                            // The app retries its database connection at start-up: give it time before liveness counts.
                            startupProbe: { httpGet, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 30 },
                            readinessProbe: { httpGet, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
                            livenessProbe: { httpGet, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 3 },
                        },
                    ],
                    volumes: [{ name: "tmp", emptyDir: {} }],
                },
            },
        },
    };
}

/** The app accepts HTTP on 8000 (from the ALB and the kubelet) and may reach only the database on 5432. */
export function appNetworkPolicyArgs(
    name: string,
    namespace: pulumi.Input<string>,
    wl: WorkloadLabels,
    database: DatabasePeer,
    databasePort: number,
): k8s.networking.v1.NetworkPolicyArgs {
    return workloadNetworkPolicyArgs(name, namespace, wl, {
        ingress: [{ ports: [{ protocol: "TCP", port: APP_PORT }] }],
        egress: [databaseEgress(database, databasePort)],
    });
}

export function serviceArgs(
    names: AppNames,
    namespace: pulumi.Input<string>,
    wl: WorkloadLabels,
    type: "NodePort" | "ClusterIP" = "NodePort",
): k8s.core.v1.ServiceArgs {
    return {
        metadata: { name: names.service, namespace, labels: wl.labels },
        spec: {
            type,
            selector: wl.selector,
            ports: [{ name: "http", protocol: "TCP", port: SERVICE_PORT, targetPort: APP_PORT }],
        },
    };
}

export interface IngressSettings {
    scheme: AlbScheme;
    targetType: AlbTargetType;
    healthCheckPath: string;
    /** ACM certificate: listen on 443 with it, and redirect 80 to 443. */
    certificateArn?: pulumi.Input<string>;
    /** Only these client CIDRs may reach the ALB. Empty: anyone. */
    allowedCidrs: string[];
    /** How long Pulumi waits for the ALB to be provisioned. */
    timeoutSeconds: number;
    /** Name of the Service; an input so that the Ingress depends on it. */
    serviceName: pulumi.Input<string>;
    /** The IngressClass: `alb`, or another controller's, which reads none of the ALB's annotations. Default `alb`. */
    className?: string;
}

export function ingressArgs(
    names: AppNames,
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
    s: IngressSettings,
): k8s.networking.v1.IngressArgs {
    return {
        metadata: {
            name: names.ingress,
            namespace,
            labels,
            annotations:
                (s.className ?? "alb") !== "alb"
                    ? { "pulumi.com/timeoutSeconds": String(s.timeoutSeconds) }
                    : {
                          "alb.ingress.kubernetes.io/scheme": s.scheme,
                          "alb.ingress.kubernetes.io/target-type": s.targetType,
                          "alb.ingress.kubernetes.io/healthcheck-path": s.healthCheckPath,
                          ...(s.certificateArn
                              ? {
                                    "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
                                    "alb.ingress.kubernetes.io/certificate-arn": s.certificateArn,
                                    "alb.ingress.kubernetes.io/ssl-redirect": "443",
                                    "alb.ingress.kubernetes.io/ssl-policy": ALB_SSL_POLICY,
                                }
                              : {}),
                          ...(s.allowedCidrs.length > 0 ? { "alb.ingress.kubernetes.io/inbound-cidrs": s.allowedCidrs.join(",") } : {}),
                          "pulumi.com/timeoutSeconds": String(s.timeoutSeconds),
                      },
        },
        spec: {
            ingressClassName: s.className ?? "alb",
            rules: [
                {
                    http: {
                        paths: [
                            {
                                path: "/",
                                pathType: "Prefix",
                                backend: { service: { name: s.serviceName, port: { number: SERVICE_PORT } } },
                            },
                        ],
                    },
                },
            ],
        },
    };
}
