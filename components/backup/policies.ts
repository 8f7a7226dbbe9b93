import { PolicyDocument } from "../addons";

/** The objects of one namespace's dumps: `<bucket ARN>/<prefix>/*`. */
export function dumpObjects(bucketArn: string, prefix: string): string {
    return `${bucketArn}/${prefix}/*`;
}

/**
 * The backup job may only write dumps under its prefix: no read, no list, no
 * delete; and, with a metrics namespace, publish its metrics there alone
 * (PutMetricData has no resource; the cloudwatch:namespace condition key
 * bounds it: CloudWatch User Guide, "Using condition keys to limit access to
 * CloudWatch namespaces").
 */
export function backupPolicy(bucketArn: string, prefix: string, metricsNamespace?: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "PutDumps", Effect: "Allow", Action: "s3:PutObject", Resource: dumpObjects(bucketArn, prefix) },
            ...(metricsNamespace
                ? [
                      {
                          Sid: "PutBackupMetrics",
                          Effect: "Allow" as const,
                          Action: "cloudwatch:PutMetricData",
                          Resource: "*",
                          Condition: { StringEquals: { "cloudwatch:namespace": metricsNamespace } },
                      },
                  ]
                : []),
        ],
    };
}

/** The restore job may only find and read dumps under its prefix. */
export function restorePolicy(bucketArn: string, prefix: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ListDumps",
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: bucketArn,
                Condition: { StringLike: { "s3:prefix": [`${prefix}/*`] } },
            },
            { Sid: "GetDumps", Effect: "Allow", Action: "s3:GetObject", Resource: dumpObjects(bucketArn, prefix) },
        ],
    };
}

/** The bucket refuses every request that does not come over TLS (S3 User Guide, "Enforce encryption in transit"). */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
