import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { ResourceSettings, WorkloadLabels, resourceRequirements, restrictedContainerSecurity } from "./common";

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

export const ALB_SCHEMES = ["internet-facing", "internal"] as const;
export type AlbScheme = (typeof ALB_SCHEMES)[number];
export const ALB_TARGET_TYPES = ["ip", "instance"] as const;
export type AlbTargetType = (typeof ALB_TARGET_TYPES)[number];

export interface AppNames {
    deployment: string;
    service: string;
    ingress: string;
    secret: string;
}

export function appSecretArgs(
    names: AppNames,
    namespace: pulumi.Input<string>,
    labels: Record<string, string>,
    databaseUrl: pulumi.Input<string>,
): k8s.core.v1.SecretArgs {
    return {
        metadata: { name: names.secret, namespace, labels },
        type: "Opaque",
        stringData: pulumi.secret({ [DATABASE_URL_KEY]: databaseUrl }),
    };
}

export interface DeploymentSettings {
    image: string;
    replicas: number;
    resources: ResourceSettings;
    healthCheckPath: string;
    /** Name of the app Secret; an input so that the Deployment depends on it. */
    secretName: pulumi.Input<string>;
}

export function deploymentArgs(
    name: string,
    namespace: pulumi.Input<string>,
    wl: WorkloadLabels,
    s: DeploymentSettings,
): k8s.apps.v1.DeploymentArgs {
    const httpGet = { path: s.healthCheckPath, port: "http" };
    return {
        metadata: { name, namespace, labels: wl.labels },
        spec: {
            replicas: s.replicas,
            selector: { matchLabels: wl.selector },
            template: {
                metadata: { labels: wl.labels },
                spec: {
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                    containers: [
                        {
                            name: "web",
                            image: s.image,
                            ports: [{ name: "http", containerPort: APP_PORT, protocol: "TCP" }],
                            env: [
                                {
                                    name: DATABASE_URL_KEY,
                                    valueFrom: { secretKeyRef: { name: s.secretName, key: DATABASE_URL_KEY } },
                                },
                            ],
                            resources: resourceRequirements(s.resources),
                            securityContext: restrictedContainerSecurity(APP_UID),
                            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
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

export function serviceArgs(names: AppNames, namespace: pulumi.Input<string>, wl: WorkloadLabels): k8s.core.v1.ServiceArgs {
    return {
        metadata: { name: names.service, namespace, labels: wl.labels },
        spec: {
            type: "NodePort",
            selector: wl.selector,
            ports: [{ name: "http", protocol: "TCP", port: SERVICE_PORT, targetPort: APP_PORT }],
        },
    };
}

export interface IngressSettings {
    scheme: AlbScheme;
    targetType: AlbTargetType;
    healthCheckPath: string;
    /** Name of the Service; an input so that the Ingress depends on it. */
    serviceName: pulumi.Input<string>;
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
            annotations: {
                "alb.ingress.kubernetes.io/scheme": s.scheme,
                "alb.ingress.kubernetes.io/target-type": s.targetType,
                "alb.ingress.kubernetes.io/healthcheck-path": s.healthCheckPath,
            },
        },
        spec: {
            ingressClassName: "alb",
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
