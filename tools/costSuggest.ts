/**
 * `npm run cost -- <stack> --suggest`: the cheaper choices a user could make,
 * each priced alone against the stack as it is, with its saving and what it
 * gives up. A choice that changes nothing for the stack is left out.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { Estimate, estimate } from "./costModel";
import { registrations } from "./offline/mockRuntime";
import { PlanIo, evaluateStack } from "./plan";
import { RegionPrices } from "./prices";
import { CONTROL_PLANE_LOG_TYPES } from "../components/cluster/eksCluster";

/** One cheaper choice: what it sets, given the stack's config (undefined when it does not apply), and what it costs the user. */
export interface Choice {
    name: string;
    set: (config: Record<string, unknown>) => Record<string, unknown> | undefined;
    givesUp: string;
    /** Gives up no data and no security control: stacks/Pulumi.lean-dev.yaml takes every such choice. */
    safe: boolean;
}

/** Graviton types of the same size as x86 ones in the price table. */
export const GRAVITON: Record<string, string> = { "t3.medium": "t4g.medium", "m6i.large": "m7g.large", "m7i.large": "m7g.large" };

const key = (k: string) => `fastapi-eks:${k}`;
const nodeGroup = (c: Record<string, unknown>) => String(c[key("createCluster")]) === "true" && String(c[key("autoMode")]) !== "true";

export const CHOICES: Choice[] = [
    {
        name: "Graviton nodes",
        set: (c) => {
            const arm = GRAVITON[String(c[key("nodeInstanceType")] ?? "t3.medium")];
            return nodeGroup(c) && arm ? { nodeInstanceType: arm } : undefined;
        },
        givesUp: "arm64 nodes: the image is built for arm64 under a tag of its own, and any image added later must be multi-arch",
        safe: true,
    },
    {
        name: "One node",
        set: (c) => (nodeGroup(c) && Number(c[key("nodeDesiredSize")] ?? 2) > 1 ? { nodeMinSize: 1, nodeDesiredSize: 1 } : undefined),
        givesUp:
            "a spare node: when the node fails or is replaced, the app and the database stop until another starts (the autoscaler still adds nodes under load)",
        safe: true,
    },
    {
        name: "One NAT gateway",
        set: (c) => (String(c[key("natGatewayPerAz")]) === "true" ? { natGatewayPerAz: false } : undefined),
        givesUp: "a zone's outage cuts the nodes in the other zones off from the internet: no image pulls, no AWS APIs",
        safe: true,
    },
    {
        name: "No audit log",
        set: (c) => {
            const set = c[key("controlPlaneLogTypes")];
            const types = Array.isArray(set) ? set.map(String) : [...CONTROL_PLANE_LOG_TYPES];
            const created = String(c[key("createCluster")]) === "true";
            return created && types.includes("audit") ? { controlPlaneLogTypes: types.filter((t) => t !== "audit") } : undefined;
        },
        givesUp:
            "the control plane's audit log, the record of who did what in the cluster, which an incident or a security review asks for",
        safe: false,
    },
];

/** The config lines a user runs for a choice: a list is set afresh, item by item. */
const commands = (set: Record<string, unknown>) =>
    Object.entries(set)
        .flatMap(([k, v]) =>
            Array.isArray(v)
                ? [`pulumi config rm ${k}`, ...v.map((item, i) => `pulumi config set --path '${k}[${i}]' ${item}`)]
                : [`pulumi config set ${k} ${v}`],
        )
        .join(" && ");

/** Each applicable choice priced alone, as a Markdown table, against the stack's own estimate. */
export async function suggest(
    stack: string,
    stackFile: Record<string, any>,
    base: Estimate,
    io: PlanIo,
    prices: Partial<RegionPrices> | undefined,
): Promise<string> {
    const config = (stackFile.config ?? {}) as Record<string, unknown>;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fastapi-eks-suggest-"));
    const rows: string[] = [];
    try {
        for (const choice of CHOICES) {
            const set = choice.set(config);
            if (set === undefined) continue;
            const file = path.join(dir, `Pulumi.${stack}.yaml`);
            const changed = { ...config, ...Object.fromEntries(Object.entries(set).map(([k, v]) => [key(k), v])) };
            fs.writeFileSync(file, stringify({ ...stackFile, config: changed }));
            const evaluated = await evaluateStack(stack, file, io, []);
            if (evaluated === 1) continue;
            const e = estimate(registrations(), base.region, prices);
            const saving = base.total - e.total;
            const note = e.unpriced.length + base.unpriced.length > 0 ? " (incomplete: an item is unpriced)" : "";
            rows.push(
                `| ${choice.name} | \`${commands(set)}\` | $${e.total.toFixed(2)} | $${saving.toFixed(2)}${note} | ${choice.givesUp} |`,
            );
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    return [
        `Cheaper choices for stack ${stack} (${base.region}), each alone against its $${base.total.toFixed(2)}/month:`,
        "",
        ...(rows.length === 0
            ? [
                  `None: the stack makes none of the choices this tool knows (${CHOICES.map((c) => c.name.toLowerCase()).join(", ")}) more cheaply.`,
              ]
            : ["| choice | config | per month | saving | what it gives up |", "| --- | --- | --- | --- | --- |", ...rows]),
    ].join("\n");
}
