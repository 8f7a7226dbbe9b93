/**
 * Value checks shared by the stack config module and the components' own
 * argument validation. Each returns an error sentence, or undefined when the
 * value is fine, so that callers can collect every problem before failing.
 */

/** A Kubernetes object name or namespace: an RFC 1123 label. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A Kubernetes quantity with a binary or decimal suffix, e.g. `1Gi`, `500Mi`,
 * `100m`, `2`. Stricter than the API server's grammar on purpose: no signs, no
 * exponents.
 */
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;

/**
 * A container image reference: `[registry[:port]/]path[:tag][@sha256:digest]`,
 * following the distribution reference grammar (lower-case path components).
 */
const IMAGE_REF =
    /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** A PostgreSQL identifier we are willing to create: a plain, unquoted name. */
const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkDnsLabel(value: string): string | undefined {
    if (value.length > 63 || !DNS_LABEL.test(value)) {
        return `"${value}" is not a valid Kubernetes name (lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit)`;
    }
    return undefined;
}

export function checkQuantity(value: string): string | undefined {
    if (!QUANTITY.test(value) || Number.parseFloat(value) <= 0) {
        return `"${value}" is not a positive Kubernetes quantity`;
    }
    return undefined;
}

/** A valid image reference, pinned: a tag other than `latest`, or a digest. */
export function checkImage(value: string): string | undefined {
    if (!IMAGE_REF.test(value)) {
        return `"${value}" is not a container image reference (registry/repository:tag, no spaces or upper-case repository names)`;
    }
    const lastPart = value.split("/").pop() as string;
    if (!lastPart.includes(":") && !value.includes("@sha256:")) {
        return `"${value}" has no tag: pin a version, e.g. ${value}:1.0`;
    }
    if (/:latest(@|$)/.test(lastPart)) {
        return `"${value}" uses the tag latest, which changes under you: pin a version instead`;
    }
    return undefined;
}

export function checkPgIdentifier(value: string): string | undefined {
    if (!PG_IDENTIFIER.test(value)) {
        return `"${value}" is not a plain PostgreSQL name (lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters)`;
    }
    return undefined;
}

export function checkHttpPath(value: string): string | undefined {
    if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(value)) {
        return `"${value}" is not an absolute URL path`;
    }
    return undefined;
}

/** A Kubernetes minor version such as 1.35. */
export function checkKubernetesVersion(value: string): string | undefined {
    return /^1\.\d{2}$/.test(value) ? undefined : `"${value}" is not a Kubernetes minor version`;
}

/** An EKS add-on version such as v1.53.0-eksbuild.1. */
export function checkAddonVersion(value: string): string | undefined {
    return /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(value) ? undefined : `"${value}" is not an add-on version such as v1.53.0-eksbuild.1`;
}

/** A Helm chart version such as 3.5.0. */
export function checkChartVersion(value: string): string | undefined {
    return /^\d+\.\d+\.\d+$/.test(value) ? undefined : `"${value}" is not a chart version such as 3.5.0`;
}

/** A VPC CIDR block of the form a.b.0.0/16, which Network divides into subnets. */
export function checkVpcCidr(value: string): string | undefined {
    return /^\d{1,3}\.\d{1,3}\.0\.0\/16$/.test(value) ? undefined : `"${value}" is not a /16 CIDR block`;
}

/** An IPv4 CIDR block such as 203.0.113.0/24. */
export function checkCidr(value: string): string | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) {
        return `"${value}" is not an IPv4 CIDR block such as 203.0.113.0/24`;
    }
    return undefined;
}

/** A fully qualified DNS name: labels of letters, digits and '-' (RFC 1123), at most 63 characters each and 253 in all. */
export function checkDomainName(value: string): string | undefined {
    const labels = value.split(".");
    if (value.length > 253 || labels.length < 2 || !labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))) {
        return `"${value}" is not a DNS name such as shop.example.com`;
    }
    return undefined;
}

/** An ACM certificate ARN. */
export function checkCertificateArn(value: string): string | undefined {
    if (!/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/.test(value)) {
        return `"${value}" is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)`;
    }
    return undefined;
}

export function checkOneOf<T extends string>(value: string, allowed: readonly T[]): string | undefined {
    if (!(allowed as readonly string[]).includes(value)) {
        return `"${value}" is not one of ${allowed.map((a) => `"${a}"`).join(", ")}`;
    }
    return undefined;
}

export function checkInteger(value: number, min: number, max: number): string | undefined {
    if (!Number.isInteger(value) || value < min || value > max) {
        return `${value} is not a whole number from ${min} to ${max}`;
    }
    return undefined;
}

/**
 * Throws one error that lists every problem found by the checks, prefixed by
 * `where` (for example the component's name). Does nothing when all pass.
 */
export function throwIfProblems(where: string, problems: (string | undefined)[]): void {
    const found = problems.filter((p): p is string => p !== undefined);
    if (found.length > 0) {
        throw new Error(`${where}: invalid arguments:\n${found.map((p) => `  - ${p}`).join("\n")}`);
    }
}

/** Prefixes a check's result with the name of the argument it concerns. */
export function named(arg: string, problem: string | undefined): string | undefined {
    return problem === undefined ? undefined : `${arg}: ${problem}`;
}
