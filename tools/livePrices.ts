/**
 * Live prices: the AWS Price List Query API's GetProducts, for the stack's
 * own region, through the AWS SDK for JavaScript. Each product comes as a
 * JSON string (AWS Price List API Reference, GetProducts, PriceList): its
 * `product.attributes` (usagetype, regionCode, ...) and its `terms.OnDemand`
 * term, whose `priceDimensions` give `pricePerUnit.USD` by `unit`, tier by
 * tier from `beginRange` "0". A price not found stays undefined: the
 * estimate lists its item as unpriced, never as free.
 */
import { Price, RegionPrices } from "./prices";

/** One GetProducts query: the service, and attributes that must equal (TERM_MATCH) or contain (CONTAINS) a value. */
export interface ProductQuery {
    serviceCode: string;
    equal: Record<string, string>;
    contain?: Record<string, string>;
}
/** Every product a query matches, as the API's PriceList strings (all pages). */
export type GetProducts = (q: ProductQuery) => Promise<string[]>;

type Priced = Exclude<keyof RegionPrices, "instances" | "autoModeFee">;

/** How one price is found: its query, the usagetype it ends in, and how the API's unit becomes the table's. */
interface Lookup {
    service: string;
    equal?: Record<string, string>;
    usagetype: string;
    per: string;
    /** Table units per API unit: an I/O priced one by one becomes a price per million. Default 1. */
    scale?: number;
}

const SOURCE = "AWS Price List Query API (GetProducts)";
const CW = "AmazonCloudWatch";

/** The lookups, by the usagetype each product of the kind carries after its region's prefix (e.g. USE1-). */
export const LOOKUPS: Partial<Record<Priced, Lookup>> = {
    eksStandard: { service: "AmazonEKS", usagetype: "AmazonEKS-Hours:perCluster", per: "hour" },
    eksExtended: { service: "AmazonEKS", usagetype: "AmazonEKS-Hours:extendedSupport", per: "hour" },
    gp3: {
        service: "AmazonEC2",
        equal: { productFamily: "Storage", volumeApiName: "gp3" },
        usagetype: "EBS:VolumeUsage.gp3",
        per: "GB-month",
    },
    gp2: {
        service: "AmazonEC2",
        equal: { productFamily: "Storage", volumeApiName: "gp2" },
        usagetype: "EBS:VolumeUsage.gp2",
        per: "GB-month",
    },
    natHour: { service: "AmazonEC2", equal: { productFamily: "NAT Gateway" }, usagetype: "NatGateway-Hours", per: "hour" },
    natData: { service: "AmazonEC2", equal: { productFamily: "NAT Gateway" }, usagetype: "NatGateway-Bytes", per: "GB" },
    albHour: { service: "AWSELB", equal: { productFamily: "Load Balancer-Application" }, usagetype: "LoadBalancerUsage", per: "hour" },
    albLcu: { service: "AWSELB", equal: { productFamily: "Load Balancer-Application" }, usagetype: "LCUUsage", per: "LCU-hour" },
    publicIpv4: { service: "AmazonVPC", usagetype: "PublicIPv4:InUseAddress", per: "hour" },
    logsIngest: { service: CW, usagetype: "DataProcessing-Bytes", per: "GB" },
    logsStore: { service: CW, usagetype: "TimedStorage-ByteHrs", per: "GB-month" },
    alarmMetric: { service: CW, usagetype: "CW:AlarmMonitorUsage", per: "alarm metric-month" },
    customMetric: { service: CW, usagetype: "CW:MetricMonitorUsage", per: "metric-month" },
    s3Standard: { service: "AmazonS3", equal: { storageClass: "General Purpose" }, usagetype: "TimedStorage-ByteHrs", per: "GB-month" },
    ecrStorage: { service: "AmazonECR", usagetype: "TimedStorage-ByteHrs", per: "GB-month" },
    auroraAcu: { service: "AmazonRDS", usagetype: "Aurora:ServerlessV2Usage", per: "ACU-hour" },
    auroraStorage: { service: "AmazonRDS", usagetype: "Aurora:StorageUsage", per: "GB-month" },
    auroraIo: { service: "AmazonRDS", usagetype: "Aurora:StorageIOUsage", per: "million requests", scale: 1e6 },
    secret: { service: "AWSSecretsManager", usagetype: "AWSSecretsManager-Secrets", per: "secret-month" },
};

/** The on-demand price of one PriceList product: its first tier's USD per unit; undefined when it has none. */
export function onDemandUsd(product: string): number | undefined {
    const p = JSON.parse(product) as { terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, any> }> } };
    const dims = Object.values(p.terms?.OnDemand ?? {}).flatMap((t) => Object.values(t.priceDimensions ?? {}));
    const first = dims.find((d) => (d.beginRange ?? "0") === "0") ?? dims[0];
    const usd = Number(first?.pricePerUnit?.USD);
    return Number.isFinite(usd) ? usd : undefined;
}

const usagetypeOf = (product: string) => (JSON.parse(product).product?.attributes?.usagetype ?? "") as string;

/**
 * The region's prices from the API: those the lookups find, and each EC2
 * instance type asked for (Linux, shared tenancy, no pre-installed software,
 * on-demand capacity). The rest stay undefined.
 */
export async function fetchRegionPrices(
    region: string,
    instanceTypes: string[],
    get: GetProducts,
    asOf: string,
): Promise<Partial<RegionPrices>> {
    const price = (usd: number | undefined, per: string): Price | undefined =>
        usd === undefined ? undefined : { usd, per, source: SOURCE, asOf };
    const out: Partial<RegionPrices> = {};
    await Promise.all(
        Object.entries(LOOKUPS).map(async ([key, l]) => {
            const products = await get({
                serviceCode: l.service,
                equal: { regionCode: region, ...l.equal },
                contain: { usagetype: l.usagetype },
            });
            // CONTAINS also matches longer usagetypes (…-Bytes of another kind): the one that ends in it.
            const hit = products.find((p) => usagetypeOf(p).endsWith(l.usagetype));
            const usd = hit === undefined ? undefined : onDemandUsd(hit);
            (out as Record<string, Price | undefined>)[key] = price(usd === undefined ? undefined : usd * (l.scale ?? 1), l.per);
        }),
    );
    const instances: Record<string, Price> = {};
    await Promise.all(
        instanceTypes.map(async (instanceType) => {
            const products = await get({
                serviceCode: "AmazonEC2",
                equal: {
                    regionCode: region,
                    instanceType,
                    operatingSystem: "Linux",
                    tenancy: "Shared",
                    preInstalledSw: "NA",
                    capacitystatus: "Used",
                    licenseModel: "No License required",
                },
            });
            const usd = products.length === 1 ? onDemandUsd(products[0]) : undefined;
            const p = price(usd, "hour");
            if (p) instances[instanceType] = p;
        }),
    );
    out.instances = instances;
    return out;
}

/** GetProducts through the AWS SDK (its default credentials), every page; the API answers in us-east-1. */
export async function sdkGetProducts(): Promise<GetProducts> {
    const { PricingClient, GetProductsCommand } = await import("@aws-sdk/client-pricing");
    const client = new PricingClient({ region: "us-east-1" });
    return async (q) => {
        const filters = [
            ...Object.entries(q.equal).map(([Field, Value]) => ({ Type: "TERM_MATCH" as const, Field, Value })),
            ...Object.entries(q.contain ?? {}).map(([Field, Value]) => ({ Type: "CONTAINS" as const, Field, Value })),
        ];
        const all: string[] = [];
        let NextToken: string | undefined;
        do {
            const page = await client.send(
                new GetProductsCommand({
                    ServiceCode: q.serviceCode,
                    Filters: filters,
                    FormatVersion: "aws_v1",
                    NextToken,
                    MaxResults: 100,
                }),
            );
            // Strings, typed loosely by the SDK (its LazyJsonString turns back into the text with String()).
            all.push(...((page.PriceList ?? []) as unknown as unknown[]).map((p) => String(p)));
            NextToken = page.NextToken;
        } while (NextToken);
        return all;
    };
}
