/**
 * Runs the whole program (index.ts) under the mocks, always through the
 * Pulumi CLI's config step (tools/cliConfig.ts): a test states what a stack
 * file would hold, and the program sees what `pulumi up` would hand it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { ProgramConfig, StackFile, readStackFile } from "../tools/offline/cliConfig";
import { ROOT, configForStack, enableFeatures, evaluateProgram, installMockRuntime } from "../tools/offline/mockRuntime";
import { earlierOutputs, testMocks } from "./mocks";
import { main as planMain } from "../tools/plan";
import { PassphraseCrypter, newPassphraseCrypter } from "../tools/offline/passphrase";
import { MOCK_STACK, Registration, registrations, restoreRegistrations } from "./harness";

export { ROOT };

/** A stack file's `config:` block: keys as `fastapi-eks:<key>` or `aws:region`, values as YAML gives them. */
export type StackSettings = Record<string, unknown>;

/** The folder of the example stacks, one per documented mode. */
export const EXAMPLES = path.join(ROOT, "stacks");

/** The `config:` of a committed stack: `Pulumi.<stack>.yaml` at the root, or an example in stacks/. */
export function stackSettings(stack: string): StackSettings {
    const atRoot = path.join(ROOT, `Pulumi.${stack}.yaml`);
    return readStackFile(fs.existsSync(atRoot) ? atRoot : path.join(EXAMPLES, `Pulumi.${stack}.yaml`)).config ?? {};
}

/** The `config:` block of Pulumi.yaml. */
export function projectConfigDeclarations(): Record<string, { type: string; description?: string; default?: unknown; secret?: boolean }> {
    return (parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: any }).config;
}

/** The tests' passphrase-provider stack: what `pulumi stack init` with PULUMI_CONFIG_PASSPHRASE set writes. */
export const TEST_PASSPHRASE = "fastapi-eks tests only";
let crypter: PassphraseCrypter | undefined;
const sealed = new Map<string, string>();

function testCrypter(): PassphraseCrypter {
    crypter ??= newPassphraseCrypter(TEST_PASSPHRASE, Buffer.from("fastapi-eks-tests"));
    return crypter;
}

/** A value as `pulumi config set --secret` stores it: `{ secure: <ciphertext> }`. One ciphertext per plaintext, so runs can be reused. */
export function secure(plaintext: string): { secure: string } {
    let ciphertext = sealed.get(plaintext);
    if (ciphertext === undefined) {
        ciphertext = testCrypter().encrypt(plaintext);
        sealed.set(plaintext, ciphertext);
    }
    return { secure: ciphertext };
}

/** Decrypts what `secure` encrypted, as the CLI does with the tests' passphrase. */
const testDecrypt = (ciphertext: string) => testCrypter().decrypt(ciphertext);

/** The stack file a test's settings make, encrypted with the tests' passphrase. */
export function testStackFile(settings: StackSettings): StackFile {
    return { encryptionsalt: testCrypter().state, config: settings };
}

export type ProgramOutputs = Awaited<ReturnType<typeof evaluateProgram>>;

/** Runs already made, by settings: the program is deterministic, so a second run would register the same. */
const runs = new Map<string, { saved: Registration[]; outputs: ProgramOutputs }>();

/**
 * Runs the CLI's config step on the settings, then index.ts, and waits for
 * every registration (see evaluateProgram). Throws the CLI's CliError or the
 * program's ConfigError. Settings seen before get the recorded run back.
 * `earlier` is the stack's outputs from its last `up`, as the program reads
 * them back; none by default, as on a stack never deployed. `fresh` runs it
 * again even when seen before, for a test that reads what the run asks of AWS.
 */
export async function runProgram(settings: StackSettings, earlier: Record<string, unknown> = {}, fresh = false): Promise<ProgramOutputs> {
    // `true` and "true", 2 and "2" reach the program as the same text (the CLI's config step), so they share a run.
    const text = (v: unknown) => (typeof v === "boolean" || typeof v === "number" ? String(v) : v);
    const key = JSON.stringify([
        pulumi.getStack(),
        earlier,
        ...Object.entries(settings)
            .map(([k, v]) => [k, text(v)])
            .sort(([a], [b]) => String(a).localeCompare(String(b))),
    ]);
    const seen = fresh ? undefined : runs.get(key);
    if (seen) {
        restoreRegistrations(seen.saved);
        return seen.outputs;
    }
    earlierOutputs.value = earlier;
    const outputs = await evaluateProgram(testStackFile(settings), testDecrypt);
    runs.set(key, { saved: [...registrations()], outputs });
    return outputs;
}

/** The stack's outputs after a run, as plain values, as the next run reads them back (secrets revealed). */
export async function deployedOutputs(outputs: ProgramOutputs): Promise<Record<string, unknown>> {
    const resolved = await new Promise<unknown>((r) => pulumi.output(outputs).apply(r));
    return JSON.parse(JSON.stringify(resolved ?? {}));
}

/** What the CLI hands the program for these settings (its config step alone, without running the program). */
export function cliHandsOver(settings: StackSettings): ProgramConfig {
    return configForStack(testStackFile(settings), testDecrypt);
}

/** The offline plan (`npm run plan -- <args>` from the folder `from`), in this process; it borrows the mock runtime and gives it back. */
export async function planHere(args: string[], from = ROOT, env: NodeJS.ProcessEnv = {}) {
    const out: string[] = [];
    const err: string[] = [];
    // The plan installs the mock runtime for its own stack; asStack gives it back afterwards.
    const status = await asStack(MOCK_STACK, () =>
        planMain(args, { env: { INIT_CWD: from, ...env }, out: (l) => out.push(l), err: (l) => err.push(l) }),
    );
    return { status, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** Runs `fn` with the mock runtime set to another stack's name, then gives it back to the tests' stack. */
export async function asStack<T>(stack: string, fn: () => Promise<T>): Promise<T> {
    installMockRuntime(stack, testMocks);
    await enableFeatures();
    try {
        return await fn();
    } finally {
        // setMockOptions resets the engine features (secrets among them): ask for them again.
        installMockRuntime(MOCK_STACK, testMocks);
        await enableFeatures();
    }
}

/** The program's warnings (pulumi.log.warn) while `run` runs, those naming `key`. */
export async function warningsAbout(key: string, run: () => Promise<unknown>): Promise<string[]> {
    const said: string[] = [];
    const warn = pulumi.log.warn;
    pulumi.log.warn = (message: string) => {
        said.push(message);
        return Promise.resolve();
    };
    try {
        await run();
    } finally {
        pulumi.log.warn = warn;
    }
    return said.filter((w) => w.includes(key));
}
