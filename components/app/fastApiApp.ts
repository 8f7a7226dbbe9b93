import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import {
    APP_COMPONENT,
    APP_NAME,
    AlbScheme,
    DatabasePeer,
    POSTGRES_PORT,
    ResourceSettings,
    checkDnsLabel,
    checkInteger,
    checkResources,
    named,
    podDisruptionBudgetArgs,
    postgresPodSelector,
    resolveResources,
    throwIfProblems,
    workloadLabels,
    NodeSelector,
    ImagePlatform,
} from "../shared";
import { AlbTargetType, AppNames, appNetworkPolicyArgs, appSecretArgs, deploymentArgs, ingressArgs, serviceArgs } from "./manifests";
import { autoscalerArgs } from "./scaling";

export interface FastApiAppArgs {
    /** Namespace of the app's objects. Required; it must exist or be created first. */
    namespace: pulumi.Input<string>;
    /** The app's container image, pinned (a tag or a digest), e.g. AppImage's `ref`; checked when given as text. Required. */
    image: pulumi.Input<string>;
    /**
     * The database URL the app reads as `DOCKER_DATABASE_URL`, typically
     * PostgresDb's `connectionUrl`. Required; it is stored as a secret.
     */
    databaseUrl: pulumi.Input<string>;
    /**
     * The password of the URL's user, given apart: the app gets it as PGPASSWORD,
     * which libpq (under psycopg2 and SQLAlchemy) reads when the URL has none, so
     * the URL the app prints at start-up holds no password. Default none: the
     * URL carries its own.
     */
    databasePassword?: pulumi.Input<string>;
    /**
     * Hold the app back until the database accepts connections: an init
     * container runs pg_isready from this image against this host. Default
     * none. `port` defaults to `databasePort`.
     */
    waitForDatabase?: { image: string; host: pulumi.Input<string>; port?: number };
    /** Number of pods. Default 1. */
    replicas?: number;
    /**
     * Most app pods: above `replicas`, a HorizontalPodAutoscaler scales the Deployment between the two on CPU, and
     * Pulumi leaves its replica count alone. Default `replicas` (no autoscaler).
     */
    maxReplicas?: number;
    /** The pods' average CPU use, as a share of their requests, that the autoscaler keeps them at. Default 70. */
    targetCpuPercent?: number;
    /** Container requests and limits. Default requests 200m CPU / 200Mi, limits 1000m / 1000Mi. */
    resources?: Partial<ResourceSettings>;
    /** Name of the Deployment. Default `fastapi-deployment`. */
    deploymentName?: string;
    /** Name of the NodePort Service. Default `fastapi-service`. */
    serviceName?: string;
    /** Name of the Ingress. Default `fastapi-ingress`. */
    ingressName?: string;
    /** Name of the app's Secret, which holds `DOCKER_DATABASE_URL`. Default `fastapi-secret`. */
    secretName?: string;
    /** ALB scheme: `internet-facing` or `internal`. Default `internet-facing`. */
    albScheme?: AlbScheme;
    /** ALB target type: `ip` or `instance`. Default `ip`. */
    albTargetType?: AlbTargetType;
    /**
     * Path of the ALB health check and of the pods' probes. Default `/`: the app
     * has no health route, and `/` renders without touching the database.
     */
    healthCheckPath?: string;
    /** An issued ACM certificate's ARN: the ALB listens on 443 with it, redirects 80 to 443, and uses a TLS 1.3 and 1.2 policy. Default none (HTTP only). */
    certificateArn?: pulumi.Input<string>;
    /** Client CIDR blocks allowed to reach the ALB (`inbound-cidrs`). Default: empty, anyone. */
    allowedCidrs?: string[];
    /**
     * The site's DNS name (a CNAME or alias to the ALB), which `url` uses; with
     * `certificateArn`, a name the certificate covers. Default none: `url` names
     * the ALB itself, which an ACM certificate for your domain does not cover.
     */
    domainName?: string;
    /** Seconds Pulumi waits for the Ingress to get its ALB (`pulumi.com/timeoutSeconds`). Default 600. */
    ingressTimeoutSeconds?: number;
    /** The database the app may connect to (its NetworkPolicy's egress): its pods' labels, or its address range (Aurora's VPC). Default: PostgresDb's pods of the same instance. */
    databasePeer?: DatabasePeer;
    /** Port of the database. Default 5432. */
    databasePort?: number;
    /**
     * What the Service and the Ingress wait for: the AWS Load Balancer
     * Controller's release, whose webhooks reject them until its pods are
     * ready, and which must outlive the Ingress on destroy. Default none.
     */
    ingressDependsOn?: pulumi.Input<pulumi.Resource>[];
    /** The nodes its pods must run on, as a nodeSelector (on EKS Auto Mode, the pool that enforces NetworkPolicies). Default none: any node. */
    nodeSelector?: NodeSelector;
    /** The platform the image is built for: its pods run only on nodes of that architecture. Default none: any node. */
    imagePlatform?: ImagePlatform;
    /** Value of the `app.kubernetes.io/instance` label. Default: the component's name. */
    instance?: string;
    /**
     * The IngressClass: `alb` (the AWS Load Balancer Controller's, or Auto Mode's), or an in-cluster controller's such
     * as a laptop cluster's `traefik`, which gets no ALB annotation and a ClusterIP Service. Default `alb`.
     */
    ingressClassName?: string;
    /** Where the app answers, when the Ingress's address is not it (a laptop's port mapping). Default `http(s)://<domainName or the ALB's hostname>/`. */
    url?: pulumi.Input<string>;
}

export const FAST_API_APP_DEFAULTS = {
    replicas: 1,
    resources: { cpuRequest: "200m", memoryRequest: "200Mi", cpuLimit: "1000m", memoryLimit: "1000Mi" },
    deploymentName: "fastapi-deployment",
    serviceName: "fastapi-service",
    ingressName: "fastapi-ingress",
    secretName: "fastapi-secret",
    albScheme: "internet-facing",
    albTargetType: "ip",
    healthCheckPath: "/",
    allowedCidrs: [] as string[],
    ingressTimeoutSeconds: 600,
    databasePort: POSTGRES_PORT,
    targetCpuPercent: 70,
    ingressClassName: "alb",
} as const;

/** Most replicas accepted; a guard against typos, not a scaling limit of the app. */
export const MAX_REPLICAS = 50;

/**
 * The FastAPI bookstore app: a Deployment, a NodePort Service (80 -> 8000)
 * and an Ingress that the AWS Load Balancer Controller turns into an ALB (or,
 * on a laptop's cluster, a ClusterIP Service behind its own controller).
 */
export class FastApiApp extends pulumi.ComponentResource {
    /** DNS name of the ALB, from the Ingress status. */
    public readonly albHostname: pulumi.Output<string>;
    /** `http://<domainName or albHostname>/`, or `https://` with a certificate. */
    public readonly url: pulumi.Output<string>;

    constructor(name: string, args: FastApiAppArgs, opts?: pulumi.ComponentResourceOptions) {
        const d = FAST_API_APP_DEFAULTS;
        const replicas = args.replicas ?? d.replicas;
        const maxReplicas = args.maxReplicas ?? replicas;
        const targetCpuPercent = args.targetCpuPercent ?? d.targetCpuPercent;
        const autoscaled = maxReplicas > replicas;
        const resources = resolveResources(args.resources, d.resources);
        const scheme = args.albScheme ?? d.albScheme;
        const targetType = args.albTargetType ?? d.albTargetType;
        const healthCheckPath = args.healthCheckPath ?? d.healthCheckPath;
        const allowedCidrs = args.allowedCidrs ?? d.allowedCidrs;
        const timeoutSeconds = args.ingressTimeoutSeconds ?? d.ingressTimeoutSeconds;
        const instance = args.instance ?? name;
        const names: AppNames = {
            deployment: args.deploymentName ?? d.deploymentName,
            service: args.serviceName ?? d.serviceName,
            ingress: args.ingressName ?? d.ingressName,
            secret: args.secretName ?? d.secretName,
        };
        // What the config's keys set is checked by their declarations (config/workloadKeys.ts); these are the component's own.
        throwIfProblems(`FastApiApp "${name}"`, [
            named("ingressTimeoutSeconds", checkInteger(timeoutSeconds, 60, 3600)),
            // An autoscaler keeps one pod at least (minReplicas >= 1 without the alpha HPAScaleToZero gate).
            named(
                "maxReplicas",
                maxReplicas < replicas || (autoscaled && replicas < 1)
                    ? `${maxReplicas} is not from ${Math.max(1, replicas)} up`
                    : undefined,
            ),
            named("targetCpuPercent", autoscaled ? checkInteger(targetCpuPercent, 1, 100) : undefined),
            ...Object.entries(names).map(([k, v]) => named(`${k}Name`, checkDnsLabel(v))),
            ...checkResources("resources", resources),
        ]);

        super("fastapi-eks:app:FastApiApp", name, {}, opts);
        const childOpts = { parent: this };
        const wl = workloadLabels(APP_NAME, instance, APP_COMPONENT);

        const secret = new k8s.core.v1.Secret(
            `${name}-secret`,
            appSecretArgs(names, args.namespace, wl.labels, args.databaseUrl, args.databasePassword),
            childOpts,
        );
        const deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            deploymentArgs(names.deployment, args.namespace, wl, {
                image: args.image,
                replicas,
                maxReplicas,
                resources,
                healthCheckPath,
                secretName: secret.metadata.name,
                passwordInSecret: args.databasePassword !== undefined,
                secretVersion: secret.metadata.resourceVersion,
                nodeSelector: args.nodeSelector,
                platform: args.imagePlatform,
                databaseWait: args.waitForDatabase && { ...args.waitForDatabase, port: args.waitForDatabase.port ?? d.databasePort },
            }),
            // Autoscaled, the replica count is the autoscaler's: set when the Deployment is created, then left alone.
            // Under server-side apply, pulumi-kubernetes handles an ignored field by leaving it out of its apply once
            // another manager owns it (the autoscaler, after its first scale), else by sending the live value, so it
            // neither fights the autoscaler nor resets the count (provider/pkg/await/await.go, handleSSAIgnoreFields).
            { ...childOpts, ignoreChanges: autoscaled ? ["spec.replicas"] : [] },
        );
        if (autoscaled) {
            new k8s.autoscaling.v2.HorizontalPodAutoscaler(
                `${name}-autoscaler`,
                autoscalerArgs(names.deployment, args.namespace, wl.labels, { minReplicas: replicas, maxReplicas, targetCpuPercent }),
                { ...childOpts, dependsOn: [deployment] },
            );
        }
        if (replicas > 1) {
            new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, podDisruptionBudgetArgs(names.deployment, args.namespace, wl), childOpts);
        }
        new k8s.networking.v1.NetworkPolicy(
            `${name}-network-policy`,
            appNetworkPolicyArgs(
                names.deployment,
                args.namespace,
                wl,
                args.databasePeer ?? { podSelector: postgresPodSelector(instance) },
                args.databasePort ?? d.databasePort,
            ),
            childOpts,
        );
        const edgeOpts = { ...childOpts, dependsOn: args.ingressDependsOn ?? [] };
        const alb = (args.ingressClassName ?? d.ingressClassName) === "alb";
        // The ALB sends to the pods through the Service's node ports; an in-cluster controller needs none.
        const service = new k8s.core.v1.Service(
            `${name}-service`,
            serviceArgs(names, args.namespace, wl, alb ? "NodePort" : "ClusterIP"),
            edgeOpts,
        );
        const ingress = new k8s.networking.v1.Ingress(
            `${name}-ingress`,
            ingressArgs(names, args.namespace, wl.labels, {
                scheme,
                targetType,
                healthCheckPath,
                certificateArn: args.certificateArn,
                allowedCidrs,
                timeoutSeconds,
                serviceName: service.metadata.name,
                className: args.ingressClassName ?? d.ingressClassName,
            }),
            edgeOpts,
        );

        this.albHostname = ingress.status.apply((s) => s?.loadBalancer?.ingress?.[0]?.hostname ?? "");
        this.url =
            args.url !== undefined
                ? pulumi.output(args.url)
                : pulumi.interpolate`${args.certificateArn ? "https" : "http"}://${args.domainName ?? this.albHostname}/`;
        this.registerOutputs({ albHostname: this.albHostname, url: this.url });
    }
}
