/** The cost estimate: the README's tables are its output, each setting moves the right lines, and nothing unpriced passes for free. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Estimate, compareEstimates } from "../../tools/costModel";
import { estimateAtRevision } from "../../tools/cost";
import { ROOT, stackSettings } from "../program";
import { tempDir } from "../scratch";
import { costOf, line, monthly, runCost } from "./costRun";
import { CHOICES } from "../../tools/costSuggest";

describe("cost estimate", () => {
    const dev = stackSettings("dev");

    for (const stack of ["dev", "prod"]) {
        it(`docs/cost.md's ${stack} table is the tool's output for the committed stack, and the README's figures are its total`, async () => {
            const { status, out } = await runCost([stack]);
            assert.equal(status, 0, out);
            const doc = fs.readFileSync(path.join(ROOT, "docs", "cost.md"), "utf8");
            const block = new RegExp(`<!-- cost:${stack} -->\\n([\\s\\S]*?)\\n<!-- /cost:${stack} -->`).exec(doc);
            assert.ok(block, `docs/cost.md has the ${stack} table`);
            assert.equal(block[1], out, `docs/cost.md's ${stack} cost table is stale: paste the output of npm run cost -- ${stack}`);
            const total = /^total: \$(\d+\.\d{2})\/month$/.exec(out.split("\n").pop() as string);
            assert.ok(total);
            const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8").replace(/\s+/g, " ");
            const hourly = (Number(total[1]) / 730).toFixed(2);
            assert.ok(
                readme.includes(`${stack} stack costs about $${hourly} an hour ($${total[1]} a month)`),
                `README: ${stack} at $${hourly} an hour`,
            );
        });
    }

    it("observability: the alarms at $0.10 a metric and the backups' 2 metrics; none when off; Container Insights' metrics unpriced, never free", async () => {
        const alarms = await costOf(dev);
        assert.equal(line(alarms, "CloudWatch alarms")?.quantity, "5 alarm metrics");
        assert.equal(monthly(alarms, "CloudWatch alarms"), 0.5);
        assert.equal(monthly(alarms, "CloudWatch custom metrics, the backups'"), 0.6);
        const off = await costOf({ ...dev, "fastapi-eks:observability": "off" });
        assert.equal(line(off, "CloudWatch alarms"), undefined);
        assert.equal(line(off, "CloudWatch custom metrics"), undefined);
        assert.equal(Math.round((alarms.total - off.total) * 100) / 100, 1.1);
        const full = await costOf({ ...dev, "fastapi-eks:observability": "full" });
        assert.equal(monthly(full, "CloudWatch Logs, Container Insights, ingested"), 0.5);
        assert.ok(
            full.unpriced.some((u) => u.startsWith("Container Insights metrics")),
            "unpriced, and said so",
        );
    });

    it("the dev stack: the control plane, two t3.medium nodes, one NAT gateway, the ALB and three public addresses", async () => {
        const e = await costOf(dev);
        assert.equal(monthly(e, "EKS control plane"), 73);
        assert.equal(monthly(e, "EC2 nodes, t3.medium"), 60.74);
        assert.equal(monthly(e, "NAT gateways"), 32.85);
        assert.equal(monthly(e, "Application Load Balancer"), 16.43);
        assert.equal(line(e, "Public IPv4")?.quantity, "3 x 730 h");
        assert.equal(e.unpriced.length, 0);
        assert.equal(e.total, Math.round(e.lines.reduce((s, l) => s + (l.monthly ?? 0), 0) * 100) / 100);
        for (const usage of ["NAT gateway data processed", "ALB capacity units", "CloudWatch Logs", "S3 backups", "ECR image storage"]) {
            assert.ok(line(e, usage)?.assumption, `${usage} says what usage it assumes`);
        }
    });

    it("nodes, instance type and NAT per zone move their own lines, and only those", async () => {
        const base = await costOf(dev);
        const more = await costOf({ ...dev, "fastapi-eks:nodeDesiredSize": "3", "fastapi-eks:nodeMaxSize": "4" });
        assert.equal(monthly(more, "EC2 nodes, t3.medium"), 91.1);
        assert.equal(monthly(more, "Node root volumes"), 6); // 3 x 20 GiB of gp2 at $0.10
        const bigger = await costOf({ ...dev, "fastapi-eks:nodeInstanceType": "m6i.large" });
        assert.equal(monthly(bigger, "EC2 nodes, m6i.large"), 140.16);
        assert.equal(line(bigger, "EC2 nodes, t3.medium"), undefined);
        const perZone = await costOf({ ...dev, "fastapi-eks:natGatewayPerAz": "true" });
        assert.equal(monthly(perZone, "NAT gateways"), 65.7);
        assert.equal(line(perZone, "Public IPv4")?.quantity, "4 x 730 h");
        const changed = (e: Estimate) => e.lines.filter((l) => line(base, l.item)?.monthly !== l.monthly).map((l) => l.item.split(",")[0]);
        assert.deepEqual(changed(perZone), ["NAT gateways", "Public IPv4 addresses (NAT"]);
        const replicas = await costOf({ ...dev, "fastapi-eks:appReplicas": "3" });
        assert.deepEqual(changed(replicas), [], "on a node group, more app pods cost nothing more");
    });

    it("Auto Mode: no node group, instances for the pods' requests plus the management fee; more replicas, more instances", async () => {
        const auto = await costOf({ ...dev, "fastapi-eks:autoMode": "true" });
        assert.equal(line(auto, "EC2 nodes"), undefined);
        assert.equal(line(auto, "EC2 instances (Auto Mode)")?.quantity, "1 x 730 h");
        assert.ok(monthly(auto, "EKS Auto Mode management fee") !== undefined);
        const busy = await costOf({ ...dev, "fastapi-eks:autoMode": "true", "fastapi-eks:appReplicas": "12" });
        assert.ok((monthly(busy, "EC2 instances (Auto Mode)") as number) > (monthly(auto, "EC2 instances (Auto Mode)") as number));
        assert.ok((monthly(busy, "EKS Auto Mode management fee") as number) > (monthly(auto, "EKS Auto Mode management fee") as number));
        // The range: as many c6a.large as the workloads' pool's 32 vCPU allow, 16 at $0.0765 an hour.
        assert.match(line(auto, "EC2 instances (Auto Mode)")?.assumption ?? "", /up to 16 under load, \$893\.52$/);
        // Each node's 80 GiB data volume; and three replicas spread over the VPC's 2 zones need 2 nodes, whatever their CPU.
        assert.equal(monthly(auto, "Auto Mode node volumes, 80 GiB gp3 each"), 6.4);
        const spread = await costOf({ ...dev, "fastapi-eks:autoMode": "true", "fastapi-eks:appReplicas": "3" });
        assert.equal(line(spread, "EC2 instances (Auto Mode)")?.quantity, "2 x 730 h");
        assert.match(line(spread, "EC2 instances (Auto Mode)")?.assumption ?? "", /at least one in each of 2 zones/);
        assert.equal(line(spread, "Auto Mode node volumes")?.quantity, "160 GB-month");
    });

    it("the control plane: $0.60 an hour for a version past standard support on EXTENDED; on STANDARD, EKS upgrades it", async () => {
        // EKS pricing: $0.10 an hour in standard support, $0.60 in extended; 1.33 left standard support on 2026-07-29.
        const old = { ...dev, "fastapi-eks:kubernetesVersion": "1.33" };
        const extended = await costOf({ ...old, "fastapi-eks:supportType": "EXTENDED" });
        assert.equal(monthly(extended, "EKS control plane"), 438);
        assert.match(line(extended, "EKS control plane")?.item ?? "", /extended support: 1\.33 left standard support on 2026-07-29/);
        const upgraded = await costOf(old);
        assert.equal(monthly(upgraded, "EKS control plane"), 73);
        assert.match(line(upgraded, "EKS control plane")?.item ?? "", /EKS upgrades the cluster to the next version/);
        const current = await costOf({ ...dev, "fastapi-eks:supportType": "EXTENDED" });
        assert.equal(monthly(current, "EKS control plane"), 73);
        assert.match(line(current, "EKS control plane")?.item ?? "", /\$0\.60\/hour once the version leaves it on 2027-03-27/);
    });

    it("an autoscaled node group: priced as created, with the range between its bounds", async () => {
        const e = await costOf(dev);
        assert.equal(monthly(e, "EC2 nodes, t3.medium"), 60.74);
        assert.equal(line(e, "EC2 nodes, t3.medium")?.assumption, "2 as created; the autoscaler runs 2 to 4: $60.74 to $121.47");
        const fixed = await costOf({ ...dev, "fastapi-eks:nodeMaxSize": 2 });
        assert.equal(line(fixed, "EC2 nodes, t3.medium")?.assumption, undefined, "no autoscaler, no range");
    });

    it("domainName: the certificate and the alias's queries are priced, at nothing, and the zone, the user's, is left out", async () => {
        const e = await costOf({ ...dev, "fastapi-eks:domainName": "shop.example.com" });
        assert.equal(monthly(e, "ACM public certificate"), 0);
        assert.equal(monthly(e, "Route 53 queries to the site's alias record"), 0);
        assert.match(line(e, "Route 53 queries")?.assumption ?? "", /the hosted zone is yours/);
        assert.equal(e.total, (await costOf(dev)).total);
        assert.equal(line(await costOf(dev), "ACM public certificate"), undefined);
    });

    it("Aurora: capacity at its minimum, storage and I/O, and no database volume", async () => {
        const e = await costOf({ ...dev, "fastapi-eks:database": "aurora" });
        assert.equal(line(e, "Aurora Serverless v2 capacity")?.quantity, "0.5 x 730 h");
        assert.equal(monthly(e, "Aurora Serverless v2 capacity"), 43.8);
        assert.ok(line(e, "Aurora storage")?.assumption && line(e, "Aurora I/O")?.assumption);
        assert.equal(line(e, "EBS gp3 database volume"), undefined);
        assert.equal(monthly(e, "Secrets Manager secret, Aurora's master password"), 0.4);
        assert.equal(line(await costOf(dev), "Aurora Serverless v2 capacity"), undefined);
    });

    it("--suggest prices each cheaper choice alone, with its saving and what it gives up; the lean dev stack takes the biggest", async () => {
        const { status, out } = await runCost(["dev", "--suggest"]);
        assert.equal(status, 0, out);
        const base = await costOf(dev);
        const row = (choice: string) =>
            new RegExp(`^\\| ${choice} \\| \`([^\`]+)\` \\| \\$(\\d+\\.\\d{2}) \\| \\$(\\d+\\.\\d{2}) \\| (.+) \\|$`, "m").exec(out);
        const graviton = row("Graviton nodes");
        assert.ok(graviton, out);
        assert.equal(graviton[1], "pulumi config set nodeInstanceType t4g.medium");
        const arm = await costOf({ ...dev, "fastapi-eks:nodeInstanceType": "t4g.medium" });
        assert.equal(Number(graviton[2]), arm.total);
        assert.equal(Number(graviton[3]), Math.round((base.total - arm.total) * 100) / 100);
        assert.match(graviton[4], /arm64/);
        const one = row("One node");
        assert.ok(one && Number(one[3]) > Number(graviton[3]), "one node saves the most on dev");
        assert.equal(row("One NAT gateway"), null, "dev has one already");
        // Without the audit log, nearly all of the control plane's logs go; the other four types stay.
        const audit = row("No audit log");
        assert.ok(audit, out);
        const rest = ["api", "authenticator", "controllerManager", "scheduler"];
        assert.equal(
            audit[1],
            [
                "pulumi config rm controlPlaneLogTypes",
                ...rest.map((t, i) => `pulumi config set --path 'controlPlaneLogTypes[${i}]' ${t}`),
            ].join(" && "),
        );
        const quiet = await costOf({ ...dev, "fastapi-eks:controlPlaneLogTypes": rest });
        assert.equal(Number(audit[2]), quiet.total);
        assert.ok(Number(audit[3]) > 1 && Number(audit[3]) < 1.1, audit[3]);
        assert.match(audit[4], /who did what/);
        // The lean stack takes every safe choice, and leaves the audit log on.
        const lean = await runCost(["lean-dev", "--stack-file", path.join(ROOT, "stacks", "Pulumi.lean-dev.yaml"), "--suggest"]);
        for (const choice of CHOICES) assert.equal(new RegExp(`^\\| ${choice.name} \\|`, "m").test(lean.out), !choice.safe, choice.name);
        const leanTotal = Number(/^total: \$(\d+\.\d{2})\/month$/m.exec(lean.out)?.[1]);
        assert.ok(leanTotal < Number(one[2]) && leanTotal < Number(graviton[2]), "cheaper than either choice alone");
    });

    it("the local stack: nothing billed by AWS, a whole $0.00, exit 0", async () => {
        const { status, out } = await runCost(["local", "--stack-file", path.join(ROOT, "stacks", "Pulumi.local.yaml")]);
        assert.equal(status, 0, out);
        assert.match(out, /Nothing here is billed by AWS/);
        assert.equal(out.split("\n").pop(), "total: $0.00/month");
    });

    it("control-plane logs: 2 GB a month for all five types, nearly all of it audit; none with no type", async () => {
        const gb = async (types?: string[]) =>
            line(
                await costOf(types ? { ...dev, "fastapi-eks:controlPlaneLogTypes": types } : dev),
                "CloudWatch Logs, control plane, ingested",
            );
        assert.equal((await gb())?.quantity, "2 GB");
        assert.equal((await gb(["audit"]))?.quantity, "1.99 GB");
        assert.equal((await gb(["api", "scheduler"]))?.quantity, "0.005 GB");
        assert.equal(await gb([]), undefined);
    });

    it("--compare against an earlier estimate prints each changed line and the new total", async () => {
        const dir = tempDir("cost");
        try {
            const base = await costOf({ ...dev, "fastapi-eks:nodeDesiredSize": "3", "fastapi-eks:nodeMaxSize": "4" });
            fs.writeFileSync(path.join(dir, "base.json"), JSON.stringify(base));
            const { status, out } = await runCost(["dev", "--compare", path.join(dir, "base.json")]);
            assert.equal(status, 0, out);
            assert.match(out, /^\| EC2 nodes, t3\.medium \| \$91\.10 \| \$60\.74 \| -\$30\.36 \|$/m);
            // gp2: what EKS makes a managed node group's root volumes without a launch template.
            assert.match(out, /^\| Node root volumes, 20 GiB gp2 each \| \$6\.00 \| \$4\.00 \| -\$2\.00 \|$/m);
            assert.doesNotMatch(out, /NAT gateways/);
            assert.match(out.split("\n").pop() as string, /^total: \$\d+\.\d{2}\/month$/);
            assert.match(compareEstimates("dev", base, base), /No line changes\./);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("--compare <git ref> runs that revision's own estimate in a worktree it then removes", () => {
        const repo = tempDir("repo");
        try {
            const git = (...args: string[]) => {
                const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
                    cwd: repo,
                    encoding: "utf8",
                });
                assert.equal(r.status, 0, r.stderr);
                return r.stdout;
            };
            git("init", "-q");
            fs.mkdirSync(path.join(repo, "tools"));
            // That revision's tool, standing in for the real one: it says which stack file it was given.
            const base: Estimate = {
                region: "us-east-1",
                lines: [{ item: "EC2 nodes, t3.medium", quantity: "1 x 730 h", unitPrice: "$0.0416/hour", monthly: 30.37 }],
                total: 30.37,
                unpriced: [],
            };
            fs.writeFileSync(
                path.join(repo, "tools", "cost.ts"),
                `const a = process.argv.slice(2); console.log(JSON.stringify({ ...${JSON.stringify(base)}, region: a[a.indexOf("--stack-file") + 1].endsWith("Pulumi.dev.yaml") ? "us-east-1" : "?" }));\n`,
            );
            fs.writeFileSync(path.join(repo, "Pulumi.dev.yaml"), "config: {}\n");
            fs.writeFileSync(
                path.join(repo, "tsconfig.json"),
                JSON.stringify({ compilerOptions: { module: "commonjs", types: ["node"] } }),
            );
            git("add", ".");
            git("commit", "-qm", "base");
            assert.deepEqual(estimateAtRevision("HEAD", "dev", path.join(repo, "Pulumi.dev.yaml"), repo), base);
            assert.equal(git("worktree", "list").trim().split("\n").length, 1, "the worktree is gone");
            const worktrees = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("fastapi-eks-cost-"));
            const before = worktrees();
            assert.match(
                String(estimateAtRevision("no-such-ref", "dev", path.join(repo, "Pulumi.dev.yaml"), repo)),
                /^git worktree add no-such-ref: /,
            );
            assert.deepEqual(worktrees(), before, "a ref that does not exist leaves no temporary folder behind");
        } finally {
            fs.rmSync(repo, { recursive: true, force: true });
        }
    });

    it("refuses bad usage with the usage line", async () => {
        for (const args of [[], ["dev", "prod"], ["dev", "--colour"], ["dev", "--compare"]]) {
            const { status, out } = await runCost(args);
            assert.equal(status, 2, args.join(" "));
            assert.match(out, /usage: npm run cost -- <stack>/);
        }
    });
});
