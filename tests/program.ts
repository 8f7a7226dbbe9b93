/** Runs the whole program (index.ts) under the mocks, with a given stack config. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ROOT, evaluateProgram, stackConfigFile } from "../tools/mockRuntime";
import { Registration, registrations, restoreRegistrations } from "./harness";

export { ROOT };

/** The `config:` of Pulumi.<stack>.yaml, as the CLI hands it to the program: every value a string. */
export function stackConfig(stack: string): Record<string, string> {
    return stackConfigFile(path.join(ROOT, `Pulumi.${stack}.yaml`)).config;
}

/** The `config:` block of Pulumi.yaml. */
export function projectConfigDeclarations(): Record<string, { type: string; description?: string; default?: unknown; secret?: boolean }> {
    return (parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: any }).config;
}

export type ProgramOutputs = Awaited<ReturnType<typeof evaluateProgram>>;

/** Runs already made, by config: the program is deterministic, so a second run would register the same. */
const runs = new Map<string, { saved: Registration[]; outputs: ProgramOutputs }>();

/**
 * Evaluates index.ts with the config and waits for every registration; see
 * evaluateProgram. A config seen before gets the recorded run back instead of
 * a new one.
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
