/**
 * AWS list prices the cost estimate uses: on-demand, Linux, in US dollars,
 * per region, each with its source page and its date. Regions, instance
 * types and items missing here are reported as unpriced, never as free.
 * To add a region, add a line of figures read off the pages.
 */

export interface Price {
    usd: number;
    /** What one unit is: "hour", "GB-month", "GB", "LCU-hour". */
    per: string;
    source: string;
    /** When the price was read off its source. */
    asOf: string;
}

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

type Scalar = Exclude<keyof RegionPrices, "instances" | "autoModeFee">;

/** What one unit of each price is, and the AWS page that lists it. */
const UNIT: Record<Scalar, [per: string, source: string]> = {
    eksStandard: ["hour", EKS],
    eksExtended: ["hour", EKS],
    gp3: ["GB-month", EBS],
    natHour: ["hour", VPC],
    natData: ["GB", VPC],
    albHour: ["hour", ELB],
    albLcu: ["LCU-hour", ELB],
    publicIpv4: ["hour", VPC],
    logsIngest: ["GB", LOGS],
    logsStore: ["GB-month", LOGS],
    s3Standard: ["GB-month", S3],
    ecrStorage: ["GB-month", ECR],
    auroraAcu: ["ACU-hour", AURORA],
    auroraStorage: ["GB-month", AURORA],
    auroraIo: ["million requests", AURORA],
    acmPublicCertificate: ["certificate", ACM],
    route53AliasQueries: ["million queries", ROUTE53],
    alarmMetric: ["alarm metric-month", LOGS],
    customMetric: ["metric-month", LOGS],
    snsTopic: ["topic", SNS],
    gp2: ["GB-month", EBS],
    secret: ["secret-month", SECRETS],
};

type Figures = Partial<Record<Scalar, number>> & { instances: Record<string, number>; autoModeFee?: Record<string, number> };

function table(asOf: string, f: Figures): Partial<RegionPrices> {
    const price = (usd: number, [per, source]: [string, string]): Price => ({ usd, per, source, asOf });
    const each = (m: Record<string, number> | undefined, unit: [string, string]) =>
        Object.fromEntries(Object.entries(m ?? {}).map(([k, usd]) => [k, price(usd, unit)]));
    const scalars = Object.entries(f).filter(([k]) => k in UNIT) as [Scalar, number][];
    return {
        ...Object.fromEntries(scalars.map(([k, usd]) => [k, price(usd, UNIT[k])])),
        instances: each(f.instances, ["hour", EC2]),
        autoModeFee: each(f.autoModeFee, ["hour", EKS]),
    };
}

/** What every region here charges alike: EKS, public IPv4, ECR, Secrets Manager, CloudWatch metrics and alarms, and the free items. */
const WORLDWIDE = {
    eksStandard: 0.1,
    eksExtended: 0.6,
    publicIpv4: 0.005,
    ecrStorage: 0.1,
    secret: 0.4,
    alarmMetric: 0.1,
    customMetric: 0.3,
    acmPublicCertificate: 0,
    route53AliasQueries: 0,
    snsTopic: 0,
};

/** us-east-1, read off each source page on 2026-11-01. */
const US: Figures = {
    ...WORLDWIDE,
    instances: {
        "t3.medium": 0.0416,
        "t3.large": 0.0832,
        "t4g.medium": 0.0336,
        "m5.large": 0.096,
        "m6i.large": 0.096,
        "m6i.xlarge": 0.192,
        "m7i.large": 0.1008,
        "m7g.large": 0.0816,
        "c6a.large": 0.0765,
        "c6i.large": 0.085,
    },
    autoModeFee: { "c6a.large": 0.00918, "m5.large": 0.01152, "m6i.large": 0.01152 },
    gp3: 0.08,
    gp2: 0.1,
    natHour: 0.045,
    natData: 0.045,
    albHour: 0.0225,
    albLcu: 0.008,
    logsIngest: 0.5,
    logsStore: 0.03,
    s3Standard: 0.023,
    auroraAcu: 0.12,
    auroraStorage: 0.1,
    auroraIo: 0.2,
};

/**
 * The other six regions: AWS's list prices as we know them, written down on
 * 2026-12-04 without reading the pages that day (no network where they were
 * written). In Europe and Asia only what we could vouch for is listed: Aurora,
 * Auto Mode's fee and the newer instance families are left out, so they show
 * as unpriced, and live prices fill them.
 */
const WRITTEN_DOWN = "2026-12-04";
const abroad = (n: {
    t3: number;
    t4g: number;
    m5: number;
    c6i: number;
    gp3: number;
    gp2: number;
    nat: number;
    alb: number;
    logs: [number, number];
    s3: number;
}) =>
    table(WRITTEN_DOWN, {
        ...WORLDWIDE,
        instances: {
            "t3.medium": n.t3,
            "t3.large": n.t3 * 2,
            "t4g.medium": n.t4g,
            "m5.large": n.m5,
            "m6i.large": n.m5,
            "m6i.xlarge": n.m5 * 2,
            "c6i.large": n.c6i,
        },
        gp3: n.gp3,
        gp2: n.gp2,
        natHour: n.nat,
        natData: n.nat,
        albHour: n.alb,
        albLcu: 0.008,
        logsIngest: n.logs[0],
        logsStore: n.logs[1],
        s3Standard: n.s3,
    });

export const PRICES: Record<string, Partial<RegionPrices>> = {
    "us-east-1": table("2026-11-01", US),
    // Ohio and Oregon list every price here at us-east-1's figure.
    "us-east-2": table(WRITTEN_DOWN, US),
    "us-west-2": table(WRITTEN_DOWN, US),
    "eu-west-1": abroad({
        t3: 0.0456,
        t4g: 0.0368,
        m5: 0.107,
        c6i: 0.096,
        gp3: 0.088,
        gp2: 0.11,
        nat: 0.048,
        alb: 0.0252,
        logs: [0.57, 0.03],
        s3: 0.023,
    }),
    "eu-central-1": abroad({
        t3: 0.048,
        t4g: 0.0384,
        m5: 0.115,
        c6i: 0.097,
        gp3: 0.0952,
        gp2: 0.119,
        nat: 0.052,
        alb: 0.027,
        logs: [0.63, 0.0324],
        s3: 0.0245,
    }),
    "ap-southeast-1": abroad({
        t3: 0.0528,
        t4g: 0.0424,
        m5: 0.12,
        c6i: 0.098,
        gp3: 0.096,
        gp2: 0.12,
        nat: 0.059,
        alb: 0.0252,
        logs: [0.7, 0.03],
        s3: 0.025,
    }),
    "ap-northeast-1": abroad({
        t3: 0.0544,
        t4g: 0.0432,
        m5: 0.124,
        c6i: 0.107,
        gp3: 0.096,
        gp2: 0.12,
        nat: 0.062,
        alb: 0.0243,
        logs: [0.76, 0.033],
        s3: 0.025,
    }),
};

/** How the table's prices for a region were found, for the estimate's note; undefined where it has none. */
export function tableBasis(region: string): string | undefined {
    const asOf = PRICES[region]?.eksStandard?.asOf;
    if (asOf === undefined) return undefined;
    return asOf === WRITTEN_DOWN
        ? `AWS list prices for ${region} as written down on ${asOf}, not read off the pages that day`
        : `AWS on-demand list prices for ${region}, as of ${asOf}`;
}

/** The most a price abroad here may be over us-east-1's (a test holds each to it, and to no less than us-east-1's). */
export const MOST_ABOVE_US_EAST_1 = 1.6;

/** Hours in the month the estimate prices (AWS's own convention: 730). */
export const HOURS_PER_MONTH = 730;
