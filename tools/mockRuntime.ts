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
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor, Mocks, MockResourceArgs, MockCallArgs } from "@pulumi/pulumi/runtime/mocks";
import { ProgramConfig, Project, StackFile, cliConfig, loadProject } from "./cliConfig";

export const MOCK_PROJECT = "fastapi-eks";
export const MOCK_ALB_HOSTNAME = "k8s-mycoolap-fastapii-0123456789-1234567890.us-east-1.elb.amazonaws.com";

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

/** A deterministic stand-in for a generated password: URL-safe, of the requested length. */
function mockPassword(name: string, length: number): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const bytes = crypto.createHash("sha512").update(name).digest();
    return Array.from({ length }, (_, i) => alphabet[bytes[i % bytes.length] % alphabet.length]).join("");
}

export const MOCK_ACCOUNT = "012345678901";
export const MOCK_OIDC_ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
export const MOCK_OIDC_PROVIDER_ARN = `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/${MOCK_OIDC_ISSUER}`;
const MOCK_ENDPOINT = "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com";
const MOCK_CA = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=";

/** What @pulumi/eks's Cluster returns: the real output names, with realistic values. */
export function eksClusterState(inputs: any): Record<string, unknown> {
    const name = inputs.name;
    const kubeconfig = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "kubernetes", cluster: { server: MOCK_ENDPOINT, "certificate-authority-data": MOCK_CA } }],
        contexts: [{ name: "aws", context: { cluster: "kubernetes", user: "aws" } }],
        "current-context": "aws",
        users: [{ name: "aws", user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", name] } } }],
    };
    const eksCluster = {
        name,
        arn: `arn:aws:eks:us-east-1:${MOCK_ACCOUNT}:cluster/${name}`,
        version: inputs.version,
        endpoint: MOCK_ENDPOINT,
        certificateAuthority: { data: MOCK_CA },
        identities: [{ oidcs: [{ issuer: `https://${MOCK_OIDC_ISSUER}` }] }],
        vpcConfig: { vpcId: inputs.vpcId, subnetIds: [...(inputs.publicSubnetIds ?? []), ...(inputs.privateSubnetIds ?? [])], clusterSecurityGroupId: "sg-0c1a2b3c4d5e6f789" },
    };
    return {
        kubeconfig,
        kubeconfigJson: JSON.stringify(kubeconfig),
        eksCluster,
        core: { cluster: eksCluster, endpoint: MOCK_ENDPOINT, vpcId: inputs.vpcId, subnetIds: inputs.privateSubnetIds, oidcProvider: { arn: MOCK_OIDC_PROVIDER_ARN } },
        oidcProviderArn: MOCK_OIDC_PROVIDER_ARN,
        oidcProviderUrl: `https://${MOCK_OIDC_ISSUER}`,
        oidcIssuer: MOCK_OIDC_ISSUER,
        clusterSecurityGroupId: "sg-0123456789abcdef0",
        autoModeNodeRoleName: inputs.autoMode?.enabled ? `${name}-auto-node` : undefined,
        nodeSecurityGroupId: "sg-0fedcba9876543210",
    };
}

/** Outputs a real provider would add to a resource's inputs. */
function mockState(args: MockResourceArgs): Record<string, unknown> {
    const state: Record<string, any> = { ...args.inputs };
    switch (args.type) {
        case "eks:index:Cluster":
            Object.assign(state, eksClusterState(args.inputs));
            break;
        case "eks:index:ManagedNodeGroup":
            state.nodeGroup = { nodeGroupName: `${args.name}-0123`, status: "ACTIVE" };
            break;
        case "aws:iam/role:Role":
        case "aws:iam/policy:Policy":
            state.name = args.name;
            state.arn = `arn:aws:iam::${MOCK_ACCOUNT}:${args.type.includes("role") ? "role" : "policy"}/${args.name}`;
            break;
        case "aws:eks/addon:Addon":
            state.addonVersion = args.inputs.addonVersion ?? "v0.0.0-eksbuild.1";
            break;
        case "kubernetes:helm.sh/v3:Release":
            state.status = { status: "deployed", version: args.inputs.version };
            break;
        case "random:index/randomPassword:RandomPassword":
            state.result = mockPassword(args.name, Number(args.inputs.length));
            break;
        case "kubernetes:networking.k8s.io/v1:Ingress":
            state.status = { loadBalancer: { ingress: [{ hostname: MOCK_ALB_HOSTNAME }] } };
            break;
    }
    return state;
}

export const MOCK_EBS_ADDON_VERSION = "v1.53.0-eksbuild.1";
export const MOCK_EXISTING_VPC = "vpc-0a1b2c3d4e5f67890";

/** Every function call (invoke) the program made, in order: token and arguments. */
export const invocations: { token: string; inputs: Record<string, unknown> }[] = [];

export const mocks: Mocks = {
    newResource: (args: MockResourceArgs) => ({ id: `${args.name}-id`, state: mockState(args) }),
    call: (args: MockCallArgs) => {
        invocations.push({ token: args.token, inputs: args.inputs });
        switch (args.token) {
            case "aws:index/getAvailabilityZones:getAvailabilityZones":
                return { names: ["us-east-1a", "us-east-1b", "us-east-1c"], zoneIds: ["use1-az1", "use1-az2", "use1-az4"] };
            case "aws:eks/getAddonVersion:getAddonVersion":
                return { addonName: args.inputs.addonName, kubernetesVersion: args.inputs.kubernetesVersion, version: MOCK_EBS_ADDON_VERSION };
            case "aws:eks/getCluster:getCluster": {
                // An Auto Mode cluster when its name says so (`auto-...`), for the tests of existing Auto Mode clusters.
                const auto = String(args.inputs.name).startsWith("auto");
                return {
                    ...(eksClusterState({ name: args.inputs.name, version: "1.34", vpcId: MOCK_EXISTING_VPC, privateSubnetIds: ["subnet-0e00000000000000a", "subnet-0e00000000000000b"] }).eksCluster as object),
                    certificateAuthorities: [{ data: MOCK_CA }],
                    computeConfigs: auto ? [{ enabled: true, nodePools: ["system"], nodeRoleArn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${args.inputs.name}-auto-node` }] : [],
                };
            }
            case "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider":
                return { arn: MOCK_OIDC_PROVIDER_ARN, url: args.inputs.url };
        }
        throw new Error(`unexpected call to ${args.token} under mocks`);
    },
};

let monitor: RecordingMonitor | undefined;

/**
 * Installs the recording mock runtime for a stack, once per process, and
 * returns its monitor. Call `enableFeatures` before registering resources.
 */
export function installMockRuntime(stack: string): RecordingMonitor {
    monitor ??= new RecordingMonitor(mocks);
    pulumi.runtime.setMockOptions(monitor, MOCK_PROJECT, stack, false);
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

/** Waits until every started registration has finished and no new one starts. */
export async function settle(): Promise<void> {
    let stableTurns = 0;
    let last = -1;
    while (stableTurns < 5) {
        await new Promise((r) => setTimeout(r, 2));
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

/** Kubernetes API objects: every `kubernetes:` resource but Helm releases, which are Pulumi's own resource. */
export function isKubernetesObject(r: Registration): boolean {
    return r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh/");
}


/** The project's root: the folder of Pulumi.yaml, whether this file runs from tools/ or compiled from bin/tools/. */
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
export async function evaluateProgram(stackFile: StackFile, decrypt: (ciphertext: string) => string): Promise<Record<string, pulumi.Output<unknown>>> {
    recorder().registrations.length = 0;
    const { config, secretKeys } = configForStack(stackFile, decrypt);
    pulumi.runtime.setAllConfig(config, secretKeys);
    // index.ts beside tools/, or index.js beside bin/tools/ when compiled.
    const entry = require.resolve(path.resolve(__dirname, "..", "index"));
    delete require.cache[entry];
    // The SDK captures a stack trace for every promise and resource it makes (debuggable.ts,
    // resource.ts), used only in diagnostics; formatting them is two thirds of a run under mocks.
    // FASTAPI_EKS_STACK_TRACES=1 keeps them, for debugging a failing run.
    const limit = Error.stackTraceLimit;
    if (!process.env.FASTAPI_EKS_STACK_TRACES) Error.stackTraceLimit = 0;
    try {
        return require(entry) as Record<string, pulumi.Output<unknown>>;
    } finally {
        await settle();
        Error.stackTraceLimit = limit;
    }
}
