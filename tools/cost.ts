/**
 * The monthly cost of a stack, from its program evaluated offline (as the
 * plan does: the CLI's config step, then index.ts under the mock runtime) and
 * the dated price table in tools/prices.ts.
 *
 *   npm run cost -- <stack> [--stack-file <file>] [--json] [--compare <estimate.json | git ref>] [--suggest] [--offline]
 *
 * --json prints the estimate as JSON (to compare against later); --compare
 * prints what changes from a saved estimate, or from the same stack at
 * another revision (evaluated in a temporary git worktree); --suggest adds
 * the cheaper choices a user could make, each priced alone (costSuggest.ts).
 * With AWS credentials in the environment the prices are live, for the
 * stack's region (costPrices.ts); --offline keeps to the dated table. Exit codes: 0
 * estimated, every item priced; 1 the config was refused; 2 bad usage; 3
 * estimated, but incomplete: an item is unpriced, and the last line says so.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Estimate, compareEstimates, estimate, formatEstimate } from "./costModel";
import { ROOT, registrations } from "./offline/mockRuntime";
import { PlanIo, evaluateStack, processIo, runAsMain, usableArgs } from "./plan";
import { suggest } from "./costSuggest";
import { pricesFor } from "./costPrices";
import { GetProducts } from "./livePrices";

/** The exit status of an estimate that leaves an unpriced item out of its total. */
export const INCOMPLETE = 3;

const USAGE =
    "usage: npm run cost -- <stack> [--stack-file <Pulumi.<stack>.yaml>] [--json] [--compare <estimate.json | git ref>] [--suggest] [--offline]";

interface CostArgs {
    stack: string;
    stackFile: string;
    json: boolean;
    compare?: string;
    suggest: boolean;
    offline: boolean;
}

function parseArgs(argv: string[], cwd: string): CostArgs | string {
    const rest = [...argv];
    let stackFile: string | undefined;
    let compare: string | undefined;
    let json = false;
    let suggest = false;
    let offline = false;
    const positional: string[] = [];
    while (rest.length > 0) {
        const a = rest.shift() as string;
        if (a === "--json") json = true;
        else if (a === "--suggest") suggest = true;
        else if (a === "--offline") offline = true;
        else if (a === "--stack-file" || a === "--compare") {
            const v = rest.shift();
            if (v === undefined) return `${a} needs a value`;
            if (a === "--stack-file") stackFile = path.resolve(cwd, v);
            else compare = v;
        } else if (a.startsWith("-")) return `unknown option ${a}`;
        else positional.push(a);
    }
    if (positional.length !== 1) return positional.length === 0 ? "name the stack" : `one stack at a time, not ${positional.join(" ")}`;
    const stack = positional[0];
    return {
        stack,
        stackFile: stackFile ?? path.join(ROOT, `Pulumi.${stack}.yaml`),
        json,
        suggest,
        offline,
        compare: compare && fs.existsSync(path.resolve(cwd, compare)) ? path.resolve(cwd, compare) : compare,
    };
}

/**
 * The same stack's estimate at another revision of `repo`: that revision's own
 * tools/cost.ts, run in a temporary worktree that shares this checkout's
 * node_modules, then removed. A message instead when there is none.
 */
export function estimateAtRevision(ref: string, stack: string, stackFilePath: string, repo = ROOT): Estimate | string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fastapi-eks-cost-"));
    const git = (...args: string[]) => spawnSync("git", args, { cwd: repo, encoding: "utf8" });
    const added = git("worktree", "add", "--detach", dir, ref);
    if (added.status !== 0) {
        fs.rmSync(dir, { recursive: true, force: true });
        return `git worktree add ${ref}: ${added.stderr.trim()}`;
    }
    try {
        if (!fs.existsSync(path.join(dir, "tools", "cost.ts"))) return `${ref} has no cost estimate (tools/cost.ts)`;
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
        const relative = path.relative(repo, stackFilePath);
        const file = fs.existsSync(path.join(dir, relative)) ? path.join(dir, relative) : stackFilePath;
        const tsNode = path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js");
        const run = spawnSync(process.execPath, [tsNode, "--transpile-only", "tools/cost.ts", stack, "--stack-file", file, "--json"], {
            cwd: dir,
            encoding: "utf8",
        });
        // An incomplete estimate is still one: its JSON names what it leaves out.
        if (run.status !== 0 && run.status !== INCOMPLETE) return `the estimate at ${ref} failed:\n${run.stderr}${run.stdout}`;
        return JSON.parse(run.stdout) as Estimate;
    } finally {
        git("worktree", "remove", "--force", dir);
    }
}

export async function main(argv: string[], io: PlanIo = processIo, getProducts?: GetProducts): Promise<number> {
    const args = usableArgs(parseArgs(argv, io.env.INIT_CWD ?? process.cwd()), io, USAGE);
    if (args === 2) return 2;
    const evaluated = await evaluateStack(args.stack, args.stackFile, io, []);
    if (evaluated === 1) return 1;
    const region = String((evaluated.stackFile.config ?? {})["aws:region"] ?? "") || "(no aws:region)";
    const { prices, note } = await pricesFor(region, registrations(), io.env, args.offline, getProducts);
    const head = { ...estimate(registrations(), region, prices), priceNote: note };
    const status = head.unpriced.length > 0 ? INCOMPLETE : 0;
    if (args.json) {
        io.out(JSON.stringify(head, null, 2));
        return status;
    }
    if (args.suggest) {
        io.out(`${formatEstimate(args.stack, head)}\n\n${await suggest(args.stack, evaluated.stackFile, head, io, prices)}`);
        return status;
    }
    if (args.compare === undefined) {
        io.out(formatEstimate(args.stack, head));
        return status;
    }
    const base = fs.existsSync(args.compare)
        ? (JSON.parse(fs.readFileSync(args.compare, "utf8")) as Estimate)
        : estimateAtRevision(args.compare, args.stack, args.stackFile);
    if (typeof base === "string") {
        io.out(`${base}; the estimate alone:\n\n${formatEstimate(args.stack, head)}`);
        return status;
    }
    io.out(compareEstimates(args.stack, base, head));
    return status;
}

runAsMain(module, main);
