import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { tlsOnlyBucketPolicy } from "./policies";

/** Days a deleted or overwritten dump's old version is kept, so that a mistake can be undone. */
export const NONCURRENT_DAYS = 7;

export interface BackupBucket {
    name: pulumi.Output<string>;
    arn: pulumi.Output<string>;
    /** The bucket's region, where the AWS CLI must send its requests. */
    region: pulumi.Output<string>;
}

/**
 * The dumps' bucket: an existing one, looked up (so a wrong name fails at
 * preview), or a new one that is versioned, encrypted (SSE-S3), closed to the
 * public, reachable over TLS only, and that expires dumps after `retentionDays`.
 *
 * `protect` decides what `pulumi destroy` does with it. Protected, the bucket
 * and every setting that guards the dumps are protected alike, so no guard is
 * removed before the engine refuses the bucket's own delete step. Unprotected,
 * `forceDestroy` lets the provider empty it first: every object version and
 * delete marker (terraform-provider-aws, internal/service/s3/delete.go,
 * `EmptyBucket`), which a versioned bucket with dumps in it needs, or S3
 * answers BucketNotEmpty and the destroy stops half-way. `forceDestroy` is the
 * provider's own setting, so changing it updates the state and calls no AWS API.
 */
export function backupBucket(
    name: string,
    args: { bucketName?: string; retentionDays: number; protect: boolean },
    parent: pulumi.Resource,
): BackupBucket {
    if (args.bucketName !== undefined) {
        const found = aws.s3.getBucketOutput({ bucket: args.bucketName }, { parent });
        // @pulumi/aws v7: `bucketRegion` is where the bucket lives; `region` is only where the lookup was sent.
        return { name: found.bucket, arn: found.arn, region: found.bucketRegion };
    }
    const opts = { parent, protect: args.protect };
    const bucket = new aws.s3.Bucket(`${name}-bucket`, { forceDestroy: !args.protect }, opts);
    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }] },
        opts,
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access-block`,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    new aws.s3.BucketPolicy(
        `${name}-tls-only`,
        { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))) },
        // S3 refuses a bucket policy while the account's defaults may still call it public.
        { ...opts, dependsOn: [publicAccess] },
    );
    new aws.s3.BucketLifecycleConfiguration(
        `${name}-lifecycle`,
        {
            bucket: bucket.id,
            rules: [
                {
                    id: "expire-dumps",
                    status: "Enabled",
                    filter: { prefix: "" },
                    expiration: { days: args.retentionDays },
                    noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_DAYS },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
                },
            ],
        },
        opts,
    );
    return { name: bucket.bucket, arn: bucket.arn, region: bucket.region };
}
