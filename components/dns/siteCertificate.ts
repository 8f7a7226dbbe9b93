import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export interface SiteCertificateArgs {
    /** The site's DNS name, which the certificate covers. Required. */
    domainName: string;
    /** More names it covers (`*.<domain>` among them). Default none. */
    subjectAlternativeNames?: string[];
    /** The public hosted zone where ACM's validation records go. Required. */
    zoneId: string;
}

/**
 * The names that need a validation record of their own: ACM asks the same
 * record of a name and of its wildcard (`*.example.com` is validated through
 * `_<token>.example.com`), so they share one (ACM User Guide, "DNS
 * validation"). One record each, or the second create of the same name fails.
 */
export function validationNames(domainName: string, subjectAlternativeNames: string[] = []): string[] {
    return [...new Set([domainName, ...subjectAlternativeNames].map((n) => n.replace(/^\*\./, "").toLowerCase()))];
}

/**
 * An ACM certificate for the site, validated through DNS records in its
 * hosted zone. `certificateArn` resolves only once ACM has issued it (the
 * validation resource waits for that), so whatever takes it (the Ingress)
 * never gets a pending certificate.
 */
export class SiteCertificate extends pulumi.ComponentResource {
    /** The issued certificate's ARN. */
    public readonly certificateArn: pulumi.Output<string>;

    constructor(name: string, args: SiteCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fastapi-eks:dns:SiteCertificate", name, {}, opts);
        const certificate = new aws.acm.Certificate(
            `${name}-certificate`,
            { domainName: args.domainName, subjectAlternativeNames: args.subjectAlternativeNames, validationMethod: "DNS" },
            // A new name is a new certificate; the old one goes once the listener has moved to the new one.
            { parent: this },
        );
        const records = validationNames(args.domainName, args.subjectAlternativeNames).map((base, i) => {
            const option = certificate.domainValidationOptions.apply((all) => {
                const found = all.find((o) => o.domainName.replace(/^\*\./, "").toLowerCase() === base);
                if (found === undefined) throw new Error(`ACM gave no validation record for ${base}`);
                return found;
            });
            return new aws.route53.Record(
                `${name}-validation-${i}`,
                {
                    zoneId: args.zoneId,
                    name: option.resourceRecordName,
                    type: option.resourceRecordType,
                    records: [option.resourceRecordValue],
                    ttl: 300,
                    // A certificate made again for the same name (a replacement) asks for the same record.
                    allowOverwrite: true,
                },
                { parent: this },
            );
        });
        const validation = new aws.acm.CertificateValidation(
            `${name}-validation`,
            { certificateArn: certificate.arn, validationRecordFqdns: records.map((r) => r.fqdn) },
            { parent: this },
        );
        this.certificateArn = validation.certificateArn;
        this.registerOutputs({ certificateArn: this.certificateArn });
    }
}
