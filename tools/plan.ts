/**
 * The offline plan: evaluates the program with a stack's config under
 * Pulumi's mock runtime, with no cloud credentials, no Pulumi CLI and no
 * network. Prints the resource tree and writes each Kubernetes object as
 * YAML, secret values redacted.
 *
 *   npm run plan -- <stack> [--out <dir>] [--stack-file <Pulumi.<stack>.yaml>]
 *
 * The stack file goes through the CLI's config step first (cliConfig.ts), so
 * the plan stops where `pulumi preview` would. Exit codes: 0 planned; 1 the
 * CLI or the program refused the config (the message is printed); 2 bad
 * usage, or an --out folder the plan did not make.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { ConfigError } from "../config";
import { CliError, StackFile, readStackFile } from "./offline/cliConfig";
import { passphraseCrypter } from "./offline/passphrase";
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
} from "./offline/mockRuntime";

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
    return regs.filter(isKubernetesObject).map((r) => {
        const object = redact(r.type, r.inputs);
        const parts = [object.kind, object.metadata?.namespace, object.metadata?.name].filter((p) => typeof p === "string");
        return { file: `${parts.join("_").toLowerCase()}.yaml`, object };
    });
}

export const USAGE = "usage: npm run plan -- <stack> [--out <dir>] [--stack-file <file>]";

/** Marks a folder as the plan's own output, so that a later plan may empty it. */
export const PLAN_MARKER = ".fastapi-eks-plan";
const PLACEHOLDER = "offline-placeholder-for-an-encrypted-value";

export interface PlanArgs {
    stack: string;
    out: string;
    stackFile: string;
}

/** Parses the command line; relative paths are taken from `cwd` (npm passes the caller's folder as INIT_CWD). */
export function parseArgs(argv: string[], cwd: string): PlanArgs | string {
    const [stack, ...rest] = argv;
    if (!stack || stack.startsWith("-")) return "a stack name is required";
    const options: Record<string, string> = {};
    for (let i = 0; i < rest.length; i += 2) {
        const [name, value] = [rest[i], rest[i + 1]];
        if (name !== "--out" && name !== "--stack-file") return `unknown argument ${JSON.stringify(name)}`;
        if (value === undefined || value.startsWith("-")) return `${name} needs a value`;
        if (options[name] !== undefined) return `${name} is given twice`;
        options[name] = value;
    }
    return {
        stack,
        out: options["--out"] ? path.resolve(cwd, options["--out"]) : path.join(ROOT, "plan-out", stack),
        stackFile: options["--stack-file"] ? path.resolve(cwd, options["--stack-file"]) : path.join(ROOT, `Pulumi.${stack}.yaml`),
    };
}

/** Empties `dir` for a new plan, or refuses (returns why) when it holds anything the plan did not write. */
export function prepareOutDir(dir: string): string | undefined {
    if (fs.existsSync(dir)) {
        if (!fs.statSync(dir).isDirectory()) return `--out ${dir} is a file, not a folder`;
        const entries = fs.readdirSync(dir);
        if (entries.length > 0 && !entries.includes(PLAN_MARKER)) {
            return `--out ${dir} is not empty and holds no earlier plan (no ${PLAN_MARKER}); name a new or empty folder`;
        }
        for (const entry of entries) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    }
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, PLAN_MARKER), "Written by npm run plan; the next plan into this folder empties it.\n");
    return undefined;
}

/**
 * How the plan opens `secure:` values: with the stack's passphrase when the
 * stack uses the passphrase provider and PULUMI_CONFIG_PASSPHRASE(_FILE) is
 * set, as the CLI does; otherwise each becomes a placeholder (still secret).
 */
function decrypterFor(stackFile: StackFile, env: NodeJS.ProcessEnv, notes: string[]): (ciphertext: string) => string {
    const passphrase =
        env.PULUMI_CONFIG_PASSPHRASE ??
        (env.PULUMI_CONFIG_PASSPHRASE_FILE ? fs.readFileSync(env.PULUMI_CONFIG_PASSPHRASE_FILE, "utf8").trimEnd() : undefined);
    if (stackFile.encryptionsalt && passphrase !== undefined) {
        try {
            return passphraseCrypter(passphrase, stackFile.encryptionsalt).decrypt;
        } catch (e) {
            throw new CliError(`the stack's passphrase: ${(e as Error).message}`);
        }
    }
    return () => {
        if (notes.length === 0)
            notes.push(
                "Encrypted values were not decrypted offline (set PULUMI_CONFIG_PASSPHRASE for a passphrase stack); placeholders stood in for them.",
            );
        return PLACEHOLDER;
    };
}

/** Where the plan runs: the environment (PULUMI_CONFIG_PASSPHRASE, INIT_CWD) and where it prints. */
export interface PlanIo {
    env: NodeJS.ProcessEnv;
    out(line: string): void;
    err(line: string): void;
}

export const processIo: PlanIo = { env: process.env, out: (l) => console.log(l), err: (l) => console.error(l) };

/**
 * The stack's program run offline under its own name, its config through the
 * CLI's step first. A config the CLI or the program refuses is printed, and
 * comes back as exit code 1.
 */
export async function evaluateStack(
    stack: string,
    stackFilePath: string,
    io: PlanIo,
    notes: string[],
): Promise<{ outputs: Record<string, unknown>; stackFile: StackFile } | 1> {
    installMockRuntime(stack);
    await enableFeatures();
    try {
        const stackFile = readStackFile(stackFilePath);
        return { outputs: await evaluateProgram(stackFile, decrypterFor(stackFile, io.env, notes)), stackFile };
    } catch (e) {
        if (e instanceof ConfigError || e instanceof CliError) {
            io.err(e.message);
            return 1;
        }
        throw e;
    }
}

/** A command's parsed arguments, or 2 once it has printed why they will not do (with the usage line). */
export function usableArgs<T extends { stackFile: string }>(args: T | string, io: PlanIo, usage: string): T | 2 {
    if (typeof args !== "string" && fs.existsSync(args.stackFile)) return args;
    io.err(`${typeof args === "string" ? args : `no stack file ${args.stackFile}`}\n${usage}`);
    return 2;
}

/** Runs a command's main when its file is the process's entry: its exit code, or 1 with the error. */
export function runAsMain(mod: NodeModule, main: (argv: string[]) => Promise<number>): void {
    if (require.main !== mod) return;
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e) => {
            console.error(e);
            process.exit(1);
        },
    );
}

export async function main(argv: string[], io: PlanIo = processIo): Promise<number> {
    const args = usableArgs(parseArgs(argv, io.env.INIT_CWD ?? process.cwd()), io, USAGE);
    if (args === 2) return 2;
    const notes: string[] = [];
    const evaluated = await evaluateStack(args.stack, args.stackFile, io, notes);
    if (evaluated === 1) return 1;
    const { outputs } = evaluated;
    const refused = prepareOutDir(args.out);
    if (refused !== undefined) {
        io.err(refused);
        return 2;
    }
    const regs = registrations();
    io.out(`Plan for stack ${args.stack}: ${regs.length} resources (under Pulumi's mock runtime; no cloud calls)\n`);
    io.out(resourceTree(regs));
    const manifests = kubernetesManifests(regs);
    for (const m of manifests) fs.writeFileSync(path.join(args.out, m.file), stringify(m.object));
    io.out(`\n${manifests.length} Kubernetes objects written to ${args.out}, secret values redacted.`);
    io.out(
        `Stack outputs: ${Object.keys(outputs)
            .filter((k) => outputs[k] !== undefined)
            .join(", ")}`,
    );
    for (const note of notes) io.out(note);
    return 0;
}

runAsMain(module, main);
