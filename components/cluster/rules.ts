/** What EKS, ACM and the AWS APIs would refuse later, checked before anything is created. */

/**
 * The Kubernetes versions EKS offers for a new cluster, as of 2026-11
 * (Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on
 * EKS"): 1.32 until its extended support ends on 2027-03-23, 1.33 to 1.36.
 * 1.31's extended support ends on 2026-11-26.
 */
export const EKS_VERSIONS = ["1.32", "1.33", "1.34", "1.35", "1.36"] as const;

/**
 * When each version's standard support ends, 14 months after EKS released it
 * (Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on
 * EKS"); extended support, at $0.60 an hour instead of $0.10, runs 12 months
 * more. 1.36, released in 2026, is in standard support into 2027.
 */
export const EKS_STANDARD_SUPPORT_ENDS: Partial<Record<(typeof EKS_VERSIONS)[number], string>> = {
    "1.32": "2026-03-23",
    "1.33": "2026-07-29",
    "1.34": "2026-12-02",
    "1.35": "2027-03-27",
};

export function checkEksVersion(value: string): string | undefined {
    if (!/^1\.\d{2}$/.test(value)) return `"${value}" is not a Kubernetes minor version`;
    if (!(EKS_VERSIONS as readonly string[]).includes(value))
        return `"${value}" is not a version EKS offers for a new cluster (${EKS_VERSIONS.join(", ")})`;
    return undefined;
}

/** EKS cluster names: 1 to 100 letters, digits, '-' and '_', starting with a letter or digit (EKS API reference, CreateCluster, `name`). */
export function checkClusterName(value: string): string | undefined {
    return /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(value)
        ? undefined
        : `"${value}" is not a valid EKS cluster name (letters, digits, '-' and '_', at most 100)`;
}

/**
 * The partitions other than `aws`, by their regions' prefixes (AWS General
 * Reference, "AWS partitions"; the SDKs' partitions.json): China, GovCloud,
 * the isolated regions and the European Sovereign Cloud.
 */
const OTHER_PARTITIONS: [RegExp, string][] = [
    [/^cn-/, "aws-cn"],
    [/^us-gov-/, "aws-us-gov"],
    [/^us-iso-/, "aws-iso"],
    [/^us-isob-/, "aws-iso-b"],
    [/^[a-z]{2}-isoe-/, "aws-iso-e"],
    [/^us-isof-/, "aws-iso-f"],
    [/^eusc-/, "aws-eusc"],
];

/**
 * An AWS region name such as us-east-1, in the commercial `aws` partition,
 * the one whose ARNs (managed policies, EKS access policies, the controller's
 * resources) and service names the program writes.
 */
export function checkRegion(value: string): string | undefined {
    if (!/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(value)) return `"${value}" is not an AWS region such as us-east-1`;
    const other = OTHER_PARTITIONS.find(([prefix]) => prefix.test(value));
    if (other)
        return `"${value}" is in the ${other[1]} partition; the program writes ARNs of the aws partition only, which IAM there refuses`;
    return undefined;
}

/** The region of an ACM certificate ARN (arn:<partition>:acm:<region>:...). */
export function certificateRegion(arn: string): string {
    return arn.split(":")[3];
}

/** Subnet lists: no subnet twice, none both public and private. */
export function checkSubnetLists(
    publicIds: string[],
    privateIds: string[],
): { key: "publicSubnetIds" | "privateSubnetIds"; problem: string }[] {
    const problems: { key: "publicSubnetIds" | "privateSubnetIds"; problem: string }[] = [];
    for (const [key, ids] of [
        ["publicSubnetIds", publicIds],
        ["privateSubnetIds", privateIds],
    ] as const) {
        const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
        if (twice.length > 0) problems.push({ key, problem: `lists ${twice[0]} twice` });
    }
    const both = publicIds.filter((id) => privateIds.includes(id));
    if (both.length > 0) problems.push({ key: "privateSubnetIds", problem: `${both[0]} is listed as both public and private` });
    return problems;
}
