/**
 * AWS list prices the cost estimate uses: on-demand, Linux, in US dollars,
 * per region, each with its source page and the date it was read. Regions
 * and instance types missing here are reported as unpriced, never as free.
 * To add a region, copy us-east-1's block and read each price off its page.
 */

export interface Price {
    usd: number;
    /** What one unit is: "hour", "GB-month", "GB", "LCU-hour". */
    per: string;
    source: string;
    /** When the price was read off its source. */
    asOf: string;
}

const AS_OF = "2026-11-01";
const p = (usd: number, per: string, source: string): Price => ({ usd, per, source, asOf: AS_OF });
const EKS = "https://aws.amazon.com/eks/pricing/";
const EC2 = "https://aws.amazon.com/ec2/pricing/on-demand/";
const EBS = "https://aws.amazon.com/ebs/pricing/";
const VPC = "https://aws.amazon.com/vpc/pricing/";
const ELB = "https://aws.amazon.com/elasticloadbalancing/pricing/";
const LOGS = "https://aws.amazon.com/cloudwatch/pricing/";
const S3 = "https://aws.amazon.com/s3/pricing/";
const ECR = "https://aws.amazon.com/ecr/pricing/";
const AURORA = "https://aws.amazon.com/rds/aurora/pricing/";
const ACM = "https://aws.amazon.com/certificate-manager/pricing/";
const ROUTE53 = "https://aws.amazon.com/route53/pricing/";
const SNS = "https://aws.amazon.com/sns/pricing/";
const SECRETS = "https://aws.amazon.com/secrets-manager/pricing/";

export interface RegionPrices {
    eksStandard: Price;
    eksExtended: Price;
    /** EC2 instance hours, by instance type. */
    instances: Record<string, Price>;
    /** EKS Auto Mode's management fee per instance hour, by instance type. */
    autoModeFee: Record<string, Price>;
    gp3: Price;
    natHour: Price;
    natData: Price;
    albHour: Price;
    albLcu: Price;
    publicIpv4: Price;
    logsIngest: Price;
    logsStore: Price;
    s3Standard: Price;
    ecrStorage: Price;
    /** Aurora Serverless v2 (Aurora Standard): capacity, storage, and I/O by the million requests. */
    auroraAcu: Price;
    auroraStorage: Price;
    auroraIo: Price;
    /** An ACM public certificate: no charge. */
    acmPublicCertificate: Price;
    /** Queries to an alias record of an ELB load balancer: no charge. */
    route53AliasQueries: Price;
    /** A standard-resolution CloudWatch alarm, per metric it reads. */
    alarmMetric: Price;
    /** A custom CloudWatch metric (the first 10,000 a month). */
    customMetric: Price;
    /** An SNS topic, and its first 1,000 email notifications a month: no charge. */
    snsTopic: Price;
    /** EBS gp2, what a managed node group's root volumes are without a launch template. */
    gp2: Price;
    /** A Secrets Manager secret (Aurora's master password, which RDS keeps there). */
    secret: Price;
}

export const PRICES: Record<string, RegionPrices> = {
    "us-east-1": {
        eksStandard: p(0.1, "hour", EKS),
        eksExtended: p(0.6, "hour", EKS),
        instances: {
            "t3.medium": p(0.0416, "hour", EC2),
            "t3.large": p(0.0832, "hour", EC2),
            "t4g.medium": p(0.0336, "hour", EC2),
            "m5.large": p(0.096, "hour", EC2),
            "m6i.large": p(0.096, "hour", EC2),
            "m6i.xlarge": p(0.192, "hour", EC2),
            "m7i.large": p(0.1008, "hour", EC2),
            "m7g.large": p(0.0816, "hour", EC2),
            "c6a.large": p(0.0765, "hour", EC2),
            "c6i.large": p(0.085, "hour", EC2),
        },
        autoModeFee: {
            "c6a.large": p(0.00918, "hour", EKS),
            "m5.large": p(0.01152, "hour", EKS),
            "m6i.large": p(0.01152, "hour", EKS),
        },
        gp3: p(0.08, "GB-month", EBS),
        natHour: p(0.045, "hour", VPC),
        natData: p(0.045, "GB", VPC),
        albHour: p(0.0225, "hour", ELB),
        albLcu: p(0.008, "LCU-hour", ELB),
        publicIpv4: p(0.005, "hour", VPC),
        logsIngest: p(0.5, "GB", LOGS),
        logsStore: p(0.03, "GB-month", LOGS),
        s3Standard: p(0.023, "GB-month", S3),
        ecrStorage: p(0.1, "GB-month", ECR),
        auroraAcu: p(0.12, "ACU-hour", AURORA),
        auroraStorage: p(0.1, "GB-month", AURORA),
        auroraIo: p(0.2, "million requests", AURORA),
        acmPublicCertificate: p(0, "certificate", ACM),
        route53AliasQueries: p(0, "million queries", ROUTE53),
        alarmMetric: p(0.1, "alarm metric-month", LOGS),
        customMetric: p(0.3, "metric-month", LOGS),
        snsTopic: p(0, "topic", SNS),
        gp2: p(0.1, "GB-month", EBS),
        secret: p(0.4, "secret-month", SECRETS),
    },
};

/** Hours in the month the estimate prices (AWS's own convention: 730). */
export const HOURS_PER_MONTH = 730;
