/**
 * Pulumi's mock runtime, set up to record what the program registers: the
 * test harness (tests/harness.ts) and the offline plan (tools/plan.ts) both
 * evaluate the program with it, with no engine, no cloud and no network.
 *
 * It records every RegisterResource request as the engine would see it:
 * type, name, parent, provider, the dependency list (which never reaches
 * `mocks.newResource`) and the inputs with secrets still marked. Its mocks
 * return realistic outputs for what the program reads back.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { ProgramConfig, Project, StackFile, cliConfig, loadProject } from "./cliConfig";
import { mocks } from "./mockOutputs";
import { Mocks } from "@pulumi/pulumi/runtime/mocks";

export {
    MOCK_ACCOUNT,
    MOCK_ALB_HOSTNAME,
    MOCK_EBS_ADDON_VERSION,
    MOCK_ECR_TOKEN,
    MOCK_EXISTING_VPC,
    MOCK_OIDC_ISSUER,
    MOCK_OIDC_PROVIDER_ARN,
    mocks,
    providerError,
    eksClusterState,
    invocations,
} from "./mockOutputs";

export const MOCK_PROJECT = "fastapi-eks";

const SIG_KEY = pulumi.runtime.specialSigKey;
const SECRET_SIG = pulumi.runtime.specialSecretSig;

export interface Registration {
    type: string;
    name: string;
    urn: string;
    parent: string;
    provider: string;
    custom: boolean;
    protect: boolean;
    /** Deleting it only drops it from the stack's state; the cloud resource stays. */
    retainOnDelete: boolean;
    /** Properties whose changes Pulumi ignores after creation. */
    ignoreChanges: string[];
    /** URNs this resource waits for: explicit dependsOn plus every resource an input came from. */
    dependencies: string[];
    /** Inputs as sent, secrets still wrapped (see isSecretValue / reveal). */
    inputs: Record<string, unknown>;
}

/** Builds the URN the mock monitor gives a resource, so that dependencies can be matched to registrations. */
function urnOf(parent: string, type: string, name: string): string {
    const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

export class RecordingMonitor extends MockMonitor {
    readonly registrations: Registration[] = [];
    pending = 0;

    override async registerResource(req: any, callback: (err: any, innerResponse: any) => void): Promise<void> {
        this.pending++;
        this.registrations.push({
            type: req.getType(),
            name: req.getName(),
            urn: urnOf(req.getParent(), req.getType(), req.getName()),
            parent: req.getParent(),
            provider: req.getProvider(),
            custom: req.getCustom(),
            protect: req.getProtect?.() ?? false,
            retainOnDelete: req.getRetainondelete?.() ?? false,
            ignoreChanges: req.getIgnorechangesList(),
            dependencies: req.getDependenciesList(),
            // The struct as sent: unlike deserializeProperties, it keeps the secret wrappers.
            inputs: req.getObject().toJavaScript(),
        });
        try {
            await super.registerResource(req, callback);
        } finally {
            this.pending--;
        }
    }
}

let monitor: RecordingMonitor | undefined;

/**
 * Installs the recording mock runtime for a stack, once per process, and
 * returns its monitor. Call `enableFeatures` before registering resources.
 */
export function installMockRuntime(stack: string, answers: Mocks = mocks): RecordingMonitor {
    monitor ??= new RecordingMonitor(answers);
    (monitor as unknown as { mocks: Mocks }).mocks = answers;
    // "organization": what a DIY backend (file or S3) calls every stack's organization.
    pulumi.runtime.setMockOptions(monitor, MOCK_PROJECT, stack, false, "organization");
    return monitor;
}

/**
 * setMockOptions leaves every engine feature off, secrets included, so that
 * secret inputs would go out unmarked. Ask the monitor which features it
 * supports, as the SDK does against a real engine.
 */
export async function enableFeatures(): Promise<void> {
    const runtime = pulumi.runtime as unknown as { awaitFeatureSupport(): Promise<void> };
    await runtime.awaitFeatureSupport();
}

function recorder(): RecordingMonitor {
    if (monitor === undefined) throw new Error("installMockRuntime() has not run");
    return monitor;
}

/** Everything registered since the last reset, in registration order. */
export function registrations(): Registration[] {
    return recorder().registrations;
}

/**
 * Waits until every started registration has finished and no new one starts:
 * the SDK's own queue of RPCs (`waitForRPCs`, which its component providers
 * drain before they answer Construct, and `disconnect` before the program
 * ends), then turns of the event loop until the recorder has seen nothing new
 * and nothing is pending. (Polling with 2 ms timers instead cost
 * at least 10 ms a run, about 1.5 s of `npm test`.)
 */
export async function settle(): Promise<void> {
    const runtime = pulumi.runtime as unknown as { waitForRPCs(): Promise<void> };
    let stableTurns = 0;
    let last = -1;
    while (stableTurns < 3) {
        await runtime.waitForRPCs();
        await new Promise((r) => setImmediate(r));
        const count = recorder().registrations.length;
        stableTurns = recorder().pending === 0 && count === last ? stableTurns + 1 : 0;
        last = count;
    }
}

export function isSecretValue(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Deep copy of `v` with every secret wrapper replaced by what `onSecret` makes of the value it wraps. */
export function mapSecrets(v: unknown, onSecret: (value: unknown) => unknown): any {
    if (isSecretValue(v)) return onSecret((v as { value: unknown }).value);
    if (Array.isArray(v)) return v.map((x) => mapSecrets(x, onSecret));
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapSecrets(x, onSecret)]));
    }
    return v;
}

/** Deep copy of `v` with every secret wrapper replaced by its value. */
export function reveal<T = any>(v: unknown): T {
    return mapSecrets(v, (value) => reveal(value));
}

/**
 * Kubernetes API objects: every `kubernetes:` resource but Helm releases, which are Pulumi's own resource,
 * and patches, which change a few fields of an object something else made.
 */
export function isKubernetesObject(r: Registration): boolean {
    return r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh/") && !r.type.endsWith("Patch");
}

/** The project's root: the folder of Pulumi.yaml, whether this file runs from tools/offline/ or compiled from bin/tools/offline/. */
export const ROOT = (() => {
    for (let dir = path.resolve(__dirname, ".."); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        if (dir === path.dirname(dir)) throw new Error(`no Pulumi.yaml above ${__dirname}`);
    }
})();

let project: Project | undefined;

/**
 * The config the CLI would hand the program for this stack file (see
 * cliConfig.ts); throws the CLI's CliError where `pulumi up` would stop.
 */
export function configForStack(stackFile: StackFile, decrypt: (ciphertext: string) => string): ProgramConfig {
    project ??= loadProject(path.join(ROOT, "Pulumi.yaml"));
    return cliConfig(pulumi.getStack(), project, stackFile, decrypt);
}

/**
 * Runs the CLI's config step on a stack file, then evaluates index.ts afresh
 * with the result and waits until every resource it starts has been
 * registered. Returns the stack outputs; throws the CLI's CliError, or what
 * the program throws (a ConfigError on bad config).
 */
export async function evaluateProgram(
    stackFile: StackFile,
    decrypt: (ciphertext: string) => string,
): Promise<Record<string, pulumi.Output<unknown>>> {
    recorder().registrations.length = 0;
    const { config, secretKeys } = configForStack(stackFile, decrypt);
    pulumi.runtime.setAllConfig(config, secretKeys);
    // index.ts beside tools/, or index.js beside bin/tools/ when compiled.
    const entry = require.resolve(path.resolve(__dirname, "..", "..", "index"));
    delete require.cache[entry];
    // The SDK captures a stack trace for every promise and resource it makes (debuggable.ts,
    // resource.ts), used only in diagnostics; formatting them is two thirds of a run under mocks.
    // FASTAPI_EKS_STACK_TRACES=1 keeps them, for debugging a failing run.
    const limit = Error.stackTraceLimit;
    if (!process.env.FASTAPI_EKS_STACK_TRACES) Error.stackTraceLimit = 0;
    try {
        // index.ts exports its main function, as `pulumi up` runs it: called, then awaited.
        const main = require(entry) as () => Promise<Record<string, pulumi.Output<unknown>>>;
        return await main();
    } finally {
        await settle();
        Error.stackTraceLimit = limit;
    }
}
