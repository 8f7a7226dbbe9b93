/**
 * What the type checker sees of "@pulumi/aws" (tsconfig.json `paths`): only the
 * modules this program and @pulumi/eks's declarations use. The real package's
 * index.d.ts pulls in all ~2,700 of its declaration files (700,000 lines), which
 * cost every cold `tsc` and every `pulumi preview` (ts-node type-checks) about
 * 3 seconds. Only types change: at run time `require("@pulumi/aws")` is the real
 * package.
 *
 * Using another AWS module? Add it here; until then the compiler says
 * "Property '<module>' does not exist". tests/layout.test.ts keeps this list
 * covering every `aws.<module>` in the code and in @pulumi/eks's declarations.
 */
export { Provider, ProviderArgs } from "@pulumi/aws/provider";
export declare const getAvailabilityZones: typeof import("@pulumi/aws/getAvailabilityZones").getAvailabilityZones;
export declare const getAvailabilityZonesOutput: typeof import("@pulumi/aws/getAvailabilityZones").getAvailabilityZonesOutput;
export declare const getCallerIdentityOutput: typeof import("@pulumi/aws/getCallerIdentity").getCallerIdentityOutput;
export declare const getRegion: typeof import("@pulumi/aws/getRegion").getRegion;
export declare const getRegionOutput: typeof import("@pulumi/aws/getRegion").getRegionOutput;
export * as acm from "@pulumi/aws/acm";
export * as autoscaling from "@pulumi/aws/autoscaling";
export * as cloudformation from "@pulumi/aws/cloudformation";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as ecr from "@pulumi/aws/ecr";
export * as lb from "@pulumi/aws/lb";
export * as eks from "@pulumi/aws/eks";
export * as iam from "@pulumi/aws/iam";
export * as s3 from "@pulumi/aws/s3";
export * as sns from "@pulumi/aws/sns";
export * as types from "@pulumi/aws/types";
export * as rds from "@pulumi/aws/rds";
export * as route53 from "@pulumi/aws/route53";
