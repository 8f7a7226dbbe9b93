import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { IdentityMode, checkIdentity, serviceAccountRole } from "../addons";
import { found, throwIfProblems } from "../shared";

export interface ContainerInsightsArgs {
    /** The cluster's name. Required. */
    clusterName: pulumi.Input<string>;
    /** How the agent gets AWS credentials: `podIdentity` or `irsa`. Default `podIdentity`. */
    identityMode?: IdentityMode;
    /** The cluster's OIDC provider ARN. Required for `irsa`. */
    oidcProviderArn?: pulumi.Input<string>;
    /** The cluster's OIDC issuer. Required for `irsa`. */
    oidcIssuer?: pulumi.Input<string>;
    /** Days the log groups keep what the agent writes. Default 30. */
    logRetentionDays?: number;
    /** What must exist first: the nodes and the Pod Identity agent. Default none. */
    dependsOn?: pulumi.Resource[];
    /** The add-on's version. Default: EKS's default for the cluster's Kubernetes version when installed, kept after. */
    addonVersion?: pulumi.Input<string>;
}

export const CLOUDWATCH_OBSERVABILITY_ADDON = "amazon-cloudwatch-observability";
export const CLOUDWATCH_AGENT_SERVICE_ACCOUNT = { namespace: "amazon-cloudwatch", name: "cloudwatch-agent" } as const;
export const CLOUDWATCH_AGENT_POLICY_ARN = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy";
export const CONTAINER_INSIGHTS_DEFAULTS = { identityMode: "podIdentity", logRetentionDays: 30 } as const;

/**
 * The log groups the add-on writes to, `/aws/containerinsights/<cluster>/<kind>`
 * (CloudWatch User Guide, "Container Insights": performance log events, and
 * Fluent Bit's application, dataplane and host logs). Made first, with a
 * retention: the agent would otherwise make them to keep logs forever.
 */
export const CONTAINER_INSIGHTS_LOG_KINDS = ["application", "dataplane", "host", "performance"] as const;

/**
 * The add-on's configuration: Container Insights with its enhanced
 * observability and the pods' logs, and off what this app does not use
 * (CloudWatch User Guide, "Install the CloudWatch agent with the Amazon
 * CloudWatch Observability EKS add-on"): accelerated-compute (GPU, Neuron)
 * metrics, as no node has an accelerator; and Application Signals, whose
 * operator would inject an OpenTelemetry agent into the app's Python pods
 * (`autoMonitor.monitorAllServices`, on by default where offered), and whose
 * traces the app's uninstrumented code would not use. An agent config of
 * our own replaces the default one, Application Signals' pipeline with it.
 */
export function cloudWatchAddonConfiguration(): Record<string, unknown> {
    return {
        agent: {
            config: {
                logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true, accelerated_compute_metrics: false } } },
            },
        },
        manager: { applicationSignals: { autoMonitor: { monitorAllServices: false } } },
        containerLogs: { enabled: true },
    };
}

/**
 * Container Insights: the `amazon-cloudwatch-observability` EKS add-on, its
 * agent's IAM role (CloudWatchAgentServerPolicy, through Pod Identity or
 * IRSA), and its log groups with a retention.
 */
export class ContainerInsights extends pulumi.ComponentResource {
    /** The add-on. */
    public readonly addon: aws.eks.Addon;

    constructor(name: string, args: ContainerInsightsArgs, opts?: pulumi.ComponentResourceOptions) {
        const d = CONTAINER_INSIGHTS_DEFAULTS;
        const identityMode = args.identityMode ?? d.identityMode;
        throwIfProblems(`ContainerInsights "${name}"`, [...checkIdentity(identityMode, args.oidcProviderArn, args.oidcIssuer)]);
        super("fastapi-eks:observability:ContainerInsights", name, {}, opts);
        const logGroups = CONTAINER_INSIGHTS_LOG_KINDS.map(
            (kind) =>
                new aws.cloudwatch.LogGroup(
                    `${name}-${kind}-logs`,
                    {
                        name: pulumi.interpolate`/aws/containerinsights/${args.clusterName}/${kind}`,
                        retentionInDays: args.logRetentionDays ?? d.logRetentionDays,
                    },
                    { parent: this },
                ),
        );
        const identity = serviceAccountRole(
            name,
            {
                clusterName: args.clusterName,
                namespace: CLOUDWATCH_AGENT_SERVICE_ACCOUNT.namespace,
                serviceAccount: CLOUDWATCH_AGENT_SERVICE_ACCOUNT.name,
                identityMode,
                oidcProviderArn: args.oidcProviderArn,
                oidcIssuer: args.oidcIssuer,
                policyArns: [CLOUDWATCH_AGENT_POLICY_ARN],
            },
            this,
        );
        this.addon = new aws.eks.Addon(
            `${name}-addon`,
            {
                clusterName: args.clusterName,
                addonName: CLOUDWATCH_OBSERVABILITY_ADDON,
                addonVersion: args.addonVersion,
                configurationValues: JSON.stringify(cloudWatchAddonConfiguration()),
                serviceAccountRoleArn: identityMode === "irsa" ? identity.role.arn : undefined,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
            },
            // The stack owns what it installed, on an existing cluster too: the add-on goes with its role, which the
            // stack deletes, rather than stay behind without credentials.
            { parent: this, dependsOn: [...(args.dependsOn ?? []), ...identity.ready, ...logGroups] },
        );
        this.registerOutputs({ addonName: this.addon.addonName });
    }
}

/** Whether a log group exists (CloudWatch Logs, by name); a group the data source reports as not found does not. */
export function logGroupExists(name: string): Promise<boolean> {
    return found(() => aws.cloudwatch.getLogGroup({ name }));
}
