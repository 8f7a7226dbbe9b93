/**
 * The offline plan: evaluates the program with a stack's config under
 * Pulumi's mock runtime, with no cloud credentials, no Pulumi CLI and no
 * network. Prints the resource tree and writes each Kubernetes object as
 * YAML, secret values redacted.
 *
 *   npm run plan -- <stack> [--out <dir>] [--stack-file <Pulumi.<stack>.yaml>]
 *
 * Exit codes: 0 planned; 1 the stack's config is invalid (the problems are
 * printed); 2 bad usage.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { ConfigError } from "../config";
import {
    ROOT,
    Registration,
    enableFeatures,
    evaluateProgram,
    installMockRuntime,
    isKubernetesObject,
    mapSecrets,
    registrations,
    reveal,
    stackConfigFile,
} from "./mockRuntime";

export const REDACTED = "[secret]";
const SECRET_TYPE = "kubernetes:core/v1:Secret";

/** Deep copy with every secret value replaced by REDACTED; a Secret's data is redacted key by key whatever its marking. */
export function redact(type: string, inputs: unknown): any {
    const out = mapSecrets(inputs, () => REDACTED) as Record<string, any>;
    if (type === SECRET_TYPE) {
        // Keep the keys, so that the manifest stays a valid Secret for linters; drop every value.
        const plain = reveal<Record<string, Record<string, unknown> | undefined>>(inputs);
        for (const field of ["data", "stringData"]) {
            const data = plain[field];
            if (data !== undefined) out[field] = Object.fromEntries(Object.keys(data).map((k) => [k, REDACTED]));
        }
    }
    return out;
}

/** `Kind name` of the resource a URN names, e.g. `Subnet platform-network-private-0`. */
const short = (urn: string) => {
    const [, , qualifiedType, name] = urn.split("::");
    return `${(qualifiedType.split("$").pop() as string).split(":").pop()} ${name}`;
};

/** The resource tree: one line per resource, indented under its parent, with what it waits for. */
export function resourceTree(regs: Registration[]): string {
    const children = new Map<string, Registration[]>();
    const known = new Set(regs.map((r) => r.urn));
    for (const r of regs) {
        const parent = known.has(r.parent) ? r.parent : "";
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const lines: string[] = [];
    const walk = (parent: string, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            const deps = r.dependencies.filter((d) => d !== r.parent).map(short);
            lines.push(`${"  ".repeat(depth)}${r.type} ${r.name}${deps.length > 0 ? `  <- ${deps.join(", ")}` : ""}`);
            walk(r.urn, depth + 1);
        }
    };
    walk("", 0);
    return lines.join("\n");
}

/** The Kubernetes API objects among the registrations (not Helm releases), redacted, each with a file name. */
export function kubernetesManifests(regs: Registration[]): { file: string; object: Record<string, any> }[] {
    return regs
        .filter(isKubernetesObject)
        .map((r) => {
            const object = redact(r.type, r.inputs);
            const parts = [object.kind, object.metadata?.namespace, object.metadata?.name].filter((p) => typeof p === "string");
            return { file: `${parts.join("_").toLowerCase()}.yaml`, object };
        });
}

export async function main(argv: string[]): Promise<number> {
    const [stack, ...rest] = argv;
    const option = (name: string) => {
        const i = rest.indexOf(name);
        return i >= 0 ? rest[i + 1] : undefined;
    };
    if (!stack || stack.startsWith("-")) {
        console.error("usage: npm run plan -- <stack> [--out <dir>] [--stack-file <file>]");
        return 2;
    }
    const stackFile = option("--stack-file") ?? path.join(ROOT, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        console.error(`no stack file ${stackFile}`);
        return 2;
    }
    const outDir = path.resolve(option("--out") ?? path.join(ROOT, "plan-out", stack));

    installMockRuntime(stack);
    await enableFeatures();
    const { config, secretKeys } = stackConfigFile(stackFile);
    let outputs: Record<string, unknown>;
    try {
        outputs = await evaluateProgram(config, secretKeys);
    } catch (e) {
        if (e instanceof ConfigError) {
            console.error(e.message);
            return 1;
        }
        throw e;
    }
    const regs = registrations();
    console.log(`Plan for stack ${stack}: ${regs.length} resources (under Pulumi's mock runtime; no cloud calls)\n`);
    console.log(resourceTree(regs));

    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    const manifests = kubernetesManifests(regs);
    for (const m of manifests) fs.writeFileSync(path.join(outDir, m.file), stringify(m.object));
    console.log(`\n${manifests.length} Kubernetes objects written to ${outDir}, secret values redacted.`);
    console.log(`Stack outputs: ${Object.keys(outputs).join(", ")}`);
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e) => {
            console.error(e);
            process.exit(1);
        },
    );
}
