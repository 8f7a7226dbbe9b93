import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { IdentityMode, checkIdentity, serviceAccountRole } from "./serviceAccountRole";
import { throwIfProblems } from "../shared";

export interface EbsCsiDriverArgs {
    /** The cluster's name. Required. */
    clusterName: pulumi.Input<string>;
    /** The cluster's Kubernetes version, to resolve the add-on version when none is pinned. Required. */
    kubernetesVersion: pulumi.Input<string>;
    /** Add-on version, e.g. `v1.53.0-eksbuild.1`. Default: the newest for the cluster's version, resolved at deploy time. */
    addonVersion?: string;
    /**
     * Move an unpinned add-on to the newest version for the cluster's Kubernetes version, as in the `up` that
     * updates the control plane (EKS never updates an add-on with it). Default false: it stays as installed.
     */
    followNewest?: boolean;
    /** How the controller gets AWS credentials: `podIdentity` or `irsa`. Default `podIdentity`. */
    identityMode?: IdentityMode;
    /** The cluster's OIDC provider ARN. Required for `irsa`. */
    oidcProviderArn?: pulumi.Input<string>;
    /** The cluster's OIDC issuer. Required for `irsa`. */
    oidcIssuer?: pulumi.Input<string>;
    /** What must exist first: the nodes (the add-on stays CREATING without them) and the Pod Identity agent. Default none. */
    dependsOn?: pulumi.Resource[];
}

export const EBS_CSI_DRIVER_DEFAULTS = { identityMode: "podIdentity" } as const;
export const EBS_CSI_ADDON = "aws-ebs-csi-driver";
export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" } as const;
export const EBS_CSI_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy";

/** The EBS CSI driver as an EKS add-on, with an IAM role holding AmazonEBSCSIDriverPolicy. */
export class EbsCsiDriver extends pulumi.ComponentResource {
    /** The add-on; what uses EBS volumes waits for it. */
    public readonly addon: aws.eks.Addon;

    constructor(name: string, args: EbsCsiDriverArgs, opts?: pulumi.ComponentResourceOptions) {
        const identityMode = args.identityMode ?? EBS_CSI_DRIVER_DEFAULTS.identityMode;
        throwIfProblems(`EbsCsiDriver "${name}"`, [...checkIdentity(identityMode, args.oidcProviderArn, args.oidcIssuer)]);
        super("fastapi-eks:addons:EbsCsiDriver", name, {}, opts);
        const identity = serviceAccountRole(
            name,
            {
                clusterName: args.clusterName,
                namespace: EBS_CSI_SERVICE_ACCOUNT.namespace,
                serviceAccount: EBS_CSI_SERVICE_ACCOUNT.name,
                identityMode,
                oidcProviderArn: args.oidcProviderArn,
                oidcIssuer: args.oidcIssuer,
                policyArns: [EBS_CSI_POLICY_ARN],
            },
            this,
        );
        const addonVersion =
            args.addonVersion ??
            aws.eks.getAddonVersionOutput(
                { addonName: EBS_CSI_ADDON, kubernetesVersion: args.kubernetesVersion, mostRecent: true },
                { parent: this },
            ).version;
        this.addon = new aws.eks.Addon(
            `${name}-addon`,
            {
                clusterName: args.clusterName,
                addonName: EBS_CSI_ADDON,
                addonVersion,
                serviceAccountRoleArn: identityMode === "irsa" ? identity.role.arn : undefined,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
            },
            {
                parent: this,
                dependsOn: [...(args.dependsOn ?? []), ...identity.ready],
                // A version resolved at deploy time changes whenever AWS publishes one; keep what was installed
                // until the user pins a version (then this option goes, and the pinned version applies), or the
                // cluster moves to another Kubernetes version.
                ignoreChanges: args.addonVersion === undefined && !args.followNewest ? ["addonVersion"] : [],
            },
        );
        this.registerOutputs({ addonVersion: this.addon.addonVersion });
    }
}
