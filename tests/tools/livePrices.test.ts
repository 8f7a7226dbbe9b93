/**
 * Live prices: the fetcher on GetProducts answers in the Price List API's
 * documented format (AWS Price List API Reference, GetProducts; "Reading the
 * service price list files": product.attributes, terms.OnDemand,
 * priceDimensions with beginRange and pricePerUnit.USD), and the estimate
 * that uses them.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as fs from "node:fs";
import { stringify } from "yaml";
import { INCOMPLETE, main as costMain } from "../../tools/cost";
import { hasAwsCredentials } from "../../tools/costPrices";
import { GetProducts, ProductQuery, fetchRegionPrices } from "../../tools/livePrices";
import { MOCK_STACK } from "../harness";
import { ROOT, asStack, stackSettings } from "../program";
import { tempDir } from "../scratch";

/** One product as GetProducts returns it: a JSON string, its on-demand term priced tier by tier. */
function product(service: string, attributes: Record<string, string>, tiers: [string, string][], unit = "Hrs"): string {
    const sku = `SKU${Math.abs([...JSON.stringify(attributes)].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7))}`;
    const term = `${sku}.JRTCKXETXF`;
    const priceDimensions = Object.fromEntries(
        tiers.map(([beginRange, usd], i) => [
            `${term}.RATE${i}`,
            {
                unit,
                beginRange,
                endRange: tiers[i + 1]?.[0] ?? "Inf",
                description: "",
                appliesTo: [],
                rateCode: `${term}.RATE${i}`,
                pricePerUnit: { USD: usd },
            },
        ]),
    );
    return JSON.stringify({
        product: { productFamily: attributes.productFamily ?? "", attributes, sku },
        serviceCode: service,
        terms: {
            OnDemand: {
                [term]: { priceDimensions, sku, effectiveDate: "2026-11-01T00:00:00Z", offerTermCode: "JRTCKXETXF", termAttributes: {} },
            },
        },
        version: "20261101000000",
        publicationDate: "2026-11-01T00:00:00Z",
    });
}

const R = { regionCode: "eu-west-1" };
/** A little of eu-west-1's catalog, with usagetypes as they are there (prefix EU-), and what would be mistaken for them. */
const CATALOG: [string, string][] = [
    ["AmazonEKS", product("AmazonEKS", { ...R, usagetype: "EU-AmazonEKS-Hours:perCluster" }, [["0", "0.1000000000"]])],
    ["AmazonEKS", product("AmazonEKS", { ...R, usagetype: "EU-AmazonEKS-Hours:extendedSupport" }, [["0", "0.6000000000"]])],
    [
        "AmazonEC2",
        product(
            "AmazonEC2",
            { ...R, productFamily: "Storage", volumeApiName: "gp3", usagetype: "EU-EBS:VolumeUsage.gp3" },
            [["0", "0.0880000000"]],
            "GB-Mo",
        ),
    ],
    ["AmazonEC2", product("AmazonEC2", { ...R, productFamily: "NAT Gateway", usagetype: "EU-NatGateway-Hours" }, [["0", "0.0480000000"]])],
    [
        "AmazonEC2",
        product("AmazonEC2", { ...R, productFamily: "NAT Gateway", usagetype: "EU-NatGateway-Bytes-Provisioned" }, [["0", "9.9"]], "GB"),
    ],
    [
        "AmazonEC2",
        product("AmazonEC2", { ...R, productFamily: "NAT Gateway", usagetype: "EU-NatGateway-Bytes" }, [["0", "0.0480000000"]], "GB"),
    ],
    ["AmazonRDS", product("AmazonRDS", { ...R, usagetype: "EU-Aurora:StorageIOUsage" }, [["0", "0.0000002200"]], "IOs")],
    [
        "AmazonCloudWatch",
        product(
            "AmazonCloudWatch",
            { ...R, usagetype: "EU-CW:MetricMonitorUsage" },
            [
                ["10000", "0.1000000000"],
                ["0", "0.3000000000"],
            ],
            "Metrics",
        ),
    ],
    [
        "AmazonEC2",
        product(
            "AmazonEC2",
            {
                ...R,
                instanceType: "t3.medium",
                operatingSystem: "Linux",
                tenancy: "Shared",
                preInstalledSw: "NA",
                capacitystatus: "Used",
                licenseModel: "No License required",
            },
            [["0", "0.0456000000"]],
        ),
    ],
];

const asked: ProductQuery[] = [];
const fake: GetProducts = async (q) => {
    asked.push(q);
    return CATALOG.filter(([service, p]) => {
        const a = JSON.parse(p).product.attributes as Record<string, string>;
        return (
            service === q.serviceCode &&
            Object.entries(q.equal).every(([k, v]) => a[k] === v) &&
            Object.entries(q.contain ?? {}).every(([k, v]) => (a[k] ?? "").includes(v))
        );
    }).map(([, p]) => p);
};

describe("live prices (AWS Price List Query API)", () => {
    it("reads each price from its product: the on-demand term's first tier, the usagetype that ends as asked, the unit the table uses", async () => {
        const p = await fetchRegionPrices("eu-west-1", ["t3.medium", "m7g.large"], fake, "2026-12-04");
        assert.deepEqual(p.eksStandard, { usd: 0.1, per: "hour", source: "AWS Price List Query API (GetProducts)", asOf: "2026-12-04" });
        assert.equal(p.eksExtended?.usd, 0.6);
        assert.equal(p.gp3?.usd, 0.088);
        assert.equal(p.natData?.usd, 0.048, "not NatGateway-Bytes-Provisioned, which also contains the name");
        assert.equal(p.customMetric?.usd, 0.3, "the tier that begins at 0");
        assert.ok(Math.abs((p.auroraIo?.usd ?? 0) - 0.22) < 1e-9, "per million requests");
        assert.deepEqual(Object.keys(p.instances ?? {}), ["t3.medium"]);
        assert.equal(p.instances?.["t3.medium"].usd, 0.0456);
        assert.equal(p.ecrStorage, undefined, "not in the catalog: no price, never 0");
        const eks = asked.find((q) => q.serviceCode === "AmazonEKS" && q.contain?.usagetype === "AmazonEKS-Hours:perCluster");
        assert.deepEqual(eks?.equal, { regionCode: "eu-west-1" });
    });

    it("the estimate uses them where AWS credentials are in the environment, says so, and leaves unpriced what the API did not give", async () => {
        const out: string[] = [];
        const stack = path.join(ROOT, "stacks", "Pulumi.existing-vpc.yaml");
        const env = { INIT_CWD: ROOT, AWS_PROFILE: "pricing" };
        const status = await asStack(MOCK_STACK, () =>
            costMain(["eu", "--stack-file", stack], { env, out: (l) => out.push(l), err: (l) => out.push(l) }, async (q) =>
                fake({ ...q, equal: { ...q.equal, regionCode: "eu-west-1" } }),
            ),
        );
        const text = out.join("\n");
        assert.match(text, /^\| EKS control plane \(standard support\) \| 1 x 730 h \| \$0\.10\/hour \| \$73\.00 \|/m);
        assert.match(text, /^\| EC2 nodes, t3\.medium \| 2 x 730 h \| \$0\.0456\/hour \| \$66\.58 \|/m);
        assert.match(
            text,
            /Prices: live for us-east-1 from the AWS Price List Query API, \d{4}-\d{2}-\d{2}, \d+ found; the rest from the table/,
        );
        assert.equal(status, 0, "us-east-1's table prices the rest");
        const offline: string[] = [];
        await asStack(MOCK_STACK, () =>
            costMain(["eu", "--stack-file", stack, "--offline"], { env, out: (l) => offline.push(l), err: (l) => offline.push(l) }, fake),
        );
        assert.match(offline.join("\n"), /\| EC2 nodes, t3\.medium \| 2 x 730 h \| \$0\.0416\/hour/, "--offline: the table");
        // In a region the table lacks, what the API did not give stays unpriced, and the total says it is incomplete.
        const dir = tempDir("live");
        try {
            const file = path.join(dir, "Pulumi.eu.yaml");
            fs.writeFileSync(file, stringify({ config: { ...stackSettings("dev"), "aws:region": "sa-east-1" } }));
            const eu: string[] = [];
            // The API answers with eu-west-1's little catalog, as if it were sa-east-1's.
            const code = await asStack(MOCK_STACK, () =>
                costMain(["eu", "--stack-file", file], { env, out: (l) => eu.push(l), err: (l) => eu.push(l) }, async (q) =>
                    fake({ ...q, equal: { ...q.equal, regionCode: "eu-west-1" } }),
                ),
            );
            const text = eu.join("\n");
            assert.equal(code, INCOMPLETE, text);
            assert.match(text, /^\| EC2 nodes, t3\.medium \| 2 x 730 h \| \$0\.0456\/hour/m);
            assert.match(text, /^\| ECR image storage \| .* \| unpriced \| unpriced \|/m);
            assert.match(text, /live for sa-east-1 from the AWS Price List Query API, .*; the rest unpriced\./);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("credentials: the variables a shell or a CI job sets", () => {
        assert.equal(hasAwsCredentials({}), false);
        assert.equal(hasAwsCredentials({ AWS_PROFILE: "" }), false);
        assert.equal(hasAwsCredentials({ AWS_PROFILE: "dev" }), true);
        assert.equal(hasAwsCredentials({ AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token" }), true);
    });
});
