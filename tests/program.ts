/** Runs the whole program (index.ts) under the mocks, with a given stack config. */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { Registration, registrations, resetRegistrations, restoreRegistrations, settle } from "./harness";

export const ROOT = path.resolve(__dirname, "..");

/** The `config:` of Pulumi.<stack>.yaml, as the CLI hands it to the program: every value a string. */
export function stackConfig(stack: string): Record<string, string> {
    const doc = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** The `config:` block of Pulumi.yaml. */
export function projectConfigDeclarations(): Record<string, { type: string; description?: string; default?: unknown; secret?: boolean }> {
    return (parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: any }).config;
}

export type ProgramOutputs = Record<string, pulumi.Output<unknown>>;

/** Runs already made, by config: the program is deterministic, so a second run would register the same. */
const runs = new Map<string, { saved: Registration[]; outputs: ProgramOutputs }>();

/**
 * Sets the stack config, evaluates index.ts afresh and waits until every
 * resource it starts has been registered. Returns the stack outputs. A config
 * seen before gets the recorded run back instead of a new one.
 */
export async function runProgram(config: Record<string, string>): Promise<ProgramOutputs> {
    const key = JSON.stringify(Object.entries(config).sort());
    const earlier = runs.get(key);
    if (earlier) {
        restoreRegistrations(earlier.saved);
        return earlier.outputs;
    }
    const outputs = await evaluateProgram(config);
    runs.set(key, { saved: [...registrations()], outputs });
    return outputs;
}

async function evaluateProgram(config: Record<string, string>): Promise<ProgramOutputs> {
    resetRegistrations();
    pulumi.runtime.setAllConfig(config);
    const entry = require.resolve(path.join(ROOT, "index"));
    delete require.cache[entry];
    try {
        return require(entry) as ProgramOutputs;
    } finally {
        await settle();
    }
}
