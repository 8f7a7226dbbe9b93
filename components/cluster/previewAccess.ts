import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { workloadLabels } from "../shared";

/** The Kubernetes group the previewers' EKS access entries map to. */
export const PREVIEWER_GROUP = "fastapi-eks-previewers";

/**
 * What the program writes, by API group, except Secrets and what grants
 * rights. A preview's server-side dry-run apply needs `patch` (and `create`,
 * for an object that does not exist yet) on each kind it plans;
 * pulumi-kubernetes falls back to a client-side preview where it is Forbidden
 * (provider.go, Create and Update with Preview). Secrets are left out on
 * purpose: a dry-run patch answers with the stored object, values included.
 */
export const PREVIEWED_KINDS: { apiGroups: string[]; resources: string[] }[] = [
    { apiGroups: [""], resources: ["namespaces", "services", "configmaps", "serviceaccounts", "persistentvolumeclaims"] },
    { apiGroups: ["apps"], resources: ["deployments", "statefulsets"] },
    { apiGroups: ["batch"], resources: ["cronjobs", "jobs"] },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"] },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "ingressclasses", "networkpolicies"] },
    { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"] },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"] },
    { apiGroups: ["eks.amazonaws.com"], resources: ["ingressclassparams", "nodeclasses"] },
    { apiGroups: ["karpenter.sh"], resources: ["nodepools"] },
];

/**
 * What grants rights or admits requests, which the previewers may only read
 * (so a refresh can) and preview client-side: a dry run of an RBAC object
 * needs RBAC's `escalate` or `bind`, and admission policies never judge
 * their own kinds or webhooks (k8s.io/apiserver admission rules,
 * IsExemptAdmissionConfigurationResource), so the dry-run-only policy below
 * could not hold a write to them.
 */
export const READ_ONLY_KINDS: { apiGroups: string[]; resources: string[] }[] = [
    { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles", "clusterrolebindings", "roles", "rolebindings"] },
    {
        apiGroups: ["admissionregistration.k8s.io"],
        resources: [
            "validatingadmissionpolicies",
            "validatingadmissionpolicybindings",
            "validatingwebhookconfigurations",
            "mutatingwebhookconfigurations",
        ],
    },
    { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"] },
];

/** The previewers' ClusterRole rules: read and dry-run create and patch the first kinds (the admission policy below allows nothing else), read the others. */
export function previewerRules() {
    return [
        ...PREVIEWED_KINDS.map((k) => ({ ...k, verbs: ["get", "list", "watch", "create", "patch"] })),
        ...READ_ONLY_KINDS.map((k) => ({ ...k, verbs: ["get", "list", "watch"] })),
    ];
}

/**
 * A ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, Kubernetes
 * 1.30+) that denies the previewers every write that is not a dry run: RBAC
 * cannot tell a dry run from a real request, admission can (`request.dryRun`).
 */
export function dryRunOnlyPolicy(name: string) {
    return {
        metadata: { name },
        spec: {
            failurePolicy: "Fail",
            matchConstraints: {
                // "*/*": every resource and every subresource; "*" alone leaves out subresources such as pods/exec.
                resourceRules: [
                    { apiGroups: ["*"], apiVersions: ["*"], operations: ["CREATE", "UPDATE", "DELETE", "CONNECT"], resources: ["*/*"] },
                ],
            },
            // has(): a request may come without groups or without dryRun; an expression error would fail closed for everyone.
            matchConditions: [
                {
                    name: "is-previewer",
                    expression: `has(request.userInfo.groups) && request.userInfo.groups.exists(g, g == '${PREVIEWER_GROUP}')`,
                },
            ],
            validations: [
                {
                    expression: "has(request.dryRun) && request.dryRun",
                    message: `${PREVIEWER_GROUP} may only make dry-run requests (pulumi preview)`,
                },
            ],
        },
    };
}

/** No settings: the Kubernetes provider of the cluster comes as the `provider` resource option. */
export type PreviewAccessArgs = Record<string, never>;

/**
 * What lets `pulumi preview` run its server-side dry runs as the previewers'
 * group, and nothing more: a ClusterRole with read and dry-run write on what
 * the program manages (no Secrets), bound to the group, and an admission
 * policy that refuses the group anything but dry runs.
 */
export class PreviewAccess extends pulumi.ComponentResource {
    constructor(name: string, args: PreviewAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fastapi-eks:cluster:PreviewAccess", name, {}, opts);
        const childOpts = { parent: this };
        const labels = workloadLabels("previewer", name, "access").labels;
        const policy = dryRunOnlyPolicy(`${PREVIEWER_GROUP}-dry-run-only`);
        const vap = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
            `${name}-dry-run-only`,
            { ...policy, metadata: { ...policy.metadata, labels } },
            childOpts,
        );
        const enforced = new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
            `${name}-dry-run-only`,
            { metadata: { name: policy.metadata.name, labels }, spec: { policyName: vap.metadata.name, validationActions: ["Deny"] } },
            childOpts,
        );
        const role = new k8s.rbac.v1.ClusterRole(
            `${name}-role`,
            { metadata: { name: PREVIEWER_GROUP, labels }, rules: previewerRules() },
            childOpts,
        );
        // The group gets its rights only once the policy binds, and loses them (on destroy) before it unbinds.
        new k8s.rbac.v1.ClusterRoleBinding(
            `${name}-binding`,
            {
                metadata: { name: PREVIEWER_GROUP, labels },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
                subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: PREVIEWER_GROUP }],
            },
            { ...childOpts, dependsOn: [enforced] },
        );
        this.registerOutputs({});
    }
}
