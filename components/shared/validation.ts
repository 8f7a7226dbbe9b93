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
 * A container image reference, by Docker's reference grammar
 * (github.com/distribution/reference, regexp.go and reference.go):
 * `[domain[:port]/]path[:tag][@digest]`. The first component is a domain only
 * when it holds a '.' or a ':', or is `localhost`; every path component is
 * lower case; the name (domain and path) is at most 255 characters.
 */
const DOMAIN = /^(?:localhost|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const NAME_TOTAL_LENGTH_MAX = 255;

/** A PostgreSQL identifier we are willing to create: a plain, unquoted name. */
const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkDnsLabel(value: string): string | undefined {
    if (value.length > 63 || !DNS_LABEL.test(value)) {
        return `"${value}" is not a valid Kubernetes name (lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit)`;
    }
    return undefined;
}

/** Bytes per unit of a Kubernetes quantity's suffix (Kubernetes API conventions, resource.Quantity). */
const BYTE_UNITS: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
};

/**
 * A storage size: a quantity with a byte suffix. A bare number is bytes
 * (`10` is ten bytes), and `m` is a thousandth, so both are refused as sizes.
 * Returns the size in bytes, or the problem.
 */
export function storageBytes(value: string): number | string {
    const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)$/.exec(value);
    if (!m || Number(m[1]) <= 0) return `"${value}" is not a storage size with a unit, such as 5Gi`;
    return Number(m[1]) * BYTE_UNITS[m[2]];
}

/**
 * A namespace the app may live in: not `default` and not one of Kubernetes'
 * own (`kube-` is reserved for the system, Kubernetes API conventions), where
 * the app's default-deny NetworkPolicy would cut off DNS and the controllers.
 */
export function checkAppNamespace(value: string): string | undefined {
    if (value === "default" || value.startsWith("kube-")) {
        return `"${value}" is a namespace of Kubernetes itself; the app's default-deny policy there would cut off the cluster's own pods`;
    }
    return checkDnsLabel(value);
}

export function checkQuantity(value: string): string | undefined {
    if (!QUANTITY.test(value) || Number.parseFloat(value) <= 0) {
        return `"${value}" is not a positive Kubernetes quantity`;
    }
    return undefined;
}

/** Splits an image reference by Docker's grammar; undefined when it does not parse. */
export function parseImage(value: string): { name: string; tag?: string; digest?: string } | undefined {
    const [rest, digest, ...more] = value.split("@");
    if (more.length > 0 || (digest !== undefined && !DIGEST.test(digest))) return undefined;
    const slash = rest.lastIndexOf("/");
    const colon = rest.lastIndexOf(":");
    const tag = colon > slash ? rest.slice(colon + 1) : undefined;
    const name = colon > slash ? rest.slice(0, colon) : rest;
    if (tag !== undefined && !TAG.test(tag)) return undefined;
    const parts = name.split("/");
    const first = parts[0];
    const hasDomain = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
    if (hasDomain && !DOMAIN.test(first)) return undefined;
    const path = hasDomain ? parts.slice(1) : parts;
    if (path.length === 0 || !path.every((c) => PATH_COMPONENT.test(c)) || name.length > NAME_TOTAL_LENGTH_MAX) return undefined;
    return { name, tag, digest };
}

/** A valid image reference, pinned: a tag other than `latest`, or a digest. */
export function checkImage(value: string): string | undefined {
    const ref = parseImage(value);
    if (ref === undefined) {
        return `"${value}" is not a container image reference (registry/repository:tag, no spaces or upper-case repository names)`;
    }
    if (ref.tag === undefined && ref.digest === undefined) return `"${value}" has no tag: pin a version, e.g. ${value}:1.0`;
    if (ref.tag === "latest" && ref.digest === undefined)
        return `"${value}" uses the tag latest, which changes under you: pin a version instead`;
    return undefined;
}

export function checkPgIdentifier(value: string): string | undefined {
    if (!PG_IDENTIFIER.test(value)) {
        return `"${value}" is not a plain PostgreSQL name (lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters)`;
    }
    return undefined;
}

/**
 * An ALB health-check path: absolute, at most 1,024 characters (Elastic Load
 * Balancing API reference, CreateTargetGroup, HealthCheckPath), URL characters
 * only, each '%' starting a two-digit hex escape (RFC 3986, section 2.1).
 */
export function checkHttpPath(value: string): string | undefined {
    if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(value) || /%(?![0-9A-Fa-f]{2})/.test(value)) {
        return `"${value}" is not an absolute URL path`;
    }
    if (value.length > 1024) return `is ${value.length} characters long; an ALB health-check path has at most 1024`;
    return undefined;
}

/** An EKS add-on version such as v1.53.0-eksbuild.1. */
export function checkAddonVersion(value: string): string | undefined {
    return /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(value) ? undefined : `"${value}" is not an add-on version such as v1.53.0-eksbuild.1`;
}

/** A Helm chart version such as 3.5.0. */
export function checkChartVersion(value: string): string | undefined {
    return /^\d+\.\d+\.\d+$/.test(value) ? undefined : `"${value}" is not a chart version such as 3.5.0`;
}

/** A VPC CIDR block of the form a.b.0.0/16 (octets up to 255), which Network divides into subnets. */
export function checkVpcCidr(value: string): string | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.0\.0\/16$/.exec(value);
    return m && Number(m[1]) <= 255 && Number(m[2]) <= 255 ? undefined : `"${value}" is not a /16 CIDR block`;
}

/**
 * A block the public API endpoint can see: not a private range of RFC 1918,
 * from which no request reaches a public endpoint and which EKS refuses in
 * publicAccessCidrs (EKS User Guide, "Cluster API server endpoint"); the
 * nodes and the VPC use the private endpoint.
 */
export function checkPublicCidr(value: string): string | undefined {
    const problem = checkCidr(value);
    if (problem !== undefined) return problem;
    const [a, b] = value.split(".").map(Number);
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) {
        return `"${value}" is a private range (RFC 1918), which the public endpoint never sees; the VPC reaches the private endpoint`;
    }
    return undefined;
}

/** An IPv4 CIDR block such as 203.0.113.0/24. */
export function checkCidr(value: string): string | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) {
        return `"${value}" is not an IPv4 CIDR block such as 203.0.113.0/24`;
    }
    return undefined;
}

/**
 * A fully qualified DNS name: labels of letters, digits and '-' (RFC 1123), at
 * most 63 characters each and 253 in all, whose last label is not all digits
 * (RFC 3696 section 2), so never an IP address, for which ACM issues no
 * certificate and Route 53 holds no zone.
 */
export function checkDomainName(value: string): string | undefined {
    const labels = value.split(".");
    if (value.length > 253 || labels.length < 2 || !labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))) {
        return `"${value}" is not a DNS name such as shop.example.com`;
    }
    if (/^\d+$/.test(labels[labels.length - 1])) return `"${value}" is an IP address, not a DNS name such as shop.example.com`;
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
