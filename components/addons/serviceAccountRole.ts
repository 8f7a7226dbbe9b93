import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { serviceAccountArgs, throwIfProblems } from "../shared";

/**
 * IAM roles for Kubernetes service accounts, by EKS Pod Identity (default) or
 * by IRSA. Shared by the EBS CSI driver and the Load Balancer Controller.
 */

export const IDENTITY_MODES = ["podIdentity", "irsa"] as const;
export type IdentityMode = (typeof IDENTITY_MODES)[number];

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: {
        Sid?: string;
        Effect: "Allow" | "Deny";
        Principal?: Record<string, string>;
        Action: string | string[];
        Resource?: string | string[];
        Condition?: Record<string, Record<string, string | string[]>>;
    }[];
}

/** Trust policy for EKS Pod Identity: the pods.eks.amazonaws.com service assumes the role and tags the session. */
export function podIdentityTrustPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
    };
}

/**
 * Trust policy for IRSA, scoped to exactly one service account: conditions on
 * both the token's subject and its audience.
 */
export function irsaTrustPolicy(oidcProviderArn: string, oidcIssuer: string, namespace: string, serviceAccount: string): PolicyDocument {
    const issuer = oidcIssuer.replace(/^https:\/\//, "");
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
}

/** The arguments an identity mode needs, as problems for throwIfProblems. */
export function checkIdentity(mode: string, oidcProviderArn: unknown, oidcIssuer: unknown): (string | undefined)[] {
    if (!(IDENTITY_MODES as readonly string[]).includes(mode))
        return [`identityMode: "${mode}" is not one of ${IDENTITY_MODES.join(", ")}`];
    if (mode === "irsa" && (oidcProviderArn === undefined || oidcIssuer === undefined)) {
        return ["identityMode: irsa needs the cluster's oidcProviderArn and oidcIssuer"];
    }
    return [];
}

/** How pods of a cluster get AWS credentials; the cluster layer gives it, the workloads that need AWS use it. */
export interface WorkloadIdentity {
    clusterName: pulumi.Input<string>;
    identityMode: IdentityMode;
    /** Required for IRSA. */
    oidcProviderArn?: pulumi.Input<string>;
    /** Required for IRSA. */
    oidcIssuer?: pulumi.Input<string>;
    /** What must exist before pods get credentials: the Pod Identity agent, when the program installs it. */
    ready: pulumi.Resource[];
}

export interface ServiceAccountRoleArgs {
    clusterName: pulumi.Input<string>;
    namespace: pulumi.Input<string>;
    serviceAccount: string;
    identityMode: IdentityMode;
    /** Required for IRSA. */
    oidcProviderArn?: pulumi.Input<string>;
    /** Required for IRSA: the cluster's OIDC issuer, with or without `https://`. */
    oidcIssuer?: pulumi.Input<string>;
    /** Policies to attach, by ARN. */
    policyArns: pulumi.Input<string>[];
}

export interface ServiceAccountRole {
    role: aws.iam.Role;
    /** Everything a workload using the role should wait for: attachments and, for Pod Identity, the association. */
    ready: pulumi.Resource[];
}

/** Creates the role, its policy attachments and, for Pod Identity, the association; all children of `parent`. */
export function serviceAccountRole(name: string, args: ServiceAccountRoleArgs, parent: pulumi.Resource): ServiceAccountRole {
    throwIfProblems(name, checkIdentity(args.identityMode, args.oidcProviderArn, args.oidcIssuer));
    let trust: pulumi.Input<string>;
    if (args.identityMode === "irsa") {
        trust = pulumi
            .all([args.oidcProviderArn as pulumi.Input<string>, args.oidcIssuer as pulumi.Input<string>, args.namespace])
            .apply(([arn, issuer, namespace]) => JSON.stringify(irsaTrustPolicy(arn, issuer, namespace, args.serviceAccount)));
    } else {
        trust = JSON.stringify(podIdentityTrustPolicy());
    }
    const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: trust }, { parent });
    const ready: pulumi.Resource[] = args.policyArns.map(
        (policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-policy-${i}`, { role: role.name, policyArn }, { parent }),
    );
    if (args.identityMode === "podIdentity") {
        ready.push(
            new aws.eks.PodIdentityAssociation(
                `${name}-pod-identity`,
                { clusterName: args.clusterName, namespace: args.namespace, serviceAccount: args.serviceAccount, roleArn: role.arn },
                { parent },
            ),
        );
    }
    return { role, ready };
}

export interface AwsServiceAccountArgs {
    identity: WorkloadIdentity;
    namespace: pulumi.Input<string>;
    /** The service account's name. */
    serviceAccount: string;
    /** The IAM policy document (JSON) that is all its pods may do. */
    policy: pulumi.Input<string>;
    description: string;
    labels: Record<string, string>;
}

/**
 * A Kubernetes service account whose pods get AWS credentials for exactly one
 * policy: the IAM policy (`<name>-policy`), a role for that one account
 * (serviceAccountRole, `<name>-role`), and the account
 * (`<name>-service-account`), made once the role can be assumed.
 */
export function awsServiceAccount(name: string, args: AwsServiceAccountArgs, parent: pulumi.Resource): k8s.core.v1.ServiceAccount {
    const policy = new aws.iam.Policy(`${name}-policy`, { description: args.description, policy: args.policy }, { parent });
    const iam = serviceAccountRole(
        name,
        { ...args.identity, namespace: args.namespace, serviceAccount: args.serviceAccount, policyArns: [policy.arn] },
        parent,
    );
    return new k8s.core.v1.ServiceAccount(
        `${name}-service-account`,
        serviceAccountArgs(
            args.serviceAccount,
            args.namespace,
            args.labels,
            args.identity.identityMode === "irsa" ? iam.role.arn : undefined,
        ),
        // A pod gets credentials only once its role is attached (and, for Pod Identity, associated).
        { parent, dependsOn: [...iam.ready, ...args.identity.ready] },
    );
}
