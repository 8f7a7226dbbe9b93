/**
 * The site's name, when the program makes its certificate and DNS record
 * (`domainName` without `certificateArn`): its public hosted zone, asked of
 * Route 53 before anything is registered, so a name the program cannot serve
 * is refused at preview rather than half-way through `up`.
 */
import { HostedZone, conflictingRecord, findHostedZone } from "../components";
import { ConfigError, PROJECT } from "./reader";
import type { StackConfig } from "./index";

export async function siteZone(c: StackConfig, lookups = { findHostedZone, conflictingRecord }): Promise<HostedZone | undefined> {
    if (c.domainName === undefined || c.certificateArn !== undefined) return undefined;
    const zone = await lookups.findHostedZone(c.domainName, c.hostedZoneId);
    if (typeof zone === "string") {
        const key = c.hostedZoneId === undefined ? "domainName" : "hostedZoneId";
        throw new ConfigError([
            `${PROJECT}:${key}: ${zone}, where the program would validate the certificate and point ${c.domainName} at the ALB. Fix: create the zone (or delegate it), or pulumi config set hostedZoneId <its id>, or bring your own certificate and DNS: pulumi config set certificateArn <its ARN>`,
        ]);
    }
    const conflict = await lookups.conflictingRecord(zone, c.domainName);
    if (conflict !== undefined) {
        throw new ConfigError([
            `${PROJECT}:domainName: ${c.domainName} has a ${conflict} record in the zone ${zone.name} (${zone.zoneId}), beside which Route 53 allows no alias A record. Fix: delete that record, then pulumi up; or keep your own DNS: pulumi config set certificateArn <a certificate for ${c.domainName}>`,
        ]);
    }
    return zone;
}
