import * as aws from "@pulumi/aws";

/** A public Route 53 hosted zone: its id and name (without the final dot). */
export interface HostedZone {
    zoneId: string;
    name: string;
}

/** The names a hosted zone for `domain` may have, nearest first: the domain itself, then each parent (not the top level). */
export function zoneCandidates(domain: string): string[] {
    const labels = domain.replace(/\.$/, "").toLowerCase().split(".");
    return labels.slice(0, -1).map((_, i) => labels.slice(i).join("."));
}

/** Whether `domain` is `zone` or lies under it. */
export function inZone(domain: string, zone: string): boolean {
    const d = domain.replace(/\.$/, "").toLowerCase();
    const z = zone.replace(/\.$/, "").toLowerCase();
    return d === z || d.endsWith(`.${z}`);
}

/** An invoke's "no such thing" answer, as the AWS provider gives it (a missing zone, a missing record set). */
const notFound = (e: unknown) => /no matching Route ?53 Hosted Zone|not found|couldn't find|NoSuchHostedZone/i.test((e as Error).message);

/**
 * The public hosted zone that `domain` belongs in, asked of Route 53 at
 * preview: `zoneId` when given (it must be the domain's zone or a parent's),
 * else the zone named after the domain or its nearest parent. Returns a
 * problem instead when there is none this account can see.
 */
export async function findHostedZone(domain: string, zoneId?: string): Promise<HostedZone | string> {
    if (zoneId !== undefined) {
        try {
            const z = await aws.route53.getZone({ zoneId });
            const name = z.name.replace(/\.$/, "");
            if (z.privateZone) return `${zoneId} is a private hosted zone; ACM validates certificates through public DNS`;
            return inZone(domain, name) ? { zoneId: z.zoneId, name } : `${zoneId} is the zone of ${name}, which ${domain} is not in`;
        } catch (e) {
            if (notFound(e)) return `no hosted zone ${zoneId} in this account`;
            throw e;
        }
    }
    for (const name of zoneCandidates(domain)) {
        try {
            const z = await aws.route53.getZone({ name, privateZone: false });
            return { zoneId: z.zoneId, name };
        } catch (e) {
            if (!notFound(e)) throw e;
        }
    }
    return `no public Route 53 hosted zone for ${domain} or a parent of it in this account`;
}

/**
 * A record set at `domain` that an alias A record cannot sit beside: a CNAME
 * (RFC 1034 3.6.2: a CNAME name has no other data; Route 53 refuses the
 * A record). Another A record is taken over (allowOverwrite).
 */
export async function conflictingRecord(zone: HostedZone, domain: string): Promise<string | undefined> {
    const escaped = domain.replace(/\.$/, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const found = await aws.route53.getRecords({ zoneId: zone.zoneId, nameRegex: `^${escaped}\\.?$` });
    return found.resourceRecordSets.find((r) => r.type === "CNAME") ? "CNAME" : undefined;
}
