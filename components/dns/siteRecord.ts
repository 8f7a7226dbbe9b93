import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export interface SiteRecordArgs {
    /** The site's DNS name. Required. */
    domainName: string;
    /** The public hosted zone it belongs in. Required. */
    zoneId: string;
    /** The ALB's DNS name, from the Ingress's status. Required. */
    albHostname: pulumi.Input<string>;
}

/**
 * The site's alias A record, pointing at the ALB that the Load Balancer
 * Controller made: by its DNS name (the Ingress's status) and the canonical
 * hosted zone of the region's ALBs (aws.lb.getHostedZoneId). Pulumi owns it,
 * so `pulumi destroy` removes it. An A record already there is taken over;
 * a CNAME is refused at preview (zone.ts).
 */
export class SiteRecord extends pulumi.ComponentResource {
    constructor(name: string, args: SiteRecordArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fastapi-eks:dns:SiteRecord", name, {}, opts);
        const albZone = aws.lb.getHostedZoneIdOutput({ loadBalancerType: "application" }, { parent: this });
        new aws.route53.Record(
            `${name}-alias`,
            {
                zoneId: args.zoneId,
                name: args.domainName,
                type: "A",
                aliases: [{ name: args.albHostname, zoneId: albZone.id, evaluateTargetHealth: true }],
                allowOverwrite: true,
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
