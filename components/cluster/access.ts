/**
 * Who may reach a created cluster besides the identity that created it (EKS's
 * creator bootstrap): EKS access entries, built as plain objects for
 * @pulumi/eks's `accessEntries` and tested without the engine.
 */

/** EKS's managed access policy for full cluster admin (Amazon EKS User Guide, "Review access policy permissions"). */
export const CLUSTER_ADMIN_POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/**
 * An IAM role or user ARN, the principals an access entry takes (EKS API
 * reference, CreateAccessEntry, principalArn): an optional path between
 * slashes, then a name of 1 to 64 characters (IAM User Guide, "IAM
 * identifiers"), so never a trailing slash.
 */
export function checkPrincipalArn(value: string): string | undefined {
    return /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(value)
        ? undefined
        : `"${value}" is not an IAM role or user ARN such as arn:aws:iam::012345678901:role/platform-admins`;
}

/** A stable key per principal (its kind and name), so reordering the list replaces nothing. */
export function accessEntryKey(prefix: string, arn: string): string {
    const [, kindAndName] = arn.split(":iam::")[1].split(/:(.*)/s);
    return `${prefix}-${kindAndName.replace(/[^A-Za-z0-9-]/g, "-")}`.slice(0, 100);
}

/** Access entries that map each principal to the previewers' Kubernetes group (PreviewAccess gives the group its rights). */
export function previewerAccessEntries(principalArns: string[], group: string) {
    return Object.fromEntries(
        principalArns.map((principalArn) => [accessEntryKey("preview", principalArn), { principalArn, kubernetesGroups: [group] }]),
    );
}

/** Access entries that make each principal a cluster admin, cluster-wide. */
export function adminAccessEntries(principalArns: string[]) {
    return Object.fromEntries(
        principalArns.map((principalArn) => [
            accessEntryKey("admin", principalArn),
            { principalArn, accessPolicies: { admin: { policyArn: CLUSTER_ADMIN_POLICY_ARN, accessScope: { type: "cluster" } } } },
        ]),
    );
}
