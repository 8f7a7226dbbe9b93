/** The price table's reach: the regions it prices whole, what it leaves unpriced, and that nothing unpriced passes for free. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { ASSUMED, compareEstimates, lastLine } from "../../tools/costModel";
import { INCOMPLETE } from "../../tools/cost";
import { MOST_ABOVE_US_EAST_1, PRICES, Price, RegionPrices } from "../../tools/prices";
import { ROOT, stackSettings } from "../program";
import { tempDir } from "../scratch";
import { costOf, runCost } from "./costRun";

describe("cost estimate: regions and unpriced items", () => {
    const dev = stackSettings("dev");

    it("an unknown region or instance type is unpriced, named, and left out of the total, never priced at zero", async () => {
        const far = await costOf(dev, "ap-southeast-7");
        assert.ok(far.lines.length > 5 && far.lines.every((l) => l.monthly === undefined && l.unitPrice === "unpriced"));
        assert.equal(far.unpriced.length, far.lines.length);
        const odd = await costOf({ ...dev, "fastapi-eks:nodeInstanceType": "x2iedn.xlarge" });
        assert.deepEqual(odd.unpriced, ["EC2 nodes, x2iedn.xlarge"]);
        assert.equal(odd.total, Math.round(odd.lines.reduce((s, l) => s + (l.monthly ?? 0), 0) * 100) / 100);
        // Its last line never looks like a whole total, and neither does a comparison into it.
        assert.equal(lastLine(odd), `total: incomplete, $${odd.total.toFixed(2)}/month without 1 unpriced item (EC2 nodes, x2iedn.xlarge)`);
        const whole = await costOf(dev);
        const compared = compareEstimates("dev", whole, far).split("\n");
        assert.match(compared[0], /\(the change is unknown: an item is unpriced\)$/);
        assert.match(compared.pop() as string, /^total: incomplete, \$0\.00\/month without \d+ unpriced items /);
    });

    it("the table prices dev and prod whole in each of its seven regions; abroad, what it leaves out is unpriced, never free", async () => {
        const regions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];
        assert.deepEqual(Object.keys(PRICES).sort(), [...regions].sort());
        for (const settings of [dev, stackSettings("prod")])
            for (const region of regions) assert.deepEqual((await costOf(settings, region)).unpriced, [], region);
        const frankfurt = await costOf({ ...dev, "fastapi-eks:database": "aurora" }, "eu-central-1");
        assert.deepEqual(frankfurt.unpriced, ["Aurora Serverless v2 capacity", "Aurora storage", "Aurora I/O"]);
        // No price of these regions is below us-east-1's, nor far above it: a slipped digit shows here.
        const home = PRICES["us-east-1"];
        const usd = (p: Price | Record<string, Price> | undefined) => (p && "usd" in p ? (p.usd as number) : undefined);
        for (const region of regions) {
            const there = PRICES[region];
            const pairs: [string, number | undefined, number | undefined][] = [
                ...(Object.keys(home) as (keyof RegionPrices)[]).map(
                    (k) => [k, usd(home[k]), usd(there[k])] as [string, number | undefined, number | undefined],
                ),
                ...Object.entries(there.instances ?? {}).map(
                    ([t, p]) => [t, home.instances?.[t]?.usd, p.usd] as [string, number | undefined, number | undefined],
                ),
            ];
            for (const [what, a, b] of pairs)
                if (b !== undefined)
                    assert.ok(a !== undefined && b >= a && b <= a * MOST_ABOVE_US_EAST_1, `${region} ${what}: $${b} against $${a}`);
        }
    });

    it("docs/cost.md states the bound the prices abroad are held to, and the control plane's assumed log volumes", () => {
        const doc = fs.readFileSync(path.join(ROOT, "docs", "cost.md"), "utf8").replace(/\s+/g, " ");
        assert.ok(doc.includes(`between us-east-1's and ${MOST_ABOVE_US_EAST_1} times it`));
        const gb = ASSUMED.logsGbByType;
        const total = Object.values(gb).reduce((s, v) => s + v, 0);
        assert.ok(doc.includes(`assumed at ${Math.round(total)} GB a month for all five types`), "the total");
        assert.ok(doc.includes(`assumed at ${gb.api * 1000} MB a month each`), "each of the four");
        assert.ok(["api", "authenticator", "controllerManager", "scheduler"].every((t) => gb[t] === gb.api));
    });

    it("an incomplete estimate exits 3, after printing it (a whole one exits 0: the docs tables' test)", async () => {
        const dir = tempDir("cost-sa");
        try {
            const file = path.join(dir, "Pulumi.sa.yaml");
            fs.writeFileSync(file, stringify({ config: { ...dev, "aws:region": "sa-east-1" } }));
            const far = await runCost(["sa", "--stack-file", file]);
            assert.equal(far.status, INCOMPLETE, far.out);
            assert.match(far.out.split("\n").pop() as string, /^total: incomplete, /);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
