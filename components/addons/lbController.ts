import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { lbControllerPolicy } from "./lbControllerPolicy";
import { IdentityMode, checkIdentity, serviceAccountRole } from "./serviceAccountRole";
import { ALB_SSL_POLICY, checkInteger, named, throwIfProblems } from "../shared";

export interface LbControllerArgs {
    /** The cluster's name. Required. */
    clusterName: pulumi.Input<string>;
    /** The cluster's region. Required. */
    region: pulumi.Input<string>;
    /** The cluster's VPC. Required. */
    vpcId: pulumi.Input<string>;
    /** Version of the aws-load-balancer-controller chart. Default `3.5.0` (controller v3.5.0). */
    chartVersion?: string;
    /** Controller replicas; with more than one, a PodDisruptionBudget keeps one up. Default 2. */
    replicas?: number;
    /** How the controller gets AWS credentials: `podIdentity` or `irsa`. Default `podIdentity`. */
    identityMode?: IdentityMode;
    /** The cluster's OIDC provider ARN. Required for `irsa`. */
    oidcProviderArn?: pulumi.Input<string>;
    /** The cluster's OIDC issuer. Required for `irsa`. */
    oidcIssuer?: pulumi.Input<string>;
    /** What must exist first: the nodes its pods run on, and the Pod Identity agent. Default none. */
    dependsOn?: pulumi.Resource[];
}

export const LB_CONTROLLER_DEFAULTS = { chartVersion: "3.5.0", replicas: 2, identityMode: "podIdentity" } as const;
export const LB_CONTROLLER_CHART = { chart: "aws-load-balancer-controller", repo: "https://aws.github.io/eks-charts" } as const;
export const LB_CONTROLLER_SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-load-balancer-controller" } as const;

export interface LbControllerValues {
    clusterName: string;
    region: string;
    vpcId: string;
    replicas: number;
    /** Set for IRSA: the role the service account is annotated with. */
    irsaRoleArn?: string;
}

/** The chart's values. Pure, so it is tested without the engine. */
export function lbControllerValues(v: LbControllerValues) {
    return {
        clusterName: v.clusterName,
        region: v.region,
        vpcId: v.vpcId,
        replicaCount: v.replicas,
        serviceAccount: {
            create: true,
            name: LB_CONTROLLER_SERVICE_ACCOUNT.name,
            annotations: v.irsaRoleArn ? { "eks.amazonaws.com/role-arn": v.irsaRoleArn } : {},
        },
        podDisruptionBudget: v.replicas > 1 ? { maxUnavailable: 1 } : {},
        // Leave LoadBalancer Services to whatever else handles them; this program only needs Ingress.
        enableServiceMutatorWebhook: false,
        // Keep the webhook's TLS certificate across upgrades, so an upgrade does not rotate it under live traffic.
        keepTLSSecret: true,
        // An HTTPS listener that asks for no policy gets this one, not ELB's API default (ELBSecurityPolicy-2016-08, TLS 1.0).
        defaultSSLPolicy: ALB_SSL_POLICY,
    };
}

/**
 * The AWS Load Balancer Controller: its IAM policy and role, and the Helm
 * release in kube-system. Its webhooks serve from the moment the release is
 * ready, so Services and Ingresses should depend on `release`.
 */
export class LbController extends pulumi.ComponentResource {
    public readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: LbControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        const d = LB_CONTROLLER_DEFAULTS;
        const replicas = args.replicas ?? d.replicas;
        const identityMode = args.identityMode ?? d.identityMode;
        const chartVersion = args.chartVersion ?? d.chartVersion;
        throwIfProblems(`LbController "${name}"`, [
            named("replicas", checkInteger(replicas, 1, 10)),
            ...checkIdentity(identityMode, args.oidcProviderArn, args.oidcIssuer),
        ]);
        super("fastapi-eks:addons:LbController", name, {}, opts);

        const policy = new aws.iam.Policy(`${name}-policy`, { policy: JSON.stringify(lbControllerPolicy()) }, { parent: this });
        const identity = serviceAccountRole(
            name,
            {
                clusterName: args.clusterName,
                namespace: LB_CONTROLLER_SERVICE_ACCOUNT.namespace,
                serviceAccount: LB_CONTROLLER_SERVICE_ACCOUNT.name,
                identityMode,
                oidcProviderArn: args.oidcProviderArn,
                oidcIssuer: args.oidcIssuer,
                policyArns: [policy.arn],
            },
            this,
        );
        const values = pulumi
            .all([args.clusterName, args.region, args.vpcId, identity.role.arn])
            .apply(([clusterName, region, vpcId, roleArn]) =>
                lbControllerValues({ clusterName, region, vpcId, replicas, irsaRoleArn: identityMode === "irsa" ? roleArn : undefined }),
            );
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: LB_CONTROLLER_CHART.chart,
                chart: LB_CONTROLLER_CHART.chart,
                version: chartVersion,
                repositoryOpts: { repo: LB_CONTROLLER_CHART.repo },
                namespace: LB_CONTROLLER_SERVICE_ACCOUNT.namespace,
                values,
                atomic: true,
                timeout: 600,
            },
            { parent: this, dependsOn: [...(args.dependsOn ?? []), ...identity.ready] },
        );
        this.registerOutputs({ releaseStatus: this.release.status });
    }
}
