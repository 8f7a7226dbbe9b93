/**
 * Who may reach a created cluster besides the identity that created it (EKS's
 * creator bootstrap): EKS access entries, built as plain objects for
 * @pulumi/eks's `accessEntries` and tested without the engine.
 */
import * as crypto from "node:crypto";

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

/** A key per principal from its kind and name, as the first versions keyed them: stable when the list is reordered. */
export function accessEntryKey(prefix: string, arn: string): string {
    const [, kindAndName] = arn.split(":iam::")[1].split(/:(.*)/s);
    return `${prefix}-${kindAndName.replace(/[^A-Za-z0-9-]/g, "-")}`.slice(0, 100);
}

/**
 * One key per distinct principal. Principals whose keys collide (one name in
 * two accounts, `ops.admin` beside `ops_admin`, long paths cut short) each
 * get a suffix from their ARN's hash, except the last of them, which keeps
 * the plain key: before the suffixes, it was the one whose entry a live
 * stack got (a later key overwrote an earlier one), so its entry stays put.
 */
export function accessEntryKeys(prefix: string, principalArns: string[]): Map<string, string> {
    const arns = [...new Set(principalArns)];
    const plain = arns.map((arn) => accessEntryKey(prefix, arn));
    return new Map(
        arns.map((arn, i) => {
            const unique = plain.lastIndexOf(plain[i]) === i;
            const hash = crypto.createHash("sha256").update(arn).digest("hex").slice(0, 8);
            return [arn, unique ? plain[i] : `${plain[i].slice(0, 91)}-${hash}`];
        }),
    );
}

/** Access entries that map each principal to the previewers' Kubernetes group (PreviewAccess gives the group its rights). */
export function previewerAccessEntries(principalArns: string[], group: string) {
    return Object.fromEntries(
        [...accessEntryKeys("preview", principalArns)].map(([principalArn, key]) => [key, { principalArn, kubernetesGroups: [group] }]),
    );
}

/** Access entries that make each principal a cluster admin, cluster-wide. */
export function adminAccessEntries(principalArns: string[]) {
    return Object.fromEntries(
        [...accessEntryKeys("admin", principalArns)].map(([principalArn, key]) => [
            key,
            { principalArn, accessPolicies: { admin: { policyArn: CLUSTER_ADMIN_POLICY_ARN, accessScope: { type: "cluster" } } } },
        ]),
    );
}
